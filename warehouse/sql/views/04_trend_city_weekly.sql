-- trend_city_weekly: new, open and closed postings per week by city ("Seoul, KR"); a posting in
-- two cities counts in both.
create or replace view trend_city_weekly as
select
    period          as week,
    value           as city,
    country,
    is_internship,
    is_ai_ml,
    new_postings,
    open_postings,
    closed_postings,
    backlog_postings
from trend_counts
where grain = 'week' and dimension = 'city';

-- trend_industry_weekly: new, open and closed postings per week (from Monday) by primary industry.
create or replace view trend_industry_weekly as
select
    period          as week,
    value           as industry,
    is_internship,
    is_ai_ml,
    new_postings,
    open_postings,
    closed_postings,
    backlog_postings
from trend_counts
where grain = 'week' and dimension = 'industry';

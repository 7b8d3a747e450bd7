-- trend_city_weekly: new and open postings per week by city ("Seoul, KR"); a posting listed
-- in several cities counts once in each.
create or replace view trend_city_weekly as
with cities as (
    select distinct posting_key, city || ', ' || country as city, country
    from posting_places
    where city is not null
)

select
    pw.week,
    c.city,
    c.country,
    p.is_internship,
    p.is_ai_ml,
    count(*) filter (where pw.is_new)   as new_postings,
    count(*)                            as open_postings
from posting_weeks pw
join postings p using (posting_key)
join cities c using (posting_key)
group by all;

-- trend_industry_weekly: new and open postings per week by primary industry.
create or replace view trend_industry_weekly as
select
    pw.week,
    p.industry,
    p.is_internship,
    p.is_ai_ml,
    count(*) filter (where pw.is_new)   as new_postings,
    count(*)                            as open_postings
from posting_weeks pw
join postings p using (posting_key)
group by all;

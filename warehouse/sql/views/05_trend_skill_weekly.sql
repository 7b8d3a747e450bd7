-- trend_skill_weekly: new and open postings per week by skill asked for.
create or replace view trend_skill_weekly as
select
    pw.week,
    s.skill,
    p.is_internship,
    p.is_ai_ml,
    count(*) filter (where pw.is_new)   as new_postings,
    count(*)                            as open_postings
from posting_weeks pw
join postings p using (posting_key)
join posting_skills s using (posting_key)
group by all;

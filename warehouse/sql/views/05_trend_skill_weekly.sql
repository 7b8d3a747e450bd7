-- trend_skill_weekly: new, open and closed postings per week by skill asked for.
create or replace view trend_skill_weekly as
select
    period          as week,
    value           as skill,
    is_internship,
    is_ai_ml,
    new_postings,
    open_postings,
    closed_postings,
    backlog_postings
from trend_counts
where grain = 'week' and dimension = 'skill';

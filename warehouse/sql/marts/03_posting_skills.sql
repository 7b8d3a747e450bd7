-- posting_skills: one row per skill id asked for by each posting (current version).
create or replace table posting_skills as
with exploded as (
    select posting_key, unnest(skills) as skill
    from postings
)

select distinct posting_key, skill
from exploded
order by posting_key, skill;

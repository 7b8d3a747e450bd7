-- Skills asked for by open AI/ML internships: the top $limit by share, overall and in the seed cities.
with ai as (
    select j.cluster_id, j.representative from jobs j where j.is_open and j.is_internship and j.is_ai_ml
),

overall as (
    select s.skill, count(*) / (select count(*) from ai) as share
    from ai join posting_skills s on s.posting_key = ai.representative
    group by s.skill
)

select skill, share
from overall
order by share desc, skill
limit $limit;

-- Top primary industries by open internships (jobs; AI/ML ones counted beside them).
select
    industry,
    count(*)                          as open_internships,
    count(*) filter (where is_ai_ml)  as open_ai_ml_internships
from jobs
where is_open and is_internship
group by industry
order by open_internships desc, industry
limit $limit;

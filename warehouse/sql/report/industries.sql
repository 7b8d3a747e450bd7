-- Open internships by primary industry, AI/ML and other.
select
    industry,
    count(*) filter (where is_ai_ml)       as ai_ml,
    count(*) filter (where not is_ai_ml)   as other
from jobs
where is_open and is_internship
group by industry
order by ai_ml + other desc, industry;

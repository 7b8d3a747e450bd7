-- Top cities by open internships (jobs); a job in several cities counts in each.
select
    c.city,
    count(*)                              as open_internships,
    count(*) filter (where j.is_ai_ml)    as open_ai_ml_internships
from jobs j
join job_cities c using (cluster_id)
where j.is_open and j.is_internship
group by c.city
order by open_internships desc, c.city
limit $limit;

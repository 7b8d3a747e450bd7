-- Open internships by city: the top $limit, and the seed cities (Seoul, Stockholm, Singapore,
-- London) whatever their rank.
with counts as (
    select
        c.city,
        bool_or(c.is_seed_city)                  as is_seed_city,
        count(*) filter (where j.is_ai_ml)       as ai_ml,
        count(*) filter (where not j.is_ai_ml)   as other
    from jobs j
    join job_cities c using (cluster_id)
    where j.is_open and j.is_internship
    group by c.city
),

ranked as (
    select *, row_number() over (order by ai_ml + other desc, city) as rank from counts
)

select city, is_seed_city, ai_ml, other
from ranked
where rank <= $limit or is_seed_city
order by ai_ml + other desc, city;

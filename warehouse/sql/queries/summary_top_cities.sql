-- Top cities by open internships; a posting in several cities counts in each.
select
    pp.city || ', ' || pp.country         as city,
    count(distinct p.posting_key)         as open_internships,
    count(distinct p.posting_key) filter (where p.is_ai_ml) as open_ai_ml_internships
from postings p
join posting_places pp using (posting_key)
where p.is_open and p.is_internship and pp.city is not null
group by all
order by open_internships desc, city
limit $limit;

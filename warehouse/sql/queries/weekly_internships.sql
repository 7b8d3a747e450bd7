-- Weekly new and open internships, all and AI/ML, for the report's chart.
select
    week,
    coalesce(sum(new_postings) filter (where is_internship), 0)::bigint               as new_internships,
    coalesce(sum(open_postings) filter (where is_internship), 0)::bigint              as open_internships,
    coalesce(sum(new_postings) filter (where is_internship and is_ai_ml), 0)::bigint  as new_ai_ml_internships,
    coalesce(sum(open_postings) filter (where is_internship and is_ai_ml), 0)::bigint as open_ai_ml_internships
from trend_industry_weekly
group by week
order by week;

-- Internships per week (jobs, all industries): new, backlog, open and closed, all and AI/ML.
select
    period                                                                           as week,
    coalesce(sum(new_postings) filter (where is_internship), 0)::bigint              as new_internships,
    coalesce(sum(backlog_postings) filter (where is_internship), 0)::bigint          as backlog_internships,
    coalesce(sum(open_postings) filter (where is_internship), 0)::bigint             as open_internships,
    coalesce(sum(closed_postings) filter (where is_internship), 0)::bigint           as closed_internships,
    coalesce(sum(new_postings) filter (where is_internship and is_ai_ml), 0)::bigint as new_ai_ml_internships,
    coalesce(sum(open_postings) filter (where is_internship and is_ai_ml), 0)::bigint as open_ai_ml_internships,
    coalesce(sum(closed_postings) filter (where is_internship and is_ai_ml), 0)::bigint as closed_ai_ml_internships
from trend_counts
where grain = 'week' and dimension = 'all'
group by period
order by period;

-- internradar trends skill: one row per week and skill, internships only unless $internships_only is false.
select
    week,
    skill,
    sum(new_postings)::bigint                                 as new_postings,
    sum(open_postings)::bigint                                as open_postings,
    coalesce(sum(new_postings) filter (where is_ai_ml), 0)::bigint   as new_ai_ml,
    coalesce(sum(open_postings) filter (where is_ai_ml), 0)::bigint  as open_ai_ml,
    sum(closed_postings)::bigint                              as closed_postings,
    sum(backlog_postings)::bigint                             as backlog_postings
from trend_skill_weekly
where (not $internships_only::boolean or is_internship)
  and ($since::date is null or week >= $since::date)
group by all
order by week, open_postings desc, skill;

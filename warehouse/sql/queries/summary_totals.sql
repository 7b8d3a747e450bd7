-- Headline numbers as of $as_of (a crawl date), counting jobs (a job listed on several sources
-- counts once); "this week" is the Monday-starting week holding $as_of, the weeks of the trend
-- views. Backlog (there on a source's first crawl) is not new.
select
    count(*) filter (where is_open)                                        as open_postings,
    count(*) filter (where is_open and is_internship)                      as open_internships,
    count(*) filter (where is_open and is_internship and is_ai_ml)         as open_ai_ml_internships,
    count(*) filter (where first_seen >= date_trunc('week', $as_of::date) and first_seen <= $as_of::date
                     and not is_backlog)                                    as new_this_week,
    count(*) filter (where closed_at >= date_trunc('week', $as_of::date) and closed_at <= $as_of::date)
                                                                            as closed_this_week,
    count(*) filter (where is_internship and first_seen >= date_trunc('week', $as_of::date)
                     and first_seen <= $as_of::date and not is_backlog)     as new_internships_this_week,
    count(*) filter (where is_internship and closed_at >= date_trunc('week', $as_of::date)
                     and closed_at <= $as_of::date)                         as closed_internships_this_week,
    date_trunc('week', $as_of::date)::date                                 as week
from jobs;

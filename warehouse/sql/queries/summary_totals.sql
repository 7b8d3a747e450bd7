-- Headline numbers as of $as_of (a crawl date): open postings and what opened/closed that week.
select
    count(*) filter (where is_open)                                        as open_postings,
    count(*) filter (where is_open and is_internship)                      as open_internships,
    count(*) filter (where is_open and is_internship and is_ai_ml)         as open_ai_ml_internships,
    count(*) filter (where first_seen > $as_of::date - 7 and first_seen <= $as_of::date)   as new_this_week,
    count(*) filter (where closed_at > $as_of::date - 7 and closed_at <= $as_of::date)     as closed_this_week,
    count(*) filter (where is_internship and first_seen > $as_of::date - 7 and first_seen <= $as_of::date) as new_internships_this_week,
    count(*) filter (where is_internship and closed_at > $as_of::date - 7 and closed_at <= $as_of::date)   as closed_internships_this_week
from postings;

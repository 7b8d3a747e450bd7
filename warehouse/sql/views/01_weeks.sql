-- weeks: every Monday-starting week from the first crawl to the last.
create or replace view weeks as
with bounds as (
    select
        date_trunc('week', min(crawl_date)) as first_week,
        date_trunc('week', max(crawl_date)) as last_week
    from crawl_runs
),

series as (
    select unnest(generate_series(first_week, last_week, interval 7 day)) as week_start
    from bounds
    where first_week is not null
)

select
    cast(week_start as date)       as week,
    cast(week_start as date) + 6   as week_end
from series;

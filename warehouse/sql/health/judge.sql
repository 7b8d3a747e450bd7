-- crawl_health for the rows in health_inputs: a verdict on each source's crawl of a night.
-- A crawl that "worked" but returned nothing, far less than usual, or postings without their
-- required fields is more often a broken source (a redesign, an API change, a block) than a
-- company that stopped hiring, so only healthy crawls close postings.
--
-- health_inputs (a temp table: crawl_date, source, status, items, errors, error_message, seen,
-- missing_required) holds the rows to judge; their history is the source's successful crawls
-- in the 60 days before (from health_inputs and the stored crawl_health rows): a bounded window,
-- so judging a night costs the same after a year as after a week.
-- trailing_median: median postings over up to 7 previous successful crawls in that window;
-- previous_seen: postings on the latest of them. Verdicts, first match wins:
--   failed           the crawl failed (HTTP error, invalid payload, ...)
--   went_silent      returned no postings after a crawl that returned some
--   count_collapsed  returned some, but less than half its trailing median
--   missing_fields   more than 20% of its postings lack title, url or location
--   healthy          otherwise
-- Because the windows include the suspicious nights themselves, a source that really shrank is
-- believed after a night or two (an empty board is healthy once the previous crawl was empty too).
create or replace temp table health_history as
with bounds as (
    select min(crawl_date) - 60 as since from health_inputs
),

stored as (
    select h.crawl_date, h.source, h.seen
    from crawl_health h
    where h.status = 'ok'
      and h.crawl_date >= (select since from bounds)
      and h.source in (select source from health_inputs)
),

final as (
    select crawl_date, source, seen from health_inputs where status = 'ok'
    union all
    select s.crawl_date, s.source, s.seen
    from stored s
    anti join health_inputs i on i.crawl_date = s.crawl_date and i.source = s.source
)

select * from final;

create or replace temp table health_new as
-- (The latest 7 of each window by max_by's top-n, not by numbering every crawl of the window:
-- a window holds up to 60 crawls a source, and a night's 1,000 sources' numbered windows took
-- 22 ms at a year of history against 9.)
with stats as (
    select
        t.crawl_date,
        t.source,
        list_aggregate(max_by(o.seen, o.crawl_date, 7), 'median') as trailing_median,
        max_by(o.seen, o.crawl_date)                               as previous_seen
    from health_inputs t
    join health_history o
      on o.source = t.source
     and o.crawl_date < t.crawl_date
     and o.crawl_date >= t.crawl_date - 60
    group by all
),

judged as (
    select
        t.crawl_date, t.source, t.status, t.items, t.errors, t.error_message,
        t.seen, t.missing_required,
        s.trailing_median::double as trailing_median,
        s.previous_seen::bigint   as previous_seen,
        case
            when t.status <> 'ok' then 'failed'
            when t.seen = 0 and coalesce(s.previous_seen, 0) > 0 then 'went_silent'
            when t.seen > 0 and t.seen < 0.5 * s.trailing_median then 'count_collapsed'
            when t.seen > 0 and t.missing_required > 0.2 * t.seen then 'missing_fields'
            else 'healthy'
        end as verdict
    from health_inputs t
    left join stats s using (crawl_date, source)
)

select *, verdict = 'healthy' as closes_postings
from judged;

delete from crawl_health h
using health_inputs i
where h.crawl_date = i.crawl_date and h.source = i.source;

insert into crawl_health by name
select * from health_new;

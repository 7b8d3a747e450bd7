-- crawl_health: one row per source per crawl date, with a verdict on whether the crawl can be
-- trusted to close postings. A crawl that "worked" but returned nothing, or far less than
-- usual, or postings without their required fields, is more often a broken source (a site
-- redesign, an API change, a block) than a company that stopped hiring.
--
-- seen: postings loaded for the source that night; missing_required: of those, how many lack
-- a title, a url or a location. trailing_median / previous_seen: over the source's previous
-- successful crawls (up to 7). Verdicts, first match wins:
--   failed           the crawl failed (HTTP error, invalid payload, ...)
--   went_silent      returned no postings after a crawl that returned some
--   count_collapsed  returned some, but less than half its trailing median
--   missing_fields   more than 20% of its postings lack title, url or location
--   healthy          otherwise
-- Only healthy crawls close postings. Because the windows include the suspicious nights
-- themselves, a source that really shrank is believed after a night or two (an empty board
-- is healthy once the previous crawl was empty too).
create or replace table crawl_health as
with seen as (
    select
        s.crawl_date,
        s.source,
        count(*) as seen,
        count(*) filter (
            where v.title is null or v.url is null or coalesce(len(v.locations), 0) = 0
        ) as missing_required
    from sightings s
    join posting_versions v using (posting_key, content_hash)
    group by all
),

runs as (
    select
        r.crawl_date,
        r.source,
        r.status,
        r.items,
        r.errors,
        r.error_message,
        coalesce(s.seen, 0)             as seen,
        coalesce(s.missing_required, 0) as missing_required
    from crawl_runs r
    left join seen s using (crawl_date, source)
),

ok_history as (
    select
        crawl_date,
        source,
        median(seen) over (
            partition by source order by crawl_date rows between 7 preceding and 1 preceding
        ) as trailing_median,
        lag(seen) over (partition by source order by crawl_date) as previous_seen
    from runs
    where status = 'ok'
),

judged as (
    select
        r.*,
        h.trailing_median,
        h.previous_seen,
        case
            when r.status <> 'ok' then 'failed'
            when r.seen = 0 and coalesce(h.previous_seen, 0) > 0 then 'went_silent'
            when r.seen > 0 and r.seen < 0.5 * h.trailing_median then 'count_collapsed'
            when r.seen > 0 and r.missing_required > 0.2 * r.seen then 'missing_fields'
            else 'healthy'
        end as verdict
    from runs r
    left join ok_history h using (crawl_date, source)
)

select *, verdict = 'healthy' as closes_postings
from judged
order by crawl_date, source;

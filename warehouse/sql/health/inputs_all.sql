-- health_inputs for every crawl run (a full rebuild): postings seen per source and night, and
-- how many lack a title, a url or a location.
create or replace temp table health_inputs as
with seen as (
    select
        s.crawl_date,
        s.source,
        count(*) as seen,
        count(*) filter (
            where lacks_required(v.title, v.url, v.locations)
        ) as missing_required
    from sightings s
    join posting_versions v using (posting_key, content_hash)
    group by all
)

select
    r.crawl_date, r.source, r.status, r.items, r.errors, r.error_message,
    coalesce(s.seen, 0)::bigint             as seen,
    coalesce(s.missing_required, 0)::bigint as missing_required
from crawl_runs r
left join seen s using (crawl_date, source);

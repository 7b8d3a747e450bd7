-- health_inputs for one night's load: the night's sources with what was sighted for them, and
-- (when an older night is loaded again) their later nights, whose trailing windows include it.
create or replace temp table health_inputs as
with seen as (
    select
        s.source,
        count(*) as seen,
        count(*) filter (
            where lacks_required(v.title, v.url, v.locations)
        ) as missing_required
    from sightings s
    join posting_versions v using (posting_key, content_hash)
    where s.crawl_date = $crawl_date
      and s.source in (select source from incoming_runs)
    group by all
),

tonight as (
    select
        r.crawl_date, r.source, r.status, r.items, r.errors, r.error_message,
        coalesce(s.seen, 0)::bigint             as seen,
        coalesce(s.missing_required, 0)::bigint as missing_required
    from crawl_runs r
    left join seen s using (source)
    where r.crawl_date = $crawl_date
      and r.source in (select source from incoming_runs)
),

later as (
    select crawl_date, source, status, items, errors, error_message, seen, missing_required
    from crawl_health
    where crawl_date > $crawl_date
      and source in (select source from incoming_runs)
)

select * from tonight
union all
select * from later;

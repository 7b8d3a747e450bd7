-- postings: one row per posting, its latest version and its lifecycle.
-- first_seen / last_seen: first and last night it was seen. closed_at: the first night after
-- last_seen on which its source had a healthy crawl (crawl_health.closes_postings) and so it
-- was missing; NULL while open. Failed or suspicious crawls close nothing; a posting that comes
-- back moves last_seen and reopens.
create or replace table postings as
with sighted as (
    select
        posting_key,
        any_value(source)                   as source,
        min(crawl_date)                     as first_seen,
        max(crawl_date)                     as last_seen,
        arg_max(content_hash, crawl_date)   as content_hash
    from sightings
    group by posting_key
),

ok_crawls as (
    select source, crawl_date
    from crawl_health
    where closes_postings
),

closed as (
    select s.posting_key, min(o.crawl_date) as closed_at
    from sighted s
    join ok_crawls o
      on o.source = s.source
     and o.crawl_date > s.last_seen
    group by s.posting_key
),

final as (
    select
        v.* exclude (content_hash),
        s.first_seen,
        s.last_seen,
        c.closed_at,
        c.closed_at is null as is_open
    from sighted s
    join posting_versions v using (posting_key, content_hash)
    left join closed c using (posting_key)
)

select * from final
order by posting_key;

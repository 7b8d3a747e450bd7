-- posting_state, whole, from every sighting, into posting_state_live (the rebuild archives
-- what it should afterwards: archive/): one row per posting, its latest version and lifecycle
-- (the `postings` view adds the version's content and tags).
-- first_seen / last_seen: first and last night it was seen. closed_at: the first night after
-- last_seen on which its source had a healthy crawl (crawl_health.closes_postings), so it was
-- missing; null while open. Failed or suspicious crawls close nothing; a posting that comes back
-- moves last_seen and reopens. cluster_id comes from posting_clusters; is_backlog: first seen by
-- its source's first healthy crawl. (load/ keeps the same table up to date night by night.)
insert into posting_state_live by name
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

closing as (
    select source, crawl_date from crawl_health where closes_postings
),

closed as (
    select s.posting_key, c.crawl_date as closed_at
    from sighted s
    asof left join closing c
      on s.source = c.source
     and s.last_seen < c.crawl_date
),

firsts as (
    select source, min(crawl_date) as first_healthy from closing group by source
)

select
    s.posting_key,
    s.source,
    s.content_hash,
    s.first_seen,
    s.last_seen,
    c.closed_at,
    coalesce(pc.cluster_id, s.posting_key) as cluster_id,
    f.first_healthy is null or s.first_seen <= f.first_healthy as is_backlog,
    version_digest(s.posting_key, s.content_hash) as version_id
from sighted s
semi join posting_versions v using (posting_key, content_hash)
left join closed c using (posting_key)
left join firsts f on f.source = s.source
left join posting_clusters_live pc using (posting_key);

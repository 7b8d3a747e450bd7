-- clusters for the cluster ids in affected_clusters (a temp table of cluster_id): rebuilt from
-- their member postings (ids no posting holds any more just lose their row).
-- representative: the member whose key is the cluster id, else the smallest key of a posting
-- from an employer's own platform, else the smallest key. The cluster's tags are its; it is
-- open while any member is, closed when the last member closed; it is backlog when its
-- earliest member is (a member first seen later on another source does not make it new).
delete from clusters_live where cluster_id in (select cluster_id from affected_clusters);

insert into clusters_live by name
-- (The members are read once, materialized: the representative is one of them, and joining
-- the postings view again for it read posting_versions a second time.)
with members as materialized (
    select
        posting_key, cluster_id, source, platform, first_seen, last_seen, closed_at, is_open,
        is_backlog, is_internship, is_ai_ml, industry
    from postings_live
    where cluster_id in (select cluster_id from affected_clusters)
),

ranked as (
    select
        cluster_id,
        arg_min(
            posting_key,
            (posting_key <> cluster_id)::int::varchar || (platform = 'listings')::int::varchar || posting_key
        )                                                   as representative,
        count(*)                                            as members,
        count(distinct source)                              as sources,
        min(first_seen)                                     as first_seen,
        max(last_seen)                                      as last_seen,
        bool_or(is_open)                                    as is_open,
        max(closed_at)                                      as last_closed,
        arg_min(is_backlog, strftime(first_seen, '%Y-%m-%d') || is_backlog::int::varchar) as is_backlog
    from members
    group by cluster_id
)

select
    r.cluster_id,
    r.representative,
    r.members,
    r.sources,
    r.first_seen,
    r.last_seen,
    case when r.is_open then null else r.last_closed end as closed_at,
    r.is_open,
    r.is_backlog,
    p.is_internship,
    p.is_ai_ml,
    p.industry
from ranked r
join members p on p.posting_key = r.representative;

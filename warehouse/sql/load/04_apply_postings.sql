-- Apply postings_next: rebuilt rows from their versions, dates updated in place.
delete from postings
where posting_key in (select posting_key from mart_keys);

-- cluster_id: the stored assignment, or the posting's own key until clustering assigns it.
insert into postings by name
select
    v.*,
    n.first_seen,
    n.last_seen,
    n.closed_at,
    n.closed_at is null as is_open,
    coalesce(pc.cluster_id, n.posting_key) as cluster_id,
    n.is_backlog
from postings_next n
join posting_versions v using (posting_key, content_hash)
left join posting_clusters pc using (posting_key)
where n.posting_key in (select posting_key from rebuilt_keys);

update postings p
set first_seen = n.first_seen,
    last_seen  = n.last_seen,
    closed_at  = n.closed_at,
    is_open    = n.closed_at is null,
    is_backlog = n.is_backlog
from postings_next n
where p.posting_key = n.posting_key
  and n.posting_key not in (select posting_key from rebuilt_keys)
  and (p.first_seen <> n.first_seen
       or p.last_seen <> n.last_seen
       or p.closed_at is distinct from n.closed_at
       or p.is_backlog is distinct from n.is_backlog);

delete from posting_clusters
where posting_key in (select posting_key from removed_keys);

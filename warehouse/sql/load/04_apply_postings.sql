-- Apply postings_next to posting_state: new postings added, removed ones dropped, the others
-- updated in place where their current version, dates or backlog flag moved. (The postings view
-- shows each with its version's content and tags: a version tagged again needs no change here.)
delete from posting_state
where posting_key in (select posting_key from removed_keys);

-- cluster_id: the stored assignment, or the posting's own key until clustering assigns it.
insert into posting_state by name
select
    n.posting_key,
    n.source,
    n.content_hash,
    n.first_seen,
    n.last_seen,
    n.closed_at,
    coalesce(pc.cluster_id, n.posting_key) as cluster_id,
    n.is_backlog
from postings_next n
left join posting_clusters pc using (posting_key)
where n.posting_key not in (select posting_key from postings_before);

update posting_state p
set content_hash = n.content_hash,
    first_seen   = n.first_seen,
    last_seen    = n.last_seen,
    closed_at    = n.closed_at,
    is_backlog   = n.is_backlog
from postings_next n
where p.posting_key = n.posting_key
  and (p.content_hash <> n.content_hash
       or p.first_seen <> n.first_seen
       or p.last_seen <> n.last_seen
       or p.closed_at is distinct from n.closed_at
       or p.is_backlog is distinct from n.is_backlog);

delete from posting_clusters
where posting_key in (select posting_key from removed_keys);

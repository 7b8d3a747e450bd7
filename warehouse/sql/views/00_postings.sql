-- postings: one row per posting, the content and tags of its current version with its
-- lifecycle (first_seen, last_seen, closed_at, is_open), cluster and backlog flag. A view over
-- posting_state and posting_versions: the nightly load writes the narrow posting_state rows
-- and stores each version's text once.
create or replace view postings as
select
    v.*,
    s.first_seen,
    s.last_seen,
    s.closed_at,
    s.closed_at is null as is_open,
    s.cluster_id,
    s.is_backlog
from posting_state s
join posting_versions v using (posting_key, content_hash);

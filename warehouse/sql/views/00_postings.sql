-- postings: one row per posting, the content and tags of its current version with its
-- lifecycle (first_seen, last_seen, closed_at, is_open), cluster and backlog flag. A view over
-- posting_state and posting_versions: the nightly load writes the narrow posting_state rows
-- and stores each version's text once. The two are joined by version_id (version_digest of
-- the version's key; no two stored versions share one), and the key columns come from
-- posting_state, so that a filter on posting_key reads only the postings it names there.
-- postings_live is the same of posting_state_live alone: what the nightly load reads (the
-- postings a night touches are all there, schema.sql says why).
create or replace view postings as
select
    s.posting_key,
    s.content_hash,
    v.* exclude (posting_key, content_hash, version_id),
    s.first_seen,
    s.last_seen,
    s.closed_at,
    s.closed_at is null as is_open,
    s.cluster_id,
    s.is_backlog
from posting_state s
join posting_versions v on v.version_id = s.version_id;


create or replace view postings_live as
select
    s.posting_key,
    s.content_hash,
    v.* exclude (posting_key, content_hash, version_id),
    s.first_seen,
    s.last_seen,
    s.closed_at,
    s.closed_at is null as is_open,
    s.cluster_id,
    s.is_backlog
from posting_state_live s
join posting_versions v on v.version_id = s.version_id;

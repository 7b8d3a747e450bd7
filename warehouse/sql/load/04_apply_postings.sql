-- Apply postings_next to posting_state: new postings added, removed ones dropped, the others
-- rewritten where their current version, dates or backlog flag moved. (The postings view
-- shows each with its version's content and tags: a version tagged again needs no change here.)
--
-- The rows are found by the rowid read into postings_before (it stays the row's until the
-- load's transaction ends): matched by key, every write scanned every posting ever stored. Most
-- rows that move are open postings seen again, whose last_seen alone moves: updated in place,
-- that column only. The few others (another version, closed, other dates) are deleted and
-- inserted again: DuckDB updates a varchar column in place slowly, and more slowly the longer
-- the table (content_hash of 340 rows: 10 ms at 20 nights, 17-25 ms at a year; deleted and
-- inserted, 5 ms at either).
delete from posting_state_live
where rowid in (select state_row from postings_before where posting_key in (select posting_key from removed_keys));

create or replace temp table state_moves as
select state_row, last_seen, restated
from (
    select
        b.state_row,
        n.last_seen,
        b.last_seen <> n.last_seen as seen_moved,
        b.content_hash <> n.content_hash
            or b.first_seen <> n.first_seen
            or b.closed_at is distinct from n.closed_at
            or b.is_backlog is distinct from n.is_backlog as restated
    from postings_next n
    join postings_before b using (posting_key)
)
where seen_moved or restated;

update posting_state_live p
set last_seen = m.last_seen
from state_moves m
where p.rowid = m.state_row
  and not m.restated;

delete from posting_state_live
where rowid in (select state_row from state_moves where restated);

-- New postings and the restated ones. cluster_id: a restated posting keeps its own; a new one
-- takes the stored assignment, or its own key until clustering assigns it (posting_clusters is
-- joined to the few hundred rows written, not to every posting of the night).
insert into posting_state_live by name
with written as (
    select n.*, b.posting_key is null as is_new, b.cluster_id as cluster_before
    from postings_next n
    left join postings_before b using (posting_key)
    where b.posting_key is null
       or b.state_row in (select state_row from state_moves where restated)
)

select
    w.posting_key,
    w.source,
    w.content_hash,
    w.first_seen,
    w.last_seen,
    w.closed_at,
    case when w.is_new then coalesce(pc.cluster_id, w.posting_key) else w.cluster_before end as cluster_id,
    w.is_backlog,
    version_digest(w.posting_key, w.content_hash) as version_id
from written w
left join posting_clusters_live pc using (posting_key);

delete from posting_clusters_live
where posting_key in (select posting_key from removed_keys);

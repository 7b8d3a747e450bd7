-- Apply tonight's cluster assignments (registered by the loader from pipelines/clustering.py:
-- assigned(posting_key, cluster_id, company_key, ref_key, features) and renames(old_id, new_id) for
-- clusters merged into another), then rebuild the clusters they touch.
delete from posting_clusters_live
where posting_key in (select posting_key from assigned);

insert into posting_clusters_live by name
select posting_key, cluster_id, company_key, ref_key, features from assigned;

update posting_clusters_live
set cluster_id = r.new_id
from renames r
where posting_clusters_live.cluster_id = r.old_id;

-- Postings whose cluster moved (assigned tonight, or in a cluster merged into another) take
-- their new cluster_id: deleted and inserted again, as 04_apply_postings.sql does (DuckDB
-- updates a varchar column in place slowly, the more so the longer the table).
create or replace temp table cluster_moves as
select p.rowid as state_row, pc.cluster_id
from posting_state_live p
join (
    select posting_key, cluster_id from posting_clusters_live
    where posting_key in (select posting_key from assigned)
    union
    select posting_key, cluster_id from posting_clusters_live
    where cluster_id in (select new_id from renames)
) pc using (posting_key)
where p.cluster_id <> pc.cluster_id;

insert into posting_state_live by name
select p.* replace (m.cluster_id as cluster_id)
from posting_state_live p
join cluster_moves m on p.rowid = m.state_row;

delete from posting_state_live
where rowid in (select state_row from cluster_moves);

-- Postings whose row changed tonight in more than a later last_seen: new, gone, another
-- version, tagged again, other dates (an earlier last_seen: a night loaded again with fewer
-- sightings) or backlog flag, clustered again.
create or replace temp table changed_keys as
select posting_key from rebuilt_keys
union
select posting_key from removed_keys
union
select n.posting_key
from postings_next n
join postings_before b using (posting_key)
where n.first_seen <> b.first_seen
   or n.last_seen < b.last_seen
   or n.closed_at is distinct from b.closed_at
   or n.is_backlog is distinct from b.is_backlog
union
select posting_key from assigned;

-- Every cluster a changed posting was or is in, and the ones merged: rebuilt whole.
create or replace temp table affected_clusters as
select cluster_id from postings_before where posting_key in (select posting_key from changed_keys)
union
select cluster_id from posting_state_live where posting_key in (select posting_key from changed_keys)
union
select cluster_id from assigned
union
select old_id from renames
union
select new_id from renames;

-- A cluster whose postings only were seen again (most of a night's) keeps its row but its
-- last_seen: the latest of its members'.
update clusters_live c
set last_seen = m.last_seen
from (
    select b.cluster_id, max(n.last_seen) as last_seen
    from postings_next n
    join postings_before b using (posting_key)
    where n.last_seen > b.last_seen
      and b.cluster_id not in (select cluster_id from affected_clusters)
    group by b.cluster_id
) m
where c.cluster_id = m.cluster_id
  and c.last_seen < m.last_seen;

create or replace temp table clusters_before as
select * from clusters_live where cluster_id in (select cluster_id from affected_clusters);

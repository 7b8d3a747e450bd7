-- Apply tonight's cluster assignments (registered by the loader from pipelines/clustering.py:
-- assigned(posting_key, cluster_id, company_key, ref_key) and renames(old_id, new_id) for
-- clusters merged into another), then rebuild the clusters they touch.
delete from posting_clusters
where posting_key in (select posting_key from assigned);

insert into posting_clusters
select posting_key, cluster_id, company_key, ref_key from assigned;

update posting_clusters
set cluster_id = r.new_id
from renames r
where posting_clusters.cluster_id = r.old_id;

update posting_state p
set cluster_id = pc.cluster_id
from posting_clusters pc
where p.posting_key = pc.posting_key
  and p.cluster_id <> pc.cluster_id
  and (pc.posting_key in (select posting_key from assigned) or pc.cluster_id in (select new_id from renames));

-- Every cluster a changed posting was or is in, and the ones merged.
create or replace temp table affected_clusters as
select cluster_id from postings_before
union
select cluster_id from posting_state where posting_key in (select posting_key from candidates)
union
select cluster_id from assigned
union
select old_id from renames
union
select new_id from renames;

create or replace temp table clusters_before as
select * from clusters where cluster_id in (select cluster_id from affected_clusters);

-- The postings to archive (schema.sql says why, at posting_state_live): every member of each
-- cluster all of whose members closed before $horizon. A cluster moves whole, so that a night
-- that touches one of its postings finds every member of the cluster in the _live tables.
create or replace temp table moving as
select posting_key
from posting_state_live
where cluster_id in (
    select cluster_id
    from posting_state_live
    group by cluster_id
    having bool_and(coalesce(closed_at < $horizon::date, false))
);

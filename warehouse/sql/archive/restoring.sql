-- The archived postings to bring back to the _live tables before a night reads them, each with
-- every member of its cluster (tonight's assignments may move any of them): those in
-- wanted_keys (posting_key) and, when an older date is loaded, those of the sources in
-- wanted_sources (source) closed on or after $since (load/03_next_postings.sql may close them
-- again elsewhere). The loader names as wanted_keys the postings sighted tonight, gone from the
-- night (a date crawled again) or with a version that came in or was tagged again, with the
-- night's sources and date; and, once clustering has looked up what the night's new postings
-- must be compared with (load/cluster_context.sql reads the split tables whole, since a URL may
-- point at a posting closed long ago), those postings, with no source. One scan of
-- posting_state_archived, and a second only for what it found.
create or replace temp table moving as
with touched as (
    select cluster_id
    from posting_state_archived
    where posting_key in (select posting_key from wanted_keys)
       or (closed_at >= $since::date and source in (select source from wanted_sources))
)

select posting_key
from posting_state_archived
where cluster_id in (select cluster_id from touched);

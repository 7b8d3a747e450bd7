-- (Run only when gone_versions is not empty: it looks into every sighting of those postings.)
delete from posting_versions v
using gone_versions g
where v.posting_key = g.posting_key
  and v.content_hash = g.content_hash
  and not exists (
      select 1 from sightings s
      where s.posting_key = g.posting_key and s.content_hash = g.content_hash
  );

-- Postings whose sighting on this date went away: their lifecycle from the sightings left.
create or replace temp table rescanned as
select
    posting_key,
    any_value(source)                 as source,
    min(crawl_date)                   as first_seen,
    max(crawl_date)                   as last_seen,
    arg_max(content_hash, crawl_date) as content_hash
from sightings
where posting_key in (select posting_key from gone_keys)
group by posting_key;

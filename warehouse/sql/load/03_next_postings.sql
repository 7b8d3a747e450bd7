-- The postings this night can change, and what their rows become:
--   sighted tonight:      first_seen/last_seen widen to the date; the date's content becomes
--                         the current one unless a later night was already loaded;
--   sighting gone:        from the sightings left (rescanned; none left = the posting goes);
--   open, or closed on or after the date, on a source crawled tonight: closed_at again;
--   a version tagged again: its tags.
-- closed_at is the first night after last_seen on which the source's crawl was healthy.
-- Their rows as they are, found in one pass over posting_state (from posting_state alone: a
-- re-crawled date may just have dropped the version a posting pointed at, and the lifecycle
-- needs no version text). state_row is the row's rowid, which stays the row's until the load's
-- transaction ends: 04_apply_postings.sql updates by it.
create or replace temp table postings_before as
select posting_key, source, content_hash, first_seen, last_seen, closed_at, cluster_id, is_backlog,
       rowid as state_row
from posting_state_live
where (source in (select source from incoming_runs) and (closed_at is null or closed_at >= $crawl_date))
   or posting_key in (
       select posting_key from incoming_sightings
       union all
       select posting_key from gone_keys
       union all
       select posting_key from incoming_version_keys
   );

create or replace temp table lifecycle_next as
with sighted as (
    select
        s.posting_key,
        s.source,
        least(b.first_seen, $crawl_date::date)    as first_seen,
        greatest(b.last_seen, $crawl_date::date)  as last_seen,
        case when b.last_seen is null or $crawl_date::date >= b.last_seen
             then s.content_hash else b.content_hash end as content_hash
    from incoming_sightings s
    left join postings_before b using (posting_key)
),

untouched as (
    select posting_key, source, first_seen, last_seen, content_hash
    from postings_before b
    where posting_key not in (select posting_key from incoming_sightings)
      and posting_key not in (select posting_key from gone_keys)
)

select * from sighted
union all
select posting_key, source, first_seen, last_seen, content_hash from rescanned
union all
select * from untouched;

-- A posting is backlog when it was there by its source's first healthy crawl (or the source
-- never had one): the first crawl shows what was already open, not what opened that night.
-- A posting closes on its source's first healthy crawl after it was last seen. Only postings
-- that some closing crawl came after go through the as-of join: on most nights those not seen
-- tonight (a few hundred), not every posting of the night's sources (40-70 ms, more with history).
create or replace temp table postings_next as
with closing as (
    select source, crawl_date
    from crawl_health
    where closes_postings
      and crawl_date > (select min(last_seen) from lifecycle_next)
),

firsts as (
    select source, min(crawl_date) as first_healthy
    from crawl_health
    where closes_postings
    group by source
),

ended as (
    select n.posting_key, c.crawl_date as closed_at
    from (
        select n.posting_key, n.source, n.last_seen
        from lifecycle_next n
        semi join closing l on l.source = n.source and l.crawl_date > n.last_seen
    ) n
    asof join closing c
      on n.source = c.source
     and n.last_seen < c.crawl_date
)

select
    n.*,
    e.closed_at,
    f.first_healthy is null or n.first_seen <= f.first_healthy as is_backlog
from lifecycle_next n
left join firsts f using (source)
left join ended e using (posting_key);

-- Postings whose row is rebuilt from their version (new, new content, or tagged again) or
-- removed, and those where only the dates move.
create or replace temp table rebuilt_keys as
select n.posting_key
from postings_next n
left join postings_before b using (posting_key)
where b.posting_key is null
   or b.content_hash <> n.content_hash
   or exists (
       select 1 from incoming_version_keys i
       where i.posting_key = n.posting_key and i.content_hash = n.content_hash
   );

create or replace temp table removed_keys as
select posting_key from postings_before
where posting_key not in (select posting_key from postings_next);

create or replace temp table mart_keys as
select posting_key from rebuilt_keys
union
select posting_key from removed_keys;

-- Their places and skills as they are now, for the trend counts' old contribution.
create or replace temp table places_before as
select * from posting_places_live where posting_key in (select posting_key from mart_keys);

create or replace temp table skills_before as
select * from posting_skills_live where posting_key in (select posting_key from mart_keys);

-- Of the rebuilt ones, those clustering must look at again: new, or a changed company, title,
-- URL, places, season or work mode (a new description alone does not make another job).
-- (p: the version the posting showed before tonight, if it is still stored; r: that version
-- as it was before tonight tagged it again, whose places may differ.)
create or replace temp table cluster_keys as
with rebuilt as (
    select n.posting_key, n.content_hash, b.content_hash as before_hash
    from postings_next n
    left join postings_before b using (posting_key)
    where n.posting_key in (select posting_key from rebuilt_keys)
),

-- The versions compared, read from posting_versions in one pass, by their ids.
compared as materialized (
    select v.posting_key, v.content_hash, v.company, v.title, v.url, v.places, v.season, v.remote
    from posting_versions v
    where v.version_id in (
        select version_digest(posting_key, content_hash) from rebuilt
        union all
        select version_digest(posting_key, before_hash) from rebuilt where before_hash is not null
    )
)

select n.posting_key
from rebuilt n
join compared v on v.posting_key = n.posting_key and v.content_hash = n.content_hash
left join compared p on p.posting_key = n.posting_key and p.content_hash = n.before_hash
left join replaced_versions r on r.posting_key = n.posting_key and r.content_hash = n.before_hash
where p.posting_key is null
   or p.company is distinct from v.company or p.title is distinct from v.title
   or p.url is distinct from v.url or p.places is distinct from v.places
   or p.season is distinct from v.season or p.remote is distinct from v.remote
   or (r.posting_key is not null
       and (r.company is distinct from v.company or r.title is distinct from v.title
            or r.url is distinct from v.url or r.places is distinct from v.places
            or r.season is distinct from v.season or r.remote is distinct from v.remote));

-- Replace what the warehouse knows of one crawl date for the sources in incoming_runs, from the
-- registered incoming_* tables (loading a date twice gives the same tables as loading it once).
-- night_old keeps what the night said before, so postings it no longer mentions are updated.
create or replace temp table night_old as
select posting_key, content_hash
from sightings
where crawl_date = $crawl_date
  and source in (select source from incoming_runs);

delete from sightings
where crawl_date = $crawl_date
  and source in (select source from incoming_runs);

delete from crawl_runs
where crawl_date = $crawl_date
  and source in (select source from incoming_runs);

insert into crawl_runs by name
select $crawl_date::date as crawl_date, *
from incoming_runs;

insert into sightings
select $crawl_date::date, source, posting_key, content_hash
from incoming_sightings;

-- The night's versions by their ids (version_digest): came_in, tonight's versions; the others
-- are only restated.
create or replace temp table incoming_ids as
select version_digest(posting_key, content_hash) as version_id, posting_key, content_hash, true as came_in
from incoming_versions
union all
select version_digest(posting_key, content_hash), posting_key, content_hash, false
from incoming_restated;

-- The stored rows with those ids, found by the ids alone (reading each version's text to find
-- the few of them cost 3-4 times as much, more as history grew), and then written by rowid,
-- which stays the row's until the load's transaction ends. came_in: the version comes in
-- tonight (replaced).
create or replace temp table version_rows as
select
    rowid as version_row,
    posting_key,
    content_hash,
    version_id,
    version_id in (select version_id from incoming_ids where came_in) as came_in
from posting_versions
where version_id in (select version_id from incoming_ids);

-- Two versions with one id would show each other's content: the load refuses such a version,
-- stored or coming in (with a 64-bit digest, about a one in 400,000 chance over 10 million
-- versions). With none, an id found above is the version's own.
select error('version ids collide (version_digest): ' || string_agg(distinct i.posting_key || ' ' || i.content_hash, ', '))
from incoming_ids i
join (
    select version_id, posting_key, content_hash from version_rows
    union all
    select version_id, posting_key, content_hash from incoming_ids
) o on o.version_id = i.version_id
   and (o.posting_key <> i.posting_key or o.content_hash <> i.content_hash)
having count(*) > 0;

-- What clustering read of the versions tagged again (their tags may name other places), for
-- 03_next_postings.sql to compare with what they say now.
create or replace temp table replaced_versions as
select posting_key, content_hash, company, title, url, places, season, remote
from posting_versions
where rowid in (select version_row from version_rows where came_in);

-- New versions, and versions tagged again by a newer tagger, replace what was there.
delete from posting_versions
where rowid in (select version_row from version_rows where came_in);

insert into posting_versions by name
select *, version_digest(posting_key, content_hash) as version_id from incoming_versions;

-- Stored versions whose employer's decision changed tonight: only its fields are restated.
-- One that is not stored fails the load: its text is nowhere to be found. (One that also came
-- in tonight is written as it came.)
select error('restated versions that are not stored: ' || string_agg(posting_key || ' ' || content_hash, ', '))
from incoming_restated r
anti join version_rows v using (posting_key, content_hash)
anti join incoming_versions i using (posting_key, content_hash)
having count(*) > 0;

update posting_versions v
set industry = r.industry, industries = r.industries, industry_evidence = r.industry_evidence
from incoming_restated r
join version_rows w using (posting_key, content_hash)
where v.rowid = w.version_row
  and not w.came_in;

-- Which versions came in or changed: all the later steps need of them (the loader lets their
-- text go).
create or replace temp table incoming_version_keys as
select posting_key, content_hash from incoming_versions
union
select posting_key, content_hash from incoming_restated;

-- Versions the night named before but not now (a date crawled again) are kept only while
-- another night's sighting still points at them.
create or replace temp table gone_versions as
select posting_key, content_hash from night_old
except
select posting_key, content_hash from incoming_sightings;

create or replace temp table gone_keys as
select posting_key from night_old
except
select posting_key from incoming_sightings;

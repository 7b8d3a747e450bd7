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

-- What clustering read of the versions tagged again (their tags may name other places), for
-- 03_next_postings.sql to compare with what they say now.
create or replace temp table replaced_versions as
select posting_key, content_hash, company, title, url, places, season, remote
from posting_versions
where (posting_key, content_hash) in (select posting_key, content_hash from incoming_versions);

-- New versions, and versions tagged again by a newer tagger, replace what was there.
delete from posting_versions v
using incoming_versions i
where v.posting_key = i.posting_key and v.content_hash = i.content_hash;

insert into posting_versions by name
select * from incoming_versions;

-- Stored versions whose employer's decision changed tonight: only its fields are restated.
-- One that is not stored fails the load: its text is nowhere to be found.
select error('restated versions that are not stored: ' || string_agg(posting_key || ' ' || content_hash, ', '))
from incoming_restated r
where not exists (select 1 from posting_versions v
                  where v.posting_key = r.posting_key and v.content_hash = r.content_hash)
having count(*) > 0;

update posting_versions v
set industry = r.industry, industries = r.industries, industry_evidence = r.industry_evidence
from incoming_restated r
where v.posting_key = r.posting_key and v.content_hash = r.content_hash;

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

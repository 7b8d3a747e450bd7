-- Replace the versions seen tonight (tags may have changed with a new tagger), then drop
-- versions no sighting points at any more (a re-crawl of a date can change its content).
delete from posting_versions
where (posting_key, content_hash) in (select (posting_key, content_hash) from incoming_postings);

-- incoming_postings carries exactly the warehouse's columns (warehouse/loader.py types them).
insert into posting_versions by name
select * from incoming_postings;

delete from posting_versions v
where not exists (
    select 1 from sightings s
    where s.posting_key = v.posting_key and s.content_hash = v.content_hash
);

-- Replace the versions seen tonight (tags may have changed with a new tagger), then drop
-- versions no sighting points at any more (a re-crawl of a date can change its content).
delete from posting_versions
where (posting_key, content_hash) in (select (posting_key, content_hash) from incoming_postings);

insert into posting_versions by name
select
    posting_key, content_hash, source, platform, board, external_id, company, title, url,
    locations, description_text, employment_type, department, posted_at, updated_at,
    is_internship, is_ai_ml, ai_ml_score, industry, industries, remote, places, skills,
    tagger_version
from incoming_postings;

delete from posting_versions v
where not exists (
    select 1 from sightings s
    where s.posting_key = v.posting_key and s.content_hash = v.content_hash
);

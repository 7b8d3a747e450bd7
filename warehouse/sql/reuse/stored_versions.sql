-- Which of tonight's (posting_key, content_hash) pairs (wanted_versions) the warehouse already
-- holds, and with which tagger version.
-- (A version without its industry reading, from a tagger before 0.4.0, counts as untagged.)
select v.posting_key, v.content_hash, case when v.industry_reading is not null then v.tagger_version end
from posting_versions v
semi join wanted_versions w on w.posting_key = v.posting_key and w.content_hash = v.content_hash;

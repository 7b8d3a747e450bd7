-- Which of tonight's (posting_key, content_hash) pairs (wanted_versions) the warehouse already
-- holds, and with which tagger version.
select v.posting_key, v.content_hash, v.tagger_version
from posting_versions v
semi join wanted_versions w on w.posting_key = v.posting_key and w.content_hash = v.content_hash;

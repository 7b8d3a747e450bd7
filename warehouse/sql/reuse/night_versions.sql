-- Of tonight's (posting_key, content_hash) pairs (wanted_versions), those the warehouse already
-- holds, each with its tagger version (null for a version without its industry reading, from a
-- tagger before 0.4.0: it counts as untagged) and what grouping tonight's postings by employer
-- needs of it: source and company, and the industry fields an employer decision sets, as one
-- JSON string (`industry_state`, spelled as pipelines/enrich.py industry_state spells it: where
-- the two spellings differed, a version would only be written again with equal values).
select
    v.posting_key,
    v.content_hash,
    case when v.industry_reading is not null then v.tagger_version end as tagger_version,
    v.source,
    v.company,
    to_json({
        'industry': v.industry,
        'industries': coalesce(v.industries, []),
        'evidence': coalesce(v.industry_evidence, [])
    })::varchar as industry_state
from posting_versions v
semi join wanted_versions w on w.posting_key = v.posting_key and w.content_hash = v.content_hash;

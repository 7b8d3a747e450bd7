-- What grouping tonight's postings by employer needs of the stored versions among them
-- (wanted_versions): source and company, and the industry fields an employer decision sets, as
-- one JSON string (`industry_state`, spelled as pipelines/enrich.py industry_state spells it:
-- where the two spellings differed, a version would only be written again with equal values).
select
    v.posting_key,
    v.content_hash,
    v.source,
    v.company,
    to_json({
        'industry': v.industry,
        'industries': coalesce(v.industries, []),
        'evidence': coalesce(v.industry_evidence, [])
    })::varchar as industry_state
from posting_versions v
semi join wanted_versions w on w.posting_key = v.posting_key and w.content_hash = v.content_hash;

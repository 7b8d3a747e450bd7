-- Of tonight's (posting_key, content_hash) pairs (night_pairs, `mapped` where cleaning mapped the
-- posting tonight), the stored versions tagging must know of: every mapped one the warehouse
-- holds (tagged again only if its tagger version is not $tagger_version), and every other one
-- held from another tagger version (tagged again from its stored clean fields). The tagger
-- version is null for a version without its industry reading (from a tagger before 0.4.0): it
-- counts as untagged. The rest of the night (most of it) is stored at $tagger_version and stays
-- in the warehouse.
with stored as (
    select
        v.posting_key,
        v.content_hash,
        case when v.industry_reading is not null then v.tagger_version end as tagger_version,
        p.mapped
    from posting_versions v
    join night_pairs p on p.posting_key = v.posting_key and p.content_hash = v.content_hash
)
select posting_key, content_hash, tagger_version
from stored
where mapped or tagger_version is distinct from $tagger_version;

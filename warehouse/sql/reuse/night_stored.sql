-- Of tonight's (posting_key, content_hash) pairs (night_pairs, `mapped` where cleaning mapped the
-- posting tonight), the stored versions tagging must know of: every mapped one the warehouse
-- holds (tagged again only if its tagger version is not $tagger_version), and every other one
-- held from another tagger version (tagged again from its stored clean fields). The tagger
-- version is null for a version without its industry reading (from a tagger before 0.4.0): it
-- counts as untagged. The rest of the night (most of it) is stored at $tagger_version and stays
-- in the warehouse.
--
-- Versions without a reading are found apart: `is null` alone is answered from the column's
-- statistics (usually no row group has one), while reading the column for every version of the
-- night decompressed all their readings (a third of the statement, growing with history).
with stored as (
    select v.posting_key, v.content_hash, v.tagger_version, p.mapped
    from posting_versions v
    join night_pairs p on p.posting_key = v.posting_key and p.content_hash = v.content_hash
),

unread as (
    select posting_key, content_hash from posting_versions where industry_reading is null
)

select
    s.posting_key,
    s.content_hash,
    case when u.posting_key is null then s.tagger_version end as tagger_version
from stored s
left join unread u using (posting_key, content_hash)
where s.mapped or s.tagger_version is distinct from $tagger_version or u.posting_key is not null;

-- Tonight's employer groups and which of their versions a decision changes, worked out in the
-- warehouse: only the employers whose decision is not known, and the versions whose industry
-- fields differ from their employer's decision, reach Python (pipelines/enrich.py
-- settle_night_in_warehouse, which runs these statements in turn; settle_night is the same
-- rules over rows in Python).
--
-- Registered by the caller: night_pairs (posting_key, content_hash, ord: the night's sightings in
-- order), night_extra (the night's versions tagged by this step, with source, company and
-- industry_state), night_restated (stored versions whose decision this step restated for an
-- earlier date: their industry_state now), night_names (company, employer_name: the name part
-- of pipelines.tagging.employer_key), night_sources (source, industry: a sources-file
-- `industry:` that is a known slug), night_undecided (fingerprint: groups whose decision is not
-- known) and night_decisions (fingerprint, industry_state: every group's decision). An
-- industry_state is a struct (industry, industries, evidence): two versions whose industry
-- fields are equal have equal states, a missing list reading as an empty one.

-- 1. Every version of the night with what grouping reads of it. Versions tagged by this step
--    come first, in the night's order, then the stored ones (settle_night's order: a group's
--    configured industry is its first member's). Their industry fields are read only by the
--    last statement: carried through every step, they cost more than joining them again.
create or replace temp table night_rows as
select p.ord, x.posting_key, x.content_hash, x.source, x.company
from night_extra x
join night_pairs p on p.posting_key = x.posting_key and p.content_hash = x.content_hash
union all
select $rest_from + p.ord, v.posting_key, v.content_hash, v.source, v.company
from posting_versions v
join night_pairs p on p.posting_key = v.posting_key and p.content_hash = v.content_hash
anti join night_extra x on x.posting_key = v.posting_key and x.content_hash = v.content_hash;

-- 2. The night's company names, for the caller to name their employers (night_names).
select distinct company from night_rows;

-- 3. Each version's employer, and its source's configured industry.
create or replace temp table night_named as
select
    r.ord, r.posting_key, r.content_hash, s.industry as configured_here,
    case when coalesce(n.employer_name, '') <> '' then n.employer_name else 'source: ' || r.source end as employer
from night_rows r
left join night_names n on n.company is not distinct from r.company
left join night_sources s on s.source = r.source;

-- 4. The employer groups that get one decision (two or more versions, or a configured industry:
--    the first member's), each with its fingerprint (pipelines/enrich.py group_fingerprint
--    spells it alike).
create or replace temp table night_groups as
select
    employer,
    configured,
    sha256($tagger_version || chr(31) || coalesce(configured, '') || chr(31) || pairs) as fingerprint
from (
    select
        employer,
        count(*) as versions,
        arg_min(configured_here, ord) filter (where configured_here is not null) as configured,
        string_agg(posting_key || chr(30) || content_hash, chr(31) order by posting_key, content_hash) as pairs
    from night_named
    group by employer
)
where versions > 1 or configured is not null;

create or replace temp table night_members as
select n.posting_key, n.content_hash, g.fingerprint
from night_named n
join night_groups g using (employer);

-- 5. The groups.
select fingerprint, configured from night_groups;

-- 6. The members of the groups whose decision is not known (night_undecided), in key order.
select fingerprint, posting_key, content_hash
from night_members
semi join night_undecided using (fingerprint)
order by fingerprint, posting_key, content_hash;

-- 7. The versions whose industry fields differ from their group's decision: as this step
--    tagged them, else as it restated them, else as stored (field by field, a missing list
--    reading as an empty one, as settle_night_in_warehouse in pipelines/enrich.py spells the
--    others: building a struct for every stored version took three times as long).
with incoming as (
    select posting_key, content_hash, industry_state from night_extra
    union all
    select posting_key, content_hash, industry_state from night_restated
    anti join night_extra using (posting_key, content_hash)
)
select m.posting_key, m.content_hash, m.fingerprint
from night_members m
join night_decisions d using (fingerprint)
join incoming i on i.posting_key = m.posting_key and i.content_hash = m.content_hash
where i.industry_state is distinct from d.industry_state
union all
select m.posting_key, m.content_hash, m.fingerprint
from night_members m
join night_decisions d using (fingerprint)
join posting_versions v on v.posting_key = m.posting_key and v.content_hash = m.content_hash
anti join incoming i on i.posting_key = m.posting_key and i.content_hash = m.content_hash
where v.industry is distinct from d.industry_state.industry
   or coalesce(v.industries, []) is distinct from d.industry_state.industries
   or coalesce(v.industry_evidence, []) is distinct from d.industry_state.evidence;

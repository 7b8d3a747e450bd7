-- The stored postings a night's new or changed ones (cand_keys: posting_key, company_key,
-- ref_key) must be clustered with: the same company's postings first seen in the 60 days
-- before (the fuzzy rules' window), every member of their clusters (a merge must fit them
-- all), the postings their URLs point at, and the postings whose URLs point at them; with
-- what clustering read of each when it was last clustered (`features`), not to read it again.
with recent as (
    select pc.posting_key, pc.cluster_id
    from posting_clusters pc
    join postings p using (posting_key)
    where pc.company_key in (select company_key from cand_keys where company_key is not null)
      and p.first_seen >= $crawl_date::date - 60
),

linked as (
    select pc.posting_key
    from posting_clusters pc
    where lower(pc.posting_key) in (select ref_key from cand_keys where ref_key is not null)
       or pc.ref_key in (select lower(posting_key) from cand_keys)
),

wanted as (
    select posting_key from posting_clusters where cluster_id in (select cluster_id from recent)
    union
    select posting_key from linked
)

select
    p.posting_key, p.platform, p.company, p.title, p.url,
    [{'city': x.city, 'country': x.country} for x in p.places] as places, p.first_seen, p.season, p.remote,
    pc.cluster_id, pc.company_key, pc.ref_key, pc.features
from postings p
join posting_clusters pc using (posting_key)
where p.posting_key in (select posting_key from wanted)
  and p.posting_key not in (select posting_key from cand_keys);

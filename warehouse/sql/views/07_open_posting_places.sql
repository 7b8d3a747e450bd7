-- open_posting_places: one row per place of an open posting, flat, so a dashboard can count
-- and map postings by city without unpacking lists (a posting in two cities has two rows).
create or replace view open_posting_places as
select
    pp.posting_key,
    pp.ordinal,
    pp.city,
    pp.region,
    pp.country,
    pp.lat,
    pp.lon,
    p.company,
    p.title,
    p.industry,
    p.is_internship,
    p.is_ai_ml,
    p.first_seen
from posting_places pp
join postings p using (posting_key)
where p.is_open;

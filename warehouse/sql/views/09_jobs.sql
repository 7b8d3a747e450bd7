-- jobs: one row per job (a cluster: the same internship on an ATS board, a community list and
-- a second board counts once), with its representative posting's fields and tags. What the
-- question views below count.
create or replace view jobs as
select
    c.cluster_id,
    c.representative,
    c.members,
    c.sources,
    c.first_seen,
    c.last_seen,
    c.closed_at,
    c.is_open,
    c.is_backlog,
    case when c.closed_at is not null and not c.is_backlog then c.closed_at - c.first_seen end as days_open,
    p.company,
    p.title,
    p.url,
    p.industry,
    p.is_internship,
    p.is_ai_ml,
    p.role_family,
    p.remote,
    p.places,
    p.skills,
    p.return_offer,
    p.beginner_friendly,
    p.visa_sponsorship,
    p.relocation_or_housing,
    p.paid,
    p.season,
    p.degree_level,
    p.salary
from clusters c
join postings p on p.posting_key = c.representative;

-- job_cities: one row per job and city it is in ("Seoul, KR"), from its representative.
create or replace view job_cities as
select distinct
    j.cluster_id,
    pp.city || ', ' || pp.country as city,
    pp.country,
    pp.city in ('Seoul', 'Stockholm', 'Singapore', 'London') as is_seed_city
from jobs j
join posting_places pp on pp.posting_key = j.representative
where pp.city is not null;

-- open_jobs: the open jobs, without list columns a spreadsheet cannot hold well (places and
-- skills are JSON in the CSV export).
create or replace view open_jobs as
select * from jobs where is_open;

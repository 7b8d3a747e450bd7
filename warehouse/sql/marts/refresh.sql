-- posting_places, posting_skills and posting_industries for the postings in mart_keys (a temp
-- table of posting_key): their rows are replaced from the postings mart (keys no longer in it
-- just lose their rows).
delete from posting_places_live where posting_key in (select posting_key from mart_keys);
delete from posting_skills_live where posting_key in (select posting_key from mart_keys);
delete from posting_industries_live where posting_key in (select posting_key from mart_keys);

-- Their current versions' mart fields, read through posting_state once (not once per mart:
-- each read joins posting_versions, which grows with history), by version id.
create or replace temp table mart_rows as
select s.posting_key, v.places, v.skills, v.industry, v.industries
from posting_state_live s
join posting_versions v using (version_id)
where s.posting_key in (select posting_key from mart_keys);

-- posting_places: one row per place of a posting (current version); city is null for a
-- country-only place; ordinal is the place's position in the posting (1 = first listed).
insert into posting_places_live
with exploded as (
    select posting_key, unnest(places) as place, generate_subscripts(places, 1) as ordinal
    from mart_rows
)
select
    posting_key,
    place.city, place.region, place.country, place.geonameid, place.lat, place.lon,
    ordinal
from exploded;

-- posting_skills: one row per skill id asked for.
insert into posting_skills_live
select distinct posting_key, unnest(skills) as skill
from mart_rows;

-- posting_industries: every industry that applies; is_primary marks the one trends count it
-- under (the primary one always appears, even if a tagger left it out of `industries`).
insert into posting_industries_live
with listed as (
    select posting_key, industry as primary_industry, unnest(industries) as industry from mart_rows
    union
    select posting_key, industry, industry from mart_rows where industry is not null
)

select distinct posting_key, industry, industry = primary_industry as is_primary
from listed;

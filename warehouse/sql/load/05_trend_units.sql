-- What the trend counts must forget and learn for periods before the newest one: each
-- changed posting's old contribution (sign -1) and new one (sign +1). Unchanged postings
-- contribute the same as before and are left out.
create or replace temp table units_after as
select posting_key, source, content_hash, first_seen, last_seen, closed_at, is_internship, is_ai_ml, industry
from postings
where posting_key in (select posting_key from candidates);

create or replace temp table changed_units as
select posting_key from (
    select posting_key, first_seen, closed_at, is_internship, is_ai_ml, industry, content_hash from postings_before
    except
    select posting_key, first_seen, closed_at, is_internship, is_ai_ml, industry, content_hash from units_after
)
union
select posting_key from (
    select posting_key, first_seen, closed_at, is_internship, is_ai_ml, industry, content_hash from units_after
    except
    select posting_key, first_seen, closed_at, is_internship, is_ai_ml, industry, content_hash from postings_before
)
union
select posting_key from mart_keys;

create or replace temp table units_in as
select posting_key, -1 as sign, first_seen, closed_at, is_internship, is_ai_ml, industry
from postings_before
where posting_key in (select posting_key from changed_units)
union all
select posting_key, 1 as sign, first_seen, closed_at, is_internship, is_ai_ml, industry
from units_after
where posting_key in (select posting_key from changed_units);

-- Places and skills change only with a rebuilt row (mart_keys); for the others they are the same
-- before and after.
create or replace temp table unit_cities_in as
select distinct posting_key, -1 as sign, city, country
from places_before
where posting_key in (select posting_key from changed_units) and city is not null
union all
select distinct posting_key, -1 as sign, city, country
from posting_places
where posting_key in (select posting_key from changed_units)
  and posting_key not in (select posting_key from mart_keys) and city is not null
union all
select distinct posting_key, 1 as sign, city, country
from posting_places
where posting_key in (select posting_key from changed_units) and city is not null;

create or replace temp table unit_skills_in as
select distinct posting_key, -1 as sign, skill
from skills_before
where posting_key in (select posting_key from changed_units)
union all
select distinct posting_key, -1 as sign, skill
from posting_skills
where posting_key in (select posting_key from changed_units)
  and posting_key not in (select posting_key from mart_keys)
union all
select distinct posting_key, 1 as sign, skill
from posting_skills
where posting_key in (select posting_key from changed_units);

-- units_in: every posting that reaches a period on or after $from_day's week or month (a
-- recomputation of the newest periods, or of everything), with its cities and skills.
create or replace temp table units_in as
select posting_key, 1 as sign, first_seen, closed_at, is_internship, is_ai_ml, industry
from postings
where coalesce(closed_at, $newest::date) >= least(date_trunc('week', $from_day::date), date_trunc('month', $from_day::date));

create or replace temp table unit_cities_in as
select distinct pp.posting_key, 1 as sign, pp.city, pp.country
from posting_places pp
semi join units_in u on u.posting_key = pp.posting_key
where pp.city is not null;

create or replace temp table unit_skills_in as
select distinct ps.posting_key, 1 as sign, ps.skill
from posting_skills ps
semi join units_in u on u.posting_key = ps.posting_key;

-- units_in: every cluster that reaches a period on or after $from_day's week or month (a
-- recomputation of the newest periods, or of everything), with its representative's cities
-- and skills. (From the _live tables: an archived cluster closed at least ARCHIVE_AFTER_DAYS
-- before the newest night, before any period recounted after a rebuild's first recount.)
create or replace temp table units_in as
select cluster_id as posting_key, 1 as sign, first_seen, closed_at, is_internship, is_ai_ml, industry, is_backlog,
       null::date as same_until
from clusters_live
where coalesce(closed_at, $newest::date) >= least(date_trunc('week', $from_day::date), date_trunc('month', $from_day::date));

create or replace temp table unit_cities_in as
select distinct c.cluster_id as posting_key, 1 as sign, pp.city, pp.country
from clusters_live c
join posting_places_live pp on pp.posting_key = c.representative
semi join units_in u on u.posting_key = c.cluster_id
where pp.city is not null;

create or replace temp table unit_skills_in as
select distinct c.cluster_id as posting_key, 1 as sign, ps.skill
from clusters_live c
join posting_skills_live ps on ps.posting_key = c.representative
semi join units_in u on u.posting_key = c.cluster_id;

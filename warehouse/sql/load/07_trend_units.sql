-- What the trend counts must forget and learn for periods before the newest one: each changed
-- cluster's old contribution (sign -1) and new one (sign +1). A cluster counts as changed when
-- what the counts read changed (dates, backlog, tags, representative) or its representative's
-- cities or skills did; nightly last_seen moves and new descriptions are not a change.
create or replace temp table clusters_after as
select * from clusters_live where cluster_id in (select cluster_id from affected_clusters);

-- Clusters whose representative's row was rebuilt tonight: their cities and skills may differ.
create or replace temp table rep_rebuilt as
select cluster_id, representative, 'before' as side from clusters_before
where representative in (select posting_key from mart_keys)
union all
select cluster_id, representative, 'after' from clusters_after
where representative in (select posting_key from mart_keys);

create or replace temp table rep_cities as
select r.cluster_id, r.side, pp.city || ', ' || pp.country as city
from rep_rebuilt r join places_before pp on pp.posting_key = r.representative
where r.side = 'before' and pp.city is not null
union
select r.cluster_id, r.side, pp.city || ', ' || pp.country
from rep_rebuilt r join posting_places_live pp on pp.posting_key = r.representative
where r.side = 'after' and pp.city is not null;

create or replace temp table rep_skills as
select r.cluster_id, r.side, ps.skill
from rep_rebuilt r join skills_before ps on ps.posting_key = r.representative
where r.side = 'before'
union
select r.cluster_id, r.side, ps.skill
from rep_rebuilt r join posting_skills_live ps on ps.posting_key = r.representative
where r.side = 'after';

-- Units whose representative's cities or skills changed.
create or replace temp table rep_tags_changed as
select cluster_id from (
    (select cluster_id, city from rep_cities where side = 'before' except select cluster_id, city from rep_cities where side = 'after')
    union
    (select cluster_id, city from rep_cities where side = 'after' except select cluster_id, city from rep_cities where side = 'before')
)
union
select cluster_id from (
    (select cluster_id, skill from rep_skills where side = 'before' except select cluster_id, skill from rep_skills where side = 'after')
    union
    (select cluster_id, skill from rep_skills where side = 'after' except select cluster_id, skill from rep_skills where side = 'before')
);

create or replace temp table changed_units as
select cluster_id from (
    select cluster_id, representative, first_seen, closed_at, is_backlog, is_internship, is_ai_ml, industry from clusters_before
    except
    select cluster_id, representative, first_seen, closed_at, is_backlog, is_internship, is_ai_ml, industry from clusters_after
)
union
select cluster_id from (
    select cluster_id, representative, first_seen, closed_at, is_backlog, is_internship, is_ai_ml, industry from clusters_after
    except
    select cluster_id, representative, first_seen, closed_at, is_backlog, is_internship, is_ai_ml, industry from clusters_before
)
union
select cluster_id from rep_tags_changed;

-- same_until: for a unit of which only closed_at moved (it closed, or opened again), the
-- earlier of its two closing days. Before that day's week and month its two rows count alike
-- (open, neither new nor closed differently), so trends/contributions.sql starts there: a unit
-- open for a year that closes tonight restates its last periods, not all 64 of its weeks and
-- months (the night's contributions took 10 ms at 20 nights and 20 ms at a year).
create or replace temp table units_in as
with closing_only as (
    select b.cluster_id, least(b.closed_at, a.closed_at) as same_until
    from clusters_before b
    join clusters_after a using (cluster_id)
    where b.closed_at is distinct from a.closed_at
      and b.representative is not distinct from a.representative
      and b.first_seen is not distinct from a.first_seen
      and b.is_backlog is not distinct from a.is_backlog
      and b.is_internship is not distinct from a.is_internship
      and b.is_ai_ml is not distinct from a.is_ai_ml
      and b.industry is not distinct from a.industry
      and b.cluster_id not in (select cluster_id from rep_tags_changed)
)

select c.cluster_id as posting_key, -1 as sign, c.first_seen, c.closed_at, c.is_internship, c.is_ai_ml, c.industry,
       c.is_backlog, o.same_until
from clusters_before c
left join closing_only o using (cluster_id)
where c.cluster_id in (select cluster_id from changed_units)
union all
select c.cluster_id, 1, c.first_seen, c.closed_at, c.is_internship, c.is_ai_ml, c.industry, c.is_backlog, o.same_until
from clusters_after c
left join closing_only o using (cluster_id)
where c.cluster_id in (select cluster_id from changed_units);

-- A representative's places and skills before tonight: as saved for rebuilt rows (mart_keys),
-- else as stored (unchanged).
create or replace temp table unit_cities_in as
select distinct c.cluster_id as posting_key, -1 as sign, pp.city, pp.country
from clusters_before c
join places_before pp on pp.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units) and pp.city is not null
union all
select distinct c.cluster_id, -1, pp.city, pp.country
from clusters_before c
join posting_places_live pp on pp.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units) and pp.city is not null
  and c.representative not in (select posting_key from mart_keys)
union all
select distinct c.cluster_id, 1, pp.city, pp.country
from clusters_after c
join posting_places_live pp on pp.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units) and pp.city is not null;

create or replace temp table unit_skills_in as
select distinct c.cluster_id as posting_key, -1 as sign, ps.skill
from clusters_before c
join skills_before ps on ps.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units)
union all
select distinct c.cluster_id, -1, ps.skill
from clusters_before c
join posting_skills_live ps on ps.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units)
  and c.representative not in (select posting_key from mart_keys)
union all
select distinct c.cluster_id, 1, ps.skill
from clusters_after c
join posting_skills_live ps on ps.posting_key = c.representative
where c.cluster_id in (select cluster_id from changed_units);

-- What the units in units_in (a temp table: posting_key (the unit's id: a cluster id), sign,
-- first_seen, closed_at, is_internship, is_ai_ml, industry, is_backlog, same_until (periods
-- before its week or month are left out: the unit's two rows count alike there); with
-- unit_cities_in(posting_key, sign, city, country) and unit_skills_in(posting_key, sign, skill))
-- add to trend_counts, signed, for every period p
-- with date_trunc(grain, $from_day) <= p < date_trunc(grain, $until_day) and p no later than
-- the period of $newest (the newest crawl date).
--
-- A unit is new in the period that holds first_seen (backlog instead, when it was there on its
-- source's first healthy crawl), closed in the one that holds closed_at,
-- and open in every period it overlaps: first seen before the period ends and not closed by
-- the period's first day. (One that closed and came back counts as open through its gap.)
create or replace temp table contrib as
with grains as (
    select * from (values ('week', interval 7 day), ('month', interval 1 month)) g(grain, step)
),

spans as (
    select
        u.*,
        g.grain,
        g.step,
        greatest(date_trunc(g.grain, u.first_seen), date_trunc(g.grain, $from_day::date),
                 date_trunc(g.grain, coalesce(u.same_until, u.first_seen)))::date          as lo,
        date_trunc(g.grain, coalesce(u.closed_at, $newest::date))::date                          as last_p,
        date_trunc(g.grain, $until_day::date)::date                                              as hi
    from units_in u
    cross join grains g
),

periods as (
    select s.*, unnest(generate_series(s.lo, s.last_p, s.step))::date as period
    from spans s
    where s.lo <= s.last_p
),

flags as (
    select
        posting_key, sign, grain, period, is_internship, is_ai_ml, industry,
        (first_seen >= period and first_seen < period + step and not coalesce(is_backlog, false))::int as is_new,
        (first_seen >= period and first_seen < period + step and coalesce(is_backlog, false))::int     as is_backlog,
        (closed_at is null or closed_at > period)::int                         as is_open,
        (closed_at is not null and closed_at >= period and closed_at < period + step)::int as is_closed
    from periods
    where period < hi
),

by_dimension as (
    select grain, period, 'all' as dimension, 'all' as value, '' as country, is_internship, is_ai_ml,
           sign * is_new as n, sign * is_open as o, sign * is_closed as c, sign * is_backlog as b
    from flags
    union all
    select grain, period, 'industry', coalesce(industry, 'other'), '', is_internship, is_ai_ml,
           sign * is_new, sign * is_open, sign * is_closed, sign * is_backlog
    from flags
    union all
    select f.grain, f.period, 'city', u.city || ', ' || u.country, u.country, f.is_internship, f.is_ai_ml,
           f.sign * f.is_new, f.sign * f.is_open, f.sign * f.is_closed, f.sign * f.is_backlog
    from flags f
    join unit_cities_in u on u.posting_key = f.posting_key and u.sign = f.sign
    union all
    select f.grain, f.period, 'skill', u.skill, '', f.is_internship, f.is_ai_ml,
           f.sign * f.is_new, f.sign * f.is_open, f.sign * f.is_closed, f.sign * f.is_backlog
    from flags f
    join unit_skills_in u on u.posting_key = f.posting_key and u.sign = f.sign
)

select
    grain, period, dimension, value, country, is_internship, is_ai_ml,
    sum(n)::bigint as new_postings,
    sum(o)::bigint as open_postings,
    sum(c)::bigint as closed_postings,
    sum(b)::bigint as backlog_postings
from by_dimension
group by all
having sum(n) <> 0 or sum(o) <> 0 or sum(c) <> 0 or sum(b) <> 0;

-- Add contrib (from contributions.sql) to trend_counts: rows with the same key are summed, and
-- a row whose counts all come to zero is dropped.
create or replace temp table trend_merged as
with touched as (
    select t.*
    from trend_counts t
    semi join contrib c
      on c.grain = t.grain and c.period = t.period and c.dimension = t.dimension and c.value = t.value
     and c.country = t.country and c.is_internship is not distinct from t.is_internship
     and c.is_ai_ml is not distinct from t.is_ai_ml
)

select
    grain, period, dimension, value, country, is_internship, is_ai_ml,
    sum(new_postings)::bigint    as new_postings,
    sum(open_postings)::bigint   as open_postings,
    sum(closed_postings)::bigint as closed_postings,
    sum(backlog_postings)::bigint as backlog_postings
from (select * from touched union all select * from contrib)
group by all;

delete from trend_counts t
using contrib c
where c.grain = t.grain and c.period = t.period and c.dimension = t.dimension and c.value = t.value
  and c.country = t.country and c.is_internship is not distinct from t.is_internship
  and c.is_ai_ml is not distinct from t.is_ai_ml;

insert into trend_counts by name
select * from trend_merged
where new_postings <> 0 or open_postings <> 0 or closed_postings <> 0 or backlog_postings <> 0;

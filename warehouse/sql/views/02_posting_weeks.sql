-- posting_weeks: each week a posting was open at some point, and whether it was new then.
-- Open during a week: first seen by the week's end, and not closed before the week began.
create or replace view posting_weeks as
select
    p.posting_key,
    w.week,
    p.first_seen between w.week and w.week_end as is_new
from postings p
join weeks w
  on p.first_seen <= w.week_end
 and (p.closed_at is null or p.closed_at > w.week);

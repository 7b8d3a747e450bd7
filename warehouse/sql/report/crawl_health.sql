-- Crawl health per week, the last $weeks weeks.
select *
from crawl_health_weekly
where week > (select max(week) from crawl_health_weekly) - to_weeks($weeks::integer)
order by week;

-- Crawl runs of one crawl date, failures first.
select source, status, items, errors, error_message, requests, bytes, duration_s
from crawl_runs
where crawl_date = $crawl_date::date
order by status = 'ok', source;

-- Fails with each source that returned no postings on the crawl date after a crawl that
-- returned some (its postings stay open until a healthy crawl).
-- severity: warn
select source, seen, previous_seen, status, error_message
from crawl_health
where crawl_date = $crawl_date
  and verdict = 'went_silent'
order by source

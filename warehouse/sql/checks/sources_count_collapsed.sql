-- Fails with each source whose postings on the crawl date fell below half its trailing median
-- over its previous successful crawls (its postings stay open until a healthy crawl).
-- severity: warn
select source, seen, trailing_median, previous_seen
from crawl_health
where crawl_date = $crawl_date
  and verdict = 'count_collapsed'
order by source

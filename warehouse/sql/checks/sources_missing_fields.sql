-- Fails with each source where more than 20% of the crawl date's postings lack a title, a url
-- or a location (a changed payload format, usually).
-- severity: warn
select source, seen, missing_required, round(missing_required / seen, 3) as share_missing
from crawl_health
where crawl_date = $crawl_date
  and verdict = 'missing_fields'
order by source

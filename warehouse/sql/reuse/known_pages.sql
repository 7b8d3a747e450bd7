-- For sources whose clean fingerprint (wanted_pages: source, pages_fingerprint) an earlier
-- load already saw: what that night's pages gave, so they need not be mapped again. Reads the
-- sightings of one night per source (the latest with that fingerprint).
create or replace temp table known_runs as
select r.source, r.crawl_date, r.map_errors
from crawl_runs r
join wanted_pages w on w.source = r.source and w.pages_fingerprint = r.pages_fingerprint
where r.status = 'ok' and r.map_errors is not null
qualify row_number() over (partition by r.source order by r.crawl_date desc) = 1;

-- Every known source, with its unmappable items (a source may have no sightings).
select source, map_errors from known_runs;

-- Their sightings, by source (read as Arrow: tens of thousands of rows a night).
select k.source, s.posting_key, s.content_hash
from known_runs k
join sightings s
  on s.source = k.source
 and s.crawl_date = k.crawl_date
 and s.crawl_date between (select min(crawl_date) from known_runs) and (select max(crawl_date) from known_runs)
order by k.source, s.posting_key;

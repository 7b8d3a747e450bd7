-- Forget what an earlier load of this crawl date said about the sources being loaded now,
-- so loading a date twice gives the same tables as loading it once.
delete from sightings
where crawl_date = $crawl_date
  and source in (select source from incoming_runs);

delete from crawl_runs
where crawl_date = $crawl_date
  and source in (select source from incoming_runs);

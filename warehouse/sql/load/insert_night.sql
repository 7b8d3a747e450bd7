-- The crawl runs and sightings of one crawl date, from the registered incoming_* frames.
insert into crawl_runs
select
    $crawl_date as crawl_date,
    source, platform, board, status, items, errors, error_message,
    requests, bytes, duration_s, started_at
from incoming_runs;

insert into sightings
select
    $crawl_date as crawl_date,
    source,
    posting_key,
    content_hash
from incoming_postings;

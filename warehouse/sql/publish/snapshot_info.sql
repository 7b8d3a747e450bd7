-- snapshot_info: one row saying what this published snapshot is. Readers can check which
-- night they are reading (as_of) and when it was published; the exports' manifest repeats it.
create or replace table snapshot_info as
select
    cast($snapshot_id as varchar)          as snapshot_id,
    cast($as_of as date)                   as as_of,
    cast($first_crawl_date as date)        as first_crawl_date,
    cast($crawl_dates as integer)          as crawl_dates,
    cast($sources as integer)              as sources,
    cast($postings as bigint)              as postings,
    cast($open_postings as bigint)         as open_postings,
    cast($tagger_versions as varchar[])    as tagger_versions,
    cast($schema_version as integer)       as schema_version,
    cast($storage_version as varchar)      as storage_version,
    cast($published_at as timestamptz)     as published_at;

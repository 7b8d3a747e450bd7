-- What a published snapshot holds, read from the working database just before it is copied.
select
    (select max(crawl_date) from crawl_runs)                                   as as_of,
    (select min(crawl_date) from crawl_runs)                                   as first_crawl_date,
    (select count(distinct crawl_date) from crawl_runs)                        as crawl_dates,
    (select count(distinct source) from crawl_runs)                            as sources,
    (select count(*) from postings)                                            as postings,
    (select count(*) from postings where is_open)                              as open_postings,
    (select coalesce(list(distinct tagger_version order by tagger_version), [])
       from postings where tagger_version is not null)                         as tagger_versions;

-- open_postings: postings open as of the latest crawl, without the long description.
create or replace view open_postings as
select * exclude (description_text, places)
from postings
where is_open;

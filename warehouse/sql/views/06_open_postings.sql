-- open_postings: postings open as of the latest crawl, without the long description; places
-- (city, region, country, lat, lon) and skills are lists, as JSON in the CSV export.
create or replace view open_postings as
select * exclude (description_text, industry_reading)
from postings
where is_open;

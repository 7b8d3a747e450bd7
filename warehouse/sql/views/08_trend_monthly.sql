-- The same counts per calendar month: trend_{industry,city,skill}_monthly.
create or replace view trend_industry_monthly as
select period as month, value as industry, is_internship, is_ai_ml, new_postings, open_postings, closed_postings, backlog_postings
from trend_counts
where grain = 'month' and dimension = 'industry';

create or replace view trend_city_monthly as
select period as month, value as city, country, is_internship, is_ai_ml, new_postings, open_postings, closed_postings, backlog_postings
from trend_counts
where grain = 'month' and dimension = 'city';

create or replace view trend_skill_monthly as
select period as month, value as skill, is_internship, is_ai_ml, new_postings, open_postings, closed_postings, backlog_postings
from trend_counts
where grain = 'month' and dimension = 'skill';

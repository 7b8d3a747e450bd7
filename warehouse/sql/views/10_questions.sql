-- The questions students and advisers ask, one view each; counts are of jobs (see jobs) and,
-- unless a view says otherwise, of internships only. small_sample marks groups of fewer than
-- 10 jobs, whose shares and medians say little.

-- How competitive: days an internship stayed open (first seen to closed), by industry and by
-- city. Jobs already there on their source's first crawl are left out (their start is unknown);
-- open ones are counted beside (still_open), not in the quartiles.
create or replace view days_open_by_industry as
select
    industry,
    is_ai_ml,
    count(days_open)                          as closed_jobs,
    count(*) filter (where is_open)           as still_open,
    quantile_cont(days_open, 0.25)            as p25_days,
    median(days_open)                         as median_days,
    quantile_cont(days_open, 0.75)            as p75_days,
    count(days_open) < small_sample_size()    as small_sample
from jobs
where is_internship and not is_backlog
group by all;

create or replace view days_open_by_city as
select
    c.city,
    c.country,
    c.is_seed_city,
    j.is_ai_ml,
    count(j.days_open)                        as closed_jobs,
    count(*) filter (where j.is_open)         as still_open,
    quantile_cont(j.days_open, 0.25)          as p25_days,
    median(j.days_open)                       as median_days,
    quantile_cont(j.days_open, 0.75)          as p75_days,
    count(j.days_open) < small_sample_size()  as small_sample
from jobs j
join job_cities c using (cluster_id)
where j.is_internship and not j.is_backlog
group by all;

-- What share of open internships are beginner-friendly, mention return offers, are paid (or
-- say they are unpaid), sponsor visas, help with relocation or housing.
create or replace view internship_facts_by_industry as
select
    industry,
    is_ai_ml,
    count(*)                                                   as open_internships,
    avg(coalesce(beginner_friendly, false)::int)               as share_beginner_friendly,
    avg(coalesce(return_offer, false)::int)                    as share_return_offer,
    avg((paid = 'yes')::int)                                   as share_paid,
    avg((paid = 'no')::int)                                    as share_unpaid,
    avg((visa_sponsorship = 'yes')::int)                       as share_visa_sponsorship,
    avg(coalesce(relocation_or_housing, false)::int)           as share_relocation_or_housing,
    count(*) < small_sample_size()                             as small_sample
from jobs
where is_open and is_internship
group by all;

create or replace view internship_facts_by_city as
select
    c.city,
    c.country,
    c.is_seed_city,
    j.is_ai_ml,
    count(*)                                                   as open_internships,
    avg(coalesce(j.beginner_friendly, false)::int)             as share_beginner_friendly,
    avg(coalesce(j.return_offer, false)::int)                  as share_return_offer,
    avg((j.paid = 'yes')::int)                                 as share_paid,
    avg((j.paid = 'no')::int)                                  as share_unpaid,
    avg((j.visa_sponsorship = 'yes')::int)                     as share_visa_sponsorship,
    avg(coalesce(j.relocation_or_housing, false)::int)         as share_relocation_or_housing,
    count(*) < small_sample_size()                             as small_sample
from jobs j
join job_cities c using (cluster_id)
where j.is_open and j.is_internship
group by all;

-- Pay in one currency and period: US dollars a month (fx_rates, a dated table in the repo:
-- warehouse/fx_rates.csv; hours x 173.3, days x 21.7, weeks x 4.33, years / 12).
create or replace view job_salaries as
select
    j.cluster_id,
    j.company,
    j.title,
    j.industry,
    j.is_internship,
    j.is_ai_ml,
    j.is_open,
    j.salary.min                               as amount_min,
    j.salary.max                               as amount_max,
    j.salary.currency                          as currency,
    j.salary.period                            as period,
    round(j.salary.min * f.usd_per_unit * m.factor, 2) as usd_per_month_min,
    round(j.salary.max * f.usd_per_unit * m.factor, 2) as usd_per_month_max,
    f.as_of                                    as fx_as_of
from jobs j
join fx_rates f on f.currency = j.salary.currency
join (values ('hour', 40 * 52 / 12.0), ('day', 5 * 52 / 12.0), ('week', 52 / 12.0), ('month', 1.0), ('year', 1 / 12.0))
     m(period, factor) on m.period = j.salary.period
where j.salary is not null;

create or replace view salary_by_industry as
select
    industry,
    is_ai_ml,
    count(*)                                                   as internships_with_pay,
    quantile_cont((usd_per_month_min + usd_per_month_max) / 2, 0.25) as p25_usd_per_month,
    median((usd_per_month_min + usd_per_month_max) / 2)       as median_usd_per_month,
    quantile_cont((usd_per_month_min + usd_per_month_max) / 2, 0.75) as p75_usd_per_month,
    count(*) < small_sample_size()                             as small_sample
from job_salaries
where is_internship
group by all;

create or replace view salary_by_city as
select
    c.city,
    c.country,
    c.is_seed_city,
    s.is_ai_ml,
    count(*)                                                   as internships_with_pay,
    median((s.usd_per_month_min + s.usd_per_month_max) / 2)   as median_usd_per_month,
    count(*) < small_sample_size()                             as small_sample
from job_salaries s
join job_cities c using (cluster_id)
where s.is_internship
group by all;

-- Skills asked for by open internships, with the share of the group's internships asking.
create or replace view skills_by_industry as
with totals as (
    select industry, is_ai_ml, count(*) as open_internships
    from jobs where is_open and is_internship group by all
)
select
    j.industry,
    j.is_ai_ml,
    s.skill,
    count(*)                                   as internships,
    t.open_internships,
    count(*) / t.open_internships              as share,
    t.open_internships < small_sample_size()   as small_sample
from jobs j
join posting_skills s on s.posting_key = j.representative
join totals t on t.industry = j.industry and t.is_ai_ml = j.is_ai_ml
where j.is_open and j.is_internship
group by j.industry, j.is_ai_ml, s.skill, t.open_internships;

create or replace view skills_by_city as
with totals as (
    select c.city, j.is_ai_ml, count(*) as open_internships
    from jobs j join job_cities c using (cluster_id)
    where j.is_open and j.is_internship group by all
)
select
    c.city,
    c.is_seed_city,
    j.is_ai_ml,
    s.skill,
    count(*)                                   as internships,
    t.open_internships,
    count(*) / t.open_internships              as share,
    t.open_internships < small_sample_size()   as small_sample
from jobs j
join job_cities c using (cluster_id)
join posting_skills s on s.posting_key = j.representative
join totals t on t.city = c.city and t.is_ai_ml = j.is_ai_ml
where j.is_open and j.is_internship
group by c.city, c.is_seed_city, j.is_ai_ml, s.skill, t.open_internships;

-- Month over month: each month's new, open and closed jobs beside the month before, for every
-- dimension of trend_counts (all, industry, city, skill).
create or replace view trend_month_over_month as
with monthly as (
    select dimension, value, country, period as month, is_internship, is_ai_ml,
           new_postings, open_postings, closed_postings
    from trend_counts
    where grain = 'month'
),

paired as (
    select
        m.*,
        p.new_postings    as previous_new,
        p.open_postings   as previous_open,
        p.closed_postings as previous_closed
    from monthly m
    left join monthly p
      on p.dimension = m.dimension and p.value = m.value and p.country = m.country
     and p.is_internship = m.is_internship and p.is_ai_ml = m.is_ai_ml
     and p.month = m.month - interval 1 month
)

select
    dimension, value, nullif(country, '') as country, month, is_internship, is_ai_ml,
    new_postings, coalesce(previous_new, 0) as previous_new,
    new_postings - coalesce(previous_new, 0) as new_change,
    open_postings, coalesce(previous_open, 0) as previous_open,
    open_postings - coalesce(previous_open, 0) as open_change,
    case when coalesce(previous_open, 0) > 0 then round((open_postings - previous_open) / previous_open, 3) end
        as open_change_share,
    closed_postings, coalesce(previous_closed, 0) as previous_closed
from paired;

-- Crawl health per week: how many sources were crawled, failed, or judged unfit to close
-- postings (went silent, collapsed, missing fields).
create or replace view crawl_health_weekly as
select
    date_trunc('week', crawl_date)::date                      as week,
    count(distinct crawl_date)                                 as nights,
    count(*)                                                   as source_nights,
    count(*) filter (where verdict = 'healthy')                as healthy,
    count(*) filter (where verdict = 'failed')                 as failed,
    count(*) filter (where verdict not in ('healthy', 'failed')) as suspicious,
    round(count(*) filter (where verdict = 'healthy') / count(*), 3) as healthy_share
from crawl_health
group by all;

-- New internships (jobs) per month by industry, the last $months months.
select month, industry, sum(new_postings)::bigint as new_internships
from trend_industry_monthly
where is_internship
  and month > (select max(period) from trend_counts where grain = 'month') - to_months($months::integer)
group by all
order by month, industry;

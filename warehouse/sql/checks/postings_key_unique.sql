-- Fails with every posting_key that has more than one row in the postings mart.
select
    posting_key,
    count(*) as rows
from postings
group by posting_key
having count(*) > 1

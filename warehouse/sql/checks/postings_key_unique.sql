-- Fails with every posting_key that has more than one row in the postings mart.
-- (The postings view has two rows for a key only where posting_state holds the key twice or
-- posting_versions holds its version twice. Each table is grouped alone to find those keys,
-- and only they are counted in the view: joining the two tables for every posting cost twice
-- as much, and more as history grew.)
with doubled as (
    select posting_key from posting_state group by posting_key having count(*) > 1
    union
    select posting_key from posting_versions group by posting_key, content_hash having count(*) > 1
)

select
    posting_key,
    count(*) as rows
from postings
where posting_key in (select posting_key from doubled)
group by posting_key
having count(*) > 1

-- Fails with every posting_key that has more than one row in the postings mart.
-- (The postings view has two rows for a key only where posting_state holds the key twice or
-- posting_versions holds a version id twice: the same version stored twice, or two versions
-- whose ids collide. Each table is grouped alone to find those keys, and only they are
-- counted in the view: joining the two tables for every posting cost twice as much, and more
-- as history grew.)
-- posting_state is grouped by a 64-bit hash of its key first, which is cheaper to group than
-- the strings (at a year of history the check took 50 ms, then 26): only keys whose hash
-- repeats, almost always none, are grouped again by the key itself.
with state_twice as (
    select hash(posting_key) as h from posting_state group by h having count(*) > 1
),

version_twice as (
    select version_id from posting_versions group by version_id having count(*) > 1
),

doubled as (
    select posting_key from posting_state
    where hash(posting_key) in (select h from state_twice)
    group by posting_key having count(*) > 1
    union
    select posting_key from posting_versions
    where version_id in (select version_id from version_twice)
)

select
    posting_key,
    count(*) as rows
from postings
where posting_key in (select posting_key from doubled)
group by posting_key
having count(*) > 1

-- Fails with postings whose lifecycle dates contradict each other:
-- first_seen <= last_seen, and a closed posting closed after it was last seen.
select
    posting_key,
    first_seen,
    last_seen,
    closed_at
from postings
where first_seen is null
   or last_seen is null
   or first_seen > last_seen
   or (closed_at is not null and closed_at <= last_seen)
   or (closed_at is null) <> is_open

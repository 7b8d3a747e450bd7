-- Fails with postings whose lifecycle dates contradict each other:
-- first_seen <= last_seen, and a closed posting closed after it was last seen.
-- (Read from posting_state, where the lifecycle is kept: the postings view joins each posting's
-- version, which this check does not need, a join that grows with history; it derives is_open
-- from closed_at.)
select
    posting_key,
    first_seen,
    last_seen,
    closed_at
from posting_state
where first_seen is null
   or last_seen is null
   or first_seen > last_seen
   or (closed_at is not null and closed_at <= last_seen)

-- Apply postings_next: rebuilt rows from their versions, dates updated in place.
delete from postings
where posting_key in (select posting_key from mart_keys);

insert into postings by name
select
    v.*,
    n.first_seen,
    n.last_seen,
    n.closed_at,
    n.closed_at is null as is_open
from postings_next n
join posting_versions v using (posting_key, content_hash)
where n.posting_key in (select posting_key from rebuilt_keys);

update postings p
set first_seen = n.first_seen,
    last_seen  = n.last_seen,
    closed_at  = n.closed_at,
    is_open    = n.closed_at is null
from postings_next n
where p.posting_key = n.posting_key
  and n.posting_key not in (select posting_key from rebuilt_keys)
  and (p.first_seen <> n.first_seen
       or p.last_seen <> n.last_seen
       or p.closed_at is distinct from n.closed_at);

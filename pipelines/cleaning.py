"""Raw responses to clean postings: platform mapping, HTML to text, dedup, content hash.

Pure functions over the raw lake's records; the Dagster asset only calls `clean_attempts`.

A source whose pages are the same as on a night already loaded (the same *clean fingerprint*:
its pages' fingerprint from the raw lake, the board, the company and CLEANER_VERSION) is not
mapped again: `clean_attempts` asks `known` for what that night's pages gave and reuses it.

A source whose pages changed is mapped again, but most of its postings usually did not change:
each mapped posting's *item digest* (every field the mapper gave it, its source's configured
industry and CLEANER_VERSION) is asked of `known_items`, and a posting cleaned before from the
same fields is not cleaned again (HTML to text, content hash): its (posting_key, content_hash)
is sighted as it is.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd
import pyarrow as pa

from pipelines.tagging.text import html_to_text
from scrapers.mappers import MAPPERS, map_attempt
from scrapers.rawlake import Attempt

# Bump when a platform mapper or the cleaning here changes what the same pages give: every
# source is then mapped again instead of reusing an earlier night's result.
CLEANER_VERSION = "2"

CLEAN_COLUMNS = [
    "posting_key", "source", "platform", "board", "external_id", "company", "title", "url",
    "locations", "description_text", "employment_type", "department", "posted_at",
    "updated_at", "workplace_type", "compensation", "content_hash", "source_industry",
]
RUN_FIELDS = [
    "source", "platform", "board", "status", "items", "errors", "error_message", "requests",
    "bytes", "duration_s", "started_at",
]
SIGHTING_COLUMNS = ["source", "posting_key", "content_hash"]
SIGHTINGS = pa.schema([(name, pa.string()) for name in SIGHTING_COLUMNS])
# What identifies a version of a posting: a change here is a real edit, a new timestamp is not.
_HASHED = (
    "title", "company", "url", "locations", "description_text", "employment_type", "department",
    "workplace_type", "compensation",
)


# Mapped postings looked up (`known_items`) at a time: one lookup per batch, and a batch's
# mapped fields (their HTML) held at once.
ITEM_BATCH = 2_000


@dataclass
class CleanResult:
    """One crawl date cleaned: the postings cleaned from raw pages tonight, the crawl runs (with
    each source's clean fingerprint), what was dropped, every posting sighted (cleaned or
    reused), the sources whose earlier result was reused, the (item digest, posting_key,
    content_hash) of each posting cleaned tonight, and how many mapped postings were reused by
    their item digest instead of cleaned. `sightings` is an Arrow table (SIGHTINGS): most of a
    night's are a known source's pairs, which come from the warehouse as Arrow and never pass
    through Python."""

    postings: pd.DataFrame
    runs: list[dict[str, Any]]
    dropped: Counter = field(default_factory=Counter)
    sightings: pa.Table = field(default_factory=SIGHTINGS.empty_table)
    reused: list[str] = field(default_factory=list)
    items: list[tuple[str, str, str]] = field(default_factory=list)
    items_reused: int = 0


def _clean_text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def content_hash(row: dict[str, Any]) -> str:
    """A stable hash of the fields that make a posting's content."""
    payload = json.dumps([row.get(k) for k in _HASHED], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def run_from_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """A crawl_runs row from an attempt's meta file."""
    return {k: meta.get(k) for k in RUN_FIELDS}


def clean_fingerprint(attempt: Attempt) -> str:
    """What decides the clean postings of a source's crawl: its pages, board and company, and
    CLEANER_VERSION. Equal fingerprints give equal postings."""
    parts = [CLEANER_VERSION, attempt.platform, attempt.board, attempt.meta.get("company") or "", attempt.pages_fingerprint()]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def item_digest(mapped: dict[str, Any], industry: str | None) -> str:
    """What decides one mapped posting's clean row: every field the mapper gave it (as
    `Posting.to_dict` returns them), its source's configured industry and CLEANER_VERSION.
    Equal digests give equal clean rows. (Pickled, not JSON: a tenth of the cost of cleaning.)"""
    payload = pickle.dumps((CLEANER_VERSION, industry, tuple(mapped.items())), protocol=5)
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def mapped_postings(attempt: Attempt, dropped: Counter) -> tuple[list[dict[str, Any]], int]:
    """Every record of one attempt mapped to postings (`Posting.to_dict`, not cleaned yet);
    returns them and the mapping errors."""
    module = MAPPERS.get(attempt.platform)
    if module is None:
        dropped["unknown_platform"] += 1
        return [], 1
    postings, messages, repeats = map_attempt(
        module, attempt.records(), board=attempt.board, company=attempt.meta.get("company")
    )
    dropped["unmappable"] += len(messages)
    dropped["duplicate_posting_key"] += repeats
    return [posting.to_dict() for posting in postings], len(messages)


def clean_row(mapped: dict[str, Any], industry: str | None) -> dict[str, Any]:
    """One mapped posting's clean row (`mapped` is used up)."""
    row = mapped
    row["title"] = _clean_text(row["title"])
    row["company"] = _clean_text(row["company"])
    row["locations"] = [loc for loc in (_clean_text(x) for x in row["locations"]) if loc]
    row["description_text"] = html_to_text(row.pop("description_html") or "")
    row["content_hash"] = content_hash(row)
    row["source_industry"] = industry  # a sources-file `industry:`, for tagging
    return row


def clean_attempts(
    attempts: Iterable[Attempt],
    known: Callable[[dict[str, str]], Mapping[str, tuple[Sequence[tuple[str, str]], int]]] = lambda fingerprints: {},
    known_items: Callable[[list[str]], Mapping[str, tuple[str, str]]] = lambda digests: {},
) -> CleanResult:
    """Clean postings from the latest attempts of one crawl date; failed sources yield runs only.

    `known(fingerprints)` gets {source: clean fingerprint} of the successful sources and returns,
    for those whose fingerprint an earlier load already saw, the sightings its pages gave (an
    Arrow table of SIGHTING_COLUMNS, which goes into the night's sightings as it is) and how
    many items could not be mapped; those sources are not mapped again.
    Either way a run's `errors` adds the unmappable items (`map_errors`) to the crawl's own.

    `known_items(digests)` gets the item digests of the postings mapped from the other sources
    and returns {digest: (posting_key, content_hash)} for those cleaned before (and still
    stored): they are sighted, not cleaned again. By default none is: every mapped posting is cleaned.
    """
    attempts = list(attempts)
    runs: list[dict[str, Any]] = []
    fingerprints: dict[str, str] = {}
    for attempt in attempts:
        run = run_from_meta(attempt.meta)
        run["pages_fingerprint"] = clean_fingerprint(attempt) if run["status"] == "ok" else None
        run["map_errors"] = 0
        run["source_industry"] = attempt.meta.get("industry")  # a sources-file `industry:`
        if run["pages_fingerprint"]:
            fingerprints[attempt.source] = run["pages_fingerprint"]
        runs.append(run)
    reuse = dict(known(fingerprints)) if fingerprints else {}
    rows: list[dict[str, Any]] = []
    digests: list[str] = []  # each row's item digest
    # The night's sightings in order, in parts: Arrow tables (a known source's) and lists of
    # (source, posting_key, content_hash).
    sighted: list[pa.Table | list[tuple[str, str, str]]] = []
    dropped: Counter = Counter()
    waiting: list[tuple[str, str | None, dict[str, Any], str]] = []  # (source, industry, mapped, digest)
    items_reused = 0

    def settle_waiting() -> None:
        nonlocal items_reused
        found = known_items([w[3] for w in waiting])
        reused_rows = []
        for source, industry, mapped, digest in waiting:
            pair = found.get(digest)
            if pair is None:
                rows.append(clean_row(mapped, industry))
                digests.append(digest)
            else:
                reused_rows.append((source, *pair))
        items_reused += len(reused_rows)
        sighted.append(reused_rows)
        waiting.clear()

    for attempt, run in zip(attempts, runs):
        if run["status"] != "ok":
            continue
        if attempt.source in reuse:
            known_sightings, errors = reuse[attempt.source]
            sighted.append(known_sightings)
        else:
            mapped, errors = mapped_postings(attempt, dropped)
            industry = attempt.meta.get("industry")
            waiting += [(attempt.source, industry, m, item_digest(m, industry)) for m in mapped]
            if len(waiting) >= ITEM_BATCH:
                settle_waiting()
        run["map_errors"] = errors
        run["errors"] = (run["errors"] or 0) + errors
    if waiting:
        settle_waiting()
    frame = pd.DataFrame(rows, columns=CLEAN_COLUMNS) if rows else pd.DataFrame(columns=CLEAN_COLUMNS)
    before = len(frame)
    kept = ~frame["posting_key"].duplicated(keep="first")
    frame = frame[kept].reset_index(drop=True)
    dropped["duplicate_posting_key"] += before - len(frame)
    for col in ("posted_at", "updated_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True, errors="coerce", format="ISO8601")
    cleaned = list(zip(*(frame[c].tolist() for c in SIGHTING_COLUMNS)))
    sighted.append(cleaned)
    sightings = sightings_table(sighted)
    items = []
    if digests:
        items = [(digest, key, content) for digest, (_, key, content) in
                 zip((d for d, k in zip(digests, kept.tolist()) if k), cleaned)]
    return CleanResult(frame, runs, +dropped, sightings, sorted(reuse), items, items_reused)


def sightings_table(parts: Iterable[pa.Table | Sequence[tuple[str, str, str]]]) -> pa.Table:
    """Sightings given in parts (Arrow tables of SIGHTING_COLUMNS, or lists of (source,
    posting_key, content_hash)) as one Arrow table (SIGHTINGS), in order, in one chunk."""
    tables = []
    for part in parts:
        if isinstance(part, pa.Table):
            tables.append(part.select(SIGHTING_COLUMNS).cast(SIGHTINGS))
        elif part:
            tables.append(pa.table(dict(zip(SIGHTING_COLUMNS, map(list, zip(*part)))), schema=SIGHTINGS))
    return pa.concat_tables(tables).combine_chunks() if tables else SIGHTINGS.empty_table()


def remember_sightings(
    earlier: dict[str, tuple[str, pa.Table, int]], copied: set[str], runs: list[dict[str, Any]], sightings: pa.Table,
) -> None:
    """Keep what later dates of one run may reuse of a date just cleaned: `earlier` becomes
    {source: (clean fingerprint, its sightings, map errors)} of each source's latest crawl with
    a fingerprint. Tonight's are slices of one copy of `sightings`; a source not crawled tonight
    keeps an older night's, copied (and named in `copied`), so that a board that stays down
    does not hold a whole older night's table for the rest of the run."""
    from warehouse.reuse import sightings_by_source

    by_source = sightings_by_source(sightings)
    none = SIGHTINGS.empty_table()
    refreshed = set()
    for run in runs:
        if run["pages_fingerprint"]:
            refreshed.add(run["source"])
            earlier[run["source"]] = (run["pages_fingerprint"], by_source.get(run["source"], none), run["map_errors"])
    for source in earlier.keys() - refreshed - copied:
        fingerprint, sighted, errors = earlier[source]
        earlier[source] = (fingerprint, sighted.take(pa.array(range(sighted.num_rows), pa.int64())), errors)
        copied.add(source)
    copied -= refreshed

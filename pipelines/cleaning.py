"""Raw responses to clean postings: platform mapping, HTML to text, dedup, content hash.

Pure functions over the raw lake's records; the Dagster asset only calls `clean_attempts`.

A source whose pages are the same as on a night already loaded (the same *clean fingerprint*:
its pages' fingerprint from the raw lake, the board, the company and CLEANER_VERSION) is not
mapped again: `clean_attempts` asks `known` for what that night's pages gave and reuses it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import pandas as pd

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
# What identifies a version of a posting: a change here is a real edit, a new timestamp is not.
_HASHED = (
    "title", "company", "url", "locations", "description_text", "employment_type", "department",
    "workplace_type", "compensation",
)


@dataclass
class CleanResult:
    """One crawl date cleaned: the postings mapped from raw pages tonight, the crawl runs (with
    each source's clean fingerprint), what was dropped, every posting sighted (mapped or
    reused) and the sources whose earlier result was reused."""

    postings: pd.DataFrame
    runs: list[dict[str, Any]]
    dropped: Counter = field(default_factory=Counter)
    sightings: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=SIGHTING_COLUMNS))
    reused: list[str] = field(default_factory=list)


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


def postings_from_attempt(attempt: Attempt, dropped: Counter) -> tuple[list[dict[str, Any]], int]:
    """Map every record of one attempt to posting rows; returns rows and the mapping errors."""
    module = MAPPERS.get(attempt.platform)
    if module is None:
        dropped["unknown_platform"] += 1
        return [], 1
    postings, messages, repeats = map_attempt(
        module, attempt.records(), board=attempt.board, company=attempt.meta.get("company")
    )
    dropped["unmappable"] += len(messages)
    dropped["duplicate_posting_key"] += repeats
    rows, errors = [], len(messages)
    for posting in postings:
        row = posting.to_dict()
        row["title"] = _clean_text(row["title"])
        row["company"] = _clean_text(row["company"])
        row["locations"] = [loc for loc in (_clean_text(x) for x in row["locations"]) if loc]
        row["description_text"] = html_to_text(row.pop("description_html") or "")
        row["content_hash"] = content_hash(row)
        row["source_industry"] = attempt.meta.get("industry")  # a sources-file `industry:`, for tagging
        rows.append(row)
    return rows, errors


def clean_attempts(
    attempts: Iterable[Attempt],
    known: Callable[[dict[str, str]], Mapping[str, tuple[Sequence[tuple[str, str]], int]]] = lambda fingerprints: {},
) -> CleanResult:
    """Clean postings from the latest attempts of one crawl date; failed sources yield runs only.

    `known(fingerprints)` gets {source: clean fingerprint} of the successful sources and returns,
    for those whose fingerprint an earlier load already saw, the (posting_key, content_hash)
    pairs it gave and how many items could not be mapped; those sources are not mapped again.
    Either way a run's `errors` adds the unmappable items (`map_errors`) to the crawl's own.
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
    sighted: list[tuple[str, str, str]] = []
    dropped: Counter = Counter()
    for attempt, run in zip(attempts, runs):
        if run["status"] != "ok":
            continue
        if attempt.source in reuse:
            pairs, errors = reuse[attempt.source]
            sighted += [(attempt.source, key, digest) for key, digest in pairs]
        else:
            source_rows, errors = postings_from_attempt(attempt, dropped)
            rows.extend(source_rows)
        run["map_errors"] = errors
        run["errors"] = (run["errors"] or 0) + errors
    frame = pd.DataFrame(rows, columns=CLEAN_COLUMNS) if rows else pd.DataFrame(columns=CLEAN_COLUMNS)
    before = len(frame)
    frame = frame.drop_duplicates("posting_key", keep="first").reset_index(drop=True)
    dropped["duplicate_posting_key"] += before - len(frame)
    for col in ("posted_at", "updated_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True, errors="coerce", format="ISO8601")
    sighted += list(zip(*(frame[c].tolist() for c in SIGHTING_COLUMNS)))
    sightings = pd.DataFrame(sighted, columns=SIGHTING_COLUMNS)
    return CleanResult(frame, runs, +dropped, sightings, sorted(reuse))

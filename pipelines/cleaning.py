"""Raw responses to clean postings: platform mapping, HTML to text, dedup, content hash.

Pure functions over the raw lake's records; the Dagster asset only calls `clean_attempts`.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

import pandas as pd

from pipelines.tagging.text import html_to_text
from scrapers.platforms import PLATFORMS
from scrapers.platforms.base import map_attempt
from scrapers.rawlake import Attempt

CLEAN_COLUMNS = [
    "posting_key", "source", "platform", "board", "external_id", "company", "title", "url",
    "locations", "description_text", "employment_type", "department", "posted_at",
    "updated_at", "workplace_type", "compensation", "content_hash", "source_industry",
]
RUN_FIELDS = [
    "source", "platform", "board", "status", "items", "errors", "error_message", "requests",
    "bytes", "duration_s", "started_at",
]
# What identifies a version of a posting: a change here is a real edit, a new timestamp is not.
_HASHED = (
    "title", "company", "url", "locations", "description_text", "employment_type", "department",
    "workplace_type", "compensation",
)


@dataclass
class CleanResult:
    """Clean postings of one crawl date, the crawl runs they came from, and what was dropped."""

    postings: pd.DataFrame
    runs: list[dict[str, Any]]
    dropped: Counter = field(default_factory=Counter)


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


def postings_from_attempt(attempt: Attempt, dropped: Counter) -> tuple[list[dict[str, Any]], int]:
    """Map every record of one attempt to posting rows; returns rows and the mapping errors."""
    module = PLATFORMS.get(attempt.platform)
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


def clean_attempts(attempts: Iterable[Attempt]) -> CleanResult:
    """Clean postings from the latest attempts of one crawl date; failed sources yield runs only."""
    rows: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    dropped: Counter = Counter()
    for attempt in attempts:
        run = run_from_meta(attempt.meta)
        if run["status"] == "ok":
            source_rows, errors = postings_from_attempt(attempt, dropped)
            rows.extend(source_rows)
            run["errors"] = (run["errors"] or 0) + errors
        runs.append(run)
    frame = pd.DataFrame(rows, columns=CLEAN_COLUMNS) if rows else pd.DataFrame(columns=CLEAN_COLUMNS)
    before = len(frame)
    frame = frame.drop_duplicates("posting_key", keep="first").reset_index(drop=True)
    dropped["duplicate_posting_key"] += before - len(frame)
    for col in ("posted_at", "updated_at"):
        frame[col] = pd.to_datetime(frame[col], utc=True, errors="coerce", format="ISO8601")
    return CleanResult(frame, runs, +dropped)

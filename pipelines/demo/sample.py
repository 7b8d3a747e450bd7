"""The bundled demo sample: Greenhouse board payloads and a community internship list as they
look on each simulated night.

The data lives in `sample/boards/*.json` (every job a board ever shows, in the exact API
format), `sample/listings.json` (every row the list ever shows, in its `listings.json` format)
and `sample/schedule.yaml` (visibility and edits per night, and the board that is down one
night); `build_sample.py` generates them. These functions only read them.
"""

from __future__ import annotations

import copy
import html
import json
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

SAMPLE_DIR = Path(__file__).resolve().parent / "sample"


@lru_cache(maxsize=1)
def _schedule() -> dict[str, Any]:
    return yaml.safe_load((SAMPLE_DIR / "schedule.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _catalogue(board: str) -> dict[str, Any]:
    path = SAMPLE_DIR / "boards" / f"{board}.json"
    if not path.exists():
        raise KeyError(f"unknown demo board {board!r}; known: {', '.join(b['board'] for b in list_boards())}")
    return json.loads(path.read_text(encoding="utf-8"))


NIGHTS: int = _schedule()["nights"]


def list_boards() -> list[dict[str, str]]:
    """The demo companies: board name, company name, and our industry label for it."""
    return [dict(c) for c in _schedule()["companies"]]


def _check_night(night: int) -> None:
    if not 1 <= night <= NIGHTS:
        raise ValueError(f"night {night} is outside 1..{NIGHTS}")


def board_status(board: str, night: int) -> int:
    """HTTP status the board answers with on `night`: 200, or 503 on its down night."""
    _check_night(night)
    _catalogue(board)
    return 503 if _schedule()["board_down"].get(board) == night else 200


def _night_time(night_date: date, night: int, offset_hours: int = -4) -> str:
    tz = timezone(timedelta(hours=offset_hours))
    return datetime.combine(night_date, time(9, 0), tz).isoformat()


def board_payload(board: str, night: int, night_date: date | None = None) -> dict[str, Any]:
    """The exact API response of `board` on `night` (1-based): visible jobs, edits applied."""
    _check_night(night)
    jobs_plan = _schedule()["jobs"]
    jobs = []
    for job in copy.deepcopy(_catalogue(board)["jobs"]):
        plan = jobs_plan.get(job["id"], {})
        nights = plan.get("nights", range(1, NIGHTS + 1))
        if night not in nights:
            continue
        changed_on = None
        for change_night, change in sorted((plan.get("changes") or {}).items()):
            if change_night <= night:
                changed_on = change_night
                if "title" in change:
                    job["title"] = change["title"]
                if "content_append" in change:
                    job["content"] += html.escape(change["content_append"], quote=True)
        if night_date is not None:
            first = min(nights)
            job["first_published"] = _night_time(night_date - timedelta(days=5 * (night - first)), first)
            job["updated_at"] = _night_time(night_date - timedelta(days=5 * (night - (changed_on or first))), night)
        jobs.append(job)
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def listings_source() -> dict[str, str]:
    """The community list: its board name (as a sources file names it) and the path it is served at."""
    plan = _schedule()["listings"]
    return {"board": plan["board"], "path": plan["path"]}


@lru_cache(maxsize=1)
def _listings() -> list[dict[str, Any]]:
    return json.loads((SAMPLE_DIR / "listings.json").read_text(encoding="utf-8"))


def _epoch(night_date: date, days_before: int) -> int:
    return int(datetime.combine(night_date - timedelta(days=days_before), time(9, 0), timezone.utc).timestamp())


def listings_payload(night: int, night_date: date | None = None) -> list[dict[str, Any]]:
    """The list's ``listings.json`` on `night`: rows added so far, each open on its nights and
    marked ``active: false`` once its job has closed (lists keep closed rows); dated from
    `night_date` like the boards' postings."""
    _check_night(night)
    plan = _schedule()["listings"]["rows"]
    rows = []
    for row in copy.deepcopy(_listings()):
        nights = plan.get(row["id"], {}).get("nights", range(1, NIGHTS + 1))
        if night < min(nights):
            continue
        if night not in nights:
            row["active"] = False
        if night_date is not None:
            row["date_posted"] = _epoch(night_date, 5 * (night - min(nights)))
            last_change = night if night not in nights else min(nights)
            row["date_updated"] = _epoch(night_date, 5 * (night - last_change))
        rows.append(row)
    return rows

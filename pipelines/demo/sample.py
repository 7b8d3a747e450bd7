"""The bundled demo sample: Greenhouse board payloads as they look on each simulated night.

The data lives in `sample/boards/*.json` (every job a board ever shows, in the exact API
format) and `sample/schedule.yaml` (visibility and edits per night, and the board that is
down one night); `build_sample.py` generates both. These functions only read them.
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

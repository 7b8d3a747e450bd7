"""The raw lake: every response we fetched, as gzip JSON Lines, never rewritten.

Layout (Hive-style, so DuckDB can read it directly too)::

    raw/crawl_date=2026-11-25/platform=greenhouse/board=acme/attempt-20261125T020001123456Z.jsonl.gz
    raw/crawl_date=2026-11-25/platform=greenhouse/board=acme/attempt-20261125T020001123456Z.meta.json

Each crawl of a source is a new *attempt*; re-crawling a date adds an attempt and keeps the old
one. Downstream reads the latest attempt that has a meta file, which is written last, so a crawl
killed half-way is never read as if it were complete.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Iterator

DATA_SUFFIX = ".jsonl.gz"
META_SUFFIX = ".meta.json"


def page_digest(record: dict[str, Any]) -> str:
    """What one raw record says, for telling unchanged pages apart: kind, URL, outcome and the
    exact body (a 304's reused body counts as the 200 it stands for); not when it was fetched."""
    status = int(record.get("status") or 0)
    outcome = "ok" if 200 <= status < 300 or status == 304 else str(status)
    body = record.get("body_base64") or record.get("body") or ""
    payload = json.dumps([record.get("kind", "board"), record.get("url"), outcome, body], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def pages_fingerprint(digests: Iterator[str] | list[str]) -> str:
    """One source's crawl as a whole: the same pages in any order give the same fingerprint."""
    return hashlib.sha256("\n".join(sorted(digests)).encode("ascii")).hexdigest()


def new_attempt_id(now: datetime | None = None) -> str:
    """A sortable, unique-enough id for one crawl run (UTC, microseconds)."""
    return (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def source_dir(raw_dir: str | Path, crawl_date: str, platform: str, board: str) -> Path:
    return Path(raw_dir) / f"crawl_date={crawl_date}" / f"platform={platform}" / f"board={board}"


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON next to its final name, then rename, so readers see all or nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str), encoding="utf-8")
    os.replace(tmp, path)


class AttemptWriter:
    """Appends raw records of one source's attempt; `finish` publishes data then meta."""

    def __init__(self, directory: Path, attempt: str):
        self.directory = directory
        self.attempt = attempt
        self.data_path = directory / f"attempt-{attempt}{DATA_SUFFIX}"
        self.meta_path = directory / f"attempt-{attempt}{META_SUFFIX}"
        self._partial = self.data_path.with_name(self.data_path.name + ".partial")
        self._fh: gzip.GzipFile | None = None
        self.records = 0
        self._digests: list[str] = []

    def write(self, record: dict[str, Any]) -> None:
        if self._fh is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fh = gzip.open(self._partial, "wb")
        self._fh.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        self._digests.append(page_digest(record))
        self.records += 1

    def finish(self, meta: dict[str, Any]) -> None:
        if self._fh is None:  # no response at all (e.g. DNS failure): still publish an empty file
            self.directory.mkdir(parents=True, exist_ok=True)
            self._fh = gzip.open(self._partial, "wb")
        self._fh.close()
        os.replace(self._partial, self.data_path)
        write_json_atomic(
            self.meta_path,
            {**meta, "attempt": self.attempt, "records": self.records, "pages_fingerprint": pages_fingerprint(self._digests)},
        )


@dataclass(frozen=True)
class Attempt:
    """A finished crawl attempt of one source on one crawl date."""

    crawl_date: str
    platform: str
    board: str
    attempt: str
    data_path: Path
    meta: dict[str, Any]

    @property
    def source(self) -> str:
        return f"{self.platform}:{self.board}"

    def records(self) -> Iterator[dict[str, Any]]:
        with gzip.open(self.data_path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)

    def pages_fingerprint(self) -> str:
        """The attempt's fingerprint: from its meta file (written by the crawl), else read."""
        return self.meta.get("pages_fingerprint") or pages_fingerprint(page_digest(r) for r in self.records())


def latest_attempts(raw_dir: str | Path, crawl_date: str) -> list[Attempt]:
    """The newest finished attempt of every source crawled on `crawl_date`, sorted by source."""
    day = Path(raw_dir) / f"crawl_date={crawl_date}"
    found: list[Attempt] = []
    for meta_path in sorted(day.glob(f"platform=*/board=*/attempt-*{META_SUFFIX}")):
        platform = meta_path.parent.parent.name.split("=", 1)[1]
        board = meta_path.parent.name.split("=", 1)[1]
        attempt = meta_path.name[len("attempt-") : -len(META_SUFFIX)]
        data_path = meta_path.with_name(f"attempt-{attempt}{DATA_SUFFIX}")
        if not data_path.exists():
            continue
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        found.append(Attempt(crawl_date, platform, board, attempt, data_path, meta))
    latest: dict[tuple[str, str], Attempt] = {}
    for a in found:
        key = (a.platform, a.board)
        if key not in latest or a.attempt > latest[key].attempt:
            latest[key] = a
    return [latest[k] for k in sorted(latest)]


def previous_attempt(raw_dir: str | Path, crawl_date: str, platform: str, board: str) -> Attempt | None:
    """The newest successful attempt of one source on a crawl date before `crawl_date`.

    Conditional requests revalidate against it: its stored ETag / Last-Modified headers go out
    with tonight's request, and on a 304 its stored body is tonight's answer.
    """
    root = Path(raw_dir)
    dates = sorted(
        (p.name.split("=", 1)[1] for p in root.glob("crawl_date=*")
         if p.name.split("=", 1)[1] < crawl_date and (p / f"platform={platform}" / f"board={board}").is_dir()),
        reverse=True,
    )
    for day in dates:
        for attempt in latest_attempts_of(root, day, platform, board):
            if attempt.meta.get("status") == "ok":
                return attempt
    return None


def latest_attempts_of(raw_dir: Path, crawl_date: str, platform: str, board: str) -> list[Attempt]:
    """Finished attempts of one source on one date, newest first."""
    directory = source_dir(raw_dir, crawl_date, platform, board)
    found = []
    for meta_path in sorted(directory.glob(f"attempt-*{META_SUFFIX}"), reverse=True):
        attempt = meta_path.name[len("attempt-") : -len(META_SUFFIX)]
        data_path = meta_path.with_name(f"attempt-{attempt}{DATA_SUFFIX}")
        if data_path.exists():
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            found.append(Attempt(crawl_date, platform, board, attempt, data_path, meta))
    return found


def crawl_dates(raw_dir: str | Path) -> list[str]:
    """Every crawl date the raw lake holds a finished attempt for, oldest first."""
    root = Path(raw_dir)
    return sorted(
        p.name.split("=", 1)[1] for p in root.glob("crawl_date=*") if any(p.glob(f"platform=*/board=*/*{META_SUFFIX}"))
    )

"""Data tests kept as SQL files that return failing rows (empty result = pass).

A check may use ``$crawl_date`` (the night being loaded; default: the latest crawl date) and
may declare ``-- severity: warn`` in its header: it then flags without blocking (drift checks,
whose sources the lifecycle already keeps from closing anything).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

CHECKS_DIR = Path(__file__).parent / "sql" / "checks"


def check_names() -> list[str]:
    return sorted(p.stem for p in CHECKS_DIR.glob("*.sql"))


def _path(name: str) -> Path:
    path = CHECKS_DIR / f"{name}.sql"
    if not path.exists():
        raise ValueError(f"unknown check {name!r}; known: {', '.join(check_names())}")
    return path


def failing_rows(con: duckdb.DuckDBPyConnection, name: str, crawl_date: date | None = None) -> pd.DataFrame:
    """Run the check `name` (a file in sql/checks/) and return the rows that fail it."""
    sql = _path(name).read_text(encoding="utf-8")
    if "$crawl_date" not in sql:
        return con.execute(sql).df()
    if crawl_date is None:
        crawl_date = con.execute("select max(crawl_date) from crawl_runs").fetchall()[0][0]
    return con.execute(sql, {"crawl_date": crawl_date}).df()


def _header(name: str) -> list[str]:
    lines = _path(name).read_text(encoding="utf-8").splitlines()
    return [line.lstrip("- ").strip() for line in lines if line.startswith("--")]


def check_severity(name: str) -> str:
    """"error" (the default: blocks what comes after) or "warn" (flags only)."""
    for line in _header(name):
        if line.lower().startswith("severity:"):
            return line.split(":", 1)[1].strip().lower()
    return "error"


def check_description(name: str) -> str:
    """The check's leading SQL comment, as one line (without the severity line)."""
    return " ".join(line for line in _header(name) if not line.lower().startswith("severity:"))

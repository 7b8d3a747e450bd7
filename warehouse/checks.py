"""Data tests kept as SQL files that return failing rows (empty result = pass)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

CHECKS_DIR = Path(__file__).parent / "sql" / "checks"


def check_names() -> list[str]:
    return sorted(p.stem for p in CHECKS_DIR.glob("*.sql"))


def failing_rows(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Run the check `name` (a file in sql/checks/) and return the rows that fail it."""
    path = CHECKS_DIR / f"{name}.sql"
    if not path.exists():
        raise ValueError(f"unknown check {name!r}; known: {', '.join(check_names())}")
    return con.sql(path.read_text(encoding="utf-8")).df()


def check_description(name: str) -> str:
    """The check's leading SQL comment, as one line."""
    lines = (CHECKS_DIR / f"{name}.sql").read_text(encoding="utf-8").splitlines()
    return " ".join(line.lstrip("- ").strip() for line in lines if line.startswith("--"))

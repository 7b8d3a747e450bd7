"""Trend queries behind `internradar trends`: one SQL file per dimension, bound parameters."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from warehouse.db import read_sql

if TYPE_CHECKING:
    import duckdb

DIMENSIONS = ("industry", "city", "skill")


def trend_rows(
    con: duckdb.DuckDBPyConnection, dimension: str, since: date | None = None, internships_only: bool = True
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """New and open postings per week by `dimension` (plus the AI/ML share of each), as column
    names and rows: read from the precomputed trend counts, so it costs the same at any age."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown trend dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
    sql = read_sql(f"queries/trend_{dimension}.sql")
    relation = con.execute(sql, {"since": since, "internships_only": internships_only})
    columns = [d[0] for d in relation.description]
    return columns, relation.fetchall()


def trends(con: duckdb.DuckDBPyConnection, dimension: str, since: date | None = None, internships_only: bool = True):
    """The same as a pandas DataFrame (for notebooks and tests)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown trend dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
    sql = read_sql(f"queries/trend_{dimension}.sql")
    return con.execute(sql, {"since": since, "internships_only": internships_only}).df()

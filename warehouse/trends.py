"""Trend queries behind `internradar trends`: one SQL file per dimension, bound parameters."""

from __future__ import annotations

from datetime import date

import duckdb
import pandas as pd

from warehouse.db import read_sql

DIMENSIONS = ("industry", "city", "skill")


def trends(
    con: duckdb.DuckDBPyConnection, dimension: str, since: date | None = None, internships_only: bool = True
) -> pd.DataFrame:
    """New and open postings per week by `dimension` (plus the AI/ML share of each)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown trend dimension {dimension!r}; choose one of {', '.join(DIMENSIONS)}")
    sql = read_sql(f"queries/trend_{dimension}.sql")
    return con.execute(sql, {"since": since, "internships_only": internships_only}).df()

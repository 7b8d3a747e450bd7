"""Compare two warehouses table by table (tests and the benchmark check incremental == rebuilt)."""

from __future__ import annotations

import duckdb

from warehouse.loader import DERIVED_TABLES

BASE_TABLES = ("crawl_runs", "sightings", "posting_versions", "posting_clusters")


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    """Every row of `table` (a fixed name), in a canonical order."""
    return con.execute(f"select * from {table} order by all").fetchall()


def differences(a: duckdb.DuckDBPyConnection, b: duckdb.DuckDBPyConnection, tables=BASE_TABLES + DERIVED_TABLES + ("postings",)) -> list[str]:
    """Tables whose rows differ between `a` and `b`, with a short account of how."""
    out = []
    for table in tables:
        rows_a, rows_b = table_rows(a, table), table_rows(b, table)
        if rows_a != rows_b:
            a_set, b_set = set(map(repr, rows_a)), set(map(repr, rows_b))
            only_a = sorted(a_set - b_set)[:3]
            only_b = sorted(b_set - a_set)[:3]
            out.append(f"{table}: {len(rows_a)} vs {len(rows_b)} rows; only in first {only_a}; only in second {only_b}")
    return out

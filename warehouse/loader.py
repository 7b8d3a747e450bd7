"""Load one crawl date into the warehouse: idempotent, order-independent, one transaction."""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import duckdb
import pandas as pd
import pyarrow as pa

from warehouse.db import execute_file, run_folder

PLACE = pa.struct([
    ("city", pa.string()), ("region", pa.string()), ("country", pa.string()),
    ("geonameid", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64()),
])
SALARY = pa.struct([("min", pa.float64()), ("max", pa.float64()), ("currency", pa.string()), ("period", pa.string())])
# The incoming postings frame, typed explicitly so empty or all-null columns load the same.
POSTINGS_SCHEMA = pa.schema([
    ("posting_key", pa.string()), ("content_hash", pa.string()), ("source", pa.string()),
    ("platform", pa.string()), ("board", pa.string()), ("external_id", pa.string()),
    ("company", pa.string()), ("title", pa.string()), ("url", pa.string()),
    ("locations", pa.list_(pa.string())), ("description_text", pa.string()),
    ("employment_type", pa.string()), ("department", pa.string()),
    ("posted_at", pa.timestamp("us", tz="UTC")), ("updated_at", pa.timestamp("us", tz="UTC")),
    ("workplace_type", pa.string()), ("compensation", pa.string()),
    ("is_internship", pa.bool_()), ("is_ai_ml", pa.bool_()), ("ai_ml_score", pa.float64()),
    ("industry", pa.string()), ("industries", pa.list_(pa.string())), ("remote", pa.string()),
    ("places", pa.list_(PLACE)), ("skills", pa.list_(pa.string())),
    ("role_family", pa.string()), ("industry_evidence", pa.list_(pa.string())),
    ("return_offer", pa.bool_()), ("beginner_friendly", pa.bool_()), ("visa_sponsorship", pa.string()),
    ("relocation_or_housing", pa.bool_()), ("paid", pa.string()), ("season", pa.string()),
    ("degree_level", pa.list_(pa.string())), ("salary", SALARY),
    ("tagger_version", pa.string()),
])
RUNS_SCHEMA = pa.schema([
    ("source", pa.string()), ("platform", pa.string()), ("board", pa.string()), ("status", pa.string()),
    ("items", pa.int32()), ("errors", pa.int32()), ("error_message", pa.string()), ("requests", pa.int32()),
    ("bytes", pa.int64()), ("duration_s", pa.float64()), ("started_at", pa.timestamp("us", tz="UTC")),
])


def _none_if_missing(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas
        return None
    if value is pd.NaT:
        return None
    return value


def _to_arrow(records: list[dict[str, Any]], schema: pa.Schema) -> pa.Table:
    columns = {f.name: [_none_if_missing(r.get(f.name)) for r in records] for f in schema}
    for f in schema:
        if pa.types.is_list(f.type):
            columns[f.name] = [list(v) if v is not None else [] for v in columns[f.name]]
    return pa.table(columns, schema=schema)


def postings_table(postings: pd.DataFrame) -> pa.Table:
    """The postings frame as an Arrow table with the warehouse's exact column types."""
    records = postings.to_dict("records")
    for r in records:
        r["places"] = [
            {k: _none_if_missing(p.get(k)) for k in ("city", "region", "country", "geonameid", "lat", "lon")}
            for p in (r.get("places") if r.get("places") is not None else [])
        ]
    return _to_arrow(records, POSTINGS_SCHEMA)


def rebuild_marts(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute postings, posting_places, posting_skills and posting_industries from the base tables."""
    run_folder(con, "marts")


def load_crawl(
    con: duckdb.DuckDBPyConnection,
    crawl_date: date,
    postings: pd.DataFrame,
    runs: list[dict[str, Any]],
    before_commit: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Replace what the warehouse knows of `crawl_date` for the sources in `runs`, then rebuild
    marts, in one transaction (`before_commit` runs inside it, last)."""
    incoming_postings = postings_table(postings)
    incoming_runs = _to_arrow(runs, RUNS_SCHEMA)
    unknown = set(incoming_postings.column("source").to_pylist()) - set(incoming_runs.column("source").to_pylist())
    if unknown:
        raise ValueError(f"postings from sources without a crawl run on {crawl_date}: {sorted(unknown)}")
    params = {"crawl_date": crawl_date}
    con.register("incoming_postings", incoming_postings)
    con.register("incoming_runs", incoming_runs)
    try:
        con.execute("begin transaction")
        try:
            execute_file(con, "load/delete_night.sql", params)
            execute_file(con, "load/insert_night.sql", params)
            versions_before = con.execute("select count(*) from posting_versions").fetchall()[0][0]
            execute_file(con, "load/upsert_versions.sql")
            rebuild_marts(con)
            before_commit()
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    finally:
        con.unregister("incoming_postings")
        con.unregister("incoming_runs")
    open_count, closed_count, versions_after = con.execute(
        "select count(*) filter (where is_open), count(*) filter (where not is_open), "
        "(select count(*) from posting_versions) from postings"
    ).fetchall()[0]
    return {
        "crawl_date": crawl_date.isoformat(),
        "postings_loaded": incoming_postings.num_rows,
        "sources": incoming_runs.num_rows,
        "sources_failed": sum(s != "ok" for s in incoming_runs.column("status").to_pylist()),
        "versions": versions_after,
        "new_versions": max(versions_after - versions_before, 0),
        "open_postings": open_count,
        "closed_postings": closed_count,
    }

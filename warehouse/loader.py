"""Load one crawl date into the warehouse: idempotent, order-independent, one transaction.

A night's load costs what the night changed, not what the warehouse holds: it replaces the
date's sightings and crawl runs, adds new versions, judges the night's crawls over a bounded
window, updates only the postings the night can change (sighted, gone, or closable), their
places, skills and industries, and the trend counts of the periods they touch
(warehouse/sql/load/, health/, trends/). `rebuild` recomputes every derived table from the base
tables instead; tests hold the two equal.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable

import duckdb
import pyarrow as pa

from warehouse.db import SCHEMA_VERSION, execute_file

PLACE = pa.struct([
    ("city", pa.string()), ("region", pa.string()), ("country", pa.string()),
    ("geonameid", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64()),
])
SALARY = pa.struct([("min", pa.float64()), ("max", pa.float64()), ("currency", pa.string()), ("period", pa.string())])
# A posting version (content and tags), typed explicitly so empty or all-null columns load the same.
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
SIGHTINGS_SCHEMA = pa.schema([("source", pa.string()), ("posting_key", pa.string()), ("content_hash", pa.string())])
RUNS_SCHEMA = pa.schema([
    ("source", pa.string()), ("platform", pa.string()), ("board", pa.string()), ("status", pa.string()),
    ("items", pa.int32()), ("errors", pa.int32()), ("error_message", pa.string()), ("requests", pa.int32()),
    ("bytes", pa.int64()), ("duration_s", pa.float64()), ("started_at", pa.timestamp("us", tz="UTC")),
    ("pages_fingerprint", pa.string()), ("map_errors", pa.int32()),
])
# Far ends of the calendar, for "every period" in the trend SQL.
_FIRST_DAY, _LAST_DAY = date(1, 1, 1), date(9999, 12, 1)


def to_arrow(data: Any, schema: pa.Schema) -> pa.Table:
    """A frame, an Arrow table or a list of dicts as an Arrow table with exactly `schema`'s
    columns and types (missing columns are null); converted column by column, in Arrow."""
    if isinstance(data, list):
        return pa.Table.from_pylist(
            [{f.name: row.get(f.name) for f in schema} for row in data], schema=schema
        )
    if not isinstance(data, pa.Table):
        data = pa.Table.from_pandas(data, preserve_index=False)
    columns = []
    for field in schema:
        if field.name in data.column_names:
            column = data.column(field.name)
            columns.append(column if column.type == field.type else column.cast(field.type))
        else:
            columns.append(pa.nulls(data.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _sightings_of(versions: pa.Table) -> pa.Table:
    return versions.select(["source", "posting_key", "content_hash"])


def _fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> Any:
    return con.execute(sql, params or None).fetchall()[0][0]


def _trend_counts(con: duckdb.DuckDBPyConnection, from_day: date, until_day: date, newest: date) -> None:
    execute_file(con, "trends/contributions.sql", {"from_day": from_day, "until_day": until_day, "newest": newest})
    execute_file(con, "trends/apply.sql")


def _recount_from(con: duckdb.DuckDBPyConnection, from_day: date, newest: date) -> None:
    """Recompute trend_counts from `from_day`'s week and month on, from every posting reaching them."""
    execute_file(con, "trends/clear_from.sql", {"from_day": from_day})
    execute_file(con, "trends/units_from.sql", {"from_day": from_day, "newest": newest})
    _trend_counts(con, from_day, _LAST_DAY, newest)


def load_crawl(
    con: duckdb.DuckDBPyConnection,
    crawl_date: date,
    postings: Any = None,
    runs: list[dict[str, Any]] | None = None,
    before_commit: Callable[[], None] = lambda: None,
    sightings: Any = None,
) -> dict[str, Any]:
    """Replace what the warehouse knows of `crawl_date` for the sources in `runs`, in one
    transaction (`before_commit` runs inside it, last).

    `sightings` (source, posting_key, content_hash) are every posting seen that night;
    `postings` are the versions to add or replace (with every POSTINGS_SCHEMA column). Given
    only `postings`, they are the night's sightings too.
    """
    versions = to_arrow(postings if postings is not None else [], POSTINGS_SCHEMA)
    seen = _sightings_of(versions) if sightings is None else to_arrow(sightings, SIGHTINGS_SCHEMA)
    incoming_runs = to_arrow(runs or [], RUNS_SCHEMA)
    unknown = set(seen.column("source").to_pylist()) - set(incoming_runs.column("source").to_pylist())
    if unknown:
        raise ValueError(f"postings from sources without a crawl run on {crawl_date}: {sorted(unknown)}")
    params = {"crawl_date": crawl_date}
    con.register("incoming_runs", incoming_runs)
    con.register("incoming_sightings", seen)
    con.register("incoming_versions", versions)
    try:
        con.execute("begin transaction")
        try:
            max_before = _fetch_one(con, "select max(crawl_date) from crawl_runs")
            versions_before = _fetch_one(con, "select count(*) from posting_versions")
            execute_file(con, "load/01_replace_night.sql", params)
            if _fetch_one(con, "select count(*) from gone_keys") or _fetch_one(con, "select count(*) from gone_versions"):
                execute_file(con, "load/02_drop_orphans.sql")
            else:  # nothing went away: no need to look into older sightings
                con.execute(
                    "create or replace temp table rescanned as select posting_key, source, "
                    "crawl_date as first_seen, crawl_date as last_seen, content_hash from sightings limit 0"
                )
            execute_file(con, "health/inputs_night.sql", params)
            execute_file(con, "health/judge.sql")
            execute_file(con, "load/03_next_postings.sql", params)
            execute_file(con, "load/04_apply_postings.sql")
            execute_file(con, "marts/refresh.sql")
            execute_file(con, "load/05_trend_units.sql")
            newest = _fetch_one(con, "select max(crawl_date) from crawl_runs")
            if max_before is not None:
                _trend_counts(con, _FIRST_DAY, max_before, newest)
            _recount_from(con, max_before or _FIRST_DAY, newest)
            before_commit()
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        for name in ("incoming_runs", "incoming_sightings", "incoming_versions"):
            con.unregister(name)
    open_count, closed_count, versions_after = con.execute(
        "select count(*) filter (where is_open), count(*) filter (where not is_open), "
        "(select count(*) from posting_versions) from postings"
    ).fetchall()[0]
    return {
        "crawl_date": crawl_date.isoformat(),
        "postings_loaded": seen.num_rows,
        "versions_loaded": versions.num_rows,
        "sources": incoming_runs.num_rows,
        "sources_failed": sum(s != "ok" for s in incoming_runs.column("status").to_pylist()),
        "versions": versions_after,
        "new_versions": max(versions_after - versions_before, 0),
        "open_postings": open_count,
        "closed_postings": closed_count,
    }


DERIVED_TABLES = ("crawl_health", "postings", "posting_places", "posting_skills", "posting_industries", "trend_counts")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every derived table (crawl health, postings and their places, skills and
    industries, trend counts) from the base tables, in one transaction: what a schema change
    needs, and the reference the night-by-night load is tested against."""
    con.execute("begin transaction")
    try:
        for table in DERIVED_TABLES:  # fixed names
            con.execute(f"drop table if exists {table}")
        for view in ("posting_weeks",):  # views of older schema versions
            con.execute(f"drop view if exists {view}")
        execute_file(con, "schema.sql")
        execute_file(con, "health/inputs_all.sql")
        execute_file(con, "health/judge.sql")
        execute_file(con, "rebuild/postings.sql")
        con.execute("create or replace temp table mart_keys as select posting_key from postings")
        execute_file(con, "marts/refresh.sql")
        newest = _fetch_one(con, "select max(crawl_date) from crawl_runs")
        if newest is not None:
            _recount_from(con, _FIRST_DAY, newest)
        con.execute(
            "insert or replace into warehouse_meta values ('schema_version', ?)", [str(SCHEMA_VERSION)]
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def schema_is_current(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute("select value from warehouse_meta where key = 'schema_version'").fetchall()
    return bool(rows) and rows[0][0] == str(SCHEMA_VERSION)


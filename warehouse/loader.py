"""Load one crawl date into the warehouse: idempotent, order-independent, one transaction.

A night's load costs what the night changed, not what the warehouse holds: it replaces the
date's sightings and crawl runs, adds new versions, judges the night's crawls over a bounded
window, updates only the postings the night can change (sighted, gone, or closable), their
places, skills and industries, and the trend counts of the periods they touch
(warehouse/sql/load/, health/, trends/). It reads and writes the _live half of the split
tables only (schema.sql, at posting_state_live): jobs closed for good are archived once a
week, and come back when a night touches them (warehouse/sql/archive/). `rebuild` recomputes
every derived table from the base tables instead; tests hold the two equal.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Callable, Mapping, Protocol, Sequence

import duckdb
import pyarrow as pa

from warehouse.db import SCHEMA_VERSION, execute_file, read_sql

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
    ("tagger_version", pa.string()), ("industry_reading", pa.string()),
])
SIGHTINGS_SCHEMA = pa.schema([("source", pa.string()), ("posting_key", pa.string()), ("content_hash", pa.string())])
RUNS_SCHEMA = pa.schema([
    ("source", pa.string()), ("platform", pa.string()), ("board", pa.string()), ("status", pa.string()),
    ("items", pa.int32()), ("errors", pa.int32()), ("error_message", pa.string()), ("requests", pa.int32()),
    ("bytes", pa.int64()), ("duration_s", pa.float64()), ("started_at", pa.timestamp("us", tz="UTC")),
    ("pages_fingerprint", pa.string()), ("map_errors", pa.int32()),
])
DECISIONS_SCHEMA = pa.schema([
    ("fingerprint", pa.string()), ("industry", pa.string()), ("industries", pa.list_(pa.string())),
    ("industry_evidence", pa.list_(pa.string())),
])
# A stored version whose employer decision changed: only the decision's fields are restated.
RESTATED_SCHEMA = pa.schema([
    ("posting_key", pa.string()), ("content_hash", pa.string()), ("industry", pa.string()),
    ("industries", pa.list_(pa.string())), ("industry_evidence", pa.list_(pa.string())),
])
ASSIGNED_SCHEMA = pa.schema([
    ("posting_key", pa.string()), ("cluster_id", pa.string()), ("company_key", pa.string()), ("ref_key", pa.string()),
    ("features", pa.string()),
])
FILLED_SCHEMA = pa.schema([("posting_key", pa.string()), ("features", pa.string())])
RENAMES_SCHEMA = pa.schema([("old_id", pa.string()), ("new_id", pa.string())])
# What clustering reads of a posting; of its places only city and country (a first night
# clusters every posting: the rest of each place, as Python objects, cost 50% more memory).
CLUSTER_FIELDS = ("posting_key, platform, company, title, url, "
                  "[{'city': x.city, 'country': x.country} for x in places] as places, first_seen, season, remote")


class Clusterer(Protocol):
    """Which postings are the same job (pipelines/clustering.py provides the real one)."""

    def keys(self, posting: Mapping[str, Any]) -> tuple[str | None, str | None]:
        """(company_key, ref_key): the posting's normalized company, and the posting key its URL
        points at (lower case), for finding what it must be compared with."""

    def features(self, posting: Mapping[str, Any]) -> str | None:
        """What clustering reads of the posting, prepared, to store beside its cluster: given
        back as the posting's `features` when it is compared again on a later night."""

    def cluster(self, postings: Sequence[Mapping[str, Any]], existing: Mapping[str, str]) -> dict[str, str]:
        """posting_key -> cluster_id for every posting given (read from their `features`
        where given), keeping existing ids stable."""

    def renames(self, existing: Mapping[str, str], assigned: Mapping[str, str]) -> dict[str, str]:
        """Stored cluster ids merged into another: old -> new."""


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
            if column.type != field.type:
                # A column with no value at all (pandas fills one in as NaN) is that type's nulls.
                column = pa.nulls(len(column), field.type) if column.null_count == len(column) else column.cast(field.type)
            columns.append(column)
        else:
            columns.append(pa.nulls(data.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _sightings_of(versions: pa.Table) -> pa.Table:
    return versions.select(["source", "posting_key", "content_hash"])


def _fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> Any:
    return con.execute(sql, params or None).fetchall()[0][0]


def _records(con: duckdb.DuckDBPyConnection, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    """The rows of `sql` as dicts, through Arrow column by column: the rows clustering reads
    (places lists, features) came 40% faster than from fetchall."""
    table = con.sql(sql, params=params or None).to_arrow_table()
    columns = table.column_names
    return [dict(zip(columns, row)) for row in zip(*(table.column(c).to_pylist() for c in columns))]


def _assign_clusters(con: duckdb.DuckDBPyConnection, crawl_date: date, clusterer: Clusterer | None) -> int:
    """Register `assigned` and `renames` for load/06_clusters.sql: cluster the night's new and
    changed postings with the stored ones they must be compared with. Returns how many archived
    postings this brought back to the _live tables (those compared with, and their clusters)."""
    new = _records(con, f"select {CLUSTER_FIELDS}, cluster_id from postings_live "
                        "where posting_key in (select posting_key from cluster_keys)")
    assigned = to_arrow([], ASSIGNED_SCHEMA)
    filled: list[dict[str, Any]] = []  # stored postings that keep their cluster but lacked features
    renames: dict[str, str] = {}
    restored = 0
    if clusterer is None:  # every posting its own job
        assigned = to_arrow([{"posting_key": r["posting_key"], "cluster_id": r["cluster_id"]} for r in new
                             if r["cluster_id"] == r["posting_key"]], ASSIGNED_SCHEMA)
    elif new:
        keys = {r["posting_key"]: clusterer.keys(r) for r in new}
        con.register("cand_keys", pa.table({
            "posting_key": list(keys), "company_key": [k[0] for k in keys.values()], "ref_key": [k[1] for k in keys.values()],
        }, schema=pa.schema([("posting_key", pa.string()), ("company_key", pa.string()), ("ref_key", pa.string())])))
        try:
            context = _records(con, read_sql("load/cluster_context.sql"), {"crawl_date": crawl_date})
        finally:
            con.unregister("cand_keys")
        if context:  # archived ones among them go back to the _live tables first, with their clusters
            restored = _restore(con, [r["posting_key"] for r in context])
        stored = dict(con.execute(
            "select posting_key, cluster_id from posting_clusters_live where posting_key in (select posting_key from cluster_keys)"
        ).fetchall())
        existing = {**stored, **{r["posting_key"]: r["cluster_id"] for r in context}}
        result = clusterer.cluster(new + context, existing)
        renames = clusterer.renames(existing, result)
        # Column by column, and the features (a few hundred bytes each) into Arrow a few
        # thousand at a time: a first night assigns every posting, and 50k rows as dicts and
        # strings held at once raised the night's peak by 50 MiB.
        columns: dict[str, list] = {name: [] for name in ASSIGNED_SCHEMA.names}
        chunks: list[pa.Array] = []

        def assign(key: str, company: str | None, ref: str | None, features: str | None) -> None:
            for name, value in zip(ASSIGNED_SCHEMA.names, (key, result[key], company, ref, features)):
                columns[name].append(value)
            if len(columns["features"]) >= 4096:
                chunks.append(pa.array(columns["features"], pa.string()))
                columns["features"] = []

        for r in new:
            assign(r["posting_key"], *keys[r["posting_key"]], clusterer.features(r))
        for r in context:
            wanted = clusterer.features(r)  # its stored features, or (none yet, an older version) fresh ones
            if result[r["posting_key"]] != r["cluster_id"]:
                assign(r["posting_key"], r["company_key"], r["ref_key"], wanted)
            elif wanted != r["features"]:
                filled.append({"posting_key": r["posting_key"], "features": wanted})
        del new, context, keys
        chunks.append(pa.array(columns.pop("features"), pa.string()))
        assigned = pa.table({**columns, "features": pa.chunked_array(chunks, pa.string())}, schema=ASSIGNED_SCHEMA)
        del columns, chunks
    con.register("assigned", assigned)
    con.register("renames", pa.table({"old_id": list(renames), "new_id": list(renames.values())}, schema=RENAMES_SCHEMA))
    if filled:
        con.register("filled", to_arrow(filled, FILLED_SCHEMA))
        try:
            con.execute("update posting_clusters_live set features = f.features from filled f "
                        "where posting_clusters_live.posting_key = f.posting_key")
        finally:
            con.unregister("filled")
    return restored


# The split of posting_state and its marts (schema.sql, at posting_state_live): a cluster whose
# members all closed more than ARCHIVE_AFTER_DAYS before the newest crawl moves to the _archived
# tables. The same 60 days bound what a night can still change of a posting it does not see:
# crawl health judges a night from the 60 days before it, and clustering compares a new
# posting with its company's postings first seen in the 60 days before.
ARCHIVE_AFTER_DAYS = 60
# The split tables (each <name>_live and <name>_archived, read together as the view <name>), by
# the key their rows move by: a posting's rows, or (clusters) its cluster's row. posting_clusters
# is kept as the base tables are; the others are derived (a rebuild makes them again).
SPLIT_TABLES = {
    "posting_state": "posting_key", "posting_places": "posting_key", "posting_skills": "posting_key",
    "posting_industries": "posting_key", "posting_clusters": "posting_key", "clusters": "cluster_id",
}
SPLIT_DERIVED = tuple(table for table in SPLIT_TABLES if table != "posting_clusters")


def _move_postings(con: duckdb.DuckDBPyConnection, to_archive: bool) -> int:
    """Move the rows of the postings in the temp table `moving` (posting_key) from every split
    table's _live part to its _archived part, or back, and their clusters' rows of `clusters`
    (`moving` holds whole clusters); returns how many postings moved."""
    moved = _fetch_one(con, "select count(*) from moving")
    if not moved:
        return 0
    source, target = ("live", "archived") if to_archive else ("archived", "live")
    con.execute(f"create or replace temp table moving_clusters as select distinct cluster_id from posting_state_{source} "
                "where posting_key in (select posting_key from moving)")
    for table, key in SPLIT_TABLES.items():  # fixed names
        keys = "moving" if key == "posting_key" else "moving_clusters"
        con.execute(f"insert into {table}_{target} by name select * from {table}_{source} "
                    f"where {key} in (select {key} from {keys})")
        con.execute(f"delete from {table}_{source} where {key} in (select {key} from {keys})")
    return moved


def _rewrite_live(con: duckdb.DuckDBPyConnection) -> None:
    """Write each _live table again, whole: DuckDB keeps scanning deleted rows until their row
    group is rewritten, and its checkpoint packs only row groups that then fit in fewer (a
    table of one row group, as posting_state_live is, never). The rows a load deletes (a
    posting restated, its mart rows replaced, a job archived) would otherwise pile up: with the
    year's 45k archived postings deleted alone, a night read as much as before the split."""
    for table in SPLIT_TABLES:  # fixed names
        con.execute(f"create or replace temp table kept as select * from {table}_live")
        con.execute(f"delete from {table}_live")
        con.execute(f"insert into {table}_live by name select * from kept")
        con.execute("drop table kept")


def _restore(con: duckdb.DuckDBPyConnection, keys: list[str] | None, since: date | None = None) -> int:
    """Bring archived postings back to the _live tables with their clusters (archive/restoring.sql):
    those of `keys`, or (None) those the night being loaded can change, `since` its date.
    Returns how many postings moved."""
    if keys is None:
        con.execute("create or replace temp view wanted_keys as select posting_key from incoming_sightings "
                    "union all select posting_key from gone_keys union all select posting_key from incoming_version_keys")
        con.execute("create or replace temp view wanted_sources as select source from incoming_runs")
    else:
        con.register("wanted_keys", pa.table({"posting_key": keys}, schema=pa.schema([("posting_key", pa.string())])))
        con.execute("create or replace temp view wanted_sources as select null::varchar as source limit 0")
    try:
        execute_file(con, "archive/restoring.sql", {"since": since})
    finally:
        if keys is None:
            con.execute("drop view wanted_keys")
        else:
            con.unregister("wanted_keys")
        con.execute("drop view wanted_sources")
    return _move_postings(con, to_archive=False)


def archive(con: duckdb.DuckDBPyConnection, newest: date, rewrite: bool) -> int:
    """Archive the clusters closed for good by `newest` (the newest crawl date): see
    ARCHIVE_AFTER_DAYS; and with `rewrite`, write the _live tables again without the rows
    deleted from them (`_rewrite_live`). Runs inside the caller's transaction; returns the
    postings moved."""
    execute_file(con, "archive/archiving.sql", {"horizon": newest - timedelta(days=ARCHIVE_AFTER_DAYS)})
    moved = _move_postings(con, to_archive=True)
    if rewrite:
        _rewrite_live(con)
    return moved


def _trend_counts(con: duckdb.DuckDBPyConnection, from_day: date, until_day: date, newest: date) -> None:
    execute_file(con, "trends/contributions.sql", {"from_day": from_day, "until_day": until_day, "newest": newest})
    execute_file(con, "trends/apply.sql")


def same_periods(day: date, other: date) -> bool:
    """Whether two days share their week (Monday-starting, as DuckDB's date_trunc) and month.

    A unit's counts depend on the newest crawl date only through the week and month holding
    it (an open unit counts as open up to them). While a night leaves the newest date in the
    same week and month, a unit that did not change keeps its counts, and adding each changed
    unit's change is the whole update; a night that starts a week or a month recounts the
    periods from the previous newest date on, for every unit reaching them."""
    return (day - timedelta(days=day.weekday()) == other - timedelta(days=other.weekday())
            and (day.year, day.month) == (other.year, other.month))


def _recount_from(con: duckdb.DuckDBPyConnection, from_day: date, newest: date) -> None:
    """Recompute trend_counts from `from_day`'s week and month on, from every posting reaching them."""
    execute_file(con, "trends/clear_from.sql", {"from_day": from_day})
    execute_file(con, "trends/units_from.sql", {"from_day": from_day, "newest": newest})
    _trend_counts(con, from_day, _LAST_DAY, newest)


# A night that brings many versions (a first night, a re-tag's first date) holds them
# uncommitted in DuckDB's memory while the rest of the load runs (50k versions: about 240 MiB,
# and more while the commit writes them). Such a load caps DuckDB's memory, so that it evicts
# what it cached (and would spill, for far bigger nights) rather than grow: a first night's
# retag then peaked at 959 MiB instead of 1,060, in the same time. A typical night keeps
# DuckDB's default, whose cache a load at a year of history needs (capped at 384MB, such a
# load took 1.5x as long). INTERNRADAR_DUCKDB_MEMORY, when set, applies to every load instead.
BIG_NIGHT_VERSIONS = 10_000
BIG_NIGHT_MEMORY = "384MB"


# DuckDB's checkpoint (at a connection's close) packs a table's adjacent row groups into fewer,
# fuller ones ("vacuum"), rewriting every row it moves. A night's 50k sightings arrive as a row
# group of their own, and on about every second night the close packed the last few nights'
# sightings again: ten nights loaded in turn on the benchmark's 20-night warehouse closed in
# 0.16-0.66 s. Never packing, they closed in 0.16-0.22 s, but the small tables (postings,
# clusters, crawl runs) then gain a row group a night. So a night's close packs only when the
# night starts a week or a month, the night that recounts the newest periods (its close took
# 0.65-0.84 s, the others' 0.13-0.22 s). In all that costs about what packing at every close
# does (3.1 s against 4.2 s over those ten nights, 3.0 s either way over fourteen nights of
# another warehouse); what it changes is which night pays.
def starts_new_periods(newest_before: date | None, newest: date) -> bool:
    """Whether a night that makes `newest` the newest crawl date (it was `newest_before`) starts
    a week or a month: it recounts the newest periods, and its close packs row groups."""
    return newest_before is None or not same_periods(newest_before, newest)


def starts_new_month(newest_before: date | None, newest: date) -> bool:
    """Whether a night that makes `newest` the newest crawl date starts a calendar month: its
    load writes the _live tables again (`_rewrite_live`)."""
    return newest_before is None or (newest_before.year, newest_before.month) != (newest.year, newest.month)


def _set_packing(con: duckdb.DuckDBPyConnection, pack: bool) -> None:
    con.execute("reset max_vacuum_tasks" if pack else "set max_vacuum_tasks = 0")


def _parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.read_metadata(path).num_rows


def _cap_memory(con: duckdb.DuckDBPyConnection, incoming_versions: int) -> bool:
    """Cap DuckDB's memory for the load of a big night (see BIG_NIGHT_VERSIONS); True if capped."""
    if incoming_versions < BIG_NIGHT_VERSIONS or os.environ.get("INTERNRADAR_DUCKDB_MEMORY"):
        return False
    con.execute(f"set memory_limit = '{BIG_NIGHT_MEMORY}'")  # a constant of this module
    return True


def _forget_incoming_versions(con: duckdb.DuckDBPyConnection, staged: Path | None) -> None:
    if staged is not None:
        con.execute("drop view if exists incoming_versions")  # the file's view (a temporary one)
    else:
        con.unregister("incoming_versions")


def load_crawl(
    con: duckdb.DuckDBPyConnection,
    crawl_date: date,
    postings: Any = None,
    runs: list[dict[str, Any]] | None = None,
    before_commit: Callable[[], None] = lambda: None,
    sightings: Any = None,
    clusterer: Clusterer | None = None,
    decisions: Any = None,
    restated: Any = None,
    pack: bool | None = None,
) -> dict[str, Any]:
    """Replace what the warehouse knows of `crawl_date` for the sources in `runs`, in one
    transaction (`before_commit` runs inside it, last).

    `sightings` (source, posting_key, content_hash) are every posting seen that night;
    `postings` are the versions to add or replace (with every POSTINGS_SCHEMA column): rows, or
    the path of a Parquet file of them (what the tag step stages), which DuckDB then reads
    itself, so that a first night's text never sits in Python's memory. Given
    only `postings`, they are the night's sightings too. `clusterer` says which postings are
    the same job; without one every posting is its own. `decisions` (fingerprint, industry,
    industries, industry_evidence) are employer decisions to keep for later nights;
    `restated` (RESTATED_SCHEMA) are stored versions whose employer decision changed tonight:
    their industry fields are updated in place, their text is not written again. Each must be
    stored already (or come in tonight: such a version is written as it
    comes, its restatement ignored), else the load fails and nothing is written.
    `pack`: whether the connection's checkpoints from this load on (its close) pack row groups;
    by default only when the night starts a week or a month (`starts_new_periods`).
    """
    staged = Path(postings) if isinstance(postings, (str, Path)) else None
    if staged is not None:
        versions = None
        if sightings is None:
            import pyarrow.parquet as pq

            sightings = pq.read_table(staged, columns=SIGHTINGS_SCHEMA.names)
    else:
        versions = to_arrow(postings if postings is not None else [], POSTINGS_SCHEMA)
    seen = _sightings_of(versions) if sightings is None else to_arrow(sightings, SIGHTINGS_SCHEMA)
    incoming_runs = to_arrow(runs or [], RUNS_SCHEMA)
    unknown = set(seen.column("source").to_pylist()) - set(incoming_runs.column("source").to_pylist())
    if unknown:
        raise ValueError(f"postings from sources without a crawl run on {crawl_date}: {sorted(unknown)}")
    params = {"crawl_date": crawl_date}
    con.register("incoming_runs", incoming_runs)
    con.register("incoming_sightings", seen)
    if staged is not None:
        con.read_parquet(str(staged)).create_view("incoming_versions")
    else:
        con.register("incoming_versions", versions)
    con.register("incoming_decisions", to_arrow(decisions if decisions is not None else [], DECISIONS_SCHEMA))
    con.register("incoming_restated", to_arrow(restated if restated is not None else [], RESTATED_SCHEMA))
    incoming_count = _parquet_rows(staged) if staged is not None else versions.num_rows
    capped = _cap_memory(con, incoming_count)
    archived = 0
    try:
        con.execute("begin transaction")
        try:
            max_before = _fetch_one(con, "select max(crawl_date) from crawl_runs")
            versions_before = _fetch_one(con, "select count(*) from posting_versions")
            execute_file(con, "load/01_replace_night.sql", params)
            # The versions are in the table now: let their text go before the heavier steps.
            _forget_incoming_versions(con, staged)
            versions_loaded = _fetch_one(con, "select count(*) from incoming_version_keys")
            del versions, postings
            pa.default_memory_pool().release_unused()
            con.execute("insert into employer_decisions by name select * from incoming_decisions "
                        "anti join employer_decisions using (fingerprint)")
            if _fetch_one(con, "select count(*) from gone_keys") or _fetch_one(con, "select count(*) from gone_versions"):
                execute_file(con, "load/02_drop_orphans.sql")
            else:  # nothing went away: no need to look into older sightings
                con.execute(
                    "create or replace temp table rescanned as select posting_key, source, "
                    "crawl_date as first_seen, crawl_date as last_seen, content_hash from sightings limit 0"
                )
            execute_file(con, "health/inputs_night.sql", params)
            execute_file(con, "health/judge.sql")
            restored = _restore(con, None, crawl_date)
            execute_file(con, "load/03_next_postings.sql", params)
            execute_file(con, "load/04_apply_postings.sql")
            restored += _assign_clusters(con, crawl_date, clusterer)
            execute_file(con, "load/06_clusters.sql")
            execute_file(con, "marts/refresh.sql")
            execute_file(con, "clusters/refresh.sql")
            execute_file(con, "load/07_trend_units.sql")
            newest = _fetch_one(con, "select max(crawl_date) from crawl_runs")
            new_periods = starts_new_periods(max_before, newest)
            _set_packing(con, new_periods if pack is None else pack)
            if not new_periods:
                # Every period stays where it was: only the changed units' counts move.
                _trend_counts(con, _FIRST_DAY, _LAST_DAY, newest)
            else:
                if max_before is not None:
                    _trend_counts(con, _FIRST_DAY, max_before, newest)
                _recount_from(con, max_before or _FIRST_DAY, newest)
                # Once a week (the night that recounts the newest periods, and packs row
                # groups at its close), what closed for good moves to the archive; once a
                # month the _live tables are written again without what left them.
                archived = archive(con, newest, rewrite=starts_new_month(max_before, newest))
            before_commit()
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    finally:
        if capped:
            con.execute("reset memory_limit")
        _forget_incoming_versions(con, staged)
        for name in ("incoming_runs", "incoming_sightings", "incoming_decisions", "incoming_restated", "assigned",
                     "renames"):
            con.unregister(name)
    # From the narrow posting_state (each row's version is in posting_versions): the postings
    # view would join every version ever stored to count them. An archived posting is closed.
    open_count, closed_count, versions_after = con.execute(
        "select count(*) filter (where closed_at is null), "
        "count(*) filter (where closed_at is not null) + (select count(*) from posting_state_archived), "
        "(select count(*) from posting_versions) from posting_state_live"
    ).fetchall()[0]
    return {
        "crawl_date": crawl_date.isoformat(),
        "postings_loaded": seen.num_rows,
        "versions_loaded": versions_loaded,
        "sources": incoming_runs.num_rows,
        "sources_failed": sum(s != "ok" for s in incoming_runs.column("status").to_pylist()),
        "versions": versions_after,
        "new_versions": max(versions_after - versions_before, 0),
        "open_postings": open_count,
        "closed_postings": closed_count,
        "restored_postings": restored,
        "archived_postings": archived,
    }


def _drop_table_or_view(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop `name` (a fixed name), whichever of the two it is (DuckDB's DROP names the kind)."""
    kind = con.execute(
        "select 'table' from duckdb_tables() where database_name = current_database() and schema_name = 'main' "
        "and table_name = $name union all "
        "select 'view' from duckdb_views() where database_name = current_database() and schema_name = 'main' "
        "and view_name = $name", {"name": name}).fetchall()
    if kind:
        con.execute(f"drop {kind[0][0]} {name}")


# The derived tables as readers name them (the split ones are views of their two parts), and
# as a rebuild drops and creates them again.
DERIVED_TABLES = ("crawl_health", *SPLIT_DERIVED, "trend_counts")
_STORED_DERIVED = tuple(name for table in DERIVED_TABLES
                        for name in ((f"{table}_live", f"{table}_archived") if table in SPLIT_TABLES else (table,)))


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every derived table (crawl health, postings and their places, skills and
    industries, trend counts) from the base tables, in one transaction: what a schema change
    needs, and the reference the night-by-night load is tested against."""
    from warehouse.db import split_tables

    con.execute("begin transaction")
    try:
        split_tables(con)
        execute_file(con, "schema.sql")
        # posting_clusters is kept, as the base tables are: all of it in the _live part, for
        # the rebuild to archive again.
        con.execute("insert into posting_clusters_live by name select * from posting_clusters_archived")
        con.execute("delete from posting_clusters_archived")
        for table in _STORED_DERIVED:  # fixed names
            con.execute(f"drop table if exists {table}")
        # posting_weeks: a view of older schema versions; postings: a table before version 6.
        for name in ("posting_weeks", "postings"):
            _drop_table_or_view(con, name)
        execute_file(con, "schema.sql")
        execute_file(con, "views/00_postings.sql")
        execute_file(con, "health/inputs_all.sql")
        execute_file(con, "health/judge.sql")
        execute_file(con, "rebuild/postings.sql")
        con.execute("create or replace temp table mart_keys as select posting_key from postings")
        execute_file(con, "marts/refresh.sql")
        con.execute("create or replace temp table affected_clusters as select distinct cluster_id from postings")
        execute_file(con, "clusters/refresh.sql")
        newest = _fetch_one(con, "select max(crawl_date) from crawl_runs")
        if newest is not None:
            _recount_from(con, _FIRST_DAY, newest)
            archive(con, newest, rewrite=True)
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


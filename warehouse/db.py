"""Open the warehouse and keep its schema and views current (both idempotent)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

try:
    # DuckDB's compiled engine, which the `duckdb` package re-exports as its API: the same
    # connect, connection and error classes. Imported alone it takes 60-70 ms; `import duckdb`
    # adds 150-250 ms of Python wrappers (relational API, expressions, version metadata) that
    # opening, querying and loading never call. Commands that only read the warehouse
    # (`internradar trends`, `query`) are mostly this import.
    import _duckdb as duckdb
except ImportError:  # a release that does not ship the engine under this name
    import duckdb

# The base class of every DuckDB error (`duckdb.Error` is the same class).
Error = duckdb.Error

SQL_DIR = Path(__file__).parent / "sql"

# Every database we create is written in DuckDB 1.4's storage format, so the published
# warehouse opens in DuckDB 1.4 and later clients (the CLI, BI drivers), not only in the 2.x
# library that writes it. Raise it deliberately, when the ecosystem has caught up.
STORAGE_VERSION = "v1.4.0"
# The shape of the warehouse's tables and views as readers see it: bumped when a column or a
# view changes meaning or goes away (snapshot_info and the exports' manifest carry it).
SCHEMA_VERSION = 9
# Readers that take SQL from a person (`internradar query`): read-only, no files outside the
# database (read_text, COPY ... TO, ATTACH are refused), no extension downloads, and the
# settings cannot be switched back on from SQL.
READER_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


def sql_path(name: str) -> Path:
    """Path of a SQL file under warehouse/sql/, e.g. "marts/01_postings.sql"."""
    return SQL_DIR / name


def read_sql(name: str) -> str:
    return sql_path(name).read_text(encoding="utf-8")


def sql_files(folder: str) -> list[Path]:
    """The .sql files of a folder in the order they must run (their numeric prefixes)."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def statements(sql: str) -> list[str]:
    """Split one of our SQL files into statements (each ends with ';' at the end of a line)."""
    parts, current = [], []
    for line in sql.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("\n".join(current))
            current = []
    tail = "\n".join(current)
    if tail.strip() and any(not l.strip().startswith("--") for l in current if l.strip()):
        parts.append(tail)
    return parts


def execute_file(con: duckdb.DuckDBPyConnection, name: str | Path, params: dict[str, Any] | None = None) -> None:
    """Run every statement of a SQL file, binding the named parameters each statement uses."""
    path = name if isinstance(name, Path) else sql_path(name)
    for statement in statements(path.read_text(encoding="utf-8")):
        used = {k: v for k, v in (params or {}).items() if f"${k}" in statement}
        con.execute(statement, used or None)


def run_folder(con: duckdb.DuckDBPyConnection, folder: str) -> None:
    for path in sql_files(folder):
        execute_file(con, path)


def ddl_fingerprint() -> str:
    """What apply_schema installs: the schema version, schema.sql, every view and the fx rates."""
    import hashlib

    digest = hashlib.sha256(str(SCHEMA_VERSION).encode())
    for path in [sql_path("schema.sql"), *sql_files("views"), FX_FILE]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def apply_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that is missing and the views; when the derived tables were built for
    another schema version (or never), rebuild them from the base tables. A database that got
    exactly this schema, these views and these rates before (`ddl_fingerprint` in
    warehouse_meta) is left as it is: every step of a night opens the working database, and
    creating the views again would cost each open a catalog write and a checkpoint."""
    from warehouse.loader import rebuild, schema_is_current

    fingerprint = ddl_fingerprint()
    try:
        stored = con.execute("select value from warehouse_meta where key = 'ddl_fingerprint'").fetchall()
    except duckdb.CatalogException:  # a new database
        stored = []
    if stored and stored[0][0] == fingerprint and schema_is_current(con):
        return
    split_tables(con)
    execute_file(con, "schema.sql")
    if not schema_is_current(con):
        rebuild(con)
    _load_fx_rates(con)
    run_folder(con, "views")
    con.execute("insert or replace into warehouse_meta values ('ddl_fingerprint', ?)", [fingerprint])


def split_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Bring a warehouse made before schema version 9 to the split tables (schema.sql, at
    posting_state_live): its posting_clusters table (kept, as the base tables are) becomes
    posting_clusters_live; its posting_state, posting_places, posting_skills,
    posting_industries and clusters tables (derived) go, for the rebuild a new schema version
    brings to make again. The same names then become views of the split tables."""
    from warehouse.loader import SPLIT_TABLES

    tables = {row[0] for row in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and schema_name = 'main'"
    ).fetchall()}
    if "posting_clusters" in tables and "posting_clusters_live" not in tables:
        con.execute("alter table posting_clusters rename to posting_clusters_live")
        tables.discard("posting_clusters")
    for name in SPLIT_TABLES:
        if name in tables:  # fixed names
            con.execute(f"drop table {name}")


FX_FILE = Path(__file__).parent / "fx_rates.csv"


def _load_fx_rates(con: duckdb.DuckDBPyConnection) -> None:
    """fx_rates from the repo's dated table, when the warehouse's copy differs from it."""
    import csv

    with FX_FILE.open(encoding="utf-8", newline="") as fh:
        rows = [(r["currency"], float(r["usd_per_unit"]), r["as_of"], r["source"]) for r in csv.DictReader(fh)]
    stored = con.execute("select currency, usd_per_unit, as_of::varchar, source from fx_rates order by all").fetchall()
    if stored != sorted(rows):
        con.execute("delete from fx_rates")
        con.executemany("insert into fx_rates values (?, ?, ?, ?)", rows)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


def connect_published(
    path: str | Path,
    config: dict[str, Any] | None = None,
    attempts: int = 5,
    on_switch: Callable[[BaseException | None], None] | None = None,
    opener: Callable[..., duckdb.DuckDBPyConnection] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the one file at `path`, even while a publish switches it.

    DuckDB 2.0 opens a database's path three times while it connects: for its magic bytes, for
    its headers, and for its blocks (seen with strace). A publish renames a new
    snapshot over the path; a connect that straddles the rename reads one file's headers and
    the other's blocks, and fails with an IO Error ("No more data remaining in
    MetadataReader", "Could not read enough bytes") or, in principle, reads nonsense. So note
    which file the path names, connect, and look again: if the path names another file now,
    close and connect again (`on_switch(error or None)` hears of each such attempt). Publishes
    are seconds apart at the least (each copies the warehouse), so the second attempt is whole.
    (`opener` stands in for DuckDB's connect, for a test that needs the straddle on cue.)
    """
    path, settings, opener = Path(path), dict(config or {}), opener or duckdb.connect
    attempt = 1
    while True:
        before = _file_id(path)
        try:
            con = opener(str(path), read_only=True, config=settings)
        except duckdb.Error as exc:
            if attempt >= attempts or _file_id(path) == before:
                raise
            error: BaseException | None = exc
        else:
            if attempt >= attempts or _file_id(path) == before:
                # (Within one process DuckDB shares one database per path: a connection held
                # elsewhere keeps the file it opened, whatever the path names now. That is one
                # whole file too, so after the last attempt it is returned as it is.)
                return con
            con.close()
            error = None
        if on_switch:
            on_switch(error)
        attempt += 1


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed, in STORAGE_VERSION's format) the database at `path` and keep
    its schema current; read-only opens never change it (see connect_published)."""
    path = Path(path)
    if read_only:
        return connect_published(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    config = {"storage_compatibility_version": STORAGE_VERSION}
    limit = os.environ.get("INTERNRADAR_DUCKDB_MEMORY")
    if limit:  # e.g. "384MB": DuckDB spills to disk beyond it (slower; its default is 80% of RAM)
        config["memory_limit"] = limit
    con = duckdb.connect(str(path), config=config)
    apply_schema(con)
    return con


def fsync_path(path: Path) -> None:
    """Flush a file's (or a folder's) written data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


COPY_MEMORY = "256MB"


def copy_database(source: Path, target: Path) -> None:
    """Copy every table and view of the database at `source` into a new database at `target`,
    in STORAGE_VERSION's format (tables written whole: packed, without free blocks). DuckDB's
    memory is capped meanwhile (COPY_MEMORY): uncapped, copying the benchmark's 106 MiB
    warehouse held 700 MiB, on top of what a re-tag's process holds at its end."""
    con = duckdb.connect(config={"memory_limit": COPY_MEMORY})
    try:
        con.execute("attach ? as copy_source (read_only)", [str(source)])
        # STORAGE_VERSION is our constant, not input; options take no bound parameters.
        con.execute(f"attach ? as copy_target (storage_version '{STORAGE_VERSION}')", [str(target)])
        con.execute("copy from database copy_source to copy_target")
        con.execute("detach copy_target")
        con.execute("detach copy_source")
    finally:
        con.close()


def compact(path: str | Path) -> tuple[int, int] | None:
    """Rewrite the database at `path` whole into a new file, without the free blocks its
    checkpoints left and with its row groups packed, and put it in place of the old one (one
    rename). Returns the file's bytes before and after, or None if it was left as it was (it
    has a write-ahead log: some writer has not closed it). The caller holds the writer lock and
    no connection to `path`. A compaction killed midway leaves the old file as it was."""
    path = Path(path)
    if path.with_name(path.name + ".wal").exists():
        return None
    tmp = path.with_name(path.name + ".compacting")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    before = path.stat().st_size
    copy_database(path, tmp)
    fsync_path(tmp)
    tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)  # empty after the detach's checkpoint
    os.replace(tmp, path)
    fsync_path(path.parent)
    return before, path.stat().st_size


def connect_reader(path: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection for SQL typed by a person: it can query every table and view of
    the warehouse and nothing else (see READER_CONFIG)."""
    return connect_published(path, READER_CONFIG)


def storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The storage format of the connection's main database, e.g. "v1.4.0+"."""
    rows = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchall()
    return rows[0][0] if rows else None

"""Publish the working database as a read-only snapshot at one stable path, atomically.

The nightly load writes a private working database (``<home>/work/warehouse.duckdb``) that no
reader opens. Publishing copies it, once it is checkpointed, to a new file under
``<home>/snapshots/``, adds a ``snapshot_info`` table, makes the file read-only, and then
renames a hard link of it over ``<home>/warehouse.duckdb``. A reader that opened the previous
snapshot keeps reading it (the rename does not touch the open file); a reader that opens the
path gets a whole published night, never a half-written one. Older snapshots beyond ``keep``
are deleted (their disk space returns when the last reader closes them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Callable

import duckdb

from warehouse.db import (
    SCHEMA_VERSION, STORAGE_VERSION, connect, copy_database, execute_file, fsync_path, read_sql, storage_version,
)

SUFFIX = ".duckdb"
DEFAULT_KEEP = 2


class PublishError(RuntimeError):
    """The working database could not be published (nothing was switched)."""


def keep_from_env(variable: str = "INTERNRADAR_KEEP_SNAPSHOTS", default: int = DEFAULT_KEEP) -> int:
    """How many published snapshots (or export folders) to keep: `variable`, else `default`;
    at least 1."""
    raw = os.environ.get(variable, str(default))
    try:
        return max(int(raw), 1)
    except ValueError:
        raise PublishError(f"{variable}={raw!r} is not a whole number") from None


def _copy_file(source: Path, target: Path) -> None:
    """Copy a file; on a filesystem with reflinks (btrfs, XFS) only the changed blocks cost."""
    if shutil.which("cp"):
        done = subprocess.run(["cp", "--reflink=auto", str(source), str(target)], capture_output=True)
        if done.returncode == 0:
            return
    shutil.copyfile(source, target)


def _facts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    relation = con.execute(read_sql("publish/snapshot_facts.sql"))
    columns = [d[0] for d in relation.description]
    return dict(zip(columns, relation.fetchall()[0]))


def snapshot_id(published_at: datetime, as_of: Any) -> str:
    """Sortable by publish time, readable: ``20261201T020512345678Z_asof-2026-11-30``."""
    return f"{published_at:%Y%m%dT%H%M%S%fZ}_asof-{as_of or 'none'}"


def _remove_leftovers(snapshots: Path, stable: Path) -> None:
    """Files a killed publish left behind: never published, so nobody reads them."""
    for path in snapshots.glob(".*.tmp*"):
        path.unlink(missing_ok=True)
    for path in stable.parent.glob(f".{stable.name}.*.tmp"):
        path.unlink(missing_ok=True)


def published_snapshots(snapshots: Path) -> list[Path]:
    """Published snapshot files, oldest first."""
    return sorted(p for p in snapshots.glob(f"*{SUFFIX}") if not p.name.startswith("."))


def prune(snapshots: Path, keep: int, current: Path) -> list[Path]:
    """Delete all but the newest `keep` snapshots (never `current`); returns what went."""
    gone = []
    for path in published_snapshots(snapshots)[:-keep] if keep > 0 else []:
        if path != current:
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def publish(
    working: Path,
    stable: Path,
    snapshots: Path,
    keep: int = DEFAULT_KEEP,
    before_switch: Callable[[], None] = lambda: None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Publish `working` at `stable` (see the module docstring); returns snapshot_info's row.

    The caller holds the writer lock and has closed its own connection to `working`.
    """
    working, stable, snapshots = Path(working), Path(stable), Path(snapshots)
    if not working.exists():
        raise PublishError(f"no working database at {working}: load a crawl date first")
    snapshots.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(snapshots, stable)
    # Open once: replays a WAL a killed load left, and checkpoints, so the file alone is whole.
    con = connect(working)
    try:
        con.execute("checkpoint")
        facts = _facts(con)
        version = storage_version(con)
    finally:
        con.close()
    if working.with_name(working.name + ".wal").exists():
        raise PublishError(f"{working} still has a write-ahead log after a checkpoint; is another writer running?")
    published_at = now or datetime.now(UTC)
    info = {
        "snapshot_id": snapshot_id(published_at, facts["as_of"]),
        **facts,
        "schema_version": SCHEMA_VERSION,
        "storage_version": (version or STORAGE_VERSION).rstrip("+"),
        "published_at": published_at,
    }
    tmp = snapshots / f".{uuid.uuid4().hex}{SUFFIX}.tmp"
    try:
        _copy_file(working, tmp)
        # The copy keeps the working file's row groups as they are: packing them is the load's
        # (warehouse/loader.py); here it took a night's publish 1.0 s.
        con = duckdb.connect(str(tmp), config={"max_vacuum_tasks": 0})
        try:
            execute_file(con, "publish/snapshot_info.sql", info)
            con.execute("checkpoint")
        finally:
            con.close()
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)  # empty after the checkpoint
        fsync_path(tmp)
        os.chmod(tmp, 0o444)
        final = snapshots / f"{info['snapshot_id']}{SUFFIX}"
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    before_switch()
    link = stable.with_name(f".{stable.name}.{uuid.uuid4().hex}.tmp")
    try:
        try:
            os.link(final, link)
        except OSError:  # no hard links here: a copy, still switched by one rename
            shutil.copyfile(final, link)
            os.chmod(link, 0o444)
        # A WAL beside the stable path belongs to no snapshot (someone wrote into an old one).
        stable.with_name(stable.name + ".wal").unlink(missing_ok=True)
        os.replace(link, stable)
    finally:
        link.unlink(missing_ok=True)
    fsync_path(stable.parent)
    prune(snapshots, keep, final)
    return info


def read_snapshot_info(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The snapshot_info row of a published snapshot (None for a database that is not one)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() and table_name = 'snapshot_info'"
    ).fetchall()[0][0]
    if not exists:
        return None
    relation = con.execute("select * from snapshot_info")
    columns = [d[0] for d in relation.description]
    rows = relation.fetchall()
    return dict(zip(columns, rows[0])) if rows else None


def adopt_legacy(stable: Path, working: Path) -> bool:
    """A home from before snapshots kept its one writable database at the stable path: copy it,
    in STORAGE_VERSION's format, to the working database. It stays where it is, readable, until
    the first publish replaces it. Returns True if it did so."""
    stable, working = Path(stable), Path(working)
    if working.exists() or not stable.exists():
        return False
    con = duckdb.connect(str(stable))  # read-write: replays its WAL, if it has one
    try:
        if read_snapshot_info(con) is not None:
            return False
        con.execute("checkpoint")
    finally:
        con.close()
    working.parent.mkdir(parents=True, exist_ok=True)
    tmp = working.with_name(working.name + ".converting")
    tmp.unlink(missing_ok=True)
    copy_database(stable, tmp)
    os.replace(tmp, working)
    return True


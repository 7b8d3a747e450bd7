"""Point Dagster's instance at <home>/dagster, with the repo's dagster.yaml installed there."""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from pipelines.home import REPO_ROOT, Home

# dagster.yaml keeps every run's events in one database; Dagster's default kept one file per run
# (and an index.db) under history/runs/, which homes made before still hold.
EVENT_LOG = "event_log.db"
PER_RUN_EVENT_LOGS = Path("history") / "runs"
MOVED_EVENT_LOGS = Path("history") / "runs-per-run-files"


def prepare_dagster_home(home: Home) -> Path:
    """Create <home>/dagster, install dagster.yaml, and export DAGSTER_HOME and INTERNRADAR_HOME.
    A home whose events are still in Dagster's per-run files has them moved into the one
    database the installed dagster.yaml names (once; see move_event_history)."""
    target = home.dagster
    target.mkdir(parents=True, exist_ok=True)
    source = REPO_ROOT / "dagster.yaml"
    if source.exists():
        shutil.copyfile(source, target / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(target)
    os.environ["INTERNRADAR_HOME"] = str(home.root)
    move_event_history(target)
    return target


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def move_event_history(dagster_dir: Path, log: Callable[[str], None] = _say) -> int:
    """Copy every run's events from Dagster's per-run files (history/runs/*.db) into the one
    event database (event_log.db), run by run, oldest events first; return the runs moved.

    Does nothing when the home has no per-run files or already has event_log.db. The copy is
    built beside and renamed into place when complete, so a stopped move starts again next
    time; the per-run files are then kept, renamed to history/runs-per-run-files/."""
    per_run = dagster_dir / PER_RUN_EVENT_LOGS
    if (dagster_dir / EVENT_LOG).exists() or not (per_run / "index.db").exists():
        return 0
    # Two processes opening the home at once (`make dagster` and a scheduled run): one moves,
    # the other waits for it and then finds the move done.
    with open(dagster_dir / ".event_log.move.lock", "a") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        if (dagster_dir / EVENT_LOG).exists() or not (per_run / "index.db").exists():
            return 0
        return _move(dagster_dir, per_run, log)


def _move(dagster_dir: Path, per_run: Path, log: Callable[[str], None]) -> int:
    from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage, SqliteEventLogStorage

    building = dagster_dir / ".event_log.moving"
    shutil.rmtree(building, ignore_errors=True)
    run_ids = sorted((p.stem for p in per_run.glob("*.db") if p.stem != "index"),
                     key=lambda run_id: _first_event_time(per_run / f"{run_id}.db"))
    log(f"internradar: moving Dagster's event history of {len(run_ids)} run(s) into {dagster_dir / EVENT_LOG} (once)")
    with _unsynced_sqlite(building):
        old, new = SqliteEventLogStorage(str(per_run)), ConsolidatedSqliteEventLogStorage(str(building))
        try:
            for n, run_id in enumerate(run_ids, 1):
                new.store_event_batch([record.event_log_entry for record in old.get_records_for_run(run_id).records])
                if n % 50 == 0 or n == len(run_ids):
                    log(f"internradar: [{n}/{len(run_ids)}] runs' events moved")
        finally:
            old.dispose()
            new.dispose()
    _settle(building / EVENT_LOG)
    (building / EVENT_LOG).replace(dagster_dir / EVENT_LOG)
    shutil.rmtree(building)
    per_run.rename(dagster_dir / MOVED_EVENT_LOGS)
    return len(run_ids)


@contextmanager
def _unsynced_sqlite(base_dir: Path):
    """While open, SQLite files in `base_dir` are written without waiting for the disk
    (`PRAGMA synchronous = off`): the event database is renamed into place only once complete,
    and every event stored is a transaction of its own (that halved the move's time)."""
    import sqlalchemy

    def unsynced(dbapi_connection, _record):
        if Path(dbapi_connection.execute("pragma database_list").fetchone()[2]).parent == base_dir:
            dbapi_connection.execute("pragma synchronous = off")

    sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", unsynced)
    try:
        yield
    finally:
        sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", unsynced)


def _settle(database: Path) -> None:
    """Fold the write-ahead log into `database` and flush the file to disk."""
    import sqlite3

    con = sqlite3.connect(database)
    try:
        con.execute("pragma wal_checkpoint(truncate)")
    finally:
        con.close()
    with open(database, "rb") as file:
        os.fsync(file.fileno())


def _first_event_time(shard: Path) -> str:
    """When a per-run file's first event was stored: runs are moved in the order they ran, so
    the newest materialization of an asset is still the one with the highest event id."""
    import sqlite3

    con = sqlite3.connect(f"file:{shard}?mode=ro", uri=True)
    try:
        return str(con.execute("select min(timestamp) from event_logs").fetchone()[0] or "")
    finally:
        con.close()


if __name__ == "__main__":  # `make dagster`: install the instance settings under the home
    prepare_dagster_home(Home(Path(sys.argv[1])))

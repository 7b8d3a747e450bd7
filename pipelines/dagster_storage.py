"""Dagster's one-database SQLite event log, with its connections kept open (dagster.yaml names it).

Dagster's `ConsolidatedSqliteEventLogStorage` creates a SQLAlchemy engine for every write, with
no pool: each of a run's events (an output, a materialization, a check's result) then compiles
its statements again (the compiled-statement cache belongs to the engine), opens a new SQLite
connection, and closes it, which in WAL mode checkpoints the log. This subclass keeps one engine
per process, with SQLAlchemy's default pool, and changes nothing else: the same file, tables,
migrations and watch. An idle SQLite connection holds no lock, so other processes (the daemon,
the webserver, another run) read and write the file as before.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS


class PooledSqliteEventLogStorage(ConsolidatedSqliteEventLogStorage):
    """`ConsolidatedSqliteEventLogStorage` whose engine (and its pooled connections) lasts as
    long as the instance, in the process that made it."""

    _pooled: tuple[int, object] | None = None

    def _engine(self):
        pid = os.getpid()
        if self._pooled is None or self._pooled[0] != pid:  # a forked child opens its own
            engine = create_engine(self._conn_string, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
            self._pooled = (pid, engine)
        return self._pooled[1]

    @contextmanager
    def _connect(self):
        with self._engine().connect() as conn:
            with conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        engine = self._engine()
        with engine.connect() as conn:
            return bool(engine.dialect.has_table(conn, table_name))

    def dispose(self) -> None:
        super().dispose()
        if self._pooled is not None and self._pooled[0] == os.getpid():
            self._pooled[1].dispose()
        self._pooled = None

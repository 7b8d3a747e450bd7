"""A SQLite file in the home's cache (`cache/`): what an earlier run worked out, kept to be looked
up instead of worked out again (tagging's readings, cleaning's items). A cache only saves time:
any error opening, reading or writing it turns it off (`con` None) and the caller works
everything out itself, with the same results."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable


def current_file(cache_dir: Path, name: str, family: str) -> Path:
    """`cache_dir / name`, after removing the other files of its `family` (a glob: the files an
    older version of the rules wrote)."""
    path = Path(cache_dir) / name
    for old in Path(cache_dir).glob(family):
        if not old.name.startswith(path.name):
            old.unlink(missing_ok=True)
    return path


class CacheFile:
    """The SQLite file at `path` (created if missing, with `schema`: one create-if-not-exists)."""

    def __init__(self, path: Path, schema: str):
        self.con: sqlite3.Connection | None = None
        try:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.con = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.con.execute("pragma journal_mode = wal")
            self.con.execute(schema)
        except (OSError, sqlite3.Error):
            self.close()

    def insert(self, statement: str, rows: Iterable[tuple]) -> None:
        """`statement` (an insert with marks) for each of `rows`, in one transaction."""
        if self.con is None:
            return
        try:
            self.con.execute("begin")
            self.con.executemany(statement, rows)
            self.con.execute("commit")
        except sqlite3.Error:
            self.close()

    def close(self) -> None:
        con, self.con = self.con, None
        if con is not None:
            try:
                con.close()
            except sqlite3.Error:
                pass

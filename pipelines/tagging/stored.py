"""What the taggers read from a text (a description segment, a title), kept across processes.

Within a process the readings are memoized (`_segment`, `_field` in this package); a new
process (each night's tag step) starts with empty memos. An edited posting's new version
repeats most of its old version's segments, and an employer's postings share their
boilerplate, so most of a night's segments were read on an earlier night. This store keeps
each reading by a digest of its kind and text in a SQLite file (one per tagger version and
rules: `readings_fingerprint()`), so a later process looks it up instead of reading it again.

A missing, damaged or locked file only makes tagging slower: the store turns itself off and
tagging reads every text itself, with the same results.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Callable

from pipelines.cachefile import CacheFile

# Readings made are written in batches of this many (bounded memory on a first night).
FLUSH_EVERY = 5_000

_PACKAGE = Path(__file__).resolve().parent


def readings_fingerprint() -> str:
    """What a reading depends on: every module and rule file of the tagging package."""
    digest = hashlib.sha256()
    for path in sorted([*_PACKAGE.glob("*.py"), *_PACKAGE.glob("*.yaml")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


class ReadingStore(CacheFile):
    """Readings by (kind, text), in the SQLite file at `path` (created if missing)."""

    def __init__(self, path: Path):
        self.pending: list[tuple[bytes, bytes]] = []
        self.found = self.made = 0
        self.lookups = False
        super().__init__(path, "create table if not exists readings (key blob primary key, value blob not null) without rowid")
        try:
            # An empty store (a first night, a new tagger version) has nothing to look up: each
            # text is only read and written (a lookup that finds nothing cost 35 us a text).
            self.lookups = self.con is not None and bool(
                self.con.execute("select exists (select 1 from readings)").fetchone()[0])
        except sqlite3.Error:
            self.close()

    def reading(self, kind: str, text: str, read: Callable[[str], Any]) -> Any:
        """The stored reading of `text`, else `read(text)` (then stored)."""
        if self.con is None:
            return read(text)
        key = hashlib.blake2b(kind.encode() + b"\0" + text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        if self.lookups:
            try:
                row = self.con.execute("select value from readings where key = ?", (key,)).fetchone()
                if row is not None:
                    self.found += 1
                    return pickle.loads(row[0])
            except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self.close()
                return read(text)
        value = read(text)
        self.made += 1
        self.pending.append((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        return value

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        if pending:
            self.insert("insert or ignore into readings values (?, ?)", pending)

"""Postings cleaned before, by item digest, kept across processes (`pipelines.cleaning`).

A source whose pages changed is mapped again on the night they changed, but most of its postings
are as they were: each mapped posting's item digest (`cleaning.item_digest`) names the clean
(posting_key, content_hash) it gave when it was cleaned. This store keeps those in a SQLite file
in the home's cache (one per CLEANER_VERSION; older files are removed), and the clean step asks
it before cleaning a posting again. What it answers is used only where the warehouse still holds
that version (`warehouse.reuse.stored_pairs`): the store is a cache, the warehouse the record.

A missing, damaged or locked file only makes cleaning slower: the store turns itself off and
every mapped posting is cleaned, with the same results.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from pipelines.cachefile import CacheFile, current_file
from pipelines.cleaning import CLEANER_VERSION

# Digests looked up per statement (SQLite's bound-parameter limit is far above it).
LOOKUP_CHUNK = 500


class ItemStore(CacheFile):
    """(posting_key, content_hash) by item digest, in the SQLite file at `path` (created if missing)."""

    def __init__(self, path: Path):
        super().__init__(path, "create table if not exists items (digest blob primary key, posting_key text not null, "
                               "content_hash text not null) without rowid")

    def lookup(self, digests: list[str]) -> dict[str, tuple[str, str]]:
        """{digest: (posting_key, content_hash)} of the `digests` (hex) the store holds."""
        if self.con is None or not digests:
            return {}
        found: dict[str, tuple[str, str]] = {}
        try:
            for i in range(0, len(digests), LOOKUP_CHUNK):
                chunk = [bytes.fromhex(d) for d in digests[i:i + LOOKUP_CHUNK]]
                marks = ",".join("?" * len(chunk))
                for digest, key, content in self.con.execute(  # marks only: the values are bound
                        f"select digest, posting_key, content_hash from items where digest in ({marks})", chunk):
                    found[digest.hex()] = (key, content)
        except sqlite3.Error:
            self.close()
            return {}
        return found

    def add(self, items: Iterable[tuple[str, str, str]]) -> None:
        """Keep (digest, posting_key, content_hash) rows (a digest already kept keeps its pair)."""
        self.insert("insert or ignore into items values (?, ?, ?)",
                    ((bytes.fromhex(d), key, content) for d, key, content in items))


@contextlib.contextmanager
def carried_items(cache_dir: Path) -> Iterator[ItemStore]:
    """The item store of `cache_dir` for this CLEANER_VERSION (files of other versions removed)."""
    store = ItemStore(current_file(cache_dir, f"items-{CLEANER_VERSION}.sqlite", "items-*.sqlite*"))
    try:
        yield store
    finally:
        store.close()

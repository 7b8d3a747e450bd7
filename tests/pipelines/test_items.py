"""The store of postings cleaned before (pipelines/items.py): kept across processes, by CLEANER_VERSION,
and a damaged file only turns it off."""

from __future__ import annotations

from pathlib import Path

from pipelines import items
from pipelines.items import ItemStore, carried_items


def test_items_are_kept_across_stores_and_unknown_digests_are_not_found(tmp_path: Path):
    with carried_items(tmp_path) as store:
        assert store.lookup(["00" * 16]) == {}
        store.add([("aa" * 16, "g:b:1", "h1"), ("bb" * 16, "g:b:2", "h2")])
        store.add([("aa" * 16, "g:b:1", "other")])  # a digest kept keeps its pair
    with carried_items(tmp_path) as store:
        assert store.lookup(["aa" * 16, "cc" * 16, "bb" * 16]) == {"aa" * 16: ("g:b:1", "h1"), "bb" * 16: ("g:b:2", "h2")}


def test_lookups_go_in_chunks(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(items, "LOOKUP_CHUNK", 3)
    wanted = [f"{i:032x}" for i in range(10)]
    with carried_items(tmp_path) as store:
        store.add((d, f"k{i}", "h") for i, d in enumerate(wanted[::2]))
        assert store.lookup(wanted) == {d: (f"k{i}", "h") for i, d in enumerate(wanted[::2])}


def test_a_new_cleaner_version_starts_a_new_file(tmp_path: Path, monkeypatch):
    with carried_items(tmp_path) as store:
        store.add([("aa" * 16, "g:b:1", "h1")])
    monkeypatch.setattr(items, "CLEANER_VERSION", "next")
    with carried_items(tmp_path) as store:
        assert store.lookup(["aa" * 16]) == {}
    assert [p.name for p in tmp_path.glob("items-*.sqlite")] == ["items-next.sqlite"]


def test_a_damaged_file_turns_the_store_off(tmp_path: Path):
    path = tmp_path / "items-x.sqlite"
    path.write_bytes(b"not a database" * 100)
    store = ItemStore(path)
    assert store.con is None  # off: cleaning goes on without it
    assert store.lookup(["aa" * 16]) == {}
    store.add([("aa" * 16, "k", "h")])  # nothing raised
    assert store.con is None

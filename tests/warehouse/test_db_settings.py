"""Opening the writer's connection: its settings, and the schema it applies."""

import duckdb

from warehouse.db import connect, ddl_fingerprint


def test_the_writer_memory_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERNRADAR_DUCKDB_MEMORY", "300MB")
    con = connect(tmp_path / "w.duckdb")
    limit = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
    con.close()
    assert limit.endswith("MiB") and 280 <= float(limit.split()[0]) <= 300


def test_without_it_duckdb_keeps_its_default(tmp_path, monkeypatch):
    monkeypatch.delenv("INTERNRADAR_DUCKDB_MEMORY", raising=False)
    con = connect(tmp_path / "w.duckdb")
    limit = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
    con.close()
    plain = duckdb.connect()
    default = plain.execute("select current_setting('memory_limit')").fetchall()[0][0]
    plain.close()
    assert limit == default


def _views(con) -> set[str]:
    return {r[0] for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()}


def test_the_schema_and_views_are_applied_again_only_when_they_changed(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    assert con.execute("select value from warehouse_meta where key = 'ddl_fingerprint'").fetchall() == [(ddl_fingerprint(),)]
    con.execute("drop view open_postings")
    con.close()
    con = connect(tmp_path / "w.duckdb")  # the same schema and views as recorded: left as it is
    assert "open_postings" not in _views(con)
    con.execute("update warehouse_meta set value = 'from another release' where key = 'ddl_fingerprint'")
    con.close()
    con = connect(tmp_path / "w.duckdb")  # another release's: applied again
    assert {"postings", "open_postings"} <= _views(con)
    assert con.execute("select value from warehouse_meta where key = 'ddl_fingerprint'").fetchall() == [(ddl_fingerprint(),)]
    con.close()


def _night(rows: int) -> tuple[list[dict], list[dict]]:
    """A night of `rows` versions on one board, and its crawl run."""
    versions = [{"posting_key": f"greenhouse:acme:{i}", "content_hash": f"h{i}", "source": "greenhouse:acme",
                 "platform": "greenhouse", "board": "acme", "title": "ML Intern", "company": "Acme",
                 "tagger_version": "test"} for i in range(rows)]
    run = {"source": "greenhouse:acme", "platform": "greenhouse", "board": "acme", "status": "ok", "items": rows}
    return versions, [run]


def _load_watching_the_limit(con, rows: int) -> tuple[str, str]:
    """Load a night of `rows` versions; DuckDB's memory limit during the load, and after it."""
    from datetime import date

    from warehouse.loader import load_crawl

    seen = []
    load_crawl(con, date(2026, 11, 2), *_night(rows),
               before_commit=lambda: seen.append(con.execute("select current_setting('memory_limit')").fetchall()[0][0]))
    return seen[0], con.execute("select current_setting('memory_limit')").fetchall()[0][0]


def test_a_big_night_loads_with_duckdb_memory_capped(tmp_path, monkeypatch):
    import warehouse.loader as loader

    monkeypatch.delenv("INTERNRADAR_DUCKDB_MEMORY", raising=False)
    monkeypatch.setattr(loader, "BIG_NIGHT_VERSIONS", 5)
    con = connect(tmp_path / "w.duckdb")
    default = con.execute("select current_setting('memory_limit')").fetchall()[0][0]
    assert _load_watching_the_limit(con, 3) == (default, default)  # a small night: DuckDB's own
    during, after = _load_watching_the_limit(con, 8)
    con.close()
    assert during == "366.2 MiB" and after == default  # 384MB, and back


def test_a_limit_from_the_environment_holds_for_big_nights_too(tmp_path, monkeypatch):
    import warehouse.loader as loader

    monkeypatch.setenv("INTERNRADAR_DUCKDB_MEMORY", "300MB")
    monkeypatch.setattr(loader, "BIG_NIGHT_VERSIONS", 5)
    con = connect(tmp_path / "w.duckdb")
    during, after = _load_watching_the_limit(con, 8)
    con.close()
    assert during == after == "286.1 MiB"


def _sightings_row_groups(path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select count(distinct row_group_id) from pragma_storage_info('sightings')").fetchall()[0][0]
    finally:
        con.close()


def _load_and_close(path, night, rows: int = 500, pack: bool | None = None) -> None:
    from warehouse.loader import load_crawl

    con = connect(path)
    load_crawl(con, night, *_night(rows), pack=pack)
    con.close()  # DuckDB's checkpoint: where row groups are packed, or not


def test_a_nights_close_packs_row_groups_only_when_the_night_starts_a_week(tmp_path):
    """Each night's sightings come as a row group of their own; DuckDB's checkpoint would pack
    them with the nights before at every close. Inside a week they stay as they came, and the
    close of the night that starts the next week packs them."""
    from datetime import date

    path = tmp_path / "w.duckdb"
    _load_and_close(path, date(2026, 11, 3))  # a Tuesday: the first night packs (nothing to pack)
    groups = [_sightings_row_groups(path)]
    for day in (4, 5, 6, 7, 8):  # Wednesday to Sunday, the same week and month
        _load_and_close(path, date(2026, 11, day))
        groups.append(_sightings_row_groups(path))
    assert groups == [1, 2, 3, 4, 5, 6]
    _load_and_close(path, date(2026, 11, 9))  # Monday: a new week
    assert _sightings_row_groups(path) == 1  # 3,500 rows: one row group
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("select count(*), count(distinct crawl_date) from sightings").fetchall() == [(3500, 7)]
    con.close()


def test_a_night_starts_new_periods_when_the_newest_date_leaves_its_week_or_month():
    from datetime import date

    from warehouse.loader import starts_new_periods

    assert starts_new_periods(None, date(2026, 11, 4))  # the first night
    assert not starts_new_periods(date(2026, 11, 4), date(2026, 11, 5))  # inside a week
    assert not starts_new_periods(date(2026, 11, 5), date(2026, 11, 5))  # a date loaded again
    assert starts_new_periods(date(2026, 11, 8), date(2026, 11, 9))  # Sunday to Monday
    assert starts_new_periods(date(2026, 11, 5), date(2026, 11, 7 + 7))  # a week skipped
    assert starts_new_periods(date(2026, 12, 31), date(2027, 1, 1))  # a new month inside a week


def test_publishing_copies_the_row_groups_as_the_load_left_them(tmp_path):
    """The snapshot's own checkpoint (it adds snapshot_info) does not pack what the load left
    unpacked: packing the copy cost a night's publish as much as the load saved."""
    from datetime import date

    from warehouse.snapshot import publish

    working = tmp_path / "work" / "warehouse.duckdb"
    for day in (3, 4, 5):  # Tuesday to Thursday
        _load_and_close(working, date(2026, 11, day))
    assert _sightings_row_groups(working) == 3
    info = publish(working, tmp_path / "warehouse.duckdb", tmp_path / "snapshots")
    assert _sightings_row_groups(tmp_path / "warehouse.duckdb") == 3
    assert info["as_of"] == date(2026, 11, 5)


def test_a_load_can_be_told_to_pack_at_its_close(tmp_path):
    """A load can pack what the nights before it left at its close, whatever its night was (a
    run of many nights is rewritten whole instead: test_compacting_...)."""
    from datetime import date

    path = tmp_path / "w.duckdb"
    for day in (3, 4, 5):
        _load_and_close(path, date(2026, 11, day))
    assert _sightings_row_groups(path) == 3
    _load_and_close(path, date(2026, 11, 6), pack=True)  # a Friday
    assert _sightings_row_groups(path) == 1


def free_share(con) -> float:
    """The share of the database file's blocks that are free."""
    total, free = con.execute("select total_blocks, free_blocks from pragma_database_size() "
                              "where database_name = current_database()").fetchall()[0]
    return free / total


def test_compacting_rewrites_the_file_without_its_free_blocks_and_keeps_every_row(tmp_path):
    """A run of many nights (a re-tag) rewrites the working file at its close: its checkpoints
    left free blocks that every published copy would carry. The rewrite keeps every table, row,
    view and constraint, packs the row groups, and is refused while a write-ahead log is there."""
    from datetime import date

    import duckdb

    from warehouse.db import compact, connect, storage_version

    path = tmp_path / "w.duckdb"
    for day in (3, 4, 5):
        _load_and_close(path, date(2026, 11, day), rows=3000)
    _load_and_close(path, date(2026, 11, 6), rows=3000, pack=True)  # packing frees the blocks it moved
    con = duckdb.connect(str(path), read_only=True)
    assert free_share(con) > 0.2

    def contents(con) -> dict:
        tables = [t for (t,) in con.execute("select table_name from duckdb_tables() where "
                                            "database_name = current_database() order by 1").fetchall()]
        return {
            "rows": {t: con.execute(f'select count(*), sum(hash(t::varchar)) from "{t}" t').fetchall() for t in tables},
            "views": con.execute("select view_name from duckdb_views() where not internal and "
                                 "database_name = current_database() order by 1").fetchall(),
            "constraints": con.execute("select table_name, constraint_text from duckdb_constraints() "
                                       "where database_name = current_database() order by all").fetchall(),
        }

    before = contents(con)
    con.close()
    size_before, size_after = compact(path)
    assert size_after == path.stat().st_size < size_before
    con = duckdb.connect(str(path), read_only=True)
    assert free_share(con) < 0.05 and contents(con) == before
    assert storage_version(con).startswith("v1.4")  # still what DuckDB 1.4 clients open
    con.close()
    assert _sightings_row_groups(path) == 1
    assert not list(tmp_path.glob("*.compacting*"))
    con = connect(path)  # the schema applies as it is: the views and the schema fingerprint came along
    assert con.execute("select count(*) from postings").fetchall()[0][0] > 0
    con.close()
    path.with_name("w.duckdb.wal").write_bytes(b"")  # a writer that did not close
    assert compact(path) is None

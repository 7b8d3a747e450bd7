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


def _load_watching_the_limit(con, rows: int) -> tuple[str, str]:
    """Load a night of `rows` versions; DuckDB's memory limit during the load, and after it."""
    from datetime import date

    from warehouse.loader import load_crawl

    seen = []
    versions = [{"posting_key": f"greenhouse:acme:{i}", "content_hash": f"h{i}", "source": "greenhouse:acme",
                 "platform": "greenhouse", "board": "acme", "title": "ML Intern", "company": "Acme",
                 "tagger_version": "test"} for i in range(rows)]
    run = {"source": "greenhouse:acme", "platform": "greenhouse", "board": "acme", "status": "ok", "items": rows}
    load_crawl(con, date(2026, 11, 2), versions, [run],
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

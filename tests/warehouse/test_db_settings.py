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

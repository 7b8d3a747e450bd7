"""Settings of the writer's connection."""

import duckdb

from warehouse.db import connect


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

"""posting_versions and posting_state carry version_id (version_digest of the version's key), and
the postings view joins the two by it: ids are filled in for a warehouse made before them, and a
load refuses a version whose id another version has."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from warehouse.db import connect
from warehouse.loader import load_crawl

from tests.warehouse.test_incremental import run, version

SOURCE = "greenhouse:acme"


def night(con: duckdb.DuckDBPyConnection, day: date, versions: list[dict]) -> None:
    load_crawl(con, day, versions, [run(SOURCE, "ok", len(versions))])


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return sorted(con.execute(sql).fetchall())


def test_each_version_and_posting_has_its_digest_as_id(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    night(con, date(2026, 3, 2), [version(None, SOURCE, ext, 1) for ext in range(3)])
    night(con, date(2026, 3, 3), [version(None, SOURCE, 0, 2), version(None, SOURCE, 1, 1)])
    wrong = "select count(*) from {} where version_id is distinct from version_digest(posting_key, content_hash)"
    assert con.execute(wrong.format("posting_versions")).fetchone() == (0,)
    assert con.execute(wrong.format("posting_state")).fetchone() == (0,)
    # The view shows each posting with its current version, as a join by the key columns would.
    by_key = ("select s.posting_key, s.content_hash, v.title from posting_state s "
              "join posting_versions v using (posting_key, content_hash)")
    assert rows(con, "select posting_key, content_hash, title from postings") == rows(con, by_key)
    assert rows(con, "select posting_key, content_hash from postings") == [
        (f"{SOURCE}:0", "h0r2"), (f"{SOURCE}:1", "h1r1"), (f"{SOURCE}:2", "h2r1")]
    assert "version_id" not in [c[0] for c in con.execute("select * from postings limit 0").description]
    con.close()


def test_a_warehouse_from_before_version_ids_gets_them_when_opened(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    night(con, date(2026, 3, 2), [version(None, SOURCE, ext, 1) for ext in range(4)])
    before = rows(con, "select * from postings")
    # As an older warehouse was: neither column, and another schema installed.
    con.execute("drop view postings")
    con.execute("alter table posting_versions drop column version_id")
    con.execute("drop view posting_state")
    con.execute("alter table posting_state_live drop column version_id")
    con.execute("delete from warehouse_meta where key = 'ddl_fingerprint'")
    con.close()
    con = connect(path)
    assert con.execute("select count(*), count(version_id) from posting_versions").fetchone() == (4, 4)
    assert con.execute("select count(*), count(version_id) from posting_state").fetchone() == (4, 4)
    assert rows(con, "select * from postings") == before
    con.close()


def test_a_version_whose_id_is_taken_fails_the_load_and_writes_nothing(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    # A digest that collides for every two versions whose content hash has the same second character.
    con.execute("create or replace macro version_digest(posting_key, content_hash) as "
                "ascii(content_hash[2])::ubigint")
    night(con, date(2026, 3, 2), [version(None, SOURCE, 1, 1)])
    before = {t: rows(con, f"select * from {t}") for t in ("sightings", "posting_versions", "posting_state")}
    # h1r2 collides with the stored h1r1 (both "1"); in one night, h2r1 and h2r9 collide with each other.
    with pytest.raises(duckdb.Error, match="version ids collide"):
        night(con, date(2026, 3, 3), [version(None, SOURCE, 1, 2)])
    with pytest.raises(duckdb.Error, match="version ids collide"):
        night(con, date(2026, 3, 3), [version(None, SOURCE, 2, 1), {**version(None, SOURCE, 3, 1), "content_hash": "h2r9"}])
    assert {t: rows(con, f"select * from {t}") for t in before} == before
    # The same version again (re-tagged, or the night loaded again) is not a collision.
    night(con, date(2026, 3, 2), [version(None, SOURCE, 1, 1, tagger="t2")])
    assert rows(con, "select content_hash, tagger_version from postings") == [("h1r1", "t2")]
    con.close()

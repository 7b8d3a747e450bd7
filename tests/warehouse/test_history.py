"""Posting history in the warehouse over simulated nights, loaded directly (no crawl).

Night by night for one source "greenhouse:acme" (plus "greenhouse:beta" for the failed crawl):
appear, change, disappear, reappear; a failed crawl closes nothing; reloading a night, in any
order, gives exactly the same warehouse.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from warehouse.db import connect
from warehouse.loader import load_crawl
from warehouse.trends import trends

N1, N2, N3, N4, N5 = (date(2026, 11, d) for d in (2, 9, 16, 23, 30))
SEOUL = {"city": "Seoul", "region": "11", "country": "KR", "geonameid": 1835848, "lat": 37.566, "lon": 126.978}


def posting(board: str, ext: str, title: str, *, intern: bool = True, ai: bool = True, body: str = "v1") -> dict:
    return {
        "posting_key": f"greenhouse:{board}:{ext}", "content_hash": f"{ext}-{title}-{body}",
        "source": f"greenhouse:{board}", "platform": "greenhouse", "board": board, "external_id": ext,
        "company": board.title(), "title": title, "url": f"https://example.test/{board}/{ext}",
        "locations": ["Seoul, South Korea"], "description_text": body, "employment_type": None,
        "department": None, "posted_at": pd.Timestamp("2026-11-01", tz="UTC"), "updated_at": None,
        "is_internship": intern, "is_ai_ml": ai, "ai_ml_score": 0.9 if ai else 0.1,
        "industry": "finance", "industries": ["finance"], "remote": "onsite", "places": [SEOUL],
        "skills": ["python"], "tagger_version": "test",
    }


def run(board: str, status: str = "ok", items: int = 0) -> dict:
    return {"source": f"greenhouse:{board}", "platform": "greenhouse", "board": board, "status": status,
            "items": items, "errors": int(status != "ok"), "error_message": None if status == "ok" else "HTTP 503",
            "requests": 1, "bytes": 100, "duration_s": 0.5, "started_at": pd.Timestamp("2026-11-01T02:00", tz="UTC")}


A = posting("acme", "1", "ML Intern")
A_EDITED = posting("acme", "1", "ML Intern", body="v2: now with PyTorch")
B = posting("acme", "2", "Backend Engineer", intern=False, ai=False)
C = posting("beta", "3", "Data Science Intern")

NIGHTS = {
    N1: ([A, B, C], [run("acme", items=2), run("beta", items=1)]),
    N2: ([A_EDITED], [run("acme", items=1), run("beta", "failed")]),  # B gone; beta down
    N3: ([A_EDITED, B], [run("acme", items=2), run("beta", items=0)]),  # B back; beta ok and empty
    N4: ([], [run("acme", "failed"), run("beta", items=0)]),  # acme down: closes nothing
    N5: ([B], [run("acme", items=1), run("beta", items=0)]),  # A gone for real
}


def load(con, night: date) -> dict:
    rows, runs = NIGHTS[night]
    return load_crawl(con, night, pd.DataFrame(rows), runs)


def snapshot(con) -> dict:
    tables = ("crawl_runs", "sightings", "posting_versions", "postings", "posting_places", "posting_skills",
              "posting_industries")
    # Table names are fixed literals, never user input.
    return {t: con.execute(f"select * exclude (started_at) from {t} order by all" if t == "crawl_runs"
                           else f"select * from {t} order by all").fetchall() for t in tables}


def lifecycle(con) -> dict:
    rows = con.execute(
        "select posting_key, first_seen, last_seen, closed_at, is_open, description_text from postings"
    ).fetchall()
    return {r[0].rsplit(":", 1)[1]: r[1:] for r in rows}


@pytest.fixture()
def warehouse(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


def test_lifecycle_over_five_nights(warehouse):
    for night in NIGHTS:
        load(warehouse, night)
    life = lifecycle(warehouse)
    # A: appeared N1, edited N2, still there N3, acme down N4 (no close), missing on N5 -> closed N5.
    assert life["1"] == (N1, N3, N5, False, "v2: now with PyTorch")
    # B: appeared N1, gone N2 (closed), back N3 (reopened), acme down N4, seen N5: open.
    assert life["2"] == (N1, N5, None, True, "v1")
    # C: beta failed N2 (closes nothing); beta ok but empty N3 is suspicious (went silent), so
    # it closes nothing either; empty again on N4, the emptiness is believed and C closes.
    assert life["3"] == (N1, N1, N4, False, "v1")


def test_changes_keep_versions_and_latest_content_wins(warehouse):
    for night in NIGHTS:
        load(warehouse, night)
    versions = warehouse.execute(
        "select content_hash from posting_versions where posting_key = 'greenhouse:acme:1' order by all"
    ).fetchall()
    assert len(versions) == 2  # the original and the edit; unchanged nights add nothing


def test_closed_then_reopened_between_nights(warehouse):
    load(warehouse, N1)
    load(warehouse, N2)
    assert lifecycle(warehouse)["2"][2:4] == (N2, False)
    load(warehouse, N3)
    assert lifecycle(warehouse)["2"][2:4] == (None, True)


def test_reloading_a_night_is_idempotent(warehouse):
    for night in NIGHTS:
        load(warehouse, night)
    before = snapshot(warehouse)
    stats = load(warehouse, N3)
    assert stats["new_versions"] == 0
    assert snapshot(warehouse) == before


def test_load_order_does_not_matter(tmp_path):
    in_order = connect(tmp_path / "a.duckdb")
    shuffled = connect(tmp_path / "b.duckdb")
    for night in NIGHTS:
        load(in_order, night)
    for night in (N3, N1, N5, N2, N4, N3):
        load(shuffled, night)
    assert snapshot(in_order) == snapshot(shuffled)


def test_postings_from_a_source_without_a_run_are_refused(warehouse):
    with pytest.raises(ValueError, match="without a crawl run"):
        load_crawl(warehouse, N1, pd.DataFrame([C]), [run("acme")])
    assert warehouse.execute("select count(*) from sightings").fetchall() == [(0,)]


def test_a_failed_load_leaves_the_warehouse_as_it_was(warehouse):
    load(warehouse, N1)
    before = snapshot(warehouse)
    broken = dict(A, posting_key=None)  # violates NOT NULL in sightings
    with pytest.raises(Exception):
        load_crawl(warehouse, N2, pd.DataFrame([broken]), [run("acme")])
    assert snapshot(warehouse) == before


def test_trends_count_new_and_open_per_week(warehouse):
    for night in NIGHTS:
        load(warehouse, night)
    frame = trends(warehouse, "city", internships_only=False)
    seoul = frame[frame["city"].str.startswith("Seoul")]
    assert not seoul.empty
    # Three postings were there on the first crawl (week of Monday 2026-11-02): backlog, not
    # new; nothing appeared later.
    weekly = seoul.set_index(seoul["week"].dt.strftime("%Y-%m-%d"))
    assert weekly.loc["2026-11-02", ["new_postings", "open_postings", "backlog_postings"]].tolist() == [0, 3, 3]
    assert int(seoul["new_postings"].sum()) == 0
    # Week of N5 (Monday 2026-11-30): only B is still open.
    assert weekly.loc["2026-11-30", ["new_postings", "open_postings"]].tolist() == [0, 1]


def test_a_staged_parquet_file_loads_as_its_rows_do(tmp_path):
    """The pipeline hands the load the tag step's staging file, which DuckDB reads itself; the
    warehouse comes out as it does from the same rows in memory (an empty night included)."""
    from pipelines.staging import write_table
    from warehouse.loader import POSTINGS_SCHEMA, to_arrow

    from_rows = connect(tmp_path / "rows.duckdb")
    from_files = connect(tmp_path / "files.duckdb")
    for night, (rows, runs) in NIGHTS.items():
        staged = write_table(to_arrow(pd.DataFrame(rows, columns=POSTINGS_SCHEMA.names), POSTINGS_SCHEMA),
                             tmp_path / f"{night}.parquet")
        stats = load_crawl(from_files, night, staged, runs)
        assert stats == load_crawl(from_rows, night, pd.DataFrame(rows), runs)
        assert from_files.execute("select count(*) from duckdb_views() where view_name = 'incoming_versions'"
                                  ).fetchall() == [(0,)]
    assert snapshot(from_files) == snapshot(from_rows)

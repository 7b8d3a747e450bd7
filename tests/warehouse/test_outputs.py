"""Exports, the HTML report, the summary and the SQL data checks, on a small loaded warehouse."""

from __future__ import annotations

import csv as csv_module
import json
import time

import duckdb
import pandas as pd
import pytest

from tests.warehouse.test_history import N1, N2, NIGHTS, load, posting, run
from warehouse.checks import check_names, failing_rows
from warehouse.db import SCHEMA_VERSION, connect
from warehouse import export as export_module
from warehouse.export import EXPORTS, csv_relation, export_snapshot
from warehouse.loader import load_crawl
from warehouse.snapshot import publish
from warehouse.report import render_report, write_report
from warehouse.summary import format_summary, summary


@pytest.fixture()
def loaded(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    for night in NIGHTS:
        load(con, night)
    yield con
    con.close()


def publish_nights(root, rows_by_night=None):
    """Load NIGHTS (or the given postings per night) into a working database and publish it."""
    con = connect(root / "work" / "warehouse.duckdb")
    for night, (rows, runs) in (rows_by_night or NIGHTS).items():
        load_crawl(con, night, pd.DataFrame(rows), runs)
    con.close()
    return publish(root / "work" / "warehouse.duckdb", root / "warehouse.duckdb", root / "snapshots")


@pytest.fixture()
def exported(tmp_path):
    info = publish_nights(tmp_path)
    manifest = export_snapshot(tmp_path / "warehouse.duckdb", tmp_path / "exports", write_report)
    return tmp_path / "exports", manifest, info


def test_manifest_names_the_night_and_describes_every_column(exported):
    out, manifest, info = exported
    assert json.loads((out / "manifest.json").read_text()) == manifest
    assert manifest["as_of"] == max(NIGHTS).isoformat() == str(info["as_of"])
    assert manifest["snapshot_id"] == info["snapshot_id"]
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["tagger_versions"] == ["test"]
    assert manifest["crawl_dates"] == len(NIGHTS) and manifest["storage_version"] == "v1.4.0"
    assert [e["name"] for e in manifest["exports"]] == list(EXPORTS)
    for entry in manifest["exports"]:
        assert entry["description"], entry["name"]
        assert all(c["description"] for c in entry["columns"]), entry["name"]
        parquet = out / entry["files"]["parquet"]
        assert duckdb.sql("select count(*) from read_parquet(?)", params=[str(parquet)]).fetchall() == [(entry["rows"],)]
        csv = pd.read_csv(out / entry["files"]["csv"], keep_default_na=False)
        assert len(csv) == entry["rows"] and list(csv.columns) == [c["name"] for c in entry["columns"]]
    # The pointer, the current folder and the folder's own manifest agree; nothing half-written is left.
    folder = out / manifest["folder"]
    assert (out / "current").resolve() == folder.resolve()
    assert json.loads((folder / "manifest.json").read_text())["snapshot_id"] == manifest["snapshot_id"]
    assert (out / "report.html").read_text() == (folder / "report.html").read_text()
    assert not [p.name for p in [*out.iterdir(), *(out / "versions").iterdir()] if p.name.startswith(".")]


def test_posting_export_carries_places_and_skills_as_json(exported):
    out, manifest, _ = exported
    rows = list(csv_module.DictReader((out / "current" / "open_postings.csv").open(encoding="utf-8")))
    assert rows
    for row in rows:
        places = json.loads(row["places"])
        assert places and {"city", "country", "lat", "lon"} <= set(places[0])
        assert json.loads(row["skills"]) == ["python"] and json.loads(row["locations"]) == ["Seoul, South Korea"]
        assert row["is_open"] == "true" and row["closed_at"] == ""
        assert row["posted_at"] == "2026-11-01T00:00:00.000000Z"
    flat = list(csv_module.DictReader((out / "current" / "open_posting_places.csv").open(encoding="utf-8")))
    assert {(r["city"], r["country"]) for r in flat} == {("Seoul", "KR")}
    assert float(flat[0]["lat"]) == pytest.approx(37.566)


def test_csv_cells_a_spreadsheet_would_run_are_neutralized(tmp_path):
    evil = posting("acme", "1", "=HYPERLINK(\"http://x.test\",\"ML Intern\")")
    evil["company"] = "@SUM(A1)"
    evil["locations"] = ["-1+1", "+Seoul"]
    evil["department"] = "\tData"
    info = publish_nights(tmp_path, {N1: ([evil], [run("acme", items=1)])})
    export_snapshot(tmp_path / "warehouse.duckdb", tmp_path / "exports", write_report)
    text = (tmp_path / "exports" / "current" / "open_postings.csv").read_text(encoding="utf-8")
    row = next(csv_module.DictReader(text.splitlines()))
    assert row["title"] == "'=HYPERLINK(\"http://x.test\",\"ML Intern\")"
    assert row["company"] == "'@SUM(A1)" and row["department"] == "'\tData"
    assert json.loads(row["locations"]) == ["-1+1", "+Seoul"]  # JSON cells start with [ and are safe
    # Parquet keeps the exact text: it is typed, nothing runs it.
    parquet = tmp_path / "exports" / "current" / "open_postings.parquet"
    assert duckdb.sql("select title from read_parquet(?)", params=[str(parquet)]).fetchall()[0][0] == evil["title"]
    assert info["postings"] == 1


def test_a_killed_export_leaves_the_previous_night_in_place(tmp_path):
    first = publish_nights(tmp_path, {N1: NIGHTS[N1]})
    out = tmp_path / "exports"
    export_snapshot(tmp_path / "warehouse.duckdb", out, write_report)
    before = (out / "manifest.json").read_text()
    con = connect(tmp_path / "work" / "warehouse.duckdb")
    load(con, N2)
    con.close()
    publish(tmp_path / "work" / "warehouse.duckdb", tmp_path / "warehouse.duckdb", tmp_path / "snapshots")

    def crash():
        raise KeyboardInterrupt("killed between the folder and the switch")

    with pytest.raises(KeyboardInterrupt):
        export_snapshot(tmp_path / "warehouse.duckdb", out, write_report, before_switch=crash)
    assert (out / "manifest.json").read_text() == before
    assert json.loads(before)["as_of"] == str(first["as_of"])
    again = export_snapshot(tmp_path / "warehouse.duckdb", out, write_report)
    assert again["as_of"] == N2.isoformat() and (out / "current").resolve() == (out / again["folder"]).resolve()


def test_a_report_that_fails_fails_the_export_and_keeps_the_previous_night(tmp_path):
    """The report is drawn in a thread beside the exports: what it raises reaches the night,
    and nothing is switched to."""
    publish_nights(tmp_path)
    out = tmp_path / "exports"
    export_snapshot(tmp_path / "warehouse.duckdb", out, write_report)
    before = (out / "manifest.json").read_text()

    def broken_report(con, path):
        con.execute("select 1").fetchall()  # it reads the snapshot on a cursor of its own
        raise RuntimeError("the chart library broke")

    with pytest.raises(RuntimeError, match="chart library"):
        export_snapshot(tmp_path / "warehouse.duckdb", out, broken_report)
    assert (out / "manifest.json").read_text() == before
    assert not [p.name for p in (out / "versions").iterdir() if p.name.startswith(".")]


def test_an_export_that_fails_waits_for_the_report_and_raises_its_own_error(tmp_path, monkeypatch):
    publish_nights(tmp_path)
    drawn = []

    def slow_report(con, path):
        time.sleep(0.5)  # still drawing when the exports fail: the connection must stay open for it
        con.execute("select count(*) from postings").fetchall()
        drawn.append(path.name)

    monkeypatch.setattr(export_module, "column_descriptions", lambda: {"tables": {}, "columns": {}})
    with pytest.raises(export_module.ExportError, match="no description"):
        export_snapshot(tmp_path / "warehouse.duckdb", tmp_path / "exports", slow_report)
    assert drawn == ["report.html"]  # it finished before the connection closed
    assert not (tmp_path / "exports" / "manifest.json").exists()


def test_old_folders_and_the_old_flat_layout_are_cleaned_up(tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "trend_industry_weekly.csv").write_text("stale")
    (out / "trend_industry_weekly.parquet").write_text("stale")
    con = connect(tmp_path / "work" / "warehouse.duckdb")
    folders = []
    for night in NIGHTS:
        load(con, night)
        con.close()
        publish(tmp_path / "work" / "warehouse.duckdb", tmp_path / "warehouse.duckdb", tmp_path / "snapshots")
        folders.append(export_snapshot(tmp_path / "warehouse.duckdb", out, write_report, keep=2)["folder"])
        con = connect(tmp_path / "work" / "warehouse.duckdb")
    con.close()
    kept = sorted(f"versions/{p.name}" for p in (out / "versions").iterdir())
    assert kept == folders[-2:]
    assert not list(out.glob("*.csv")) and not list(out.glob("*.parquet"))


def test_csv_read_back_from_parquet_is_the_views_own(exported, tmp_path):
    """Each CSV is written from the Parquet file just written (the view is computed once): it
    must be byte for byte the CSV of the view itself."""
    out, manifest, _ = exported
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True)
    con.execute("set TimeZone = 'UTC'")
    try:
        for entry in manifest["exports"]:
            direct = tmp_path / f"direct-{entry['name']}.csv"
            csv_relation(con.table(entry["name"]).order("all")).write_csv(str(direct), header=True)
            assert (out / entry["files"]["csv"]).read_bytes() == direct.read_bytes(), entry["name"]
    finally:
        con.close()


def test_a_type_parquet_changes_is_written_to_csv_from_the_view(tmp_path, monkeypatch):
    con = duckdb.connect()
    con.execute("create view wide as select 170141183460469231731687303715884105727::hugeint as big, "
                "interval 3 day as span, 'x' as label")
    monkeypatch.setattr(export_module, "EXPORTS", ("wide",))
    monkeypatch.setattr(export_module, "column_descriptions", lambda: {
        "tables": {"wide": "test"}, "columns": {"big": "b", "span": "s", "label": "l"}})
    folder = tmp_path / "folder"
    folder.mkdir()
    manifest = export_module._write_folder(con, folder, {"snapshot_id": "x"}, lambda c, p: p.write_text(""))
    assert manifest["exports"][0]["rows"] == 1
    assert [c["type"] for c in manifest["exports"][0]["columns"]] == ["HUGEINT", "INTERVAL", "VARCHAR"]
    rows = list(csv_module.DictReader((folder / "wide.csv").open(encoding="utf-8")))
    assert rows == [{"big": "170141183460469231731687303715884105727", "span": "3 days", "label": "x"}]


def test_report_is_html_and_escapes_data(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    evil = posting("acme", "9", "ML Intern")
    evil["places"] = [{"city": "<script>alert(1)</script>", "region": None, "country": "KR",
                       "geonameid": 1, "lat": 0.0, "lon": 0.0}]
    load_crawl(con, min(NIGHTS), pd.DataFrame([evil]), [run("acme", items=1)])
    html = render_report(con)
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    path = write_report(con, tmp_path / "exports" / "report.html")
    written = path.read_text(encoding="utf-8")
    assert written.startswith("<!DOCTYPE html>") and "&lt;script&gt;" in written
    assert not list(path.parent.glob("*.tmp"))
    con.close()


def test_summary_counts_and_text(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for night in list(NIGHTS)[:3]:
        load(con, night)
    text = format_summary(summary(con))
    con.close()
    assert "as of 2026-11-16" in text and "3 crawl nights" in text
    assert "Seoul, KR" in text and "finance" in text.lower()


def test_sql_checks_pass_on_a_consistent_warehouse(loaded):
    assert check_names()
    for name in check_names():
        assert failing_rows(loaded, name).empty, name


def test_key_check_fails_on_a_duplicate(loaded):
    # Duplicate a posting the way a buggy loader would; the check must catch it.
    loaded.execute("insert into posting_state_live select * from posting_state_live limit 1")
    assert not failing_rows(loaded, "postings_key_unique").empty


def test_key_check_fails_on_a_posting_both_live_and_archived(loaded):
    # A posting archived without leaving the live table (or restored without leaving the archive).
    loaded.execute("insert into posting_state_archived select * from posting_state_live limit 1")
    failing = failing_rows(loaded, "postings_key_unique")
    assert len(failing) == 1 and failing["rows"].tolist() == [2]


def test_key_check_fails_on_a_duplicate_version(loaded):
    # The postings view doubles a key too when its current version is stored twice.
    loaded.execute("insert into posting_versions select v.* from posting_versions v "
                   "join posting_state s using (posting_key, content_hash) limit 1")
    failing = failing_rows(loaded, "postings_key_unique")
    assert len(failing) == 1 and failing["rows"].tolist() == [2]


def test_history_check_fails_on_contradicting_dates(loaded):
    key = loaded.execute("select posting_key from posting_state order by posting_key limit 1").fetchall()[0][0]
    loaded.execute("update posting_state_live set first_seen = last_seen + 1 where posting_key = ?", [key])
    assert failing_rows(loaded, "postings_history_consistent")["posting_key"].tolist() == [key]

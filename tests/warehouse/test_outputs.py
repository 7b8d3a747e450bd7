"""Exports, the HTML report, the summary and the SQL data checks, on a small loaded warehouse."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
import pytest

from tests.warehouse.test_history import NIGHTS, load, posting, run
from warehouse.checks import check_names, failing_rows
from warehouse.db import connect
from warehouse.export import EXPORTS, export_all
from warehouse.loader import load_crawl
from warehouse.report import render_report, write_report
from warehouse.summary import format_summary, summary


@pytest.fixture()
def loaded(tmp_path):
    con = connect(tmp_path / "warehouse.duckdb")
    for night in NIGHTS:
        load(con, night)
    yield con
    con.close()


def test_exports_and_manifest(loaded, tmp_path):
    out = tmp_path / "exports"
    export_all(loaded, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert {e["name"] for e in manifest["exports"]} == set(EXPORTS)
    for entry in manifest["exports"]:
        assert entry["rows"] >= 0 and entry["columns"] and entry["generated_at"]
        parquet = duckdb.sql(f"select count(*) from read_parquet('{out / (entry['name'] + '.parquet')}')").fetchall()
        assert parquet == [(entry["rows"],)]
        csv = pd.read_csv(out / f"{entry['name']}.csv")
        assert len(csv) == entry["rows"] and list(csv.columns) == [c["name"] for c in entry["columns"]]
    # Atomic writes leave no temporary files behind.
    assert not [p.name for p in out.iterdir() if p.name.startswith(".") or p.name.endswith(".tmp")]


def test_exports_can_be_rewritten_in_place(loaded, tmp_path):
    out = tmp_path / "exports"
    export_all(loaded, out)
    first = sorted(p.name for p in out.iterdir())
    export_all(loaded, out)
    assert sorted(p.name for p in out.iterdir()) == first


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
    loaded.execute("insert into postings select * from postings limit 1")
    assert not failing_rows(loaded, "postings_key_unique").empty

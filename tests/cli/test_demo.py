"""`internradar demo` end to end, then the analyst commands against the warehouse it built."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.cli import main


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory) -> tuple[Path, str]:
    home = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(main, ["demo", "--home", str(home), "--end-date", "2026-11-20"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return home, result.output


def test_demo_prints_a_summary_and_paths(demo_home):
    home, output = demo_home
    assert output.count("demo: night") >= 5
    assert f"warehouse: {home / 'warehouse.duckdb'}" in output
    assert f"report:    {home / 'exports' / 'report.html'}" in output
    assert (home / "exports" / "manifest.json").exists()


def test_demo_history_is_not_flat(demo_home):
    home, _ = demo_home
    result = CliRunner().invoke(main, ["query", "select count(*) as n, count(closed_at) as closed, "
                                       "count(distinct first_seen) as first_seen_dates, count(distinct industry) as industries "
                                       "from postings", "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert row["n"] >= 90 and row["closed"] >= 3 and row["first_seen_dates"] >= 3 and row["industries"] == 7
    runs = CliRunner().invoke(main, ["query", "select status, count(*) as n from crawl_runs group by all order by all",
                                     "--format", "json", "--home", str(home)])
    statuses = {r["status"]: r["n"] for r in json.loads(runs.output)}
    assert statuses.get("failed") == 1  # the one board that is down for a night


@pytest.mark.parametrize("dimension", ["industry", "city", "skill"])
def test_trends_formats(demo_home, dimension):
    home, _ = demo_home
    as_json = CliRunner().invoke(main, ["trends", dimension, "--format", "json", "--home", str(home)])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert rows and {"week", dimension, "new_postings", "open_postings"} <= set(rows[0])
    everything = json.loads(CliRunner().invoke(main, ["trends", dimension, "--all", "--format", "json", "--home", str(home)]).output)
    assert sum(r["open_postings"] for r in everything) > sum(r["open_postings"] for r in rows)
    table = CliRunner().invoke(main, ["trends", dimension, "--home", str(home)])
    assert "open_postings" in table.output
    csv = CliRunner().invoke(main, ["trends", dimension, "--format", "csv", "--since", "2026-11-09", "--home", str(home)])
    header, *body = csv.output.splitlines()
    assert header.startswith("week,") and body and all(line[:10] >= "2026-11-09" for line in body)


def test_query_reports_sql_errors(demo_home):
    home, _ = demo_home
    result = CliRunner().invoke(main, ["query", "select nope from postings", "--home", str(home)])
    assert result.exit_code == 1 and "query failed" in result.output

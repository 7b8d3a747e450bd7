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


@pytest.mark.parametrize("sql, refused", [
    ("select * from read_text('/etc/passwd')", "file system operations are disabled"),
    ("copy postings to 'stolen.csv'", "file system operations are disabled"),
    ("copy (select 1) to 'exports/report.html'", "file system operations are disabled"),
    ("attach 'other.duckdb' as other", "file system operations are disabled"),
    ("delete from posting_versions", "read-only"),
    ("create table mine as select 1", "read-only"),
    ("set enable_external_access = true", "configuration has been locked"),
    ("install httpfs", ""),
])
def test_query_cannot_change_the_warehouse_or_touch_files(demo_home, sql, refused):
    home, _ = demo_home
    before = (home / "exports" / "report.html").read_bytes()
    result = CliRunner().invoke(main, ["query", sql, "--home", str(home)])
    assert result.exit_code == 1 and "query failed" in result.output and refused in result.output
    assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert (home / "exports" / "report.html").read_bytes() == before
    assert not (home / "stolen.csv").exists() and not list(home.glob("other.duckdb*"))


HEAVY_MODULES = ("duckdb", "pandas", "pyarrow", "numpy", "dagster", "scrapy", "ctypes")


@pytest.mark.parametrize("args, expect", [
    (["trends", "industry", "--format", "csv"], "week,industry,"),
    (["query", "select count(*) as n from postings", "--format", "csv"], "n\n"),
    (["query", "select nope from postings"], "query failed"),
])
def test_reading_commands_import_only_the_engine(demo_home, args, expect):
    """`trends` and `query` as the processes an analyst starts: they answer (errors too) without
    importing the `duckdb` package's Python wrappers, pandas, Arrow or Dagster, which would
    cost them most of their time."""
    import os
    import subprocess
    import sys

    home, _ = demo_home
    probe = ("import os, sys\nfrom pipelines.cli import main\n"
             "try:\n    main(sys.argv[1:])\n"
             "finally:\n    heavy = set(os.environ['HEAVY'].split(','))\n"
             "    print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", probe, *args, "--home", str(home)], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).parents[2], env={**os.environ, "HEAVY": ",".join(HEAVY_MODULES)})
    *_, loaded = done.stderr.strip().splitlines()
    assert expect in done.stdout + done.stderr
    assert loaded == "[]", f"{args[0]} imported {loaded}"


def test_query_reads_snapshot_info(demo_home):
    home, _ = demo_home
    result = CliRunner().invoke(main, ["query", "select as_of, crawl_dates, storage_version from snapshot_info",
                                       "--format", "json", "--home", str(home)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["crawl_dates"] >= 5


def test_shell_opens_the_published_warehouse_read_only(demo_home):
    import subprocess
    import sys

    home, _ = demo_home
    ir = str(Path(sys.executable).parent / "internradar")
    done = subprocess.run([ir, "shell", "--home", str(home), "-csv", "-c", "select count(*) as n from open_postings"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "n" and int(done.stdout.split()[1]) > 0
    write = subprocess.run([ir, "shell", "--home", str(home), "-c", "delete from posting_versions"],
                           capture_output=True, text=True, timeout=60)
    assert "read-only" in (write.stdout + write.stderr)


def test_a_corrupt_warehouse_is_one_line_not_a_traceback(tmp_path):
    (tmp_path / "warehouse.duckdb").write_bytes(b"this is not a database" * 100)
    for args in (["query", "select 1"], ["trends", "industry"]):
        result = CliRunner().invoke(main, [*args, "--home", str(tmp_path)])
        assert result.exit_code == 1, result.output
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1


REPORT_CHARTS = ("weekly", "industries", "cities", "skills", "monthly", "competitiveness", "facts", "pay", "crawl-health")


def test_the_report_renders_every_chart_in_a_browser(demo_home):
    """The demo's report in Debian's headless Chromium: every question has a chart that draws."""
    import io
    import shutil

    pytest.importorskip("selenium")
    from PIL import Image
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        pytest.skip("Debian's chromium and chromium-driver are not installed (make install-dev installs them)")
    home, _ = demo_home
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1100,1400"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        browser.get((home / "exports" / "report.html").resolve().as_uri())
        assert browser.title == "internradar report"
        for name in REPORT_CHARTS:
            section = browser.find_element(By.ID, name)
            assert not section.find_elements(By.CSS_SELECTOR, ".empty"), f"{name}: no data"
            chart = section.find_element(By.TAG_NAME, "svg")
            assert chart.size["width"] > 300 and chart.size["height"] > 100, (name, chart.size)
            browser.execute_script("arguments[0].scrollIntoView()", chart)
            image = Image.open(io.BytesIO(chart.screenshot_as_png)).convert("RGB")
            colors = image.getcolors(maxcolors=1 << 16) or []
            inked = sum(count for count, rgb in colors if sum(rgb) < 720) / (image.width * image.height)
            assert len(colors) > 8 and inked > 0.02, f"{name}: the chart drew nothing ({inked:.1%} inked)"
        # Seed cities stand out in the city chart, and no script or remote resource is needed.
        labels = browser.find_elements(By.CSS_SELECTOR, "#cities svg text")
        assert any("London" in t.text and t.value_of_css_property("fill") == "rgb(221, 107, 32)" for t in labels)
        assert not browser.find_elements(By.TAG_NAME, "script")
        assert not browser.find_elements(By.CSS_SELECTOR, "link, img, iframe, object, embed")
        html = browser.page_source
        assert not any(f'{attr}="http' in html for attr in ("src", "href", "xlink:href")) and "url(http" not in html
    finally:
        browser.quit()

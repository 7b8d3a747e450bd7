"""The whole Dagster graph materialized into a temp home, over three nights, through a real crawl."""

from __future__ import annotations

import json
import os

import dagster as dg
import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.home import Home
from pipelines.nightly import failure_summary, run_nightly
from scrapers.sources import Source, dump_sources
from warehouse.db import connect

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "0"}


def job(job_id: int, title: str, location: str, content: str) -> dict:
    return {
        "absolute_url": f"https://example.test/jobs/{job_id}", "internal_job_id": job_id, "location": {"name": location},
        "metadata": None, "id": job_id, "updated_at": "2026-11-01T09:00:00-04:00", "requisition_id": str(job_id),
        "title": title, "company_name": "Northwind Pay", "first_published": "2026-11-01T09:00:00-04:00",
        "language": "en", "application_deadline": None, "content": content, "departments": [], "offices": [],
    }


INTERN = job(1, "Machine Learning Intern", "Stockholm, Sweden",
             "&lt;p&gt;Payments company. Train fraud models with Python and PyTorch.&lt;/p&gt;")
SALES = job(2, "Account Executive", "London, UK", "&lt;p&gt;Sell our payments platform.&lt;/p&gt;")
DS = job(3, "Data Scientist", "Singapore", "&lt;p&gt;Payments risk modelling with SQL and statistics.&lt;/p&gt;")

# night -> (status, jobs) for the "pay" board; the "bank" board is down on night 2.
NIGHTS = {1: [INTERN, SALES], 2: [INTERN, DS], 3: [INTERN, DS]}


class Boards:
    night = 1

    def route(self, path: str, query: dict):
        ctype = {"Content-Type": "application/json; charset=utf-8"}
        if path == "/v1/boards/pay/jobs":
            return 200, ctype, json.dumps({"jobs": NIGHTS[self.night], "meta": {"total": len(NIGHTS[self.night])}}).encode()
        if path == "/v1/boards/bank/jobs":
            if self.night == 2:
                return 503, {"Content-Type": "text/html"}, b"<h1>down</h1>"
            bank = job(9, "Quantitative Research Intern", "Seoul, South Korea", "&lt;p&gt;Trading and machine learning.&lt;/p&gt;")
            return 200, ctype, json.dumps({"jobs": [bank] if self.night == 1 else [], "meta": {}}).encode()
        return 404, ctype, b'{"status": 404}'


@pytest.fixture(scope="module")
def three_nights(tmp_path_factory):
    home = Home(tmp_path_factory.mktemp("home"))
    boards = Boards()
    results = {}
    with FakeBoardServer(boards.route) as server, dg.instance_for_test() as instance:
        sources = [Source("greenhouse", b, None, f"{server.base_url}/v1/boards/{b}/jobs?content=true") for b in ("pay", "bank")]
        sources_file = dump_sources(sources, home.root / "sources.yaml")
        for night, day in enumerate(["2026-11-02", "2026-11-09", "2026-11-16"], start=1):
            boards.night = night
            results[day] = run_nightly(home, sources_file, day, crawl_settings=FAST, instance=instance)
    return home, results


def test_every_night_succeeds(three_nights):
    _, results = three_nights
    for day, result in results.items():
        assert result.success, failure_summary(result)
    evaluations = results["2026-11-09"].get_asset_check_evaluations()
    checks = {e.check_name: e.passed for e in evaluations if e.passed is False}
    checks.update({e.check_name: e.passed for e in evaluations if e.check_name not in checks})
    assert checks["every_source_returned_postings"] is False  # bank was down that night (in its shard)
    assert checks["required_fields_present"] and checks["postings_key_unique"] and checks["tags_within_contract"]
    last = {e.check_name: e.passed for e in results["2026-11-16"].get_asset_check_evaluations()}
    assert last["sources_went_silent"] is False  # bank returned nothing after returning a posting


def test_history_in_the_warehouse(three_nights):
    home, _ = three_nights
    con = connect(home.warehouse, read_only=True)
    rows = {r[0]: r[1:] for r in con.execute(
        "select posting_key, first_seen::varchar, last_seen::varchar, closed_at::varchar from postings"
    ).fetchall()}
    runs = con.execute("select crawl_date::varchar, source, status from crawl_runs order by 1, 2").fetchall()
    con.close()
    assert rows["greenhouse:pay:1"] == ("2026-11-02", "2026-11-16", None)
    assert rows["greenhouse:pay:2"] == ("2026-11-02", "2026-11-02", "2026-11-09")  # gone on night 2
    assert rows["greenhouse:pay:3"] == ("2026-11-09", "2026-11-16", None)
    # bank failed on night 2 (closes nothing); its ok-but-empty crawl on night 3 went silent
    # after a night with postings, which is suspicious, so it closes nothing either.
    assert rows["greenhouse:bank:9"] == ("2026-11-02", "2026-11-02", None)
    assert ("2026-11-09", "greenhouse:bank", "failed") in runs


def test_raw_lake_and_exports(three_nights):
    home, _ = three_nights
    assert len(list(home.raw.glob("crawl_date=*/platform=greenhouse/board=*/attempt-*.jsonl.gz"))) == 6
    manifest = json.loads((home.exports / "manifest.json").read_text())
    names = {e["name"] for e in manifest["exports"]}
    assert {"trend_industry_weekly", "trend_city_weekly", "trend_skill_weekly"} <= names
    assert manifest["as_of"] == "2026-11-16" and manifest["crawl_dates"] == 3
    for entry in manifest["exports"]:
        for path in entry["files"].values():
            assert (home.exports / path).exists()
    assert home.report.read_text().startswith("<!DOCTYPE html>")
    assert (home.dagster / "dagster.yaml").exists()


def test_rerunning_a_date_gives_the_same_warehouse(three_nights, tmp_path):
    home, _ = three_nights

    def snapshot():
        con = connect(home.warehouse, read_only=True)
        out = {t: con.execute(f"select * from {t} order by all").fetchall()  # table names are fixed literals
               for t in ("postings", "posting_places", "posting_skills", "posting_industries", "sightings")}
        con.close()
        return out

    before = snapshot()
    with dg.instance_for_test() as instance:
        from pipelines.definitions import defs
        from pipelines.nightly import run_config

        result = defs.resolve_job_def("nightly").execute_in_process(
            partition_key="2026-11-09",
            run_config=run_config(home, home.root / "sources.yaml"),
            instance=instance,
            asset_selection=[dg.AssetKey(k) for k in ("clean_postings", "tagged_postings", "warehouse_tables", "warehouse_snapshot")],
        )
    assert result.success
    assert snapshot() == before


def test_parallel_run_crawls_shards_in_separate_processes(tmp_path):
    """`internradar run`'s path: the job's own (multiprocess) executor, one process per step."""
    from pipelines.defs.collect.assets import SHARDS
    from scrapers.sources import shard_of

    home = Home(tmp_path / "home")
    boards = Boards()
    names = ["pay", "bank"]
    with FakeBoardServer(boards.route) as server, dg.instance_for_test() as instance:
        sources = [Source("greenhouse", b, None, f"{server.base_url}/v1/boards/{b}/jobs?content=true") for b in names]
        assert len({shard_of(s, SHARDS) for s in sources}) == 2  # the two boards land in different shards
        sources_file = dump_sources(sources, tmp_path / "sources.yaml")
        result = run_nightly(home, sources_file, "2026-11-02", crawl_settings=FAST, instance=instance,
                             parallel=True, max_concurrent=2)
        assert result.success, failure_summary(result)
        pids = {e.step_key: e.pid for e in result.all_events if e.is_step_start}
    crawl_pids = {pids[k] for k in pids if k.startswith("raw_postings_shard_")}
    assert len(crawl_pids) == SHARDS and os.getpid() not in pids.values()  # one worker process per shard
    con = connect(home.warehouse, read_only=True)
    assert con.execute("select count(*) from postings").fetchall() == [(3,)]
    con.close()

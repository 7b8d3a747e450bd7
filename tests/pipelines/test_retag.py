"""Re-tagging history: the `retag` job rebuilds every crawl date from the raw lake, and the
warehouse records the tagger version of each row."""

from __future__ import annotations

import dagster as dg
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.demo.server import FakeBoardServer
from pipelines.home import Home
from pipelines.nightly import run_nightly
from scrapers.sources import Source, dump_sources
from tests.pipelines.test_nightly import FAST, Boards
from warehouse.db import connect


def versions(home: Home) -> list[tuple]:
    con = connect(home.warehouse, read_only=True)
    rows = con.execute("select distinct tagger_version from posting_versions order by 1").fetchall()
    keys = con.execute("select posting_key, first_seen::varchar, closed_at::varchar from postings order by 1").fetchall()
    con.close()
    return rows, keys


def test_retag_rebuilds_every_date_with_the_new_tagger(tmp_path, monkeypatch):
    home = Home(tmp_path / "home")
    boards = Boards()
    with FakeBoardServer(boards.route) as server, dg.instance_for_test() as instance:
        sources = [Source("greenhouse", b, None, f"{server.base_url}/v1/boards/{b}/jobs?content=true") for b in ("pay", "bank")]
        sources_file = dump_sources(sources, tmp_path / "sources.yaml")
        for night, day in enumerate(["2026-11-02", "2026-11-09"], start=1):
            boards.night = night
            assert run_nightly(home, sources_file, day, crawl_settings=FAST, instance=instance).success
    (before_versions, before_keys) = versions(home)

    # A new tagger: the server is gone, so everything must come from the raw lake.
    monkeypatch.setattr("pipelines.enrich.TAGGER_VERSION", "9.9.9-test")
    monkeypatch.setenv("DAGSTER_HOME", str(home.dagster))
    import pipelines.defs.postings.assets as postings_assets

    collected = []  # the tag step's end: a full garbage collection only after tagging many versions
    monkeypatch.setattr(postings_assets, "release_memory", lambda collect_cycles=False: collected.append(collect_cycles))
    monkeypatch.setattr(postings_assets, "COLLECT_AFTER_TAGGING", 3)
    result = CliRunner().invoke(main, ["retag", "--home", str(home.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "[2/2] 2026-11-09: loaded" in result.output
    # The clean step never collects; the tag step tagged every version again (more than 3), so it did.
    assert collected == [False, True]
    after_versions, after_keys = versions(home)
    assert after_versions == [("9.9.9-test",)] and before_versions != after_versions
    assert after_keys == before_keys  # same postings and history, re-tagged
    # A run of many nights rewrites the working file at its close (warehouse.db.compact).
    with dg.DagsterInstance.get() as retag_instance:
        event = retag_instance.get_latest_materialization_event(dg.AssetKey("warehouse_tables"))
    metadata = event.asset_materialization.metadata
    assert metadata["file_mib"].value <= metadata["file_mib_before_compaction"].value
    assert not list(home.working_warehouse.parent.glob("*.compacting*"))


def test_a_rebuild_from_the_raw_lake_equals_the_nights_as_they_were_loaded(tmp_path):
    """Night by night, most work is reused (pages, tags); a from-scratch rebuild of the same raw
    lake in a new home, with nothing to reuse from before, gives the very same warehouse."""
    import shutil

    import duckdb
    import pyarrow.parquet as pq

    from warehouse.compare import differences

    home = Home(tmp_path / "home")
    boards = Boards()
    with FakeBoardServer(boards.route) as server, dg.instance_for_test() as instance:
        sources = [Source("greenhouse", b, None, f"{server.base_url}/v1/boards/{b}/jobs?content=true") for b in ("pay", "bank")]
        sources_file = dump_sources(sources, tmp_path / "sources.yaml")
        for night, day in enumerate(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-17"], start=1):
            boards.night = min(night, 3)  # the last night's pages are the night before's: reused
            result = run_nightly(home, sources_file, day, crawl_settings=FAST, instance=instance)
            assert result.success
            cleaned = [e.materialization.metadata for e in result.get_asset_materialization_events()
                       if e.asset_key.to_user_string() == "clean_postings"][0]
            if night == 2:  # pay's pages changed, but one of its two postings did not: not cleaned again
                assert cleaned["items_reused"].value == 1 and cleaned["postings_mapped"].value == 1
        assert cleaned["sources_reused"].value == 2
    scratch = Home(tmp_path / "scratch")
    shutil.copytree(home.raw, scratch.raw)
    result = CliRunner().invoke(main, ["retag", "--home", str(scratch.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # Both ways, a later night changed an employer's decision over versions stored before: the
    # load restated their industry fields in place (night by night from the warehouse; in the
    # one-run rebuild from what the step staged for an earlier date).
    for label, root in (("nightly", home.root), ("rebuild", scratch.root)):
        restated = sum(pq.read_metadata(p).num_rows for p in root.rglob("restated.parquet"))
        assert restated > 0, f"{label}: no stored version restated; the test would not cover it"
    a = duckdb.connect(str(home.warehouse), read_only=True)
    b = duckdb.connect(str(scratch.warehouse), read_only=True)
    try:
        assert differences(a, b) == []
    finally:
        a.close()
        b.close()


def test_retag_with_nothing_to_do_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["retag", "--home", str(tmp_path)])
    assert result.exit_code == 1 and "no crawl dates" in result.output

"""A real Scrapy crawl (subprocess, real download stack) against a local HTTP server."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, SourceError, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
    json_type = {"Content-Type": "application/json; charset=utf-8"}
    if path == "/v1/boards/good/jobs":
        return 200, json_type, (FIXTURES / "edge-cases.json").read_bytes()
    if path == "/v1/boards/broken/jobs":
        return 200, json_type, b'{"jobs": [{"id": 1, "title": "trunc'
    if path == "/v1/boards/down/jobs":
        return 503, {"Content-Type": "text/html"}, b"<html>maintenance</html>"
    if path == "/robots.txt":
        return 200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"
    return 404, json_type, b'{"status": 404, "error": "Job not found"}'


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("crawl")
    with FakeBoardServer(route) as server:
        boards = ["good", "broken", "down", "gone"]
        sources = [Source("greenhouse", b, f"Co {b}", f"{server.base_url}/v1/boards/{b}/jobs?content=true") for b in boards]
        sources.append(Source("greenhouse", "blocked", None, f"{server.base_url}/private/jobs"))
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        progress: list[str] = []
        attempts = crawl_in_subprocess(
            sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log", on_progress=progress.append
        )
        hits = dict(server.hits)
    return {a.board: a for a in attempts}, hits, progress, tmp


def test_good_board_is_kept_raw(crawled):
    attempts, hits, _, _ = crawled
    good = attempts["good"]
    # The job listed without content gets its detail endpoint, which is gone (404 here): one
    # error on the source, which is still ok, and the listed posting is kept as listed.
    assert good.meta["status"] == "ok" and good.meta["items"] == 3 and good.meta["errors"] == 1
    record, detail = list(good.records())
    assert (detail["kind"], detail["status"]) == ("detail", 404)
    assert detail["url"].endswith("/v1/boards/good/jobs/4100000002")
    assert record["status"] == 200 and record["source"] == "greenhouse:good" and record["company"] == "Co good"
    assert json.loads(record["body"])["meta"]["total"] == 3  # the body is stored verbatim
    assert hits["/robots.txt"] == 1  # robots.txt fetched once for the host and obeyed


def test_failures_are_recorded_not_lost(crawled):
    attempts, hits, _, _ = crawled
    assert attempts["broken"].meta["status"] == "failed"
    assert "not valid JSON" in attempts["broken"].meta["error_message"]
    assert len(list(attempts["broken"].records())) == 1  # the bad body is still in the raw lake
    assert attempts["down"].meta["status"] == "failed"
    assert "HTTP 503" in attempts["down"].meta["error_message"]
    assert hits["/v1/boards/down/jobs"] == 2  # one retry, then marked failed
    assert "HTTP 404" in attempts["gone"].meta["error_message"]


def test_robots_disallow_is_obeyed(crawled):
    attempts, hits, _, _ = crawled
    assert "/private/jobs" not in hits
    assert attempts["blocked"].meta["status"] == "failed"
    assert "robots.txt" in attempts["blocked"].meta["error_message"]


def test_progress_is_reported_per_source(crawled):
    _, _, progress, tmp = crawled
    finished = [line for line in progress if line.startswith("[")]
    assert len(finished) == 5 and finished[-1].startswith("[5/5]")
    assert "User-Agent" not in (tmp / "crawl.log").read_text()  # sanity: the log holds Scrapy output
    assert "Spider closed" in (tmp / "crawl.log").read_text()


def test_latest_attempt_wins(crawled):
    _, _, _, tmp = crawled
    assert {a.board for a in latest_attempts(tmp / "raw", "2026-11-20")} == {"good", "broken", "down", "gone", "blocked"}


def test_bad_sources_file_fails_before_crawling(tmp_path: Path):
    bad = tmp_path / "s.yaml"
    bad.write_text("- {platform: nope, board: x}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="unknown platform 'nope'"):
        crawl_in_subprocess(bad, tmp_path / "raw", "2026-11-20")
    assert not (tmp_path / "raw").exists()


def test_scrapy_finds_each_platform_spider_once():
    """`scrapy crawl <platform>` by hand: Scrapy's own loader sees every platform, and only once."""
    import warnings

    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from scrapers.platforms import PLATFORMS, SPIDERS

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "There are several spiders with the same name" fails
        loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["scrapers.platforms"]}))
    assert sorted(loader.list()) == sorted(PLATFORMS)
    assert all(loader.load(name) is SPIDERS[name] for name in PLATFORMS)


# -- no remote-control server -----------------------------------------------------------------
def _crawler_pids() -> list[int]:
    """Our children that are `python -m scrapers.crawl` (the crawl subprocess of this test)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (stat.parent / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile
        if ppid == os.getpid() and b"scrapers.crawl" in cmdline:
            pids.append(int(stat.parent.name))
    return pids


def _listening_ports(pid: int) -> set[int]:
    """TCP ports the process `pid` listens on, from its file descriptors and /proc/net/tcp{,6}."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _crawl_and_watch_listeners(tmp: Path, settings: dict[str, str]) -> tuple[set[int], str]:
    """Crawl one board; while the board is being requested, note every port the crawler listens on."""
    seen: set[int] = set()

    def board(path: str, query: dict):
        if path == "/v1/boards/good/jobs":
            for _ in range(10):  # Scrapy starts its servers as the engine starts: give them a moment
                seen.update(port for pid in _crawler_pids() for port in _listening_ports(pid))
                if seen:
                    break
                time.sleep(0.1)
        return route(path, query)

    with FakeBoardServer(board) as server:
        sources = dump_sources([Source("greenhouse", "good", None, f"{server.base_url}/v1/boards/good/jobs")],
                               tmp / "sources.yaml")
        (attempt,) = crawl_in_subprocess(sources, tmp / "raw", "2026-11-20", settings={**FAST, **settings},
                                         log_file=tmp / "crawl.log")
    assert attempt.meta["status"] == "ok"
    return seen, (tmp / "crawl.log").read_text()


@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc to see listening sockets")
def test_crawl_runs_no_remote_control_server(tmp_path: Path):
    """Neither Scrapy's telnet console nor its remote-control HTTP server (which runs code it is
    sent) listens during a crawl; asked for, the remote-control server does, so the probe works."""
    seen, log = _crawl_and_watch_listeners(tmp_path / "default", {})
    assert seen == set()
    assert "TelnetConsole" not in log and "RemoteControl" not in log and "listening" not in log

    seen, log = _crawl_and_watch_listeners(tmp_path / "asked", {"REMOTE_CONTROL_ENABLED": "True"})
    assert seen and "scrapy.extensions.remote_control.RemoteControl" in log

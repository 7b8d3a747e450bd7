"""A source that cannot be requested fails alone, and no URL password reaches a log or a table.

Real crawls against a local server. Validation now refuses a bad port up front, so the first
crawl runs `scrapers.crawl` with URL validation switched off, as it was when the reliability
probe found that one such source in the middle of a shard ended Scrapy's start loop and left
every later source ``ok`` with no request made. Everything else is the real crawl.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from scrapers.platforms import SPIDERS
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = (REPO_ROOT / "tests" / "fixtures" / "greenhouse" / "edge-cases.json").read_bytes()
JSON = {"Content-Type": "application/json; charset=utf-8"}
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "0"}
BAD_PORT = "http://127.0.0.1:8O80/v1/boards/badport/jobs"
GOOD = ["first", "second", "third"]
# `python -m scrapers.crawl`, with the sources file's URLs taken as written.
UNVALIDATED_CRAWL = """
import sys
import scrapers.sources
scrapers.sources.url_problem = lambda url: None
from scrapers.crawl import main
sys.exit(main(sys.argv[1:]))
"""


class Boards:
    """Greenhouse boards, a redirect to a URL with a password in it, and a career-site sitemap
    with one link that cannot be requested."""

    def __init__(self):
        self.base = ""

    def route(self, path: str, query: dict):
        if path == "/v1/boards/moved/jobs":  # same site, so it is followed
            return 302, {"Location": self.base.replace("://", "://robot:s3cret@") + "/v1/boards/moved/new"}, b""
        if path.startswith("/v1/boards/") and path.endswith("/jobs"):
            return 200, JSON, FIXTURE
        if path == "/sitemap.xml":
            locs = [f"{self.base}/jobs/1", "http://127.0.0.1:8O80/jobs/2", f"{self.base}/jobs/3"]
            return 200, {"Content-Type": "application/xml"}, (
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                + "".join(f"<url><loc>{loc}</loc></url>" for loc in locs) + "</urlset>"
            ).encode()
        return 404, JSON, b'{"status": 404}'


def source(board: str, url: str) -> Source:
    return Source("schemaorg" if board == "site" else "greenhouse", board, None, url)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("badsources")
    boards = Boards()
    with FakeBoardServer(boards.route) as server:
        boards.base = base = server.base_url
        sources = [
            source("first", f"{base}/v1/boards/first/jobs"),
            source("badport", BAD_PORT),  # in the middle: the sources after it must still be crawled
            source("second", f"{base}/v1/boards/second/jobs"),
            source("toolong", f"{base}/v1/boards/toolong/jobs?pad={'x' * 100}"),  # Scrapy drops it, below
            source("moved", f"{base}/v1/boards/moved/jobs"),
            source("site", f"{base}/sitemap.xml"),
            source("third", f"{base}/v1/boards/third/jobs"),
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        settings = [f"-s{k}={v}" for k, v in {**FAST, "URLLENGTH_LIMIT": "120"}.items()]
        done = subprocess.run(
            [sys.executable, "-c", UNVALIDATED_CRAWL, "--sources", str(sources_file), "--raw-dir", str(tmp / "raw"),
             "--date", "2026-11-20", *settings],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
        )
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, done


def test_the_crawl_finishes_and_every_source_has_a_result(crawled):
    attempts, done = crawled
    assert done.returncode == 0, done.stderr[-2000:]
    assert set(attempts) == {*GOOD, "badport", "toolong", "moved", "site"}
    assert "Error while reading start items" not in done.stderr


def test_a_source_that_cannot_be_requested_fails_alone_with_its_reason(crawled):
    meta = crawled[0]["badport"].meta
    assert meta["status"] == "failed" and meta["requests"] == 0
    assert meta["error_message"] == (
        f"cannot request {BAD_PORT!r}: ValueError: Port could not be cast to integer value as 8O80"
    )


def test_every_other_source_is_crawled(crawled):
    for board in GOOD:
        meta = crawled[0][board].meta
        assert meta["status"] == "ok" and meta["requests"] > 0 and meta["items"] == 3, meta


def test_a_source_whose_request_is_dropped_is_failed_not_ok(crawled):
    """Scrapy's UrlLengthMiddleware drops a request without an errback: no answer ever comes."""
    meta = crawled[0]["toolong"].meta
    assert meta["status"] == "failed" and meta["requests"] == 0
    assert meta["error_message"] == "the crawl ended before this source finished; no request of it was answered"


def test_a_link_that_cannot_be_requested_fails_its_source_with_the_reason(crawled):
    meta = crawled[0]["site"].meta
    assert meta["status"] == "failed"
    assert meta["error_message"].startswith("cannot follow the links of http://127.0.0.1:")
    assert meta["error_message"].endswith("/sitemap.xml: ValueError: Port could not be cast to integer value as 8O80")


def test_a_password_in_a_url_reaches_no_meta_record_or_log(crawled):
    attempts, done = crawled
    moved = attempts["moved"]
    # Scrapy cannot even fetch a URL with credentials; Twisted's reason quotes them without a scheme.
    assert moved.meta["status"] == "failed" and moved.meta["error_message"].startswith(
        "ValueError: invalid hostname: robot:***@127.0.0.1 (http://robot:***@127.0.0.1:"
    )
    meta_files = "".join(p.read_text() for p in moved.data_path.parent.glob("*.meta.json"))
    assert "s3cret" not in meta_files
    assert "robot:***@" in done.stdout + done.stderr  # Scrapy logged the redirect, redacted
    assert "s3cret" not in done.stdout + done.stderr


def test_the_runner_log_of_a_real_crawl_has_no_password(tmp_path: Path):
    """The nightly path (`crawl_in_subprocess`): crawl.log and the progress lines are redacted."""
    boards = Boards()
    with FakeBoardServer(boards.route) as server:
        boards.base = server.base_url
        sources = dump_sources([source("moved", f"{server.base_url}/v1/boards/moved/jobs")], tmp_path / "s.yaml")
        progress: list[str] = []
        (attempt,) = crawl_in_subprocess(sources, tmp_path / "raw", "2026-11-20", settings=FAST,
                                         log_file=tmp_path / "crawl.log", on_progress=progress.append)
    log = (tmp_path / "crawl.log").read_text()
    assert "robot:***@" in log and "s3cret" not in log + "".join(progress)
    assert "s3cret" not in attempt.meta["error_message"]


def test_a_source_with_no_request_is_never_ok():
    spider = SPIDERS["greenhouse"](board="never")
    spider.close_runs()
    run = spider.runs["greenhouse:never"]
    assert (run.status, run.error_message) == ("failed", "no request was made")

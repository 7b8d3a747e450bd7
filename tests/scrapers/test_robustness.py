"""Bad answers from job boards, through a real crawl: each is a clear error and loses nothing.

One crawl of many misbehaving boards (429 with Retry-After, a Retry-After too long to wait,
5xx with backoff, a timeout, truncated JSON, an HTML page with 200, invalid UTF-8, a body over
the size limit, a gzip bomb, a redirect to another site, an empty board), then a second night
that revalidates with conditional requests and gets 304s.
"""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from scrapers.platforms import greenhouse
from scrapers.mappers import map_attempt
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURE = (Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse" / "edge-cases.json").read_bytes()
JSON = {"Content-Type": "application/json; charset=utf-8"}
SETTINGS = {
    "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "2",
    "INTERNRADAR_BACKOFF_BASE": "0.2", "INTERNRADAR_RETRY_AFTER_MAX": "30",
    "DOWNLOAD_TIMEOUT": "2", "DOWNLOAD_MAXSIZE": "200000", "DOWNLOAD_WARNSIZE": "0",
}
BOARDS = ["ratelimited", "toolong", "flaky", "slow", "truncated", "htmlpage", "latin", "huge", "bomb",
          "offsite", "moved", "empty", "etag"]


class Boards:
    def __init__(self):
        self.hits: dict[str, int] = {}
        self.base = ""

    def route(self, path: str, query: dict, headers: dict):
        if detail := re.fullmatch(r"/v1/boards/[^/]+/jobs/(\d+)", path):
            return self.detail(int(detail[1]), headers)
        board = path.split("/")[3] if path.startswith("/v1/boards/") else ""
        n = self.hits[board] = self.hits.get(board, 0) + 1
        if board == "ratelimited":
            return (429, {"Retry-After": "1", **JSON}, b'{"error": "slow down"}') if n == 1 else (200, JSON, FIXTURE)
        if board == "toolong":
            return 503, {"Retry-After": "3600", "Content-Type": "text/html"}, b"<h1>maintenance</h1>"
        if board == "flaky":
            return 500, {"Content-Type": "text/plain"}, b"internal error"
        if board == "slow":
            time.sleep(4)
            return 200, JSON, FIXTURE
        if board == "truncated":
            return 200, JSON, FIXTURE[: len(FIXTURE) // 2]
        if board == "htmlpage":
            return 200, {"Content-Type": "text/html"}, b"<html><title>Just a moment...</title></html>"
        if board == "latin":
            body = json.dumps({"jobs": [{"id": 7, "title": "Caf\u00e9 Data Intern", "absolute_url": "u"}]}, ensure_ascii=False)
            return 200, JSON, body.encode("latin-1")  # declared UTF-8, sent as Latin-1
        if board == "huge":
            return 200, JSON, b'{"jobs": [], "pad": "' + b"x" * 300_000 + b'"}'
        if board == "bomb":
            payload = gzip.compress(b'{"jobs": [], "pad": "' + b"0" * 5_000_000 + b'"}')
            return 200, {**JSON, "Content-Encoding": "gzip"}, payload
        if board == "offsite":
            return 302, {"Location": "http://parked-domain.test/jobs"}, b""
        if board == "moved":
            if path.endswith("/old/jobs"):
                return 301, {"Location": f"{self.base}/v1/boards/moved/new/jobs"}, b""
            return 200, JSON, FIXTURE
        if board == "empty":
            return 200, JSON, b'{"jobs": [], "meta": {"total": 0}}'
        if board == "etag":
            if headers.get("If-None-Match") == '"v1"':
                return 304, {"ETag": '"v1"'}, b""
            return 200, {**JSON, "ETag": '"v1"', "Last-Modified": "Mon, 02 Nov 2026 09:00:00 GMT"}, FIXTURE
        return 404, JSON, b'{"status": 404}'


    @staticmethod
    def detail(job_id: int, headers: dict):
        """Greenhouse's job endpoint, asked for the jobs a board listed without content."""
        if headers.get("If-None-Match") == f'"d{job_id}"':
            return 304, {"ETag": f'"d{job_id}"'}, b""
        jobs = {job.get("id"): job for job in json.loads(FIXTURE)["jobs"]}
        jobs[7] = {"id": 7, "title": "Caf\u00e9 Data Intern", "absolute_url": "u"}
        if job_id not in jobs:
            return 404, JSON, b'{"status": 404}'
        job = {**jobs[job_id], "content": f"&lt;p&gt;Job {job_id} in full.&lt;/p&gt;"}
        return 200, {**JSON, "ETag": f'"d{job_id}"'}, json.dumps(job).encode()


def url_for(base: str, board: str) -> str:
    return f"{base}/v1/boards/{board}/old/jobs" if board == "moved" else f"{base}/v1/boards/{board}/jobs"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("robust")
    boards = Boards()
    with FakeBoardServer(boards.route) as server:
        boards.base = server.base_url
        sources = [Source("greenhouse", b, None, url_for(server.base_url, b)) for b in BOARDS]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        night1 = crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-02", settings=SETTINGS,
                                     log_file=tmp / "crawl.log")
        requests_night1 = list(server.requests)
        night2 = crawl_in_subprocess(dump_sources([s for s in sources if s.board == "etag"], tmp / "etag.yaml"),
                                     tmp / "raw", "2026-11-03", settings=SETTINGS, log_file=tmp / "crawl2.log")
        requests_night2 = server.requests[len(requests_night1):]
    return {a.board: a for a in night1}, {a.board: a for a in night2}, boards.hits, requests_night1, requests_night2


def meta(crawled, board):
    return crawled[0][board].meta


def test_every_source_has_a_result(crawled):
    assert set(crawled[0]) == set(BOARDS)


def test_429_waits_for_retry_after_then_succeeds(crawled):
    *_, requests, _ = crawled
    times = [t for path, _, _, t in requests if path == "/v1/boards/ratelimited/jobs"]
    assert len(times) == 2 and times[1] - times[0] >= 0.95
    assert meta(crawled, "ratelimited")["status"] == "ok" and meta(crawled, "ratelimited")["items"] == 3


def test_retry_after_beyond_the_cap_fails_the_source_without_waiting(crawled):
    m = meta(crawled, "toolong")
    assert m["status"] == "failed" and "Retry-After 3600s" in m["error_message"]
    assert crawled[2]["toolong"] == 1


def test_5xx_is_retried_with_backoff_then_fails(crawled):
    *_, requests, _ = crawled
    times = [t for path, _, _, t in requests if path == "/v1/boards/flaky/jobs"]
    assert len(times) == 3  # first try + RETRY_TIMES=2
    assert times[1] - times[0] >= 0.2 and times[2] - times[1] >= 0.4  # exponential backoff
    assert meta(crawled, "flaky")["status"] == "failed" and "HTTP 500" in meta(crawled, "flaky")["error_message"]


def test_timeout_is_a_readable_failure(crawled):
    m = meta(crawled, "slow")
    assert m["status"] == "failed" and "timed out" in m["error_message"]


@pytest.mark.parametrize("board, message", [
    ("truncated", "not valid JSON"),
    ("htmlpage", "got an HTML page titled 'Just a moment...'"),
    ("huge", "too large"),
    ("bomb", "exceeded DOWNLOAD_MAXSIZE"),
    ("offsite", "refused redirect"),
])
def test_bad_responses_fail_the_source_with_a_reason(crawled, board, message):
    m = meta(crawled, board)
    assert m["status"] == "failed" and message in m["error_message"], m["error_message"]


def test_bad_bodies_are_still_in_the_raw_lake(crawled):
    for board in ("truncated", "htmlpage"):
        (record,) = list(crawled[0][board].records())
        assert record["status"] == 200 and record["body"]


def test_invalid_utf8_keeps_the_bytes_and_the_posting(crawled):
    attempt = crawled[0]["latin"]
    assert attempt.meta["status"] == "ok" and attempt.meta["errors"] == 1
    assert "not valid utf-8" in attempt.meta["error_message"].lower()
    (record,) = [r for r in attempt.records() if r["kind"] == "board"]
    assert record["body_base64"] and "\ufffd" in record["body"]
    postings, errors, _ = map_attempt(greenhouse, attempt.records(), board="latin")
    assert [p.external_id for p in postings] == ["7"] and not errors
    assert postings[0].description_html == "&lt;p&gt;Job 7 in full.&lt;/p&gt;"  # from its detail endpoint


def test_same_site_redirect_is_followed(crawled):
    assert meta(crawled, "moved")["status"] == "ok" and meta(crawled, "moved")["items"] == 3


def test_empty_board_is_ok_with_zero_items(crawled):
    assert meta(crawled, "empty")["status"] == "ok" and meta(crawled, "empty")["items"] == 0


def test_conditional_request_reuses_the_stored_payload(crawled):
    _, night2, _, _, requests = crawled
    (sent,) = [h for path, _, h, _ in requests if path == "/v1/boards/etag/jobs"]
    assert sent.get("If-None-Match") == '"v1"' and sent.get("If-Modified-Since") == "Mon, 02 Nov 2026 09:00:00 GMT"
    attempt = night2["etag"]
    assert attempt.meta["status"] == "ok" and attempt.meta["items"] == 3
    records = list(attempt.records())
    assert [(r["kind"], r["status"]) for r in records] == [("board", 304), ("detail", 304)]
    assert all(r["reused_from"].startswith("2026-11-02/") for r in records)
    first, _, _ = map_attempt(greenhouse, crawled[0]["etag"].records(), board="etag")
    second, _, _ = map_attempt(greenhouse, attempt.records(), board="etag")
    assert second == first and len(second) == 2  # the fixture's third job has no id


# -- the pure parts ---------------------------------------------------------------------------
from datetime import UTC, datetime  # noqa: E402

from scrapers.middlewares import parse_retry_after, same_site  # noqa: E402


@pytest.mark.parametrize("value, seconds", [
    (b"120", 120.0), ("0", 0.0), ("Wed, 25 Nov 2026 02:01:00 GMT", 60.0),
    ("Wed, 25 Nov 2026 01:00:00 GMT", 0.0), ("soon", None), (None, None), (b"", None),
])
def test_parse_retry_after(value, seconds):
    assert parse_retry_after(value, now=datetime(2026, 11, 25, 2, 0, tzinfo=UTC)) == seconds


@pytest.mark.parametrize("a, b, same", [
    ("boards.greenhouse.io", "job-boards.greenhouse.io", True),
    ("api.lever.co", "jobs.lever.co", True),
    ("careers.example.co.uk", "www.example.co.uk", True),
    ("careers.example.co.uk", "evil.co.uk", False),
    ("127.0.0.1", "localhost", False),
    ("acme.recruitee.com", "parked-domain.test", False),
])
def test_same_site(a, b, same):
    assert same_site(a, b) is same

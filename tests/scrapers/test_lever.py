"""Lever: the mapper on real recorded payloads (../shared) and our edge cases, and a real paged crawl."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, lever
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lever"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _real(shared_data: Path, name: str) -> tuple[str, list[dict]]:
    body = (shared_data / "ats" / name).read_text(encoding="utf-8")
    return body, json.loads(body)


# -- the mapper on real payloads ------------------------------------------------------------------
def test_every_real_sample_maps_without_errors(shared_data: Path):
    files = sorted((shared_data / "ats").glob("lever-postings-*.json"))
    assert len(files) >= 3
    for path in files:
        body = path.read_text(encoding="utf-8")
        postings, errors = lever.map_response(body, board="b")
        raw = json.loads(body)
        assert errors == [], path.name
        assert [p.external_id for p in postings] == [r["id"] for r in raw], path.name
        for posting, r in zip(postings, raw):
            assert posting.title == r["text"].strip()
            assert posting.url == r["hostedUrl"]
            assert posting.locations == r["categories"]["allLocations"]
            assert posting.posted_at.endswith("+00:00")
            # Every list heading and the closing section make it into the description.
            for section in r["lists"]:
                assert f"<h3>{section['text']}</h3>" in posting.description_html
            assert posting.description_html.startswith(r["description"])
            assert posting.description_html.endswith(r["additional"])


def test_real_intern_posting(shared_data: Path):
    body, _ = _real(shared_data, "lever-postings-with-intern.json")
    postings, errors = lever.map_response(body, board="palantir", company="Palantir")
    assert errors == []
    intern, admin, security = postings
    assert intern.posting_key == "lever:palantir:774cf5c9-bf6a-4d77-bf60-d50ef1beb1a0"
    assert intern.title == "Deployment Strategist, Internship"
    assert intern.company == "Palantir"
    assert intern.employment_type == "Internship"
    assert intern.locations == ["Paris, France"]
    assert intern.department == "Echo"
    assert intern.workplace_type == "onsite"
    assert intern.posted_at == "2026-05-11T16:31:48.152+00:00"  # createdAt 1778517108152 ms
    assert intern.url == "https://jobs.lever.co/palantir/774cf5c9-bf6a-4d77-bf60-d50ef1beb1a0"
    assert intern.compensation is None
    assert "Palantir" in html_to_text(intern.description_html)
    assert admin.workplace_type == "hybrid" and admin.employment_type == "Full-time"
    assert admin.posted_at == "2024-03-25T21:50:16.463+00:00"
    assert security.locations == ["Palo Alto, CA"]


def test_real_board_palantir(shared_data: Path):
    body, raw = _real(shared_data, "lever-postings-palantir.json")
    postings, errors = lever.map_response(body, board="palantir")
    assert errors == [] and len(postings) == 2
    first = postings[0]
    assert first.title == "Administrative Business Partner"
    assert first.company is None  # Lever names no company; the sources file does
    assert first.locations == ["London, United Kingdom"]
    assert first.department == "Administrative"
    text = html_to_text(first.description_html)
    # The lists come after the description, under their headings, as bullet items.
    assert text.index("A World-Changing Company") < text.index("What We Value") < text.index("Life at Palantir")
    assert "<h3>What We Value</h3>\n<ul><li>Ability to adjust quickly" in first.description_html
    assert len(first.description_html) > len(raw[0]["description"]) + len(raw[0]["additional"])


def test_real_board_consulting(shared_data: Path):
    body, _ = _real(shared_data, "lever-postings-consulting.json")
    postings, errors = lever.map_response(body, board="idealistconsulting")
    assert errors == []
    first, second = postings
    assert first.title == "(1099 Contract) Nonprofit Salesforce Consultant: Enterprise Project Manager"
    assert first.employment_type == "Contract"
    assert first.workplace_type == "remote"
    assert first.department == "Services Team"
    assert first.locations == ["Chicago, IL"]
    assert first.posted_at == "2025-11-27T01:02:41.939+00:00"
    assert second.locations == ["Washington, D.C."]
    assert second.posted_at == "2023-01-29T02:28:23.769+00:00"
    assert "Contractor hourly rates" in html_to_text(first.description_html)  # from `additional`


# -- the mapper on our own edge cases -------------------------------------------------------------
@pytest.fixture(scope="module")
def edge():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors = lever.map_response(body, board="acme", company="Acme AI")
    return {p.external_id[-2:]: p for p in postings}, errors


def test_edge_bad_postings_become_errors_and_the_rest_map(edge):
    postings, errors = edge
    assert errors == ["posting 2: posting without an id", "posting 4: posting is a str, not an object"]
    assert sorted(postings) == ["01", "02", "04", "06"]


def test_edge_full_posting(edge):
    p = edge[0]["01"]
    assert p.title == "Machine Learning Research Intern (Summer 2026)"
    assert p.company == "Acme AI"
    # location first, then allLocations; repeats (ignoring case) and blanks dropped, order kept
    assert p.locations == ["San Francisco, CA", "New York, NY", "Remote - US"]
    assert p.employment_type == "Intern"
    assert p.department == "Research"  # department wins over team
    assert p.posted_at == "2026-01-01T00:00:00.000+00:00"  # 1767225600000 ms
    assert p.updated_at == "2026-01-02T00:00:00.123+00:00"
    assert p.workplace_type == "onsite"  # "on-site"
    assert p.compensation == "USD 40-45 per hour"
    assert p.url.endswith("/5f1c2a10-0001-4e55-9a3b-1c2d3e4f5a01")  # hostedUrl, not applyUrl
    assert p.description_html == (
        "<div>Train <b>models</b> with us.</div>\n"
        "<h3>What you'll do &amp; learn</h3>\n<ul><li>Fine-tune LLMs</li><li>Ship evals</li></ul>\n"
        "<h3>Already a list</h3>\n<ul><li>PyTorch</li></ul>\n"
        "<div>Pay varies by location.</div>\n<div>We sponsor visas.</div>"
    )


def test_edge_null_categories_and_plain_description(edge):
    p = edge[0]["02"]
    assert p.locations == [] and p.employment_type is None and p.department is None
    assert p.posted_at is None and p.updated_at is None
    assert p.workplace_type is None  # "unspecified"
    assert p.url.endswith("/apply")  # no hostedUrl: applyUrl
    assert p.compensation == "USD 40,000-50,000 per year"
    assert p.description_html == "<div>First line<br>Second line: x &lt; 3 &amp; y &gt; 2</div>"
    assert html_to_text(p.description_html) == "First line\nSecond line: x < 3 & y > 2"


def test_edge_partial_fields(edge):
    p = edge[0]["04"]
    assert p.locations == ["Berlin, Germany"]  # allLocations null
    assert p.department == "Platform"  # team when there is no department
    assert p.workplace_type == "hybrid"  # "Hybrid"
    assert p.posted_at == "2023-11-14T22:13:20.000+00:00"
    assert p.compensation == "from EUR 2,500.50 per month"
    assert p.description_html is None
    odd = edge[0]["06"]
    assert odd.locations == [] and odd.posted_at is None  # categories a string, createdAt text
    assert odd.workplace_type == "remote"
    assert odd.compensation == "$120k - $150k base"  # salaryDescriptionPlain, whitespace collapsed


@pytest.mark.parametrize(
    "salary, expected",
    [
        ({"min": 40, "max": 45, "currency": "USD", "interval": "per-hour-wage"}, "USD 40-45 per hour"),
        ({"min": 40000, "max": 50000, "currency": "USD", "interval": "per-year-salary"}, "USD 40,000-50,000 per year"),
        ({"min": 6000, "max": 6000, "currency": "GBP", "interval": "per-month-salary"}, "GBP 6,000 per month"),
        ({"max": 30, "currency": "CAD", "interval": "per-hour-wage"}, "up to CAD 30 per hour"),
        ({"min": 5000, "max": 7000, "interval": "one-time"}, "5,000-7,000 one time"),
        ({"min": None, "max": None, "currency": "USD"}, None),
        ({"min": True, "max": "n/a"}, None),
        (None, None),
    ],
)
def test_compensation_strings(salary, expected):
    assert lever.compensation(salary) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("remote", "remote"), ("hybrid", "hybrid"), ("on-site", "onsite"), ("onsite", "onsite"),
     ("On-Site", "onsite"), ("unspecified", None), ("", None), (None, None)],
)
def test_workplace_types(value, expected):
    assert lever.workplace_type(value) == expected


def test_epoch_milliseconds():
    assert lever.epoch_ms_to_iso(0) == "1970-01-01T00:00:00.000+00:00"
    assert lever.epoch_ms_to_iso(1778517108152) == "2026-05-11T16:31:48.152+00:00"
    assert lever.epoch_ms_to_iso("1778517108152") == "2026-05-11T16:31:48.152+00:00"
    assert lever.epoch_ms_to_iso(True) is None and lever.epoch_ms_to_iso("soon") is None
    assert lever.epoch_ms_to_iso(10**30) is None  # out of range, not a crash


@pytest.mark.parametrize(
    "body, message",
    [
        ('[{"id": "x", "text": "trunc', "not valid JSON"),
        ("", "empty body"),
        ("<!DOCTYPE html><html><head><title>Lever | Not Found</title></head><body></body></html>",
         "got an HTML page titled 'Lever | Not Found'"),
        ('{"ok": false, "error": "Document not found"}', "Lever answered with an error: 'Document not found'"),
        ('{"data": [], "hasNext": false}', "expected a JSON array of postings, got an object with keys"),
        ("42", "expected a JSON array of postings, got int"),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message.replace("|", r"\|")):
        lever.map_response(body, board="x")


def test_empty_board_is_valid():
    assert lever.map_response("[]", board="x") == ([], [])


def test_module_is_a_discovered_platform():
    assert PLATFORMS["lever"] is lever
    spider = lever.LeverSpider(board="palantir")
    assert spider.name == "lever" and spider.platform == "lever"
    assert spider.board_url(spider.sources[0]) == "https://api.lever.co/v0/postings/palantir?mode=json&skip=0&limit=100"


# -- a real crawl: paging, 404, a server that ignores skip -----------------------------------------
TOTAL = 250


def _posting(i: int) -> dict:
    return {
        "id": f"00000000-0000-4000-8000-{i:012d}",
        "text": f"ML Intern {i}",
        "categories": {"commitment": "Internship", "location": "Remote", "allLocations": ["Remote"]},
        "createdAt": 1767225600000 + i * 1000,
        "workplaceType": "remote",
        "description": f"<p>Posting {i}</p>",
        "lists": [],
        "additional": "",
        "hostedUrl": f"https://jobs.lever.co/big/{i}",
    }


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lever-crawl")
    big = [_posting(i) for i in range(TOTAL)]
    skips: dict[str, list[str]] = {"big": [], "exact": [], "stuck": []}
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        board = path.rsplit("/", 1)[-1]
        if path.startswith("/v0/postings/") and board in skips:
            skip = int(query.get("skip", ["0"])[0])
            limit = int(query.get("limit", ["0"])[0]) or len(big)
            skips[board].append(str(skip))
            if board == "big":
                page = big[skip : skip + limit]
            elif board == "exact":
                page = big[:100][skip : skip + limit]
            else:  # "stuck" ignores skip: the same full page forever
                page = big[:limit]
            return 200, json_type, json.dumps(page).encode()
        return 404, json_type, b'{"ok":false,"error":"Document not found"}'

    with FakeBoardServer(route) as server:
        sources = [
            Source("lever", "big", "Big Co", f"{server.base_url}/v0/postings/big?mode=json&skip=0&limit=100"),
            Source("lever", "exact", None, f"{server.base_url}/v0/postings/exact?mode=json&limit=100"),
            Source("lever", "stuck", None, f"{server.base_url}/v0/postings/stuck?mode=json&skip=0&limit=100"),
            Source("lever", "gone", None, f"{server.base_url}/v0/postings/gone?mode=json&skip=0&limit=100"),
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log")
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, skips


def test_crawl_pages_through_a_big_board(crawled):
    attempts, skips = crawled
    big = attempts["big"]
    assert big.meta["status"] == "ok", big.meta
    assert big.meta["items"] == TOTAL and big.meta["requests"] == 3 and big.meta["errors"] == 0
    assert skips["big"] == ["0", "100", "200"]
    records = list(big.records())
    assert [len(json.loads(r["body"])) for r in records] == [100, 100, 50]
    assert all("mode=json" in r["url"] and "limit=100" in r["url"] for r in records)  # other params kept
    postings, errors, repeats = map_attempt(lever, records, board="big", company="Big Co")
    assert errors == [] and repeats == 0
    assert len({p.external_id for p in postings}) == TOTAL == len(postings)
    assert {p.company for p in postings} == {"Big Co"}
    assert postings[-1].title == "ML Intern 249" and postings[-1].workplace_type == "remote"
    assert postings[0].posted_at == "2026-01-01T00:00:00.000+00:00"


def test_crawl_stops_on_an_empty_page(crawled):
    attempts, skips = crawled
    exact = attempts["exact"]
    assert skips["exact"] == ["0", "100"]  # no skip in the sources URL: added for page two
    assert exact.meta["status"] == "ok" and exact.meta["items"] == 100 and exact.meta["requests"] == 2
    postings, errors, _ = map_attempt(lever, exact.records(), board="exact")
    assert len(postings) == 100 and errors == []


def test_crawl_fails_a_board_that_ignores_skip(crawled):
    attempts, skips = crawled
    stuck = attempts["stuck"]
    assert skips["stuck"] == ["0", "100"]
    assert stuck.meta["status"] == "failed"
    assert "repeats an earlier page" in stuck.meta["error_message"]


def test_crawl_unknown_site_fails_with_404(crawled):
    attempts, _ = crawled
    gone = attempts["gone"]
    assert gone.meta["status"] == "failed" and gone.meta["items"] == 0
    assert "HTTP 404" in gone.meta["error_message"]
    (record,) = list(gone.records())  # the error body is kept in the raw lake
    assert json.loads(record["body"]) == {"ok": False, "error": "Document not found"}
    assert map_attempt(lever, [record], board="gone") == ([], [], 0)  # non-2xx records are not mapped

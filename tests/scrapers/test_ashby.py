"""Ashby: the mapper on real recorded payloads (../shared) and our edge cases, and a real crawl."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, ashby
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ashby"
WORKPLACE = {"Remote": "remote", "Hybrid": "hybrid", "OnSite": "onsite"}
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _real(shared_data: Path, name: str) -> tuple[str, list[dict]]:
    body = (shared_data / "ats" / name).read_text(encoding="utf-8")
    return body, json.loads(body)["jobs"]


# -- the mapper on real payloads ------------------------------------------------------------------
def test_every_real_sample_maps_without_errors(shared_data: Path):
    files = sorted((shared_data / "ats").glob("ashby-board-*.json"))
    assert len(files) >= 3
    for path in files:
        body = path.read_text(encoding="utf-8")
        postings, errors, skipped = ashby.map_board(body, board="b")
        jobs = json.loads(body)["jobs"]
        assert errors == [] and skipped == 0, path.name
        assert [p.external_id for p in postings] == [j["id"] for j in jobs], path.name
        for posting, job in zip(postings, jobs):
            assert posting.title == job["title"].strip()
            assert posting.url == job["jobUrl"]
            assert posting.posted_at == job["publishedAt"]
            assert posting.description_html == job["descriptionHtml"]
            assert posting.locations[0] == job["location"].strip()
            assert posting.workplace_type == WORKPLACE[job["workplaceType"]]
            assert all(loc == loc.strip() and loc for loc in posting.locations)


def test_real_full_board_ramp(shared_data: Path):
    body, jobs = _real(shared_data, "ashby-board-ramp-full.json")
    postings, errors = ashby.map_response(body, board="ramp", company="Ramp")
    assert errors == [] and len(postings) == len(jobs) == 112
    assert Counter(p.workplace_type for p in postings) == {"hybrid": 97, "remote": 10, "onsite": 5}
    types = Counter(p.employment_type for p in postings)
    assert types == {"Full-time": 109, "Intern": 1, "Contract": 1, "Temporary": 1}
    assert {p.company for p in postings} == {"Ramp"}
    assert sum(p.compensation is not None for p in postings) == 105  # 7 jobs show no pay

    (intern,) = [p for p in postings if p.employment_type == "Intern"]
    assert intern.posting_key == "ashby:ramp:67fadb77-43d8-4449-954b-d4cf2c6d3b8b"
    assert intern.title == "Software Engineer Internship, Android"  # trailing space stripped
    assert intern.locations == ["New York, NY (HQ)", "San Francisco, CA"]  # the written strings, not the address
    assert intern.workplace_type == "hybrid"  # workplaceType wins over isRemote: true
    assert intern.compensation == "$11.7K per month"  # monthly: only the tier summary says so
    assert intern.department == "Engineering"
    assert intern.posted_at == "2025-08-07T20:49:38.961+00:00"
    assert "Fall Program" in html_to_text(intern.description_html)

    by_id = {p.external_id: p for p in postings}
    equity = by_id["e9b80522-bda3-4fd0-915e-1e76d77b29b3"]
    assert equity.employment_type == "Temporary"
    assert equity.locations == ["New York, NY (HQ)", "San Francisco, CA", "Remote (US)"]
    assert equity.compensation == "$112K – $154K • $101K – $138K Equity"
    # "Remote (Buenos Aires, Argentina)" names a place: kept as written
    assert ["Remote (Buenos Aires, Argentina)"] in [p.locations for p in postings]
    assert not any("Fransisco" in loc for p in postings for loc in p.locations)  # address typo never leaks
    assert all(len(p.locations) == len(set(p.locations)) for p in postings)


def test_real_board_with_compensation(shared_data: Path):
    body, _ = _real(shared_data, "ashby-board-cad-comp.json")
    postings, errors = ashby.map_response(body, board="HighlightTA")
    assert errors == []
    recruiter, sre = postings
    assert recruiter.locations == ["Canada"] and recruiter.workplace_type == "remote"
    assert recruiter.compensation is None  # summaries are null
    assert recruiter.company is None
    assert sre.title == "Senior Site Reliability Engineer"
    assert sre.locations == ["Toronto, Ontario"]
    assert sre.workplace_type == "hybrid"
    assert sre.compensation == "CA$102.8K – CA$137K"
    assert sre.department == "HighlightTA Confidential"
    assert sre.employment_type == "Full-time"


def test_real_board_with_secondary_locations(shared_data: Path):
    body, _ = _real(shared_data, "ashby-board-openevidence.json")
    postings, errors = ashby.map_response(body, board="openevidence", company="OpenEvidence")
    assert errors == []
    first = postings[0]
    assert first.title == "Member of Technical Staff"
    assert first.locations == ["San Francisco", "Miami"]
    assert first.workplace_type == "onsite"
    assert first.url == "https://jobs.ashbyhq.com/openevidence/4c577aae-1ad0-444b-9e15-2ad994333de4"
    assert first.posted_at == "2026-01-22T21:44:44.930+00:00"
    assert first.department == "Engineering"
    assert "OpenEvidence" in html_to_text(first.description_html)


# -- the mapper on our own edge cases -------------------------------------------------------------
@pytest.fixture(scope="module")
def edge():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors, skipped = ashby.map_board(body, board="acme", company="Acme AI")
    return {p.external_id[-2:]: p for p in postings}, errors, skipped


def test_edge_unlisted_skipped_bad_jobs_are_errors(edge):
    postings, errors, skipped = edge
    assert skipped == 1  # isListed: false; not an error
    assert errors == ["job 2: job without an id", "job 6: job is a int, not an object"]
    assert sorted(postings) == ["01", "04", "05", "06"]
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    assert ashby.map_response(body, board="acme")[1] == errors  # the platform contract: two values


def test_edge_vague_locations_use_the_address(edge):
    p = edge[0]["01"]
    assert p.title == "Machine Learning Intern"
    assert p.company == "Acme AI"
    assert p.locations == [
        "Remote (United States)",  # "Remote" + the address country
        "Berlin, Germany",  # no location string: the address, repeated region dropped
        "San Fransisco",  # names a place: stripped, never replaced by the address
        "Multiple Locations",  # vague, but the address is empty: kept
    ]  # the second "remote" became "Remote (United States)" again: dropped as a repeat
    assert p.workplace_type == "remote"  # no workplaceType: isRemote decides
    assert p.employment_type == "Intern"
    assert p.compensation == "$40 - $45"  # scrapeable summary when there is no tier summary
    assert p.posted_at == "2026-03-02T15:04:05.678+00:00"
    assert p.department == "Research"


def test_edge_missing_fields(edge):
    p = edge[0]["04"]
    assert p.locations == [] and p.posted_at is None and p.compensation is None
    assert p.workplace_type is None  # isRemote false says nothing about on-site vs hybrid
    assert p.employment_type == "Part-time"
    assert p.department == "Infrastructure"  # team when there is no department
    assert p.url.endswith("/application")  # no jobUrl: applyUrl
    assert p.description_html == "<div>Own pipelines.<br>x &lt; 3 &amp; y &gt; 2</div>"
    assert html_to_text(p.description_html) == "Own pipelines.\nx < 3 & y > 2"


def test_edge_workplace_and_compensation(edge):
    robotics, hybrid = edge[0]["05"], edge[0]["06"]
    assert robotics.locations == ["Munich, Bavaria, Germany"]  # "Multiple Locations" is vague
    assert robotics.workplace_type == "onsite"  # "OnSite" beats isRemote: true
    assert robotics.employment_type == "Contract"
    assert robotics.compensation == "€60K – €75K • Offers Equity"  # whitespace collapsed
    assert hybrid.locations == ["London"]  # names a place: the richer address is not used
    assert hybrid.workplace_type == "hybrid"


@pytest.mark.parametrize(
    "value, expected",
    [("FullTime", "Full-time"), ("PartTime", "Part-time"), ("Intern", "Intern"),
     ("Temporary", "Temporary"), ("SeasonalWork", "Seasonal Work"), (" ", None), (None, None)],
)
def test_employment_types(value, expected):
    assert ashby.employment_type(value) == expected


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"jobs": [{"id": "1", "title": "trunc', "not valid JSON"),
        ("   ", "empty body"),
        ("<html><head><title>Just a moment...</title></head><body>checking</body></html>",
         "expected JSON, got an HTML page titled 'Just a moment...'"),
        ("<html><body>oops</body></html>", "expected JSON, got an HTML page$"),
        ('{"success": false, "errors": ["not found"]}', 'expected an object with a "jobs" list, got an object'),
        ('{"jobs": {"id": 1}}', 'expected an object with a "jobs" list'),
        ("[]", 'expected an object with a "jobs" list, got list'),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        ashby.map_response(body, board="x")


def test_empty_board_is_valid():
    assert ashby.map_response('{"jobs": [], "apiVersion": "1"}', board="x") == ([], [])


def test_module_is_a_discovered_platform():
    assert PLATFORMS["ashby"] is ashby
    spider = ashby.AshbySpider(board="ramp")
    assert spider.name == "ashby" and spider.platform == "ashby"
    assert spider.board_url(spider.sources[0]) == (
        "https://api.ashbyhq.com/posting-api/job-board/ramp?includeCompensation=true"
    )


# -- a real crawl ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ashby-crawl")
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        if path == "/posting-api/job-board/acme":
            assert query.get("includeCompensation") == ["true"]
            return 200, json_type, (FIXTURES / "edge-cases.json").read_bytes()
        if path == "/posting-api/job-board/walled":
            page = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>...</body></html>"
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        return 404, json_type, b'{"success":false}'

    with FakeBoardServer(route) as server:
        sources = [
            Source("ashby", b, f"Co {b}", f"{server.base_url}/posting-api/job-board/{b}?includeCompensation=true")
            for b in ("acme", "walled")
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log")
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, tmp


def test_crawl_keeps_the_board_and_maps_it(crawled):
    attempts, _ = crawled
    acme = attempts["acme"]
    # 7 jobs in the page: 1 unlisted is not counted; the id-less job and the number still are
    # (counting validates the page, mapping judges the jobs).
    assert acme.meta["status"] == "ok" and acme.meta["items"] == 6 and acme.meta["requests"] == 1
    records = list(acme.records())
    postings, errors, repeats = map_attempt(ashby, records, board="acme", company="Co acme")
    assert len(postings) == 4 and repeats == 0
    url = records[0]["url"]
    assert errors == [f"{url}: job 2: job without an id", f"{url}: job 6: job is a int, not an object"]
    assert {p.company for p in postings} == {"Co acme"}
    assert "a5b1c2d3-0002-4000-8000-000000000002" not in {p.external_id for p in postings}  # unlisted


def test_crawl_html_page_with_200_fails_readably(crawled):
    attempts, tmp = crawled
    walled = attempts["walled"]
    assert walled.meta["status"] == "failed" and walled.meta["items"] == 0
    assert "expected JSON, got an HTML page titled 'Just a moment...'" in walled.meta["error_message"]
    assert len(list(walled.records())) == 1  # the page is still in the raw lake
    postings, errors, _ = map_attempt(ashby, walled.records(), board="walled")
    assert postings == [] and len(errors) == 1 and "got an HTML page" in errors[0]
    assert "internradar/postings_unlisted': 1" in (tmp / "crawl.log").read_text()  # counted in stats

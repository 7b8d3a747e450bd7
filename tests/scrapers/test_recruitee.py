"""Recruitee: the mapper on real recorded payloads (../shared) and our edge cases, and a real crawl
(one page; a detail only for an offer that came without text)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, recruitee
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "recruitee"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _real(shared_data: Path, name: str) -> tuple[str, list[dict]]:
    body = (shared_data / "ats" / name).read_text(encoding="utf-8")
    return body, json.loads(body)["offers"]


# -- the mapper on real payloads ------------------------------------------------------------------
def test_every_real_sample_maps_without_errors(shared_data: Path):
    files = sorted((shared_data / "ats").glob("recruitee-offers-*.json"))
    assert len(files) >= 2
    for path in files:
        body = path.read_text(encoding="utf-8")
        postings, errors = recruitee.map_response(body, board="b")
        offers = json.loads(body)["offers"]
        assert errors == [], path.name
        assert [p.external_id for p in postings] == [str(o["id"]) for o in offers], path.name
        for posting, offer in zip(postings, offers):
            assert posting.title == offer["title"].strip()
            assert posting.url == offer["careers_url"]
            assert posting.company == offer["company_name"]
            assert posting.posted_at.endswith("+00:00") and posting.updated_at.endswith("+00:00")
            assert posting.workplace_type in {"remote", "hybrid"}
            assert all("\u200b" not in (value or "") for value in (posting.department, posting.title))


def test_real_full_fields(shared_data: Path):
    body, offers = _real(shared_data, "recruitee-offers-full-fields.json")
    postings, errors = recruitee.map_response(body, board="acme", company="Acme")
    assert errors == []
    accountant, partner = postings
    assert accountant.posting_key == "recruitee:acme:2700825"
    assert accountant.title == "(Senior) Financial Accountant (f/m/d) - Berlin/Brandenburg Region, Germany"
    assert accountant.locations == ["Berlin, Germany"]  # locations[]: city, state, country, repeats dropped
    assert accountant.employment_type == "Full-time, permanent"
    assert accountant.department == "Finance"
    assert accountant.workplace_type == "hybrid"
    assert accountant.compensation == "EUR 60,000-75,000 per year"  # min/max are strings in the payload
    assert accountant.posted_at == "2026-08-05T10:10:39+00:00"
    assert accountant.updated_at == "2026-08-05T11:45:30+00:00"
    assert accountant.description_html == offers[0]["description"] + "\n" + offers[0]["requirements"]
    text = html_to_text(accountant.description_html)
    assert text.index("How you will make an impact") < text.index("What we expect from you")
    assert partner.compensation == "EUR 75,000-90,000 per year"
    assert partner.locations == ["Berlin, Germany"]  # the entry named "Germany/Remote" has a city
    assert partner.url == "https://jobs.acme.com/o/partner-development-representative-fmd-berlin-germany"


def test_real_small_sample(shared_data: Path):
    body, offers = _real(shared_data, "recruitee-offers-small.json")
    assert offers[0]["department"] == "Delivery\u200b"  # a real zero-width space
    postings, errors = recruitee.map_response(body, board="espeo")
    assert errors == []
    pm, ai, devops = postings
    assert pm.title == "Project Manager" and pm.company == "Espeo Software"
    assert pm.department == "Delivery"
    assert pm.locations == ["Poznań, Wielkopolskie, Poland"]  # no locations[]: the location string
    assert pm.workplace_type == "hybrid" and pm.employment_type == "Contract"
    assert pm.compensation is None  # salary fields all null
    assert pm.description_html is None  # this trimmed sample has no text: the crawl asks for the offer
    assert ai.title == "AI Solutions Engineer"
    assert ai.locations == ["Remote job"]
    assert ai.workplace_type == "remote"  # remote and hybrid both true: remote
    assert ai.posted_at == "2026-06-30T13:04:46+00:00"
    assert devops.employment_type == "Freelance"


# -- the mapper on our own edge cases -------------------------------------------------------------
@pytest.fixture(scope="module")
def edge():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors = recruitee.map_response(body, board="acme")
    return {p.external_id[-2:]: p for p in postings}, errors


def test_edge_bad_offers_become_errors_and_the_rest_map(edge):
    postings, errors = edge
    assert errors == [
        "offer 1: offer without an id",
        "offer 2: offer 3000003 without a title",
        "offer 3: offer is a list, not an object",
    ]
    assert sorted(postings) == ["01", "05", "06"]


def test_edge_full_offer(edge):
    p = edge[0]["01"]
    assert p.title == "Praktikum Machine Learning (w/m/d) – Zürich"
    assert p.company == "Acme AI AG"
    # locations[] in order, the repeated state dropped, the lowercase repeat of Zürich dropped
    assert p.locations == ["Zürich, Switzerland", "Lausanne, Vaud, Switzerland"]
    assert p.workplace_type == "onsite"
    assert p.employment_type == "Internship"
    assert p.department == "Research"  # zero-width space removed
    assert p.posted_at == "2026-03-02T09:30:15+00:00"
    assert p.updated_at == "2026-03-03T10:00:00+00:00"
    assert p.compensation == "up to CHF 2,500.50 per month"
    assert p.description_html == "<p>Du trainierst Modelle.</p>\n<ul><li>Python</li></ul>"  # from translations
    assert p.url == "https://acme.recruitee.com/o/ml-praktikum-zurich"


def test_edge_remote_and_bare_offers(edge):
    remote = edge[0]["05"]
    assert remote.locations == ["Remote job"]
    assert remote.workplace_type == "remote"
    assert remote.employment_type == "Part-time, fixed term"
    assert remote.compensation == "EUR 20-25 per hour"
    assert remote.description_html == "<p>Analyse data.</p>\n<p>Pandas</p>"
    bare = edge[0]["06"]
    assert bare.locations == ["Toronto, Ontario, Canada"]  # the offer's own city, state_name, country
    assert bare.employment_type == "Seasonal work"  # an unknown code, written out
    assert bare.compensation is None  # 0-0 is no pay stated
    assert bare.workplace_type is None and bare.posted_at is None and bare.description_html is None
    assert bare.url == "https://acme.recruitee.com/o/bare/c/new"  # no careers_url: the apply URL


@pytest.mark.parametrize(
    "value, expected",
    [("2026-07-17 11:00:39 UTC", "2026-07-17T11:00:39+00:00"),
     ("2026-07-17T11:00:39.123Z", "2026-07-17T11:00:39+00:00"),
     ("2026-02-30 11:00:00 UTC", "2026-02-30 11:00:00 UTC"), ("yesterday", "yesterday"), (None, None), ("", None)],
)
def test_dates(value, expected):
    assert recruitee.utc_to_iso(value) == expected


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"offers": [{"id": 1, "title": "trunc', "not valid JSON"),
        ("", "empty body"),
        ("<html><head><title>Page not found</title></head></html>", "got an HTML page titled 'Page not found'"),
        ('{"error": "Not found"}', 'expected an object with an "offers" list, got an object'),
        ('{"offers": {"id": 1}}', 'expected an object with an "offers" list'),
        ("[]", 'expected an object with an "offers" list, got list'),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        recruitee.map_response(body, board="x")


def test_detail_page():
    body = (FIXTURES / "offer-detail.json").read_text(encoding="utf-8")
    (p,), errors = recruitee.map_detail(body, board="acme")
    assert errors == [] and p.external_id == "3000006" and p.department == "Platform"
    with pytest.raises(PayloadError, match='expected an object with an "offer" object'):
        recruitee.map_detail('{"offers": []}', board="acme")


def test_empty_board_is_valid():
    assert recruitee.map_response('{"offers": []}', board="x") == ([], [])


def test_module_is_a_discovered_platform():
    assert PLATFORMS["recruitee"] is recruitee
    spider = recruitee.RecruiteeSpider(board="espeo")
    assert spider.name == "recruitee" and spider.platform == "recruitee"
    assert spider.board_url(spider.sources[0]) == "https://espeo.recruitee.com/api/offers/"


# -- a real crawl -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("recruitee-crawl")
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        if path == "/acme/api/offers/":
            return 200, json_type, (FIXTURES / "edge-cases.json").read_bytes()
        if path == "/acme/api/offers/bare":
            return 200, json_type, (FIXTURES / "offer-detail.json").read_bytes()
        return 404, json_type, b'{"error": "Not found"}'

    server = FakeBoardServer(route)
    with server:
        sources = [
            Source("recruitee", name, f"Co {name}", f"{server.base_url}/{name}/api/offers/")
            for name in ("acme", "gone")
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log")
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, server


def test_crawl_one_page_and_a_detail_for_the_offer_without_text(crawled):
    attempts, server = crawled
    acme = attempts["acme"]
    # 6 offers counted (counting validates the page, mapping judges the offers); one listing
    # request, one detail: only "bare" came without any text (the title-less offer is not asked).
    assert acme.meta["status"] == "ok", acme.meta
    assert acme.meta["items"] == 6 and acme.meta["requests"] == 2 and acme.meta["errors"] == 0
    assert server.hits["/acme/api/offers/"] == 1 and server.hits["/acme/api/offers/bare"] == 1
    assert server.hits["/acme/api/offers/no-title"] == 0
    records = list(acme.records())
    assert [r["kind"] for r in records] == ["board", "detail"]

    postings, errors, repeats = map_attempt(recruitee, records, board="acme", company="Co acme")
    assert repeats == 0 and len(errors) == 3
    by_id = {p.external_id: p for p in postings}
    assert sorted(by_id) == ["3000001", "3000005", "3000006"]
    assert {p.company for p in postings} == {"Co acme"}
    bare = by_id["3000006"]
    assert bare.description_html == "<p>Build evaluation infrastructure.</p>\n<ul><li>Rust</li></ul>"
    assert bare.department == "Platform" and bare.workplace_type == "hybrid"  # empty in the listing
    assert bare.posted_at == "2026-05-05T05:05:05+00:00"
    assert bare.url == "https://acme.recruitee.com/o/bare/c/new"  # the listing's value stays


def test_crawl_unknown_company_fails_with_404(crawled):
    attempts, _ = crawled
    gone = attempts["gone"]
    assert gone.meta["status"] == "failed" and "HTTP 404" in gone.meta["error_message"]
    assert map_attempt(recruitee, gone.records(), board="gone") == ([], [], 0)

"""Community internship lists (listings.json): the mapper on all 5,960 real listings and the newer
format, our edge cases, and a real crawl of a generated list."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, listings
from scrapers.mappers import map_attempt
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _listing(**fields) -> dict:
    base = {
        "source": "Simplify", "company_name": "Acme", "id": "6f1c2a52-8d0e-4b5f-9a57-1d1d5c0e0001",
        "title": "Machine Learning Intern", "active": True, "terms": ["Summer 2025"],
        "date_posted": 1727406966, "date_updated": 1727499036, "url": "https://jobs.lever.co/acme/1",
        "locations": ["SF", "Remote in USA"], "company_url": "https://simplify.jobs/c/Acme",
        "is_visible": True, "sponsorship": "Offers Sponsorship",
    }
    return {**base, **fields}


# -- the mapper on real data ---------------------------------------------------------------------------
def test_every_real_listing_maps_or_is_skipped_for_a_reason(simplify_listings: list[dict]):
    assert len(simplify_listings) == 5960
    result = listings.map_listings(simplify_listings, board="Summer2025-Internships", company="Simplify")
    assert result.errors == []
    assert dict(result.skipped) == {listings.INACTIVE: 4839, listings.HIDDEN: 78}
    assert len(result.postings) == 1043
    assert len(result.postings) + sum(result.skipped.values()) == len(simplify_listings)
    open_listings = [x for x in simplify_listings if x["active"] and x["is_visible"]]
    for posting, raw in zip(result.postings, open_listings, strict=True):
        assert posting.external_id == raw["id"]
        assert posting.company == raw["company_name"].strip()  # the listing's company, not the list's
        assert posting.title == raw["title"].strip()
        assert posting.url == (raw["url"] or None)
        assert posting.employment_type == "Internship"
        assert posting.posted_at.endswith("+00:00") and posting.updated_at.endswith("+00:00")
        # One real listing names Denver twice: kept once.
        assert posting.locations == list(dict.fromkeys(loc.strip() for loc in raw["locations"] if loc.strip()))
        terms = f"Terms: {', '.join(raw['terms'])}. " if raw["terms"] else ""
        assert posting.description_html == f"{terms}Sponsorship: {raw['sponsorship']}."
    assert len({p.external_id for p in result.postings}) == 1043  # the two repeated ids are both closed


def test_real_file_through_map_response(shared_data: Path):
    body = (shared_data / "simplify-listings-2024.json").read_text(encoding="utf-8")
    postings, errors = listings.map_response(body, board="Summer2025-Internships")
    assert errors == [] and len(postings) == 1043 == listings.count_open(body)
    first = postings[0]
    assert first.posting_key == "listings:Summer2025-Internships:25342808-efbf-49cd-83be-6c0a809f5e22"
    assert (first.company, first.title, first.locations) == ("PDT Partners", "Software Engineering Internship", ["NYC"])
    assert first.url == "https://boards.greenhouse.io/pdtpartners/jobs/4423823"
    assert first.posted_at == "2023-07-19T04:00:00+00:00"
    assert first.description_html == "Terms: Summer 2024. Sponsorship: Offers Sponsorship."


def test_newer_format_with_category_and_degrees(shared_data: Path):
    body = (shared_data / "simplify-listings-2026-format-sample.json").read_text(encoding="utf-8")
    result = listings.map_listings(json.loads(body), board="Summer2026-Internships")
    assert result.errors == []
    assert dict(result.skipped) == {listings.INACTIVE: 1, listings.HIDDEN: 1}
    # Dexcom is closed, AstraZeneca hidden.
    assert [p.company for p in result.postings] == ["Palantir", "Marmon Holdings", "Etched.ai", "Base Power"]
    palantir, marmon, etched, base_power = result.postings
    assert palantir.external_id == "ada5c220-536e-454a-8ba0-1f7629d949e6"
    assert palantir.description_html == (
        "Terms: Winter 2027, Spring 2027, Summer 2027, Fall 2027. Sponsorship: Other. Category: Software."
    )  # empty degrees left out
    assert palantir.posted_at == "2025-12-12T23:18:21+00:00"  # 1765581501 epoch seconds
    assert palantir.locations == ["Honolulu, HI"]
    assert marmon.description_html == "Terms: Summer 2027. Sponsorship: Other. Category: Software. Degrees: Bachelor's."
    assert etched.description_html == (
        "Terms: Summer 2026. Sponsorship: Does Not Offer Sponsorship. Category: Software Engineering. "
        "Degrees: Bachelor's."
    )
    assert base_power.description_html == "Terms: Spring 2026. Sponsorship: Other. Category: Hardware."


# -- our edge cases ----------------------------------------------------------------------------------------
def test_description_names_every_detail():
    posting = listings.map_listing(
        _listing(category="AI/ML/Data", degrees=["Bachelor's", "Master's"]), board="b", company="Simplify"
    )
    assert posting.description_html == (
        "Terms: Summer 2025. Sponsorship: Offers Sponsorship. Category: AI/ML/Data. Degrees: Bachelor's, Master's."
    )
    assert html_to_text(posting.description_html) == posting.description_html
    assert posting.company == "Acme"
    assert posting.employment_type == "Internship"
    assert posting.posted_at == "2024-09-27T03:16:06+00:00" and posting.updated_at == "2024-09-28T04:50:36+00:00"
    assert posting.locations == ["SF", "Remote in USA"]


def test_html_in_list_fields_is_escaped():
    posting = listings.map_listing(_listing(category="R&D <Hardware>", terms="Fall 2025"), board="b")
    assert posting.description_html == (
        "Terms: Fall 2025. Sponsorship: Offers Sponsorship. Category: R&amp;D &lt;Hardware&gt;."
    )
    # The cleaning step reads "&lt;...&gt;" as escaped markup, so only the "&" survives as text.
    assert "Category: R&D ." in html_to_text(posting.description_html)


def test_company_falls_back_to_the_source():
    assert listings.map_listing(_listing(company_name="  "), board="b", company="Simplify").company == "Simplify"


def test_odd_values():
    posting = listings.map_listing(
        _listing(date_posted="1727406966", date_updated=None, locations=[" NYC ", "", "nyc", None], url="",
                 terms=[], sponsorship=None),
        board="b",
    )
    assert posting.posted_at == "2024-09-27T03:16:06+00:00" and posting.updated_at is None
    assert posting.locations == ["NYC"] and posting.url is None and posting.description_html is None


@pytest.mark.parametrize(
    "flags, reason",
    [
        ({}, None),
        ({"active": True, "is_visible": True}, None),
        ({"active": None, "is_visible": None}, None),  # a missing flag is not a no
        ({"active": False}, listings.INACTIVE),
        ({"active": "false"}, listings.INACTIVE),
        ({"active": 0}, listings.INACTIVE),
        ({"is_visible": False}, listings.HIDDEN),
        ({"active": False, "is_visible": False}, listings.INACTIVE),
    ],
)
def test_skip_reasons(flags, reason):
    listing = {k: v for k, v in _listing(**flags).items() if k not in ("active", "is_visible") or k in flags}
    assert listings.skip_reason(listing) == reason


def test_unmappable_listings_are_errors_and_the_rest_still_map():
    raw = [_listing(), "junk", _listing(id=None), _listing(id="x2", title=" "), _listing(id="x3", active=False)]
    result = listings.map_listings(raw, board="b")
    assert [p.external_id for p in result.postings] == [_listing()["id"]]
    assert result.errors == [
        "listing 1: listing is a str, not an object",
        "listing 2: listing without an id",
        "listing 3 (x2): listing without a title",
    ]
    assert dict(result.skipped) == {listings.INACTIVE: 1}


@pytest.mark.parametrize(
    "body, message",
    [
        ('[{"id": "x", "title": "trunc', "not valid JSON"),
        ("", "empty body"),
        ("<html><title>404: Not Found</title></html>", "got an HTML page titled '404: Not Found'"),
        ('{"listings": []}', r"expected a JSON array of listings, got an object with keys \['listings'\]"),
        ("null", "expected a JSON array of listings, got NoneType"),
    ],
)
def test_bad_payloads_raise_clear_errors(body, message):
    with pytest.raises(PayloadError, match=message):
        listings.map_response(body, board="b")
    with pytest.raises(PayloadError, match=message):
        listings.count_open(body)


def test_empty_list_is_valid():
    assert listings.map_response("[]", board="b") == ([], [])


def test_module_is_a_discovered_platform():
    assert PLATFORMS["listings"] is listings
    spider = listings.ListingsSpider(board="Summer2025-Internships")
    assert spider.name == "listings" and spider.platform == "listings"
    assert spider.board_url(spider.sources[0]) == (
        "https://raw.githubusercontent.com/SimplifyJobs/Summer2025-Internships/dev/.github/scripts/listings.json"
    )


# -- a real crawl of a generated list ---------------------------------------------------------------------
TOTAL = 300


def _generated(i: int) -> dict:
    return _listing(
        id=str(uuid.UUID(int=i)), title=f"AI Research Intern {i}", company_name=f"Company {i % 37}",
        active=i % 3 != 0,  # 100 closed
        is_visible=i % 10 != 1,  # 30 hidden, 20 of them still active
        date_posted=1767225600 + i, date_updated=1767225600 + 2 * i,
        category="AI/ML/Data", degrees=["Master's", "PhD"],
    )


EXPECTED_OPEN = sum(1 for i in range(TOTAL) if i % 3 != 0 and i % 10 != 1)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listings-crawl")
    body = json.dumps([_generated(i) for i in range(TOTAL)]).encode("utf-8")
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        if path == "/SimplifyJobs/Summer2027-Internships/dev/.github/scripts/listings.json":
            return 200, json_type, body
        if path == "/SimplifyJobs/wrong-shape/dev/.github/scripts/listings.json":
            return 200, json_type, b'{"listings": []}'
        return 404, {"Content-Type": "text/plain"}, b"404: Not Found"

    with FakeBoardServer(route) as server:
        sources = [
            Source("listings", board, "SimplifyJobs",
                   f"{server.base_url}/SimplifyJobs/{board}/dev/.github/scripts/listings.json")
            for board in ("Summer2027-Internships", "wrong-shape", "Gone-Internships")
        ]
        attempts = crawl_in_subprocess(
            dump_sources(sources, tmp / "sources.yaml"), tmp / "raw", "2026-11-20", settings=FAST,
            log_file=tmp / "crawl.log",
        )
    return {a.board: a for a in attempts}


def test_crawl_counts_open_listings(crawled):
    assert EXPECTED_OPEN == 180
    attempt = crawled["Summer2027-Internships"]
    assert attempt.meta["status"] == "ok" and attempt.meta["errors"] == 0
    assert attempt.meta["items"] == EXPECTED_OPEN
    (record,) = list(attempt.records())
    assert len(json.loads(record["body"])) == TOTAL  # kept verbatim, closed listings included
    postings, errors, repeats = map_attempt(listings, attempt.records(), board=attempt.board, company="SimplifyJobs")
    assert errors == [] and repeats == 0 and len(postings) == EXPECTED_OPEN
    assert {p.company for p in postings} <= {f"Company {i}" for i in range(37)}
    p = next(p for p in postings if p.title == "AI Research Intern 2")
    assert p.external_id == str(uuid.UUID(int=2)) and p.posted_at == "2026-01-01T00:00:02+00:00"
    assert p.description_html.endswith("Category: AI/ML/Data. Degrees: Master's, PhD.")


def test_crawl_failures_are_reported(crawled):
    wrong = crawled["wrong-shape"].meta
    assert wrong["status"] == "failed" and "expected a JSON array of listings" in wrong["error_message"]
    gone = crawled["Gone-Internships"].meta
    assert gone["status"] == "failed" and "HTTP 404" in gone["error_message"]

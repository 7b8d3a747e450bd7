"""SmartRecruiters: the mapper on real recorded payloads (../shared) and our edge cases, and a real
crawl that pages by offset and fetches every posting's detail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, smartrecruiters
from scrapers.mappers._pay import format_pay
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "smartrecruiters"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "8"}
DETAIL = "smartrecruiters-posting-detail-intern.json"


def _real(shared_data: Path, name: str) -> tuple[str, dict]:
    body = (shared_data / "ats" / name).read_text(encoding="utf-8")
    return body, json.loads(body)


# -- the mapper on real payloads ------------------------------------------------------------------
def test_every_real_listing_maps_without_errors(shared_data: Path):
    files = sorted((shared_data / "ats").glob("smartrecruiters-postings*.json"))
    assert len(files) >= 2
    for path in files:
        body = path.read_text(encoding="utf-8")
        postings, errors = smartrecruiters.map_response(body, board="b")
        content = json.loads(body)["content"]
        assert errors == [], path.name
        assert [p.external_id for p in postings] == [c["id"] for c in content], path.name
        for posting, c in zip(postings, content):
            assert posting.title == c["name"].strip()
            assert posting.company == c["company"]["name"]  # no company in the source: the payload's
            assert posting.url == f"https://jobs.smartrecruiters.com/{c['company']['identifier']}/{c['id']}"
            assert posting.locations == [c["location"]["fullLocation"]]
            assert posting.posted_at == c["releasedDate"]
            assert posting.employment_type == c["typeOfEmployment"]["label"]
            assert posting.workplace_type == "onsite"  # remote and hybrid both false in every sample
            assert posting.description_html is None  # listing items have no text: the detail brings it


def test_real_listing_western_digital(shared_data: Path):
    body, raw = _real(shared_data, "smartrecruiters-postings.json")
    assert raw["totalFound"] == 3 == len(raw["content"])
    postings, errors = smartrecruiters.map_response(body, board="WesternDigital", company="WD")
    assert errors == []
    manager, data_science, firmware = postings
    assert manager.title == "環境・安全衛生マネージャー (Environmental Health & Safety Manager)"
    assert manager.locations == ["Fujisawa, Kanagawa, Japan"]
    assert manager.department == "Finance"  # department {}: the job function
    assert manager.compensation is None
    assert data_science.posting_key == "smartrecruiters:WesternDigital:744000141229015"
    assert data_science.title == "Intern - Data Science"
    assert data_science.company == "WD"  # the sources file's name wins
    assert data_science.employment_type == "Intern"
    assert data_science.department == "Engineering"
    assert data_science.locations == ["Bayan Lepas, Penang, Malaysia"]
    assert data_science.posted_at == "2026-08-03T10:34:13.038Z"
    assert firmware.locations == ["Petaling Jaya, Selangor, Malaysia"]


def test_real_small_listing(shared_data: Path):
    body, _ = _real(shared_data, "smartrecruiters-postings-small.json")
    (posting,), errors = smartrecruiters.map_response(body, board="knight")
    assert errors == []
    assert posting.title == "CNA  / LPN - Consistent Hours. Start Next Week."  # inner spaces as sent
    assert posting.company == "Knight Gayles"
    assert posting.url == "https://jobs.smartrecruiters.com/Knight/743999671674844"
    assert posting.employment_type == "Part-time"
    assert posting.department == "Health Care Provider"
    assert posting.locations == ["St. Louis, MO, United States"]


def test_real_intern_detail(shared_data: Path):
    body, raw = _real(shared_data, DETAIL)
    (posting,), errors = smartrecruiters.map_detail(body, board="WesternDigital")
    assert errors == []
    assert posting.external_id == "744000140949875"
    assert posting.title == "Summer 2027 Intern - Hardware Engineering"
    assert posting.url == raw["postingUrl"]  # the detail names its page
    assert posting.locations == ["San Jose, CA, United States"]
    assert posting.workplace_type == "hybrid"
    assert posting.compensation == "USD 34-47 per hour"  # `compensation`, not the "34.52-46.00" custom field
    assert posting.employment_type == "Intern"
    assert posting.department == "Engineering"
    sections = raw["jobAd"]["sections"]
    opening = "<h3>Company Description</h3>\n" + sections["companyDescription"]["text"]
    assert posting.description_html.startswith(opening)
    assert posting.description_html.endswith(sections["additionalInformation"]["text"])
    text = html_to_text(posting.description_html)
    order = ["Company Description", "Job Description", "Qualifications", "Additional Information"]
    assert [text.index(h) for h in order] == sorted(text.index(h) for h in order)
    assert "Currently pursuing or recently completed" in text


def test_real_detail_fills_in_its_listing_item(shared_data: Path):
    """A listing item (the detail without what only the detail has) plus its detail: one posting."""
    body, raw = _real(shared_data, DETAIL)
    item = {k: v for k, v in raw.items() if k not in ("jobAd", "postingUrl", "applyUrl", "compensation", "referralUrl")}
    page = {"offset": 0, "limit": 100, "totalFound": 1, "content": [item]}
    records = [
        {"kind": "board", "status": 200, "url": "https://api.smartrecruiters.com/v1/companies/WesternDigital/postings",
         "body": json.dumps(page)},
        {"kind": "detail", "status": 200, "body": body,
         "url": "https://api.smartrecruiters.com/v1/companies/WesternDigital/postings/744000140949875"},
    ]
    (posting,), errors, repeats = map_attempt(smartrecruiters, records, board="WesternDigital")
    assert errors == [] and repeats == 0
    assert posting.url == "https://jobs.smartrecruiters.com/WesternDigital/744000140949875"  # the listing's, kept
    # from the detail, although the listing item carries the bare "Salary Range" custom field
    assert any(f["fieldLabel"] == "Salary Range" for f in item["customField"])
    assert posting.compensation == "USD 34-47 per hour"
    assert "Hardware" in html_to_text(posting.description_html)
    assert posting.workplace_type == "hybrid"


# -- the mapper on our own edge cases -------------------------------------------------------------
@pytest.fixture(scope="module")
def edge():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors = smartrecruiters.map_response(body, board="acme", company=None)
    return {p.external_id[-2:]: p for p in postings}, errors


def test_edge_bad_items_become_errors_and_the_rest_map(edge):
    postings, errors = edge
    assert errors == [
        "posting 2: posting without an id",
        "posting 3: posting 900000000000004 without a name",
        "posting 5: posting is a str, not an object",
    ]
    assert sorted(postings) == ["01", "02", "05", "07"]


def test_edge_full_item(edge):
    p = edge[0]["01"]
    assert p.title == "Praktikum Maschinelles Lernen (m/w/d) – München"
    assert p.company == "Acme AI GmbH"
    assert p.locations == ["München, Bavaria, DE"]  # no fullLocation: the parts
    assert p.workplace_type == "remote"
    assert p.employment_type == "Full-time, Internship"  # only experienceLevel says internship
    assert p.department == "Research"  # department wins over function
    assert p.compensation == "EUR 2,500-2,500.50 per month"
    assert p.url == "https://jobs.smartrecruiters.com/AcmeAI/900000000000001"
    assert p.posted_at == "2026-03-02T09:30:00.000Z"


def test_edge_hybrid_function_and_salary_field_ignored(edge):
    p = edge[0]["02"]
    assert p.workplace_type == "hybrid"
    assert p.employment_type == "Intern"  # already says intern: nothing added
    assert p.department == "Data Science"  # department {}: the function
    assert p.compensation is None  # a bare "Salary Range" custom field is not the pay (see the module)
    assert p.posted_at is None


def test_edge_minimal_and_partial_items(edge):
    bare = edge[0]["05"]
    assert bare.title == "Research Engineer"
    assert bare.locations == [] and bare.workplace_type is None and bare.url is None
    assert bare.company is None and bare.employment_type is None and bare.department is None
    grad = edge[0]["07"]
    assert grad.external_id == "900000000000007"  # a numeric id, as text
    assert grad.workplace_type is None  # remote false but no hybrid flag: not stated
    assert grad.employment_type == "Full-time"
    assert grad.compensation == "up to CAD 120,000 per year"


def test_description_sections_in_page_order():
    detail = {
        "id": "1", "name": "Intern",
        "jobAd": {"sections": {
            "videos": {"title": "Videos", "urls": []},
            "qualifications": {"title": "Qualifications", "text": "<ul><li>Python</li></ul>"},
            "jobDescription": {"title": "Job & Description", "text": "<p>Train models.</p>"},
            "companyDescription": {"title": "Company Description", "text": "  "},
            "closing": {"title": "", "text": "<p>Apply!</p>"},
        }},
    }
    assert smartrecruiters.description_html(detail) == (
        "<h3>Job &amp; Description</h3>\n<p>Train models.</p>\n"
        "<h3>Qualifications</h3>\n<ul><li>Python</li></ul>\n<p>Apply!</p>"
    )
    assert smartrecruiters.description_html({"jobAd": {"sections": {}}}) is None


@pytest.mark.parametrize(
    "low, high, currency, period, expected",
    [
        (34, 47, "USD", "HOURLY", "USD 34-47 per hour"),
        ("60000", "75000", "EUR", "year", "EUR 60,000-75,000 per year"),
        (6000, 6000, "GBP", "MONTHLY", "GBP 6,000 per month"),
        (None, 30, "CAD", "per-hour-wage", "up to CAD 30 per hour"),  # Lever's interval words too
        (2500.5, None, "EUR", "per-month-salary", "from EUR 2,500.50 per month"),
        (5000, 7000, None, "one-time", "5,000-7,000 one time"),
        ("1,200", None, "USD", "WEEKLY", "from USD 1,200 per week"),
        (0, 0, "USD", "YEARLY", None),  # zero is "not stated"
        (True, "n/a", "USD", None, None),
        (float("nan"), None, None, None, None),
    ],
)
def test_format_pay(low, high, currency, period, expected):
    assert format_pay(low, high, currency, period) == expected


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"content": [{"id": "1", "name": "trunc', "not valid JSON"),
        ("", "empty body"),
        ("<html><head><title>Access Denied</title></head></html>", "got an HTML page titled 'Access Denied'"),
        ('{"message": "Company not found", "code": "NOT_FOUND"}',
         'expected an object with a "content" list, got an object'),
        ('{"content": {"id": "1"}}', 'expected an object with a "content" list'),
        ("[]", 'expected an object with a "content" list, got list'),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        smartrecruiters.map_response(body, board="x")


@pytest.mark.parametrize(
    "body, message",
    [("[]", "expected a posting object with an id, got list"),
     ('{"offset": 0, "content": []}', "expected a posting object with an id, got an object"),
     ('{"id": "1", "name": ""}', "posting 1 without a name")],
)
def test_bad_detail_pages_raise(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        smartrecruiters.map_detail(body, board="x")


def test_empty_board_is_valid():
    body = '{"offset": 0, "limit": 100, "totalFound": 0, "content": []}'
    assert smartrecruiters.map_response(body, board="x") == ([], [])


def test_detail_url_is_built_on_the_listing_host():
    item = {"id": "42", "ref": "https://api.smartrecruiters.com/v1/companies/acme/postings/42"}
    assert smartrecruiters.detail_url("http://127.0.0.1:8000/v1/companies/Acme/postings?offset=0&limit=10", item) == (
        "http://127.0.0.1:8000/v1/companies/Acme/postings/42"
    )
    assert smartrecruiters.detail_url("https://example.test/feed.json", item) == item["ref"]


def test_module_is_a_discovered_platform():
    assert PLATFORMS["smartrecruiters"] is smartrecruiters
    spider = smartrecruiters.SmartRecruitersSpider(board="WesternDigital")
    assert spider.name == "smartrecruiters" and spider.platform == "smartrecruiters"
    assert spider.board_url(spider.sources[0]) == (
        "https://api.smartrecruiters.com/v1/companies/WesternDigital/postings?offset=0&limit=100"
    )


# -- a real crawl: offset paging over 3 pages, a detail per posting, a server that ignores offset ---
TOTAL, LIMIT = 25, 10
MISSING_DETAIL = "800000000000013"  # its detail is a 404: counted as an error, the source stays ok


def _item(i: int) -> dict:
    return {
        "id": f"8000000000000{i:02d}",
        "name": f"ML Intern {i}",
        "company": {"identifier": "Big", "name": "Big Co"},
        "releasedDate": f"2026-10-{1 + i % 28:02d}T09:00:00.000Z",
        "location": {"city": "Lisbon", "country": "pt", "remote": False, "hybrid": True,
                     "fullLocation": "Lisbon, Portugal"},
        "typeOfEmployment": {"id": "intern", "label": "Intern"},
        "department": {},
        "ref": f"https://api.smartrecruiters.com/v1/companies/Big/postings/8000000000000{i:02d}",
    }


def _detail(item: dict) -> dict:
    return {
        **item,
        "postingUrl": f"https://jobs.smartrecruiters.com/Big/{item['id']}-ml-intern",
        "jobAd": {"sections": {"jobDescription": {"title": "Job Description",
                                                  "text": f"<p>Posting {item['name']}</p>"}}},
        "compensation": {"min": 20, "max": 25, "currency": "EUR", "period": "HOURLY"},
    }


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("smartrecruiters-crawl")
    items = [_item(i) for i in range(TOTAL)]
    by_id = {item["id"]: item for item in items}
    offsets: dict[str, list[str]] = {"Big": [], "Stuck": []}
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        parts = path.strip("/").split("/")  # v1 companies {company} postings [{id}]
        if len(parts) == 4 and parts[:2] == ["v1", "companies"] and parts[2] in offsets:
            offset, limit = int(query.get("offset", ["0"])[0]), int(query["limit"][0])
            offsets[parts[2]].append(str(offset))
            # "Stuck" ignores offset, and says it has 15: its second page, the last, repeats the first.
            start, total = (offset, TOTAL) if parts[2] == "Big" else (0, 15)
            page = {"offset": offset, "limit": limit, "totalFound": total, "content": items[start : start + limit]}
            return 200, json_type, json.dumps(page).encode()
        if len(parts) == 5 and parts[2] in offsets and parts[4] in by_id and parts[4] != MISSING_DETAIL:
            return 200, json_type, json.dumps(_detail(by_id[parts[4]])).encode()
        return 404, json_type, b'{"message": "Not found"}'

    server = FakeBoardServer(route)
    with server:
        sources = [
            Source("smartrecruiters", name, f"{name} Co",
                   f"{server.base_url}/v1/companies/{name}/postings?offset=0&limit={LIMIT}")
            for name in ("Big", "Stuck")
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log")
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, offsets, server


def test_crawl_pages_by_offset_and_fetches_details(crawled):
    attempts, offsets, server = crawled
    big = attempts["Big"]
    assert offsets["Big"] == ["0", "10", "20"]
    # The listing counts the postings; a failed detail is an error, not a failed source.
    assert big.meta["status"] == "ok", big.meta
    assert big.meta["items"] == TOTAL and big.meta["requests"] == 3 + TOTAL and big.meta["errors"] == 1
    records = list(big.records())
    boards = [r for r in records if r["kind"] == "board"]
    details = [r for r in records if r["kind"] == "detail"]
    assert [len(json.loads(r["body"])["content"]) for r in boards] == [10, 10, 5]
    assert all("limit=10" in r["url"] for r in boards)  # other parameters kept while paging
    assert len(details) == TOTAL and sum(r["status"] == 404 for r in details) == 1  # the 404 is kept too
    assert server.hits[f"/v1/companies/Big/postings/{_item(0)['id']}"] == 1
    assert server.hits[f"/v1/companies/Big/postings/{MISSING_DETAIL}"] == 1

    postings, errors, repeats = map_attempt(smartrecruiters, records, board="Big", company="Big Co")
    assert errors == [] and repeats == 0
    assert len(postings) == TOTAL == len({p.external_id for p in postings})
    by_id = {p.external_id: p for p in postings}
    first = by_id[_item(0)["id"]]
    assert first.description_html == "<h3>Job Description</h3>\n<p>Posting ML Intern 0</p>"  # from its detail
    assert first.compensation == "EUR 20-25 per hour"
    assert first.url == "https://jobs.smartrecruiters.com/Big/800000000000000"  # the listing's link stays
    assert first.workplace_type == "hybrid" and first.company == "Big Co"
    missing = by_id[MISSING_DETAIL]
    assert missing.title == "ML Intern 13" and missing.description_html is None and missing.compensation is None


def test_crawl_fails_a_board_that_ignores_offset(crawled):
    attempts, offsets, server = crawled
    stuck = attempts["Stuck"]
    assert offsets["Stuck"] == ["0", "10"]  # page two (the last by totalFound) repeats page one
    assert stuck.meta["status"] == "failed"
    assert "repeats earlier postings (offset ignored?)" in stuck.meta["error_message"]
    # Details were asked once per posting, not again for the repeated page.
    assert sum(hits for path, hits in server.hits.items() if path.startswith("/v1/companies/Stuck/postings/")) == LIMIT

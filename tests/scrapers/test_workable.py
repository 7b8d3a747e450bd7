"""Workable: the mapper on real recorded payloads (../shared) and our edge cases, and a real crawl
that fetches the details the account widget leaves out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, workable
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "workable"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _real(shared_data: Path, name: str) -> tuple[str, dict]:
    body = (shared_data / "ats" / name).read_text(encoding="utf-8")
    return body, json.loads(body)


# -- the mapper on real payloads ------------------------------------------------------------------
def test_every_real_sample_maps_without_errors(shared_data: Path):
    files = sorted((shared_data / "ats").glob("workable-account-*.json"))
    assert len(files) >= 2
    for path in files:
        body = path.read_text(encoding="utf-8")
        postings, errors = workable.map_response(body, board="b")
        account = json.loads(body)
        assert errors == [], path.name
        assert [p.external_id for p in postings] == list(dict.fromkeys(j["shortcode"] for j in account["jobs"]))
        for posting in postings:
            assert posting.company == account["name"]
            assert posting.url == f"https://apply.workable.com/j/{posting.external_id}"
            assert posting.description_html is None  # the widget carries none: the detail brings it
            assert posting.workplace_type == "remote"  # telecommuting: true in every sample
            assert posting.locations and all(loc == loc.strip() for loc in posting.locations)


def test_real_account_lists_a_job_once_per_location(shared_data: Path):
    body, account = _real(shared_data, "workable-account-a.json")
    assert [j["shortcode"] for j in account["jobs"]] == ["DD136DD7E7", "DD136DD7E7"]
    (posting,), errors = workable.map_response(body, board="zaelab", company="Zaelab Inc")
    assert errors == []
    assert posting.posting_key == "workable:zaelab:DD136DD7E7"
    assert posting.title == "Business Analyst - Spanish Speaking"
    assert posting.company == "Zaelab Inc"  # the sources file's name wins over the account's
    assert posting.locations == ["Spain", "Portugal"]  # both rows, in order
    assert posting.department == "Business Consulting"
    assert posting.posted_at == "2026-08-05"  # published_on, a date
    assert posting.employment_type is None and posting.compensation is None


def test_real_account_with_a_hidden_location(shared_data: Path):
    body, _ = _real(shared_data, "workable-account-b.json")
    postings, errors = workable.map_response(body, board="netguru")
    assert errors == []
    data, fullstack, bizdev = postings
    assert data.title == "(Senior) Data Engineer - Freelance"
    assert data.locations == ["Poland"]  # city "" and region null dropped
    assert data.department is None and data.posted_at == "2026-07-14"
    # Its only location entry is hidden: the row's own city and country instead.
    assert fullstack.locations == ["Poznań, Poland"]
    assert bizdev.external_id == "9B8C3783A5"


# -- the mapper on our own edge cases -------------------------------------------------------------
@pytest.fixture(scope="module")
def edge():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors = workable.map_response(body, board="acme")
    return {p.external_id[-2:]: p for p in postings}, errors


def test_edge_bad_rows_become_errors_and_the_rest_map(edge):
    postings, errors = edge
    assert errors == [
        "job 2: job without a shortcode",
        "job 3: job AAA0000004 without a title",
        "job 4: job is a int, not an object",
    ]
    assert sorted(postings) == ["01", "06", "07"]


def test_edge_rows_of_one_job_merge(edge):
    p = edge[0]["01"]
    assert p.title == "Machine Learning Intern"
    assert p.company == "Acme AI"  # no company in the source: the account's name
    # Visible entries of both rows; the hidden Hamburg dropped, "berlin" a repeat of "Berlin".
    assert p.locations == ["Berlin, Germany", "Zürich, Zurich, Switzerland"]
    assert p.url == "https://apply.workable.com/j/AAA0000001"  # no url: the shortlink
    assert p.employment_type == "Full-time, Internship"  # only `experience` says internship
    assert p.workplace_type is None  # telecommuting false says nothing
    assert p.department == "Research"
    assert p.posted_at == "2026-03-02"
    assert p.description_html == "<p>Train <b>models</b> with us.</p>\n<h3>Requirements</h3>\n<ul><li>PyTorch</li></ul>"


def test_edge_partial_rows(edge):
    student = edge[0]["06"]
    assert student.locations == ["Wien, Austria"]  # every entry hidden: the row's own fields
    assert student.workplace_type == "remote"
    assert student.description_html is None and student.employment_type is None
    bare = edge[0]["07"]
    assert bare.locations == [] and bare.url is None
    assert bare.posted_at == "2026-05-05"  # no published_on: created_at
    assert bare.employment_type == "Contract"


def test_detail_page_maps(edge):
    body = (FIXTURES / "job-detail.json").read_text(encoding="utf-8")
    (p,), errors = workable.map_detail(body, board="acme", company="Acme AI")
    assert errors == []
    assert p.external_id == "AAA0000006" and p.title == "Datenwissenschaftler:in (Werkstudent)"
    assert p.workplace_type == "hybrid"  # `workplace`
    assert p.department == "Data Science"  # the last of the department path
    assert p.locations == ["Wien, Vienna, Austria"]
    assert p.posted_at == "2026-04-01T08:00:00.000Z"
    text = html_to_text(p.description_html)
    order = ["Werkstudent:in", "Requirements", "Python & SQL", "Benefits"]
    assert [text.index(part) for part in order] == sorted(text.index(part) for part in order)
    # Wrapped in "job" is read the same way.
    wrapped = json.dumps({"job": json.loads(body)})
    assert workable.map_detail(wrapped, board="acme")[0][0].description_html == p.description_html


@pytest.mark.parametrize(
    "job, expected",
    [({"workplace": "on_site", "telecommuting": True}, "onsite"), ({"workplace": "hybrid"}, "hybrid"),
     ({"remote": True}, "remote"), ({"telecommuting": True}, "remote"), ({"telecommuting": False}, None), ({}, None)],
)
def test_workplace_types(job, expected):
    assert workable.workplace_type(job) == expected


def test_compensation_when_a_salary_is_stated():
    stated = {"salary": {"salary_from": 4000, "salary_to": 5000, "salary_currency": "CHF"}}
    assert workable.compensation(stated) == "CHF 4,000-5,000"
    assert workable.compensation({"salary": {"min": 20, "currency": "EUR", "period": "hour"}}) == "from EUR 20 per hour"
    assert workable.compensation({}) is None


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"name": "Acme", "jobs": [{"shortcode": "trunc', "not valid JSON"),
        ("", "empty body"),
        ("<!DOCTYPE html><html><head><title>Workable</title></head><body></body></html>",
         "got an HTML page titled 'Workable'"),
        ('{"error": "Not found"}', 'expected an object with a "jobs" list, got an object'),
        ('{"name": "Acme", "jobs": null}', 'expected an object with a "jobs" list'),
        ("[]", 'expected an object with a "jobs" list, got list'),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        workable.map_response(body, board="x")


@pytest.mark.parametrize(
    "body, message",
    [("[]", "expected a job object with a shortcode, got list"),
     ('{"title": "x"}', "expected a job object with a shortcode, got an object"),
     ('{"shortcode": "X1", "title": null}', "job X1 without a title")],
)
def test_bad_detail_pages_raise(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        workable.map_detail(body, board="x")


def test_empty_account_is_valid():
    assert workable.map_response('{"name": "Acme", "description": null, "jobs": []}', board="x") == ([], [])


def test_detail_url():
    assert workable.detail_url("http://127.0.0.1:9/api/v1/widget/accounts/acme?details=true", "acme", "AB 1") == (
        "http://127.0.0.1:9/api/v2/accounts/acme/jobs/AB%201"
    )
    assert workable.detail_url("https://mirror.test/feed.json", "acme", "AB1") == (
        "https://mirror.test/api/v2/accounts/acme/jobs/AB1"
    )


def test_module_is_a_discovered_platform():
    assert PLATFORMS["workable"] is workable
    spider = workable.WorkableSpider(board="netguru")
    assert spider.name == "workable" and spider.platform == "workable"
    assert spider.board_url(spider.sources[0]) == (
        "https://apply.workable.com/api/v1/widget/accounts/netguru?details=true"
    )


# -- a real crawl: details for jobs without a description, a bad detail, an unknown account -------
@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("workable-crawl")
    json_type = {"Content-Type": "application/json; charset=utf-8"}

    def route(path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        if path == "/api/v1/widget/accounts/acme":
            assert query.get("details") == ["true"]
            return 200, json_type, (FIXTURES / "edge-cases.json").read_bytes()
        if path == "/api/v2/accounts/acme/jobs/AAA0000006":
            return 200, json_type, (FIXTURES / "job-detail.json").read_bytes()
        if path == "/api/v2/accounts/acme/jobs/AAA0000007":  # a 200 that is not a job
            return 200, {"Content-Type": "text/html"}, b"<html><head><title>Oops</title></head></html>"
        return 404, json_type, b'{"error": "Not found"}'

    server = FakeBoardServer(route)
    with server:
        sources = [
            Source("workable", name, None, f"{server.base_url}/api/v1/widget/accounts/{name}?details=true")
            for name in ("acme", "gone")
        ]
        sources_file = dump_sources(sources, tmp / "sources.yaml")
        crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-20", settings=FAST, log_file=tmp / "crawl.log")
    return {a.board: a for a in latest_attempts(tmp / "raw", "2026-11-20")}, server


def test_crawl_fetches_details_only_where_the_widget_has_no_description(crawled):
    attempts, server = crawled
    acme = attempts["acme"]
    # 4 distinct shortcodes counted (the title-less one too: mapping judges it); 1 listing + 2
    # details; the detail that is not a job is an error, not a failed source.
    assert acme.meta["status"] == "ok", acme.meta
    assert acme.meta["items"] == 4 and acme.meta["requests"] == 3 and acme.meta["errors"] == 1
    assert server.hits["/api/v2/accounts/acme/jobs/AAA0000001"] == 0  # described in the listing
    records = list(acme.records())
    assert [r["kind"] for r in records].count("detail") == 2

    postings, errors, repeats = map_attempt(workable, records, board="acme")
    assert repeats == 0
    assert len(errors) == 4 and "expected JSON, got an HTML page titled 'Oops'" in errors[-1]
    by_id = {p.external_id: p for p in postings}
    assert sorted(by_id) == ["AAA0000001", "AAA0000006", "AAA0000007"]
    student = by_id["AAA0000006"]
    assert "Werkstudent:in arbeitest" in html_to_text(student.description_html)  # from the detail
    assert student.department == "Data Science"  # empty in the listing: filled in
    assert student.workplace_type == "remote"  # the listing's value stays (only empty fields are filled)
    assert student.posted_at == "2026-04-01"
    assert student.company == "Acme AI"  # the account's name
    assert by_id["AAA0000007"].description_html is None


def test_crawl_unknown_account_fails_with_404(crawled):
    attempts, _ = crawled
    gone = attempts["gone"]
    assert gone.meta["status"] == "failed" and gone.meta["items"] == 0
    assert "HTTP 404" in gone.meta["error_message"]
    assert map_attempt(workable, gone.records(), board="gone") == ([], [], 0)

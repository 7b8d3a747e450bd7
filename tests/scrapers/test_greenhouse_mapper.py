"""The Greenhouse mapper on real recorded payloads (../shared) and on our own edge cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.items import PayloadError
from scrapers.platforms import greenhouse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse"


def test_real_board_with_content(shared_data: Path):
    body = (shared_data / "ats" / "greenhouse-board-amplitude.json").read_text(encoding="utf-8")
    postings, errors = greenhouse.map_response(body, board="amplitude")
    jobs = json.loads(body)["jobs"]
    assert errors == []
    assert len(postings) == len(jobs)
    first = postings[0]
    assert first.posting_key == "greenhouse:amplitude:8636903002"
    assert first.source == "greenhouse:amplitude"
    assert first.title == "Customer Data Scientist - Experimentation"
    assert first.company == "Amplitude"  # trailing space in the payload is trimmed
    assert first.locations == ["London, UK"]
    assert first.url == "https://job-boards.greenhouse.io/amplitude/jobs/8636903002"
    assert first.employment_type == "Regular"
    assert first.department == "Solutions Consulting"
    assert first.posted_at == "2026-07-16T11:55:32-04:00"
    assert first.description_html.startswith("&lt;div")  # kept escaped; cleaning unescapes it


def test_real_board_without_content(shared_data: Path):
    body = (shared_data / "ats" / "greenhouse-board-small.json").read_text(encoding="utf-8")
    postings, errors = greenhouse.map_response(body, board="stripe", company="Stripe Inc.")
    assert errors == [] and len(postings) == 3
    assert postings[0].title == "Account Executive, AI Sales (Grower)"
    assert postings[0].company == "Stripe Inc."  # the sources file's company wins
    assert postings[0].description_html is None


def test_edge_cases():
    body = (FIXTURES / "edge-cases.json").read_text(encoding="utf-8")
    postings, errors = greenhouse.map_response(body, board="hanbitrobotics")
    assert errors == ["job 2: job without an id"]
    intern, analyst = postings
    assert intern.title == "Computer Vision Intern"
    assert intern.locations == ["Seoul, South Korea"]  # empty location.name falls back to offices
    assert intern.employment_type == "Intern"
    assert analyst.locations == ["Stockholm, Sweden"]
    assert analyst.company is None and analyst.posted_at is None and analyst.department is None
    assert analyst.employment_type is None  # only "Employment Type" metadata counts


@pytest.mark.parametrize(
    "body, message",
    [
        ('{"jobs": [', "not valid JSON"),
        ("<html><body>Service unavailable</body></html>", "expected JSON, got an HTML page"),
        ('{"error": "Job board not found"}', 'expected an object with a "jobs" list'),
        ("[1, 2]", 'expected an object with a "jobs" list'),
    ],
)
def test_bad_payloads_raise_clear_errors(body: str, message: str):
    with pytest.raises(PayloadError, match=message):
        greenhouse.map_response(body, board="x")


def test_empty_board_is_valid():
    assert greenhouse.map_response('{"jobs": [], "meta": {"total": 0}}', board="x") == ([], [])

"""The bundled demo sample: the Greenhouse format exactly, broad coverage, real history."""

from __future__ import annotations

import html
import json
import urllib.error
import urllib.request
from datetime import date

import pytest

from pipelines.demo import build_sample
from pipelines.demo.sample import NIGHTS, SAMPLE_DIR, board_payload, board_status, list_boards
from pipelines.demo.server import DemoServer
from pipelines.tagging import tag_posting
from scrapers.platforms.greenhouse import map_response

JOB_FIELDS = {"id", "title", "updated_at", "first_published", "location", "absolute_url", "content",
              "departments", "offices", "metadata"}
SLUGS = {"information_technology", "finance", "healthcare", "logistics", "entrepreneurship", "human_resources", "other"}


def all_jobs() -> list[tuple[str, dict]]:
    return [(b["board"], job) for b in list_boards()
            for job in json.loads((SAMPLE_DIR / "boards" / f"{b['board']}.json").read_text())["jobs"]]


def test_committed_sample_is_what_the_generator_writes():
    boards, schedule = build_sample.build()
    for board, payload in boards.items():
        assert json.loads((SAMPLE_DIR / "boards" / f"{board}.json").read_text()) == payload, board
    assert len(boards) == len(list_boards()) >= 10
    assert schedule["nights"] == NIGHTS >= 5


def test_every_job_has_the_greenhouse_fields_and_escaped_html():
    for board, job in all_jobs():
        assert JOB_FIELDS <= set(job), (board, job["id"])
        assert isinstance(job["location"]["name"], str) and job["location"]["name"]
        # content is HTML that is itself HTML-escaped, as the real API serves it
        assert "<" not in job["content"] and "&lt;p&gt;" in job["content"]
        assert "<p>" in html.unescape(job["content"])


def test_coverage_industries_cities_internships_and_ai():
    assert {b["industry"] for b in list_boards()} == SLUGS
    tags = [tag_posting({"title": j["title"], "company": j["company_name"], "location": j["location"]["name"],
                         "description": j["content"]}) for _, j in all_jobs()]
    cities = {p["city"] for t in tags for p in t["places"] if p["city"]}
    assert {"Seoul", "Stockholm", "Singapore", "London"} <= cities
    assert len(cities - {"Seoul", "Stockholm", "Singapore", "London"}) >= 12
    interns = [t["is_internship"] for t in tags]
    ai = [t["is_ai_ml"] for t in tags]
    assert 0.25 < sum(interns) / len(tags) < 0.75
    assert 0.25 < sum(ai) / len(tags) < 0.85


def test_nights_have_history():
    per_night = [{j["id"]: j for j in board_payload("tidewaterpay", n)["jobs"]} for n in range(1, NIGHTS + 1)]
    everyone = [{j["id"]: j for b in list_boards() if board_status(b["board"], n) == 200
                 for j in board_payload(b["board"], n)["jobs"]} for n in range(1, NIGHTS + 1)]
    appeared = set(everyone[-1]) - set(everyone[0])
    disappeared = set(everyone[0]) - set(everyone[-1])
    edited = {i for i in everyone[0] if i in everyone[-1] and everyone[0][i]["title"] != everyone[-1][i]["title"]}
    assert appeared and disappeared and edited
    # One Data Scientist posting disappears for two nights and comes back.
    ds = [i for i, j in per_night[0].items() if j["title"] == "Data Scientist"][0]
    assert [ds in night for night in per_night] == [True, True, False, False, True, True]
    assert [board_status("kitedelivery", n) for n in range(1, NIGHTS + 1)].count(503) == 1


def test_payloads_map_cleanly():
    for b in list_boards():
        postings, errors = map_response(json.dumps(board_payload(b["board"], 1)), board=b["board"])
        assert postings and not errors


def test_bad_night_and_board_are_clear_errors():
    with pytest.raises(ValueError, match="outside 1..6"):
        board_payload("lumenlabs", 0)
    with pytest.raises(KeyError, match="unknown demo board 'nope'"):
        board_payload("nope", 1)


def test_demo_server_serves_one_night_at_a_time():
    with DemoServer() as server:
        server.set_night(1, date(2026, 11, 1))
        url = f"{server.base_url}/v1/boards/lumenlabs/jobs?content=true"
        with urllib.request.urlopen(url) as response:
            first = json.loads(response.read())
        assert response.status == 200 and first["meta"]["total"] == len(first["jobs"])
        server.set_night(4, date(2026, 11, 16))
        with pytest.raises(urllib.error.HTTPError) as down:
            urllib.request.urlopen(f"{server.base_url}/v1/boards/kitedelivery/jobs?content=true")
        assert down.value.code == 503

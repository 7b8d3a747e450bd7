"""Greenhouse's per-job detail endpoint, fetched only for jobs the board list left without content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from scrapers.items import PayloadError
from scrapers.platforms import greenhouse
from scrapers.mappers._fields import child_url
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _job(job_id: int, title: str, content: str | None) -> dict:
    job = {
        "id": job_id,
        "title": title,
        "updated_at": "2026-11-02T10:00:00-04:00",
        "first_published": "2026-10-30T09:00:00-04:00",
        "location": {"name": "Stockholm, Sweden"},
        "absolute_url": f"https://job-boards.greenhouse.io/nordml/jobs/{job_id}",
        "departments": [{"id": 1, "name": "Research"}],
        "offices": [],
        "metadata": None,
    }
    if content is not None:
        job["content"] = content
    return job


LIST = {
    "jobs": [
        _job(11, "Machine Learning Intern", "&lt;p&gt;Train ranking models.&lt;/p&gt;"),
        _job(12, "Data Science Intern", None),  # no content key: a board listed without content=true
        _job(13, "NLP Research Intern", ""),  # an empty content
    ],
    "meta": {"total": 3},
}
DETAILS = {
    12: _job(12, "Data Science Intern", "&lt;p&gt;Forecast demand with Python.&lt;/p&gt;"),
    13: _job(13, "NLP Research Intern", "&lt;p&gt;Evaluate Swedish language models.&lt;/p&gt;"),
}


def route(path: str, query: dict):
    json_type = {"Content-Type": "application/json"}
    if path == "/v1/boards/nordml/jobs":
        return 200, json_type, json.dumps(LIST).encode()
    if path.startswith("/v1/boards/nordml/jobs/"):
        job = DETAILS.get(int(path.rsplit("/", 1)[1]))
        if job is not None:
            return 200, json_type, json.dumps(job).encode()
    return 404, json_type, b'{"status": 404, "error": "Job not found"}'


def test_detail_url_sits_next_to_the_board_list():
    url = "https://boards-api.greenhouse.io/v1/boards/nordml/jobs?content=true"
    assert child_url(url, 12) == "https://boards-api.greenhouse.io/v1/boards/nordml/jobs/12"
    assert child_url("http://127.0.0.1:8000/mirror/jobs/", "7") == "http://127.0.0.1:8000/mirror/jobs/7"


def test_real_detail_payload(shared_data: Path):
    body = (shared_data / "ats" / "greenhouse-job-detail.json").read_text(encoding="utf-8")
    (posting,), errors = greenhouse.map_detail(body, board="stripe")
    assert errors == []
    assert posting.posting_key == "greenhouse:stripe:8026689"
    assert posting.title == "Internal Audit Data Analytics Lead"
    assert posting.company == "Stripe"
    assert posting.locations == ["Toronto, New York, San Francisco"]
    assert posting.description_html.startswith("&lt;div")


def test_detail_that_is_not_a_job_is_a_payload_error():
    with pytest.raises(PayloadError, match="expected a job object"):
        greenhouse.map_detail("[]", board="x")
    with pytest.raises(PayloadError):
        greenhouse.map_detail("<html>oops</html>", board="x")


def test_crawl_fetches_details_only_for_jobs_without_content(tmp_path: Path):
    with FakeBoardServer(route) as server:
        source = Source("greenhouse", "nordml", "NordML", f"{server.base_url}/v1/boards/nordml/jobs?content=true")
        attempts = crawl_in_subprocess(
            dump_sources([source], tmp_path / "sources.yaml"), tmp_path / "raw", "2026-11-20",
            settings=FAST, log_file=tmp_path / "crawl.log",
        )
        hits = dict(server.hits)
    (attempt,) = attempts
    assert attempt.meta["status"] == "ok", attempt.meta.get("error_message")
    assert attempt.meta["items"] == 3
    assert hits.get("/v1/boards/nordml/jobs/12") == 1 and hits.get("/v1/boards/nordml/jobs/13") == 1
    assert "/v1/boards/nordml/jobs/11" not in hits  # had its content: no extra request
    kinds = sorted(r["kind"] for r in attempt.records())
    assert kinds == ["board", "detail", "detail"]

    (stored,) = latest_attempts(tmp_path / "raw", "2026-11-20")
    postings, errors, repeats = map_attempt(greenhouse, stored.records(), board="nordml", company="NordML")
    assert errors == [] and repeats == 0
    content = {p.external_id: p.description_html for p in postings}
    assert content == {
        "11": "&lt;p&gt;Train ranking models.&lt;/p&gt;",
        "12": "&lt;p&gt;Forecast demand with Python.&lt;/p&gt;",
        "13": "&lt;p&gt;Evaluate Swedish language models.&lt;/p&gt;",
    }

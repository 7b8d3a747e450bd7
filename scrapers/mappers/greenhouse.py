"""Greenhouse job-board API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.greenhouse`, which re-exports this module.

Endpoint: ``GET https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true`` returns
``{"jobs": [...], "meta": {"total": N}}`` in one page; ``content`` is HTML that is itself
HTML-escaped (``&lt;p&gt;``), which the cleaning step unescapes.

A board whose list leaves a job's ``content`` empty (some boards are served without
``content=true``, and mirrors strip it) gets that job's detail endpoint,
``GET .../v1/boards/{board}/jobs/{id}``: the same job object with ``content`` filled in. Jobs
that have their content cost no extra request.
"""

from __future__ import annotations

from typing import Any

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import load_json, load_object, map_items, text

PLATFORM = "greenhouse"
DEFAULT_URL = "https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true"


def parse_jobs(body: str) -> list[dict[str, Any]]:
    """The `jobs` list of a board response; PayloadError if the body is not that shape."""
    return load_object(body, "jobs")["jobs"]


def _metadata_value(job: dict[str, Any], name: str) -> str | None:
    for field in job.get("metadata") or []:
        if isinstance(field, dict) and str(field.get("name", "")).strip().lower() == name.lower():
            value = field.get("value")
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            return text(value)
    return None


def map_job(job: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One Greenhouse job object to a canonical posting."""
    if not isinstance(job, dict) or job.get("id") in (None, ""):
        raise PayloadError("job without an id")
    location = text((job.get("location") or {}).get("name"))
    locations = [location] if location else []
    if not locations:
        # Boards sometimes leave location.name empty but fill in the offices.
        for office in job.get("offices") or []:
            name = text(office.get("location")) or text(office.get("name"))
            if name:
                locations.append(name)
    departments = [d.get("name") for d in job.get("departments") or [] if isinstance(d, dict)]
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=str(job["id"]),
        title=text(job.get("title")),
        company=text(company) or text(job.get("company_name")),
        url=text(job.get("absolute_url")),
        locations=locations,
        description_html=job.get("content"),
        employment_type=_metadata_value(job, "Employment Type"),
        department=text(departments[0]) if departments else None,
        posted_at=text(job.get("first_published")),
        updated_at=text(job.get("updated_at")),
    )


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """All postings of one board response, plus a message per job that could not be mapped."""
    return map_items(parse_jobs(body), map_job, noun="job", board=board, company=company)


def map_detail(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """The posting of one job detail response (one job object, not a list)."""
    job = load_json(body)
    if not isinstance(job, dict):
        raise PayloadError(f"expected a job object, got {type(job).__name__}")
    return [map_job(job, board=board, company=company)], []


def needs_detail(job: Any) -> bool:
    return isinstance(job, dict) and job.get("id") not in (None, "") and not text(job.get("content"))

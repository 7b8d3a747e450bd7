"""Workable account widget API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.workable`, which re-exports this module.

Endpoint: ``GET https://apply.workable.com/api/v1/widget/accounts/{account}?details=true``
returns ``{"name", "description", "jobs": [...]}``, the whole account in one page. The widget
lists a job once per location: rows sharing a ``shortcode`` are one posting, their locations
merged in order (the real samples have such pairs). The job's id is its ``shortcode``.

Descriptions: with ``details=true`` a row may carry ``description`` (and ``requirements``,
``benefits``), but the recorded real responses carry none, so a job without one is fetched on
its own from ``GET https://apply.workable.com/api/v2/accounts/{account}/jobs/{shortcode}``, the
public endpoint Workable's own job page (``apply.workable.com/{account}/j/{shortcode}``) reads:
a flat object with ``shortcode``, ``title``, HTML ``description``/``requirements``/``benefits``,
``workplace`` ("on_site", "hybrid", "remote"), ``remote``, ``location``/``locations`` and
``published``. The detail URL is built on the listing's own host, so tests and mirrors work.
`map_detail` maps it; `map_attempt` fills the listing's empty fields from it.

Fields: locations are each row's visible ``locations[]`` entries as "City, Region, Country"
(parts present, repeats dropped); a row whose entries are all ``hidden`` (or absent) gives its
top-level ``city``/``state``/``country`` instead. ``telecommuting: true`` is remote; the widget
says nothing of hybrid or on-site, which the detail's ``workplace`` fills in. ``published_on``
(a date) is the posting date, else ``created_at``. ``employment_type`` gets ", Internship" where
only ``experience`` says internship.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import as_dict as _dict, as_list as _list, load_json as _load_json, load_object
from scrapers.mappers._fields import text as _text, unique as _unique
from scrapers.mappers._pay import format_pay

PLATFORM = "workable"
DEFAULT_URL = "https://apply.workable.com/api/v1/widget/accounts/{board}?details=true"
DETAIL_PATH = "/api/v2/accounts/{account}/jobs/{shortcode}"

_WORKPLACE = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
_ACCOUNT_IN_PATH = re.compile(r"/accounts/([^/?#]+)")


# -- parsing ------------------------------------------------------------------------------------


def parse_account(body: str) -> dict[str, Any]:
    """The account object (``jobs`` a list); PayloadError if the body is not that shape."""
    return load_object(body, "jobs")


def parse_detail(body: str) -> dict[str, Any]:
    """One job's detail (flat, or wrapped in ``job``); PayloadError if it is not a job."""
    payload = _load_json(body)
    if isinstance(payload, dict) and isinstance(payload.get("job"), dict):
        payload = payload["job"]
    if not isinstance(payload, dict) or _text(payload.get("shortcode")) is None:
        shape = f"an object with keys {sorted(payload)[:5]}" if isinstance(payload, dict) else type(payload).__name__
        raise PayloadError(f"expected a job object with a shortcode, got {shape}")
    return payload


def job_groups(jobs: list[Any]) -> tuple[list[list[dict[str, Any]]], list[str]]:
    """Rows grouped by ``shortcode`` (first appearance order), plus a message per bad row."""
    groups: dict[str, list[dict[str, Any]]] = {}
    errors = []
    for i, row in enumerate(jobs):
        if not isinstance(row, dict):
            errors.append(f"job {i}: job is a {type(row).__name__}, not an object")
            continue
        code = _text(row.get("shortcode"))
        if code is None:
            errors.append(f"job {i}: job without a shortcode")
            continue
        if _text(row.get("title")) is None:
            errors.append(f"job {i}: job {code} without a title")
            continue
        groups.setdefault(code, []).append(row)
    return list(groups.values()), errors


# -- field helpers ------------------------------------------------------------------------------


def _place(holder: dict[str, Any], region_key: str = "region") -> str | None:
    parts = [holder.get("city"), holder.get(region_key), holder.get("country")]
    return ", ".join(_unique([_text(p) for p in parts])) or None


def row_locations(row: dict[str, Any]) -> list[str]:
    """One row's places: its visible ``locations[]``, else its top-level city/state/country."""
    entries = [_dict(e) for e in _list(row.get("locations"))]
    visible = [_place(e) for e in entries if e.get("hidden") is not True]
    visible = [v for v in visible if v]
    if visible:
        return visible
    single = _dict(row.get("location"))  # the detail's one location object
    return [p for p in (_place(row, "state"), _place(single)) if p]


def workplace_type(job: dict[str, Any]) -> str | None:
    """The detail's ``workplace`` ("on_site", "hybrid", "remote"); else ``telecommuting`` or
    ``remote`` true is remote (false says nothing: hybrid jobs have it false too)."""
    key = re.sub(r"[^a-z]", "", str(job.get("workplace") or job.get("workplace_type") or "").lower())
    if key in _WORKPLACE:
        return _WORKPLACE[key]
    if job.get("telecommuting") is True or job.get("remote") is True:
        return "remote"
    return None


def employment_type(job: dict[str, Any]) -> str | None:
    """``employment_type`` (the widget's "Full-time", "Internship", ...), with ", Internship"
    where only ``experience`` says internship."""
    kind = _text(job.get("employment_type")) or _text(job.get("employmentType"))
    experience = _text(job.get("experience")) or ""
    if "intern" not in experience.lower() or (kind and "intern" in kind.lower()):
        return kind
    return f"{kind}, Internship" if kind else "Internship"


def department(value: Any) -> str | None:
    """``department``: a string in the widget, a list (path from the top) in the detail."""
    if isinstance(value, list):
        names = _unique([_text(v) for v in value])
        return names[-1] if names else None
    return _text(value)


def description_html(job: dict[str, Any]) -> str | None:
    """``description``, then ``requirements`` and ``benefits`` under their headings."""
    parts = []
    if _text(job.get("description")):
        parts.append(job["description"])
    for key, heading in (("requirements", "Requirements"), ("benefits", "Benefits")):
        if _text(job.get(key)):
            parts.extend([f"<h3>{heading}</h3>", job[key]])
    return "\n".join(parts) or None


def compensation(job: dict[str, Any]) -> str | None:
    """A ``salary`` object if the job states one (``salary_from``/``salary_to`` or ``min``/``max``)."""
    salary = _dict(job.get("salary"))
    return format_pay(
        salary.get("salary_from", salary.get("min")),
        salary.get("salary_to", salary.get("max")),
        salary.get("salary_currency", salary.get("currency")),
        salary.get("period") or salary.get("interval"),
    )


# -- mapping ------------------------------------------------------------------------------------
def map_group(rows: list[dict[str, Any]], *, board: str, company: str | None = None) -> Posting:
    """The rows of one shortcode (one row per location) to a canonical posting."""
    first = rows[0]
    external_id = _text(first.get("shortcode"))
    if external_id is None:
        raise PayloadError("job without a shortcode")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=_text(first.get("title")),
        company=_text(company),
        url=_text(first.get("url")) or _text(first.get("shortlink")) or _text(first.get("application_url")),
        locations=_unique([loc for row in rows for loc in row_locations(row)]),
        description_html=description_html(first),
        employment_type=employment_type(first),
        department=department(first.get("department")),
        posted_at=_text(first.get("published_on")) or _text(first.get("published")) or _text(first.get("created_at")),
        updated_at=None,
        workplace_type=workplace_type(first),
        compensation=compensation(first),
    )


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """One posting per job of the account (rows merged by shortcode), plus a message per row
    that could not be mapped. The account's ``name`` is the company where the source names none."""
    account = parse_account(body)
    company = _text(company) or _text(account.get("name"))
    groups, errors = job_groups(account["jobs"])
    postings = []
    for rows in groups:
        try:
            postings.append(map_group(rows, board=board, company=company))
        except (PayloadError, TypeError, ValueError, AttributeError, KeyError) as exc:  # an odd field, not the page
            errors.append(f"job {_text(rows[0].get('shortcode'))}: {type(exc).__name__}: {exc}")
    return postings, errors


def map_detail(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """One job's detail page as a one-posting list (PayloadError if it is not a job)."""
    job = parse_detail(body)
    if _text(job.get("title")) is None:
        raise PayloadError(f"job {job.get('shortcode')} without a title")
    return [map_group([job], board=board, company=company)], []


# -- URLs the spider asks for next (pure) --------------------------------------------------
def detail_url(listing_url: str, board: str, shortcode: str) -> str:
    """The v2 job endpoint on the listing's host, for the account named in the listing's path."""
    parts = urlsplit(listing_url)
    found = _ACCOUNT_IN_PATH.search(parts.path)
    account = found.group(1) if found else quote(board, safe="")
    path = DETAIL_PATH.format(account=account, shortcode=quote(shortcode, safe=""))
    return urlunsplit((parts.scheme or "https", parts.netloc or "apply.workable.com", path, "", ""))

"""Ashby public posting API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.ashby`, which re-exports this module.

Endpoint: ``GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true``
returns ``{"jobs": [...], "apiVersion": "1"}``, the whole board in one page. Jobs with
``isListed: false`` are hidden from the board's own page; they are skipped (counted, not errors).

Locations: ``location`` and each ``secondaryLocations[].location``, stripped, repeats dropped,
in that order. Each also has a structured ``address.postalAddress``; it is used only where the
free-text location is missing or vague (no place named: "Remote", "Anywhere", "Multiple
Locations", ...), as "City, Region, Country" from its non-empty parts (repeats dropped), kept as
"Remote (City, Region, Country)" when the vague word was a remote one. A location that names a
place is kept as written even when the address is more complete ("London" with country
"United Kingdom"), and the address's own quirks ("San Fransisco", "California ") never replace
it: place normalization is the tagger's job.
"""

from __future__ import annotations

import html
import re
from typing import Any

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import as_dict as _dict, item_id, load_object
from scrapers.mappers._fields import text as _text, unique as _unique

PLATFORM = "ashby"
DEFAULT_URL = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"

_WORKPLACE = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
# Ashby's employmentType enum, written the way boards show it; others are split at capitals.
_EMPLOYMENT = {"FullTime": "Full-time", "PartTime": "Part-time"}
# Location strings that name no place (compared lowercased, without punctuation).
_REMOTE_WORDS = {"remote", "anywhere", "worldwide", "global", "distributed", "fully remote", "remote first"}
_VAGUE_WORDS = _REMOTE_WORDS | {
    "multiple locations", "various", "various locations", "flexible", "tbd", "n a", "hybrid",
    "onsite", "on site", "in office", "office", "location", "locations",
}


# -- parsing ------------------------------------------------------------------------------------


def parse_jobs(body: str) -> list[Any]:
    """The `jobs` list of a board response (listed or not); PayloadError if not that shape."""
    return load_object(body, "jobs")["jobs"]


def is_listed(job: Any) -> bool:
    """False only for jobs Ashby marks ``isListed: false``; a job without the flag is listed."""
    return not (isinstance(job, dict) and job.get("isListed") is False)


# -- field helpers ------------------------------------------------------------------------------


def _address(holder: dict[str, Any]) -> str | None:
    """``address.postalAddress`` of a job or secondary location as "City, Region, Country"."""
    postal = _dict(_dict(holder.get("address")).get("postalAddress"))
    parts = [_text(postal.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(_unique(parts)) or None


def _location(text: Any, holder: dict[str, Any]) -> str | None:
    """The location string as written, or the postal address where it is missing or vague."""
    written = _text(text)
    key = " ".join(re.sub(r"[^\w\s]", " ", written or "").lower().split())
    if written and key not in _VAGUE_WORDS:
        return written
    address = _address(holder)
    if address is None:
        return written
    return f"Remote ({address})" if key in _REMOTE_WORDS else address


def locations(job: dict[str, Any]) -> list[str]:
    """The job's primary then secondary locations (see the module docstring for the rule)."""
    found = [_location(job.get("location"), job)]
    for secondary in job.get("secondaryLocations") or []:
        if isinstance(secondary, dict):
            found.append(_location(secondary.get("location"), secondary))
    return _unique(found)


def workplace_type(job: dict[str, Any]) -> str | None:
    """``workplaceType`` ("Remote", "Hybrid", "OnSite"); without it, ``isRemote: true`` means
    remote. ``isRemote`` never overrides the type: Ashby sets it on hybrid jobs too."""
    key = re.sub(r"[^a-z]", "", str(job.get("workplaceType") or "").lower())
    if key in _WORKPLACE:
        return _WORKPLACE[key]
    return "remote" if job.get("isRemote") is True else None


def employment_type(value: Any) -> str | None:
    """``employmentType`` readable: "FullTime" -> "Full-time", "Intern" stays "Intern"."""
    text = _text(value)
    if text is None:
        return None
    return _EMPLOYMENT.get(text) or re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)


def compensation(value: Any) -> str | None:
    """The pay line the board shows (``compensationTierSummary``, which keeps a non-yearly
    interval such as "$11.7K per month"), else the salary-only ``scrapeableCompensationSalarySummary``."""
    comp = _dict(value)
    for key in ("compensationTierSummary", "scrapeableCompensationSalarySummary"):
        text = _text(comp.get(key))
        if text:
            return " ".join(text.split())
    return None


def description_html(job: dict[str, Any]) -> str | None:
    """``descriptionHtml``; the plain-text description (escaped) when there is no HTML."""
    if _text(job.get("descriptionHtml")):
        return job["descriptionHtml"]
    plain = _text(job.get("descriptionPlain"))
    return "<div>" + html.escape(plain).replace("\n", "<br>") + "</div>" if plain else None


# -- mapping ------------------------------------------------------------------------------------
def map_job(job: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One Ashby job object to a canonical posting (listed or not: the caller filters)."""
    external_id = item_id(job, "job")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=_text(job.get("title")),
        company=_text(company),
        url=_text(job.get("jobUrl")) or _text(job.get("applyUrl")),
        locations=locations(job),
        description_html=description_html(job),
        employment_type=employment_type(job.get("employmentType")),
        department=_text(job.get("department")) or _text(job.get("team")),
        posted_at=_text(job.get("publishedAt")),
        updated_at=_text(job.get("updatedAt")),
        workplace_type=workplace_type(job),
        compensation=compensation(job.get("compensation")),
    )


def map_board(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str], int]:
    """Listed postings of one board response, a message per job that could not be mapped, and
    how many unlisted jobs were skipped."""
    postings, errors, skipped = [], [], 0
    for i, job in enumerate(parse_jobs(body)):
        if not is_listed(job):
            skipped += 1
            continue
        try:
            postings.append(map_job(job, board=board, company=company))
        except PayloadError as exc:
            errors.append(f"job {i}: {exc}")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:  # an odd field, not the page
            errors.append(f"job {i} ({_text(job.get('id'))}): {type(exc).__name__}: {exc}")
    return postings, errors, skipped


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """All listed postings of one board response, plus a message per job that could not be mapped."""
    postings, errors, _ = map_board(body, board=board, company=company)
    return postings, errors

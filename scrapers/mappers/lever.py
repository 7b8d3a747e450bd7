"""Lever postings API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.lever`, which re-exports this module.

Endpoint: ``GET https://api.lever.co/v0/postings/{site}?mode=json&skip=0&limit=100`` returns a
bare JSON array of postings. A page holding exactly ``limit`` postings may have a successor at
``skip + limit``; a shorter (or empty) page is the last. An unknown site is a 404 with
``{"ok": false, "error": "Document not found"}``.

A posting's text is spread over ``description`` (HTML: the opening plus the body), ``lists``
(each a plain ``text`` heading over ``content``, a run of ``<li>`` items without their
``<ul>``), ``salaryDescription`` and ``additional``; the mapper joins them in the order Lever's
own posting page shows them. ``createdAt`` is epoch milliseconds.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from w3lib.url import url_query_parameter

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import as_dict as _dict, item_id, load_json as _load_json, map_items
from scrapers.mappers._fields import text as _text, unique as _unique
from scrapers.mappers._pay import format_pay

PLATFORM = "lever"
DEFAULT_URL = "https://api.lever.co/v0/postings/{board}?mode=json&skip=0&limit=100"
# Far above the largest real Lever board; a server that keeps sending full pages past this is
# ignoring `skip`, and a listing we could not finish must fail rather than close postings.
MAX_PAGES = 200

_WORKPLACE = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# -- parsing ------------------------------------------------------------------------------------


def parse_postings(body: str) -> list[Any]:
    """The postings array of one page; PayloadError if the body is not that shape."""
    payload = _load_json(body)
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and ("error" in payload or payload.get("ok") is False):
        raise PayloadError(f"Lever answered with an error: {str(payload.get('error'))[:200]!r}")
    shape = f"an object with keys {sorted(payload)[:5]}" if isinstance(payload, dict) else type(payload).__name__
    raise PayloadError(f"expected a JSON array of postings, got {shape}")


# -- field helpers ------------------------------------------------------------------------------


def epoch_ms_to_iso(value: Any) -> str | None:
    """Epoch milliseconds (Lever's timestamps) to ISO-8601 UTC; None if it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        ms = int(value) if isinstance(value, int) else int(float(str(value).strip()))
        return (_EPOCH + timedelta(milliseconds=ms)).isoformat(timespec="milliseconds")
    except (ValueError, OverflowError):
        return None


def workplace_type(value: Any) -> str | None:
    """Lever's ``workplaceType`` ("remote", "hybrid", "on-site"/"onsite", "unspecified")."""
    key = re.sub(r"[^a-z]", "", str(value or "").lower())
    return _WORKPLACE.get(key)


def compensation(salary_range: Any, salary_description: Any = None) -> str | None:
    """``salaryRange`` as one readable string ("USD 40,000-50,000 per year"); else the plain
    salary description; None when the posting states no pay."""
    salary = _dict(salary_range)
    pay = format_pay(salary.get("min"), salary.get("max"), salary.get("currency"), salary.get("interval"))
    if pay:
        return pay
    plain = _text(salary_description)
    return " ".join(plain.split()) if plain else None


def description_html(posting: dict[str, Any]) -> str | None:
    """Description, each list under its heading, salary text and closing section as one HTML
    document; the plain-text description (escaped) when there is no HTML at all."""
    parts = []
    if _text(posting.get("description")):
        parts.append(posting["description"])
    for section in posting.get("lists") or []:
        if not isinstance(section, dict):
            continue
        heading, content = _text(section.get("text")), _text(section.get("content"))
        if heading:
            parts.append(f"<h3>{html.escape(html.unescape(heading), quote=False)}</h3>")
        if content:
            parts.append(content if content.lstrip().lower().startswith(("<ul", "<ol")) else f"<ul>{content}</ul>")
    for key in ("salaryDescription", "additional"):
        if _text(posting.get(key)):
            parts.append(posting[key])
    if parts:
        return "\n".join(parts)
    plain = _text(posting.get("descriptionPlain"))
    return "<div>" + html.escape(plain).replace("\n", "<br>") + "</div>" if plain else None


# -- mapping ------------------------------------------------------------------------------------
def map_job(posting: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One Lever posting object to a canonical posting."""
    external_id = item_id(posting, "posting")
    categories = _dict(posting.get("categories"))
    all_locations = categories.get("allLocations")
    all_locations = all_locations if isinstance(all_locations, list) else []
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=_text(posting.get("text")),
        company=_text(company),
        url=_text(posting.get("hostedUrl")) or _text(posting.get("applyUrl")),
        locations=_unique([_text(categories.get("location"))] + [_text(x) for x in all_locations]),
        description_html=description_html(posting),
        employment_type=_text(categories.get("commitment")),
        department=_text(categories.get("department")) or _text(categories.get("team")),
        posted_at=epoch_ms_to_iso(posting.get("createdAt")),
        updated_at=epoch_ms_to_iso(posting.get("updatedAt")),
        workplace_type=workplace_type(posting.get("workplaceType")),
        compensation=compensation(posting.get("salaryRange"), posting.get("salaryDescriptionPlain")),
    )


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """All postings of one page, plus a message per posting that could not be mapped."""
    return map_items(parse_postings(body), map_job, noun="posting", board=board, company=company)


# -- URLs the spider asks for next (pure) --------------------------------------------------
def _int_param(url: str, name: str) -> int | None:
    value = url_query_parameter(url, name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None

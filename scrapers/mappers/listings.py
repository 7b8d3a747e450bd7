"""Community internship lists on GitHub (SimplifyJobs and its forks): the mapper.

Its spider is `scrapers.platforms.listings`, which re-exports this module.

Endpoint: the list repository's ``listings.json``, the data behind its README tables, e.g.
``https://raw.githubusercontent.com/SimplifyJobs/Summer2025-Internships/dev/.github/scripts/listings.json``
(``board: Summer2025-Internships``). One page: a JSON array of listings with ``id`` (uuid),
``company_name``, ``title``, ``url``, ``locations``, ``terms``, ``sponsorship``, ``active``,
``is_visible`` and ``date_posted`` / ``date_updated`` in epoch seconds; newer copies add
``category`` and ``degrees``.

The list keeps closed and hidden listings (``active: false``, ``is_visible: false``): those are
skipped, counted by reason, never mapped. Each listing names its own company, so
``company_name`` wins over the source's ``company`` (which names the list). The list has no
description; the mapper writes a short one from the terms, sponsorship, category and degrees
so taggers can read them.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import epoch_to_iso, item_id, load_json, text, unique

PLATFORM = "listings"
DEFAULT_URL = "https://raw.githubusercontent.com/SimplifyJobs/{board}/dev/.github/scripts/listings.json"

INACTIVE = "inactive (active: false)"
HIDDEN = "hidden (is_visible: false)"
_FALSE = {"false", "0", "no"}


@dataclass
class ListingsResult:
    """One list mapped: its open postings, closed or hidden listings by reason, and errors."""

    postings: list[Posting] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def parse_listings(body: str) -> list[Any]:
    """The listings array; PayloadError if the body is not one."""
    payload = load_json(body)
    if isinstance(payload, list):
        return payload
    shape = f"an object with keys {sorted(payload)[:5]}" if isinstance(payload, dict) else type(payload).__name__
    raise PayloadError(f"expected a JSON array of listings, got {shape}")


def _is_false(value: Any) -> bool:
    """An explicit no (``false``, ``"false"``, ``0``); a missing flag is not one."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value == 0
    return isinstance(value, str) and value.strip().lower() in _FALSE


def skip_reason(listing: dict[str, Any]) -> str | None:
    """Why a listing is not an open posting (closed, or hidden by the list's editors), or None."""
    if _is_false(listing.get("active")):
        return INACTIVE
    if _is_false(listing.get("is_visible")):
        return HIDDEN
    return None


def _strings(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return unique([text(v) for v in values])


def _epoch(value: Any) -> str | None:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return epoch_to_iso(value)


def description(listing: dict[str, Any]) -> str | None:
    """``"Terms: Summer 2025. Sponsorship: Offers Sponsorship. Category: AI/ML/Data. Degrees:
    Bachelor's, Master's."``: what the list says beyond the title, as escaped plain text."""
    parts = []
    for label, key in (("Terms", "terms"), ("Sponsorship", "sponsorship"), ("Category", "category"),
                       ("Degrees", "degrees")):
        values = _strings(listing.get(key))
        if values:
            parts.append(f"{label}: {', '.join(values)}.")
    return html.escape(" ".join(parts), quote=False) if parts else None


def map_listing(listing: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One open listing to a canonical posting."""
    external_id = item_id(listing, "listing")
    title = text(listing.get("title"))
    if title is None:
        raise PayloadError("listing without a title")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=title,
        company=text(listing.get("company_name")) or text(company),
        url=text(listing.get("url")),
        locations=_strings(listing.get("locations")),
        description_html=description(listing),
        employment_type="Internship",
        posted_at=_epoch(listing.get("date_posted")),
        updated_at=_epoch(listing.get("date_updated")),
    )


def map_listings(listings: list[Any], *, board: str, company: str | None = None) -> ListingsResult:
    """Every listing of a list: mapped, skipped for a stated reason, or one error message."""
    result = ListingsResult()
    for i, listing in enumerate(listings):
        reason = skip_reason(listing) if isinstance(listing, dict) else None
        if reason:
            result.skipped[reason] += 1
            continue
        try:
            result.postings.append(map_listing(listing, board=board, company=company))
        except PayloadError as exc:
            ident = text(listing.get("id")) if isinstance(listing, dict) else None
            result.errors.append(f"listing {i}{f' ({ident})' if ident else ''}: {exc}")
    return result


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """The open postings of a list, plus a message per listing that could not be mapped (closed
    and hidden listings are neither)."""
    result = map_listings(parse_listings(body), board=board, company=company)
    return result.postings, result.errors


def count_open(body: str) -> int:
    """Listings that are open postings (not closed, not hidden); PayloadError if not a list."""
    return sum(1 for x in parse_listings(body) if isinstance(x, dict) and skip_reason(x) is None)

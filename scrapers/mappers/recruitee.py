"""Recruitee careers-site API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.recruitee`, which re-exports this module.

Endpoint: ``GET https://{company}.recruitee.com/api/offers/`` returns ``{"offers": [...]}``, every
published offer in one page (no paging). An offer's text is HTML ``description`` then
``requirements`` (each usually opens with its own heading); where both are missing, the first
language in ``translations`` that has them. Dates are "2026-07-17 11:00:39 UTC".

The full listing carries the text (``recruitee-offers-full-fields``); an offer that comes without
any (the trimmed ``recruitee-offers-small`` sample has none) is fetched on its own from
``GET .../api/offers/{slug}`` (Recruitee's single-offer endpoint, ``{"offer": {...}}``, the same
fields), built on the listing URL; `map_detail` maps it and `map_attempt` fills the listing's
empty fields from it. A normal board therefore costs one request.

Fields: locations are the structured ``locations[]`` as "City, State, Country" (parts present,
repeats dropped), else the offer's ``location`` string as written ("Remote job"), else its own
city/state/country. Workplace: ``remote`` beats ``hybrid`` beats ``on_site`` (an offer flagged
remote and hybrid can be done remotely). ``employment_type_code`` ("fulltime_permanent",
"internship") is written out ("Full-time, permanent", "Internship"). ``salary`` (``min``/``max``
as numbers or numeric strings, ``currency``, ``period``) is the compensation. Text fields lose
zero-width characters (real departments end in U+200B).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import as_dict as _dict, as_list as _list, child_url, item_id, load_object
from scrapers.mappers._fields import map_items, text as _text, unique as _unique
from scrapers.mappers._pay import format_pay

PLATFORM = "recruitee"
DEFAULT_URL = "https://{board}.recruitee.com/api/offers/"

_EMPLOYMENT = {
    "fulltime": "Full-time",
    "fulltime_permanent": "Full-time, permanent",
    "fulltime_fixed_term": "Full-time, fixed term",
    "parttime": "Part-time",
    "parttime_permanent": "Part-time, permanent",
    "parttime_fixed_term": "Part-time, fixed term",
    "internship": "Internship",
    "traineeship": "Traineeship",
    "apprenticeship": "Apprenticeship",
    "contract": "Contract",
    "freelance": "Freelance",
    "temporary": "Temporary",
    "volunteer": "Volunteer",
}
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?\s*(?:UTC|Z|\+00:?00)?$")


# -- parsing ------------------------------------------------------------------------------------


def parse_offers(body: str) -> list[Any]:
    """The ``offers`` list of a response; PayloadError if the body is not that shape."""
    return load_object(body, "offers")["offers"]


def parse_detail(body: str) -> dict[str, Any]:
    """The ``offer`` of a single-offer response; PayloadError if the body is not that shape."""
    return load_object(body, "offer", dict)["offer"]


# -- field helpers ------------------------------------------------------------------------------


def utc_to_iso(value: Any) -> str | None:
    """"2026-07-17 11:00:39 UTC" to "2026-07-17T11:00:39+00:00"; other text as sent."""
    raw = _text(value)
    if raw is None:
        return None
    found = _DATE.match(raw)
    if not found:
        return raw
    try:
        moment = datetime.fromisoformat(f"{found.group(1)}T{found.group(2)}").replace(tzinfo=UTC)
    except ValueError:
        return raw
    return moment.isoformat(timespec="seconds")


def _place(holder: dict[str, Any], state_key: str = "state") -> str | None:
    parts = [holder.get("city"), holder.get(state_key), holder.get("country")]
    return ", ".join(_unique([_text(p) for p in parts])) or None


def locations(offer: dict[str, Any]) -> list[str]:
    """The structured ``locations[]``, else ``location`` as written, else the offer's own parts."""
    found = _unique([_place(_dict(loc)) for loc in _list(offer.get("locations"))])
    if found:
        return found
    written = _text(offer.get("location"))
    if written:
        return [written]
    own = _place(offer, "state_name")
    return [own] if own else []


def workplace_type(offer: dict[str, Any]) -> str | None:
    """``remote`` beats ``hybrid`` beats ``on_site``; no flag set says nothing."""
    for key, kind in (("remote", "remote"), ("hybrid", "hybrid"), ("on_site", "onsite")):
        if offer.get(key) is True:
            return kind
    return None


def employment_type(value: Any) -> str | None:
    """``employment_type_code`` written out; an unknown code with its underscores as spaces."""
    code = _text(value)
    if code is None:
        return None
    return _EMPLOYMENT.get(code.lower()) or code.replace("_", " ").capitalize()


def compensation(value: Any) -> str | None:
    salary = _dict(value)
    return format_pay(salary.get("min"), salary.get("max"), salary.get("currency"), salary.get("period"))


def description_html(offer: dict[str, Any]) -> str | None:
    """``description`` then ``requirements``; else the first translation that has either."""
    for holder in [offer, *(_dict(t) for t in _dict(offer.get("translations")).values())]:
        parts = [holder[k] for k in ("description", "requirements") if _text(holder.get(k))]
        if parts:
            return "\n".join(parts)
    return None


# -- mapping ------------------------------------------------------------------------------------
def map_offer(offer: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One Recruitee offer to a canonical posting."""
    external_id = item_id(offer, "offer")
    if _text(offer.get("title")) is None:
        raise PayloadError(f"offer {external_id} without a title")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=_text(offer.get("title")),
        company=_text(company) or _text(offer.get("company_name")),
        url=_text(offer.get("careers_url")) or _text(offer.get("careers_apply_url")),
        locations=locations(offer),
        description_html=description_html(offer),
        employment_type=employment_type(offer.get("employment_type_code")),
        department=_text(offer.get("department")),
        posted_at=utc_to_iso(offer.get("published_at")) or utc_to_iso(offer.get("created_at")),
        updated_at=utc_to_iso(offer.get("updated_at")),
        workplace_type=workplace_type(offer),
        compensation=compensation(offer.get("salary")),
    )


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """All offers of one response, plus a message per offer that could not be mapped."""
    return map_items(parse_offers(body), map_offer, noun="offer", board=board, company=company)


def map_detail(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """One offer's page (``{"offer": {...}}``) as a one-posting list (PayloadError if not an offer)."""
    return [map_offer(parse_detail(body), board=board, company=company)], []


# -- URLs the spider asks for next (pure) --------------------------------------------------
def detail_url(listing_url: str, offer: dict[str, Any]) -> str | None:
    """``{listing path}/{slug}`` (the id where there is no slug) on the listing's host."""
    key = _text(offer.get("slug")) or _text(offer.get("id"))
    return child_url(listing_url, key) if key else None

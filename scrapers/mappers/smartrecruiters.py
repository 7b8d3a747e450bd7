"""SmartRecruiters public Posting API: the mapper from its payload to our posting.

Its spider is `scrapers.platforms.smartrecruiters`, which re-exports this module.

Endpoint: ``GET https://api.smartrecruiters.com/v1/companies/{company}/postings?offset=0&limit=100``
returns ``{"offset", "limit", "totalFound", "content": [...]}``. The listing pages by ``offset``:
the next page starts at ``offset + len(content)`` until that reaches ``totalFound`` (an empty page
ends it too). A server that ignores ``offset`` answers every page with the same postings; a later
page that adds no posting not already seen (the last one too) fails the source (as for Lever: a
listing we could not finish must not close postings), and so does paging past `MAX_PAGES`.

Listing items carry no description and no posting URL. Each one's detail,
``GET .../v1/companies/{company}/postings/{id}`` (the item's ``ref``; we build it from the listing
URL, so the detail is asked of the host the listing came from), adds ``jobAd.sections``
(``companyDescription``, ``jobDescription``, ``qualifications``, ``additionalInformation``, each a
``title`` over HTML ``text``), ``postingUrl``/``applyUrl`` and ``compensation`` (``{min, max,
currency, period}``). `map_detail` maps it like a listing item; `map_attempt` fills the listing's
empty fields from it. A listing posting's URL is ``https://jobs.smartrecruiters.com/{company
identifier}/{id}`` (the public posting page; SmartRecruiters redirects it to the slugged
``postingUrl``), so a posting whose detail failed still has a link.

Fields: ``name`` is the title; ``location.fullLocation`` (else city, region, country) the one
location; ``location.remote``/``hybrid`` the workplace (both stated false is on-site);
``typeOfEmployment.label`` the employment type, with ", Internship" added where only
``experienceLevel`` says so ("Full-time" filed at level "Internship"); ``department.label`` the
department, else ``function.label`` (SmartRecruiters' standard job function, which most boards
fill and few give a department); ``releasedDate`` the posting date, as sent. ``industry`` and
``customField`` have no place in a posting. Pay is the detail's ``compensation`` only: boards
also put a bare "Salary Range" custom field ("34.52-46.00", no currency or period) in listing
items, and a listing value would keep the detail's full one from filling in.
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlsplit

from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import as_dict as _dict, child_url, item_id, load_json as _load_json, load_object
from scrapers.mappers._fields import map_items, text as _text, unique as _unique
from scrapers.mappers._pay import format_pay

PLATFORM = "smartrecruiters"
DEFAULT_URL = "https://api.smartrecruiters.com/v1/companies/{board}/postings?offset=0&limit=100"
POSTING_PAGE = "https://jobs.smartrecruiters.com/{identifier}/{id}"
# Far above the largest real board at limit=100; beyond it the server is not paging for us.
MAX_PAGES = 200

# jobAd.sections in the order SmartRecruiters' own posting page shows them; others follow.
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


# -- parsing ------------------------------------------------------------------------------------


def parse_page(body: str) -> dict[str, Any]:
    """One listing page (``content`` a list); PayloadError if the body is not that shape."""
    return load_object(body, "content")


def parse_detail(body: str) -> dict[str, Any]:
    """One posting's detail; PayloadError if it is not a posting object."""
    payload = _load_json(body)
    if not isinstance(payload, dict) or _text(payload.get("id")) is None:
        shape = f"an object with keys {sorted(payload)[:5]}" if isinstance(payload, dict) else type(payload).__name__
        raise PayloadError(f"expected a posting object with an id, got {shape}")
    return payload


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# -- field helpers ------------------------------------------------------------------------------


def _label(value: Any) -> str | None:
    """The ``label`` of SmartRecruiters' ``{id, label}`` objects (a bare string is its own label)."""
    return _text(value.get("label")) if isinstance(value, dict) else _text(value)


def location(posting: dict[str, Any]) -> str | None:
    """``fullLocation`` as written, else "City, Region, Country" from the parts present."""
    loc = _dict(posting.get("location"))
    full = _text(loc.get("fullLocation"))
    if full:
        return full
    return ", ".join(_unique([loc.get("city"), loc.get("region"), (_text(loc.get("country")) or "").upper()])) or None


def workplace_type(posting: dict[str, Any]) -> str | None:
    """``remote: true`` is remote, ``hybrid: true`` hybrid; both stated false is on-site. A
    location without the flags says nothing."""
    loc = _dict(posting.get("location"))
    remote, hybrid = loc.get("remote"), loc.get("hybrid")
    if remote is True:
        return "remote"
    if hybrid is True:
        return "hybrid"
    if remote is False and hybrid is False:
        return "onsite"
    return None


def employment_type(posting: dict[str, Any]) -> str | None:
    """``typeOfEmployment.label``, with ", Internship" when only ``experienceLevel`` says so."""
    kind = _label(posting.get("typeOfEmployment"))
    level = _dict(posting.get("experienceLevel"))
    is_intern_level = "intern" in f"{level.get('id') or ''} {level.get('label') or ''}".lower()
    if not is_intern_level or (kind and "intern" in kind.lower()):
        return kind
    return f"{kind}, Internship" if kind else "Internship"


def compensation(posting: dict[str, Any]) -> str | None:
    """``compensation`` (``{min, max, currency, period}``) as one string ("USD 34-47 per hour")."""
    comp = _dict(posting.get("compensation"))
    return format_pay(comp.get("min"), comp.get("max"), comp.get("currency"), comp.get("period"))


def description_html(posting: dict[str, Any]) -> str | None:
    """``jobAd.sections`` in page order, each ``text`` under its ``title``; None in a listing item."""
    sections = _dict(_dict(posting.get("jobAd")).get("sections"))
    names = [*_SECTIONS, *(k for k in sections if k not in _SECTIONS)]
    parts = []
    for name in names:
        section = _dict(sections.get(name))
        body = _text(section.get("text"))
        if body is None:
            continue
        title = _text(section.get("title"))
        if title:
            parts.append(f"<h3>{html.escape(html.unescape(title), quote=False)}</h3>")
        parts.append(body)
    return "\n".join(parts) or None


def posting_url(posting: dict[str, Any]) -> str | None:
    """``postingUrl`` (details have it), else ``applyUrl``, else the public page built from the
    company identifier and id."""
    url = _text(posting.get("postingUrl")) or _text(posting.get("applyUrl"))
    if url:
        return url
    identifier, ident = _text(_dict(posting.get("company")).get("identifier")), _text(posting.get("id"))
    return POSTING_PAGE.format(identifier=quote(identifier), id=quote(ident)) if identifier and ident else None


# -- mapping ------------------------------------------------------------------------------------
def map_job(posting: dict[str, Any], *, board: str, company: str | None = None) -> Posting:
    """One SmartRecruiters posting (a listing item or a detail) to a canonical posting."""
    external_id = item_id(posting, "posting")
    if _text(posting.get("name")) is None:
        raise PayloadError(f"posting {external_id} without a name")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=_text(posting.get("name")),
        company=_text(company) or _text(_dict(posting.get("company")).get("name")),
        url=posting_url(posting),
        locations=_unique([location(posting)]),
        description_html=description_html(posting),
        employment_type=employment_type(posting),
        department=_label(posting.get("department")) or _label(posting.get("function")),
        posted_at=_text(posting.get("releasedDate")),
        updated_at=None,
        workplace_type=workplace_type(posting),
        compensation=compensation(posting),
    )


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """All postings of one listing page, plus a message per item that could not be mapped."""
    return map_items(parse_page(body)["content"], map_job, noun="posting", board=board, company=company)


def map_detail(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """One posting's detail page as a one-posting list (PayloadError if it is not a posting)."""
    return [map_job(parse_detail(body), board=board, company=company)], []


# -- URLs the spider asks for next (pure) --------------------------------------------------
def detail_url(listing_url: str, item: dict[str, Any]) -> str | None:
    """The detail of a listing item: ``{listing path}/{id}`` on the listing's own host when the
    listing URL is the ``.../postings`` endpoint, else the item's ``ref``."""
    ident = _text(item.get("id"))
    if ident and urlsplit(listing_url).path.rstrip("/").endswith("/postings"):
        return child_url(listing_url, ident)
    return _text(item.get("ref"))

"""Company career pages that publish schema.org ``JobPosting`` data: the mapper.

Its spider is `scrapers.platforms.schemaorg`, which re-exports this module.

A source names the career site's sitemap or listing page::

    - {platform: schemaorg, board: acme, company: Acme, url: https://careers.acme.com/sitemap.xml}

``url`` should be given. Without it the board is taken as a host name and its ``/sitemap.xml``
is fetched (``board: careers.acme.com``), which only suits sites whose sitemap is at the root.

The listing side only finds posting pages; it holds no postings itself:

- an XML sitemap index: its child sitemaps are more listing pages. When some children look like
  job sitemaps (``/jobs-sitemap.xml``), only those are followed; otherwise all of them.
- an XML sitemap (``urlset``): every ``<loc>`` on the same site that looks like a posting
  (`JOB_URL`), or every ``<loc>`` when the sitemap's own path says it lists jobs.
- an HTML page: links on the same host that look like postings (not the site's search, login or
  alert pages: `NOT_JOB_URL`), and further pages of the listing: ``rel="next"`` links, and links
  to the listing's own path with a page parameter (``?page=2``, iCIMS's ``?pr=1``).

Each posting page is a ``detail`` request; its JSON-LD or microdata ``JobPosting`` items (read by
`scrapers.structured_data`) are the postings. A fetched page without one counts as an error.

Not handled: gzipped sitemaps (``.xml.gz`` served without ``Content-Encoding``), ``Sitemap:``
lines in robots.txt, and listings rendered by JavaScript (the HTML then has no posting links).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from collections import Counter
from typing import Any

import lxml.etree

from scrapers import structured_data
from scrapers.items import PayloadError, Posting
from scrapers.mappers._fields import unique
from scrapers.mappers._pay import format_pay

PLATFORM = "schemaorg"
DEFAULT_URL = "https://{board}/sitemap.xml"

# A posting page's URL: a job word as a path segment followed by something (``/jobs/123``, not the
# ``/careers/`` landing page), or a job id in the query string.
JOB_URL = re.compile(
    r"/(?:jobs?|careers?|positions?|vacanc(?:y|ies)|openings?|job-?posting)/[^/?#]+"
    r"|[?&](?:gh_jid|job_?id|jobid|posting_?id)=",
    re.IGNORECASE,
)
# Pages under a job path that are the career site's furniture, not postings (``/jobs/search``,
# ``/jobs/intro``, ``/careers/login`` on iCIMS, Taleo, Workday-style sites).
NOT_JOB_URL = re.compile(
    r"/(?:jobs?|careers?)/(?:search|intro|login|logout|register|apply|alerts?|saved|candidates?|profile"
    r"|results|faq|benefits|teams?|locations?|categories|departments)(?:[/?#.]|$)",
    re.IGNORECASE,
)
# Query parameters that page a listing (``?page=2``, ``?pr=1``, ``?start=20``).
PAGE_PARAMS = frozenset({"page", "pr", "p", "pg", "start", "offset", "from"})
# A sitemap whose own path says it lists only postings (``/sitemap-jobs.xml``, ``/careers/sitemap.xml``).
JOB_SITEMAP = re.compile(r"jobs?|careers?|positions?|vacanc|openings?|postings?", re.IGNORECASE)
_HTML = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE)
SITEMAP_TYPES = ("urlset", "sitemapindex")

# Values sites put in required fields they do not know (the real iCIMS sample says "UNAVAILABLE").
_PLACEHOLDERS = {"unavailable", "n/a", "na", "none", "null", "unknown", "tbd", "not available", "-", "--", "."}
_EMPLOYMENT = {
    "FULL_TIME": "Full-time", "PART_TIME": "Part-time", "CONTRACTOR": "Contractor", "TEMPORARY": "Temporary",
    "INTERN": "Internship", "INTERNSHIP": "Internship", "VOLUNTEER": "Volunteer", "PER_DIEM": "Per diem",
    "OTHER": "Other",
}


# -- the listing side ------------------------------------------------------------------------------
def page_kind(body: str) -> str:
    """``"sitemap"`` or ``"html"``; PayloadError saying what the body is otherwise."""
    text = body.lstrip("\ufeff \t\r\n") if body else ""
    if not text:
        raise PayloadError("empty body, expected an XML sitemap or an HTML page")
    if not text.startswith("<"):
        got = "JSON" if text[0] in "{[" else "plain text"
        raise PayloadError(f"expected an XML sitemap or an HTML page, got {got}")
    root = _xml_root(text)
    if root in SITEMAP_TYPES:
        return "sitemap"
    if root == "html" or _HTML.search(text[:20_000]):
        return "html"
    raise PayloadError(f"expected an XML sitemap or an HTML page, got an XML document with root <{root}>")


def _xml_root(text: str) -> str | None:
    """The local name of the document's root element, read as Scrapy's `Sitemap` reads it
    (lxml, recovering from errors, no entities), without importing Scrapy; None if not XML."""
    try:
        parsed = lxml.etree.iterparse(
            io.BytesIO(text.encode("utf-8")), events=("start",), recover=True, remove_comments=True,
            resolve_entities=False, remove_blank_text=True, collect_ids=False, remove_pis=True,
        )
        _, root = next(parsed)
    except Exception:  # noqa: BLE001 - not XML at all (lxml, StopIteration): let the caller say so
        return None
    tag = root.tag
    return (tag.partition("}")[2] or tag) if isinstance(tag, str) else ""


def map_response(body: str, *, board: str, company: str | None = None) -> tuple[list[Posting], list[str]]:
    """Listing pages only link to postings: validated, nothing mapped."""
    page_kind(body)
    return [], []


# -- the detail side: JobPosting to Posting --------------------------------------------------------
def _text(value: Any) -> str | None:
    """First non-empty text of a value (lists: first usable item; ``{"@value"}``/``{"name"}``
    objects: that), entities unescaped and whitespace collapsed."""
    if isinstance(value, list):
        return next((t for t in map(_text, value) if t), None)
    if isinstance(value, dict):
        return _text(value.get("@value", value.get("name")))
    if value is None or isinstance(value, bool):
        return None
    text = " ".join(html.unescape(str(value)).split())
    return text or None


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _known(value: Any) -> str | None:
    text = _text(value)
    return None if text is None or text.casefold() in _PLACEHOLDERS else text


def place_text(place: Any) -> str | None:
    """``"Locality, Region, Country"`` of a Place (or a bare address or string); placeholders dropped."""
    if isinstance(place, str):
        return _known(place)
    if not isinstance(place, dict):
        return None
    address = place.get("address")
    if isinstance(address, list):
        address = next((a for a in address if a), None)
    if isinstance(address, dict):
        parts = [_known(address.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
        named = unique(parts)  # "Singapore, Singapore" once
        if named:
            return ", ".join(named)
    elif _known(address):
        return _known(address)
    if any(k in place for k in ("addressLocality", "addressRegion", "addressCountry")):
        return place_text({"address": place})  # a PostalAddress given as the jobLocation itself
    return _known(place.get("name"))


def is_remote(posting: dict[str, Any]) -> bool:
    return any(str(t).strip().upper() == "TELECOMMUTE" for t in _items(posting.get("jobLocationType")))


def locations(posting: dict[str, Any]) -> list[str]:
    """Every jobLocation, then for remote postings where applicants may be ("Remote in Canada")."""
    found = [place_text(p) for p in _items(posting.get("jobLocation"))]
    if is_remote(posting):
        regions = [_known(r) for r in _items(posting.get("applicantLocationRequirements"))]
        regions = [r for r in regions if r]
        found += [f"Remote in {r}" for r in regions] if regions else ["Remote"]
    return unique(found)


def employment_type(value: Any) -> str | None:
    """``"INTERN"`` -> ``"Internship"``; a list joined (``"Internship, Part-time"``)."""
    names = []
    for item in _items(value):
        text = _text(item)
        if text:
            names.append(_EMPLOYMENT.get(text.upper().replace("-", "_").replace(" ", "_"), text))
    return ", ".join(unique(names)) or None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        cleaned = re.sub(r"[^\d.\-]", "", str(value))
        try:
            number = float(cleaned)
        except ValueError:
            return None
    return number if number > 0 else None  # 0 is how sites say "not stated"


def compensation(salary: Any) -> str | None:
    """A ``baseSalary`` (MonetaryAmount with a QuantitativeValue, a bare number, or a list of
    them) as one readable string: ``"USD 40-45 per hour"``, ``"from EUR 2,500 per month"``."""
    texts = unique([_one_salary(s) for s in _items(salary)])
    return "; ".join(texts) or None


def _one_salary(amount: Any) -> str | None:
    if not isinstance(amount, dict):
        if isinstance(amount, (int, float)) or (isinstance(amount, str) and re.fullmatch(r"\s*[\d.,]+\s*", amount)):
            number = _number(amount)
            return format_pay(number, number)
        return _text(amount)  # "$40/hour" as the site wrote it
    value = amount.get("value")
    quantity = value if isinstance(value, dict) else amount
    single = _number(quantity.get("value")) if isinstance(value, dict) else _number(value)
    low, high = (single, single) if single else (_number(quantity.get("minValue")), _number(quantity.get("maxValue")))
    unit = _text(quantity.get("unitText")) or _text(amount.get("unitText"))
    return format_pay(low, high, amount.get("currency"), unit)


def description_html(value: Any) -> str | None:
    """The description as given (HTML, maybe entity-escaped); plain text gets paragraphs."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str) or not value.strip():
        return None
    if re.search(r"<[A-Za-z/!]|&lt;[A-Za-z/]", value):
        return value.strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", value.strip()) if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def _identifier(value: Any) -> str | None:
    for item in _items(value):
        if isinstance(item, dict):
            found = _text(item.get("value")) or _text(item.get("@value")) or _text(item.get("name"))
        else:
            found = _text(item)
        if found:
            return found
    return None


def stable_id(*parts: str | None) -> str:
    """An id for a posting that states none: a hash of what identifies it (its URL, else the
    page's URL and its title), so it stays the same night after night."""
    basis = "\n".join(p for p in parts if p)
    return "sha1-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def map_job_posting(
    posting: dict[str, Any], *, board: str, company: str | None = None, page_url: str | None = None
) -> Posting:
    """One JobPosting item (as `structured_data` gives it) to a canonical posting."""
    if not isinstance(posting, dict):
        raise PayloadError(f"JobPosting is a {type(posting).__name__}, not an object")
    title = _text(posting.get("title")) or _text(posting.get("name"))
    if title is None:
        raise PayloadError("JobPosting without a title")
    own_url = structured_data.absolute(_first_url(posting.get("url")), page_url)
    url = own_url or page_url
    external_id = _identifier(posting.get("identifier")) or (
        stable_id(own_url) if own_url else stable_id(page_url, title)
    )
    organization = posting.get("hiringOrganization")
    return Posting(
        platform=PLATFORM,
        board=board,
        external_id=external_id,
        title=title,
        company=_text(company) or _text(organization),
        url=url,
        locations=locations(posting),
        description_html=description_html(posting.get("description")),
        employment_type=employment_type(posting.get("employmentType")),
        department=_text(posting.get("occupationalCategory")),
        posted_at=_text(posting.get("datePosted")),
        updated_at=_text(posting.get("dateModified")),
        workplace_type="remote" if is_remote(posting) else None,
        compensation=compensation(posting.get("baseSalary")) or compensation(posting.get("estimatedSalary")),
    )


def _first_url(value: Any) -> str | None:
    for item in _items(value):
        item = item.get("@id") if isinstance(item, dict) else item
        if isinstance(item, str) and item.strip():
            return item.strip()
    return None


def map_detail(
    body: str, *, board: str, company: str | None = None, url: str | None = None
) -> tuple[list[Posting], list[str]]:
    """The postings of one posting page, plus a message per JobPosting (or JSON-LD block) that
    could not be read; a page without any JobPosting is one message.

    `url` is the address the page was fetched from (the raw record's). It resolves relative
    links; the posting's own URL is the page's canonical link or ``og:url`` when it states one
    (tracking parameters and mirrors then collapse to one posting), else `url`.
    """
    nodes, page = structured_data.job_postings(body, base_url=url)
    page_url = page.page_url or url
    errors = list(page.errors)
    if not nodes:
        return [], [*errors, "no schema.org JobPosting in the page"]
    postings: list[Posting] = []
    seen: Counter[str] = Counter()
    for i, node in enumerate(nodes):
        try:
            posting = map_job_posting(node, board=board, company=company, page_url=page_url)
        except PayloadError as exc:
            errors.append(f"JobPosting {i}: {exc}")
            continue
        except (TypeError, ValueError, AttributeError, KeyError) as exc:  # an odd field, not the page
            errors.append(f"JobPosting {i}: {type(exc).__name__}: {exc}")
            continue
        seen[posting.external_id] += 1
        if seen[posting.external_id] > 1:  # two postings of one page hashed alike (no id, no url)
            posting.external_id = f"{posting.external_id}-{seen[posting.external_id]}"
        postings.append(posting)
    return postings, errors


def count_job_postings(body: str) -> int:
    """How many JobPostings a page holds; PayloadError if none (the page is not a posting)."""
    nodes, _ = structured_data.job_postings(body)
    if not nodes:
        raise PayloadError("no schema.org JobPosting in the page")
    return len(nodes)

"""Each platform's mapping from its payload to our posting: pure functions, no Scrapy.

One module per platform, beside its spider in `scrapers.platforms` (which re-exports it). Every
module here except those starting with ``_`` is a platform and must define:

- ``PLATFORM``: its name as written in sources files (``platform: greenhouse``);
- ``DEFAULT_URL``: the listing endpoint, formatted with ``board=``;
- ``map_response(body, *, board, company=None) -> (postings, errors)``: one listing page to
  canonical postings (pure; raises ``PayloadError`` if the page is not the platform's format);
- optionally ``map_detail(body, *, board, company=None) -> (postings, errors)`` for detail pages.

Cleaning imports only this package: a night that re-maps the raw lake never pays for Scrapy,
Twisted and OpenSSL (0.36 s a process), which only crawling needs.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from types import ModuleType
from typing import Any, Iterable

from scrapers.items import PayloadError, Posting

REQUIRED = ("PLATFORM", "DEFAULT_URL", "map_response")


def discover(package: str, path: Iterable[str], skip: frozenset[str] = frozenset()) -> dict[str, ModuleType]:
    """Every platform module of a package by its ``PLATFORM`` (modules starting with ``_`` and
    those in `skip` are not platforms); ImportError names a module that lacks a REQUIRED name."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(path), key=lambda i: i.name):
        if info.name in skip or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        missing = [name for name in REQUIRED if not hasattr(module, name)]
        if missing:
            raise ImportError(f"platform module {module.__name__} lacks {', '.join(missing)}")
        found[module.PLATFORM] = module
    return found


# Each platform's mapping module, by platform name.
MAPPERS: dict[str, ModuleType] = discover(__name__, __path__)


@functools.lru_cache(maxsize=None)
def _takes_url(function: Any) -> bool:
    """Whether a mapper wants the page's URL (schema.org pages resolve relative links with it)."""
    import inspect

    return "url" in inspect.signature(function).parameters


def map_attempt(
    module: Any, records: Iterable[dict[str, Any]], *, board: str, company: str | None = None
) -> tuple[list[Posting], list[str], int]:
    """Every successful record of one source's crawl to postings, a message per failure, and how
    many repeats of an already-mapped posting were dropped.

    Listing pages go through ``module.map_response(body, board=, company=)``; detail pages, where
    the module has ``map_detail(body, board=, company=) -> list[Posting]``, either fill in the
    fields the listing left empty (same external id) or add postings no listing named (schema.org
    career pages). A posting on two pages (paging overlap) is kept once. A page that is not the
    platform's format raises nothing here: it becomes one message and the rest are still mapped.
    """
    postings: dict[str, Posting] = {}
    errors: list[str] = []
    details: list[Posting] = []
    repeats = 0
    for record in records:
        status = int(record.get("status") or 0)
        if not (200 <= status < 300 or status == 304):  # a 304 record holds the reused body
            continue
        kind = record.get("kind", "board")
        try:
            if kind == "board":
                mapped, page_errors = module.map_response(record["body"], board=board, company=company)
            elif kind == "detail" and hasattr(module, "map_detail"):
                extra = {"url": record.get("url")} if _takes_url(module.map_detail) else {}
                detail, page_errors = module.map_detail(record["body"], board=board, company=company, **extra)
                details.extend(detail)
                errors.extend(f"{record.get('url')}: {e}" for e in page_errors)
                continue
            else:
                continue
        except PayloadError as exc:
            errors.append(f"{record.get('url')}: {exc}")
            continue
        errors.extend(f"{record.get('url')}: {e}" for e in page_errors)
        for posting in mapped:
            if posting.external_id in postings:
                repeats += 1
            else:
                postings[posting.external_id] = posting
    for detail in details:
        listed = postings.get(detail.external_id)
        if listed is None:
            postings[detail.external_id] = detail
            continue
        for name, value in vars(detail).items():
            if value not in (None, "", []) and getattr(listed, name) in (None, "", []):
                setattr(listed, name, value)
    return list(postings.values()), errors, repeats

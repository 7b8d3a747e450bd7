"""Small pure helpers every platform mapper shares: decoding a JSON body with a readable error,
and tidying the loose values job-board payloads are full of. (Not a platform: the leading
underscore keeps it out of `PLATFORMS`.)"""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from scrapers.items import PayloadError

_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def load_json(body: str) -> Any:
    """The decoded body; PayloadError saying what it was instead (empty, an HTML page, broken)."""
    if not body or not body.strip():
        raise PayloadError("empty body, expected JSON")
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        if body.lstrip().startswith("<"):
            title = _TITLE_RE.search(body[:20_000])
            named = " ".join(html.unescape(title.group(1)).split())[:80] if title else ""
            raise PayloadError(f"expected JSON, got an HTML page{f' titled {named!r}' if named else ''}") from None
        raise PayloadError(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


# Zero-width characters boards leave in names ("Delivery\u200b" on Recruitee).
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def text(value: Any) -> str | None:
    """A stripped, non-empty string without zero-width characters, or None (containers are not
    text)."""
    if value is None or isinstance(value, (dict, list)):
        return None
    value = _ZERO_WIDTH.sub("", str(value)).strip()
    return value or None


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def unique(values: list[str | None]) -> list[str]:
    """Non-empty values, first spelling kept, repeats (ignoring case) dropped."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        value = text(value)
        if value and value.casefold() not in seen:
            seen.add(value.casefold())
            out.append(value)
    return out


def epoch_to_iso(value: Any, *, millis: bool = False) -> str | None:
    """Epoch seconds (or milliseconds) to ISO-8601 UTC; None for anything that is not a number."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        moment = datetime.fromtimestamp(value / 1000 if millis else value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat(timespec="milliseconds" if millis else "seconds")


def map_items(
    items: Iterable[Any], map_one: Callable[..., Any], *, noun: str, board: str, company: str | None,
    id_key: str = "id",
) -> tuple[list[Any], list[str]]:
    """Each item of a listing through ``map_one(item, board=, company=)``: the postings, and one
    message per item that could not be mapped (``"offer 3: offer 1234 without a title"``,
    ``"job 5 (77): TypeError: ..."``). An odd field in one item is that item's error, never the
    page's."""
    postings: list[Any] = []
    errors: list[str] = []
    for i, item in enumerate(items):
        try:
            postings.append(map_one(item, board=board, company=company))
        except PayloadError as exc:  # the mapper's own message names what is wrong
            errors.append(f"{noun} {i}: {exc}")
        except (TypeError, ValueError, AttributeError, KeyError) as exc:  # an odd field
            ident = text(item.get(id_key)) if isinstance(item, dict) else None
            errors.append(f"{noun} {i}{f' ({ident})' if ident else ''}: {type(exc).__name__}: {exc}")
    return postings, errors


def child_url(listing_url: str, key: Any) -> str:
    """``{listing path}/{key}`` on the listing's own host, without its query: the detail endpoint
    beside a list endpoint (``.../jobs`` -> ``.../jobs/123``), also on a mirror or a test server."""
    scheme, netloc, path, _, _ = urlsplit(listing_url)
    return urlunsplit((scheme, netloc, f"{path.rstrip('/')}/{quote(str(key), safe='')}", "", ""))


def load_object(body: str, key: str, kind: type = list) -> dict[str, Any]:
    """The JSON object of `body` whose `key` holds a `kind` (list or dict): ``{"jobs": [...]}``.
    PayloadError, naming what came instead, if the body is not that shape."""
    payload = load_json(body)
    if not isinstance(payload, dict) or not isinstance(payload.get(key), kind):
        shape = f"an object with keys {sorted(payload)[:5]}" if isinstance(payload, dict) else type(payload).__name__
        article = "an" if key[:1] in "aeiou" else "a"
        noun = "list" if kind is list else "object"
        raise PayloadError(f'expected an object with {article} "{key}" {noun}, got {shape}')
    return payload


def item_id(item: Any, noun: str, key: str = "id") -> str:
    """The id of one listing item as text: PayloadError ("job is a str, not an object", "offer
    without an id") when the item is not an object or names no id."""
    if not isinstance(item, dict):
        raise PayloadError(f"{noun} is a {type(item).__name__}, not an object")
    ident = text(item.get(key))
    if ident is None:
        raise PayloadError(f"{noun} without {'an' if key[:1] in 'aeiou' else 'a'} {key}")
    return ident


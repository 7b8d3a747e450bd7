"""Schema.org structured data in an HTML page: JSON-LD and microdata, in one place.

`extract(body)` reads a page with `extruct` (syntaxes ``json-ld`` and ``microdata``,
``uniform=True``, so both come out as JSON-LD-shaped dicts) and returns every top-level item plus
a message per block it could not read. A page with no microdata whose JSON-LD blocks are all
valid JSON (most career pages) is read the same way without importing extruct
(`_plain_jsonld`). `find_typed(items, "JobPosting")` then walks what real
pages nest their postings in: ``@graph``, top-level lists, ``mainEntity`` and other properties,
``@type`` as a list (``["JobPosting"]``) or a full IRI, and ``{"@id": ...}`` references to nodes
defined elsewhere on the page.

Broken JSON-LD is common on career sites. extruct already tolerates raw control characters in
strings and ``//`` or one-line ``<!-- -->`` comments; a ``<script type="application/ld+json">``
block it still fails on gets `repair_json` (see there) and one more try with
``json.loads(strict=False)``, so one bad block never hides the good ones beside it.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from scrapers.items import PayloadError


def _extruct() -> Any:
    """extruct, imported on first use: it pulls in rdflib and mf2py (half a second), which every
    crawl process would otherwise pay for although only schema.org sources parse pages."""
    import extruct
    import extruct.jsonld
    import extruct.utils

    return extruct

SYNTAXES = ["json-ld", "microdata"]
_JSONLD_SCRIPTS = lxml.etree.XPath('descendant-or-self::script[@type="application/ld+json"]')
_HAS_MICRODATA = lxml.etree.XPath("boolean(descendant-or-self::*[@itemscope])")  # extruct's microdata items
_HTML_NODE = "htmlNode"  # extruct's key for a microdata item's element (return_html_node=True)
# Wrappers people put around JSON-LD to hide it from old browsers or XHTML parsers.
_WRAPPERS = ("<!--", "-->", "<![CDATA[", "]]>")
_JSON_ESCAPES = set('"\\/bfnrtu')


@dataclass
class PageData:
    """What a page says about itself: its structured-data items, its own URL, and read errors."""

    items: list[dict[str, Any]] = field(default_factory=list)
    page_url: str | None = None
    errors: list[str] = field(default_factory=list)


# -- reading a page ---------------------------------------------------------------------------------
def extract(body: str | bytes, *, base_url: str | None = None) -> PageData:
    """Every JSON-LD and microdata item of `body`; PayloadError if it is not an HTML document.

    Relative microdata URLs resolve against the page's own canonical link or ``og:url`` when
    it states an absolute one (so a mirror or a tracking-parameter address maps to the same
    posting), else against `base_url`, the address it was fetched from.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else body
    if not raw or not raw.strip():
        raise PayloadError("empty page, expected HTML")
    try:
        tree = lxml.html.fromstring(raw, parser=lxml.html.HTMLParser(encoding="UTF-8"))  # extruct's parse_html
    except (lxml.etree.ParserError, ValueError) as exc:
        raise PayloadError(f"not an HTML page ({exc})") from None
    if tree is None:
        raise PayloadError("not an HTML page")
    page = PageData(page_url=page_url(tree))
    base = page.page_url or base_url
    plain = None if _HAS_MICRODATA(tree) else _plain_jsonld(tree)
    if plain is not None:  # what extruct gives such a page, without importing it
        jsonld, microdata = plain, []
    else:
        try:
            found = _extruct().extract(tree, base_url=base, syntaxes=SYNTAXES, uniform=True, return_html_node=True)
            jsonld, microdata = found.get("json-ld", []), found.get("microdata", [])
        except Exception:  # noqa: BLE001 - extruct fails a whole syntax for one bad block; redo per block
            jsonld = _jsonld_per_block(tree, page.errors)
            microdata = _microdata(tree, base, page.errors)
    for item in microdata:
        _microdata_descriptions_as_html(item)
    page.items = [_strip_nodes(item) for item in [*jsonld, *microdata] if isinstance(item, dict)]
    return page


def page_url(tree: lxml.html.HtmlElement) -> str | None:
    """The page's own absolute URL as it states it: ``<link rel=canonical>``, else ``og:url``."""
    candidates = [
        *tree.xpath(
            "//link[contains(concat(' ', translate(normalize-space(@rel), 'CANONICAL', 'canonical'), ' '),"
            " ' canonical ')]/@href"
        ),
        *tree.xpath("//meta[@property='og:url' or @name='og:url']/@content"),
    ]
    for url in candidates:
        url = str(url).strip()
        if re.match(r"^https?://", url, re.IGNORECASE):
            return url
    return None


def _plain_jsonld(tree: lxml.html.HtmlElement) -> list[Any] | None:
    """The JSON-LD items of a page whose every block is valid JSON, as extruct's JSON-LD
    extractor reads them (``json.loads(strict=False)``; a list block gives its members; empty
    values are dropped); None when a block is not, for extruct and the repairs to handle.

    Most career pages are JSON-LD only: they are read without importing extruct, which loads
    every syntax it knows (microformats with bs4 and html5lib, RDFa with rdflib) at 0.3-0.5 s a
    process, on the night's clean step whenever a schema.org board changed."""
    items: list[Any] = []
    for script in _JSONLD_SCRIPTS(tree):
        try:
            data = json.loads(script.xpath("string()"), strict=False)
        except ValueError:
            return None
        found = data if isinstance(data, list) else [data] if isinstance(data, dict) else []
        items.extend(item for item in found if item)
    return items


def _jsonld_per_block(tree: lxml.html.HtmlElement, errors: list[str]) -> list[Any]:
    items: list[Any] = []
    extractor = _extruct().jsonld.JsonLdExtractor()
    for n, script in enumerate(_JSONLD_SCRIPTS(tree), start=1):
        try:
            items.extend(extractor.extract_items(script))  # extruct on this block alone
            continue
        except ValueError:
            pass
        try:
            for value in loads_lenient(script.xpath("string()")):
                items.extend(value if isinstance(value, list) else [value])
        except ValueError as exc:
            errors.append(f"JSON-LD block {n} is not valid JSON, even after repair ({exc})")
    return items


def _microdata(tree: lxml.html.HtmlElement, base_url: str | None, errors: list[str]) -> list[Any]:
    try:
        found = _extruct().extract(tree, base_url=base_url, syntaxes=["microdata"], uniform=True, return_html_node=True)
    except Exception as exc:  # noqa: BLE001 - one syntax failing must not lose the other
        errors.append(f"microdata unreadable ({type(exc).__name__}: {exc})")
        return []
    return found.get("microdata", [])


# -- repairing broken JSON-LD ------------------------------------------------------------------------
def repair_json(text: str) -> str:
    """Undo the common ways a hand-written JSON-LD block breaks, outside strings only.

    Drops a BOM, ``<!-- -->`` and ``<![CDATA[ ]]>`` wrappers (anywhere, not just on their own
    line), ``//`` and ``/* */`` comments, and commas before ``}`` or ``]``; inside strings, a
    backslash before a character JSON cannot escape (``\\'``) is dropped. Raw newlines and
    control characters in strings are left for ``json.loads(strict=False)``. Unescaped quotes
    inside a string are beyond repair.
    """
    text = text.lstrip("\ufeff")
    out: list[str] = []
    i, n = 0, len(text)
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\" and i + 1 < n:
                if text[i + 1] in _JSON_ESCAPES:
                    out.append(text[i : i + 2])
                else:
                    out.append(text[i + 1])
                i += 2
                continue
            if ch == '"':
                in_string = False
            out.append(ch)
            i += 1
            continue
        if ch == '"':
            in_string = True
            out.append(ch)
            i += 1
            continue
        wrapper = next((w for w in _WRAPPERS if text.startswith(w, i)), None)
        if wrapper:
            i += len(wrapper)
            continue
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch == ",":
            j = i + 1
            while j < n and text[j].isspace():
                j += 1
            if j < n and text[j] in "}]":
                i += 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def loads_lenient(text: str) -> list[Any]:
    """Every JSON value in a repaired `text`: one object, or several written one after another
    (``{...}{...}``, ``{...},{...}``, a trailing ``;``). ValueError says where it stopped."""
    repaired = repair_json(text)
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos, end = 0, len(repaired)
    while True:
        while pos < end and (repaired[pos].isspace() or repaired[pos] in ",;"):
            pos += 1
        if pos >= end:
            return values
        try:
            value, pos = decoder.raw_decode(repaired, pos)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{exc.msg} at line {exc.lineno} column {exc.colno}") from None
        values.append(value)


# -- microdata descriptions ---------------------------------------------------------------------------
def _microdata_descriptions_as_html(item: Any) -> None:
    """extruct gives a microdata ``description`` as the element's text, losing its paragraphs and
    lists; put back the element's inner HTML (a ``<meta content>`` stays plain text)."""
    if isinstance(item, list):
        for value in item:
            _microdata_descriptions_as_html(value)
        return
    if not isinstance(item, dict):
        return
    node = item.get(_HTML_NODE)
    if node is not None and isinstance(item.get("description"), str):
        element = _own_property(node, "description")
        if element is not None and element.tag not in ("meta", "link"):
            inner = inner_html(element).strip()
            if inner:
                item["description"] = inner
    for key, value in item.items():
        if key != _HTML_NODE:
            _microdata_descriptions_as_html(value)


def _own_property(node: Any, name: str) -> Any:
    """The first element under `node` with ``itemprop=name`` that belongs to `node`'s item (not
    to an item nested inside it)."""
    for element in node.iterdescendants():
        if not isinstance(element.tag, str) or name not in (element.get("itemprop") or "").split():
            continue
        owner = element.getparent()
        while owner is not None and owner is not node and owner.get("itemscope") is None:
            owner = owner.getparent()
        if owner is node and element.get("itemscope") is None:
            return element
    return None


def inner_html(element: Any) -> str:
    """An element's content as HTML, without the element's own tag."""
    parts = [html.escape(element.text, quote=False) if element.text else ""]
    parts.extend(lxml.html.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts)


def _strip_nodes(value: Any) -> Any:
    """A copy of an extracted item without extruct's lxml element references."""
    if isinstance(value, dict):
        return {k: _strip_nodes(v) for k, v in value.items() if k != _HTML_NODE}
    if isinstance(value, list):
        return [_strip_nodes(v) for v in value]
    return value


# -- finding typed nodes ----------------------------------------------------------------------------
def type_names(node: Any) -> list[str]:
    """The short type names of a node: ``"JobPosting"``, ``["JobPosting"]``,
    ``"http://schema.org/JobPosting"`` and ``"schema:JobPosting"`` all give ``["JobPosting"]``."""
    if not isinstance(node, dict):
        return []
    types = node.get("@type", node.get("type"))
    types = types if isinstance(types, list) else [types]
    return [re.split(r"[/:#]", t.strip())[-1] for t in types if isinstance(t, str) and t.strip()]


def has_type(node: Any, name: str) -> bool:
    return name.casefold() in (t.casefold() for t in type_names(node))


def find_typed(items: Iterable[Any], name: str) -> list[dict[str, Any]]:
    """Every node of type `name` anywhere in `items` (in page order, each once), with
    ``{"@id": ...}`` references inside it replaced by the nodes they name."""
    items = list(items)
    index = _id_index(items)
    found: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for node in _walk(items, index):
        if not has_type(node, name):
            continue
        node_id = node.get("@id") if isinstance(node.get("@id"), str) else None
        if node_id is not None:
            if node_id in seen_ids:
                continue
            seen_ids.add(node_id)
        found.append(_resolve(node, index, depth=0, resolving=frozenset({node_id} if node_id else ())))
    return found


def _is_reference(node: dict[str, Any]) -> bool:
    return isinstance(node.get("@id"), str) and set(node) <= {"@id", "@type"}


def _id_index(items: list[Any]) -> dict[str, dict[str, Any]]:
    """Nodes that define something under an ``@id`` (not mere references), first one wins."""
    index: dict[str, dict[str, Any]] = {}
    stack: list[Any] = list(items)
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            if isinstance(value.get("@id"), str) and not _is_reference(value):
                index.setdefault(value["@id"], value)
            stack.extend(value.values())
    return index


def _walk(value: Any, index: dict[str, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Depth-first over every dict in page order; a reference stands for the node it names."""
    stack: list[Any] = [value]
    visited: set[int] = set()
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(reversed(value))
            continue
        if not isinstance(value, dict) or id(value) in visited:
            continue
        if _is_reference(value) and value["@id"] in index:
            value = index[value["@id"]]
            if id(value) in visited:
                continue
        visited.add(id(value))
        yield value
        stack.extend(reversed(list(value.values())))


def _resolve(value: Any, index: dict[str, dict[str, Any]], *, depth: int, resolving: frozenset[str]) -> Any:
    if depth > 6:
        return value
    if isinstance(value, list):
        return [_resolve(v, index, depth=depth + 1, resolving=resolving) for v in value]
    if not isinstance(value, dict):
        return value
    ref = value.get("@id") if _is_reference(value) else None
    if ref in index and ref not in resolving:
        return _resolve(index[ref], index, depth=depth + 1, resolving=resolving | {ref})
    return {k: _resolve(v, index, depth=depth + 1, resolving=resolving) for k, v in value.items()}


def job_postings(body: str | bytes, *, base_url: str | None = None) -> tuple[list[dict[str, Any]], PageData]:
    """The ``JobPosting`` nodes of a page and the page they came from (its URL and read errors)."""
    page = extract(body, base_url=base_url)
    return find_typed(page.items, "JobPosting"), page


def absolute(url: Any, base: str | None) -> str | None:
    """`url` made absolute against `base`; None when it is not a URL, or relative with no base
    (a bare ``/jobs/3`` names no page)."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = url.strip()
    if re.match(r"^https?://", url, re.IGNORECASE):
        return url
    if base and re.match(r"^https?://", base, re.IGNORECASE):
        joined = urljoin(base, url)
        return joined if re.match(r"^https?://", joined, re.IGNORECASE) else None
    return None

"""The sources file: which boards to crawl. Parsed and validated here, before any crawl starts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from w3lib.url import safe_url_string

from scrapers.redact import clip, excerpt

# Board names end up in URLs and in raw-lake folder names, so they must be plain slugs.
_BOARD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_ALLOWED_KEYS = {"platform", "board", "company", "url", "industry"}
# C0 controls (newline, tab, CR, NUL...), DEL and C1 controls: never part of a URL we request.
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Host names: letters (any script), digits, "_", "-" and dots; IPv6 literals are in brackets.
_HOST_RE = re.compile(r"^[\w.-]+$")
# Scrapy's URLLENGTH_LIMIT: a longer URL is dropped, not requested.
MAX_URL_LENGTH = 2083


class SourceError(ValueError):
    """A sources file or entry that cannot be crawled; the message names the entry."""


@dataclass(frozen=True)
class Source:
    """One board to crawl: `url` overrides the platform's default endpoint entirely."""

    platform: str
    board: str
    company: str | None = None
    url: str | None = None
    industry: str | None = None  # the employer's industry slug, when the file states it (wins over tagging)

    @property
    def id(self) -> str:
        return f"{self.platform}:{self.board}"

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


def known_platforms() -> tuple[str, ...]:
    from scrapers.mappers import MAPPERS

    return tuple(sorted(MAPPERS))


def parse_sources(data: Any, origin: str = "<sources>") -> list[Source]:
    """Validate a parsed YAML document (a list of mappings) into sources; fail on the first bad entry."""
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if not isinstance(data, list):
        raise SourceError(f"{origin}: expected a list of sources, got {type(data).__name__}")
    platforms = known_platforms()
    sources: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(data, start=1):
        where = f"{origin}: entry {i} ({excerpt(entry)})"
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: expected a mapping with platform and board")
        unknown = set(entry) - _ALLOWED_KEYS
        if unknown:
            raise SourceError(
                f"{where}: unknown key(s) {excerpt(sorted(unknown, key=str))}; allowed: {sorted(_ALLOWED_KEYS)}"
            )
        platform = entry.get("platform")
        if platform not in platforms:
            raise SourceError(f"{where}: unknown platform {excerpt(platform)}; known: {', '.join(platforms)}")
        board = entry.get("board")
        if not isinstance(board, str) or not board.strip():
            raise SourceError(f"{where}: missing board")
        if not _BOARD_RE.match(board):
            raise SourceError(f"{where}: board {excerpt(board)} must be a slug (letters, digits, . _ -)")
        url = entry.get("url")
        if url is not None and (problem := url_problem(url)):
            raise SourceError(f"{where}: {problem}")
        company = entry.get("company")
        if company is not None and not isinstance(company, (str, int, float)):
            raise SourceError(f"{where}: company must be text, got {type(company).__name__}")
        industry = _industry(entry.get("industry"), where)
        source = Source(platform, board, str(company) if company is not None else None, url, industry)
        if source.id in seen:
            raise SourceError(f"{where}: duplicate source {source.id}")
        seen.add(source.id)
        sources.append(source)
    return sources


def url_problem(url: Any) -> str | None:
    """Why `url` cannot be a source's endpoint, or None if Scrapy can request it as written.

    Messages quote the URL only as a bounded excerpt with any credentials redacted."""
    if not (isinstance(url, str) and re.match(r"^https?://", url)):
        return "url must start with http:// or https://"
    if control := _CONTROL_RE.search(url):
        return f"url has a control character ({control[0]!r} at position {control.start()})"
    if len(url) > MAX_URL_LENGTH:
        return f"url is {len(url)} characters long; Scrapy requests at most {MAX_URL_LENGTH}"
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # e.g. an unclosed IPv6 bracket
        return f"url {excerpt(url)} is not a URL: {clip(str(exc), 100)}"
    if "@" in parts.netloc:
        return f"url {excerpt(url)} holds credentials; put no user name or password in a sources file"
    host = parts.hostname
    if not host or not (_HOST_RE.match(host) or parts.netloc.startswith("[")):
        return f"url {excerpt(url)} has no valid host"
    port_text = parts.netloc.rpartition("]")[2].partition(":")[2]
    try:
        port = parts.port
    except ValueError:
        port = None
    if port_text and not (port and 1 <= port <= 65535):
        return f"url {excerpt(url)} has port {excerpt(port_text)}; a port is a number from 1 to 65535"
    try:
        safe_url_string(url)  # what scrapy.Request does with it
    except ValueError as exc:
        return f"url {excerpt(url)} cannot be requested: {clip(str(exc), 100)}"
    return None


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without aliases: a sources file has no use for them, and nested aliases expand
    exponentially (a few hundred bytes can stand for gigabytes once anything walks the data)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"found alias *{clip(event.anchor, 40)}; aliases are not allowed in a sources file",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _industry(value: Any, where: str) -> str | None:
    """An entry's `industry:`, one of the seven industry slugs tagging uses, or None."""
    if value is None:
        return None
    from pipelines.tagging.industry import INDUSTRIES  # imported only when an entry states one

    if value not in INDUSTRIES:
        raise SourceError(f"{where}: unknown industry {value!r}; known: {', '.join(INDUSTRIES)}")
    return value


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"cannot read sources file {path}: {exc.strerror or exc}") from exc
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # ValueError: an int over 4,300 digits
        raise SourceError(f"{path}: not valid YAML: {clip(str(exc), 500)}") from exc
    sources = parse_sources(data if data is not None else [], origin=str(path))
    if not sources:
        raise SourceError(f"{path}: no sources in the file; add at least one entry (see sources.yaml)")
    return sources


def dump_sources(sources: list[Source], path: str | Path) -> Path:
    """Write sources as YAML (used by the demo and tests to point sources at a local server)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump([s.to_dict() for s in sources], sort_keys=False), encoding="utf-8")
    return path


def shard_of(source: Source, shards: int) -> int:
    """The shard a source belongs to: a stable hash of its id, so adding or removing a source
    never moves the others (their politeness state and history stay with one worker)."""
    digest = hashlib.sha1(source.id.encode("utf-8")).hexdigest()
    return int(digest, 16) % shards


def shard_sources(sources: list[Source], shards: int) -> list[list[Source]]:
    """`sources` split into `shards` lists (some may be empty), each in the file's order."""
    if shards < 1:
        raise ValueError(f"shards must be at least 1, got {shards}")
    out: list[list[Source]] = [[] for _ in range(shards)]
    for source in sources:
        out[shard_of(source, shards)].append(source)
    return out

"""The sources file: which boards to crawl. Parsed and validated here, before any crawl starts."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# Board names end up in URLs and in raw-lake folder names, so they must be plain slugs.
_BOARD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
_ALLOWED_KEYS = {"platform", "board", "company", "url", "industry"}


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
    from scrapers.platforms import PLATFORMS

    return tuple(sorted(PLATFORMS))


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
        where = f"{origin}: entry {i} ({entry!r})"
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: expected a mapping with platform and board")
        unknown = set(entry) - _ALLOWED_KEYS
        if unknown:
            raise SourceError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_ALLOWED_KEYS)}")
        platform = entry.get("platform")
        if platform not in platforms:
            raise SourceError(f"{where}: unknown platform {platform!r}; known: {', '.join(platforms)}")
        board = entry.get("board")
        if not isinstance(board, str) or not board.strip():
            raise SourceError(f"{where}: missing board")
        if not _BOARD_RE.match(board):
            raise SourceError(f"{where}: board {board!r} must be a slug (letters, digits, . _ -)")
        url = entry.get("url")
        if url is not None and not (isinstance(url, str) and re.match(r"^https?://", url)):
            raise SourceError(f"{where}: url must start with http:// or https://")
        company = entry.get("company")
        industry = _industry(entry.get("industry"), where)
        source = Source(platform, board, str(company) if company is not None else None, url, industry)
        if source.id in seen:
            raise SourceError(f"{where}: duplicate source {source.id}")
        seen.add(source.id)
        sources.append(source)
    return sources


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
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from exc
    return parse_sources(data if data is not None else [], origin=str(path))


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

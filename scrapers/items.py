"""Items that cross the Scrapy boundary: the raw response we keep and the canonical posting."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass
class RawResponse:
    """One HTTP response from a job board, kept verbatim in the raw lake."""

    source: str  # "platform:board"
    platform: str
    board: str
    company: str | None
    url: str
    status: int
    fetched_at: str  # ISO-8601 UTC
    headers: dict[str, str]
    body: str
    kind: str = "board"  # "board" for listing pages, "detail" for per-posting pages
    # A 304 Not Modified: `body` is the previous night's, from this attempt ("date/attempt").
    reused_from: str | None = None
    # A body that was not valid text: `body` has replacement characters, these are the bytes.
    body_base64: str | None = None
    decode_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Posting:
    """The canonical posting every platform mapper produces from its own payload format."""

    platform: str
    board: str
    external_id: str
    title: str | None
    company: str | None
    url: str | None
    locations: list[str] = field(default_factory=list)
    description_html: str | None = None
    employment_type: str | None = None
    department: str | None = None
    posted_at: str | None = None  # ISO-8601 (mappers convert epoch times to ISO-8601 UTC)
    updated_at: str | None = None
    # What the platform states, if anything: "remote", "hybrid" or "onsite" (mapper-normalized).
    workplace_type: str | None = None
    # Pay as the platform shows it, one readable string ("USD 40-45 per hour"); parsed by tagging.
    compensation: str | None = None

    @property
    def source(self) -> str:
        return f"{self.platform}:{self.board}"

    @property
    def posting_key(self) -> str:
        return f"{self.platform}:{self.board}:{self.external_id}"

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (lists copied), plus `source` and `posting_key`; a plain copy,
        not `dataclasses.asdict`, whose deep copy was a fifth of cleaning a night."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["locations"] = list(d["locations"])
        d["source"] = self.source
        d["posting_key"] = self.posting_key
        return d


class PayloadError(ValueError):
    """A response body that is not the platform's expected format (says what was wrong)."""

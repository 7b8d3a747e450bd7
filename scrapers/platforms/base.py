"""The base every platform spider shares: sources in, raw responses out, per-source bookkeeping.

A platform module subclasses `BoardSpider`, names its default endpoint and says how to count the
postings in a page (which also validates the page). Companies are lines in the sources file,
never classes.

Requests come in two kinds, kept in the raw record's ``kind``:

- ``board``: a listing page. Its failure fails the source for the night (nothing is closed).
  Paging is more ``board`` requests from `next_requests` via `board_request`.
- ``detail``: one posting's page, fetched where the listing lacks the description (via
  `detail_request`). Its failure is counted as an error but the source stays ``ok``: the posting
  is still listed, only its description is missing.

The mapper side is `map_attempt`: every record of one source's crawl to postings, with details
merged into the listing's postings by external id.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Iterable, Iterator

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from scrapers.items import PayloadError, Posting, RawResponse
from scrapers.sources import Source, SourceError, load_sources, parse_sources

# Response headers worth keeping with the raw body (for conditional requests and debugging).
_KEPT_HEADERS = ("Content-Type", "ETag", "Last-Modified", "Retry-After", "Date")


@dataclass
class SourceRun:
    """What happened to one source in this crawl; becomes a `crawl_runs` row downstream."""

    source: Source
    status: str = "ok"
    items: int = 0
    errors: int = 0
    error_message: str | None = None
    requests: int = 0
    bytes: int = 0
    pending: int = 0
    started: float = field(default_factory=time.monotonic)
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    duration_s: float | None = None

    def fail(self, message: str) -> None:
        self.status = "failed"
        self.errors += 1
        # Keep the first reason: later errors are usually consequences of it.
        self.error_message = self.error_message or message

    def to_meta(self) -> dict[str, Any]:
        finished = self.duration_s if self.duration_s is not None else time.monotonic() - self.started
        return {
            "source": self.source.id,
            "platform": self.source.platform,
            "board": self.source.board,
            "company": self.source.company,
            "status": self.status,
            "items": self.items,
            "errors": self.errors,
            "error_message": self.error_message,
            "requests": self.requests,
            "bytes": self.bytes,
            "duration_s": round(finished, 3),
            "started_at": self.started_at,
        }


class BoardSpider(scrapy.Spider):
    """Crawls every source of one platform; subclasses set `name`, `platform`, `default_url`."""

    platform: ClassVar[str] = ""
    default_url: ClassVar[str] = ""  # formatted with board=...

    def __init__(
        self,
        sources: str | None = None,
        board: str | None = None,
        url: str | None = None,
        company: str | None = None,
        *args: Any,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        if sources:
            self.sources = [s for s in load_sources(sources) if s.platform == self.platform]
        elif board:
            entry = {"platform": self.platform, "board": board, "company": company, "url": url}
            self.sources = parse_sources([{k: v for k, v in entry.items() if v is not None}], origin="-a")
        else:
            raise SourceError(f"{self.name}: pass -a sources=FILE or -a board=NAME")
        self.runs: dict[str, SourceRun] = {s.id: SourceRun(s) for s in self.sources}
        self._finished = 0

    # -- hooks a platform overrides -------------------------------------------------------
    def board_url(self, source: Source) -> str:
        return source.url or self.default_url.format(board=source.board)

    def count_postings(self, body: str) -> int:
        """Validate a listing page and return how many postings it holds (raise PayloadError)."""
        raise NotImplementedError

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """Further requests after a valid listing page: more pages (`board_request`) and
        per-posting details (`detail_request`); none by default."""
        return iter(())

    def count_detail(self, body: str) -> int:
        """Postings a detail page adds that no listing page counted (0 by default; schema.org
        pages, whose listing is only links, return 1 per JobPosting). Raise PayloadError if the
        page is not a posting."""
        return 0

    # -- shared machinery -----------------------------------------------------------------
    async def start(self):
        self.logger.info("internradar: crawling %d %s source(s)", len(self.sources), self.platform)
        for source in self.sources:
            yield self.board_request(self.board_url(source), source)

    def board_request(self, url: str, source: Source, **kwargs: Any) -> scrapy.Request:
        """A listing page of `source` (kwargs go to `scrapy.Request`, e.g. headers)."""
        self.runs[source.id].pending += 1
        return scrapy.Request(
            url,
            callback=self.parse_board,
            errback=self.on_error,
            cb_kwargs={"source": source},
            dont_filter=True,
            **kwargs,
        )

    def detail_request(self, url: str, source: Source, **kwargs: Any) -> scrapy.Request:
        """One posting's detail page of `source`; duplicates within the crawl are filtered."""
        self.runs[source.id].pending += 1
        meta = {**kwargs.pop("meta", {}), "internradar_kind": "detail"}
        return scrapy.Request(
            url,
            callback=self.parse_detail,
            errback=self.on_error,
            cb_kwargs={"source": source},
            meta=meta,
            **kwargs,
        )

    def parse_detail(self, response: Response, source: Source):
        run = self.runs[source.id]
        run.requests += 1
        run.bytes += len(response.body)
        yield self.raw_item(response, source, kind="detail")
        try:
            run.items += self.count_detail(response.text)
        except (PayloadError, UnicodeDecodeError) as exc:
            run.errors += 1
            self.crawler.stats.inc_value("internradar/details_invalid")
            self.logger.warning("internradar: %s: invalid detail page %s: %s", source.id, response.url, exc)
        self._request_done(run)

    def parse_board(self, response: Response, source: Source):
        run = self.runs[source.id]
        run.requests += 1
        run.bytes += len(response.body)
        yield self.raw_item(response, source)
        try:
            run.items += self.count_postings(response.text)
        except (PayloadError, UnicodeDecodeError) as exc:
            self.crawler.stats.inc_value("internradar/pages_invalid")
            run.fail(f"invalid payload from {response.url}: {exc}")
            self.logger.warning("internradar: %s: %s", source.id, run.error_message)
        else:
            yield from self.next_requests(response, source)
        self._request_done(run)

    def on_error(self, failure: Failure):
        source: Source = failure.request.cb_kwargs["source"]
        kind = failure.request.meta.get("internradar_kind", "board")
        run = self.runs[source.id]
        run.requests += 1
        if failure.check(HttpError):
            response = failure.value.response
            run.bytes += len(response.body)
            yield self.raw_item(response, source, kind=kind)
            reason = f"HTTP {response.status} from {response.url}"
        else:
            reason = f"{failure.type.__name__}: {failure.getErrorMessage()} ({failure.request.url})"
        self.crawler.stats.inc_value("internradar/requests_failed")
        if kind == "detail":
            run.errors += 1
            self.crawler.stats.inc_value("internradar/details_failed")
            self.logger.warning("internradar: %s: detail page failed: %s", source.id, reason)
        else:
            run.fail(reason)
            self.logger.warning("internradar: %s failed: %s", source.id, reason)
        self._request_done(run)

    def raw_item(self, response: Response, source: Source, kind: str = "board") -> RawResponse:
        headers = {h: response.headers.get(h).decode("latin-1") for h in _KEPT_HEADERS if response.headers.get(h)}
        try:
            body = response.text
        except (AttributeError, UnicodeDecodeError):
            body = response.body.decode("utf-8", errors="replace")
        return RawResponse(
            source=source.id,
            platform=source.platform,
            board=source.board,
            company=source.company,
            url=response.url,
            status=response.status,
            fetched_at=datetime.now(UTC).isoformat(),
            headers=headers,
            body=body,
            kind=kind,
        )

    def _request_done(self, run: SourceRun) -> None:
        run.pending -= 1
        if run.pending == 0:
            run.duration_s = time.monotonic() - run.started
            self._finished += 1
            self.crawler.stats.inc_value(f"internradar/sources_{run.status}")
            self.crawler.stats.inc_value("internradar/postings", run.items)
            self.logger.info(
                "internradar: [%d/%d] %s %s: %d postings, %d request(s), %.1fs%s",
                self._finished,
                len(self.sources),
                run.source.id,
                run.status,
                run.items,
                run.requests,
                run.duration_s,
                f" ({run.error_message})" if run.error_message else "",
            )


# -- the mapper side ------------------------------------------------------------------------
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
        if not 200 <= status < 300:
            continue
        kind = record.get("kind", "board")
        try:
            if kind == "board":
                mapped, page_errors = module.map_response(record["body"], board=board, company=company)
            elif kind == "detail" and hasattr(module, "map_detail"):
                detail, page_errors = module.map_detail(record["body"], board=board, company=company)
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

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

The mapper side (`scrapers.mappers`, which imports no Scrapy) is each platform's payload-to-posting
mapping and `map_attempt`: every record of one source's crawl to postings, with details merged
into the listing's postings by external id.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer
from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from scrapers.items import PayloadError, RawResponse
from scrapers.rawlake import Attempt, previous_attempt
from scrapers.redact import clip, excerpt, redact
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

    def warn(self, message: str) -> None:
        """A problem that loses nothing (a detail page failed, bytes that were not UTF-8): counted
        and explained, but the source still closes postings it did not see."""
        self.errors += 1
        self.error_message = self.error_message or redact(message)

    def fail(self, message: str) -> None:
        self.status = "failed"
        self.errors += 1
        # Keep the first reason: later errors are usually consequences of it. Redacted, because
        # it becomes crawl_runs.error_message, exported and reported.
        self.error_message = self.error_message or redact(message)

    def to_meta(self) -> dict[str, Any]:
        finished = self.duration_s if self.duration_s is not None else time.monotonic() - self.started
        return {
            "source": self.source.id,
            "platform": self.source.platform,
            "board": self.source.board,
            "company": self.source.company,
            "industry": self.source.industry,
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
        self._detail_urls: dict[str, set[str]] = {}
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
        self.validators = self.load_validators()
        for source in self.sources:
            # An exception here would end Scrapy's start loop, and every later source would make
            # no request: the source that cannot be requested fails alone, with the reason.
            url = source.url
            try:
                url = self.board_url(source)
                request = self.board_request(url, source)
            except Exception as exc:  # noqa: BLE001 - whatever the reason, it is this source's failure
                run = self.runs[source.id]
                run.fail(f"cannot request {excerpt(url)}: {type(exc).__name__}: {clip(str(exc))}")
                self.logger.warning("internradar: %s failed: %s", source.id, run.error_message)
                self._source_done(run)
                continue
            yield request

    def board_request(self, url: str, source: Source, **kwargs: Any) -> scrapy.Request:
        """A listing page of `source` (kwargs go to `scrapy.Request`, e.g. headers)."""
        request = scrapy.Request(
            url,
            callback=self.parse_board,
            errback=self.on_error,
            cb_kwargs={"source": source},
            dont_filter=True,
            **self._request_options(url, source, "board", kwargs),
        )
        self.runs[source.id].pending += 1  # only once it exists: pending counts what will be answered
        return request

    def detail_request(self, url: str, source: Source, **kwargs: Any) -> scrapy.Request | None:
        """One posting's detail page of `source`, or None if this source already asked for it
        (callers yield from `next_requests`, where None is dropped). Duplicates are filtered
        here, not by Scrapy's filter, so the source's pending count stays exact."""
        seen = self._detail_urls.setdefault(source.id, set())
        key = canonicalize_url(url)  # no fragment, sorted query
        if key in seen:
            return None
        seen.add(key)
        request = scrapy.Request(
            url,
            callback=self.parse_detail,
            errback=self.on_error,
            cb_kwargs={"source": source},
            dont_filter=True,
            **self._request_options(url, source, "detail", kwargs),
        )
        self.runs[source.id].pending += 1
        return request

    def _request_options(self, url: str, source: Source, kind: str, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Request kwargs plus our meta: the kind, the source's site (redirects may not leave
        it), and the previous night's validators for a conditional request."""
        meta = {
            **kwargs.pop("meta", {}),
            "internradar_kind": kind,
            "internradar_site": urlsplit(self.board_url(source)).hostname,
        }
        headers = dict(kwargs.pop("headers", None) or {})
        previous = getattr(self, "validators", {}).get(url)
        if previous is not None:
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
            meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", []), 304]
        return {**kwargs, "meta": meta, "headers": headers or None}

    def parse_detail(self, response: Response, source: Source):
        run = self.runs[source.id]
        run.requests += 1
        run.bytes += len(response.body)
        item = self.raw_item(response, source, kind="detail")
        yield item
        self._note_decode_error(item, run)
        try:
            run.items += self.count_detail(item.body)
        except (PayloadError, UnicodeDecodeError) as exc:
            run.errors += 1
            self.crawler.stats.inc_value("internradar/details_invalid")
            self.logger.warning("internradar: %s: invalid detail page %s: %s", source.id, response.url, exc)
        self._request_done(run)

    def parse_board(self, response: Response, source: Source):
        run = self.runs[source.id]
        run.requests += 1
        run.bytes += len(response.body)
        item = self.raw_item(response, source)
        yield item
        self._note_decode_error(item, run)
        if response.status == 304:
            response = response.replace(status=200, body=item.body.encode("utf-8"))
        try:
            run.items += self.count_postings(item.body)
        except (PayloadError, UnicodeDecodeError) as exc:
            self.crawler.stats.inc_value("internradar/pages_invalid")
            run.fail(f"invalid payload from {response.url}: {exc}")
            self.logger.warning("internradar: %s: %s", source.id, run.error_message)
        else:
            try:
                yield from (r for r in self.next_requests(response, source) if r is not None)
            except Exception as exc:  # noqa: BLE001 - e.g. a link in the page that cannot be requested
                # Without this the source would wait forever for this page to be done.
                run.fail(f"cannot follow the links of {response.url}: {type(exc).__name__}: {clip(str(exc))}")
                self.logger.warning("internradar: %s: %s", source.id, run.error_message, exc_info=True)
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
            if response.headers.get("Retry-After"):
                reason += f" (Retry-After: {response.headers.get('Retry-After').decode('latin-1')})"
        else:
            reason = readable_failure(failure)
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
        """The response as we keep it. A 304 keeps the previous night's body (and says whose); a
        body that is not valid text in its encoding is kept as text with replacement characters
        plus the exact bytes in base64, so nothing is lost."""
        headers = {h: response.headers.get(h).decode("latin-1") for h in _KEPT_HEADERS if response.headers.get(h)}
        reused_from = body_base64 = decode_error = None
        validators = getattr(self, "validators", {})
        if response.status == 304 and response.request is not None and response.request.url in validators:
            previous = validators[response.request.url]
            body = previous.body()
            reused_from = previous.attempt
            headers = {**previous.headers, **headers}
            self.crawler.stats.inc_value("internradar/not_modified")
        else:
            encoding = getattr(response, "encoding", None) or "utf-8"
            try:
                body = response.body.decode(encoding)
            except (UnicodeDecodeError, LookupError) as exc:
                body = response.body.decode("utf-8", errors="replace")
                body_base64 = base64.b64encode(response.body).decode("ascii")
                decode_error = f"body is not valid {encoding}" + (
                    f" (first bad byte at offset {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
                )
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
            reused_from=reused_from,
            body_base64=body_base64,
            decode_error=decode_error,
        )

    def _note_decode_error(self, item: RawResponse, run: SourceRun) -> None:
        if item.decode_error:
            self.crawler.stats.inc_value("internradar/bodies_not_utf8")
            run.warn(f"{item.decode_error} in {item.url}; kept as-is, undecodable bytes replaced")
            self.logger.warning("internradar: %s: %s", run.source.id, run.error_message)

    # -- conditional requests ---------------------------------------------------------------
    def load_validators(self) -> dict[str, "Validator"]:
        """ETag / Last-Modified of every response of each source's previous successful night."""
        if not self.settings.getbool("INTERNRADAR_CONDITIONAL_REQUESTS", True):
            return {}
        raw_dir = self.settings.get("INTERNRADAR_RAW_DIR")
        crawl_date = self.settings.get("INTERNRADAR_CRAWL_DATE") or datetime.now(UTC).date().isoformat()
        found: dict[str, Validator] = {}
        for source in self.sources:
            previous = previous_attempt(raw_dir, crawl_date, source.platform, source.board)
            if previous is None:
                continue
            for line, record in enumerate(previous.records()):
                headers = record.get("headers") or {}
                if record.get("status") in (200, 304) and (headers.get("ETag") or headers.get("Last-Modified")):
                    found[record["url"]] = Validator(previous, line, headers)
        if found:
            self.logger.info("internradar: %d URL(s) revalidated against the previous night", len(found))
        return found

    def _request_done(self, run: SourceRun) -> None:
        run.pending -= 1
        if run.pending == 0:
            self._source_done(run)

    def _source_done(self, run: SourceRun) -> None:
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

    def close_runs(self) -> None:
        """At the end of the crawl, before the meta files are written: a source still waiting for
        an answer, or one that never made a request, is failed with the reason, never ``ok``."""
        for run in self.runs.values():
            if run.pending > 0:
                run.fail("the crawl ended before this source finished"
                         + ("" if run.requests else "; no request of it was answered"))
            elif run.requests == 0 and run.status == "ok":
                run.fail("no request was made")


@dataclass(frozen=True)
class Validator:
    """Where the previous night's response to a URL lives, and its validators."""

    previous: Attempt
    line: int
    headers: dict[str, str]

    @property
    def etag(self) -> str | None:
        return self.headers.get("ETag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("Last-Modified")

    @property
    def attempt(self) -> str:
        return f"{self.previous.crawl_date}/{self.previous.attempt}"

    def body(self) -> str:
        for i, record in enumerate(self.previous.records()):
            if i == self.line:
                return record["body"]
        raise KeyError(f"record {self.line} missing from {self.previous.data_path}")


def readable_failure(failure: Failure) -> str:
    """One line saying why a request failed, for crawl_runs.error_message."""
    url = failure.request.url if getattr(failure, "request", None) is not None else "?"
    message = failure.getErrorMessage()
    if failure.check(IgnoreRequest):
        return f"{message} ({url})" if url not in message else message
    if failure.check(TimeoutError, defer.TimeoutError, TCPTimedOutError) or "Timeout" in failure.type.__name__:
        return f"timed out ({message})" if url in message else f"timed out ({message}): {url}"
    if failure.check(defer.CancelledError) or "maxsize" in message.lower() or "max size" in message.lower():
        return f"response too large or cancelled ({message}): {url}"
    if failure.check(DNSLookupError):
        return f"DNS lookup failed: {url}"
    if failure.check(ConnectionRefusedError):
        return f"connection refused: {url}"
    return f"{failure.type.__name__}: {message} ({url})"

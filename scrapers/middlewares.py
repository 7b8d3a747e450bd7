"""Downloader middlewares: robots.txt shared by waiters, retries that wait, same-site redirects."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waits on a robots.txt download
    getting the parsed rules.

    In Scrapy 2.19 the requests that arrive while a host's robots.txt is still downloading all
    await the same Deferred; converting it to a Future consumes its result, so only the first
    of them sees the rules and the rest are let through unchecked (our crawl test caught a
    Disallow'd URL being fetched). Each waiter here gets its own Deferred, fed from the shared
    one without consuming it.
    """

    async def robot_parser(self, request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(pending, Deferred):
            waiter: Deferred = Deferred()

            def relay(result):
                waiter.callback(result)
                return result  # keep the parser for the next waiter

            pending.addBoth(relay)
            return await maybe_deferred_to_future(waiter)
        return await super().robot_parser(request)

    def _robots_error(self, exc, netloc):
        pending = self._parsers.get(netloc)
        super()._robots_error(exc, netloc)
        if isinstance(pending, Deferred) and not pending.called:
            pending.callback(None)  # waiters proceed as if there were no robots.txt, as Scrapy does


class PoliteRetryMiddleware(RetryMiddleware):
    """Retries that wait: ``Retry-After`` on 429/503, exponential backoff on other failures.

    Scrapy's stock middleware re-queues a failed request at once. A board that answers 429 or
    503 with ``Retry-After`` is told when we come back; one that gives no hint gets
    ``INTERNRADAR_BACKOFF_BASE * 2**n`` seconds (n = retries so far, with up to 25% jitter),
    capped by ``INTERNRADAR_BACKOFF_MAX``. A ``Retry-After`` longer than
    ``INTERNRADAR_RETRY_AFTER_MAX`` is not waited for: the source fails for the night with that
    reason, instead of holding the whole crawl hostage.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("INTERNRADAR_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("INTERNRADAR_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("INTERNRADAR_RETRY_AFTER_MAX", 300.0)

    async def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        retries = request.meta.get("retry_times", 0)
        if retries >= request.meta.get("max_retry_times", self.max_retry_times):
            return response  # give up: the errback records the final status
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if response.status in (429, 503) and retry_after is not None:
            if retry_after > self.retry_after_max:
                self.crawler.stats.inc_value("internradar/retry_after_too_long")
                raise IgnoreRequest(
                    f"HTTP {response.status} from {response.url} with Retry-After {retry_after:.0f}s, "
                    f"longer than the {self.retry_after_max:.0f}s we wait"
                )
            delay = retry_after
            self.crawler.stats.inc_value("internradar/retry_after_honoured")
        else:
            delay = self.backoff(retries)
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await _sleep(delay)
        return retry

    async def process_exception(self, request, exception, spider=None):
        if isinstance(exception, self.exceptions_to_retry) and not request.meta.get("dont_retry", False):
            retry = self._retry(request, exception)
            if retry is not None:
                await _sleep(self.backoff(request.meta.get("retry_times", 0)))
            return retry
        return None

    def backoff(self, retries: int) -> float:
        delay = min(self.backoff_base * (2**retries), self.backoff_max)
        return delay * (1 + random.uniform(0, 0.25)) if delay else 0.0


def parse_retry_after(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


async def _sleep(seconds: float) -> None:
    if seconds > 0:
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


def same_site(host_a: str, host_b: str) -> bool:
    """Whether two host names belong to the same site (equal, or one registrable domain).

    The registrable domain is approximated as the last two labels, or three under a two-letter
    country code whose second level is generic (``co.uk``, ``com.sg``, ``co.kr``...).
    """

    def site(host: str) -> str:
        labels = host.lower().rstrip(".").split(".")
        if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _GENERIC_SECOND_LEVEL:
            return ".".join(labels[-3:])
        return ".".join(labels[-2:])

    return host_a.lower() == host_b.lower() or site(host_a) == site(host_b)


_GENERIC_SECOND_LEVEL = {"co", "com", "ac", "or", "ne", "go", "gov", "org", "net", "edu"}


class SameSiteRedirectMiddleware:
    """Refuse redirects that leave the source's site (a board redirected to a parked domain,
    a login wall, a tracker): the source fails with the reason instead of crawling elsewhere.

    Sits just before Scrapy's RedirectMiddleware (which would follow the redirect); the
    source's host travels in ``request.meta["internradar_site"]``.
    """

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_response(self, request, response, spider=None):
        if response.status not in (301, 302, 303, 307, 308) or "Location" not in response.headers:
            return response
        origin = request.meta.get("internradar_site") or urlparse_cached(request).hostname or ""
        target = urljoin(request.url, response.headers["Location"].decode("latin-1"))
        host = urlsplit(target).hostname or ""
        if not same_site(origin, host):
            self.stats.inc_value("internradar/redirects_refused")
            raise IgnoreRequest(f"refused redirect from {request.url} to another site: {target}")
        return response

"""Downloader middlewares."""

from __future__ import annotations

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred


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

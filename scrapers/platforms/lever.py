"""lever: the spider. Its payload-to-posting mapping is `scrapers.mappers.lever` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from typing import Any, Iterator

import scrapy
from scrapy.http import Response
from w3lib.url import add_or_replace_parameter

from scrapers.platforms.base import BoardSpider
from scrapers.sources import Source
from scrapers.mappers.lever import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    MAX_PAGES,
    PLATFORM,
    _int_param,
    compensation,
    description_html,
    epoch_ms_to_iso,
    map_job,
    map_response,
    parse_postings,
    workplace_type,
)


class LeverSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Per source: the first posting id of every page, to notice a server that ignores skip.
        self._page_heads: dict[str, set[str]] = {}

    def count_postings(self, body: str) -> int:
        return len(parse_postings(body))

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """The next page when this one was full (``len == limit``); a URL without ``limit`` is
        unpaged (Lever then answers with every posting at once)."""
        limit = _int_param(response.url, "limit")
        postings = parse_postings(response.text)
        if not limit or limit <= 0 or len(postings) < limit:
            return
        skip = _int_param(response.url, "skip") or 0
        head = postings[0].get("id") if isinstance(postings[0], dict) else None
        heads = self._page_heads.setdefault(source.id, set())
        run = self.runs[source.id]
        if head is not None and str(head) in heads:
            self.crawler.stats.inc_value("internradar/paging_stopped")
            run.fail(f"paging stopped at skip={skip}: {response.url} repeats an earlier page (skip ignored?)")
            return
        if head is not None:
            heads.add(str(head))
        if skip // limit + 1 >= MAX_PAGES:
            self.crawler.stats.inc_value("internradar/paging_stopped")
            run.fail(f"paging stopped: {MAX_PAGES} full pages and still more at {response.url}")
            return
        yield self.board_request(add_or_replace_parameter(response.url, "skip", str(skip + limit)), source)

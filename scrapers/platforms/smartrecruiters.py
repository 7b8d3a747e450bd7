"""smartrecruiters: the spider. Its payload-to-posting mapping is `scrapers.mappers.smartrecruiters` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from typing import Any, Iterator

import scrapy
from scrapy.http import Response
from w3lib.url import add_or_replace_parameter, url_query_parameter

from scrapers.mappers._fields import text as _text
from scrapers.platforms.base import BoardSpider
from scrapers.sources import Source
from scrapers.mappers.smartrecruiters import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    MAX_PAGES,
    PLATFORM,
    POSTING_PAGE,
    _int,
    compensation,
    description_html,
    detail_url,
    employment_type,
    location,
    map_detail,
    map_job,
    map_response,
    parse_detail,
    parse_page,
    posting_url,
    workplace_type,
)


class SmartRecruitersSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Per source: every posting id the listing pages have named, to notice an ignored offset.
        self._seen: dict[str, set[str]] = {}

    def count_postings(self, body: str) -> int:
        return len(parse_page(body)["content"])

    def count_detail(self, body: str) -> int:
        parse_detail(body)  # validates; the listing already counted the posting
        return 0

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """The next listing page while ``offset + len(content) < totalFound``, then a detail
        request per posting of this page."""
        page = parse_page(response.text)
        content = page["content"]
        ids = {_text(item.get("id")) for item in content if isinstance(item, dict)} - {None}
        seen = self._seen.setdefault(source.id, set())
        new = ids - seen
        seen |= ids
        offset = _int(url_query_parameter(response.url, "offset")) or 0
        total = _int(page.get("totalFound"))
        run = self.runs[source.id]
        if offset > 0 and ids and not new:  # even on the last page: the listing is not what it says
            self.crawler.stats.inc_value("internradar/paging_stopped")
            run.fail(f"paging stopped at offset={offset}: {response.url} repeats earlier postings (offset ignored?)")
            return
        if content and total is not None and offset + len(content) < total:
            if offset // max(len(content), 1) + 1 >= MAX_PAGES:
                self.crawler.stats.inc_value("internradar/paging_stopped")
                run.fail(f"paging stopped: {MAX_PAGES} pages and still more at {response.url}")
            else:
                next_url = add_or_replace_parameter(response.url, "offset", str(offset + len(content)))
                yield self.board_request(next_url, source)
        for item in content:
            if isinstance(item, dict) and _text(item.get("id")) in new:
                url = detail_url(response.url, item)
                if url:
                    yield self.detail_request(url, source)

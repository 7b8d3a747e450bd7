"""greenhouse: the spider. Its payload-to-posting mapping is `scrapers.mappers.greenhouse` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from collections.abc import Iterator

import scrapy
from scrapy.http import Response

from scrapers.mappers._fields import child_url
from scrapers.platforms.base import BoardSpider, Source
from scrapers.mappers.greenhouse import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    PLATFORM,
    map_detail,
    map_job,
    map_response,
    needs_detail,
    parse_jobs,
)


class GreenhouseSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def count_postings(self, body: str) -> int:
        return len(parse_jobs(body))

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request | None]:
        for job in parse_jobs(response.text):
            if needs_detail(job):
                yield self.detail_request(child_url(response.url, job["id"]), source)

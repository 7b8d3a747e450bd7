"""workable: the spider. Its payload-to-posting mapping is `scrapers.mappers.workable` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from typing import Iterator

import scrapy
from scrapy.http import Response

from scrapers.mappers._fields import text as _text
from scrapers.platforms.base import BoardSpider
from scrapers.sources import Source
from scrapers.mappers.workable import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    DETAIL_PATH,
    PLATFORM,
    compensation,
    department,
    description_html,
    detail_url,
    employment_type,
    job_groups,
    map_detail,
    map_group,
    map_response,
    parse_account,
    parse_detail,
    row_locations,
    workplace_type,
)


class WorkableSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def count_postings(self, body: str) -> int:
        jobs = parse_account(body)["jobs"]
        return len({_text(j.get("shortcode")) for j in jobs if isinstance(j, dict)} - {None})

    def count_detail(self, body: str) -> int:
        parse_detail(body)  # validates; the listing already counted the job
        return 0

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """A detail request per job whose rows carry no description."""
        groups, _ = job_groups(parse_account(response.text)["jobs"])
        for rows in groups:
            if not any(description_html(row) for row in rows):
                yield self.detail_request(detail_url(response.url, source.board, _text(rows[0]["shortcode"])), source)

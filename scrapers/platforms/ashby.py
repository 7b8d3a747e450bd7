"""ashby: the spider. Its payload-to-posting mapping is `scrapers.mappers.ashby` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from scrapers.platforms.base import BoardSpider
from scrapers.mappers.ashby import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    PLATFORM,
    compensation,
    description_html,
    employment_type,
    is_listed,
    locations,
    map_board,
    map_job,
    map_response,
    parse_jobs,
    workplace_type,
)


class AshbySpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def count_postings(self, body: str) -> int:
        jobs = parse_jobs(body)
        listed = sum(1 for job in jobs if is_listed(job))
        if listed < len(jobs):
            self.crawler.stats.inc_value("internradar/postings_unlisted", len(jobs) - listed)
        return listed

"""listings: the spider. Its payload-to-posting mapping is `scrapers.mappers.listings` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from scrapers.platforms.base import BoardSpider
from scrapers.mappers.listings import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    HIDDEN,
    INACTIVE,
    ListingsResult,
    PLATFORM,
    count_open,
    description,
    map_listing,
    map_listings,
    map_response,
    parse_listings,
    skip_reason,
)


class ListingsSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def count_postings(self, body: str) -> int:
        return count_open(body)

"""recruitee: the spider. Its payload-to-posting mapping is `scrapers.mappers.recruitee` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

from typing import Iterator

import scrapy
from scrapy.http import Response

from scrapers.mappers._fields import text as _text
from scrapers.platforms.base import BoardSpider
from scrapers.sources import Source
from scrapers.mappers.recruitee import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    PLATFORM,
    compensation,
    description_html,
    detail_url,
    employment_type,
    locations,
    map_detail,
    map_offer,
    map_response,
    parse_detail,
    parse_offers,
    utc_to_iso,
    workplace_type,
)


class RecruiteeSpider(BoardSpider):
    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL

    def count_postings(self, body: str) -> int:
        return len(parse_offers(body))

    def count_detail(self, body: str) -> int:
        parse_detail(body)  # validates; the listing already counted the offer
        return 0

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """A detail request per offer that came without any text (none on a normal board)."""
        for offer in parse_offers(response.text):
            mappable = isinstance(offer, dict) and _text(offer.get("id")) and _text(offer.get("title"))
            if mappable and description_html(offer) is None:
                url = detail_url(response.url, offer)
                if url:
                    yield self.detail_request(url, source)

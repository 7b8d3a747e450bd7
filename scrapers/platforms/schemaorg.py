"""schemaorg: the spider. Its payload-to-posting mapping is `scrapers.mappers.schemaorg` (pure, no
Scrapy), re-exported here; the platform's API is described there."""

from __future__ import annotations

import re
from typing import Any, Iterator
from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.sitemap import Sitemap
from w3lib.url import canonicalize_url

from scrapers.items import PayloadError
from scrapers.middlewares import same_site
from scrapers.platforms.base import BoardSpider
from scrapers.sources import Source
from scrapers.mappers.schemaorg import (  # noqa: F401 - the platform's mapping, re-exported
    DEFAULT_URL,
    JOB_SITEMAP,
    JOB_URL,
    NOT_JOB_URL,
    PAGE_PARAMS,
    PLATFORM,
    SITEMAP_TYPES,
    compensation,
    count_job_postings,
    description_html,
    employment_type,
    is_remote,
    locations,
    map_detail,
    map_job_posting,
    map_response,
    page_kind,
    place_text,
    stable_id,
)


def sitemap_locs(body: str) -> tuple[str, list[str]]:
    """A sitemap's type (``urlset`` or ``sitemapindex``) and its ``<loc>`` URLs in order."""
    sitemap = Sitemap(body.lstrip("\ufeff \t\r\n").encode("utf-8"))
    if sitemap.type not in SITEMAP_TYPES:
        raise PayloadError(f"expected a sitemap, got an XML document with root <{sitemap.type}>")
    return sitemap.type, [entry["loc"] for entry in sitemap if entry.get("loc")]


def listing_links(
    response: TextResponse, job_url: re.Pattern[str] = JOB_URL, not_job_url: re.Pattern[str] = NOT_JOB_URL
) -> tuple[list[str], list[str]]:
    """The posting links and the further listing pages of an HTML listing page, same host only."""
    here = urlsplit(response.url)
    postings, pages = [], []
    for link in LinkExtractor().extract_links(response):
        url = urlsplit(link.url)
        if url.hostname != here.hostname:
            continue
        if url.path == here.path and PAGE_PARAMS & set(parse_qs(url.query)):
            pages.append(link.url)
        elif job_url.search(link.url) and not not_job_url.search(url.path):
            postings.append(link.url)
    for href in response.xpath('//a[@rel="next"]/@href | //link[@rel="next"]/@href').getall():
        url = response.urljoin(href.strip())
        if urlsplit(url).hostname == here.hostname:
            pages.append(url)
    return postings, pages



class SchemaOrgSpider(BoardSpider):
    """Sitemaps and listing pages to posting pages; subclass to change what looks like a posting."""

    name = PLATFORM
    platform = PLATFORM
    default_url = DEFAULT_URL
    job_url_pattern: re.Pattern[str] = JOB_URL
    not_job_url_pattern: re.Pattern[str] = NOT_JOB_URL
    job_sitemap_pattern: re.Pattern[str] = JOB_SITEMAP
    # Past these the source fails for the night (like a listing we could not finish) rather than
    # closing postings it never reached.
    max_listing_pages = 200
    max_posting_pages = 10_000

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        # Per source, the listing URLs already requested (posting pages are deduplicated by
        # `detail_request`). Listing requests skip Scrapy's dupefilter, which would drop a
        # request without calling back and leave the source pending forever.
        self._listings: dict[str, set[str]] = {}

    def count_postings(self, body: str) -> int:
        page_kind(body)
        return 0

    def count_detail(self, body: str) -> int:
        return count_job_postings(body)

    def next_requests(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):  # e.g. served as application/octet-stream
            response = HtmlResponse(url=response.url, body=response.body, encoding="utf-8")
        listings = self._listings.setdefault(source.id, set())
        for url in [response.url, *response.meta.get("redirect_urls", [])]:
            listings.add(canonicalize_url(url))
        if page_kind(response.text) == "sitemap":
            yield from self._from_sitemap(response, source)
        else:
            yield from self._from_html(response, source)

    def _from_sitemap(self, response: TextResponse, source: Source) -> Iterator[scrapy.Request]:
        kind, locs = sitemap_locs(response.text)
        host = urlsplit(response.url).hostname or ""
        locs = [u for u in locs if same_site(host, urlsplit(u).hostname or "")]
        if kind == "sitemapindex":
            jobby = [u for u in locs if self.job_sitemap_pattern.search(urlsplit(u).path)]
            for url in jobby or locs:
                yield from self._listing(url, source)
            return
        if not self.job_sitemap_pattern.search(urlsplit(response.url).path):
            locs = [u for u in locs if self.job_url_pattern.search(u)]
        for url in locs:
            yield from self._posting(url, source)

    def _from_html(self, response: TextResponse, source: Source) -> Iterator[scrapy.Request]:
        postings, pages = listing_links(response, self.job_url_pattern, self.not_job_url_pattern)
        for url in postings:
            yield from self._posting(url, source)
        for url in pages:
            yield from self._listing(url, source)
        if not postings:
            self.crawler.stats.inc_value("internradar/listing_pages_without_links")
            self.logger.info(
                "internradar: %s: no posting links in %s (rendered by JavaScript?)", source.id, response.url
            )

    def _listing(self, url: str, source: Source) -> Iterator[scrapy.Request]:
        seen = self._listings.setdefault(source.id, set())
        key = canonicalize_url(url)
        if key in seen:
            return
        if len(seen) >= self.max_listing_pages:
            self._give_up(source, f"more than {self.max_listing_pages} sitemaps or listing pages (at {url})")
            return
        seen.add(key)
        yield self.board_request(url, source)

    def _posting(self, url: str, source: Source) -> Iterator[scrapy.Request | None]:
        if canonicalize_url(url) in self._listings.get(source.id, ()):
            return
        if len(self._detail_urls.get(source.id, ())) >= self.max_posting_pages:
            self._give_up(source, f"more than {self.max_posting_pages} posting pages (at {url})")
            return
        yield self.detail_request(url, source)

    def _give_up(self, source: Source, reason: str) -> None:
        run = self.runs[source.id]
        if run.status != "failed":
            self.crawler.stats.inc_value("internradar/listing_stopped")
            run.fail(f"listing stopped: {reason}")
            self.logger.warning("internradar: %s: %s", source.id, run.error_message)

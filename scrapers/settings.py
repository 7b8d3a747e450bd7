"""Scrapy settings for internradar: a polite crawler of public job-board APIs.

Politeness is on by default (robots.txt, AutoThrottle, low per-domain concurrency, a
User-Agent with a contact URL). Tests and the offline demo relax the delays for loopback
only, by passing settings overrides to the crawl; they never turn robots.txt off.
"""

BOT_NAME = "internradar"
SPIDER_MODULES = ["scrapers.platforms"]
NEWSPIDER_MODULE = "scrapers.platforms"

# Who we are and how to reach us; site owners see this in their logs.
INTERNRADAR_CONTACT_URL = "https://github.com/internradar/internradar"
USER_AGENT = f"internradar/0.1 (+{INTERNRADAR_CONTACT_URL})"

ROBOTSTXT_OBEY = True
DOWNLOADER_MIDDLEWARES = {
    # Same priority as Scrapy's own, which it replaces (see the class for why).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scrapers.middlewares.SharedRobotsTxtMiddleware": 100,
    # Retries that honour Retry-After and back off exponentially, in place of Scrapy's.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapers.middlewares.PoliteRetryMiddleware": 550,
    # Sees 3xx before RedirectMiddleware (600) follows them: no redirects off the source's site.
    "scrapers.middlewares.SameSiteRedirectMiddleware": 650,
}

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Waits between retries (scrapers.middlewares.PoliteRetryMiddleware): Retry-After when a 429
# or 503 gives one (up to RETRY_AFTER_MAX, else the source fails for the night), otherwise
# BACKOFF_BASE * 2**n seconds, at most BACKOFF_MAX.
INTERNRADAR_BACKOFF_BASE = 2.0
INTERNRADAR_BACKOFF_MAX = 60.0
INTERNRADAR_RETRY_AFTER_MAX = 300.0
# Send If-None-Match / If-Modified-Since from the previous night's response; a 304 reuses it.
INTERNRADAR_CONDITIONAL_REQUESTS = True
DOWNLOAD_TIMEOUT = 30
# A job board answer is kilobytes to a few megabytes; anything far bigger is not a board.
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

ITEM_PIPELINES = {
    "scrapers.pipelines.RawLakePipeline": 500,
}

# Where raw responses go; `scrapers.crawl` and the Dagster asset set these per run.
INTERNRADAR_RAW_DIR = "data/raw"
INTERNRADAR_CRAWL_DATE = None  # YYYY-MM-DD; defaults to today (UTC)
INTERNRADAR_ATTEMPT = None  # attempt id shared by every source of one crawl run

# No remote-control servers unless asked for (-s KEY=True): Scrapy's telnet console, and the
# HTTP server Scrapy 2.19 added (REMOTE_CONTROL_ENABLED, on by default), which runs any Python
# code it is sent on 127.0.0.1 and writes its bearer token to a job file in the home directory.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
FEED_EXPORT_ENCODING = "utf-8"

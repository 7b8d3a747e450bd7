"""Item pipelines: the raw lake writer (every response kept, per source, per crawl date)."""

from __future__ import annotations

from datetime import UTC, datetime

from scrapers.items import RawResponse
from scrapers.rawlake import AttemptWriter, new_attempt_id, source_dir


class RawLakePipeline:
    """Writes each RawResponse to its source's attempt file; publishes a meta file per source at close."""

    def __init__(self, crawler):
        self.crawler = crawler
        settings = crawler.settings
        self.raw_dir = settings.get("INTERNRADAR_RAW_DIR")
        self.crawl_date = settings.get("INTERNRADAR_CRAWL_DATE") or datetime.now(UTC).date().isoformat()
        self.attempt = settings.get("INTERNRADAR_ATTEMPT") or new_attempt_id()
        self.writers: dict[str, AttemptWriter] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _writer(self, platform: str, board: str) -> AttemptWriter:
        key = f"{platform}:{board}"
        if key not in self.writers:
            directory = source_dir(self.raw_dir, self.crawl_date, platform, board)
            self.writers[key] = AttemptWriter(directory, self.attempt)
        return self.writers[key]

    def process_item(self, item):
        if isinstance(item, RawResponse):
            self._writer(item.platform, item.board).write(item.to_dict())
            self.crawler.stats.inc_value("internradar/raw_responses")
        return item

    def close_spider(self):
        spider = self.crawler.spider
        spider.close_runs()
        for source in spider.sources:
            run = spider.runs[source.id]
            meta = {**run.to_meta(), "crawl_date": self.crawl_date}
            self._writer(source.platform, source.board).finish(meta)

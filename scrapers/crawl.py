"""Run one night's crawl of a sources file: ``python -m scrapers.crawl --sources FILE --date D``.

This is what the Dagster asset runs in a subprocess (Twisted's reactor cannot be restarted in
one process). It schedules every platform's spider in one CrawlerProcess, writes the raw lake,
and exits 0 even when some sources failed: failures are data (in each source's meta file),
not crashes. It exits 2 on a bad sources file.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from scrapers.platforms import SPIDERS
from scrapers.rawlake import new_attempt_id
from scrapers.redact import redact_logs
from scrapers.sources import SourceError, load_sources


def build_settings(raw_dir: str, crawl_date: str, attempt: str, overrides: dict[str, str]):
    """`scrapers.settings` plus this run's raw-lake target and any overrides (``-s KEY=VALUE``).

    Always our settings module, never whatever `get_project_settings` finds: that follows
    SCRAPY_SETTINGS_MODULE and the nearest or per-user scrapy.cfg, so the same crawl could run
    with another project's settings depending on where it was started."""
    settings = Settings()
    settings.setmodule("scrapers.settings", priority="project")
    settings.set("INTERNRADAR_RAW_DIR", raw_dir, priority="cmdline")
    settings.set("INTERNRADAR_CRAWL_DATE", crawl_date, priority="cmdline")
    settings.set("INTERNRADAR_ATTEMPT", attempt, priority="cmdline")
    for key, value in overrides.items():
        settings.set(key, value, priority="cmdline")
    return settings


def _parse_overrides(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise SystemExit(f"-s expects KEY=VALUE, got {pair!r}")
        out[key] = value
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scrapers.crawl", description=__doc__.splitlines()[0])
    parser.add_argument("--sources", required=True, help="sources YAML file")
    parser.add_argument("--raw-dir", required=True, help="root of the raw lake")
    parser.add_argument("--date", default=datetime.now(UTC).date().isoformat(), help="crawl date YYYY-MM-DD")
    parser.add_argument("--attempt", default=None, help="attempt id (default: now)")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="KEY=VALUE", help="Scrapy setting")
    args = parser.parse_args(argv)

    try:
        sources = load_sources(args.sources)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    attempt = args.attempt or new_attempt_id()
    settings = build_settings(args.raw_dir, args.date, attempt, _parse_overrides(args.set))
    process = CrawlerProcess(settings)
    platforms = sorted({s.platform for s in sources})
    for platform in platforms:
        process.crawl(SPIDERS[platform], sources=args.sources)
    redact_logs()  # after the crawlers are made: each one installs Scrapy's root log handler anew
    if platforms:
        process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

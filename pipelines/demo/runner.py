"""`internradar demo`: the real nightly job, offline, over simulated nights of our sample boards.

A local server on 127.0.0.1 plays the Greenhouse API; each night it shows that night's
postings (some appear, change, disappear; one board is down one night) and the real job
(Scrapy subprocess -> Dagster assets -> DuckDB) runs for that night's crawl date.
"""

from __future__ import annotations

import shutil
import time
from datetime import UTC, date, datetime, timedelta
from typing import Callable

from pipelines.home import Home

MARKER = ".internradar-demo"
NIGHT_SPACING_DAYS = 5  # nights spread over several weeks, so weekly trends have a shape
# Politeness relaxed for loopback only: no delays against our own local server.
LOOPBACK_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_START_DELAY": "0",
    "AUTOTHROTTLE_MAX_DELAY": "1",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "RETRY_TIMES": "1",
    "LOG_LEVEL": "INFO",
}


class DemoError(RuntimeError):
    """The demo cannot run (e.g. it would overwrite a directory that is not a demo home)."""


def fresh_demo_home(home: Home) -> None:
    """Empty a previous demo home; refuse to touch a non-empty directory that is not one."""
    root = home.root
    if root.exists() and any(root.iterdir()):
        if not (root / MARKER).exists():
            raise DemoError(f"{root} is not empty and is not a demo home; pass --home with a new directory")
        shutil.rmtree(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / MARKER).write_text("created by `internradar demo`; safe to delete\n", encoding="utf-8")


def night_dates(nights: int, end_date: date) -> list[date]:
    return [end_date - timedelta(days=NIGHT_SPACING_DAYS * (nights - 1 - i)) for i in range(nights)]


def run_demo(
    home: Home,
    nights: int | None = None,
    end_date: date | None = None,
    echo: Callable[[str], None] = print,
) -> dict:
    """Run the demo end to end; returns the warehouse summary it printed."""
    from pipelines.demo.sample import NIGHTS
    from pipelines.demo.server import DemoServer
    from pipelines.nightly import failure_summary, run_nightly
    from scrapers.sources import dump_sources, parse_sources
    from warehouse.db import connect
    from warehouse.lock import WriterBusy, writer_lock
    from warehouse.summary import format_summary, summary

    nights = min(nights or NIGHTS, NIGHTS)
    end_date = end_date or datetime.now(UTC).date()
    if home.writer_lock.exists():  # refuse before deleting anything a running demo uses
        try:
            with writer_lock(home.writer_lock):
                pass
        except WriterBusy as exc:
            raise DemoError(str(exc)) from None
    fresh_demo_home(home)
    started = time.monotonic()
    with writer_lock(home.writer_lock, command="internradar demo"), DemoServer() as server:
        sources_file = dump_sources(parse_sources(server.sources(), "demo"), home.root / "demo-sources.yaml")
        echo(f"demo: serving {len(server.sources())} sample boards at {server.base_url}")
        for night, day in enumerate(night_dates(nights, end_date), start=1):
            server.set_night(night, day)
            t0 = time.monotonic()
            result = run_nightly(
                home, sources_file, day.isoformat(), crawl_settings=LOOPBACK_SETTINGS, log_level="WARNING"
            )
            notes = failure_summary(result)
            echo(f"demo: night {night}/{nights} ({day}) {'ok' if result.success else 'FAILED'} in {time.monotonic() - t0:.1f}s")
            for note in notes:
                echo(f"demo:   {note}")
            if not result.success:
                raise DemoError(f"night {night} failed; see the crawl log in {home.logs}")
    con = connect(home.warehouse, read_only=True)
    try:
        facts = summary(con)
    finally:
        con.close()
    echo("")
    echo(format_summary(facts))
    echo("")
    echo(f"warehouse: {home.warehouse}")
    echo(f"exports:   {home.exports}")
    echo(f"report:    {home.report}")
    echo(f"demo finished in {time.monotonic() - started:.1f}s; try: internradar trends industry --home {home.root}")
    return facts

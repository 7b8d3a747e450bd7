"""Launch `python -m scrapers.crawl` in a subprocess and collect what it wrote.

Twisted's reactor cannot be restarted inside one process, and a Dagster run may crawl many
nights, so every crawl gets a fresh interpreter. Sources the crawler never finished (it
crashed or was killed) still get a meta file saying so, so no source silently vanishes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from scrapers.rawlake import Attempt, AttemptWriter, latest_attempts, new_attempt_id, source_dir
from scrapers.redact import redact
from scrapers.sources import load_sources

PROGRESS_MARK = "internradar:"


def crawl_in_subprocess(
    sources_file: Path,
    raw_dir: Path,
    crawl_date: str,
    settings: dict[str, str] | None = None,
    log_file: Path | None = None,
    on_progress: Callable[[str], None] = lambda line: None,
) -> list[Attempt]:
    """Crawl every source of `sources_file` for `crawl_date`; returns this attempt's results."""
    sources = load_sources(sources_file)  # fail fast, in this process, with the entry named
    attempt = new_attempt_id()
    cmd = [
        sys.executable, "-m", "scrapers.crawl",
        "--sources", str(sources_file), "--raw-dir", str(raw_dir),
        "--date", crawl_date, "--attempt", attempt,
    ]
    for key, value in (settings or {}).items():
        cmd += ["-s", f"{key}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "scrapers.settings"}
    if log_file:
        log_file.parent.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, errors="replace"
    ) as proc, open(log_file or os.devnull, "a", encoding="utf-8") as log:
        assert proc.stdout is not None
        for line in proc.stdout:
            line = redact(line)  # the crawl redacts its log; this also covers anything else it prints
            log.write(line)
            if PROGRESS_MARK in line:
                on_progress(line.split(PROGRESS_MARK, 1)[1].strip())
    code = proc.returncode

    results = {a.source: a for a in latest_attempts(raw_dir, crawl_date) if a.attempt == attempt}
    for source in sources:
        if source.id not in results:
            reason = f"crawler exited with code {code} before finishing this source"
            writer = AttemptWriter(source_dir(raw_dir, crawl_date, source.platform, source.board), attempt)
            writer.finish({
                "source": source.id, "platform": source.platform, "board": source.board,
                "company": source.company, "status": "failed", "items": 0, "errors": 1,
                "error_message": reason, "requests": 0, "bytes": 0, "duration_s": 0.0,
                "started_at": None, "crawl_date": crawl_date,
            })
    return [a for a in latest_attempts(raw_dir, crawl_date) if a.attempt == attempt]

"""The one resource every asset uses: where the home directory and the sources file are."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipelines.home import REPO_ROOT, Home, resolve_home


class InternradarResource(dg.ConfigurableResource):
    """Paths and crawl settings for one run; the CLI fills these in through run config.

    Unset values fall back at run time to $INTERNRADAR_HOME (else ./data) and
    $INTERNRADAR_SOURCES (else the repo's sources.yaml).
    """

    home: str | None = None
    sources_file: str | None = None
    # Scrapy setting overrides, e.g. relaxed delays for the loopback demo; empty in production.
    crawl_settings: dict[str, str] = Field(default_factory=dict)

    def paths(self) -> Home:
        return Home(resolve_home(self.home))

    def sources_path(self) -> Path:
        import os

        chosen = self.sources_file or os.environ.get("INTERNRADAR_SOURCES") or REPO_ROOT / "sources.yaml"
        return Path(chosen).expanduser().resolve()

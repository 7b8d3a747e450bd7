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
    # The night fails (the run ends non-zero) when more than this share of sources failed, and
    # always when all did. Unset: $INTERNRADAR_MAX_FAILED_SHARE, else 0.5.
    max_failed_share: float | None = None
    # How long a step waits for another run's writer lock on the home before it fails.
    # Unset: $INTERNRADAR_LOCK_WAIT_S, else two hours (a whole night of another run).
    lock_wait_s: float | None = None

    def paths(self) -> Home:
        return Home(resolve_home(self.home))

    def failed_share_budget(self) -> float:
        import os

        value = self.max_failed_share
        if value is None:
            raw = os.environ.get("INTERNRADAR_MAX_FAILED_SHARE", "0.5")
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"INTERNRADAR_MAX_FAILED_SHARE={raw!r} is not a number between 0 and 1") from None
        if not 0 <= value <= 1:
            raise ValueError(f"max_failed_share must lie between 0 and 1, got {value}")
        return value

    def lock_wait(self) -> float:
        import os

        if self.lock_wait_s is not None:
            return self.lock_wait_s
        return float(os.environ.get("INTERNRADAR_LOCK_WAIT_S", "7200"))

    def sources_path(self) -> Path:
        import os

        chosen = self.sources_file or os.environ.get("INTERNRADAR_SOURCES") or REPO_ROOT / "sources.yaml"
        return Path(chosen).expanduser().resolve()

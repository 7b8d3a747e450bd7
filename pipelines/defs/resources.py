"""The one resource every asset uses: where the home directory and the sources file are."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dagster as dg
from pydantic import Field, PrivateAttr

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

    # The working database, kept open from a run's first step that opens it to its publish (see
    # working_warehouse); None when not kept.
    _kept: Any = PrivateAttr(default=None)
    _in_run: bool = PrivateAttr(default=False)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._in_run = True

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        self.release_working_warehouse()

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

    def writer_lock(self, context):
        """The home's writer lock for one step (already held when the whole run took it, as
        `internradar run` does; waits up to lock_wait() for another run's)."""
        from warehouse.lock import writer_lock

        keys = context.partition_keys
        dates = keys[0] if len(keys) == 1 else f"{keys[0]}..{keys[-1]}"
        return writer_lock(
            self.paths().writer_lock,
            command=f"dagster run {context.run.run_id[:8]} ({context.job_name}, {dates})",
            wait_s=self.lock_wait(),
            on_wait=context.log.info,
        )

    @contextmanager
    def working_warehouse(self, create: bool = False):
        """A connection to the working database (None if there is none yet and not `create`);
        the caller holds the writer lock.

        Within a run that holds the writer lock as a whole (`internradar run`, `retag`, the
        demo: warehouse.lock's run token), the database stays open from the first step that
        opens it until the run ends or `release_working_warehouse` (the publish step, and a
        load before it rewrites the file): each step gets a connection of its own to it, and the
        next step finds DuckDB's catalog and cached blocks as the last one left them instead of
        reading them again (a 1% night's steps took 0.25 s less). Each step's connection
        checkpoints when it closes, so between steps the file alone is whole, as it is when the
        database is closed; a step that fails closes the database."""
        from warehouse.db import connect
        from warehouse.lock import held_for_run
        from warehouse.snapshot import adopt_legacy

        home = self.paths()
        if self._kept is None:
            adopt_legacy(home.warehouse, home.working_warehouse)
        if not create and not home.working_warehouse.exists():
            yield None
            return
        if self._kept is None and self._in_run and held_for_run(home.writer_lock):
            self._kept = connect(home.working_warehouse)
        con = self._kept.cursor() if self._kept is not None else connect(home.working_warehouse)
        try:
            yield con
            if self._kept is not None:
                con.execute("checkpoint")
        except BaseException:
            con.close()
            self.release_working_warehouse()
            raise
        finally:
            con.close()

    def release_working_warehouse(self) -> None:
        """Close the working database if a run kept it open (see working_warehouse)."""
        kept, self._kept = self._kept, None
        if kept is not None:
            kept.close()

    def sources_path(self) -> Path:
        import os

        chosen = self.sources_file or os.environ.get("INTERNRADAR_SOURCES") or REPO_ROOT / "sources.yaml"
        return Path(chosen).expanduser().resolve()

"""Where one internradar installation keeps its data: the home directory and its layout."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HOME = "data"


def resolve_home(home: str | os.PathLike | None = None) -> Path:
    """`home` if given, else $INTERNRADAR_HOME, else ./data; always absolute."""
    chosen = home or os.environ.get("INTERNRADAR_HOME") or DEFAULT_HOME
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class Home:
    """Paths inside a home directory: raw lake, staging, warehouse, exports, logs."""

    root: Path

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def staging(self) -> Path:
        return self.root / "staging"

    @property
    def warehouse(self) -> Path:
        """The published, read-only snapshot: the one path analysts and dashboards open."""
        return self.root / "warehouse.duckdb"

    @property
    def work(self) -> Path:
        """The writer's private folder: the working database and the writer lock."""
        return self.root / "work"

    @property
    def working_warehouse(self) -> Path:
        """The database the nightly load writes; never opened by readers."""
        return self.work / "warehouse.duckdb"

    @property
    def writer_lock(self) -> Path:
        return self.work / "writer.lock"

    @property
    def snapshots(self) -> Path:
        """Published snapshots, newest kept (the stable path is a hard link to one of them)."""
        return self.root / "snapshots"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def report(self) -> Path:
        """The current report (a copy of the one in the current export folder)."""
        return self.exports / "report.html"

    @property
    def cache(self) -> Path:
        """What a run may carry over to the next (e.g. resolved location strings); deletable."""
        return self.root / "cache"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def dagster(self) -> Path:
        return self.root / "dagster"

    def stage_file(self, stage: str, crawl_date: str, name: str = "postings.parquet") -> Path:
        return self.staging / stage / f"crawl_date={crawl_date}" / name

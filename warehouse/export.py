"""Exports for dashboards: each trend view as Parquet and CSV, plus a manifest, all atomic."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

# name -> the relation exported under that name (fixed view names, never user input)
EXPORTS = {
    "trend_industry_weekly": "trend_industry_weekly",
    "trend_city_weekly": "trend_city_weekly",
    "trend_skill_weekly": "trend_skill_weekly",
    "open_postings": "open_postings",
    "crawl_runs": "crawl_runs",
}


def _replace_atomically(write, final: Path) -> None:
    tmp = final.with_name(f".{final.name}.tmp")
    try:
        write(str(tmp))
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)


def export_all(con: duckdb.DuckDBPyConnection, exports_dir: Path) -> dict[str, Any]:
    """Write every export and then manifest.json; a reader never sees a half-written file."""
    exports_dir = Path(exports_dir)
    exports_dir.mkdir(parents=True, exist_ok=True)
    entries = []
    generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    for name, relation_name in EXPORTS.items():
        relation = con.table(relation_name).order(", ".join(f"#{i + 1}" for i in range(2)))
        _replace_atomically(relation.write_parquet, exports_dir / f"{name}.parquet")
        _replace_atomically(relation.write_csv, exports_dir / f"{name}.csv")
        entries.append({
            "name": name,
            "rows": relation.count("*").fetchall()[0][0],
            "columns": [{"name": c, "type": str(t)} for c, t in zip(relation.columns, relation.types)],
            "files": [f"{name}.parquet", f"{name}.csv"],
            "generated_at": generated_at,
        })
    manifest = {"generated_at": generated_at, "exports": entries}
    tmp = exports_dir / ".manifest.json.tmp"
    tmp.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(tmp, exports_dir / "manifest.json")
    return manifest

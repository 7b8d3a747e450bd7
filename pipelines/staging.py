"""Staging files between assets: Parquet frames and JSON run lists, written atomically."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd


def write_frame(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    frame.to_parquet(tmp, index=False, compression="zstd")
    os.replace(tmp, path)
    return path


def read_frame(path: Path) -> pd.DataFrame:
    return pd.read_parquet(staged_file(path))


def staged_file(path: Path) -> Path:
    """`path`, which must exist (an upstream asset's staging file, read by DuckDB itself)."""
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: materialize the upstream asset for this date first")
    return path


def write_table(table, path: Path) -> Path:
    """An Arrow table as a staging Parquet file, its types as they are."""
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def read_table(path: Path, columns: list[str] | None = None):
    """A staging Parquet file as an Arrow table (no pandas on the way): its `columns`, or all."""
    import pyarrow.parquet as pq

    return pq.read_table(staged_file(path), columns=columns)


def write_json(data: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, path)
    return path


def read_json(path: Path) -> Any:
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: materialize the upstream asset for this date first")
    return json.loads(path.read_text(encoding="utf-8"))

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
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: materialize the upstream asset for this date first")
    return pd.read_parquet(path)


def read_table(path: Path):
    """A staging Parquet file as an Arrow table (no pandas on the way)."""
    import pyarrow.parquet as pq

    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: materialize the upstream asset for this date first")
    return pq.read_table(path)


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

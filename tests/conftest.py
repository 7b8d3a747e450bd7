"""Shared pytest fixtures: paths to the repo and to the real data in ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """The real-data folder beside the checkout (override with INTERNRADAR_SHARED)."""
    base = Path(os.environ.get("INTERNRADAR_SHARED", REPO_ROOT.parent / "shared"))
    return base / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips the test with a clear reason when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"real data not available: {path} is missing (set INTERNRADAR_SHARED)")
    return path


@pytest.fixture(scope="session")
def simplify_listings(shared_data: Path) -> list[dict]:
    """The 5,960 real community-list listings from ../shared/data."""
    import json

    path = shared_data / "simplify-listings-2024.json"
    if not path.is_file():
        pytest.skip(f"real data not available: {path} is missing")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True, scope="module")
def _restore_environment():
    """Runs of the nightly job export DAGSTER_HOME/INTERNRADAR_HOME; keep them from leaking across modules."""
    saved = {k: os.environ.get(k) for k in ("DAGSTER_HOME", "INTERNRADAR_HOME")}
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value

"""Point Dagster's instance at <home>/dagster, with the repo's dagster.yaml installed there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from pipelines.home import REPO_ROOT, Home


def prepare_dagster_home(home: Home) -> Path:
    """Create <home>/dagster, install dagster.yaml, and export DAGSTER_HOME and INTERNRADAR_HOME."""
    target = home.dagster
    target.mkdir(parents=True, exist_ok=True)
    source = REPO_ROOT / "dagster.yaml"
    if source.exists():
        shutil.copyfile(source, target / "dagster.yaml")
    os.environ["DAGSTER_HOME"] = str(target)
    os.environ["INTERNRADAR_HOME"] = str(home.root)
    return target

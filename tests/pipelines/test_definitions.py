"""The Dagster code location loads, and its asset graph matches the reviewed snapshot.

To accept an intended change of the graph: UPDATE_SNAPSHOTS=1 make test, then review the diff
of tests/snapshots/asset_graph.json.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs

SNAPSHOT = Path(__file__).resolve().parents[1] / "snapshots" / "asset_graph.json"


def graph_snapshot() -> dict:
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "deps": sorted(p.to_user_string() for p in node.parent_keys),
            "group": node.group_name,
            "partitioned": node.partitions_def is not None,
            "checks": sorted(c.name for c in node.check_keys),
        }
    return {
        "assets": assets,
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": {s.name: {"cron": s.cron_schedule, "job": s.job_name} for s in repo.schedule_defs},
    }


def test_definitions_validate():
    dg.Definitions.validate_loadable(defs)


def test_asset_graph_matches_snapshot():
    current = graph_snapshot()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(json.dumps(current, indent=2) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing: run UPDATE_SNAPSHOTS=1 make test and commit it"
    assert current == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_graph_shape():
    snap = graph_snapshot()
    shards = [k for k in snap["assets"] if k.startswith("raw_postings_shard_")]
    assert len(shards) == 4 and snap["assets"]["clean_postings"]["deps"] == sorted(shards)
    assert snap["assets"]["tagged_postings"]["deps"] == ["clean_postings"]
    assert snap["assets"]["warehouse_tables"]["deps"] == ["tagged_postings"]
    assert snap["assets"]["warehouse_snapshot"]["deps"] == ["warehouse_tables"]
    assert snap["assets"]["trend_exports"]["deps"] == ["warehouse_snapshot"]
    assert sum(len(a["checks"]) for a in snap["assets"].values()) >= 3
    assert snap["schedules"]["nightly_0200_utc"]["cron"] == "0 2 * * *"


def test_dagster_yaml_limits_warehouse_runs_to_one():
    import yaml

    config = yaml.safe_load((Path(__file__).resolve().parents[2] / "dagster.yaml").read_text())
    limits = config["concurrency"]["runs"]["tag_concurrency_limits"]
    assert {"key": "internradar/warehouse", "limit": 1} in limits
    job = defs.resolve_job_def("nightly")
    assert job.tags.get("internradar/warehouse") == "duckdb"

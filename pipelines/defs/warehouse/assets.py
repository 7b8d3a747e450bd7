"""warehouse_tables, warehouse_snapshot and trend_exports: load a crawl date into the private
working database, publish it as the read-only snapshot readers open, then publish exports."""

from datetime import date, datetime

import dagster as dg

from pipelines.checks import failure_budget
from pipelines.clustering import Clusterer, forget_prepared
from pipelines.defs.partitions import crawl_dates_of, daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.failpoints import failpoint
from pipelines.memory import release_memory
from pipelines.staging import read_json, read_table, staged_file
from warehouse import checks as sql_checks
from warehouse.db import compact
from warehouse.export import DEFAULT_KEEP as KEEP_EXPORTS
from warehouse.export import export_snapshot
from warehouse.loader import load_crawl
from warehouse.report import write_report
from warehouse.snapshot import keep_from_env, publish

SINGLE_RUN = dg.BackfillPolicy.single_run()
# One asset check per SQL file in warehouse/sql/checks/ (each returns its failing rows): the
# warehouse's consistency (blocking) and each source's drift (warnings; see crawl_health).
WAREHOUSE_CHECKS = {name: sql_checks.check_description(name) for name in sql_checks.check_names()}


def _runs_with_timestamps(runs: list[dict]) -> list[dict]:
    out = []
    for run in runs:
        started = run.get("started_at")
        out.append({**run, "started_at": datetime.fromisoformat(started) if isinstance(started, str) else started})
    return out


def _optional_table(path):
    return read_table(path) if path.exists() else None


def _check_result(name: str, failing) -> dg.AssetCheckResult:
    severity = sql_checks.check_severity(name)
    return dg.AssetCheckResult(
        check_name=name,
        passed=failing.empty,
        severity=dg.AssetCheckSeverity.WARN if severity == "warn" else dg.AssetCheckSeverity.ERROR,
        metadata={
            "failing_rows": len(failing),
            "sample": dg.MetadataValue.text(failing.head(20).to_string(index=False) if not failing.empty else "none"),
        },
    )


@dg.asset(
    partitions_def=daily_partitions,
    backfill_policy=SINGLE_RUN,
    group_name="warehouse",
    deps=["tagged_postings"],
    kinds={"duckdb"},
    description="The working DuckDB database (private to the writer): sightings, posting versions, crawl runs, "
    "and the postings marts with history, kept up to date night by night.",
    check_specs=[
        dg.AssetCheckSpec(name, asset="warehouse_tables", blocking=True, description=text)
        for name, text in WAREHOUSE_CHECKS.items()
    ],
)
def warehouse_tables(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    try:
        return _load_dates(context, internradar)
    finally:
        forget_prepared()  # the clusterer's memo: every date of the run is loaded
        release_memory()


def _load_dates(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    import pandas as pd

    home = internradar.paths()
    dates = crawl_dates_of(context, home)
    failing = {name: [] for name in WAREHOUSE_CHECKS}
    with internradar.writer_lock(context):
        totals = _load_each(context, internradar, home, dates, failing)
        if len(dates) > 1:
            # A run of many nights (a re-tag, a backfill) rewrites the working file whole at its
            # close: packed, and without the free blocks its checkpoints left (a 20-night re-tag
            # left half of a 203 MiB file free, which every publish copied). Packing at the
            # close instead took the benchmark's re-tag 2.9-3.2 s; the rewrite about 3 s.
            internradar.release_working_warehouse()  # the file is replaced: no one may hold it
            compacted = compact(home.working_warehouse)
            if compacted is not None:
                totals["file_mib_before_compaction"] = round(compacted[0] / 2**20, 1)
                totals["file_mib"] = round(compacted[1] / 2**20, 1)
                context.log.info(f"rewrote the working warehouse without its free blocks: "
                                 f"{compacted[0] / 2**20:.0f} MiB -> {compacted[1] / 2**20:.0f} MiB")
    results = [_check_result(name, pd.concat(frames) if frames else pd.DataFrame()) for name, frames in failing.items()]
    return dg.MaterializeResult(
        metadata={**totals, "crawl_dates": len(dates), "path": str(home.working_warehouse)},
        check_results=results,
    )


def _load_each(context: dg.AssetExecutionContext, internradar: InternradarResource, home, dates: list[str],
               failing: dict[str, list]) -> dict[str, int]:
    """Load each crawl date in turn, in one connection; the checks' failing rows go to `failing`."""
    totals: dict[str, int] = {}
    clusterer = Clusterer()
    with internradar.working_warehouse(create=True) as con:
        for i, crawl_date in enumerate(dates, start=1):
            day = date.fromisoformat(crawl_date)
            stats = load_crawl(
                con,
                day,
                staged_file(home.stage_file("tagged", crawl_date)),  # DuckDB reads it
                _runs_with_timestamps(read_json(home.stage_file("clean", crawl_date, "crawl_runs.json"))),
                before_commit=lambda: failpoint("load"),
                sightings=read_table(home.stage_file("clean", crawl_date, "sightings.parquet")),
                clusterer=clusterer,
                decisions=_optional_table(home.stage_file("tagged", crawl_date, "decisions.parquet")),
                restated=_optional_table(home.stage_file("tagged", crawl_date, "restated.parquet")),
                # A run of many nights is rewritten whole after its close (above): its last
                # close need not pack.
                pack=False if len(dates) > 1 and i == len(dates) else None,
            )
            for name in WAREHOUSE_CHECKS:
                failing[name].append(sql_checks.failing_rows(con, name, day))
            for key in ("postings_loaded", "versions_loaded", "new_versions"):
                totals[key] = totals.get(key, 0) + stats[key]
            totals.update({k: stats[k] for k in ("open_postings", "closed_postings", "versions")})
            if len(dates) > 1:
                context.log.info(f"[{i}/{len(dates)}] {crawl_date}: loaded {stats['postings_loaded']} postings, "
                                 f"{stats['new_versions']} new versions")
    return totals


@dg.asset(
    partitions_def=daily_partitions,
    backfill_policy=SINGLE_RUN,
    group_name="warehouse",
    deps=[warehouse_tables],
    kinds={"duckdb"},
    description="The published warehouse: a read-only snapshot of the working database, switched atomically "
    "at $INTERNRADAR_HOME/warehouse.duckdb (the path analysts open).",
)
def warehouse_snapshot(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    with internradar.writer_lock(context):
        info = publish(
            home.working_warehouse,
            home.warehouse,
            home.snapshots,
            keep=keep_from_env(),
            before_switch=lambda: failpoint("publish"),
        )
        # The run's last use of the working database: its cache need not outlive the publish.
        internradar.release_working_warehouse()
    return dg.MaterializeResult(
        metadata={
            "snapshot_id": info["snapshot_id"],
            "as_of": str(info["as_of"]),
            "postings": int(info["postings"]),
            "storage_version": info["storage_version"],
            "path": dg.MetadataValue.path(str(home.warehouse)),
        }
    )


@dg.asset(
    partitions_def=daily_partitions,
    backfill_policy=SINGLE_RUN,
    group_name="warehouse",
    deps=[warehouse_snapshot],
    kinds={"parquet", "csv", "html"},
    description="Exports of the published snapshot (Parquet, CSV, manifest, HTML report) as one folder, "
    "switched to atomically.",
    check_specs=[
        dg.AssetCheckSpec(
            "sources_within_failure_budget",
            asset="trend_exports",
            blocking=True,
            description="The night's crawl did not fail as a whole: not every source, and no more than the "
            "allowed share (max_failed_share, default 0.5), failed. Fails the run so a scheduler notices.",
        )
    ],
)
def trend_exports(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    with internradar.writer_lock(context):
        manifest = export_snapshot(
            home.warehouse,
            home.exports,
            write_report,
            keep=keep_from_env("INTERNRADAR_KEEP_EXPORTS", KEEP_EXPORTS),
            before_switch=lambda: failpoint("exports"),
        )
    dates = crawl_dates_of(context, home)
    runs = read_json(home.stage_file("clean", dates[-1], "crawl_runs.json")) if dates else []
    failed = sorted(r["source"] for r in runs if r.get("status") != "ok")
    budget = internradar.failed_share_budget()
    problem = failure_budget(len(runs), len(failed), budget)
    # A re-tag or a backfill rebuilds history; each night was judged when it ran.
    judged = context.job_name != "retag" and len(context.partition_keys) == 1
    return dg.MaterializeResult(
        metadata={
            "as_of": manifest["as_of"],
            "snapshot_id": manifest["snapshot_id"],
            "exports": dg.MetadataValue.json({e["name"]: e["rows"] for e in manifest["exports"]}),
            "manifest": dg.MetadataValue.path(str(home.exports / "manifest.json")),
            "report": dg.MetadataValue.path(str(home.report)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="sources_within_failure_budget",
                passed=problem is None or not judged,
                metadata={
                    "sources": len(runs),
                    "failed": len(failed),
                    "max_failed_share": budget,
                    "verdict": problem or "within budget",
                    "failed_sources": dg.MetadataValue.json(failed[:50]),
                },
                description=problem if judged else None,
            )
        ],
    )

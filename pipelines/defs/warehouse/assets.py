"""warehouse_tables and trend_exports: load a crawl date into DuckDB, then publish exports."""

from datetime import date, datetime

import dagster as dg

from pipelines.defs.partitions import daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.staging import read_frame, read_json
from warehouse import checks as sql_checks
from warehouse.db import connect
from warehouse.export import export_all
from warehouse.loader import load_crawl
from warehouse.report import write_report

# One asset check per SQL file in warehouse/sql/checks/ (each returns its failing rows): the
# warehouse's consistency (blocking) and each source's drift (warnings; see crawl_health).
WAREHOUSE_CHECKS = {name: sql_checks.check_description(name) for name in sql_checks.check_names()}


def _runs_with_timestamps(runs: list[dict]) -> list[dict]:
    out = []
    for run in runs:
        started = run.get("started_at")
        out.append({**run, "started_at": datetime.fromisoformat(started) if isinstance(started, str) else started})
    return out


@dg.asset(
    partitions_def=daily_partitions,
    group_name="warehouse",
    deps=["tagged_postings"],
    kinds={"duckdb"},
    description="DuckDB tables: sightings, posting versions, crawl runs, and the postings marts with history.",
    check_specs=[
        dg.AssetCheckSpec(name, asset="warehouse_tables", blocking=True, description=text)
        for name, text in WAREHOUSE_CHECKS.items()
    ],
)
def warehouse_tables(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    crawl_date = context.partition_key
    tagged = read_frame(home.stage_file("tagged", crawl_date))
    runs = _runs_with_timestamps(read_json(home.stage_file("clean", crawl_date, "crawl_runs.json")))
    con = connect(home.warehouse)
    try:
        stats = load_crawl(con, date.fromisoformat(crawl_date), tagged, runs)
        results = []
        for name in WAREHOUSE_CHECKS:
            failing = sql_checks.failing_rows(con, name, date.fromisoformat(crawl_date))
            severity = sql_checks.check_severity(name)
            results.append(
                dg.AssetCheckResult(
                    check_name=name,
                    passed=failing.empty,
                    severity=dg.AssetCheckSeverity.WARN if severity == "warn" else dg.AssetCheckSeverity.ERROR,
                    metadata={
                        "failing_rows": len(failing),
                        "sample": dg.MetadataValue.text(failing.head(20).to_string(index=False) if not failing.empty else "none"),
                    },
                )
            )
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={**{k: v for k, v in stats.items() if isinstance(v, (int, float, str))}, "path": str(home.warehouse)},
        check_results=results,
    )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="warehouse",
    deps=[warehouse_tables],
    kinds={"parquet", "csv", "html"},
    description="Trend views as Parquet and CSV with a manifest, and the static HTML report.",
)
def trend_exports(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    con = connect(home.warehouse, read_only=True)
    try:
        manifest = export_all(con, home.exports)
        report = write_report(con, home.report)
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={
            "exports": dg.MetadataValue.json({e["name"]: e["rows"] for e in manifest["exports"]}),
            "manifest": dg.MetadataValue.path(str(home.exports / "manifest.json")),
            "report": dg.MetadataValue.path(str(report)),
        }
    )

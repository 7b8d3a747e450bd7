"""raw_postings: one night's crawl of every source into the raw lake."""

import dagster as dg

from pipelines.checks import sources_without_postings
from pipelines.defs.partitions import daily_partitions
from pipelines.defs.resources import InternradarResource
from scrapers.runner import crawl_in_subprocess


@dg.asset(
    partitions_def=daily_partitions,
    group_name="collect",
    kinds={"scrapy", "json"},
    description="Raw job-board responses of one crawl date (gzip JSON Lines, never rewritten).",
    check_specs=[
        dg.AssetCheckSpec(
            "every_source_returned_postings",
            asset="raw_postings",
            description="Every source crawled without error and returned at least one posting.",
        )
    ],
)
def raw_postings(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    crawl_date = context.partition_key
    sources_file = internradar.sources_path()
    context.log.info(f"crawling {sources_file} for {crawl_date} into {home.raw}")
    attempts = crawl_in_subprocess(
        sources_file,
        home.raw,
        crawl_date,
        settings=internradar.crawl_settings,
        log_file=home.logs / f"crawl-{crawl_date}.log",
        on_progress=context.log.info,
    )
    runs = [a.meta for a in attempts]
    failing = sources_without_postings(runs)
    rows = "\n".join(
        f"| {r['source']} | {r['status']} | {r['items']} | {r['requests']} | {r['errors']} | {r['bytes']} "
        f"| {r['duration_s']} | {(r.get('error_message') or '').replace('|', '/')} |"
        for r in runs
    )
    table = "| source | status | items | requests | errors | bytes | seconds | error |\n|---|---|---|---|---|---|---|---|\n" + rows
    return dg.MaterializeResult(
        metadata={
            "sources": len(runs),
            "sources_failed": sum(r["status"] != "ok" for r in runs),
            "postings": sum(r["items"] or 0 for r in runs),
            "requests": sum(r["requests"] or 0 for r in runs),
            "bytes": sum(r["bytes"] or 0 for r in runs),
            "per_source": dg.MetadataValue.md(table),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="every_source_returned_postings",
                passed=not failing,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"failing_sources": dg.MetadataValue.json(failing)},
            )
        ],
    )

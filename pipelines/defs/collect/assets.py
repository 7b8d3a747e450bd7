"""raw_postings, in shards: one night's crawl of every source into the raw lake.

The sources are split into `SHARDS` shards by a stable hash of their id
(`scrapers.sources.shard_sources`); each shard is its own asset, so it is its own step: the
multiprocess executor crawls the shards in parallel on one machine, and a step-per-pod executor
(see the README) spreads them over a cluster. Each shard runs its own Scrapy subprocess, so
politeness (robots.txt, AutoThrottle, per-domain concurrency) holds within a shard; a site's
boards may land in different shards, which is why shards stay few (default 4,
`INTERNRADAR_SHARDS`).
"""

import os

import dagster as dg

from pipelines.checks import sources_without_postings
from pipelines.defs.partitions import daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.failpoints import failpoint
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import dump_sources, load_sources, shard_sources

SHARDS = int(os.environ.get("INTERNRADAR_SHARDS", "4"))


def shard_key(shard: int) -> str:
    return f"raw_postings_shard_{shard}"


def _per_source_table(runs: list[dict]) -> str:
    rows = "\n".join(
        f"| {r['source']} | {r['status']} | {r['items']} | {r['requests']} | {r['errors']} | {r['bytes']} "
        f"| {r['duration_s']} | {(r.get('error_message') or '').replace('|', '/')} |"
        for r in runs
    )
    header = "| source | status | items | requests | errors | bytes | seconds | error |\n|---|---|---|---|---|---|---|---|\n"
    return header + rows


def build_shard_asset(shard: int, shards: int) -> dg.AssetsDefinition:
    name = shard_key(shard)

    @dg.asset(
        name=name,
        partitions_def=daily_partitions,
        group_name="collect",
        kinds={"scrapy", "json"},
        description=f"Raw job-board responses of one crawl date, shard {shard + 1} of {shards} "
        "(gzip JSON Lines, never rewritten).",
        check_specs=[
            dg.AssetCheckSpec(
                "every_source_returned_postings",
                asset=name,
                description="Every source of the shard crawled without error and returned at least one posting.",
            )
        ],
    )
    def raw_postings_shard(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
        home = internradar.paths()
        crawl_date = context.partition_key
        mine = shard_sources(load_sources(internradar.sources_path()), shards)[shard]
        if not mine:
            context.log.info(f"shard {shard}: no sources")
            runs: list[dict] = []
        else:
            shard_file = dump_sources(mine, home.stage_file("shards", crawl_date, f"shard-{shard}.yaml"))
            context.log.info(f"shard {shard}: crawling {len(mine)} source(s) for {crawl_date} into {home.raw}")
            attempts = crawl_in_subprocess(
                shard_file,
                home.raw,
                crawl_date,
                settings=internradar.crawl_settings,
                log_file=home.logs / f"crawl-{crawl_date}-shard-{shard}.log",
                on_progress=lambda line: (context.log.info(f"shard {shard}: {line}"), failpoint("crawl")),
            )
            runs = [a.meta for a in attempts]
        failing = sources_without_postings(runs)
        return dg.MaterializeResult(
            metadata={
                "sources": len(runs),
                "sources_failed": sum(r["status"] != "ok" for r in runs),
                "postings": sum(r["items"] or 0 for r in runs),
                "requests": sum(r["requests"] or 0 for r in runs),
                "errors": sum(r["errors"] or 0 for r in runs),
                "bytes": sum(r["bytes"] or 0 for r in runs),
                "seconds": round(sum(r["duration_s"] or 0 for r in runs), 1),
                "per_source": dg.MetadataValue.md(_per_source_table(runs)),
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

    return raw_postings_shard


raw_postings_shards = [build_shard_asset(i, SHARDS) for i in range(SHARDS)]
RAW_SHARD_KEYS = [dg.AssetKey(shard_key(i)) for i in range(SHARDS)]

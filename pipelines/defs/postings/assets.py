"""clean_postings and tagged_postings: raw responses to canonical, then tagged, postings."""

import dagster as dg

from pipelines.checks import invalid_tags, missing_required
from pipelines.cleaning import clean_attempts
from pipelines.defs.collect.assets import RAW_SHARD_KEYS
from pipelines.defs.partitions import daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.enrich import tag_frame
from pipelines.failpoints import failpoint
from pipelines.staging import read_frame, write_frame, write_json
from scrapers.rawlake import latest_attempts


@dg.asset(
    partitions_def=daily_partitions,
    group_name="postings",
    deps=RAW_SHARD_KEYS,
    kinds={"pandas", "parquet"},
    description="Canonical postings of one crawl date: mapped per platform, HTML to text, deduplicated.",
    check_specs=[
        dg.AssetCheckSpec(
            "required_fields_present",
            asset="clean_postings",
            blocking=True,
            description="Every posting has a title, a URL and a company.",
        )
    ],
)
def clean_postings(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    crawl_date = context.partition_key
    result = clean_attempts(latest_attempts(home.raw, crawl_date))
    write_frame(result.postings, home.stage_file("clean", crawl_date))
    failpoint("clean")
    write_json(result.runs, home.stage_file("clean", crawl_date, "crawl_runs.json"))
    for reason, count in result.dropped.items():
        context.log.warning(f"dropped {count} item(s): {reason}")
    missing = missing_required(result.postings)
    return dg.MaterializeResult(
        metadata={
            "postings": len(result.postings),
            "sources": len(result.runs),
            "dropped": dg.MetadataValue.json(dict(result.dropped)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="required_fields_present",
                passed=not missing,
                metadata={"missing": dg.MetadataValue.json(missing)},
            )
        ],
    )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="postings",
    deps=[clean_postings],
    kinds={"pandas", "parquet"},
    description="Clean postings plus tags: internship, AI/ML, industry, places, remote, skills.",
    check_specs=[
        dg.AssetCheckSpec(
            "tags_within_contract",
            asset="tagged_postings",
            blocking=True,
            description="Industry is a known slug and ai_ml_score lies in 0..1 for every posting.",
        )
    ],
)
def tagged_postings(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    crawl_date = context.partition_key
    tagged = tag_frame(read_frame(home.stage_file("clean", crawl_date)))
    failpoint("tag")
    write_frame(tagged, home.stage_file("tagged", crawl_date))
    problems = invalid_tags(tagged)
    return dg.MaterializeResult(
        metadata={
            "postings": len(tagged),
            "internships": int(tagged["is_internship"].sum()) if len(tagged) else 0,
            "ai_ml": int(tagged["is_ai_ml"].sum()) if len(tagged) else 0,
            "industries": dg.MetadataValue.json(tagged["industry"].value_counts().to_dict() if len(tagged) else {}),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="tags_within_contract",
                passed=not problems,
                metadata={"problems": dg.MetadataValue.json(problems)},
            )
        ],
    )

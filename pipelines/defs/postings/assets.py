"""clean_postings and tagged_postings: raw responses to canonical, then tagged, postings."""

import dagster as dg

from pipelines.checks import invalid_tags, missing_required
from pipelines.cleaning import clean_attempts
from pipelines.defs.collect.assets import RAW_SHARD_KEYS
from pipelines.defs.partitions import daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.enrich import tag_frame, versions_to_tag
from pipelines.failpoints import failpoint
from pipelines.staging import read_frame, write_frame, write_json
from scrapers.rawlake import latest_attempts
from warehouse.reuse import known_pages, stored_versions, versions_of


@dg.asset(
    partitions_def=daily_partitions,
    group_name="postings",
    deps=RAW_SHARD_KEYS,
    kinds={"pandas", "parquet"},
    description="Canonical postings of one crawl date: mapped per platform, HTML to text, deduplicated; "
    "sources whose pages an earlier night already mapped are reused, not mapped again.",
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
    attempts = latest_attempts(home.raw, crawl_date)
    with internradar.writer_lock(context), internradar.working_warehouse() as con:
        result = clean_attempts(attempts, known=(lambda fps: known_pages(con, fps)) if con else (lambda fps: {}))
    write_frame(result.postings, home.stage_file("clean", crawl_date))
    write_frame(result.sightings, home.stage_file("clean", crawl_date, "sightings.parquet"))
    failpoint("clean")
    write_json(result.runs, home.stage_file("clean", crawl_date, "crawl_runs.json"))
    for reason, count in result.dropped.items():
        context.log.warning(f"dropped {count} item(s): {reason}")
    missing = missing_required(result.postings)
    return dg.MaterializeResult(
        metadata={
            "postings": len(result.sightings),
            "postings_mapped": len(result.postings),
            "sources": len(result.runs),
            "sources_reused": len(result.reused),
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
    description="Tags (internship, AI/ML, industry, places, remote, skills, student facts) for the posting "
    "versions the warehouse does not hold yet, or holds from an older tagger.",
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
    mapped = read_frame(home.stage_file("clean", crawl_date))
    sightings = read_frame(home.stage_file("clean", crawl_date, "sightings.parquet"))
    pairs = list(zip(sightings["posting_key"], sightings["content_hash"]))
    with internradar.writer_lock(context), internradar.working_warehouse() as con:
        stored = stored_versions(con, pairs) if con else {}
        todo = versions_to_tag(mapped, stored, lambda stale: versions_of(con, stale, list(mapped.columns)))
    tagged = tag_frame(todo)
    failpoint("tag")
    write_frame(tagged, home.stage_file("tagged", crawl_date))
    problems = invalid_tags(tagged)
    return dg.MaterializeResult(
        metadata={
            "postings": len(sightings),
            "tagged": len(tagged),
            "reused": len(sightings) - len(tagged),
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

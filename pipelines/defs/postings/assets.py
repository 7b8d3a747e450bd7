"""clean_postings and tagged_postings: raw responses to canonical, then tagged, postings.

Both do only what changed: a source whose pages were already mapped on another night is not
mapped again, and a posting version the warehouse already holds with the current tagger is not
tagged again. A run may cover a range of crawl dates (a re-tag, or a backfill: their backfill
policy is one run); the dates are then done oldest first, each reusing what the ones before it
did in the same step.
"""

import dagster as dg

from pipelines.checks import invalid_tags, missing_required
from pipelines.cleaning import clean_attempts
from pipelines.defs.collect.assets import RAW_SHARD_KEYS
from pipelines.defs.partitions import crawl_dates_of, daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines.enrich import carried_place_resolutions, tag_frame, versions_to_tag
from pipelines.failpoints import failpoint
from pipelines.staging import read_frame, write_frame, write_json
from scrapers.rawlake import latest_attempts
from warehouse.reuse import known_pages, stored_versions, versions_of

SINGLE_RUN = dg.BackfillPolicy.single_run()


@dg.asset(
    partitions_def=daily_partitions,
    backfill_policy=SINGLE_RUN,
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
    dates = crawl_dates_of(context, home)
    earlier: dict[str, tuple[str, list, int]] = {}  # source -> (fingerprint, pairs, map errors), this step
    missing: dict[str, int] = {}
    totals = {"postings": 0, "postings_mapped": 0, "sources": 0, "sources_reused": 0}
    with internradar.writer_lock(context), internradar.working_warehouse() as con:

        def known(fingerprints: dict[str, str]) -> dict:
            found = {s: earlier[s][1:] for s, fp in fingerprints.items() if s in earlier and earlier[s][0] == fp}
            rest = {s: fp for s, fp in fingerprints.items() if s not in found}
            if con is not None and rest:
                found.update(known_pages(con, rest))
            return found

        for i, crawl_date in enumerate(dates, start=1):
            result = clean_attempts(latest_attempts(home.raw, crawl_date), known=known)
            write_frame(result.postings, home.stage_file("clean", crawl_date))
            write_frame(result.sightings, home.stage_file("clean", crawl_date, "sightings.parquet"))
            failpoint("clean")
            write_json(result.runs, home.stage_file("clean", crawl_date, "crawl_runs.json"))
            pairs_by_source: dict[str, list] = {}
            for source, key, digest in result.sightings.itertuples(index=False):
                pairs_by_source.setdefault(source, []).append((key, digest))
            for run in result.runs:
                if run["pages_fingerprint"]:
                    earlier[run["source"]] = (run["pages_fingerprint"], pairs_by_source.get(run["source"], []),
                                              run["map_errors"])
            for reason, count in result.dropped.items():
                context.log.warning(f"{crawl_date}: dropped {count} item(s): {reason}")
            for name, count in missing_required(result.postings).items():
                missing[name] = missing.get(name, 0) + count
            totals["postings"] += len(result.sightings)
            totals["postings_mapped"] += len(result.postings)
            totals["sources"] += len(result.runs)
            totals["sources_reused"] += len(result.reused)
            if len(dates) > 1:
                context.log.info(f"[{i}/{len(dates)}] {crawl_date}: {len(result.sightings)} postings, "
                                 f"{len(result.reused)} of {len(result.runs)} sources reused")
    return dg.MaterializeResult(
        metadata={**totals, "crawl_dates": len(dates)},
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
    backfill_policy=SINGLE_RUN,
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
    dates = crawl_dates_of(context, home)
    tagged_here: set[tuple[str, str]] = set()  # versions tagged by this step for an earlier date
    problems: dict[str, int] = {}
    totals = {"postings": 0, "tagged": 0, "internships": 0, "ai_ml": 0}
    industries: dict[str, int] = {}
    with internradar.writer_lock(context), internradar.working_warehouse() as con, \
            carried_place_resolutions(home.cache):
        for crawl_date in dates:
            mapped = read_frame(home.stage_file("clean", crawl_date))
            sightings = read_frame(home.stage_file("clean", crawl_date, "sightings.parquet"))
            pairs = list(zip(sightings["posting_key"], sightings["content_hash"]))
            stored = stored_versions(con, pairs) if con is not None else {}
            todo = versions_to_tag(
                mapped, stored, lambda stale: versions_of(con, stale, list(mapped.columns)), done=tagged_here
            )
            tagged = tag_frame(todo)
            failpoint("tag")
            write_frame(tagged, home.stage_file("tagged", crawl_date))
            tagged_here.update(zip(tagged["posting_key"], tagged["content_hash"]))
            for name, count in invalid_tags(tagged).items():
                problems[name] = problems.get(name, 0) + count
            totals["postings"] += len(sightings)
            totals["tagged"] += len(tagged)
            if len(tagged):
                totals["internships"] += int(tagged["is_internship"].sum())
                totals["ai_ml"] += int(tagged["is_ai_ml"].sum())
                for industry, count in tagged["industry"].value_counts().items():
                    industries[industry] = industries.get(industry, 0) + int(count)
    return dg.MaterializeResult(
        metadata={**totals, "reused": totals["postings"] - totals["tagged"], "industries_tagged": dg.MetadataValue.json(industries)},
        check_results=[
            dg.AssetCheckResult(
                check_name="tags_within_contract",
                passed=not problems,
                metadata={"problems": dg.MetadataValue.json(problems)},
            )
        ],
    )

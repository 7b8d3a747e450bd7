"""clean_postings and tagged_postings: raw responses to canonical, then tagged, postings.

Both do only what changed: a source whose pages were already mapped on another night is not
mapped again, and a posting version the warehouse already holds with the current tagger is not
tagged again. A run may cover a range of crawl dates (a re-tag, or a backfill: their backfill
policy is one run); the dates are then done oldest first, each reusing what the ones before it
did in the same step.
"""

import contextlib

import dagster as dg
import pandas as pd
import pyarrow as pa

from pipelines.checks import INDUSTRY_SLUGS, invalid_tags, missing_required
from pipelines.cleaning import clean_attempts, remember_sightings
from pipelines.defs.collect.assets import RAW_SHARD_KEYS
from pipelines.defs.partitions import crawl_dates_of, daily_partitions
from pipelines.defs.resources import InternradarResource
from pipelines import enrich
from pipelines.enrich import (
    DECISION_FIELDS, carried_place_resolutions, carried_readings, settle_night, settle_night_in_warehouse, tag_versions,
    versions_to_tag,
)
from pipelines.failpoints import failpoint
from pipelines.items import carried_items
from pipelines.memory import release_memory
from pipelines.tagging import clear_caches
from pipelines.staging import read_frame, read_json, read_table, write_frame, write_json, write_table
from scrapers.rawlake import latest_attempts
from warehouse.loader import POSTINGS_SCHEMA, RESTATED_SCHEMA, to_arrow
from warehouse.reuse import (
    NIGHT_FIELDS, known_decisions, known_pages, night_pairs, night_stored, readings_of, stored_pairs, versions_of,
)

VERSION_COLUMNS = POSTINGS_SCHEMA.names

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
    try:
        return _clean_dates(context, internradar)
    finally:
        release_memory()


def _clean_dates(context: dg.AssetExecutionContext, internradar: InternradarResource) -> dg.MaterializeResult:
    home = internradar.paths()
    dates = crawl_dates_of(context, home)
    earlier: dict[str, tuple[str, pa.Table, int]] = {}  # source -> (fingerprint, sightings, map errors), this step
    copied: set[str] = set()  # sources of `earlier` whose sightings are a copy of their own
    missing: dict[str, int] = {}
    earlier_items: dict[str, tuple[str, str]] = {}  # item digest -> pair, cleaned by this step
    totals = {"postings": 0, "postings_mapped": 0, "items_reused": 0, "sources": 0, "sources_reused": 0}
    with internradar.writer_lock(context), internradar.working_warehouse() as con, \
            carried_items(home.cache) as cleaned_before:

        def known(fingerprints: dict[str, str]) -> dict:
            found = {s: earlier[s][1:] for s, fp in fingerprints.items() if s in earlier and earlier[s][0] == fp}
            rest = {s: fp for s, fp in fingerprints.items() if s not in found}
            if con is not None and rest:
                found.update(known_pages(con, rest))
            return found

        def known_items(digests: list[str]) -> dict:
            found = {d: earlier_items[d] for d in digests if d in earlier_items}
            if con is not None:  # an earlier run's, while the warehouse holds its version
                cached = cleaned_before.lookup([d for d in digests if d not in found])
                stored = stored_pairs(con, set(cached.values()))
                found.update({d: pair for d, pair in cached.items() if pair in stored})
            return found

        for i, crawl_date in enumerate(dates, start=1):
            result = clean_attempts(latest_attempts(home.raw, crawl_date), known=known, known_items=known_items)
            write_frame(result.postings, home.stage_file("clean", crawl_date))
            write_table(result.sightings, home.stage_file("clean", crawl_date, "sightings.parquet"))
            failpoint("clean")
            write_json(result.runs, home.stage_file("clean", crawl_date, "crawl_runs.json"))
            cleaned_before.add(result.items)
            if crawl_date != dates[-1]:  # what later dates of this step may reuse
                earlier_items.update((digest, (key, content)) for digest, key, content in result.items)
                remember_sightings(earlier, copied, result.runs, result.sightings)
            for reason, count in result.dropped.items():
                context.log.warning(f"{crawl_date}: dropped {count} item(s): {reason}")
            for name, count in missing_required(result.postings).items():
                missing[name] = missing.get(name, 0) + count
            totals["postings"] += len(result.sightings)
            totals["postings_mapped"] += len(result.postings)
            totals["items_reused"] += result.items_reused
            totals["sources"] += len(result.runs)
            totals["sources_reused"] += len(result.reused)
            if len(dates) > 1:
                context.log.info(f"[{i}/{len(dates)}] {crawl_date}: {len(result.sightings)} postings, "
                                 f"{len(result.reused)} of {len(result.runs)} sources reused, "
                                 f"{result.items_reused} postings reused by item")
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


def _rows(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """`frame`'s `columns` as one dict per row (what to_dict("records") gives, column by column:
    several times faster on a night's few thousand rows)."""
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


def _with_decisions(tagged: pd.DataFrame, keys: list[tuple[str, str]], changes: dict) -> pd.DataFrame:
    """`tagged` with the employer decisions of `changes` ({pair: industry fields}) applied to
    its rows (keys: each row's pair), column by column."""
    rows = [i for i, pair in enumerate(keys) if pair in changes]
    if not rows:
        return tagged
    for field in DECISION_FIELDS:
        values = tagged[field].tolist()
        for i in rows:
            values[i] = changes[keys[i]][field]
        tagged[field] = pd.Series(values, index=tagged.index, dtype=object)
    return tagged


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
    totals = {"postings": 0, "tagged": 0, "industry_settled": 0, "internships": 0, "ai_ml": 0}
    try:
        return _tag_dates(context, internradar, totals)
    finally:
        clear_caches()  # the tagger's memos: every date of the run is tagged
        # A full collection walks every object of the process (0.2 s on a typical night, with
        # Dagster and the rules loaded): worth it only after tagging enough to matter.
        release_memory(collect_cycles=totals["tagged"] >= COLLECT_AFTER_TAGGING)


# Versions tagged in one step from which its end collects reference cycles (pipelines/memory.py).
COLLECT_AFTER_TAGGING = 10_000


def _tag_dates(context: dg.AssetExecutionContext, internradar: InternradarResource, totals: dict[str, int]
               ) -> dg.MaterializeResult:
    home = internradar.paths()
    dates = crawl_dates_of(context, home)
    # Versions this step wrote for an earlier date, not loaded yet: what the industry decision reads
    # of them (with any decision a later date restated).
    held: dict[tuple[str, str], dict] = {}
    # Stored versions whose decision this step restated for an earlier date: what later dates
    # read of them (the warehouse has them as they were until the load).
    restated_here: dict[tuple[str, str], dict] = {}
    decided_here: dict[str, dict] = {}  # employer decisions made by this step, by group fingerprint
    problems: dict[str, int] = {}
    industries: dict[str, int] = {}
    with internradar.writer_lock(context), internradar.working_warehouse() as con, \
            carried_place_resolutions(home.cache), carried_readings(home.cache) as texts:
        for crawl_date in dates:
            mapped = read_frame(home.stage_file("clean", crawl_date))
            # Arrow, not pandas: only its two key columns are read, into Python once
            sightings = read_table(home.stage_file("clean", crawl_date, "sightings.parquet"),
                                   columns=["posting_key", "content_hash"])
            configured = {r["source"]: r.get("source_industry")
                          for r in read_json(home.stage_file("clean", crawl_date, "crawl_runs.json"))}
            pairs = list(zip(sightings.column("posting_key").to_pylist(), sightings.column("content_hash").to_pylist()))
            with contextlib.ExitStack() as registered:
                if con is not None:  # the night's pairs, for the warehouse to work on (not in Python)
                    mapped_pairs = set(zip(mapped["posting_key"].tolist(), mapped["content_hash"].tolist()))
                    registered.enter_context(night_pairs(con, sightings, mapped_pairs))
                    # The stored versions tagging must know of: those mapped tonight, and those
                    # from another tagger version (the rest of the night is stored and tagged).
                    stored = night_stored(con, enrich.TAGGER_VERSION)
                else:
                    stored = {}
                clean_columns = [c for c in mapped.columns if c != "source_industry"]
                todo = versions_to_tag(mapped, stored, lambda stale: versions_of(con, stale, clean_columns),
                                       done=set(held))
                del mapped
                tagged = tag_versions(todo)
                del todo
                failpoint("tag")
                # The employer-level industry, over every posting of the night (tagged now or
                # before): decided again only for employers whose postings changed since a known
                # decision. What the decision reads of the versions tagged now (not their text:
                # the frame keeps that).
                keys = list(zip(tagged["posting_key"].tolist(), tagged["content_hash"].tolist()))
                fresh = dict(zip(keys, _rows(tagged, [*NIGHT_FIELDS, "industry_reading"])))

                def readings_for(wanted: list) -> dict:
                    found = {p: (fresh.get(p) or held.get(p))["industry_reading"] for p in wanted if p in fresh or p in held}
                    found.update(readings_of(con, [p for p in wanted if p not in found]) if con is not None else {})
                    return found

                def known(fingerprints: list) -> dict:
                    found = {fp: decided_here[fp] for fp in fingerprints if fp in decided_here}
                    if con is not None:
                        found.update(known_decisions(con, [fp for fp in fingerprints if fp not in found]))
                    return found

                # The night's versions this step tagged (now, or for an earlier date).
                night = [fresh.get(p) or held.get(p) for p in pairs if p in fresh or p in held]
                if con is None:  # nothing stored yet: the whole night is in Python
                    for row in night:
                        row["source_industry"] = configured.get(row["source"])
                    changes, made = settle_night(night, readings_for, known)
                else:  # the stored versions stay in the warehouse (reuse/night_groups.sql)
                    changes, made = settle_night_in_warehouse(con, night, restated_here, configured, readings_for, known)
            decided_here.update(made)
            write_frame(pd.DataFrame([{"fingerprint": fp, **d} for fp, d in made.items()],
                                     columns=["fingerprint", *DECISION_FIELDS]),
                        home.stage_file("tagged", crawl_date, "decisions.parquet"))
            out = _with_decisions(tagged, keys, changes).reindex(columns=VERSION_COLUMNS)
            # Versions tagged before whose employer decision changed: the load updates their
            # industry fields in place (their text is stored already, or staged for an earlier
            # date of this step and loaded before this one).
            restated = [{"posting_key": p[0], "content_hash": p[1], **changes[p]} for p in changes if p not in fresh]
            # With the warehouse's column types, for the load to read as it is.
            write_table(to_arrow(out, POSTINGS_SCHEMA), home.stage_file("tagged", crawl_date))
            write_table(to_arrow(restated, RESTATED_SCHEMA), home.stage_file("tagged", crawl_date, "restated.parquet"))
            if crawl_date != dates[-1]:  # what later dates of this step read of tonight's versions
                for row in _rows(out, [*NIGHT_FIELDS, "industry_reading"]):
                    held[(row["posting_key"], row["content_hash"])] = row
                for row in restated:
                    pair = (row["posting_key"], row["content_hash"])
                    if pair in held:
                        held[pair].update(changes[pair])
                    else:
                        restated_here[pair] = changes[pair]
            for name, count in invalid_tags(out).items():
                problems[name] = problems.get(name, 0) + count
            bad = sum(row["industry"] not in INDUSTRY_SLUGS for row in restated)
            if bad:
                problems["industry"] = problems.get("industry", 0) + bad
            totals["postings"] += sightings.num_rows
            totals["tagged"] += len(tagged)
            totals["industry_settled"] += len(changes)
            if len(out):
                totals["internships"] += int(out["is_internship"].sum())
                totals["ai_ml"] += int(out["is_ai_ml"].sum())
                for industry, count in out["industry"].value_counts().items():
                    industries[industry] = industries.get(industry, 0) + int(count)
    return dg.MaterializeResult(
        metadata={**totals, "reused": totals["postings"] - totals["tagged"], "industries_tagged": dg.MetadataValue.json(industries),
                  # texts (segments, titles) read on an earlier run and looked up, and read now
                  "texts_looked_up": texts.found, "texts_read": texts.made},
        check_results=[
            dg.AssetCheckResult(
                check_name="tags_within_contract",
                passed=not problems,
                metadata={"problems": dg.MetadataValue.json(problems)},
            )
        ],
    )

"""The nightly job (the whole graph for one crawl date) and its 02:00 UTC schedule."""

import dagster as dg

# dagster.yaml limits runs carrying this tag to one at a time: DuckDB has a single writer.
WAREHOUSE_TAG = {"internradar/warehouse": "duckdb"}

nightly_job = dg.define_asset_job(
    "nightly",
    # Partitioned by crawl date: Dagster infers the daily partitions from the assets.
    selection=dg.AssetSelection.all(),
    tags=WAREHOUSE_TAG,
    description="Crawl every source, clean, tag, load the warehouse and publish exports for one date.",
)

nightly_schedule = dg.build_schedule_from_partitioned_job(
    nightly_job,
    name="nightly_0200_utc",
    hour_of_day=2,
    minute_of_hour=0,
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


# Everything after the raw lake, for one crawl date: what a tagger or mapper change needs.
# Backfill it over every partition (the Dagster UI, or `internradar retag`) to re-tag history.
retag_job = dg.define_asset_job(
    "retag",
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("collect"),
    tags=WAREHOUSE_TAG,
    description="Rebuild clean and tagged postings, the warehouse and exports for a crawl date from the raw lake.",
)

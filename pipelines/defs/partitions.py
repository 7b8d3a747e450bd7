"""One partition per crawl date (UTC). end_offset=1 makes today's partition exist, so the
02:00 UTC schedule crawls *today* and the partition key is the crawl date."""

import dagster as dg

daily_partitions = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_offset=1)


def crawl_dates_of(context: dg.AssetExecutionContext, home) -> list[str]:
    """The crawl dates a step works on: its partition, or, for a run over a range of partitions
    (a re-tag or a single-run backfill), the dates in it the raw lake holds, oldest first."""
    keys = list(context.partition_keys)
    if len(keys) == 1:
        return keys
    from scrapers.rawlake import crawl_dates

    have = set(crawl_dates(home.raw))
    return [k for k in keys if k in have]

"""One partition per crawl date (UTC). end_offset=1 makes today's partition exist, so the
02:00 UTC schedule crawls *today* and the partition key is the crawl date."""

import dagster as dg

daily_partitions = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_offset=1)

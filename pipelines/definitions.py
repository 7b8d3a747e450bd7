"""The Dagster code location: `dagster dev` from the repo root loads `defs` from here."""

import dagster as dg

from pipelines.defs.collect import assets as collect_assets
from pipelines.defs.postings import assets as postings_assets
from pipelines.defs.resources import InternradarResource
from pipelines.defs.schedules import nightly_job, nightly_schedule
from pipelines.defs.warehouse import assets as warehouse_assets

_modules = [collect_assets, postings_assets, warehouse_assets]

defs = dg.Definitions(
    assets=dg.load_assets_from_modules(_modules),
    jobs=[nightly_job],
    schedules=[nightly_schedule],
    resources={"internradar": InternradarResource()},
)

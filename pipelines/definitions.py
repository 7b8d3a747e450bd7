"""The Dagster code location: `dagster dev` from the repo root loads `defs` from here."""

import os
import warnings

import dagster as dg

from pipelines.defs.collect import assets as collect_assets
from pipelines.defs.logging import one_line_console_logger
from pipelines.defs.postings import assets as postings_assets
from pipelines.defs.resources import InternradarResource
from pipelines.defs.schedules import nightly_job, nightly_schedule, retag_job
from pipelines.defs.warehouse import assets as warehouse_assets

_modules = [collect_assets, postings_assets, warehouse_assets]
# The crawl runs one night per run (it can only crawl now); everything after it takes a range of
# nights in one run (re-tags, backfills). Dagster warns that the nightly job mixes the two.
warnings.filterwarnings("ignore", message="Asset job nightly materializes assets with varying BackfillPolicies")


def _executor() -> dg.ExecutorDefinition:
    """How a run's steps execute, chosen by deployment, not by code: ``INTERNRADAR_EXECUTOR``
    is ``multiprocess`` (default: crawl shards in parallel processes), ``in_process``, or
    ``k8s`` (one Kubernetes pod per step; needs the ``dagster-k8s`` package, see the README)."""
    choice = os.environ.get("INTERNRADAR_EXECUTOR", "multiprocess")
    if choice == "k8s":
        try:
            from dagster_k8s import k8s_job_executor
        except ImportError as exc:
            raise ImportError("INTERNRADAR_EXECUTOR=k8s needs the dagster-k8s package installed") from exc
        return k8s_job_executor
    executors = {"multiprocess": dg.multiprocess_executor, "in_process": dg.in_process_executor}
    if choice not in executors:
        raise ValueError(f"INTERNRADAR_EXECUTOR={choice!r}: choose multiprocess, in_process or k8s")
    return executors[choice]


defs = dg.Definitions(
    assets=dg.load_assets_from_modules(_modules),
    jobs=[nightly_job, retag_job],
    schedules=[nightly_schedule],
    resources={"internradar": InternradarResource()},
    loggers={"console": one_line_console_logger},
    executor=_executor(),
)

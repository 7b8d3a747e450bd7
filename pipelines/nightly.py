"""Run the nightly Dagster job for one crawl date: the path the CLI, the demo and tests share."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.dagster_home import prepare_dagster_home
from pipelines.home import Home
from pipelines.memory import loaded_objects_frozen


def run_config(
    home: Home,
    sources_file: Path | None,
    crawl_settings: dict[str, str] | None = None,
    log_level: str = "INFO",
    max_failed_share: float | None = None,
) -> dict:
    """Run config that points the job's resource at a home directory and a sources file."""
    config: dict = {"home": str(home.root)}
    if sources_file is not None:
        config["sources_file"] = str(sources_file)
    if max_failed_share is not None:
        config["max_failed_share"] = float(max_failed_share)
    if crawl_settings:
        config["crawl_settings"] = {k: str(v) for k, v in crawl_settings.items()}
    return {
        "resources": {"internradar": {"config": config}},
        # INFO shows the assets' own messages (crawl progress, drops) without Dagster's step chatter.
        "loggers": {"console": {"config": {"log_level": log_level}}},
    }


def nightly_job() -> dg.JobDefinition:
    """The nightly job with its resources bound (module-level, so Dagster can reconstruct it
    in the worker processes of the multiprocess executor)."""
    from pipelines.definitions import defs

    return defs.resolve_job_def("nightly")


def run_nightly(
    home: Home,
    sources_file: Path,
    crawl_date: str,
    crawl_settings: dict[str, str] | None = None,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
    parallel: bool = False,
    max_concurrent: int | None = None,
    max_failed_share: float | None = None,
):
    """Materialize every asset of the nightly job for `crawl_date`.

    ``parallel=False`` runs every step in this process (the demo's tiny nights, tests);
    ``parallel=True`` runs the job with its own executor (multiprocess by default), so the
    crawl shards run side by side in worker processes, as under the Dagster daemon.
    """
    prepare_dagster_home(home)
    config = run_config(home, sources_file, crawl_settings, log_level, max_failed_share)
    own_instance = instance is None
    instance = instance or dg.DagsterInstance.get()
    try:
        if not parallel:
            job = nightly_job()
            with loaded_objects_frozen():  # every step runs in this process
                return job.execute_in_process(
                    partition_key=crawl_date, run_config=config, instance=instance, raise_on_error=False
                )
        if max_concurrent:
            config["execution"] = {"config": {"max_concurrent": max_concurrent}}
        return dg.execute_job(
            dg.reconstructable(nightly_job),
            instance=instance,
            run_config=config,
            tags={"dagster/partition": crawl_date},
            raise_on_error=False,
        )
    finally:
        if own_instance:
            instance.dispose()


def run_retag(
    home: Home,
    dates: list[str],
    instance: dg.DagsterInstance | None = None,
    log_level: str = "INFO",
):
    """Re-run everything after the raw lake for the crawl dates from dates[0] to dates[-1] in one
    run of the `retag` job over that partition range (what a single-run backfill of it does):
    each step does the dates oldest first, and the snapshot and exports are published once, at
    the end. Dates in the range without raw data are skipped."""
    from pipelines.definitions import defs

    prepare_dagster_home(home)
    job = defs.resolve_job_def("retag")
    own_instance = instance is None
    instance = instance or dg.DagsterInstance.get()
    try:
        with loaded_objects_frozen():  # every step runs in this process
            if len(dates) == 1:
                return job.execute_in_process(
                    partition_key=dates[0], run_config=run_config(home, None, log_level=log_level),
                    instance=instance, raise_on_error=False,
                )
            return job.execute_in_process(
                run_config=run_config(home, None, log_level=log_level),
                instance=instance,
                raise_on_error=False,
                tags={"dagster/asset_partition_range_start": dates[0], "dagster/asset_partition_range_end": dates[-1]},
            )
    finally:
        if own_instance:
            instance.dispose()


def failure_summary(result) -> list[str]:
    """Readable lines for every failed step and every check that did not pass in a run."""
    lines = []
    for event in result.all_events:
        if event.is_step_failure:
            error = event.step_failure_data.error
            if error and error.cls_name == "DagsterAssetCheckFailedError":
                continue  # the failed check has its own line, with its reason
            message = error.message.strip() if error else "unknown error"
            if error and error.cause:
                message += f" (caused by: {error.cause.message.strip()})"
            lines.append(f"step {event.step_key} failed: {_bounded(message)}")
    for evaluation in result.get_asset_check_evaluations():
        if not evaluation.passed:
            name = f"{evaluation.asset_key.to_user_string()}.{evaluation.check_name}"
            why = f": {_bounded(evaluation.description)}" if evaluation.description else ""
            if evaluation.severity == dg.AssetCheckSeverity.WARN:
                lines.append(f"warning: check {name} did not pass{why}")
            else:
                lines.append(f"check {name} failed{why}")
    return lines


def _bounded(text: str, limit: int = 240) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def night_summary(home: Home, crawl_date: str, result, max_listed: int = 8) -> list[str]:
    """One screen on how a night went: sources ok and failed (the first few with their reason),
    postings, every failed step or check, and the verdict."""
    from pipelines.staging import read_json

    lines = []
    runs_file = home.stage_file("clean", crawl_date, "crawl_runs.json")
    if runs_file.exists():
        runs = read_json(runs_file)
        failed = [r for r in runs if r.get("status") != "ok"]
        postings = sum(r.get("items") or 0 for r in runs)
        lines.append(
            f"internradar: night of {crawl_date}: {len(runs)} source(s), {len(runs) - len(failed)} ok, "
            f"{len(failed)} failed; {postings} posting(s)"
        )
        for r in failed[:max_listed]:
            lines.append(f"internradar:   failed {r['source']}: {_bounded(r.get('error_message') or 'no reason given', 160)}")
        if len(failed) > max_listed:
            lines.append(f"internradar:   ... and {len(failed) - max_listed} more (all are in crawl_runs)")
    else:
        lines.append(f"internradar: night of {crawl_date}: the crawl did not get as far as cleaning")
    lines += [f"internradar:   {line}" for line in failure_summary(result)]
    lines.append(f"internradar: night of {crawl_date}: {'ok' if result.success else 'FAILED'}")
    return lines

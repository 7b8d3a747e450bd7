"""The `internradar` command line: run, retag, demo, tag, eval, trends, query, shell.

Every command answers an error in one line on stderr and exits non-zero; set
INTERNRADAR_DEBUG=1 to see the traceback instead.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import click

from pipelines.home import Home, resolve_home

TAG_BATCH = 2000


def _home(home: str | None) -> Home:
    return Home(resolve_home(home))


def _valid_date(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _print_rows(columns, rows, fmt: str) -> None:
    from pipelines.output import render

    click.echo(render(columns, rows, fmt), nl=False)


def _open_warehouse(home: Home):
    """A read-only connection to the published snapshot that can read nothing else."""
    from warehouse.db import connect_reader

    if not home.warehouse.exists():
        raise click.ClickException(
            f"no warehouse at {home.warehouse}: run `internradar run` or `internradar demo` first, "
            "or pass --home"
        )
    return connect_reader(home.warehouse)


def one_line(exc: BaseException, limit: int = 300) -> str:
    """An exception as one bounded line: its message's first line, else its type."""
    text = str(exc).strip().splitlines()
    message = text[0].strip() if text else type(exc).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"


class _OneLineErrors(click.Group):
    """Turns any unexpected exception of a command into one line and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("INTERNRADAR_DEBUG"):
                raise
            raise click.ClickException(one_line(exc)) from None


def _writer(home: Home, wait: float):
    """The home's writer lock, or a one-line refusal naming who holds it."""
    from warehouse.lock import writer_lock

    return writer_lock(home.writer_lock, wait_s=wait, on_wait=lambda m: click.echo(f"internradar: {m}", err=True))


_WAIT_OPTION = click.option(
    "--wait", "wait", default=0.0, type=click.FloatRange(0), show_default=True,
    help="Seconds to wait for another run writing this home to finish (0: refuse at once).",
)


@click.group(cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """internradar: which industries and cities hire AI/ML interns, and how that changes."""


@main.command()
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False), help="Sources YAML file.")
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
@click.option("--date", "crawl_date", default=None, callback=_valid_date, help="Crawl date YYYY-MM-DD (default: today, UTC).")
@click.option(
    "--max-failed-share", default=None, type=click.FloatRange(0, 1),
    help="Fail the night when more than this share of sources failed (default: $INTERNRADAR_MAX_FAILED_SHARE, else 0.5).",
)
@click.option(
    "-s", "--set", "scrapy_settings", multiple=True, metavar="KEY=VALUE",
    help="A Scrapy setting for this night's crawl, e.g. -s DOWNLOAD_TIMEOUT=60 (repeatable).",
)
@_WAIT_OPTION
def run(
    sources_file: str,
    home: str | None,
    crawl_date: str | None,
    max_failed_share: float | None,
    scrapy_settings: tuple[str, ...],
    wait: float,
) -> None:
    """Run the nightly job (crawl, clean, tag, load, publish, export) for one crawl date.

    Exits 1 when the night failed: a step or a blocking check failed, every source failed, or
    more than the allowed share did. Exits 1 at once if another run is writing the same home.
    """
    from pipelines.nightly import night_summary, run_nightly
    from scrapers.sources import SourceError, load_sources
    from warehouse.lock import WriterBusy

    sources_path = Path(sources_file).resolve()
    try:
        sources = load_sources(sources_path)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from None
    settings = {}
    for pair in scrapy_settings:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"expected KEY=VALUE, got {pair!r}", param_hint="-s/--set")
        settings[key.strip()] = value
    h = _home(home)
    crawl_date = crawl_date or datetime.now(UTC).date().isoformat()
    try:
        with _writer(h, wait):
            click.echo(f"internradar: crawling {len(sources)} source(s) for {crawl_date} into {h.root}", err=True)
            result = run_nightly(
                h, sources_path, crawl_date, crawl_settings=settings, parallel=True, max_failed_share=max_failed_share
            )
    except WriterBusy as exc:
        raise click.ClickException(str(exc)) from None
    for line in night_summary(h, crawl_date, result):
        click.echo(line, err=True)
    if not result.success:
        raise click.ClickException(f"the night of {crawl_date} failed (see above); crawl logs in {h.logs}")
    click.echo(f"warehouse: {h.warehouse}\nexports:   {h.exports}\nreport:    {h.report}")


@main.command()
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
@click.option("--since", default=None, callback=_valid_date, help="First crawl date to rebuild (default: the first).")
@click.option("--until", default=None, callback=_valid_date, help="Last crawl date to rebuild (default: the last).")
@_WAIT_OPTION
def retag(home: str | None, since: str | None, until: str | None, wait: float) -> None:
    """Rebuild cleaning, tags and the warehouse from the raw lake (after a tagger change).

    Readers keep the previous snapshot until the last date is rebuilt; then one snapshot with
    the whole re-tagged history is published.
    """
    from pipelines.nightly import failure_summary, run_retag
    from pipelines.tagging import TAGGER_VERSION
    from scrapers.rawlake import crawl_dates
    from warehouse.lock import WriterBusy

    h = _home(home)
    dates = [d for d in crawl_dates(h.raw) if (not since or d >= since) and (not until or d <= until)]
    if not dates:
        raise click.ClickException(f"no crawl dates in {h.raw} between {since or 'the start'} and {until or 'the end'}")
    try:
        with _writer(h, wait):
            click.echo(f"internradar: re-tagging {len(dates)} crawl date(s) with tagger {TAGGER_VERSION}", err=True)
            result = run_retag(h, dates)
    except WriterBusy as exc:
        raise click.ClickException(str(exc)) from None
    for line in failure_summary(result):
        click.echo(f"internradar: {line}", err=True)
    if not result.success:
        raise click.ClickException(f"re-tagging {dates[0]}..{dates[-1]} failed (see above)")
    click.echo(f"warehouse: {h.warehouse}")


@main.command()
@click.option("--home", default=None, help="Where to put the demo's data (default: ./data/demo).")
@click.option("--nights", default=None, type=click.IntRange(2, 30), help="Simulated nights (default: all in the sample).")
@click.option("--end-date", default=None, callback=_valid_date, help="Date of the last simulated night (default: today, UTC).")
def demo(home: str | None, nights: int | None, end_date: str | None) -> None:
    """Run the real nightly job offline over several simulated nights of bundled sample boards."""
    # Twelve sample boards need one crawl process, not the nightly default of four, each of
    # which pays Scrapy's start-up. The shard count is read when the definitions are imported,
    # so this only applies if they are not loaded yet (and the caller's own setting wins).
    one_shard = "INTERNRADAR_SHARDS" not in os.environ and "pipelines.definitions" not in sys.modules
    if one_shard:
        os.environ["INTERNRADAR_SHARDS"] = "1"
    from pipelines.demo.runner import DemoError, run_demo

    try:
        run_demo(
            Home(Path(home or "data/demo").expanduser().resolve()),
            nights=nights,
            end_date=date.fromisoformat(end_date) if end_date else None,
            echo=click.echo,
        )
    except DemoError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        if one_shard:
            del os.environ["INTERNRADAR_SHARDS"]


@main.command()
def tag() -> None:
    """Tag JSON Lines postings from stdin; one JSON line out per line in, in order.

    Input fields: title, company, location (string or list), description (HTML or text),
    optional employment_type. A malformed line is reported on stderr with its line number,
    gets an {"error": ..., "line": N} line in the output, and the exit status is 1.
    """
    from pipelines.tagging import tag_postings

    failures = 0
    out = sys.stdout

    def flush(batch: list[tuple[int, dict | None, str | None]]) -> None:
        good = [obj for _, obj, _ in batch if obj is not None]
        tags = iter(tag_postings(good)) if good else iter(())
        for line_no, obj, error in batch:
            if obj is None:
                record = {"error": error, "line": line_no}
            else:
                record = {**obj, **next(tags)}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    batch: list[tuple[int, dict | None, str | None]] = []
    for line_no, raw in enumerate(sys.stdin, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
        except ValueError as exc:
            failures += 1
            message = f"line {line_no}: {exc}"
            click.echo(f"internradar tag: {message}", err=True)
            batch.append((line_no, None, message))
        else:
            batch.append((line_no, obj, None))
        if len(batch) >= TAG_BATCH:
            flush(batch)
            batch = []
    flush(batch)
    out.flush()
    if failures:
        click.echo(f"internradar tag: {failures} malformed line(s); the rest were tagged", err=True)
        sys.exit(1)


@main.command(name="eval")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", help="Readable tables or JSON.")
@click.option("--misses/--no-misses", default=True, help="List every wrong field (default) or only the scores.")
def eval_command(files: tuple[str, ...], fmt: str, misses: bool) -> None:
    """Score the tagger against labelled JSON Lines postings (default: tests/eval/*.jsonl and
    tests/eval/unseen/*.jsonl, the unseen-employer split).

    Prints internship and AI/ML precision/recall/F1, primary-industry accuracy, macro-F1 and
    confusion matrix, place, remote and role-family accuracy, the scores of each split (each
    file and each subdirectory) when there are several, and the misses.
    """
    from pipelines.tagging.evaluate import EvalDataError, default_files, evaluate_files, format_report

    paths = [Path(f) for f in files] or default_files()
    if not paths:
        raise click.ClickException("no labelled files given and none in tests/eval/")
    try:
        report = evaluate_files(paths)
    except EvalDataError as exc:
        raise click.ClickException(str(exc)) from None
    if fmt == "json":
        if not misses:
            report = {k: v for k, v in report.items() if k != "misses"}
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(format_report(report, misses=misses))


@main.command()
@click.argument("dimension", type=click.Choice(["industry", "city", "skill"]))
@click.option("--since", default=None, callback=_valid_date, help="First week to show (YYYY-MM-DD).")
@click.option("--internships/--all", "internships_only", default=True, help="Internships only (default) or every posting.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
def trends(dimension: str, since: str | None, internships_only: bool, fmt: str, home: str | None) -> None:
    """New, open and closed postings per week by industry, city or skill."""
    from warehouse.trends import trend_rows

    con = _open_warehouse(_home(home))
    try:
        columns, rows = trend_rows(
            con, dimension, since=date.fromisoformat(since) if since else None, internships_only=internships_only
        )
    finally:
        con.close()
    _print_rows(columns, rows, fmt)


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
def query(sql: str, fmt: str, home: str | None) -> None:
    """Run SQL against the published warehouse, read-only.

    It reads the tables and views of the warehouse and nothing else: statements that change
    it, and functions that read or write other files or databases (read_text, COPY ... TO,
    ATTACH), are refused.
    """
    from warehouse.db import Error

    con = _open_warehouse(_home(home))
    try:
        relation = con.execute(sql)
        if relation.description is None:  # a statement without a result set
            click.echo("(no result)")
            return
        columns = [d[0] for d in relation.description]
        rows = relation.fetchall()
    except Error as exc:
        raise click.ClickException(f"query failed: {one_line(exc)}") from None
    finally:
        con.close()
    _print_rows(columns, rows, fmt)


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
@click.argument("duckdb_args", nargs=-1, type=click.UNPROCESSED)
def shell(home: str | None, duckdb_args: tuple[str, ...]) -> None:
    """Open the DuckDB shell on the published warehouse, read-only.

    Extra arguments go to the `duckdb` command, e.g. `internradar shell -c "select 1"`.
    """
    import shutil

    h = _home(home)
    if not h.warehouse.exists():
        raise click.ClickException(f"no warehouse at {h.warehouse}: run `internradar demo` or `internradar run` first, or pass --home")
    binary = shutil.which("duckdb", path=str(Path(sys.executable).parent)) or shutil.which("duckdb")
    if not binary:
        raise click.ClickException("no `duckdb` command found: install the duckdb-cli package (`make install` does)")
    os.execv(binary, [binary, "-readonly", str(h.warehouse), *duckdb_args])


if __name__ == "__main__":
    main()

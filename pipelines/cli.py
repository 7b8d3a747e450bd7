"""The `internradar` command line: run, demo, tag, trends, query."""

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


def _print_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        click.echo(frame.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(frame.to_json(orient="records", date_format="iso", indent=None))
    elif frame.empty:
        click.echo("(no rows)")
    else:
        click.echo(frame.to_string(index=False))


def _open_warehouse(home: Home):
    from warehouse.db import connect

    if not home.warehouse.exists():
        raise click.ClickException(
            f"no warehouse at {home.warehouse}: run `internradar run` or `internradar demo` first, "
            "or pass --home"
        )
    return connect(home.warehouse, read_only=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """internradar: which industries and cities hire AI/ML interns, and how that changes."""


@main.command()
@click.option("--sources", "sources_file", required=True, type=click.Path(dir_okay=False), help="Sources YAML file.")
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
@click.option("--date", "crawl_date", default=None, callback=_valid_date, help="Crawl date YYYY-MM-DD (default: today, UTC).")
def run(sources_file: str, home: str | None, crawl_date: str | None) -> None:
    """Run the nightly job (crawl, clean, tag, load, export) for one crawl date."""
    from pipelines.nightly import failure_summary, run_nightly
    from scrapers.sources import SourceError, load_sources

    sources_path = Path(sources_file).resolve()
    try:
        sources = load_sources(sources_path)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from None
    h = _home(home)
    crawl_date = crawl_date or datetime.now(UTC).date().isoformat()
    click.echo(f"internradar: crawling {len(sources)} source(s) for {crawl_date} into {h.root}", err=True)
    result = run_nightly(h, sources_path, crawl_date, parallel=True)
    problems = failure_summary(result)
    for line in problems:
        click.echo(f"internradar: {line}", err=True)
    if not result.success:
        raise click.ClickException(f"the nightly run for {crawl_date} failed; crawl log in {h.logs}")
    click.echo(f"warehouse: {h.warehouse}\nexports:   {h.exports}\nreport:    {h.report}")


@main.command()
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
@click.option("--since", default=None, callback=_valid_date, help="First crawl date to rebuild (default: the first).")
@click.option("--until", default=None, callback=_valid_date, help="Last crawl date to rebuild (default: the last).")
def retag(home: str | None, since: str | None, until: str | None) -> None:
    """Rebuild cleaning, tags and the warehouse from the raw lake (after a tagger change)."""
    from pipelines.nightly import failure_summary, run_retag
    from pipelines.tagging import TAGGER_VERSION
    from scrapers.rawlake import crawl_dates

    h = _home(home)
    dates = [d for d in crawl_dates(h.raw) if (not since or d >= since) and (not until or d <= until)]
    if not dates:
        raise click.ClickException(f"no crawl dates in {h.raw} between {since or 'the start'} and {until or 'the end'}")
    click.echo(f"internradar: re-tagging {len(dates)} crawl date(s) with tagger {TAGGER_VERSION}", err=True)
    results = run_retag(h, dates, on_progress=lambda line: click.echo(f"internradar: {line}", err=True))
    failed = [d for d, r in zip(dates, results) if not r.success]
    for result in results:
        for line in failure_summary(result):
            click.echo(f"internradar: {line}", err=True)
    if failed:
        raise click.ClickException(f"re-tagging failed for {', '.join(failed)}")
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
    """New and open postings per week by industry, city or skill."""
    from warehouse.trends import trends as trend_query

    con = _open_warehouse(_home(home))
    try:
        frame = trend_query(
            con, dimension, since=date.fromisoformat(since) if since else None, internships_only=internships_only
        )
    finally:
        con.close()
    _print_frame(frame, fmt)


@main.command()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--home", default=None, help="Home directory (default: $INTERNRADAR_HOME, else ./data).")
def query(sql: str, fmt: str, home: str | None) -> None:
    """Run a read-only SQL query against the warehouse (tables and views as in the README)."""
    import duckdb

    con = _open_warehouse(_home(home))
    try:
        relation = con.sql(sql)
        if relation is None:  # a statement without a result set
            click.echo("(no result)")
            return
        frame = relation.df()
    except duckdb.Error as exc:
        raise click.ClickException(f"query failed: {exc}") from None
    finally:
        con.close()
    _print_frame(frame, fmt)


if __name__ == "__main__":
    main()

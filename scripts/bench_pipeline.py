"""Pipeline benchmark: what a night costs at real size, and what history costs.

    make bench-pipeline                                   # quick: 100 boards x 6 nights
    .venv/bin/python scripts/bench_pipeline.py --size full  # 1,000 boards x 20 nights, ~50,000 postings a night
    .venv/bin/python scripts/bench_pipeline.py --boards 300 --nights 10 --churn 0.02 --year-nights 120

It generates a raw lake the way our crawler writes one (scrapers.rawlake.AttemptWriter: gzip
JSON Lines, a meta file with the pages' fingerprint) of boards in all eight platform formats
(payload builders of scripts/bench_crawl.py, posting text from scripts/bench_tag.py's
generator), where each night `--churn` of the postings change (edited, removed or added,
several at a time on a few boards, as companies post), then measures, in one run:

1. full rebuild: `internradar retag` on a home holding only the raw lake, postings/s, beside
   DuckDB's read_json of the same raw files (postings/s over the same postings);
2. a first night on an empty home beside one more night with `--churn` changed on top of all
   the others: the pipeline's steps (clean, tag, load, publish) from Dagster's step timings,
   the exports beside them, and the process's fixed start-up (wall time minus the steps); each
   NIGHT_REPEATS times, the first night on a fresh empty home and the one more night from a
   copy of the home before it (the run with the median pipeline steps is reported, every run
   printed; the peak RSS is the highest of the runs), the two kinds in turn;
3. the warehouse load of a night at the lake's history and at a year of history: the year is
   made by copying sightings forward night by night with the same churn (generating and
   crawling a year of raw pages would take hours); both nights loaded are made the same way,
   once for a night inside the newest date's week and month, once for a night that starts
   a new week (which recounts the newest periods and archives the jobs closed for good) and
   once for a night that starts a month (which also writes the _live tables again whole):
   the load with the checks the load step runs
   after it, apart from it the connection's close (DuckDB's checkpoint), and the ratio of the
   two together; each LOAD_REPEATS times, the two sizes in turn, after the copies are flushed
   to disk;
4. trend queries at a year of history: p50/p95 in an open connection and through the CLI;
5. the exports (Parquet, CSV and the HTML report) of the snapshot at the lake's history and
   at a year, EXPORT_REPEATS times each, in turn (not part of the targets: what a night's
   exports step costs as history grows);
6. peak RSS of each measured process.

Not a test: figures depend on the machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from bench_crawl import BUILDERS  # noqa: E402
from bench_tag import build_postings  # noqa: E402

from scrapers.rawlake import AttemptWriter, source_dir  # noqa: E402

IR = str(Path(sys.executable).with_name("internradar"))
FIRST_NIGHT = date(2026, 1, 5)
SIZES = {"quick": (100, 6, 90), "full": (1000, 20, 365)}  # boards, nights, nights of the year


# -- the raw lake ----------------------------------------------------------------------------
def page_kind(platform: str, key: str) -> str:
    if platform == "smartrecruiters" and "?" not in key:
        return "detail"
    if platform == "workable" and key.startswith("/api/v2/"):
        return "detail"
    if platform == "schemaorg" and "/careers/jobs/" in key:
        return "detail"
    return "board"


class Lake:
    """Boards whose postings change a little every night, written as our crawler writes them."""

    def __init__(self, boards: int, per_board: int, churn: float, seed: int = 7):
        self.rnd = random.Random(seed)
        self.churn = churn
        self.platforms = list(BUILDERS)
        self.pool = build_postings(max(boards * per_board * 2, 5000), seed)
        self.next_text = 0
        self.boards = []
        for b in range(boards):
            board = {"platform": self.platforms[b % len(self.platforms)], "name": f"bench{b:04d}",
                     "company": f"Bench Company {b}", "jobs": [], "serial": 0, "pages": None}
            for _ in range(self.rnd.randint(per_board - 10, per_board + 10)):
                board["jobs"].append(self.new_job(board))
            self.boards.append(board)

    def text(self) -> dict:
        posting = self.pool[self.next_text % len(self.pool)]
        self.next_text += 1
        return posting

    def new_job(self, board: dict) -> dict:
        board["serial"] += 1
        posting = self.text()
        location = posting["location"]
        if isinstance(location, list):
            location = "; ".join(location)
        description = posting["description"]
        if "<" not in description:
            description = "<p>" + html.escape(description, quote=False).replace("\n\n", "</p><p>") + "</p>"
        return {"id": f"{board['name']}-{board['serial']}", "title": posting["title"], "city": location or "Remote",
                "html": description}

    def postings(self) -> int:
        return sum(len(b["jobs"]) for b in self.boards)

    def advance(self) -> int:
        """One night's changes: about `churn` of all postings edited, removed or added, a few per
        board on a few boards. Returns how many changed."""
        changes = max(1, round(self.postings() * self.churn))
        done = 0
        while done < changes:
            board = self.rnd.choice(self.boards)
            board["pages"] = None
            for _ in range(min(self.rnd.randint(2, 8), changes - done)):
                roll = self.rnd.random()
                if roll < 0.4 and board["jobs"]:
                    job = self.rnd.choice(board["jobs"])
                    job["html"] += f"<p>Updated: {self.text()['title']} team.</p>"
                elif roll < 0.7 and len(board["jobs"]) > 5:
                    board["jobs"].remove(self.rnd.choice(board["jobs"]))
                else:
                    board["jobs"].append(self.new_job(board))
                done += 1
        return done

    def write_night(self, raw: Path, day: date) -> int:
        base = "https://boards.bench.test"
        fetched = datetime.combine(day, datetime.min.time(), UTC).replace(hour=2).isoformat()
        items = 0
        for board in self.boards:
            if board["pages"] is None:
                _, pages = BUILDERS[board["platform"]](board["jobs"], board["name"], "")
                board["pages"] = sorted(pages.items())
            source = f"{board['platform']}:{board['name']}"
            writer = AttemptWriter(source_dir(raw, day.isoformat(), board["platform"], board["name"]),
                                   f"{day:%Y%m%d}T020000000000Z")
            size = 0
            for key, (status, content_type, body) in board["pages"]:
                text = body.decode("utf-8")
                size += len(body)
                writer.write({"source": source, "platform": board["platform"], "board": board["name"],
                              "company": board["company"], "url": base + key, "status": status, "fetched_at": fetched,
                              "headers": {"Content-Type": content_type}, "body": text,
                              "kind": page_kind(board["platform"], key)})
            items += len(board["jobs"])
            writer.finish({"source": source, "platform": board["platform"], "board": board["name"],
                           "company": board["company"], "status": "ok", "items": len(board["jobs"]), "errors": 0,
                           "error_message": None, "requests": len(board["pages"]), "bytes": size, "duration_s": 1.0,
                           "started_at": fetched, "crawl_date": day.isoformat()})
        return items


# -- measuring processes ---------------------------------------------------------------------
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(done.stderr[-3000:] if done.returncode else '')\n"
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed_process(args: list[str], env: dict | None = None) -> tuple[float, float]:
    """Run a command; returns (wall seconds, peak RSS in MiB of it and its children)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RSS_WRAPPER, *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    code, rss_kib = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(args)} failed ({code}):\n{done.stderr}")
    return seconds, int(rss_kib) / 1024


def step_seconds(home: Path) -> dict[str, float]:
    """Seconds per step of the newest Dagster run stored under the home."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home / "dagster")
    with dg.DagsterInstance.get() as instance:
        run = instance.get_runs(limit=1)[0]
        return {s.step_key: (s.end_time or 0) - (s.start_time or 0) for s in instance.get_run_step_stats(run.run_id)}


def retag(home: Path, *dates: str) -> tuple[float, float, dict[str, float]]:
    args = [IR, "retag", "--home", str(home)]
    if dates:
        args += ["--since", dates[0], "--until", dates[-1]]
    seconds, rss = timed_process(args, env={"INTERNRADAR_EXECUTOR": "in_process"})
    return seconds, rss, step_seconds(home)


NIGHT_REPEATS = 3  # runs of the first night and of the one more night (the median of each is reported)
LOAD_REPEATS = 9  # loads timed per size (with 5, the ratio of medians moved 1.26-1.52 between runs of one commit)
EXPORT_REPEATS = 3  # exports timed per size
PIPELINE_STEPS = ("clean_postings", "tagged_postings", "warehouse_tables", "warehouse_snapshot")


# -- a year of history, copied forward ---------------------------------------------------------
def extend_history(con, first: date, nights: int, churn: float, seed: int) -> date:
    """Add `nights` nights after `first`-1 by copying the newest night's sightings forward, with
    `churn` of them edited (a new version), removed or added (a clone of a version) each night."""
    newest = con.execute("select max(crawl_date) from crawl_runs").fetchall()[0][0]
    con.execute("create or replace temp table cur as select source, posting_key, content_hash from sightings where crawl_date = ?",
                [newest])
    for n in range(nights):
        day = first + timedelta(days=n)
        night_rows(con, day, churn, seed + n)
        con.execute("insert into sightings select ?, source, posting_key, content_hash from nxt", [day])
        con.execute("insert into posting_versions by name select * from new_versions")
        con.execute(
            "insert into crawl_runs by name select ? as crawl_date, source, split_part(source, ':', 1) as platform, "
            "split_part(source, ':', 2) as board, 'ok' as status, count(*)::int as items, 0 as errors, "
            "1 as requests, 1000::bigint as bytes, 1.0::double as duration_s, md5(source || ?) as pages_fingerprint, "
            "0 as map_errors from nxt group by source", [day, str(day)])
        con.execute("create or replace temp table cur as select * from nxt")
    return first + timedelta(days=nights - 1)


def night_rows(con, day: date, churn: float, seed: int) -> None:
    """nxt (tonight's sightings) and new_versions from cur, with `churn` changed."""
    edit, drop, add = (round(1000 * churn * share) for share in (0.4, 0.3, 0.3))
    con.execute(f"""
        create or replace temp table nxt as
        select source, posting_key,
               case when hash(posting_key, {seed}, 'e') % 1000 < {edit} then content_hash || '.e{seed}' else content_hash end as content_hash
        from cur where hash(posting_key, {seed}, 'd') % 1000 >= {drop}
        union all
        select source, posting_key || '.n{seed}', content_hash || '.n{seed}'
        from cur where hash(posting_key, {seed}, 'a') % 1000 < {add}
    """)  # numbers from this script, not input
    con.execute("""
        create or replace temp table new_versions as
        select v.* replace (n.posting_key as posting_key, n.content_hash as content_hash,
                            version_digest(n.posting_key, n.content_hash) as version_id)
        from nxt n
        join posting_versions v
          on v.posting_key = case when regexp_matches(n.content_hash, '\\.n[0-9]+$')
                                  then regexp_replace(n.posting_key, '\\.n[0-9]+$', '') else n.posting_key end
         and v.content_hash = regexp_replace(n.content_hash, '\\.[ne][0-9]+$', '')
        where n.content_hash not in (select content_hash from cur)
        qualify row_number() over (partition by n.posting_key, n.content_hash) = 1
    """)


def time_one_load(db: Path, day: date, churn: float, seed: int) -> tuple[float, float]:
    """Seconds of loading one more night (made like extend_history's) into a copy of `db`, with
    the warehouse checks the load step runs after it; and seconds of the connection's close
    (DuckDB's checkpoint), apart."""
    from warehouse.checks import check_names, failing_rows
    from warehouse.db import connect
    from warehouse.loader import load_crawl

    con = connect(db)
    try:
        newest = con.execute("select max(crawl_date) from crawl_runs").fetchall()[0][0]
        con.execute("create or replace temp table cur as select source, posting_key, content_hash from sightings "
                    "where crawl_date = ?", [newest])
        night_rows(con, day, churn, seed)
        sightings = con.sql("select * from nxt").to_arrow_table()
        versions = con.sql("select * from new_versions").to_arrow_table()
        runs = con.execute(
            "select source, split_part(source, ':', 1) as platform, split_part(source, ':', 2) as board, 'ok' as status, "
            "count(*)::int as items, 0 as errors, null as error_message, 1 as requests, 1000::bigint as bytes, "
            "1.0::double as duration_s, null::timestamptz as started_at, md5(source || ?) as pages_fingerprint, 0 as map_errors "
            "from nxt group by source", [str(day)]).fetchall()
        columns = ["source", "platform", "board", "status", "items", "errors", "error_message", "requests", "bytes",
                   "duration_s", "started_at", "pages_fingerprint", "map_errors"]
        runs = [dict(zip(columns, r)) for r in runs]
        started = time.perf_counter()
        load_crawl(con, day, versions, runs, sightings=sightings)
        for name in check_names():
            failing_rows(con, name, day)
        loaded = time.perf_counter() - started
    except BaseException:
        con.close()
        raise
    started = time.perf_counter()
    con.close()
    return loaded, time.perf_counter() - started


def next_monday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday())


def next_month_start(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def pipeline_seconds(steps: dict[str, float]) -> float:
    return sum(steps.get(s, 0) for s in PIPELINE_STEPS)


def median_run(runs: list[tuple[float, float, dict[str, float]]]) -> tuple[float, float, dict[str, float]]:
    """The run (retag's result) with the median pipeline steps."""
    return sorted(runs, key=lambda run: pipeline_seconds(run[2]))[len(runs) // 2]


def runs_line(runs: list[tuple[float, float, dict[str, float]]]) -> str:
    """Each run's pipeline steps (retag's results), their sum first: "3.52s (0.74, 1.20, 1.10, 0.48)"."""
    return "; ".join(f"{pipeline_seconds(steps):.2f}s ("
                     + ", ".join(f"{steps.get(s, 0):.2f}" for s in PIPELINE_STEPS) + ")" for _, _, steps in runs)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# -- the run -------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=SIZES, default="quick")
    parser.add_argument("--boards", type=int)
    parser.add_argument("--nights", type=int)
    parser.add_argument("--per-board", type=int, default=50)
    parser.add_argument("--churn", type=float, default=0.01, help="share of postings changed per night (default 0.01)")
    parser.add_argument("--year-nights", type=int, help="nights of history for the 'year' figures")
    parser.add_argument("--keep", type=Path, help="keep the generated homes here instead of a temp folder")
    args = parser.parse_args()
    boards, nights, year = SIZES[args.size]
    boards, nights, year = args.boards or boards, args.nights or nights, args.year_nights or year
    root = args.keep or Path(tempfile.mkdtemp(prefix="internradar-bench-pipeline-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"bench-pipeline: {boards} boards x {nights} nights, churn {args.churn:.1%} a night, in {root}")
    print(f"CPU: {os.cpu_count()} cores; load average at start {', '.join(f'{x:.2f}' for x in os.getloadavg())}")

    # 1. the raw lake: nights 1..N, and night N+1 kept aside for the one-more-night figures
    started = time.perf_counter()
    lake = Lake(boards, args.per_board, args.churn)
    full = root / "full"
    days = [FIRST_NIGHT + timedelta(days=i) for i in range(nights + 1)]
    sighted = 0
    for i, day in enumerate(days):
        if i:
            lake.advance()
        count = lake.write_night(full / "raw" if i < nights else root / "extra-raw", day)
        sighted += count if i < nights else 0
    raw_bytes = sum(p.stat().st_size for p in (full / "raw").rglob("*.jsonl.gz"))
    print(f"generated {sighted:,} postings over {nights} nights ({sighted // nights:,} a night), "
          f"raw lake {raw_bytes / 2**20:.0f} MiB, in {time.perf_counter() - started:.0f}s", flush=True)

    # 2. DuckDB read_json over the same files, and our full rebuild
    import duckdb

    started = time.perf_counter()
    total_body = duckdb.sql(
        "select sum(length(body)) from read_json(?, format = 'newline_delimited', "
        "columns = {url: 'VARCHAR', status: 'INTEGER', kind: 'VARCHAR', body: 'VARCHAR'})",
        params=[str(full / "raw" / "**" / "*.jsonl.gz")]).fetchall()[0][0]
    read_json_s = time.perf_counter() - started
    rebuild_s, rebuild_rss, _ = retag(full)
    staging = sum(p.stat().st_size for p in (full / "staging").rglob("*") if p.is_file())
    print(f"\nfull rebuild (internradar retag, {nights} nights): {rebuild_s:.1f}s = {sighted / rebuild_s:,.0f} postings/s, "
          f"peak RSS {rebuild_rss:.0f} MiB")
    print(f"DuckDB read_json of the same raw files:        {read_json_s:.1f}s = {sighted / read_json_s:,.0f} postings/s "
          f"({total_body / 2**20:.0f} MiB of bodies)")
    print(f"  ratio {read_json_s / rebuild_s:.3f} of read_json's rate (target >= 0.25); "
          f"staging {staging / 2**20:.0f} MiB vs raw lake {raw_bytes / 2**20:.0f} MiB")

    # 3. a first night on an empty home, and one more night on top of the whole lake
    # Both move with the machine (a first night took 26.9 s to 41.5 s between runs of earlier
    # stops, the one more night 3.1 s to 5.0 s), and the ratio with them: each is run
    # NIGHT_REPEATS times, in turn (a first night, then a one more night, ...), so that a slow
    # spell of the machine falls on both alike. A first night runs on a fresh empty home, the
    # one more night on a copy of the home as it was before it; the run with the median
    # pipeline steps of each is reported (each run's steps are printed).
    first = root / "first"
    before_year = root / "at-lake-history.duckdb"
    shutil.copyfile(full / "work" / "warehouse.duckdb", before_year)
    shutil.copytree(root / "extra-raw" / f"crawl_date={days[-1]}", full / "raw" / f"crawl_date={days[-1]}")
    before_night = root / "full-before-night"
    shutil.rmtree(before_night, ignore_errors=True)
    shutil.copytree(full, before_night, symlinks=True)  # exports/current is a symlink
    first_runs, night_runs = [], []
    for i in range(NIGHT_REPEATS):
        shutil.rmtree(first, ignore_errors=True)
        shutil.copytree(full / "raw" / f"crawl_date={days[0]}", first / "raw" / f"crawl_date={days[0]}")
        os.sync()
        first_runs.append(retag(first))
        if i:
            shutil.rmtree(full)
            shutil.copytree(before_night, full, symlinks=True)
        os.sync()
        night_runs.append(retag(full, days[-1].isoformat()))
    shutil.rmtree(before_night)
    first_s, _, first_steps = median_run(first_runs)
    first_rss = max(rss for _, rss, _ in first_runs)
    first_pipeline = pipeline_seconds(first_steps)
    next_s, _, next_steps = median_run(night_runs)
    next_pipeline = pipeline_seconds(next_steps)
    print(f"\nfirst night ({lake.postings():,} postings) vs one more night with {args.churn:.0%} changed, "
          f"on top of {nights} nights (the median of {NIGHT_REPEATS} runs of each):")
    for step in PIPELINE_STEPS + ("trend_exports",):
        print(f"  {step:<20} {first_steps.get(step, 0):7.2f}s   {next_steps.get(step, 0):7.2f}s")
    print(f"  {'pipeline steps':<20} {first_pipeline:7.2f}s   {next_pipeline:7.2f}s   ratio {next_pipeline / first_pipeline:.3f} "
          "(target <= 0.1)")
    print(f"  each run of the first night, in order: {runs_line(first_runs)}")
    print(f"  each run of the one more night, in order: {runs_line(night_runs)} (clean, tag, load, publish)")
    print(f"  fixed start-up of a run (process wall minus its steps): {first_s - sum(first_steps.values()):.1f}s and "
          f"{next_s - sum(next_steps.values()):.1f}s (target < 5s)")
    print(f"  peak RSS, the highest of the runs: first night {first_rss:.0f} MiB, one more night "
          f"{max(rss for _, rss, _ in night_runs):.0f} MiB (target <= 1024)")

    # 4. the warehouse load at the lake's history and at a year
    from warehouse.db import connect
    from warehouse.loader import rebuild
    from warehouse.snapshot import publish

    year_db = root / "year" / "work" / "warehouse.duckdb"
    year_db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(before_year, year_db)
    started = time.perf_counter()
    con = connect(year_db)
    last = extend_history(con, days[-1], year - nights, args.churn, seed=1000)
    rebuild(con)
    counts = con.execute("select (select count(distinct crawl_date) from crawl_runs), (select count(*) from sightings), "
                         "(select count(*) from posting_versions)").fetchall()[0]
    con.close()
    print(f"\nhistory copied forward to {counts[0]} nights ({counts[1]:,} sightings, {counts[2]:,} versions) "
          f"in {time.perf_counter() - started:.0f}s")
    # A night inside the newest date's week and month (as six nights of seven are), then a night
    # that starts a week (it recounts the newest periods for every open posting). Each copy is
    # made and flushed to disk before any load is timed (the year's file is 700 MiB: a load
    # timed while the OS still writes its copy back pays for that), and the two sizes are
    # timed in turn, so a drift of the machine's speed meets both alike.
    lake_monday, year_monday = next_monday(days[-2]), next_monday(last)
    lake_month, year_month = next_month_start(days[-2]), next_month_start(last)
    nights_to_time = [(before_year, "lake", days[-1]), (year_db, "year", last + timedelta(days=1)),
                      (before_year, "lake-w", lake_monday), (year_db, "year-w", year_monday),
                      (before_year, "lake-m", lake_month), (year_db, "year-m", year_month)]
    times: dict[str, list[float]] = {name: [] for _, name, _ in nights_to_time}
    closes: dict[str, list[float]] = {name: [] for _, name, _ in nights_to_time}
    for i in range(LOAD_REPEATS):
        copies = [(shutil.copyfile(db, root / f"{name}-{i}.duckdb"), name, day) for db, name, day in nights_to_time]
        os.sync()
        for copy, name, day in copies:
            loaded, closed = time_one_load(copy, day, args.churn, 9000 + i)
            times[name].append(loaded)
            closes[name].append(closed)
            copy.unlink()
    at_lake, at_year, at_lake_week, at_year_week = times["lake"], times["year"], times["lake-w"], times["year-w"]
    for path in root.glob("*-[0-9].duckdb*"):
        path.unlink()
    lake_load, year_load = statistics.median(at_lake), statistics.median(at_year)
    print(f"warehouse load of one night, with its checks: {lake_load:.2f}s at {nights} nights, {year_load:.2f}s at "
          f"{counts[0]} nights, ratio {year_load / lake_load:.2f} (target <= 1.25); median of {LOAD_REPEATS} each, "
          "timed in turn")
    paired = sorted(year / lake for lake, year in zip(at_lake, at_year))
    print(f"  each repeat's ratio (the year's load over the lake's, timed one after the other): {paired[0]:.2f} to "
          f"{paired[-1]:.2f}, middle {statistics.median(paired):.2f}")
    lake_week, year_week = statistics.median(at_lake_week), statistics.median(at_year_week)
    print(f"  a night that starts a week ({lake_monday}, {year_monday}): {lake_week:.2f}s at {nights} nights, "
          f"{year_week:.2f}s at {counts[0]} nights, ratio {year_week / lake_week:.2f}")
    lake_m, year_m = statistics.median(times["lake-m"]), statistics.median(times["year-m"])
    print(f"  a night that starts a month ({lake_month}, {year_month}; it also writes the _live tables again): "
          f"{lake_m:.2f}s at {nights} nights, {year_m:.2f}s at {counts[0]} nights, ratio {year_m / lake_m:.2f}")
    # The close writes what the night changed (DuckDB's checkpoint), and on a night that starts a
    # week or a month packs the row groups the nights before it left (warehouse/loader.py), so a
    # week-start night's close turns on how many nights came since the last packing, not on
    # history. The target's ratio is of the load and its checks; the close is printed beside it,
    # and the ratio with it.
    print("  the connection's close after it (DuckDB's checkpoint; not in the ratio): "
          + ", ".join(f"{statistics.median(closes[name]):.2f}s {label}" for name, label in
                      (("lake", f"at {nights} nights"), ("year", f"at {counts[0]}"), ("lake-w", "week-start at "
                       f"{nights}"), ("year-w", f"week-start at {counts[0]}"))))
    with_close = {name: statistics.median(t + c for t, c in zip(times[name], closes[name])) for name in times}
    print(f"  load and close together: {with_close['lake']:.2f}s at {nights} nights, {with_close['year']:.2f}s at "
          f"{counts[0]}, ratio {with_close['year'] / with_close['lake']:.2f}; a night that starts a week "
          f"{with_close['lake-w']:.2f}s and {with_close['year-w']:.2f}s, ratio "
          f"{with_close['year-w'] / with_close['lake-w']:.2f}")

    # 5. trend queries at a year of history
    year_home = root / "year"
    started = time.perf_counter()
    info = publish(year_db, year_home / "warehouse.duckdb", year_home / "snapshots")
    print(f"publishing the year's snapshot ({(year_home / 'warehouse.duckdb').stat().st_size / 2**20:.0f} MiB): "
          f"{time.perf_counter() - started:.2f}s (as of {info['as_of']})")
    from warehouse.db import connect_reader
    from warehouse.trends import trend_rows

    reader = connect_reader(year_home / "warehouse.duckdb")
    in_process = []
    for _ in range(10):
        for dimension in ("industry", "city", "skill"):
            t0 = time.perf_counter()
            trend_rows(reader, dimension)
            in_process.append(time.perf_counter() - t0)
    reader.close()
    cli = []
    for i in range(15):
        t0 = time.perf_counter()
        subprocess.run([IR, "trends", ("industry", "city", "skill")[i % 3], "--home", str(year_home)],
                       check=True, capture_output=True)
        cli.append(time.perf_counter() - t0)
    p50, p95 = percentiles(in_process)
    c50, c95 = percentiles(cli)
    print(f"trend queries at {counts[0]} nights: open connection p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms "
          f"(target p50 <= 50); through the CLI p50 {c50 * 1000:.0f} ms, p95 {c95 * 1000:.0f} ms (target p50 <= 300)")
    # 6. the exports of a night's snapshot at the lake's history and at a year
    from warehouse.export import export_snapshot
    from warehouse.report import write_report

    exported: dict[str, list[float]] = {"lake": [], "year": []}
    for i in range(EXPORT_REPEATS):
        for name, snapshot in (("lake", full / "warehouse.duckdb"), ("year", year_home / "warehouse.duckdb")):
            t0 = time.perf_counter()
            export_snapshot(snapshot, root / f"exports-{name}", write_report, keep=1)
            exported[name].append(time.perf_counter() - t0)
    lake_export, year_export = statistics.median(exported["lake"]), statistics.median(exported["year"])
    print(f"exports (Parquet, CSV, report): {lake_export:.2f}s at {nights + 1} nights, {year_export:.2f}s at "
          f"{counts[0]} nights, ratio {year_export / lake_export:.2f}; median of {EXPORT_REPEATS} each, in turn")
    print(f"\nload average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

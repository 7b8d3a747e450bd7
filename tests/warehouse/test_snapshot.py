"""Publishing: a read-only snapshot at one stable path, switched atomically, readable by DuckDB 1.x."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_ROOT
from tests.warehouse.test_history import N1, N2, N3, NIGHTS, load
from warehouse.db import READER_CONFIG, STORAGE_VERSION, apply_schema, connect, connect_published, storage_version
from warehouse.snapshot import PublishError, adopt_legacy, publish, published_snapshots, read_snapshot_info

COMPAT_DIR = REPO_ROOT / ".tools" / "duckdb-1.4.0"


class Home:
    def __init__(self, root: Path):
        self.root = root
        self.working = root / "work" / "warehouse.duckdb"
        self.stable = root / "warehouse.duckdb"
        self.snapshots = root / "snapshots"

    def load(self, *nights):
        con = connect(self.working)
        for night in nights:
            load(con, night)
        con.close()

    def publish(self, **kwargs):
        return publish(self.working, self.stable, self.snapshots, **kwargs)


@pytest.fixture()
def home(tmp_path):
    return Home(tmp_path)


def as_of(path: Path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select as_of from snapshot_info").fetchall()[0][0]
    finally:
        con.close()


def test_publish_makes_a_read_only_snapshot_that_says_what_it_holds(home):
    home.load(N1, N2)
    info = home.publish()
    assert home.stable.stat().st_mode & 0o222 == 0  # read-only for everyone
    con = duckdb.connect(str(home.stable), read_only=True)
    row = read_snapshot_info(con)
    assert row["as_of"] == N2 and row["crawl_dates"] == 2 and row["snapshot_id"] == info["snapshot_id"]
    assert row["storage_version"] == STORAGE_VERSION and storage_version(con).startswith(STORAGE_VERSION)
    assert con.execute("select count(*) from crawl_runs").fetchall() == [(4,)]
    con.close()
    # The working database is not a snapshot, and publishing left it writable and unchanged.
    con = connect(home.working)
    assert read_snapshot_info(con) is None
    con.close()
    assert [p.name for p in published_snapshots(home.snapshots)] == [f"{info['snapshot_id']}.duckdb"]
    assert os.path.samefile(home.stable, home.snapshots / f"{info['snapshot_id']}.duckdb")


def test_a_reader_of_the_previous_snapshot_keeps_reading_it(home):
    home.load(N1)
    home.publish()
    reader = duckdb.connect(str(home.stable), read_only=True)
    before = reader.execute("select count(*) from sightings").fetchall()
    home.load(N2, N3)  # the writer works while the reader holds the old snapshot open
    home.publish()
    assert reader.execute("select as_of from snapshot_info").fetchall() == [(N1,)]
    assert reader.execute("select count(*) from sightings").fetchall() == before
    reader.close()
    assert as_of(home.stable) == N3  # a new reader gets the new night


LAYOUTS = {"small": (10_000, 2), "large": (30_000, 5)}  # rows of t, tables


def two_layouts(folder: Path) -> dict[str, Path]:
    """Two databases whose blocks lie differently, each with `snapshot_info(kind)` and `t`."""
    bases = {}
    for kind, (rows, tables) in LAYOUTS.items():
        bases[kind] = folder / f"{kind}.duckdb"
        con = duckdb.connect(str(bases[kind]))
        for i in range(tables):
            con.execute(f"create table t{i} as select range i, 'x' || (range * ?) s from range(?)", [i + 1, rows * (i + 1)])
        con.execute("create table t as select * from t0")
        con.execute("create table snapshot_info as select ? as kind", [kind])
        con.close()
    return bases


def test_a_connect_given_one_files_headers_and_anothers_blocks_is_opened_again(tmp_path):
    # What a DuckDB connect that straddles a publish reads: DuckDB reads the headers (the first
    # 12 KiB) in its second open of the path and the blocks in its third, so a rename between
    # them gives it the old file's headers and the new file's blocks.
    bases = two_layouts(tmp_path)
    old, new = bases["small"].read_bytes(), bases["large"].read_bytes()
    straddled = tmp_path / "straddled.duckdb"
    straddled.write_bytes(old[:12288] + new[12288:])
    with pytest.raises(duckdb.Error):
        duckdb.connect(str(straddled), read_only=True).execute("select count(*) from t").fetchall()
    stable = tmp_path / "warehouse.duckdb"
    os.link(bases["small"], stable)
    opened, heard = [], []

    def duckdb_connect(path, **options):
        opened.append(path)
        if len(opened) == 1:  # a publish switches the path while this connect reads it
            os.link(bases["large"], tmp_path / ".link")
            os.replace(tmp_path / ".link", stable)
            return duckdb.connect(str(straddled), **options)
        return duckdb.connect(path, **options)

    con = connect_published(stable, READER_CONFIG, on_switch=heard.append, opener=duckdb_connect)
    assert con.execute("select kind, (select count(*) from t) from snapshot_info").fetchall() == [("large", 30_000)]
    con.close()
    assert opened == [str(stable)] * 2 and len(heard) == 1 and isinstance(heard[0], duckdb.Error)
    # A connect that succeeded while the path switched is not trusted either: it is opened again.
    heard.clear(), opened.clear()

    def switched_after(path, **options):
        con = duckdb.connect(path, **options)
        opened.append(path)
        if len(opened) == 1:
            os.link(bases["small"], tmp_path / ".link")
            os.replace(tmp_path / ".link", stable)
        return con

    con = connect_published(stable, on_switch=heard.append, opener=switched_after)
    assert con.execute("select kind from snapshot_info").fetchall() == [("small",)]
    con.close()
    assert len(opened) == 2 and heard == [None]
    # A damaged file, with no switch to explain it, still fails, at the first attempt.
    (tmp_path / "damaged.duckdb").write_bytes(new[:12288] + old[12288:])
    with pytest.raises(duckdb.Error):
        connect_published(tmp_path / "damaged.duckdb")


SWITCH_READER = r"""
import json, os, sys
from warehouse.db import connect_published
path, stop, out, expected = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
report = {"reads": 0, "errors": [], "reopened_after_error": [], "reopened_after_switch": 0}

def heard(exc):
    if exc is None:
        report["reopened_after_switch"] += 1
    else:
        report["reopened_after_error"].append(str(exc)[:120])

while not os.path.exists(stop):
    try:
        con = connect_published(path, attempts=50, on_switch=heard)
        kind, rows = con.execute("select kind, (select count(*) from t) from snapshot_info").fetchall()[0]
        con.close()
        if rows != expected[kind]:
            report["errors"].append(f"{kind}: {rows} rows")
        report["reads"] += 1
    except Exception as exc:
        report["errors"].append(repr(exc)[:200])
json.dump(report, open(out, "w"))
"""


def test_a_connect_that_straddles_a_switch_opens_again(tmp_path):
    # DuckDB opens a database's path three times while it connects (magic bytes, headers,
    # blocks). A rename between the second and third open hands it one file's headers and the
    # other's blocks. Switch the path between files of two different layouts, each a file of
    # its own (as every publish is), far more often than a night does, while a reader connects
    # in a loop: every read must be whole, and no error may reach the reader.
    import random
    import time

    bases = two_layouts(tmp_path)
    pool = []  # distinct files, so a path never names the same file again within a connect
    for n in range(30):
        kind = "small" if n % 2 else "large"
        pool.append(tmp_path / f"pool{n:02d}.duckdb")
        pool[-1].write_bytes(bases[kind].read_bytes())
    stable, stop, out = tmp_path / "warehouse.duckdb", tmp_path / "stop", tmp_path / "reader.json"

    def switch_to(path):
        link = tmp_path / ".link.tmp"
        os.link(path, link)
        os.replace(link, stable)

    switch_to(pool[0])
    expected = {kind: rows for kind, (rows, _) in LAYOUTS.items()}
    reader = subprocess.Popen([sys.executable, "-c", SWITCH_READER, str(stable), str(stop), str(out), json.dumps(expected)],
                              cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    switches, rng = 0, random.Random(7)
    deadline = time.monotonic() + 5

    try:
        while time.monotonic() < deadline and reader.poll() is None:
            switches += 1
            switch_to(pool[switches % len(pool)])
            time.sleep(rng.uniform(0.002, 0.12))
    finally:
        stop.touch()
        reader.wait(timeout=60)
    report = json.loads(out.read_text())
    print(f"{switches} switches; reader: {report['reads']} reads, reopened {report['reopened_after_switch']} times "
          f"after a switch and {len(report['reopened_after_error'])} after an error {report['reopened_after_error'][:2]}")
    assert report["errors"] == []
    assert report["reads"] >= 10
    # The race was met: some connects saw the path switched under them, and opened again.
    assert report["reopened_after_switch"] + len(report["reopened_after_error"]) > 0


def test_old_snapshots_beyond_keep_are_deleted(home):
    for night in sorted(NIGHTS):
        home.load(night)
        home.publish(keep=2)
    kept = published_snapshots(home.snapshots)
    assert len(kept) == 2 and os.path.samefile(kept[-1], home.stable)


def test_a_killed_publish_changes_nothing_readers_see(home):
    home.load(N1)
    home.publish()

    def crash():
        raise KeyboardInterrupt("killed before the switch")

    home.load(N2)
    with pytest.raises(KeyboardInterrupt):
        home.publish(before_switch=crash)
    assert as_of(home.stable) == N1
    (home.snapshots / ".deadbeef.duckdb.tmp").write_bytes(b"half a file")  # what kill -9 mid-copy leaves
    home.publish()
    assert as_of(home.stable) == N2
    assert not [p for p in home.snapshots.iterdir() if p.name.startswith(".")]


def test_publish_without_a_working_database_says_so(home):
    with pytest.raises(PublishError, match="no working database"):
        home.publish()


def test_a_pre_snapshot_warehouse_is_adopted_as_the_working_database(home):
    # The old layout: one writable database at the stable path, in DuckDB 2.x's own format.
    con = duckdb.connect(str(home.stable))
    apply_schema(con)
    load(con, N1)
    con.close()
    assert adopt_legacy(home.stable, home.working)
    con = duckdb.connect(str(home.working))
    assert storage_version(con).startswith(STORAGE_VERSION)
    assert con.execute("select count(*) from crawl_runs").fetchall() == [(2,)]
    con.close()
    assert home.stable.exists()  # readable until the first publish replaces it
    home.load(N2)
    home.publish()
    assert as_of(home.stable) == N2
    assert not adopt_legacy(home.stable, home.working)  # once only


def _every_relation_query() -> str:
    return (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "names = [r[0] for r in con.execute(\"select table_name from duckdb_tables() union all "
        "select view_name from duckdb_views() where not internal\").fetchall()]\n"
        "counts = {n: con.execute('select count(*) from \"' + n + '\"').fetchall()[0][0] for n in names}\n"
        "print(json.dumps({'version': duckdb.__version__, 'counts': counts}))\n"
    )


def test_an_older_duckdb_reads_every_table_and_view(home):
    """The published file opens in DuckDB 1.4 (installed by `make install-dev` in its own folder)."""
    if not (COMPAT_DIR / "duckdb").is_dir():
        pytest.skip(f"{COMPAT_DIR} is missing: `make install-dev` installs DuckDB 1.4.0 there")
    import json

    home.load(*sorted(NIGHTS))
    home.publish()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(COMPAT_DIR)
    done = subprocess.run(
        [sys.executable, "-c", _every_relation_query(), str(home.stable)],
        capture_output=True, text=True, env=env, cwd=home.root, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    old = json.loads(done.stdout)
    assert old["version"] == "1.4.0"
    new = json.loads(subprocess.run(
        [sys.executable, "-c", _every_relation_query(), str(home.stable)], capture_output=True, text=True, check=True
    ).stdout)
    assert old["counts"] == new["counts"] and {"postings", "trend_city_weekly", "snapshot_info"} <= set(old["counts"])


def test_the_duckdb_shell_reads_the_snapshot(home):
    """The `duckdb` command installed with the project (a 1.x CLI) opens the published file."""
    binary = Path(sys.executable).parent / "duckdb"
    if not binary.exists():
        pytest.skip("the duckdb-cli package is not installed in this environment")
    home.load(N1)
    home.publish()
    done = subprocess.run(
        [str(binary), "-readonly", "-csv", str(home.stable), "select as_of, crawl_dates from snapshot_info"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["as_of,crawl_dates", f"{N1},1"]

"""Publishing: a read-only snapshot at one stable path, switched atomically, readable by DuckDB 1.x."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_ROOT
from tests.warehouse.test_history import N1, N2, N3, NIGHTS, load
from warehouse.db import STORAGE_VERSION, apply_schema, connect, storage_version
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

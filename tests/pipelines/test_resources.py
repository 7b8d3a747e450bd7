"""The run's working database (pipelines/defs/resources.py working_warehouse): kept open between
the steps of a run that holds the writer lock as a whole, whole on disk after every step, and
closed by a failing step, by the publish and at the run's end."""

from __future__ import annotations

import shutil
import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from pipelines.defs.resources import InternradarResource
from pipelines.home import Home
from warehouse.lock import writer_lock


def _resource(home: Home) -> InternradarResource:
    resource = InternradarResource(home=str(home.root))
    resource.setup_for_execution(dg.build_init_resource_context())
    return resource


def _rows_in_a_copy(home: Home, tmp_path) -> int:
    """The rows of `t` as a copy of the working file alone shows them (what a publish copies)."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(home.working_warehouse, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        return con.execute("select count(*) from t").fetchone()[0]
    finally:
        con.close()


def test_a_run_keeps_the_database_open_between_steps_and_whole_on_disk(tmp_path):
    home = Home(tmp_path / "home")
    resource = _resource(home)
    with writer_lock(home.writer_lock):  # the run's lock, as `internradar run` takes it
        with resource.working_warehouse(create=True) as con:
            con.execute("create table t as select range as i from range(1000)")
            con.execute("create temp table mine as select 1")
        assert resource._kept is not None  # kept for the next step
        assert not home.working_warehouse.with_name("warehouse.duckdb.wal").exists()
        assert _rows_in_a_copy(home, tmp_path) == 1000  # the file alone is whole between steps
        with resource.working_warehouse() as con:
            # a connection of its own: the last step's temporary tables are gone
            assert con.execute("select count(*) from duckdb_tables() where table_name = 'mine'").fetchone()[0] == 0
            con.execute("insert into t select range from range(500)")
        assert _rows_in_a_copy(home, tmp_path) == 1500
        resource.teardown_after_execution(dg.build_init_resource_context())
    assert resource._kept is None
    # Closed: another process may open it now.
    read = subprocess.run([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                           "print(c.execute('select count(*) from t').fetchone()[0])", str(home.working_warehouse)],
                          capture_output=True, text=True, check=True)
    assert read.stdout.strip() == "1500"


def test_a_failing_step_closes_the_database(tmp_path):
    home = Home(tmp_path / "home")
    resource = _resource(home)
    with writer_lock(home.writer_lock):
        with resource.working_warehouse(create=True) as con:
            con.execute("create table t (i integer)")
        with pytest.raises(RuntimeError, match="step failed"):
            with resource.working_warehouse() as con:
                con.execute("begin transaction")
                con.execute("insert into t values (1)")
                raise RuntimeError("step failed")
        assert resource._kept is None
        con = duckdb.connect(str(home.working_warehouse))  # another configuration: only if closed
        assert con.execute("select count(*) from t").fetchone()[0] == 0  # rolled back
        con.close()


def test_without_the_run_wide_lock_each_step_closes_the_database(tmp_path):
    """A step that takes the lock for itself (the Dagster UI's runs): another writer may come in
    between steps, so nothing is kept."""
    home = Home(tmp_path / "home")
    resource = _resource(home)
    with resource.working_warehouse(create=True) as con:
        con.execute("create table t (i integer)")
    assert resource._kept is None
    outside_a_run = InternradarResource(home=str(home.root))  # no run set it up: nothing kept either
    with writer_lock(home.writer_lock):
        with outside_a_run.working_warehouse() as con:
            con.execute("insert into t values (1)")
        assert outside_a_run._kept is None

"""The Dagster instance under the home keeps every run's events in one SQLite database (its
connections kept open, without keeping other processes out), and a home made when Dagster kept a
file per run has that history moved, not lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.dagster_home import EVENT_LOG, MOVED_EVENT_LOGS, PER_RUN_EVENT_LOGS, move_event_history, prepare_dagster_home
from pipelines.home import Home
from tests.conftest import REPO_ROOT


@dg.asset
def tiny() -> int:
    return 1


@dg.asset_check(asset=tiny)
def tiny_is_one() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def materialize_tiny(runs: int) -> list[str]:
    with dg.DagsterInstance.get() as instance:
        return [dg.materialize([tiny, tiny_is_one], instance=instance).run_id for _ in range(runs)]


def history() -> dict:
    """Everything Dagster's UI reads back about the runs: each run's events, and per asset its
    newest materialization and check execution."""
    with dg.DagsterInstance.get() as instance:
        check = dg.AssetCheckKey(dg.AssetKey("tiny"), "tiny_is_one")
        return {
            "events": {run.run_id: [(e.dagster_event_type, e.message, e.timestamp) for e in instance.all_logs(run.run_id)]
                       for run in instance.get_runs()},
            "latest": instance.get_latest_materialization_event(dg.AssetKey("tiny")).run_id,
            "checks": [(r.run_id, r.status) for r in instance.event_log_storage.get_asset_check_execution_history(check, limit=10)],
            "storage": type(instance.event_log_storage).__name__,
        }


def old_home(root: Path, runs: int) -> tuple[Home, list[str]]:
    """A home whose Dagster instance has Dagster's default storage, as homes made before
    dagster.yaml named one database had it, with `runs` runs stored."""
    home = Home(root)
    home.dagster.mkdir(parents=True)
    (home.dagster / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    os.environ["DAGSTER_HOME"] = str(home.dagster)
    return home, materialize_tiny(runs)


@pytest.fixture
def dagster_env(monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.delenv("INTERNRADAR_HOME", raising=False)
    yield
    os.environ.pop("DAGSTER_HOME", None)


def test_runs_store_their_events_in_one_database(tmp_path, dagster_env):
    home = Home(tmp_path)
    prepare_dagster_home(home)
    run_ids = materialize_tiny(2)
    stored = history()
    assert stored["storage"] == "PooledSqliteEventLogStorage"
    assert (home.dagster / EVENT_LOG).exists() and not (home.dagster / PER_RUN_EVENT_LOGS).exists()
    assert set(stored["events"]) == set(run_ids) and stored["latest"] == run_ids[-1]
    assert [run_id for run_id, _ in stored["checks"]] == run_ids[::-1]


TINY_RUN = """
import dagster as dg, sys
sys.path.insert(0, sys.argv[1])
from tests.pipelines.test_dagster_home import materialize_tiny
print(materialize_tiny(1)[0])
"""


def test_an_open_instance_keeps_no_other_process_out(tmp_path, dagster_env):
    """The storage keeps its connections open between writes: another process (a run, the
    daemon, the webserver) still writes and reads the same database meanwhile, and each sees
    the other's runs."""
    home = Home(tmp_path)
    prepare_dagster_home(home)
    with dg.DagsterInstance.get() as instance:
        assert type(instance.event_log_storage).__name__ == "PooledSqliteEventLogStorage"
        mine = dg.materialize([tiny, tiny_is_one], instance=instance).run_id
        assert instance.event_log_storage._pooled is not None  # its engine is kept, with a connection
        other = subprocess.run([sys.executable, "-c", TINY_RUN, str(REPO_ROOT)], cwd=REPO_ROOT, env=dict(os.environ),
                               capture_output=True, text=True, timeout=300)
        assert other.returncode == 0, other.stderr[-2000:]
        theirs = other.stdout.split()[-1]
        assert instance.get_latest_materialization_event(dg.AssetKey("tiny")).run_id == theirs
        assert {r.run_id for r in instance.get_runs()} == {mine, theirs}
        again = dg.materialize([tiny, tiny_is_one], instance=instance).run_id
    stored = history()
    assert set(stored["events"]) == {mine, theirs, again} and stored["latest"] == again
    assert all(len(events) > 5 for events in stored["events"].values())


def test_a_home_with_per_run_event_files_has_its_history_moved_once(tmp_path, dagster_env):
    home, run_ids = old_home(tmp_path, 3)
    before = history()
    assert before["storage"] == "SqliteEventLogStorage" and len(before["events"]) == 3
    assert all(len(events) > 5 for events in before["events"].values())

    messages = []
    prepare_dagster_home(home)  # installs dagster.yaml and moves the history
    after = history()
    assert after["storage"] == "PooledSqliteEventLogStorage"
    assert after["events"] == before["events"]
    assert after["latest"] == before["latest"] == run_ids[-1]
    assert after["checks"] == before["checks"]
    kept = home.dagster / MOVED_EVENT_LOGS
    assert sorted(p.stem for p in kept.glob("*.db")) == sorted([*run_ids, "index"])
    assert not (home.dagster / PER_RUN_EVENT_LOGS).exists()
    assert not (home.dagster / ".event_log.moving").exists()

    assert move_event_history(home.dagster, log=messages.append) == 0 and messages == []
    new_run = materialize_tiny(1)[0]
    assert history()["latest"] == new_run


def test_a_stopped_move_starts_again(tmp_path, dagster_env, monkeypatch):
    home, _ = old_home(tmp_path, 2)
    before = history()

    from dagster._core.storage.event_log import ConsolidatedSqliteEventLogStorage

    stored = ConsolidatedSqliteEventLogStorage.store_event_batch
    calls = []

    def stop_on_the_second_run(self, events):
        calls.append(len(events))
        if len(calls) == 2:
            raise KeyboardInterrupt
        return stored(self, events)

    monkeypatch.setattr(ConsolidatedSqliteEventLogStorage, "store_event_batch", stop_on_the_second_run)
    with pytest.raises(KeyboardInterrupt):
        move_event_history(home.dagster, log=lambda _: None)
    assert not (home.dagster / EVENT_LOG).exists() and (home.dagster / PER_RUN_EVENT_LOGS / "index.db").exists()

    monkeypatch.setattr(ConsolidatedSqliteEventLogStorage, "store_event_batch", stored)
    messages = []
    assert move_event_history(home.dagster, log=messages.append) == 2
    assert messages[0].startswith("internradar: moving Dagster's event history of 2 run(s)")
    prepare_dagster_home(home)
    assert history()["events"] == before["events"]


def test_two_processes_opening_an_old_home_at_once_move_it_once(tmp_path, dagster_env):
    home, _ = old_home(tmp_path, 3)
    before = history()
    os.environ.pop("DAGSTER_HOME")

    script = ("import sys; from pathlib import Path; from pipelines.dagster_home import move_event_history; "
              "print(move_event_history(Path(sys.argv[1]), log=lambda _: None))")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    movers = [subprocess.Popen([sys.executable, "-c", script, str(home.dagster)], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [mover.communicate() + (mover.returncode,) for mover in movers]
    assert [code for _, _, code in outcomes] == [0, 0], [err[-2000:] for _, err, _ in outcomes]
    assert sorted(int(out) for out, _, _ in outcomes) == [0, 3]  # one moved the three runs, the other waited
    prepare_dagster_home(home)
    assert history()["events"] == before["events"]

"""One writer per home: the second is refused (or waits), a run's own steps pass, kill -9 frees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from warehouse.lock import TOKEN_ENV, WriterBusy, read_holder, writer_lock

HOLD = (
    "import sys, time\n"
    "from warehouse.lock import writer_lock\n"
    "with writer_lock(sys.argv[1], command='internradar run --date 2026-11-30'):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(600)\n"
)


@pytest.fixture()
def holder(tmp_path):
    """Another process holding the lock of tmp_path's home."""
    path = tmp_path / "work" / "writer.lock"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield path, proc
    proc.kill()
    proc.wait()


def test_a_second_writer_is_refused_with_the_holder_named(holder):
    path, proc = holder
    with pytest.raises(WriterBusy) as refused:
        with writer_lock(path):
            pass
    message = str(refused.value)
    assert f"pid {proc.pid}" in message and "internradar run --date 2026-11-30" in message
    assert TOKEN_ENV not in os.environ


def test_kill_9_of_the_holder_frees_the_lock(holder):
    path, proc = holder
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with writer_lock(path, command="next run"):
        assert read_holder(path)["command"] == "next run"
    assert read_holder(path) is None  # released: the file no longer names anyone


def test_a_writer_can_wait_for_the_lock(tmp_path):
    path = tmp_path / "writer.lock"
    notes = []
    released = threading.Event()

    def hold():
        with writer_lock(path):
            os.environ.pop(TOKEN_ENV, None)  # this thread's run is not the waiting one's
            released.wait(5)
            time.sleep(0.5)

    thread = threading.Thread(target=hold)
    thread.start()
    time.sleep(0.2)
    released.set()
    started = time.monotonic()
    with writer_lock(path, wait_s=30, on_wait=notes.append, poll_s=0.05):
        waited = time.monotonic() - started
    thread.join()
    assert waited >= 0.2 and notes and "waiting for the writer lock" in notes[0]


def test_steps_of_the_holding_run_do_not_lock_again(tmp_path):
    path = tmp_path / "writer.lock"
    with writer_lock(path, command="internradar run"):
        token = os.environ[TOKEN_ENV]
        with writer_lock(path):  # a step of the same run (its worker processes inherit the token)
            assert read_holder(path)["token"] == token
        child = subprocess.run(
            [sys.executable, "-c", "import sys\nfrom warehouse.lock import writer_lock\nwith writer_lock(sys.argv[1]):\n    print('ok')",
             str(path)], capture_output=True, text=True, timeout=60,
        )
        assert child.stdout.strip() == "ok", child.stderr
    assert TOKEN_ENV not in os.environ


def test_a_token_left_by_a_dead_run_does_not_count(tmp_path, monkeypatch):
    path = tmp_path / "writer.lock"
    path.write_text('{"pid": 1, "token": "stale"}')
    monkeypatch.setenv(TOKEN_ENV, "stale")
    with writer_lock(path, command="fresh"):
        assert read_holder(path)["command"] == "fresh"

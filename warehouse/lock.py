"""One writer per home: an advisory lock (flock) on <home>/work/writer.lock.

The nightly run, `retag` and the demo take it before they write the working database, publish
a snapshot or switch the exports. A second writer waits (up to `wait_s`) or is refused with a
message naming the holder; readers never take it. The kernel drops the lock when its holder
dies, even by kill -9, so a crashed run never leaves the home locked.

A run takes the lock once and its steps (in this process or in worker processes it starts)
find their run's token in ``INTERNRADAR_WRITER_TOKEN`` and go on without taking it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Callable, Iterator

TOKEN_ENV = "INTERNRADAR_WRITER_TOKEN"


class WriterBusy(RuntimeError):
    """Another process holds the writer lock of this home."""


def read_holder(path: Path) -> dict[str, Any] | None:
    """What the lock file says about its holder (pid, command, since), if anything."""
    try:
        text = Path(path).read_text(encoding="utf-8")
        return json.loads(text) if text.strip() else None
    except (OSError, ValueError):
        return None


def describe_holder(holder: dict[str, Any] | None) -> str:
    if not holder:
        return "another process"
    return f"pid {holder.get('pid')} on {holder.get('host')} ({holder.get('command')}, since {holder.get('since')})"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def held_for_run(path: str | os.PathLike) -> bool:
    """True if this process's run holds the writer lock at `path` as a whole: our run's token is
    the holder's and the lock is really held (not a stale file). No other writer can then come
    in between the run's steps."""
    path = Path(path)
    token = os.environ.get(TOKEN_ENV)
    if not token:
        return False
    holder = read_holder(path)
    if not holder or holder.get("token") != token:
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        if _try_lock(fd):  # nobody holds it: the token is left over from a dead run
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        return True
    finally:
        os.close(fd)


@contextlib.contextmanager
def writer_lock(
    path: str | os.PathLike,
    command: str | None = None,
    wait_s: float = 0.0,
    on_wait: Callable[[str], None] = lambda message: None,
    poll_s: float = 0.2,
) -> Iterator[None]:
    """Hold the home's writer lock for the block; raise WriterBusy if it stays taken `wait_s`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if held_for_run(path):
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_s
        next_note = time.monotonic()
        while not _try_lock(fd):
            holder = describe_holder(read_holder(path))
            if time.monotonic() >= deadline:
                raise WriterBusy(
                    f"{path.parent.parent} is being written by {holder}; "
                    + ("waited {:.0f}s. ".format(wait_s) if wait_s else "")
                    + "wait for it to finish, or use another home"
                )
            if time.monotonic() >= next_note:
                on_wait(f"waiting for the writer lock of {path.parent.parent}, held by {holder}")
                next_note = time.monotonic() + 30
            time.sleep(poll_s)
        token = uuid.uuid4().hex
        holder = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": command or " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:200],
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "token": token,
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)
        previous = os.environ.get(TOKEN_ENV)
        os.environ[TOKEN_ENV] = token
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop(TOKEN_ENV, None)
            else:
                os.environ[TOKEN_ENV] = previous
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)

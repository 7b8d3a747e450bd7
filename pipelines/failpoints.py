"""Crash points for the kill -9 tests: ``INTERNRADAR_FAILPOINT=<name>`` kills the run there.

A failpoint whose name is set sends SIGKILL to the whole process group (the run, its step
workers and its crawl subprocess), as an operator's ``kill -9`` or a lost machine would. The
crash tests start each run in a new session, so nothing else is in the group. Unset, a
failpoint costs one environment lookup.

Names: ``crawl`` (after the first source of a shard finished), ``clean`` (clean postings
written, crawl runs not), ``tag`` (tags computed, not written), ``load`` (inside the load's
transaction, before commit), ``publish`` (snapshot file written, stable path not switched),
``exports`` (export folder written, pointers not switched).
"""

from __future__ import annotations

import os
import signal

ENV = "INTERNRADAR_FAILPOINT"
NAMES = ("crawl", "clean", "tag", "load", "publish", "exports")


def failpoint(name: str) -> None:
    if os.environ.get(ENV) == name:
        os.killpg(os.getpgid(0), signal.SIGKILL)

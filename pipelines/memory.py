"""Give back what a finished step held, so the next step of the same process starts small.

The in-process executor (`internradar retag`, the demo, tests) runs every step in one process:
without this, the tag step's memos and frames stay resident under the load step's DuckDB work
and a first night peaks at the sum of both. Under the multiprocess executor each step has its
own process and this costs a few milliseconds.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import sys


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc, found once (find_library runs `ldconfig -p`: 50 ms a call); None where absent."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - only glibc has it (musl has none)
    except (OSError, AttributeError):
        return None
    return libc


def release_memory(collect_cycles: bool = False) -> None:
    """Ask Arrow's memory pool and the C allocator (glibc's malloc_trim) to return freed pages
    to the OS; first collect reference cycles if asked (a full collection scans every object of
    the process, ~0.15 s with Dagster loaded: worth it after tagging, whose memos hold cycles)."""
    if collect_cycles:
        gc.collect()
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:  # Arrow's allocator (pandas' strings, staging) keeps freed pages for reuse
        arrow.default_memory_pool().release_unused()
    if not sys.platform.startswith("linux"):
        return
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)

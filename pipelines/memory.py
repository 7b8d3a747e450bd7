"""Give back what a finished step held, so the next step of the same process starts small.

The in-process executor (`internradar retag`, the demo, tests) runs every step in one process:
without this, the tag step's memos and frames stay resident under the load step's DuckDB work
and a first night peaks at the sum of both. Under the multiprocess executor each step has its
own process and this costs a few milliseconds.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import sys
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    import ctypes


@functools.cache
def _libc() -> ctypes.CDLL | None:
    """glibc, found once (find_library runs `ldconfig -p`: 50 ms a call); None where absent.
    ctypes is imported here, not with the module: every command imports this module, and
    `ctypes.util` (with subprocess and shutil) costs 30 ms that only a pipeline step needs."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - only glibc has it (musl has none)
    except (OSError, AttributeError):
        return None
    return libc


# Gen-1 collections between two full collections (CPython's default is 10).
FULL_COLLECTION_EVERY = 100


def collect_less_often(full_every: int = FULL_COLLECTION_EVERY) -> tuple[int, int, int]:
    """Make the cyclic collector's full (oldest-generation) collections rarer in this process;
    returns the thresholds it had.

    A full collection walks every object of the process: with Dagster, pandas and the tagger's
    rules loaded, 0.15-0.25 s each time. With CPython's default a typical night made one in
    each step and three while importing: about 1 s of a 1%-changed night. Our steps make few
    reference cycles, and young objects are still collected as often as before; CPython also
    still waits until a quarter of the old objects are new, so this only spaces out the walks.
    """
    before = gc.get_threshold()
    young, middle, full = before
    gc.set_threshold(young, middle, max(full, full_every))
    return before


def skip_the_collection_at_exit() -> None:
    """Have this process's shutdown skip the full collection CPython makes of every object.

    An interpreter that exits collects its oldest generation once more, walking every object
    the process still holds only to hand the memory back, which the OS does anyway: after a
    night's run, with Dagster, pandas and the tagger's rules and memos loaded, 1.0-1.3 s of a
    1%-changed night's process. Frozen objects (`gc.freeze`) are left out of every collection,
    so freezing is the last thing the process does at exit (handlers run last-registered
    first: this one is registered when `pipelines` is imported, before Dagster's and ours).
    Objects freed by reference counting are still freed as the modules are torn down; only
    garbage in reference cycles is left to the OS, unfinalized (our connections and files are
    closed by `with` blocks, not by the collector).
    """
    atexit.register(gc.freeze)


@contextlib.contextmanager
def loaded_objects_frozen() -> Iterator[None]:
    """Within the block, the cyclic collector leaves out every object the process held when it
    began (`gc.freeze`; they go back to the oldest generation after).

    Around a run that has loaded what it runs with (Dagster, pandas, the definitions and the
    tagger's rules), a full collection then walks only what the steps made since, not the
    hundreds of thousands of objects loaded at start-up: 0.15-0.2 s each time, and a
    1%-changed night still made one, in its load step. Unfrozen after, so that a process that
    runs again (the tests, the demo) can still collect its older garbage.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


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

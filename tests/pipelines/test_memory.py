"""A finished step gives back what it held: the in-process executor runs every step in one process."""

import sys

import pytest

from pipelines import clustering
from pipelines.memory import release_memory
from pipelines.tagging import places


def test_carried_resolutions_are_forgotten_after_the_step_saved_them(tmp_path):
    from pipelines.enrich import carried_place_resolutions

    with carried_place_resolutions(tmp_path):
        assert places.resolve_location_strings(["Stockholm, Sweden"])[0]
        assert places.resolutions_made()
    saved = list(tmp_path.glob("places-*.json"))
    assert saved and "Stockholm" in saved[0].read_text(encoding="utf-8")
    assert places.resolutions_made() == {} and not places._PRIMED


def test_the_clusterer_forgets_its_preparations():
    clustering._prepared({"posting_key": "k", "platform": "lever", "company": "Acme", "title": "Data Intern", "url": "u"})
    assert clustering._PREPARED
    clustering.forget_prepared()
    assert not clustering._PREPARED


def _rss_mib() -> int:
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) // 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_release_memory_returns_freed_pages_to_the_os():
    import pyarrow as pa

    # ~350 MiB of Arrow strings, as staging and pandas' string columns hold them: freed, Arrow's
    # allocator keeps the pages for reuse, so the process stays that big until asked. Now and
    # then (on a busy machine, seen once in a full run) the allocator gave them back by itself
    # at once: then there is nothing to release, and the attempt is made again.
    for _ in range(3):
        arrays = [pa.array([f"posting text {i} " * 20 for i in range(j * 1000, (j + 1) * 1000)]) for j in range(600)]
        held = _rss_mib()
        del arrays
        if _rss_mib() > held - 100:
            break
    else:
        pytest.skip("Arrow's allocator returned the freed pages by itself three times: nothing left to release")
    release_memory()
    assert _rss_mib() < held - 150


def test_every_pipeline_process_spaces_out_full_collections():
    """A command or a Dagster step process imports `pipelines` first: from then on a full
    collection waits for 100 gen-1 collections, not CPython's 10 (each walks every object)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", "import gc, pipelines.cli; print(gc.get_threshold())"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(700, 10, 100)"


def test_collect_less_often_never_lowers_a_threshold_and_still_collects():
    import gc

    from pipelines.memory import collect_less_often

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 500)
        assert collect_less_often() == (700, 10, 500)
        assert gc.get_threshold() == (700, 10, 500)
        gc.set_threshold(700, 10, 10)
        collect_less_often()
        full = []
        gc.callbacks.append(lambda phase, info: full.append(info["generation"]) if phase == "stop" else None)
        try:
            junk = []
            for i in range(2_000_000):  # cycles that survive into the oldest generation
                a: list = [i]
                a.append(a)
                junk.append(a)
                if len(junk) > 50_000:
                    junk.clear()
        finally:
            gc.callbacks.pop()
        assert 2 in full, "a full collection must still happen under steady churn"
    finally:
        gc.set_threshold(*before)


def test_a_run_leaves_what_was_loaded_out_of_its_collections_and_gives_it_back_after():
    """Around an in-process run, what the process held before is frozen: the run's full
    collections walk only what its steps made. After it, the objects are collectable again, and
    garbage made meanwhile is collected as before."""
    import gc

    from pipelines.memory import loaded_objects_frozen

    before = gc.get_freeze_count()
    held = [[i] for i in range(10_000)]
    with loaded_objects_frozen():
        assert gc.get_freeze_count() >= before + len(held)
        cycle: list = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # made within the block: still found
    assert gc.get_freeze_count() == 0
    del held


def test_the_in_process_runs_freeze_what_they_loaded(monkeypatch, tmp_path):
    """run_nightly (in process) and run_retag run their job inside loaded_objects_frozen."""
    import gc

    import pipelines.nightly as nightly
    from pipelines.home import Home

    seen = []

    class Job:
        def execute_in_process(self, **kwargs):
            seen.append(gc.get_freeze_count())
            return "result"

    monkeypatch.setattr(nightly, "nightly_job", lambda: Job())
    monkeypatch.setattr(nightly, "prepare_dagster_home", lambda home: None)
    import pipelines.definitions as definitions

    monkeypatch.setattr(definitions.defs, "resolve_job_def", lambda name: Job())
    instance = type("Instance", (), {"dispose": lambda self: None})()
    home = Home(tmp_path)
    assert nightly.run_nightly(home, tmp_path / "sources.yaml", "2026-01-01", instance=instance) == "result"
    assert nightly.run_retag(home, ["2026-01-01"], instance=instance) == "result"
    assert len(seen) == 2 and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


def test_a_pipeline_process_exits_without_walking_its_objects_again():
    """CPython's shutdown makes a full collection of everything still held (1.0-1.3 s after a
    night). Importing `pipelines` freezes the heap at exit instead: the collection finds nothing
    to walk. The first atexit handler registered runs last, and sees what the shutdown sees."""
    import subprocess

    script = (
        "import atexit, gc\n"
        "atexit.register(lambda: print(gc.get_freeze_count(), sum(gc.get_count())))\n"
        "import pipelines.cli\n"
        "held = [[i] for i in range(50_000)]\n"
    )
    frozen, young = map(int, subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                                            check=True).stdout.split())
    assert frozen > 50_000 and young == 0

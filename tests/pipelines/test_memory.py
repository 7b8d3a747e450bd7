"""A finished step gives back what it held: the in-process executor runs every step in one process."""

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


def test_release_memory_returns_freed_pages():
    import pyarrow as pa

    pool = pa.default_memory_pool()
    buffer = pa.allocate_buffer(64 << 20)
    del buffer
    release_memory(collect_cycles=True)  # gc, Arrow's pool, malloc_trim: never raises, wherever it runs
    assert pool.bytes_allocated() < 64 << 20

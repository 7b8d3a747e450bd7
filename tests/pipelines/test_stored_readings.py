"""Segment and title readings kept across processes (pipelines/tagging/stored.py): a later
process looks up what an earlier one read, and tags exactly as if it had read it itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.tagging import TAGGER_VERSION, clear_caches, tag_postings, use_reading_store
from pipelines.tagging.stored import ReadingStore, readings_fingerprint
from tests.conftest import REPO_ROOT

# One process: tag the postings in argv[1] with the store of the cache folder argv[2] (or none).
TAG_IN_A_PROCESS = """
import json, sys
from pathlib import Path
from pipelines.enrich import carried_readings
from pipelines.tagging import tag_postings
postings = json.loads(Path(sys.argv[1]).read_text())
if sys.argv[2] == "-":
    print(json.dumps({"tags": tag_postings(postings), "found": None, "made": None}, default=str))
else:
    with carried_readings(Path(sys.argv[2])) as store:
        tags = tag_postings(postings)
    print(json.dumps({"tags": tags, "found": store.found, "made": store.made}, default=str))
"""


@pytest.fixture(scope="module")
def ramp_postings(shared_data: Path, tmp_path_factory) -> Path:
    """A real employer's board (Ramp, 112 postings on Ashby), as tagger input: its postings share
    boilerplate, as an employer's do."""
    jobs = json.loads((shared_data / "ats" / "ashby-board-ramp-full.json").read_text())
    jobs = jobs.get("jobs", jobs) if isinstance(jobs, dict) else jobs
    postings = [{"title": j.get("title"), "company": "Ramp", "location": j.get("location"),
                 "description": j.get("descriptionHtml"), "department": j.get("department"),
                 "employment_type": j.get("employmentType")} for j in jobs]
    path = tmp_path_factory.mktemp("ramp") / "postings.json"
    path.write_text(json.dumps(postings))
    return path


def tag_in_a_process(postings: Path, cache: Path | None) -> dict:
    done = subprocess.run([sys.executable, "-c", TAG_IN_A_PROCESS, str(postings), str(cache) if cache else "-"],
                          capture_output=True, text=True, cwd=REPO_ROOT, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_a_later_process_looks_up_what_an_earlier_one_read(ramp_postings, tmp_path):
    cache = tmp_path / "cache"
    unstored = tag_in_a_process(ramp_postings, None)
    first = tag_in_a_process(ramp_postings, cache)
    second = tag_in_a_process(ramp_postings, cache)
    assert first["found"] == 0 and first["made"] > 500
    assert second["made"] == 0 and second["found"] == first["made"]
    assert first["tags"] == unstored["tags"] and second["tags"] == unstored["tags"]
    assert [p.name for p in cache.glob("readings-*.sqlite")] == [f"readings-{TAGGER_VERSION}-{readings_fingerprint()}.sqlite"]


def test_a_damaged_store_only_makes_tagging_slower(ramp_postings, tmp_path):
    cache = tmp_path / "cache"
    unstored = tag_in_a_process(ramp_postings, None)
    tag_in_a_process(ramp_postings, cache)
    (stored,) = cache.glob("readings-*.sqlite")
    stored.write_bytes(b"not a database" * 100)
    damaged = tag_in_a_process(ramp_postings, cache)
    assert damaged["tags"] == unstored["tags"] and damaged["found"] == 0


def test_stored_readings_are_the_readings(tmp_path):
    """In one process: what the store gives back equals what reading gives, for segments and
    titles; an unreadable value turns the store off and the text is read."""
    posting = {"title": "Machine Learning Intern (Summer 2026)", "company": "Ramp", "location": "New York, NY",
               "description": "<p>We build finance automation.</p><p>You will train models in Python and SQL.</p>"}
    clear_caches()
    plain = tag_postings([posting])
    first = ReadingStore(tmp_path / "r.sqlite")
    assert not first.lookups  # an empty store is only written
    use_reading_store(first)
    try:
        clear_caches()
        assert tag_postings([posting]) == plain and first.made > 0 and first.found == 0
    finally:
        use_reading_store(None)
        first.flush()
        first.close()
    second = ReadingStore(tmp_path / "r.sqlite")
    use_reading_store(second)
    try:
        clear_caches()
        assert tag_postings([posting]) == plain and second.found == first.made and second.made == 0
        second.con.execute("update readings set value = x'00'")
        clear_caches()
        assert tag_postings([posting]) == plain and second.con is None
    finally:
        use_reading_store(None)
        second.close()
        clear_caches()


def test_the_fingerprint_covers_every_module_and_rule_file(tmp_path, monkeypatch):
    import shutil

    import pipelines.tagging.stored as stored

    package = tmp_path / "tagging"
    shutil.copytree(stored._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(stored, "_PACKAGE", package)
    before = readings_fingerprint()
    for name in ("skills.yaml", "industry.py"):
        path = package / name
        path.write_text(path.read_text() + "\n# changed\n")
        after = readings_fingerprint()
        assert after != before
        before = after


"""What makes bulk tagging fast must not change a tag: memoized segments, titles and places, the
keyword scans and the paused garbage collector give exactly what a fresh, plain tagger gives."""

from __future__ import annotations

import copy
import gc
import json
from pathlib import Path

import pytest

import pipelines.tagging as tagging
from pipelines.tagging import aiml, industry, internship, remote
from pipelines.tagging.matching import plain_matching
from pipelines.tagging.text import html_to_text

EVAL = sorted((Path(__file__).resolve().parents[1] / "eval").glob("*.jsonl"))
BOILERPLATE = ("We are an equal opportunity employer. Benefits include health insurance and a 401(k) match. "
               "Visa sponsorship is not available for this role.")


def _postings() -> list[dict]:
    rows = [json.loads(line) for path in EVAL for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    postings = []
    for i, row in enumerate(rows):
        posting = {key: row.get(key) for key in ("title", "company", "location", "description", "employment_type")}
        postings.append(posting)
        # The same sentences again in other postings, as boilerplate and reposts bring them.
        if i % 3 == 0:
            postings.append(dict(posting, description=f"<p>{row.get('description') or ''}</p><p>{BOILERPLATE}</p>",
                                 location="Remote"))
    return postings


def _fresh(posting: dict) -> dict:
    """Tags from a tagger that remembers nothing and runs every pattern over the whole text."""
    tagging.clear_caches()
    with plain_matching():
        return tagging.tag_posting(posting)


def test_bulk_tagging_equals_a_fresh_plain_tagger_on_every_eval_posting():
    postings = _postings()
    assert len(postings) > 700
    tagging.clear_caches()
    first = tagging.tag_postings(postings)
    again = tagging.tag_postings(postings)  # everything memoized now
    assert again == first
    assert [_fresh(p) for p in postings] == first


def test_results_do_not_share_mutable_parts():
    posting = {"title": "ML Intern", "company": "Spotify", "location": "Stockholm, Sweden; London, UK",
               "description": "<p>PyTorch and SQL. Paid internship, SEK 25,000 per month. Master's students.</p>"}
    first, second = tagging.tag_postings([posting, posting])
    pristine = copy.deepcopy(second)
    for value in first.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    item.clear()
            value.clear()
        elif isinstance(value, dict):
            value.clear()
    assert second == pristine
    assert tagging.tag_posting(posting) == pristine


def test_module_functions_agree_with_tag_posting():
    for posting in _postings()[:300]:
        tags = tagging.tag_posting(posting)
        title, description = posting["title"], html_to_text(posting["description"])
        assert aiml.ai_ml_score(title, description) == tags["ai_ml_score"]
        assert aiml.role_family(title, description, tags["is_ai_ml"]) == tags["role_family"]
        assert internship.is_internship(title, description, posting["employment_type"]) == tags["is_internship"]
        decision = industry.decide_industry(posting["company"], title, description)
        assert (decision.industry, decision.industries, decision.evidence) == (
            tags["industry"], tags["industries"], tags["industry_evidence"])
        assert remote.remote_mode(posting["location"], title, description) == tags["remote"]


def test_the_garbage_collector_runs_again_after_a_batch_even_a_failing_one():
    assert gc.isenabled()
    tagging.tag_postings([{"title": "Intern"}])
    assert gc.isenabled()

    def broken():
        yield {"title": "Intern"}
        raise RuntimeError("source went away")

    with pytest.raises(RuntimeError):
        tagging.tag_postings(broken())
    assert gc.isenabled()
    gc.disable()
    try:
        tagging.tag_postings([{"title": "Intern"}])
        assert not gc.isenabled()  # a caller's choice is left alone
    finally:
        gc.enable()


def test_clear_caches_forgets_every_memo():
    tagging.tag_postings(_postings()[:20])
    caches = tagging.memo_caches()
    assert {"tagging._segment", "tagging._field", "places._resolve_all", "matching._scan_text"} <= set(caches)
    assert caches["tagging._segment"].cache_info().currsize > 0
    tagging.clear_caches()
    assert all(cache.cache_info().currsize == 0 for cache in caches.values())


def test_giant_lines_are_read_but_not_remembered():
    tagging.clear_caches()
    caches = tagging.memo_caches()
    giant = {"title": "ML Intern", "description": "machine learning with pytorch and sql " * 400}  # one 15 KB line
    tags = tagging.tag_postings([giant])[0]
    assert caches["tagging._segment"].cache_info().currsize == 0
    assert caches["text._line_segments"].cache_info().currsize == 0
    assert tags == _fresh(giant) and tags["is_ai_ml"] and "pytorch" in tags["skills"]

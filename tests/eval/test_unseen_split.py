"""The unseen-employer split (`tests/eval/unseen/`): postings of employers the company map does not
name, so its scores say what the tagger does for the long tail a real crawl meets."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from pipelines.tagging.evaluate import EVAL_DIR, load_labeled
from pipelines.tagging.industry import INDUSTRIES, known_company

UNSEEN_DIR = EVAL_DIR / "unseen"


@pytest.fixture(scope="module")
def unseen():
    files = sorted(UNSEEN_DIR.glob("*.jsonl"))
    assert [f.name for f in files] == ["holdout.jsonl", "tune.jsonl"]
    return load_labeled(files)


@pytest.fixture(scope="module")
def known():
    return load_labeled(sorted(EVAL_DIR.glob("*.jsonl")))


def test_no_unseen_employer_is_in_the_company_map(unseen):
    mapped = sorted({r["company"] for r in unseen if known_company(r["company"])})
    assert not mapped, f"in the company map, so not unseen: {mapped}"


def test_no_unseen_employer_is_in_the_known_split(unseen, known):
    known_names = {r["company"].casefold() for r in known}
    assert not sorted({r["company"] for r in unseen if r["company"].casefold() in known_names})


def test_tune_and_holdout_share_no_employer(unseen):
    halves: dict[str, set[str]] = {}
    for r in unseen:
        halves.setdefault(r["_file"], set()).add(r["company"])
    tune, holdout = halves.values()
    assert not tune & holdout


def test_the_split_is_broad(unseen):
    assert len(unseen) >= 150
    assert len({r["id"] for r in unseen}) == len(unseen)
    industries = Counter(r["labels"]["industry"] for r in unseen)
    assert set(industries) == set(INDUSTRIES) and min(industries.values()) >= 10, industries
    cities = {(p["city"], p["country"]) for r in unseen for p in r["labels"]["places"] if p["city"]}
    assert len(cities) >= 40 and len({c for _, c in cities}) >= 20
    text = " ".join(f"{r['title']} {r['description']}" for r in unseen)
    assert re.search(r"[\uac00-\ud7af]{2,}", text) and re.search(r"\b(?:och|vi|för)\b", text)  # Korean and Swedish
    name_only = [r for r in unseen if r["description"].startswith("Terms: ")]
    assert len(name_only) >= 15  # community-list postings: company and title only

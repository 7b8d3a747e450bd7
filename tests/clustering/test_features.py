"""Stored clustering features (posting_clusters.features): what clustering reads of a posting,
kept so a later night compares its changed postings with stored ones without preparing those
again. Reading them back must give exactly what preparing the posting gives."""

from __future__ import annotations

import json

import pytest

from pipelines import clustering
from pipelines.clustering import Clusterer, cluster_postings, features
from tests.clustering.test_pairs import load_pairs


def pair_postings() -> list[dict]:
    """The labelled pairs' postings (real listings and boards), each once."""
    seen: dict[str, dict] = {}
    for pair in load_pairs():
        for side in ("a", "b"):
            seen.setdefault(pair[side]["posting_key"], pair[side])
    return list(seen.values())


def test_features_read_back_as_the_posting_prepared():
    postings = pair_postings()
    assert len(postings) >= 400
    for p in postings:
        read = clustering._from_features(p["posting_key"], p.get("first_seen"), features(p))
        assert read == clustering._prepare(p), p["posting_key"]


def test_features_are_the_same_text_whatever_the_order_of_places():
    a = {"posting_key": "greenhouse:acme:1", "company": "Acme", "title": "ML Intern", "url": None,
         "places": [{"city": "London", "country": "GB"}, {"city": "Paris", "country": "FR"}, {"city": "Oslo"}]}
    b = dict(a, places=list(reversed(a["places"])))
    clustering.forget_prepared()
    assert features(a) == features(b)


def test_clustering_from_stored_features_equals_clustering_from_fields():
    postings = pair_postings()
    fresh = cluster_postings(postings)
    stored = [{"posting_key": p["posting_key"], "first_seen": p.get("first_seen"), "features": features(p)}
              for p in postings]
    clustering.forget_prepared()
    assert cluster_postings(stored) == fresh
    assert len(set(fresh.values())) < len(fresh)  # some postings are one job: the test compares links


@pytest.mark.parametrize("text", [
    None, "", "not json", "[]", json.dumps(["0", "x", False, "wrong company"]),
    # Another version's layout, even if it would parse: prepared again from the fields.
    "[" + json.dumps("0") + features({"posting_key": "greenhouse:acme:1", "company": "Other", "title": "Chef"})[4:],
])
def test_missing_or_foreign_features_are_ignored(text):
    p = {"posting_key": "greenhouse:acme:1", "company": "Acme", "title": "ML Intern", "url": None,
         "places": [{"city": "London", "country": "GB"}], "first_seen": "2026-10-01"}
    clustering.forget_prepared()
    assert clustering._prepared(dict(p, features=text)) == clustering._prepare(p)
    assert Clusterer().features(dict(p, features=text)) == features(p)


def test_the_clusterer_gives_stored_features_back_and_new_ones_for_what_it_clustered():
    postings = pair_postings()[:50]
    clusterer = Clusterer()
    stored = dict(postings[0], features=features(postings[0]))
    clusterer.cluster([stored, *postings[1:]], {})
    assert clusterer.features(stored) is stored["features"]
    clustering.forget_prepared()
    assert [clusterer.features(p) for p in postings[1:]] == [features(p) for p in postings[1:]]

"""The labelled pairs (tests/clustering/pairs.jsonl, written by build_pairs.py from real listings):
precision first. Each pair is clustered on its own through cluster_postings."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from pipelines.clustering import cluster_postings

PAIRS = Path(__file__).resolve().parent / "pairs.jsonl"


def load_pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def predicted_same(pair: dict) -> bool:
    result = cluster_postings([pair["a"], pair["b"]])
    return result[pair["a"]["posting_key"]] == result[pair["b"]["posting_key"]]


def test_the_pairs_cover_what_the_issue_asks_for():
    pairs = load_pairs()
    kinds = Counter((p["kind"], p["same"]) for p in pairs)
    assert len(pairs) >= 250
    assert sum(n for (_, same), n in kinds.items() if same) >= 100
    assert sum(n for (_, same), n in kinds.items() if not same) >= 150
    for kind in ("list_links_ats", "two_boards", "title_variant"):
        assert kinds[(kind, True)] >= 20, kind
    for kind in ("two_cities", "two_seasons", "two_levels", "other_team", "intern_vs_fulltime", "two_companies"):
        assert kinds[(kind, False)] >= 20, kind
    assert len({p["a"]["posting_key"] for p in pairs} | {p["b"]["posting_key"] for p in pairs}) >= 400


def test_precision_on_the_pairs_and_recall_reported():
    pairs = load_pairs()
    tally: dict[str, Counter] = {}
    for pair in pairs:
        same = predicted_same(pair)
        outcome = ("tp" if same else "fn") if pair["same"] else ("fp" if same else "tn")
        tally.setdefault(pair["kind"], Counter())[outcome] += 1
    total = sum(tally.values(), Counter())
    precision = total["tp"] / (total["tp"] + total["fp"])
    recall = total["tp"] / (total["tp"] + total["fn"])
    print(f"\nclustering pairs: precision {precision:.3f}, recall {recall:.3f} "
          f"({total['tp']} of {total['tp'] + total['fn']} same-job pairs joined, "
          f"{total['fp']} of {total['fp'] + total['tn']} different-job pairs joined)")
    for kind, counts in sorted(tally.items()):
        if counts["tp"] + counts["fn"]:
            print(f"  {kind:22} same job:      {counts['tp']:3} of {counts['tp'] + counts['fn']:3} joined")
        else:
            print(f"  {kind:22} not the same:  {counts['tn']:3} of {counts['tn'] + counts['fp']:3} kept apart")
    assert precision >= 0.99
    assert recall >= 0.9  # a floor against regressions; the printed figure is the measure


def test_pairs_are_symmetric():
    for pair in load_pairs()[::7]:
        assert predicted_same(pair) == predicted_same({**pair, "a": pair["b"], "b": pair["a"]})

"""The tagger's evaluation: metric functions on hand-made inputs, `internradar eval`, and the CI floor."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.tagging.evaluate import (
    EvalDataError,
    accuracy,
    binary_metrics,
    default_files,
    evaluate,
    evaluate_files,
    haversine_km,
    industry_metrics,
    load_labeled,
    places_match,
    split_names,
)

# Targets from the issue. The floor asserts use FLOORS; a floor below its target must say why.
TARGETS = {"is_internship_f1": 0.98, "is_ai_ml_f1": 0.95, "industry_accuracy": 0.90, "places_accuracy": 0.97}
FLOORS = dict(TARGETS)

# Fake gazetteer for the place tests: geonameid -> (lat, lon).
_COORDS = {1: (37.5665, 126.9780), 2: (37.4200, 127.1267), 3: (35.1796, 129.0756), 4: (42.3736, -71.1097)}


def coords(gid: int):
    return _COORDS.get(gid)


# -- metric functions ------------------------------------------------------------------------


def test_binary_metrics_exact():
    m = binary_metrics([True, True, True, False, False], [True, True, False, True, False])
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (2, 1, 1, 1)
    assert m["precision"] == pytest.approx(2 / 3) and m["recall"] == pytest.approx(2 / 3)
    assert m["f1"] == pytest.approx(2 / 3)


def test_binary_metrics_empty_denominators_are_zero():
    m = binary_metrics([False, False], [False, False])
    assert m["precision"] == m["recall"] == m["f1"] == 0.0 and m["tn"] == 2


def test_industry_metrics_alternatives_confusion_and_macro_f1():
    gold = ["finance", "finance", "healthcare", "logistics"]
    alts = [[], ["information_technology"], [], []]
    pred = ["finance", "information_technology", "finance", "logistics"]
    m = industry_metrics(gold, alts, pred)
    # b is right through its alternative; c is wrong.
    assert m["correct"] == 3 and m["accuracy"] == pytest.approx(0.75)
    assert m["confusion"]["healthcare"]["finance"] == 1
    assert m["confusion"]["information_technology"]["information_technology"] == 1
    assert m["confusion"]["finance"]["finance"] == 1
    # finance P=1/2 R=1 F1=2/3; IT 1; healthcare 0; logistics 1 -> mean over the 4 present slugs.
    assert m["per_class"]["finance"]["f1"] == pytest.approx(2 / 3)
    assert set(m["per_class"]) == {"finance", "information_technology", "healthcare", "logistics"}
    assert m["macro_f1"] == pytest.approx((2 / 3 + 1 + 0 + 1) / 4)


def test_accuracy():
    assert accuracy(["remote", "hybrid", "onsite"], ["remote", "onsite", "onsite"]) == {
        "n": 3, "correct": 2, "accuracy": pytest.approx(2 / 3)}
    assert accuracy([], [])["accuracy"] == 0.0


def test_haversine():
    assert haversine_km(0, 0, 0, 0) == 0
    # Seoul city hall to Seongnam (Bundang): about 21 km.
    assert 15 < haversine_km(*_COORDS[1], *_COORDS[2]) < 25
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)


def _p(city=None, country="KR", gid=None, lat=None, lon=None, region=None):
    return {"city": city, "region": region, "country": country, "geonameid": gid, "lat": lat, "lon": lon}


def test_places_match_city_within_radius():
    gold = [{"geonameid": 1, "city": "Seoul", "region": None, "country": "KR"}]
    assert places_match(gold, [_p("Seoul", gid=1, lat=37.5665, lon=126.978)], coords)
    # Another city record 20 km away still matches; Busan (300 km) does not.
    assert places_match(gold, [_p("Seongnam-si", gid=2, lat=37.42, lon=127.1267)], coords)
    assert not places_match(gold, [_p("Busan", gid=3, lat=35.1796, lon=129.0756)], coords)
    assert not places_match(gold, [_p(None)], coords)  # a country is not the city
    assert not places_match(gold, [], coords)


def test_places_match_country_region_and_extras():
    country_only = [{"geonameid": None, "city": None, "region": None, "country": "US"}]
    assert places_match(country_only, [_p(None, "US")], coords)
    assert places_match(country_only, [_p("Cambridge", "US", 4, 42.3736, -71.1097)], coords)
    # An extra place in a country no label names fails the posting; an extra one in a labelled country does not.
    seoul = [{"geonameid": 1, "city": "Seoul", "region": None, "country": "KR"}]
    assert not places_match(seoul, [_p("Seoul", gid=1, lat=37.5665, lon=126.978), _p(None, "US")], coords)
    assert places_match(seoul, [_p("Seoul", gid=1, lat=37.5665, lon=126.978), _p("Busan", gid=3)], coords)
    region = [{"geonameid": None, "city": None, "region": "CA", "country": "US"}]
    assert places_match(region, [_p(None, "US", region="CA")], coords)
    assert not places_match(region, [_p(None, "US", region="NY")], coords)
    assert places_match([], [], coords) and not places_match([], [_p(None)], coords)


def _record(i, **labels):
    base = {"is_internship": True, "is_ai_ml": True, "role_family": "research", "industry": "finance",
            "industry_alternatives": [], "remote": None, "places": []}
    return {"id": f"x{i}", "title": f"T{i}", "labels": {**base, **labels}}


def test_evaluate_counts_and_misses():
    records = [_record(1), _record(2, remote="hybrid", is_ai_ml=False), _record(3, remote="remote")]
    tags = [
        {"is_internship": True, "is_ai_ml": True, "industry": "finance", "places": [], "remote": "onsite",
         "role_family": "research"},
        {"is_internship": False, "is_ai_ml": False, "industry": "other", "places": [], "remote": "hybrid",
         "role_family": "other"},
        {"is_internship": True, "is_ai_ml": True, "industry": "finance", "places": [_p(None)], "remote": "onsite",
         "role_family": "quant"},
    ]
    report = evaluate(records, tags, coords=coords)
    assert report["is_internship"]["recall"] == pytest.approx(2 / 3)
    assert report["industry"]["accuracy"] == pytest.approx(2 / 3)
    assert report["places"]["correct"] == 2
    assert report["remote"] == {"n": 2, "correct": 1, "accuracy": 0.5, "accuracy_with_null": pytest.approx(1 / 3)}
    assert report["role_family"]["n"] == 2 and report["role_family"]["correct"] == 1
    fields = sorted((m["id"], m["field"]) for m in report["misses"])
    assert fields == [("x1", "remote"), ("x2", "industry"), ("x2", "is_internship"), ("x3", "places"),
                      ("x3", "remote"), ("x3", "role_family")]
    miss = next(m for m in report["misses"] if m["field"] == "industry")
    assert miss == {"id": "x2", "field": "industry", "gold": "finance", "predicted": "other", "title": "T2"}


# -- loading and the CLI ---------------------------------------------------------------------


def _line(**overrides):
    record = {
        "id": "t1", "title": "Machine Learning Intern", "company": "Goldman Sachs", "location": "Seoul, South Korea",
        "description": "Train models in PyTorch.", "employment_type": "Intern",
        "labels": {"is_internship": True, "is_ai_ml": True, "role_family": "ml_engineering", "industry": "finance",
                   "industry_alternatives": [], "industries": ["finance"], "remote": None,
                   "places": [{"geonameid": 1835848, "city": "Seoul", "region": None, "country": "KR"}]},
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def test_load_labeled_names_file_and_line(tmp_path):
    good = tmp_path / "good.jsonl"
    good.write_text(_line() + "\n\n" + _line(id="t2") + "\n", encoding="utf-8")
    records = load_labeled([good])
    assert [r["id"] for r in records] == ["t1", "t2"] and records[1]["_line"] == 3
    bad = tmp_path / "bad.jsonl"
    bad.write_text(_line() + "\n" + '{"id": "t2", "title": "oops\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad\.jsonl:2: malformed JSON"):
        load_labeled([bad])
    bad.write_text('{"id": "t3"}\n', encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"bad\.jsonl:1: missing `labels`"):
        load_labeled([bad])


def test_cli_eval_table_and_json(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text(_line() + "\n" + _line(id="t2", title="Account Executive", employment_type="Full-time", labels={
        "is_internship": False, "is_ai_ml": False, "role_family": "other", "industry": "finance",
        "industry_alternatives": [], "remote": None, "places": [{"geonameid": None, "city": None, "region": None,
                                                                  "country": "KR"}]}) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "is_internship" in result.output and "industry confusion" in result.output
    assert "by split" not in result.output  # one file is one split
    result = runner.invoke(main, ["eval", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["n"] == 2 and report["is_internship"]["f1"] == 1.0 and report["industry"]["accuracy"] == 1.0
    assert report["places"]["correct"] == 2  # t2's Seoul is a city in KR, which its country-only label allows
    assert isinstance(report["misses"], list)
    result = runner.invoke(main, ["eval", str(path), "--format", "json", "--no-misses"])
    assert "misses" not in json.loads(result.output)


def test_cli_eval_malformed_file(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text(_line() + "\nnot json\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path)])
    assert result.exit_code != 0 and "broken.jsonl:2" in result.output


# -- the CI floor over the repo's eval set ---------------------------------------------------


@pytest.fixture(scope="module")
def repo_report():
    files = default_files()
    assert files, "no labelled eval files in tests/eval"
    return evaluate_files(files)


def test_floors_never_above_targets():
    assert all(FLOORS[k] <= TARGETS[k] for k in TARGETS)


# The phrase rules alone, per posting (company map off, no employer-level decision): not an issue
# target, a floor under what they reach (0.853 over all splits, 0.831 on the known employers, on
# 2026-12-01) so they cannot quietly decay.
RULES_ONLY_FLOOR = 0.80


def test_industry_rules_alone_hold_their_floor(repo_report):
    rules_only = repo_report["industry_rules_only"]
    assert rules_only["n"] == repo_report["n"]
    assert rules_only["accuracy"] >= RULES_ONLY_FLOOR, rules_only
    assert rules_only["accuracy"] < repo_report["industry"]["accuracy"]  # the map does add something


# The unseen-employer split (tests/eval/unseen/: employers the company map lacks) holds its own
# floors, the targets of issue 10; so does its holdout half, which was not looked at while tuning.
UNSEEN_FLOORS = {"industry_accuracy": 0.92, "places_accuracy": 0.98, "is_ai_ml_f1": 0.95}


@pytest.mark.parametrize("split", ["unseen", "unseen/holdout"])
def test_unseen_employer_floors(repo_report, split):
    scores = repo_report["splits"][split]
    low = {k: round(scores[k], 4) for k, floor in UNSEEN_FLOORS.items() if scores[k] < floor}
    assert not low, f"{split} below {UNSEEN_FLOORS}: {low}"


def test_splits_are_scored_separately(repo_report):
    splits = repo_report["splits"]
    assert list(splits) == ["postings-a", "postings-b", "unseen", "unseen/holdout", "unseen/tune"]
    assert splits["unseen"]["n"] == splits["unseen/holdout"]["n"] + splits["unseen/tune"]["n"] >= 150
    assert sum(splits[name]["n"] for name in ("postings-a", "postings-b", "unseen")) == repo_report["n"]


def test_split_names(tmp_path):
    assert split_names(tmp_path / "postings-a.jsonl", tmp_path) == ["postings-a"]
    assert split_names(tmp_path / "unseen" / "holdout.jsonl", tmp_path) == ["unseen", "unseen/holdout"]
    assert split_names("/elsewhere/mine.jsonl", tmp_path) == ["mine"]
    (tmp_path / "unseen").mkdir()
    for path in ("b.jsonl", "a.jsonl", "unseen/z.jsonl", "notes.txt"):
        (tmp_path / path).write_text("", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in default_files(tmp_path)]
    assert found == ["a.jsonl", "b.jsonl", "unseen/z.jsonl"]


def test_eval_floor(repo_report):
    reached = {
        "is_internship_f1": repo_report["is_internship"]["f1"],
        "is_ai_ml_f1": repo_report["is_ai_ml"]["f1"],
        "industry_accuracy": repo_report["industry"]["accuracy"],
        "places_accuracy": repo_report["places"]["accuracy"],
    }
    low = {k: round(v, 4) for k, v in reached.items() if v < FLOORS[k]}
    assert not low, f"below the floor {FLOORS}: {low}"

"""Score the tagger against hand-labelled postings (`tests/eval/*.jsonl`).

Pure functions: load labelled JSON Lines, tag the postings with `tag_postings`, compare tags
with labels. `internradar eval` prints the result; `tests/eval/test_eval.py` holds the floor.

A labelled line is a posting (id, title, company, location, description, employment_type,
optional workplace_type) plus `labels`: is_internship, is_ai_ml, role_family, industry,
industry_alternatives, industries, remote (null = the posting states no work mode) and places
(a list of {geonameid, city, region, country}).

Metrics (see each function's docstring for the exact definition):

* is_internship, is_ai_ml: precision, recall and F1 of the True class.
* industry: primary accuracy (right if the prediction is `industry` or one of
  `industry_alternatives`), macro-F1 over the seven slugs, and a gold x predicted confusion matrix.
* places: per-posting accuracy (`places_match`).
* remote: accuracy over postings whose label is not null (plus, for information, the accuracy
  over all postings with null as a value of its own).
* role_family: accuracy over AI/ML-labelled postings, when the tagger outputs role_family.
* industry_rules_only: primary accuracy with the known-company map switched off. The map names
  most employers of the eval set, so this is what to expect for a company it does not know.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from pipelines.tagging.industry import INDUSTRIES
from pipelines.tagging.text import fold

EVAL_DIR = Path(__file__).resolve().parents[2] / "tests" / "eval"
PLACE_RADIUS_KM = 25.0
_EARTH_RADIUS_KM = 6371.0088
_REQUIRED_LABELS = ("is_internship", "is_ai_ml", "industry", "places")

Coords = Callable[[int], "tuple[float, float] | None"]


class EvalDataError(ValueError):
    """A labelled file that cannot be read: the message names the file and line."""


# -- loading ---------------------------------------------------------------------------------


def default_files(directory: Path | str = EVAL_DIR) -> list[Path]:
    """Every `*.jsonl` in the eval directory (the known-employer split), then those of its
    subdirectories (`unseen/`: employers the company map lacks), each sorted by name."""
    directory = Path(directory)
    return sorted(directory.glob("*.jsonl")) + sorted(directory.glob("*/*.jsonl"))


def split_names(path: Path | str, directory: Path | str = EVAL_DIR) -> list[str]:
    """The splits a labelled file counts in: the file itself ("postings-a", "unseen/holdout")
    and, for a file in a subdirectory of the eval directory, that subdirectory ("unseen")."""
    path, directory = Path(path).resolve(), Path(directory).resolve()
    try:
        relative = path.relative_to(directory)
    except ValueError:
        return [path.stem]
    name = relative.with_suffix("").as_posix()
    return [name] if len(relative.parts) == 1 else [relative.parts[0], name]


def load_labeled(paths: Iterable[Path | str]) -> list[dict[str, Any]]:
    """The labelled postings of the files, in order; each gets `_file` and `_line` keys.

    Blank lines are skipped. A line that is not a JSON object with a `labels` object holding
    is_internship, is_ai_ml, industry and places raises EvalDataError("FILE:LINE: ...").
    """
    records: list[dict[str, Any]] = []
    for path in paths:
        path = Path(path)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise EvalDataError(f"{path}: cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError as exc:
            raise EvalDataError(f"{path}: not UTF-8 text: {exc}") from None
        for line_no, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{line_no}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise EvalDataError(f"{where}: malformed JSON: {exc}") from None
            if not isinstance(obj, dict):
                raise EvalDataError(f"{where}: expected a JSON object, got {type(obj).__name__}")
            labels = obj.get("labels")
            if not isinstance(labels, dict):
                raise EvalDataError(f"{where}: missing `labels` object")
            missing = [k for k in _REQUIRED_LABELS if k not in labels]
            if missing:
                raise EvalDataError(f"{where}: labels lack {', '.join(missing)}")
            if not isinstance(labels["places"], list) or not all(isinstance(p, dict) for p in labels["places"]):
                raise EvalDataError(f"{where}: labels.places must be a list of objects")
            records.append({**obj, "_file": str(path), "_line": line_no})
    return records


# -- metric functions ------------------------------------------------------------------------


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def binary_metrics(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    """Counts and precision/recall/F1 of the True class (0.0 where a denominator is 0)."""
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    tn = len(gold) - tp - fp - fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * precision * recall, precision + recall)
    return {"n": len(gold), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": precision, "recall": recall, "f1": f1}


def industry_metrics(
    gold: Sequence[str], alternatives: Sequence[Sequence[str]], predicted: Sequence[str],
    labels: Sequence[str] = INDUSTRIES,
) -> dict[str, Any]:
    """Primary-industry accuracy, macro-F1 and confusion matrix.

    A prediction is right if it equals the gold slug or is one of that posting's alternatives;
    for F1 and the confusion matrix a right alternative counts as the gold class ("effective
    gold" = the prediction when it is an accepted alternative, else the gold slug). Macro-F1 is
    the mean per-slug F1 over the slugs in `labels` that occur in effective gold or predictions
    (a slug absent from both has no F1 and is left out). confusion[gold][predicted] = count,
    over `labels` plus any unknown slug seen.
    """
    effective = [p if p == g or p in (alts or ()) else g
                 for g, alts, p in zip(gold, alternatives, predicted, strict=True)]
    correct = sum(1 for e, p in zip(effective, predicted, strict=True) if e == p)
    slugs = list(labels) + sorted({*effective, *predicted} - set(labels))
    confusion = {g: {p: 0 for p in slugs} for g in slugs}
    for e, p in zip(effective, predicted, strict=True):
        confusion[e][p] += 1
    per_class: dict[str, dict[str, float]] = {}
    for slug in slugs:
        tp = confusion[slug][slug]
        fp = sum(confusion[g][slug] for g in slugs) - tp
        fn = sum(confusion[slug].values()) - tp
        if tp + fp + fn == 0:
            continue
        precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        f1 = _ratio(2 * precision * recall, precision + recall)
        per_class[slug] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    scored = [per_class[s]["f1"] for s in labels if s in per_class]
    return {"n": len(gold), "correct": correct, "accuracy": _ratio(correct, len(gold)),
            "macro_f1": _ratio(sum(scored), len(scored)), "per_class": per_class, "confusion": confusion}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@functools.cache
def _gazetteer_coords() -> Coords:
    from pipelines.tagging.places import gazetteer

    cities = gazetteer().cities

    def coords(gid: int) -> tuple[float, float] | None:
        rec = cities.get(int(gid))
        return (float(rec[4]), float(rec[5])) if rec else None

    return coords


def _same(a: Any, b: Any) -> bool:
    return a is not None and b is not None and fold(str(a)) == fold(str(b))


def _gold_point(place: Mapping, coords: Coords) -> tuple[float, float] | None:
    if place.get("lat") is not None and place.get("lon") is not None:
        return float(place["lat"]), float(place["lon"])
    gid = place.get("geonameid")
    return coords(int(gid)) if gid is not None else None


def _gold_place_matched(gold: Mapping, predicted: Sequence[Mapping], coords: Coords, radius_km: float) -> bool:
    country = gold.get("country")
    same_country = [p for p in predicted if _same(p.get("country"), country)]
    if gold.get("city"):
        point = _gold_point(gold, coords)
        for p in same_country:
            if not p.get("city"):
                continue
            if p.get("geonameid") is not None and p.get("geonameid") == gold.get("geonameid"):
                return True
            if point is not None and p.get("lat") is not None and p.get("lon") is not None:
                if haversine_km(point[0], point[1], float(p["lat"]), float(p["lon"])) <= radius_km:
                    return True
            elif point is None and _same(p.get("city"), gold.get("city")):
                return True
        return False
    if gold.get("region"):
        return any(not p.get("city") and (p.get("region") is None or _same(p.get("region"), gold["region"]))
                   for p in same_country)
    return bool(same_country)


def places_match(
    gold: Sequence[Mapping], predicted: Sequence[Mapping], coords: Coords | None = None,
    radius_km: float = PLACE_RADIUS_KM,
) -> bool:
    """Whether the predicted places of one posting match its labelled places.

    True iff every labelled place is matched and no predicted place lies in a country that no
    labelled place has. A labelled place is matched by a predicted place in the same country:

    * a city label (city set): a predicted *city* within `radius_km` (25 km, haversine) of the
      labelled city, whose coordinates come from the label's lat/lon if given, else from its
      geonameid in the GeoNames gazetteer (`coords`); the same geonameid always matches; with
      no coordinates at all, the same city name (case/accent-insensitive) matches;
    * a region-only label (city null, region set): a predicted place without a city whose
      region is the label's or unknown (most countries' regions have no code in the tagger);
    * a country-only label: any predicted place in that country.

    No labelled places: matches only when nothing is predicted. Extra predicted places in a
    labelled country are allowed (a posting may list more offices than the label names).
    """
    coords = coords or _gazetteer_coords()
    countries = {fold(str(g.get("country"))) for g in gold if g.get("country")}
    if any(fold(str(p.get("country"))) not in countries for p in predicted):
        return False
    return all(_gold_place_matched(g, predicted, coords, radius_km) for g in gold)


def accuracy(gold: Sequence[Any], predicted: Sequence[Any]) -> dict[str, Any]:
    """Plain accuracy: n, correct, accuracy (0.0 for no items)."""
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {"n": len(gold), "correct": correct, "accuracy": _ratio(correct, len(gold))}


# -- the whole evaluation --------------------------------------------------------------------


def tagger_input(record: Mapping) -> dict[str, Any]:
    """The posting part of a labelled record (everything but labels, id and bookkeeping)."""
    return {k: v for k, v in record.items() if k not in ("labels", "id", "note", "_file", "_line")}


def _place_str(places: Sequence[Mapping]) -> str:
    out = []
    for p in places:
        parts = [p.get("city"), p.get("region"), p.get("country")]
        out.append(", ".join(str(x) for x in parts if x))
    return "; ".join(out) or "-"


def evaluate(records: Sequence[Mapping], tags: Sequence[Mapping], coords: Coords | None = None) -> dict[str, Any]:
    """All metrics and the list of misses for labelled records and their tags (same order).

    Misses: {id, field, gold, predicted, title}, one per wrong field; `remote` misses include
    postings labelled null that got a mode (reported, but outside the remote accuracy).
    """
    if len(records) != len(tags):
        raise ValueError(f"{len(records)} records but {len(tags)} tag sets")
    labels = [r["labels"] for r in records]
    misses: list[dict[str, Any]] = []

    def miss(record: Mapping, name: str, gold: Any, predicted: Any) -> None:
        misses.append({"id": record.get("id"), "field": name, "gold": gold, "predicted": predicted,
                       "title": record.get("title")})

    report: dict[str, Any] = {"n": len(records)}
    for name in ("is_internship", "is_ai_ml"):
        gold = [bool(lab[name]) for lab in labels]
        predicted = [bool(t.get(name)) for t in tags]
        report[name] = binary_metrics(gold, predicted)
        for r, g, p in zip(records, gold, predicted, strict=True):
            if g != p:
                miss(r, name, g, p)

    gold_industry = [lab["industry"] for lab in labels]
    alternatives = [lab.get("industry_alternatives") or [] for lab in labels]
    predicted_industry = [t.get("industry") for t in tags]
    report["industry"] = industry_metrics(gold_industry, alternatives, predicted_industry)
    for r, g, alts, p in zip(records, gold_industry, alternatives, predicted_industry, strict=True):
        if p != g and p not in alts:
            miss(r, "industry", [g, *alts] if alts else g, p)

    coords = coords or _gazetteer_coords()
    place_ok = [places_match(lab["places"], t.get("places") or [], coords) for lab, t in zip(labels, tags, strict=True)]
    report["places"] = {"n": len(place_ok), "correct": sum(place_ok), "accuracy": _ratio(sum(place_ok), len(place_ok))}
    for r, lab, t, ok in zip(records, labels, tags, place_ok, strict=True):
        if not ok:
            miss(r, "places", _place_str(lab["places"]), _place_str(t.get("places") or []))

    stated = [(r, lab.get("remote"), t.get("remote")) for r, lab, t in zip(records, labels, tags, strict=True)]
    report["remote"] = accuracy([g for _, g, _ in stated if g is not None], [p for _, g, p in stated if g is not None])
    report["remote"]["accuracy_with_null"] = accuracy([g for _, g, _ in stated], [p for _, _, p in stated])["accuracy"]
    for r, g, p in stated:
        if g != p:
            miss(r, "remote", g, p)

    if any("role_family" in t for t in tags):
        pairs = [(r, lab.get("role_family"), t.get("role_family"))
                 for r, lab, t in zip(records, labels, tags, strict=True)
                 if lab.get("is_ai_ml") and lab.get("role_family")]
        report["role_family"] = accuracy([g for _, g, _ in pairs], [p for _, _, p in pairs])
        for r, g, p in pairs:
            if g != p:
                miss(r, "role_family", g, p)
    else:
        report["role_family"] = None
    report["misses"] = misses
    return report


def evaluate_files(paths: Iterable[Path | str] | None = None) -> dict[str, Any]:
    """Load, tag and evaluate labelled files (default: every tests/eval/*.jsonl and
    tests/eval/*/*.jsonl), tagged as one night is (`tag_night`: each posting, then one industry
    decision per employer). `splits` scores each file and each subdirectory on its own."""
    from pipelines.tagging import tag_night

    files = list(paths) if paths else default_files()
    records = load_labeled(files)
    tags = tag_night([tagger_input(r) for r in records])
    report = evaluate(records, tags)
    report["industry_rules_only"] = industry_rules_only(records)
    report["files"] = [str(f) for f in files]
    report["splits"] = split_scores(records, tags)
    return report


def split_scores(records: Sequence[Mapping], tags: Sequence[Mapping]) -> dict[str, dict[str, Any]]:
    """The headline scores of each split (`split_names` of each record's file), in file order:
    n, internship and AI/ML F1, primary-industry and place accuracy."""
    members: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        for name in split_names(record.get("_file", "")):
            members.setdefault(name, []).append(i)
    out = {}
    for name, indices in members.items():
        part = evaluate([records[i] for i in indices], [tags[i] for i in indices])
        out[name] = {"n": part["n"], "is_internship_f1": part["is_internship"]["f1"],
                     "is_ai_ml_f1": part["is_ai_ml"]["f1"], "industry_accuracy": part["industry"]["accuracy"],
                     "places_accuracy": part["places"]["accuracy"]}
    return out


def industry_rules_only(records: Sequence[Mapping]) -> dict[str, Any]:
    """Primary-industry accuracy (alternatives count) with the company map switched off."""
    from pipelines.tagging import MAX_DESCRIPTION_CHARS
    from pipelines.tagging.industry import decide_industry
    from pipelines.tagging.text import as_text, html_to_text

    predicted = [
        decide_industry(r.get("company"), r.get("title"),
                        html_to_text(as_text(r.get("description"))[:MAX_DESCRIPTION_CHARS]),
                        r.get("department"), company_map=False).industry
        for r in records
    ]
    labels = [r["labels"] for r in records]
    correct = sum(p == lab["industry"] or p in (lab.get("industry_alternatives") or [])
                  for p, lab in zip(predicted, labels, strict=True))
    return {"n": len(records), "correct": correct, "accuracy": _ratio(correct, len(records))}


# -- text report -----------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(_numeric(row[i]) for row in cells[1:]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells_out = (c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True))
        return "  ".join(cells_out).rstrip()

    return [line(cells[0]), "  ".join("-" * w for w in widths), *(line(r) for r in cells[1:])]


def _numeric(cell: str) -> bool:
    return cell == "." or cell.replace(".", "", 1).isdigit()


_SHORT = {"information_technology": "it", "finance": "fin", "healthcare": "health", "logistics": "logist",
          "entrepreneurship": "entrep", "human_resources": "hr", "other": "other"}


def format_report(report: Mapping[str, Any], misses: bool = True) -> str:
    """The report as readable text tables."""
    source = f" from {', '.join(report['files'])}" if report.get("files") else ""
    out = [f"{report['n']} labelled postings{source}", ""]
    rows = [[name, m["n"], m["tp"], m["fp"], m["fn"], f"{m['precision']:.3f}", f"{m['recall']:.3f}", f"{m['f1']:.3f}"]
            for name in ("is_internship", "is_ai_ml") for m in [report[name]]]
    out += _table(["field", "n", "tp", "fp", "fn", "precision", "recall", "f1"], rows)
    out.append("")
    acc_rows = [["industry (primary)", report["industry"]["n"], report["industry"]["correct"],
                 f"{report['industry']['accuracy']:.3f}"],
                ["places", report["places"]["n"], report["places"]["correct"], f"{report['places']['accuracy']:.3f}"],
                ["remote (labelled)", report["remote"]["n"], report["remote"]["correct"],
                 f"{report['remote']['accuracy']:.3f}"]]
    if report.get("role_family"):
        rf = report["role_family"]
        acc_rows.append(["role_family (AI/ML)", rf["n"], rf["correct"], f"{rf['accuracy']:.3f}"])
    if report.get("industry_rules_only"):
        ro = report["industry_rules_only"]
        acc_rows.append(["industry, rules only (no company map)", ro["n"], ro["correct"], f"{ro['accuracy']:.3f}"])
    out += _table(["metric", "n", "correct", "accuracy"], acc_rows)
    out.append(f"industry macro-F1: {report['industry']['macro_f1']:.3f}    "
               f"remote accuracy incl. null labels: {report['remote']['accuracy_with_null']:.3f}")
    out.append("")
    if len(report.get("splits") or {}) > 1:
        out.append("by split")
        out += _table(["split", "n", "internship f1", "ai/ml f1", "industry", "places"],
                      [[name, m["n"], f"{m['is_internship_f1']:.3f}", f"{m['is_ai_ml_f1']:.3f}",
                        f"{m['industry_accuracy']:.3f}", f"{m['places_accuracy']:.3f}"]
                       for name, m in report["splits"].items()])
        out.append("")
    confusion = report["industry"]["confusion"]
    slugs = list(confusion)
    out.append("industry confusion (rows: gold, columns: predicted)")
    out += _table(["gold \\ pred", *(_SHORT.get(s, s) for s in slugs)],
                  [[s, *(confusion[s][p] or "." for p in slugs)] for s in slugs])
    if misses and report.get("misses"):
        out += ["", f"misses ({len(report['misses'])})"]
        out += _table(["id", "field", "gold", "predicted", "title"],
                      [[m["id"], m["field"], _short(m["gold"]), _short(m["predicted"]), _short(m["title"], 60)]
                       for m in report["misses"]])
    return "\n".join(out)


def _short(value: Any, width: int = 40) -> str:
    text = "null" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= width else text[: width - 1] + "…"

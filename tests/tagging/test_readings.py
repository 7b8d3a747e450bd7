"""Stored industry readings decide an employer's industry exactly as reading the postings does."""

from __future__ import annotations

import json
from pathlib import Path

from pipelines.tagging import settle_from_readings, tag_night, tag_with_readings
from pipelines.tagging.industry import reading_from_json, reading_to_json

EVAL = Path(__file__).resolve().parents[1] / "eval"


def eval_inputs() -> list[dict]:
    rows = []
    for path in sorted(EVAL.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({k: row.get(k) for k in ("title", "company", "location", "description", "employment_type")}
                            | {"source": "eval"})
    return rows


def test_decisions_from_stored_readings_equal_reading_the_postings():
    inputs = eval_inputs()
    live = tag_night(inputs)
    own = tag_with_readings(inputs)
    settled = settle_from_readings([dict(p, industry_reading=reading) for p, (_, reading) in zip(inputs, own)])
    for posting, expected, (tags, _), decided in zip(inputs, live, own, settled):
        got = decided or {k: tags[k] for k in ("industry", "industries", "industry_evidence")}
        assert (got["industry"], got["industries"], got["industry_evidence"]) == (
            expected["industry"], expected["industries"], expected["industry_evidence"]), posting["company"]


def test_a_stored_reading_keeps_hashes_not_sentences():
    inputs = eval_inputs()[:50]
    for _, stored in tag_with_readings(inputs):
        reading = reading_from_json(stored)
        assert all(s.text_n.startswith("#") or " #" in s.text_n for s in reading.segments)
        assert reading_to_json(reading)  # and it can be written again
    description = inputs[0]["description"]
    longest = max(description.split(". "), key=len)
    assert longest.lower() not in tag_with_readings(inputs[:1])[0][1].lower()


def test_a_configured_industry_wins_for_its_group():
    inputs = eval_inputs()[:3]
    rows = [dict(p, company="Same Co", source_industry="healthcare", industry_reading=r)
            for p, (_, r) in zip(inputs, tag_with_readings(inputs))]
    assert {d["industry"] for d in settle_from_readings(rows)} == {"healthcare"}

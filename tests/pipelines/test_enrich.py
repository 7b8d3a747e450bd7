"""The employer decision's change detection: stored versions' industry fields read as one string
in SQL, tonight's compared field by field, and both spelled the same."""

import pytest

from pipelines.enrich import industry_state, settle_night
from warehouse.db import connect
from warehouse.reuse import night_versions

TRICKY = [
    ("information_technology", ["information_technology", "finance"], ['self-description: "AI for banks"']),
    ("other", [], []),
    (None, None, None),
    ("healthcare", ["healthcare"], ["naïve quote \" back\\slash / tab\t newline\n bell\x07 é € 😀 ソウル"]),
]


def test_stored_and_fresh_industry_fields_are_spelled_alike(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    for i, (industry, industries, evidence) in enumerate(TRICKY):
        con.execute(
            "insert into posting_versions (posting_key, content_hash, source, company, industry, industries, "
            "industry_evidence) values (?, ?, 's', 'Acme', ?, ?, ?)", [f"k{i}", f"h{i}", industry, industries, evidence])
    found = night_versions(con, [(f"k{i}", f"h{i}") for i in range(len(TRICKY))] + [("x", "y")])
    rows = {key: r for (key, _), r in found.items()}
    assert sorted(rows) == [f"k{i}" for i in range(len(TRICKY))]
    for i, fields in enumerate(TRICKY):
        assert rows[f"k{i}"]["industry_state"] == industry_state(*fields)
        assert rows[f"k{i}"]["company"] == "Acme" and rows[f"k{i}"]["source"] == "s"
        assert rows[f"k{i}"]["tagger_version"] is None  # no industry reading: counts as untagged
    con.close()


def _night(as_state: bool) -> list[dict]:
    rows = []
    for i, (industry, evidence) in enumerate([("finance", ["old"]), ("finance", ["old"]), ("other", [])]):
        row = {"posting_key": f"k{i}", "content_hash": "h", "source": "board", "company": "Acme Bank",
               "source_industry": None}
        fields = {"industry": industry, "industries": [industry], "industry_evidence": evidence}
        row.update({"industry_state": industry_state(*fields.values())} if as_state else fields)
        rows.append(row)
    return rows


@pytest.mark.parametrize("as_state", [False, True])
def test_a_decision_restates_exactly_the_versions_that_differ(as_state):
    decision = {"industry": "finance", "industries": ["finance"], "industry_evidence": ["old"]}
    changes, made = settle_night(_night(as_state), readings_for=lambda pairs: {},
                                 known=lambda fingerprints: {fp: decision for fp in fingerprints})
    assert made == {}
    assert changes == {("k2", "h"): {"industry": "finance", "industries": ["finance"], "industry_evidence": ["old"]}}

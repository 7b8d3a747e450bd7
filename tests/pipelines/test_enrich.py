"""The employer decision's change detection: stored versions' industry fields read as one struct
in SQL, tonight's registered as the same struct, and both alike for equal fields."""

import pytest

from pipelines.enrich import _state_fields, industry_state, settle_night, state_type
from warehouse.db import connect
from warehouse.reuse import night_pairs, night_stored

TRICKY = [
    ("information_technology", ["information_technology", "finance"], ['self-description: "AI for banks"']),
    ("other", [], []),
    (None, None, None),
    ("healthcare", ["healthcare"], ["naïve quote \" back\\slash / tab\t newline\n bell\x07 é € 😀 ソウル"]),
]


def test_stored_and_fresh_industry_fields_are_spelled_alike(tmp_path):
    """A stored version whose fields equal its group's decision (registered as Python spells it)
    is not a change, whatever its lists hold (None, empty, quotes, control characters); one whose
    fields differ is."""
    import pyarrow as pa

    from warehouse.db import read_sql, statements

    con = connect(tmp_path / "w.duckdb")
    for i, (industry, industries, evidence) in enumerate(TRICKY):
        con.execute(
            "insert into posting_versions (posting_key, content_hash, source, company, industry, industries, "
            "industry_evidence) values (?, ?, ?, ?, ?, ?, ?)", [f"k{i}", f"h{i}", f"s{i}", f"C{i}", industry, industries,
                                                               evidence])
    pairs = [(f"k{i}", f"h{i}") for i in range(len(TRICKY))] + [("x", "y")]
    state = state_type()
    empty = {"night_extra": ["posting_key", "content_hash", "source", "company", "industry_state"],
             "night_restated": ["posting_key", "content_hash", "industry_state"]}
    for name, columns in empty.items():
        con.register(name, pa.schema([(c, state if c == "industry_state" else pa.string()) for c in columns]).empty_table())
    # Each version is its own employer, with a configured industry: a group of one.
    con.register("night_sources", pa.table({"source": [f"s{i}" for i in range(len(TRICKY))],
                                            "industry": ["other"] * len(TRICKY)}))
    rows_sql, companies_sql, *members_sql, groups_sql, _, changes_sql = statements(read_sql("reuse/night_groups.sql"))
    with night_pairs(con, pairs, set()):
        con.execute(rows_sql, {"rest_from": 100})
        companies = [c for (c,) in con.execute(companies_sql).fetchall()]
        assert sorted(companies) == [f"C{i}" for i in range(len(TRICKY))]  # ("x", "y") is not stored
        con.register("night_names", pa.table({"company": companies, "employer_name": companies}))
        for statement in members_sql:
            con.execute(statement, {"tagger_version": "t"} if "$tagger_version" in statement else None)
        by_key = dict(con.execute("select posting_key, fingerprint from night_members").fetchall())
        assert len(set(by_key.values())) == len(TRICKY)

        def changed(shift: int) -> list[str]:
            fingerprints = [by_key[f"k{i}"] for i in range(len(TRICKY))]
            decided = [_state_fields(*TRICKY[(i + shift) % len(TRICKY)]) for i in range(len(TRICKY))]
            con.register("night_decisions", pa.table({"fingerprint": fingerprints, "industry_state": decided},
                                                     schema=pa.schema([("fingerprint", pa.string()),
                                                                       ("industry_state", state)])))
            try:
                return sorted(key for key, _, _ in con.execute(changes_sql).fetchall())
            finally:
                con.unregister("night_decisions")

        assert changed(0) == []  # each stored as it would be decided: spelled alike
        assert changed(1) == [f"k{i}" for i in range(len(TRICKY))]
    con.close()


def test_tagging_learns_of_the_stored_versions_it_may_tag_again(tmp_path):
    """Of a night's stored versions, tagging reads those mapped tonight and those from another
    tagger version (or without an industry reading, from before 0.4.0), not the rest."""
    con = connect(tmp_path / "w.duckdb")
    stored = [("mapped", "0.4.1", "r"), ("current", "0.4.1", "r"), ("older", "0.3.0", "r"), ("unread", "0.4.1", None)]
    for key, version, reading in stored:
        con.execute("insert into posting_versions (posting_key, content_hash, tagger_version, industry_reading) "
                    "values (?, 'h', ?, ?)", [key, version, reading])
    pairs = [(key, "h") for key, _, _ in stored] + [("new", "h")]
    with night_pairs(con, pairs, {("mapped", "h"), ("new", "h")}):
        found = night_stored(con, "0.4.1")
    assert found == {("mapped", "h"): "0.4.1", ("older", "h"): "0.3.0", ("unread", "h"): None}
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


# -- the night's employer groups worked out in the warehouse, as settle_night works them out --------
COMPANIES = ["Acme Bank", "ACME  bank.", "Globex", "Initech Health", None, "", "Nakatomi Logistics", "Ümlaut AB"]
CONFIGURED = {"s1": "finance", "s2": None, "s3": "not-a-slug", "s4": "healthcare"}
FIELDS = [
    ("finance", ["finance"], ['self-description: "a bank"']),
    ("other", [], []),
    ("healthcare", ["healthcare", "information_technology"], ["title: nurse"]),
    (None, None, None),
]


def _readings() -> list[str]:
    from pipelines.enrich import tag_versions
    import pandas as pd

    texts = [
        ("Data Science Intern", "Acme Bank", "Acme Bank is a retail bank serving families. You will model credit risk."),
        ("ML Intern", "Globex", "Globex builds logistics software for freight carriers."),
        ("Research Intern", "Initech Health", "Initech Health runs hospitals. Work on clinical NLP."),
        ("Intern", "Nakatomi Logistics", "We move containers across Asia. Equal opportunity employer."),
    ]
    frame = pd.DataFrame([{"posting_key": f"r{i}", "content_hash": "h", "source": "s", "title": t, "company": c,
                           "locations": [], "description_text": d} for i, (t, c, d) in enumerate(texts)])
    return tag_versions(frame)["industry_reading"].tolist()


def _random_night(rng, readings):
    """A night's versions split into stored ones (a row of posting_versions), ones this step
    tagged (fresh or held from an earlier date) and stored ones it restated, in random order."""
    versions = []
    for i in range(rng.randint(1, 40)):
        industry, industries, evidence = rng.choice(FIELDS)
        versions.append({
            "posting_key": f"k{rng.randint(0, 60)}-{i}", "content_hash": rng.choice(["a", "b"]),
            "source": rng.choice(list(CONFIGURED)), "company": rng.choice(COMPANIES),
            "industry": industry, "industries": industries, "industry_evidence": evidence,
            "industry_reading": rng.choice(readings), "where": rng.choice(["stored", "stored", "tagged", "restated"]),
        })
    return versions


@pytest.mark.parametrize("seed", range(12))
def test_the_warehouse_settles_a_night_as_python_does(tmp_path, seed):
    """settle_night_in_warehouse (the stored versions stay in DuckDB) returns what settle_night
    returns over the same night in Python: the same versions restated to the same fields, and the
    same new decisions under the same fingerprints, whether decisions are known or not."""
    import random

    from pipelines.enrich import DECISION_FIELDS, settle_night_in_warehouse
    from warehouse.reuse import known_decisions

    rng = random.Random(seed)
    readings = _readings()
    con = connect(tmp_path / "w.duckdb")
    night = _random_night(rng, readings)
    for v in night:
        if v["where"] != "tagged":
            con.execute(
                "insert into posting_versions (posting_key, content_hash, source, company, industry, industries, "
                "industry_evidence, industry_reading, tagger_version) values (?, ?, ?, ?, ?, ?, ?, ?, '0')",
                [v["posting_key"], v["content_hash"], v["source"], v["company"], v["industry"], v["industries"],
                 v["industry_evidence"], v["industry_reading"]])
    pairs = [(v["posting_key"], v["content_hash"]) for v in night]
    fields = ["posting_key", "content_hash", "source", "company", *DECISION_FIELDS, "industry_reading"]
    tagged = [{f: v[f] for f in fields} for v in night if v["where"] == "tagged"]
    restated = {(v["posting_key"], v["content_hash"]): dict(zip(DECISION_FIELDS, rng.choice(FIELDS)))
                for v in night if v["where"] == "restated"}
    by_pair = {(v["posting_key"], v["content_hash"]): v for v in night}

    def readings_for(wanted):
        return {p: by_pair[p]["industry_reading"] for p in wanted}

    for round_ in range(2):  # no decision known, then some known (and some of those differ)
        def known(fingerprints):
            return known_decisions(con, fingerprints)

        # Python: the night's rows as the tag step built them before (tagged first, in the night's order)
        python_night = [dict(r, source_industry=CONFIGURED[r["source"]]) for r in tagged]
        for v in night:
            pair = (v["posting_key"], v["content_hash"])
            if v["where"] != "tagged":
                row = {f: v[f] for f in fields}
                row.update(restated.get(pair, {}))
                python_night.append(dict(row, source_industry=CONFIGURED[v["source"]]))
        expected = settle_night(python_night, readings_for, known)
        with night_pairs(con, pairs, set()):
            found = settle_night_in_warehouse(con, [dict(r) for r in tagged], restated, CONFIGURED, readings_for, known)
        assert found == expected
        # keep some decisions (one of them altered), as an earlier night would have
        made = expected[1]
        for fp, decision in list(made.items())[::2]:
            if rng.random() < 0.5:
                decision = {"industry": "other", "industries": ["other"], "industry_evidence": ["kept"]}
            con.execute("insert or ignore into employer_decisions values (?, ?, ?, ?)",
                        [fp, decision["industry"], decision["industries"], decision["industry_evidence"]])
    con.close()


def test_night_pairs_from_arrow_equal_night_pairs_from_a_list():
    """The tag step registers the night's pairs straight from the staged sightings (Arrow):
    the same rows, places and `mapped` flags as from a list, a mapped key with one version or
    with several."""
    import random

    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    rnd = random.Random(3)
    for trial in range(200):
        keys = [f"k{i}" for i in rnd.sample(range(50), rnd.randint(0, 30))]
        pairs = [(key, rnd.choice("ab")) for key in keys]
        mapped = {(f"k{i}", rnd.choice("ab")) for i in rnd.sample(range(60), rnd.randint(0, 20))}
        mapped |= set(rnd.sample(pairs, min(len(pairs), rnd.randint(0, 5))))
        if trial % 2:  # one version per key, as a night's mapped postings are
            mapped = set(dict(mapped).items())
        table = pa.table({"posting_key": pa.array([p[0] for p in pairs], pa.large_string()),
                          "content_hash": pa.array([p[1] for p in pairs], pa.large_string())})
        found = []
        for given in (pairs, table):
            with night_pairs(con, given, mapped):
                found.append(con.execute("select * from night_pairs order by ord").fetchall())
        assert found[0] == found[1]
        assert found[0] == [(key, digest, i, (key, digest) in mapped) for i, (key, digest) in enumerate(pairs)]
    con.close()

"""The night-by-night load equals a rebuild of every derived table from the base tables.

Random histories over several sources: postings appear, change, vanish and come back, sources
fail, go silent and recover, nights are loaded out of order, loaded again with other results,
and versions are tagged again. After every load the incrementally kept tables (crawl_health,
postings, posting_places, posting_skills, posting_industries, trend_counts) must equal what
`rebuild` computes from sightings, versions and crawl runs alone.
"""

from __future__ import annotations

import random
import shutil
from datetime import date, timedelta

import duckdb
import pytest

from pipelines.clustering import Clusterer, features, forget_prepared
from warehouse.compare import differences
from warehouse.db import connect
from warehouse import loader
from warehouse.loader import load_crawl, rebuild, same_periods

CITIES = [
    {"city": "Seoul", "region": "11", "country": "KR", "geonameid": 1835848, "lat": 37.566, "lon": 126.978},
    {"city": "Stockholm", "region": "26", "country": "SE", "geonameid": 2673730, "lat": 59.33, "lon": 18.07},
    {"city": None, "region": None, "country": "SG", "geonameid": 1880251, "lat": 1.3, "lon": 103.8},
    {"city": "London", "region": "ENG", "country": "GB", "geonameid": 2643743, "lat": 51.5, "lon": -0.13},
]
INDUSTRIES = ["finance", "healthcare", "information_technology", "logistics"]
SKILLS = ["python", "sql", "pytorch", "statistics", "excel"]


def version(rnd: random.Random, source: str, ext: int, rev: int, tagger: str = "t1") -> dict:
    """Posting `ext` of `source` in its revision `rev` (the content hash follows the revision)."""
    content = random.Random(f"{source}:{ext}:{rev}")  # what the content hash stands for
    pick = random.Random(f"{source}:{ext}:{rev}:{tagger}")  # what a tagger makes of it
    board = source.split(":")[1]
    return {
        "posting_key": f"{source}:{ext}", "content_hash": f"h{ext}r{rev}", "source": source,
        "platform": "greenhouse", "board": board, "external_id": str(ext), "company": board.title(),
        "title": content.choice(["ML Intern", "Data Intern", "Engineer", None]), "url": f"https://x.test/{ext}",
        "locations": content.choice([["Seoul"], ["Stockholm", "London"], []]),
        "description_text": f"rev {rev}", "is_internship": pick.random() < 0.6, "is_ai_ml": pick.random() < 0.5,
        "ai_ml_score": 0.5, "industry": pick.choice(INDUSTRIES), "industries": [pick.choice(INDUSTRIES)],
        "places": pick.sample(CITIES, pick.randint(0, 2)), "skills": pick.sample(SKILLS, pick.randint(0, 3)),
        "tagger_version": tagger,
    }


def run(source: str, status: str, items: int) -> dict:
    return {"source": source, "platform": "greenhouse", "board": source.split(":")[1], "status": status,
            "items": items, "errors": int(status != "ok"), "error_message": None if status == "ok" else "HTTP 503",
            "requests": 1, "bytes": 10, "duration_s": 0.1, "started_at": None, "pages_fingerprint": None}


def history(seed: int, nights: int = 9, gaps: tuple[int, ...] = (1, 1, 3, 6, 9, 30)) -> list[tuple[date, list[dict], list[dict]]]:
    """A random sequence of nights: (date, versions seen, crawl runs), `gaps` days apart."""
    rnd = random.Random(seed)
    sources = [f"greenhouse:b{i}" for i in range(rnd.randint(2, 4))]
    revision: dict[tuple[str, int], int] = {}
    alive: dict[str, set[int]] = {s: set(rnd.sample(range(12), rnd.randint(0, 6))) for s in sources}
    start = date(2026, 9, 28) + timedelta(days=rnd.randint(0, 6))
    out = []
    day = start
    for _ in range(nights):
        day += timedelta(days=rnd.choice(gaps))
        seen, runs = [], []
        for source in sources:
            fate = rnd.random()
            if fate < 0.12:
                runs.append(run(source, "failed", 0))
                continue
            posts = alive[source]
            for ext in list(posts):
                if rnd.random() < 0.2:
                    posts.discard(ext)
            for ext in rnd.sample(range(12), rnd.randint(0, 3)):
                posts.add(ext)
            if fate < 0.2:
                posts = set()  # silent tonight (a broken page), without forgetting what was alive
            night = []
            for ext in sorted(posts):
                if rnd.random() < 0.15:
                    revision[(source, ext)] = revision.get((source, ext), 0) + 1
                night.append(version(rnd, source, ext, revision.get((source, ext), 0)))
            seen += night
            runs.append(run(source, "ok", len(night)))
        out.append((day, seen, runs))
    return out


def check_equal_to_rebuild(con: duckdb.DuckDBPyConnection, tmp_path, label: str) -> None:
    con.execute("checkpoint")
    copy = tmp_path / f"rebuilt-{label}.duckdb"
    shutil.copyfile(tmp_path / "w.duckdb", copy)
    other = duckdb.connect(str(copy))
    try:
        rebuild(other)
        assert differences(con, other) == [], label
    finally:
        other.close()


def check_features_current(con: duckdb.DuckDBPyConnection, label: str) -> None:
    """Every posting's stored clustering features are those of its current version: a later
    night that reads them instead of the posting compares what preparing it would give."""
    cur = con.execute(f"select {loader.CLUSTER_FIELDS}, pc.features from postings join posting_clusters pc using (posting_key)")
    names = [d[0] for d in cur.description]
    rows = [dict(zip(names, r)) for r in cur.fetchall()]
    forget_prepared()
    stale = [r["posting_key"] for r in rows if r["features"] != features({k: v for k, v in r.items() if k != "features"})]
    assert rows and not stale, (label, stale[:3])


@pytest.mark.parametrize("seed", range(8))
def test_night_by_night_equals_a_rebuild(tmp_path, seed):
    nights = history(seed)
    rnd = random.Random(seed)
    # Half the histories cluster postings (the same URL on two boards is one job).
    clusterer = Clusterer() if seed % 2 == 0 else None
    con = connect(tmp_path / "w.duckdb")
    try:
        order = list(range(len(nights)))
        if seed % 3 == 1:  # some histories load out of order (a backfill)
            rnd.shuffle(order)
        for step, i in enumerate(order):
            day, seen, runs = nights[i]
            load_crawl(con, day, seen, runs, clusterer=clusterer)
            check_equal_to_rebuild(con, tmp_path, f"seed {seed} step {step} ({day})")
            if clusterer is not None:
                check_features_current(con, f"seed {seed} step {step} ({day})")
        # The same night again, with another result (a re-crawl), then as it was.
        day, seen, runs = nights[len(nights) // 2]
        fewer = seen[: len(seen) // 2]
        load_crawl(con, day, fewer, [dict(r, items=sum(v["source"] == r["source"] for v in fewer)) for r in runs],
                   clusterer=clusterer)
        check_equal_to_rebuild(con, tmp_path, f"seed {seed} reloaded smaller")
        load_crawl(con, day, seen, runs, clusterer=clusterer)
        check_equal_to_rebuild(con, tmp_path, f"seed {seed} reloaded as it was")
        # A new tagger: the last night's versions tagged again (same content, other tags).
        day, seen, runs = nights[-1]
        retagged = [version(rnd, v["source"], int(v["external_id"]), int(v["content_hash"].split("r")[1]), "t2")
                    for v in seen]
        load_crawl(con, day, retagged, runs, clusterer=clusterer)
        check_equal_to_rebuild(con, tmp_path, f"seed {seed} retagged")
        if clusterer is not None:
            check_features_current(con, f"seed {seed} retagged")
        if clusterer is not None:  # the random URLs repeat across boards: some postings are one job
            merged = con.execute("select count(*) from clusters where members > 1").fetchall()[0][0]
            assert merged > 0, "no cluster with two members: the test would not exercise merging"
    finally:
        con.close()


def test_same_periods_follows_weeks_and_months():
    assert same_periods(date(2026, 1, 24), date(2026, 1, 25))  # Saturday and Sunday of one week
    assert not same_periods(date(2026, 1, 25), date(2026, 1, 26))  # Sunday, then Monday
    assert not same_periods(date(2026, 9, 30), date(2026, 10, 1))  # one week, two months
    assert not same_periods(date(2025, 12, 31), date(2026, 1, 1))
    assert same_periods(date(2026, 10, 6), date(2026, 10, 6))


def test_nights_of_one_week_add_only_their_changes(tmp_path, monkeypatch):
    """Nights that keep the newest date in its week and month add each changed unit's change and
    recount nothing; the night that starts a new week recounts. Both equal a rebuild."""
    paths = []
    real = loader.same_periods
    monkeypatch.setattr(loader, "same_periods", lambda a, b: paths.append(real(a, b)) or real(a, b))
    con = connect(tmp_path / "w.duckdb")
    try:
        monday = date(2026, 10, 5)
        for i, (_, seen, runs) in enumerate(history(4, nights=9)):
            day = monday + timedelta(days=i)  # Monday to Sunday, then Monday and Tuesday
            load_crawl(con, day, seen, runs, clusterer=Clusterer())
            check_equal_to_rebuild(con, tmp_path, f"night {i} ({day})")
    finally:
        con.close()
    assert paths == [True] * 6 + [False, True]


def test_a_night_touches_only_what_it_changes(tmp_path):
    """Loading a night where nothing changed writes no posting row and no trend count."""
    nights = history(3, nights=4)
    con = connect(tmp_path / "w.duckdb")
    for day, seen, runs in nights:
        load_crawl(con, day, seen, runs)
    day, seen, runs = nights[-1]
    tables = ("postings", "posting_places", "posting_skills", "clusters", "trend_counts")
    before = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}
    load_crawl(con, day, seen, runs)
    assert {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables} == before
    con.close()


def test_an_old_schema_is_rebuilt_on_open(tmp_path):
    nights = history(5, nights=3)
    con = connect(tmp_path / "w.duckdb")
    for day, seen, runs in nights:
        load_crawl(con, day, seen, runs)
    expected = con.execute("select * from trend_counts order by all").fetchall()
    con.execute("update warehouse_meta set value = '1' where key = 'schema_version'")
    con.execute("delete from trend_counts")
    con.close()
    con = connect(tmp_path / "w.duckdb")
    assert con.execute("select * from trend_counts order by all").fetchall() == expected
    con.close()


def test_a_warehouse_whose_postings_is_a_table_becomes_the_view(tmp_path):
    # Before schema version 6, postings was a table holding every version's columns again.
    con = connect(tmp_path / "w.duckdb")
    for day, seen, runs in history(6, nights=3):
        load_crawl(con, day, seen, runs)
    expected = con.execute("select * from postings order by all").fetchall()
    con.execute("create table old_postings as select * from postings")
    con.execute("drop view postings")
    con.execute("drop view posting_state")
    con.execute("drop table posting_state_live")
    con.execute("drop table posting_state_archived")
    con.execute("alter table old_postings rename to postings")
    con.execute("update warehouse_meta set value = '5' where key = 'schema_version'")
    con.execute("delete from warehouse_meta where key = 'ddl_fingerprint'")
    con.close()
    con = connect(tmp_path / "w.duckdb")
    kind = con.execute("select count(*) from duckdb_views() where view_name = 'postings'").fetchall()[0][0]
    assert kind == 1
    assert con.execute("select * from postings order by all").fetchall() == expected
    con.close()


def test_a_warehouse_before_the_split_tables_gets_them(tmp_path):
    # Before schema version 9, posting_state, its marts and posting_clusters were tables.
    # posting_clusters is kept (a rebuild cannot make it again); the others are rebuilt.
    con = connect(tmp_path / "w.duckdb")
    for day, seen, runs in history(7, nights=4):
        load_crawl(con, day, seen, runs, clusterer=Clusterer())
    tables = ("posting_state", "posting_places", "posting_skills", "posting_industries", "posting_clusters", "clusters")
    expected = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables + ("postings",)}
    assert expected["posting_clusters"] and any(k != c for k, c, *_ in expected["posting_clusters"])
    for table in tables:
        con.execute(f"create table old_{table} as select * from {table}")
        con.execute(f"drop view {table}")
        con.execute(f"drop table {table}_live")
        con.execute(f"drop table {table}_archived")
        con.execute(f"alter table old_{table} rename to {table}")
    con.execute("update warehouse_meta set value = '8' where key = 'schema_version'")
    con.execute("delete from warehouse_meta where key = 'ddl_fingerprint'")
    con.close()
    con = connect(tmp_path / "w.duckdb")
    kinds = dict(con.execute("select view_name, 'view' from duckdb_views() where not internal").fetchall())
    assert all(kinds.get(t) == "view" for t in tables)
    for name, rows in expected.items():
        assert con.execute(f"select * from {name} order by all").fetchall() == rows, name
    con.close()


def test_restated_versions_change_only_their_industry_fields_in_place(tmp_path):
    """A night whose employer decision changed over stored versions sends only the decision's
    fields (`restated`): the versions keep their text, take the new industry, and the marts and
    trend counts follow, equal to a rebuild."""
    nights = history(5, nights=3)
    con = connect(tmp_path / "w.duckdb")
    try:
        for day, seen, runs in nights[:2]:
            load_crawl(con, day, seen, runs, clusterer=Clusterer())
        day, seen, runs = nights[2]
        stored = {(k, h) for k, h in con.execute("select posting_key, content_hash from posting_versions").fetchall()}
        targets = [v for v in seen if (v["posting_key"], v["content_hash"]) in stored][:3]
        assert targets
        before = con.execute("select posting_key, content_hash, description_text, tagger_version from posting_versions "
                             "order by all").fetchall()
        sightings = [{k: v[k] for k in ("source", "posting_key", "content_hash")} for v in seen]
        new = [v for v in seen if (v["posting_key"], v["content_hash"]) not in stored]
        restated = [{"posting_key": v["posting_key"], "content_hash": v["content_hash"], "industry": "healthcare",
                     "industries": ["healthcare", "finance"], "industry_evidence": ["employer: decided over all its postings"]}
                    for v in targets]
        stats = load_crawl(con, day, new, runs, sightings=sightings, clusterer=Clusterer(), restated=restated)
        assert stats["versions_loaded"] == len(new) + len(targets)
        for v in targets:
            row = con.execute("select industry, industries, industry_evidence from postings where posting_key = ?",
                              [v["posting_key"]]).fetchall()[0]
            assert row == ("healthcare", ["healthcare", "finance"], ["employer: decided over all its postings"])
            mart = con.execute("select industry, is_primary from posting_industries where posting_key = ? order by all",
                               [v["posting_key"]]).fetchall()
            assert mart == [("finance", False), ("healthcare", True)]
        # The text and the tagger version of every stored version are as they were.
        assert set(before) <= set(con.execute("select posting_key, content_hash, description_text, tagger_version "
                                              "from posting_versions").fetchall())
        check_equal_to_rebuild(con, tmp_path, "restated")
    finally:
        con.close()


def test_restating_a_version_that_is_not_stored_fails_the_load_and_writes_nothing(tmp_path):
    nights = history(6, nights=2)
    con = connect(tmp_path / "w.duckdb")
    try:
        day, seen, runs = nights[0]
        load_crawl(con, day, seen, runs)
        tables = ("sightings", "posting_versions", "postings", "trend_counts")
        before = {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables}
        day, seen, runs = nights[1]
        missing = {"posting_key": "greenhouse:nowhere:1", "content_hash": "h1r0", "industry": "finance",
                   "industries": ["finance"], "industry_evidence": []}
        with pytest.raises(duckdb.Error, match="restated versions that are not stored: greenhouse:nowhere:1 h1r0"):
            load_crawl(con, day, seen, runs, restated=[missing])
        assert {t: con.execute(f"select * from {t} order by all").fetchall() for t in tables} == before
    finally:
        con.close()


def test_a_unit_open_for_months_that_closes_restates_only_its_last_periods(tmp_path):
    """A posting open from July that closes in October (and later opens again): only closed_at
    moves, so the night restates its periods from the closing day on (same_until) and the
    trend counts still equal a rebuild."""
    rnd = random.Random(0)
    source = "greenhouse:acme"
    # With a title, URL and location, so the crawls that close it are healthy.
    long_open, other = (dict(version(rnd, source, ext, 0), title="ML Intern", locations=["Seoul"]) for ext in (1, 2))
    con = connect(tmp_path / "w.duckdb")
    try:
        day = date(2026, 7, 1)
        while day < date(2026, 10, 15):  # Wednesdays, the last one 14 October
            load_crawl(con, day, [long_open, other], [run(source, "ok", 2)])
            day += timedelta(days=7)
        check_equal_to_rebuild(con, tmp_path, "open since July")
        day -= timedelta(days=7)
        # Thursday and Friday: nights inside the week and month, which add each unit's change
        # (a night that starts a week recounts the newest periods from units_from.sql instead).
        for label, seen in (("closed", [other]), ("open again", [long_open, other])):
            day += timedelta(days=1)
            load_crawl(con, day, seen, [run(source, "ok", len(seen))])
            cluster = con.execute("select cluster_id from posting_state where posting_key = ?",
                                  [long_open["posting_key"]]).fetchall()[0][0]
            restated_from = con.execute("select distinct same_until from units_in where posting_key = ?",
                                        [cluster]).fetchall()
            assert len(restated_from) == 1 and restated_from[0][0] is not None and restated_from[0][0] >= date(2026, 10, 1), label
            check_equal_to_rebuild(con, tmp_path, label)
    finally:
        con.close()


def archived_keys(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {k for (k,) in con.execute("select posting_key from posting_state_archived").fetchall()}


def test_clusters_closed_for_good_are_archived_and_come_back_when_touched(tmp_path):
    """A cluster all of whose postings closed more than ARCHIVE_AFTER_DAYS before the newest
    crawl moves to the _archived tables on a night that starts a week; a night that sees one of
    its postings again, or loads an older date that touches it, brings the whole cluster back.
    Every step equals a rebuild (which archives the same way), read through the views."""
    a, b = "greenhouse:alpha", "greenhouse:beta"
    rest_a, rest_b = list(range(3, 11)), list(range(11, 17))  # postings that stay open throughout

    def night(day: date, seen: dict[str, list[int]], urls: dict[tuple[str, int], str] | None = None) -> dict:
        versions = [dict(version(random.Random(0), source, ext, 0), title="ML Intern", locations=["Seoul"])
                    for source, exts in seen.items() for ext in exts]
        for v in versions:
            v["url"] = (urls or {}).get((v["source"], int(v["external_id"])), v["url"])
        return load_crawl(con, day, versions, [run(s, "ok", len(e)) for s, e in seen.items()], clusterer=Clusterer())

    con = connect(tmp_path / "w.duckdb")
    try:
        night(date(2027, 1, 4), {a: [1, 2] + rest_a, b: [1] + rest_b})  # a:1 and b:1 share a URL: one job
        assert con.execute("select count(distinct cluster_id) from posting_state where posting_key in "
                           "('greenhouse:alpha:1', 'greenhouse:beta:1')").fetchall() == [(1,)]
        night(date(2027, 1, 11), {a: rest_a, b: rest_b})  # a:1, a:2 and b:1 close on Jan 11
        assert con.execute("select count(*) from posting_state where closed_at = '2027-01-11'").fetchall() == [(3,)]
        assert night(date(2027, 3, 1), {a: rest_a, b: rest_b})["archived_postings"] == 0  # 49 days: not yet
        check_equal_to_rebuild(con, tmp_path, "49 days")
        result = night(date(2027, 3, 15), {a: rest_a, b: rest_b})  # a Monday, 63 days after they closed
        assert result["archived_postings"] == 3 and result["restored_postings"] == 0
        assert archived_keys(con) == {"greenhouse:alpha:1", "greenhouse:alpha:2", "greenhouse:beta:1"}
        for table, key in loader.SPLIT_TABLES.items():
            live = con.execute(f"select count(*) from {table}_live where {key} in "
                               f"(select {key} from posting_state_archived)").fetchall()[0][0]
            assert live == 0, table
        assert con.execute("select count(*) from clusters_archived").fetchall() == [(2,)]
        assert con.execute("select count(*) from posting_places_archived").fetchall()[0][0] > 0
        check_equal_to_rebuild(con, tmp_path, "archived")
        result = night(date(2027, 3, 16), {a: [2] + rest_a, b: rest_b})  # a:2 seen again
        assert result["restored_postings"] == 1 and archived_keys(con) == {"greenhouse:alpha:1", "greenhouse:beta:1"}
        check_equal_to_rebuild(con, tmp_path, "seen again")
        result = night(date(2027, 1, 7), {a: [1] + rest_a})  # an older date, loaded late: b:1 comes back with a:1
        assert result["restored_postings"] == 2 and archived_keys(con) == set()
        check_equal_to_rebuild(con, tmp_path, "older date")
        assert night(date(2027, 3, 22), {a: [2] + rest_a, b: rest_b})["archived_postings"] == 2
        check_equal_to_rebuild(con, tmp_path, "archived again")
        # A new posting whose URL shows a:1 is compared with it: a:1's job comes back first.
        c = "greenhouse:gamma"
        result = night(date(2027, 3, 23), {a: [2] + rest_a, b: rest_b, c: [1]},
                       urls={(c, 1): "https://boards.greenhouse.io/alpha/jobs/1"})
        assert result["restored_postings"] == 2 and archived_keys(con) == set()
        check_equal_to_rebuild(con, tmp_path, "compared with an archived posting")
    finally:
        con.close()


@pytest.mark.parametrize("seed", [0, 2, 3, 5])
def test_nights_over_months_with_an_archive_equal_a_rebuild(tmp_path, seed):
    """Random histories over months (nights up to 45 days apart): clusters are archived as
    they close for good, and older dates crawled again bring them back. Equal to a rebuild."""
    nights = history(seed, nights=14, gaps=(1, 7, 30, 45))
    con = connect(tmp_path / "w.duckdb")
    moved = {"archived_postings": 0, "restored_postings": 0}
    try:
        for step, (day, seen, runs) in enumerate(nights):
            result = load_crawl(con, day, seen, runs, clusterer=Clusterer() if seed % 2 == 0 else None)
            moved = {k: v + result[k] for k, v in moved.items()}
            check_equal_to_rebuild(con, tmp_path, f"seed {seed} step {step} ({day})")
        for day, seen, runs in nights[:4]:  # the first nights crawled again, with fewer postings
            fewer = seen[: len(seen) // 2]
            result = load_crawl(con, day, fewer, [dict(r, items=sum(v["source"] == r["source"] for v in fewer))
                                                  for r in runs])
            moved = {k: v + result[k] for k, v in moved.items()}
            check_equal_to_rebuild(con, tmp_path, f"seed {seed} {day} crawled again")
    finally:
        con.close()
    assert moved["archived_postings"] > 0 and moved["restored_postings"] > 0, moved


def test_postings_live_has_the_columns_of_postings(tmp_path):
    """views/00_postings.sql spells the two views alike; the load reads postings_live where a
    reader of postings would expect the same columns."""
    con = connect(tmp_path / "w.duckdb")
    try:
        columns = {view: con.execute(f"select * from {view} limit 0").description for view in ("postings", "postings_live")}
    finally:
        con.close()
    assert [c[:2] for c in columns["postings"]] == [c[:2] for c in columns["postings_live"]]


def test_the_live_tables_are_written_again_on_the_night_that_starts_a_month(tmp_path, monkeypatch):
    """A week's first night archives (deleting from the _live tables); a month's first night also
    writes the _live tables again whole, without the rows deleted from them since."""
    rewrites = []
    real = loader._rewrite_live
    monkeypatch.setattr(loader, "_rewrite_live", lambda con: rewrites.append(newest(con)) or real(con))

    def newest(con: duckdb.DuckDBPyConnection) -> date:
        return con.execute("select max(crawl_date) from crawl_runs").fetchall()[0][0]

    days = [date(2027, 3, 29), date(2027, 3, 30), date(2027, 4, 1), date(2027, 4, 2), date(2027, 4, 5), date(2027, 4, 6)]
    con = connect(tmp_path / "w.duckdb")
    try:
        for day, (_, seen, runs) in zip(days, history(5, nights=len(days))):
            load_crawl(con, day, seen, runs)
        assert rewrites == [date(2027, 3, 29), date(2027, 4, 1)]
        check_equal_to_rebuild(con, tmp_path, "a month of nights")  # a rebuild writes them whole too
        assert rewrites[2:] == [date(2027, 4, 6)]
    finally:
        con.close()

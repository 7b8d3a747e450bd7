"""Noticing breakage: a source that goes silent, collapses or loses fields is flagged by the
drift checks and closes none of its postings."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from tests.warehouse.test_history import posting, run
from warehouse.checks import check_severity, failing_rows
from warehouse.db import connect
from warehouse.loader import load_crawl

START = date(2026, 11, 2)


def night(i: int) -> date:
    return START + timedelta(days=i - 1)


def board(n: int, start: int = 0, **changes) -> list[dict]:
    return [dict(posting("acme", str(start + i), f"ML Intern {start + i}"), **changes) for i in range(n)]


def load(con, i: int, rows: list[dict], status: str = "ok") -> None:
    load_crawl(con, night(i), pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(posting("a", "0", "t"))),
               [run("acme", status, items=len(rows))])


def health(con, i: int) -> str:
    return con.execute("select verdict from crawl_health where crawl_date = ?", [night(i)]).fetchall()[0][0]


def open_count(con) -> int:
    return con.execute("select count(*) from postings where is_open").fetchall()[0][0]


@pytest.fixture()
def con(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    yield con
    con.close()


def test_drift_checks_only_warn():
    for name in ("sources_went_silent", "sources_count_collapsed", "sources_missing_fields"):
        assert check_severity(name) == "warn"
    assert check_severity("postings_key_unique") == "error"


def test_a_source_that_goes_silent_is_flagged_and_closes_nothing(con):
    for i in (1, 2, 3):
        load(con, i, board(5))
    assert failing_rows(con, "sources_went_silent", night(3)).empty
    load(con, 4, [])  # the crawl "worked" but the board came back empty
    silent = failing_rows(con, "sources_went_silent", night(4))
    assert silent["source"].tolist() == ["greenhouse:acme"] and silent["previous_seen"].tolist() == [5]
    assert health(con, 4) == "went_silent" and open_count(con) == 5
    load(con, 5, [])  # empty again: now believed, and the postings close
    assert health(con, 5) == "healthy" and open_count(con) == 0
    assert failing_rows(con, "sources_went_silent", night(5)).empty


def test_a_collapsed_count_is_flagged_until_the_median_moves(con):
    for i in (1, 2, 3):
        load(con, i, board(10))
    load(con, 4, board(3))
    collapsed = failing_rows(con, "sources_count_collapsed", night(4))
    assert collapsed["source"].tolist() == ["greenhouse:acme"] and collapsed["trailing_median"].tolist() == [10]
    assert open_count(con) == 10  # the 7 missing postings stay open
    verdicts = []
    for i in (5, 6, 7, 8):
        load(con, i, board(3))
        verdicts.append(health(con, i))
    # The trailing median (previous 7 successful crawls) reaches 3 on night 8: believed then.
    assert verdicts == ["count_collapsed", "count_collapsed", "count_collapsed", "healthy"]
    assert open_count(con) == 3


def test_missing_required_fields_are_flagged(con):
    load(con, 1, board(10))
    load(con, 2, board(7) + board(3, start=7, url=None))  # 30% without a url
    missing = failing_rows(con, "sources_missing_fields", night(2))
    assert missing["missing_required"].tolist() == [3] and missing["share_missing"].tolist() == [0.3]
    load(con, 3, board(9) + board(1, start=9, locations=[]))  # 10%: fine
    assert failing_rows(con, "sources_missing_fields", night(3)).empty


def test_a_healthy_shrink_closes_postings(con):
    for i in (1, 2, 3):
        load(con, i, board(10))
    load(con, 4, board(6))  # 6 >= half of 10: a normal night, 4 postings close
    assert health(con, 4) == "healthy" and open_count(con) == 6

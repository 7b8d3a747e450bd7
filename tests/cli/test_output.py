"""Query results as text: integers stay integers, ISO dates, one null per format, typed JSON."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json

from pipelines.output import render

COLUMNS = ["n", "share", "day", "at", "missing", "tags", "pay", "big"]
ROWS = [
    (83, 0.25, dt.date(2026, 11, 2), dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.timezone.utc), None,
     ["python", "sql"], {"min": 2400.0, "currency": "GBP"}, decimal.Decimal("170141183460469231731687303715884105727")),
    (7, float("nan"), None, None, None, [], None, decimal.Decimal("2.50")),
]


def test_json_is_typed():
    rows = json.loads(render(COLUMNS, ROWS, "json"))
    assert rows[0]["n"] == 83 and isinstance(rows[0]["n"], int)
    assert rows[0]["day"] == "2026-11-02" and rows[0]["at"] == "2026-11-02T09:30:00Z"
    assert rows[0]["missing"] is None and rows[1]["share"] is None  # NaN is null too
    assert rows[0]["tags"] == ["python", "sql"] and rows[0]["pay"] == {"min": 2400.0, "currency": "GBP"}
    assert rows[0]["big"] == 170141183460469231731687303715884105727 and rows[1]["big"] == 2.5


def test_csv_has_one_null_spelling_and_json_lists():
    table = list(csv.reader(io.StringIO(render(COLUMNS, ROWS, "csv"))))
    assert table[0] == COLUMNS
    assert table[1][:5] == ["83", "0.25", "2026-11-02", "2026-11-02T09:30:00Z", ""]
    assert json.loads(table[1][5]) == ["python", "sql"] and table[2][1] == "" and table[2][6] == ""


def test_table_aligns_numbers_and_says_null():
    lines = render(["week", "new_postings"], [(dt.date(2026, 11, 2), 83), (dt.date(2026, 11, 9), None)], "table").splitlines()
    assert lines[0].split() == ["week", "new_postings"]
    assert lines[1].endswith("83") and "83.0" not in lines[1]
    assert lines[2].split() == ["2026-11-09", "null"]
    assert render(["a"], [], "table") == "(no rows)\n"

"""Query results as text: a table for people, CSV and JSON for programs (no pandas needed).

One spelling of null per format: `null` in the table and in JSON, an empty cell in CSV.
Integers stay integers (DuckDB's sums come back as integers, and integral decimals are printed
as integers), dates and times are ISO 8601, lists and structs are JSON in the table and in
CSV and native in JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import math
import uuid
from typing import Any, Iterable, Sequence


def plain(value: Any) -> Any:
    """A value as JSON would hold it (None, bool, int, float, str, list, dict)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return None
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def cell(value: Any, null: str) -> str:
    """A value as one text cell."""
    return _text(plain(value), null)


def _text(value: Any, null: str) -> str:
    """A plain value (see `plain`) as one text cell."""
    if value.__class__ is str:
        return value
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render(columns: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str) -> str:
    """`rows` as "table", "csv" or "json" (a list of objects), ending with a newline."""
    rows = list(rows)
    if fmt == "json":
        return json.dumps([dict(zip(columns, map(plain, row))) for row in rows], ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([cell(v, "") for v in row] for row in rows)
        return buffer.getvalue()
    if not rows:
        return "(no rows)\n"
    plains = [[plain(v) for v in row] for row in rows]  # once per value: a year's trend is thousands of rows
    text = [[_text(v, "null") for v in row] for row in plains]
    numeric = [all(isinstance(p[i], (int, float)) and not isinstance(p[i], bool) for r, p in zip(rows, plains)
                   if r[i] is not None)
               for i in range(len(columns))]
    widths = [max(len(columns[i]), *(len(t[i]) for t in text)) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)).rstrip()

    return "\n".join([line(columns), *(line(t) for t in text)]) + "\n"

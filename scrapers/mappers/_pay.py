"""Pay as one readable string, the way every platform mapper writes `Posting.compensation`
("USD 40-45 per hour", "from EUR 2,500.50 per month", "up to CAD 30 per hour"). Tagging parses
it later; here it only has to say what the board says, consistently across platforms. (Not a
platform: the leading underscore keeps it out of `PLATFORMS`.)"""

from __future__ import annotations

import math
import re
from typing import Any

from scrapers.mappers._fields import text as _text

# Interval words platforms use, to our "per <unit>" ("HOURLY", "hour", "yearly", "annual", ...).
_UNITS = {
    "hour": "hour", "hourly": "hour", "hr": "hour",
    "day": "day", "daily": "day",
    "week": "week", "weekly": "week",
    "month": "month", "monthly": "month",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "annum": "year",
}


def amount(value: Any) -> str | None:
    """A pay figure with thousands separators ("40,000", "2,500.50"), from a number or a numeric
    string ("75000"); None for anything else, and for zero or less (boards use 0 for "unset")."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number) or number <= 0:
        return None
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


def interval(value: Any) -> str | None:
    """A pay period as "per <unit>": "HOURLY", "hour", "per-hour-wage", "year", "annual" all
    map; anything else is kept readable (hyphens to spaces: "one-time" -> "one time")."""
    raw = _text(value)
    if raw is None:
        return None
    per = re.match(r"^per[-_ ]([a-z]+)", raw, re.IGNORECASE)  # Lever: "per-hour-wage", "per-year-salary"
    if per:
        return f"per {_UNITS.get(per.group(1).lower(), per.group(1).lower())}"
    unit = _UNITS.get(raw.lower())
    return f"per {unit}" if unit else raw.replace("-", " ").replace("_", " ")


def format_pay(low: Any, high: Any, currency: Any = None, period: Any = None) -> str | None:
    """The range as one string: "USD 40,000-50,000 per year"; one bound alone is "from ..." or
    "up to ..."; equal bounds are one figure; no figure at all is None."""
    lo, hi = amount(low), amount(high)
    if not (lo or hi):
        return None
    if lo and hi:
        span = lo if lo == hi else f"{lo}-{hi}"
    else:
        span = lo or hi
    code = _text(currency)
    line = f"{code} {span}" if code else span
    if not (lo and hi):
        line = f"from {line}" if lo else f"up to {line}"
    per = interval(period)
    return f"{line} {per}" if per else line

"""The short, readable summary the demo prints (and the report's headline numbers)."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from warehouse.db import read_sql


def _records(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    relation = con.execute(read_sql(f"queries/{name}.sql"), params)
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row)) for row in relation.fetchall()]


def latest_crawl_date(con: duckdb.DuckDBPyConnection) -> date | None:
    return con.execute("select max(crawl_date) from crawl_runs").fetchall()[0][0]


def summary(con: duckdb.DuckDBPyConnection, as_of: date | None = None, top: int = 5) -> dict[str, Any]:
    """Headline numbers, top industries and cities, and the week's churn as of a crawl date."""
    as_of = as_of or latest_crawl_date(con)
    if as_of is None:
        return {"as_of": None, "crawl_dates": 0}
    totals = _records(con, "summary_totals", {"as_of": as_of})[0]
    health = _records(con, "crawl_health", {"crawl_date": as_of})
    return {
        "as_of": as_of,
        "crawl_dates": con.execute("select count(distinct crawl_date) from crawl_runs").fetchall()[0][0],
        "postings": con.execute("select count(*) from postings").fetchall()[0][0],
        "jobs": con.execute("select count(*) from clusters").fetchall()[0][0],
        **totals,
        "top_industries": _records(con, "summary_top_industries", {"limit": top}),
        "top_cities": _records(con, "summary_top_cities", {"limit": top}),
        "sources_last_night": len(health),
        "failed_sources_last_night": [h["source"] for h in health if h["status"] != "ok"],
        "crawl_health": health,
    }


def format_summary(s: dict[str, Any]) -> str:
    """A plain-text block for a terminal."""
    if not s.get("as_of"):
        return "The warehouse is empty: no crawl has been loaded yet."
    lines = [
        f"internradar, as of {s['as_of']} ({s['crawl_dates']} crawl nights, {s['postings']} postings of "
        f"{s['jobs']} jobs tracked)",
        f"  open jobs: {s['open_postings']}, of which internships: {s['open_internships']} "
        f"(AI/ML internships: {s['open_ai_ml_internships']})",
        f"  week of {s['week']}: {s['new_this_week']} new, {s['closed_this_week']} closed "
        f"(internships: {s['new_internships_this_week']} new, {s['closed_internships_this_week']} closed)",
        "  top industries by open internships:",
        *[f"    {r['industry']:<24} {r['open_internships']:>4}  (AI/ML {r['open_ai_ml_internships']})" for r in s["top_industries"]],
        "  top cities by open internships:",
        *[f"    {r['city']:<24} {r['open_internships']:>4}  (AI/ML {r['open_ai_ml_internships']})" for r in s["top_cities"]],
    ]
    failed = s["failed_sources_last_night"]
    lines.append(
        f"  last night: {s['sources_last_night']} sources crawled, "
        + (f"{len(failed)} failed ({', '.join(failed)})" if failed else "none failed")
    )
    return "\n".join(lines)

"""A static, self-contained HTML report (inline SVG charts, no scripts) for people without SQL."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from warehouse.summary import _records, summary

COLORS = ("#2b6cb0", "#dd6b20", "#38a169", "#805ad5")


def bar_chart(rows: list[tuple[str, float]], width: int = 520, bar: int = 22) -> str:
    """Horizontal bars, one per (label, value)."""
    if not rows:
        return "<p><em>No data yet.</em></p>"
    top = max(v for _, v in rows) or 1
    label_w, height = 190, bar * len(rows) + 8
    parts = [f'<svg width="{width}" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">']
    for i, (label, value) in enumerate(rows):
        y = 4 + i * bar
        w = (width - label_w - 50) * value / top
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar * 0.65:.0f}" text-anchor="end" font-size="12">{escape(str(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{bar - 6}" fill="{COLORS[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar * 0.65:.0f}" font-size="12">{escape(str(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(x_labels: list[str], series: dict[str, list[float]], width: int = 640, height: int = 240) -> str:
    """One polyline per named series over shared x labels, with a legend."""
    if not x_labels:
        return "<p><em>No data yet.</em></p>"
    left, bottom, top_pad = 40, 30, 24
    top = max((max(v) for v in series.values() if v), default=0) or 1
    step = (width - left - 20) / max(len(x_labels) - 1, 1)

    def point(i: int, v: float) -> str:
        return f"{left + i * step:.1f},{height - bottom - (height - bottom - top_pad) * v / top:.1f}"

    parts = [f'<svg width="{width}" height="{height}" role="img" xmlns="http://www.w3.org/2000/svg">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#999"/>',
             f'<text x="4" y="{top_pad}" font-size="11">{escape(format(top, "g"))}</text>']
    for i, label in enumerate(x_labels):
        parts.append(f'<text x="{left + i * step:.1f}" y="{height - 10}" font-size="10" text-anchor="middle">{escape(label)}</text>')
    for n, (name, values) in enumerate(series.items()):
        color = COLORS[n % len(COLORS)]
        pts = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{pts}"/>')
        parts.append(f'<text x="{left + 10 + n * 170}" y="12" font-size="12" fill="{color}">■ {escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(con: duckdb.DuckDBPyConnection) -> str:
    """The report's HTML; every data value is escaped."""
    s = summary(con, top=10)
    if not s.get("as_of"):
        body = "<p>The warehouse is empty: no crawl has been loaded yet.</p>"
    else:
        weekly = _records(con, "weekly_internships", {})
        weeks = [str(r["week"]) for r in weekly]
        chart = line_chart(weeks, {
            "open AI/ML internships": [r["open_ai_ml_internships"] for r in weekly],
            "new AI/ML internships": [r["new_ai_ml_internships"] for r in weekly],
            "open internships (all)": [r["open_internships"] for r in weekly],
        })
        health_rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(h[k]) if h[k] is not None else '')}</td>"
                             for k in ("source", "status", "items", "errors", "error_message", "duration_s")) + "</tr>"
            for h in s["crawl_health"]
        )
        failed = len(s["failed_sources_last_night"])
        e = {k: escape(str(v)) for k, v in s.items() if not isinstance(v, (list, dict))}
        body = f"""
<div class="cards">
  <div><b>{e['open_postings']}</b>open postings</div>
  <div><b>{e['open_internships']}</b>open internships</div>
  <div><b>{e['open_ai_ml_internships']}</b>open AI/ML internships</div>
  <div><b>{e['new_this_week']} / {e['closed_this_week']}</b>new / closed this week</div>
  <div><b>{e['sources_last_night']}</b>sources crawled last night, {failed} failed</div>
</div>
<h2>AI/ML internships per week</h2>{chart}
<h2>Top industries by open internships</h2>{bar_chart([(r['industry'], r['open_internships']) for r in s['top_industries']])}
<h2>Top cities by open internships</h2>{bar_chart([(r['city'], r['open_internships']) for r in s['top_cities']])}
<h2>Crawl health, {escape(str(s['as_of']))}</h2>
<table><tr><th>source</th><th>status</th><th>items</th><th>errors</th><th>error</th><th>seconds</th></tr>{health_rows}</table>"""
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>internradar report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; }}
.cards {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
.cards div {{ border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }}
.cards b {{ display: block; font-size: 1.6rem; }}
table {{ border-collapse: collapse; font-size: .85rem; }} td, th {{ border: 1px solid #ddd; padding: .2rem .5rem; }}
</style></head><body>
<h1>internradar: AI/ML internship trends</h1>
<p>As of crawl date {escape(str(s.get('as_of')))}; generated {generated}.</p>
{body}
</body></html>
"""


def write_report(con: duckdb.DuckDBPyConnection, path: Path) -> Path:
    """Render the report and replace `path` atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_report(con), encoding="utf-8")
    os.replace(tmp, path)
    return path

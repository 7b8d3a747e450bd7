"""A static, self-contained HTML report: one chart per question, drawn with matplotlib as inline
SVG (no scripts, nothing fetched when it opens), for people without SQL.

Every count is of jobs (a job listed on several sources counts once) and, unless a chart says
otherwise, of internships. Axes start at zero and carry labels, gridlines and legends; AI/ML
internships are shown apart from the rest; the seed cities (Seoul, Stockholm, Singapore,
London) are highlighted. Every value from the data is escaped (matplotlib escapes the text it
writes into SVG; the HTML around it uses html.escape).
"""

from __future__ import annotations

import functools
import io
import os
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from warehouse.db import read_sql
from warehouse.summary import summary

AI_COLOR, OTHER_COLOR, SEED_COLOR, MUTED = "#2b6cb0", "#a0aec0", "#dd6b20", "#718096"
STATUS_COLORS = {"healthy": "#38a169", "suspicious": "#d69e2e", "failed": "#e53e3e"}


@functools.cache
def _matplotlib():
    """matplotlib, styled once for the report. Figures are made as Figure objects, not through
    pyplot: pyplot keeps every open figure in global state, is not thread-safe (the report is
    drawn in a thread beside the exports) and costs a backend's import besides."""
    import matplotlib

    matplotlib.rcParams.update({
        "svg.fonttype": "none",  # text stays text: searchable, accessible, small
        "font.family": "sans-serif",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#e2e8f0",
        "axes.axisbelow": True,
        "svg.hashsalt": "internradar",  # the same data draws the same SVG
    })
    return matplotlib


def _subplots(figsize: tuple[float, float], *grid: int, **options):
    """(figure, axes) like pyplot's `subplots`, but on a figure in no window and no global
    registry."""
    _matplotlib()
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.subplots(*grid, **options)


def _colormap(name: str):
    return _matplotlib().colormaps[name]


def _svg(fig) -> str:
    buffer = io.StringIO()
    # No metadata: no date (the same data draws the same file) and no RDF namespaces.
    fig.savefig(buffer, format="svg", bbox_inches="tight",
                metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prolog or doctype


def _no_data(message: str = "No data yet.") -> str:
    return f'<p class="empty"><em>{escape(message)}</em></p>'


def _rows_figure(n_rows: int, row_height: float = 0.42, extra: float = 1.4):
    """A figure for horizontal bars, one row per label, the first at the top: (fig, ax, y)."""
    fig, ax = _subplots((9, row_height * n_rows + extra))
    return fig, ax, list(range(n_rows))[::-1]


def _finish_rows(fig, ax, title: str, xlabel: str, **legend) -> str:
    """Horizontal bars: no horizontal gridlines, labels, a legend when asked (its keywords)."""
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    if legend:
        ax.legend(frameon=False, **legend)
    fig.tight_layout()
    return _svg(fig)


def _finish_counts(fig, ax, title: str, xlabel: str, ylabel: str, **legend) -> str:
    """Vertical counts: the y-axis from zero in whole numbers, room above the tallest bar."""
    ax.margins(y=0.12)
    ax.set_ylim(bottom=0)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(frameon=False, **legend)
    fig.tight_layout()
    return _svg(fig)


def _value_bars(labels: list[str], values: list[float], texts: list[str], colors: list[str], title: str,
                xlabel: str, xmax: float | None = None, row_height: float = 0.42) -> str:
    """Horizontal bars, each with its value written at its end."""
    fig, ax, y = _rows_figure(len(labels), row_height)
    ax.barh(y, values, color=colors)
    ax.set_yticks(y, labels)
    for yi, value, text in zip(y, values, texts):
        ax.text(value, yi, f" {text}", va="center", fontsize=9, color=MUTED)
    ax.set_xlim(0, xmax)
    return _finish_rows(fig, ax, title, xlabel)


def _weekly_chart(rows: list[dict[str, Any]]) -> str:
    """Open internships per week (lines), new ones per week (bars), AI/ML and all."""
    if not rows:
        return _no_data()
    weeks = [str(r["week"]) for r in rows]
    x = range(len(weeks))
    fig, (top, bottom) = _subplots((9, 5.6), 2, 1, sharex=True)
    top.plot(x, [r["open_internships"] for r in rows], marker="o", color=OTHER_COLOR, label="all internships")
    top.plot(x, [r["open_ai_ml_internships"] for r in rows], marker="o", color=AI_COLOR, label="AI/ML internships")
    top.set_ylabel("open during the week")
    top.set_title("Open internships per week")
    top.legend(loc="upper left", frameon=False)
    width = 0.4
    bottom.bar([i - width / 2 for i in x], [r["new_internships"] - r["new_ai_ml_internships"] for r in rows],
               width, color=OTHER_COLOR, label="new, other internships")
    bottom.bar([i + width / 2 for i in x], [r["new_ai_ml_internships"] for r in rows], width, color=AI_COLOR,
               label="new, AI/ML internships")
    bottom.plot(x, [r["closed_internships"] for r in rows], marker="x", linestyle=":", color="#e53e3e",
                label="closed, all internships")
    bottom.set_ylabel("internships")
    bottom.set_title("New and closed internships per week (first-crawl backlog not counted as new)")
    bottom.legend(loc="upper left", frameon=False)
    bottom.set_xticks(list(x), weeks, rotation=45, ha="right")
    bottom.set_xlabel("week starting (Monday)")
    for ax in (top, bottom):
        ax.margins(y=0.12)
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return _svg(fig)


def _stacked_bars(labels: list[str], ai: list[int], other: list[int], title: str, xlabel: str,
                  highlight: list[bool] | None = None) -> str:
    """Horizontal bars, AI/ML and other internships stacked, largest first."""
    if not labels:
        return _no_data()
    fig, ax, y = _rows_figure(len(labels))
    ax.barh(y, ai, color=AI_COLOR, label="AI/ML internships")
    ax.barh(y, other, left=ai, color=OTHER_COLOR, label="other internships")
    ax.set_yticks(y, labels)
    for tick, seed in zip(ax.get_yticklabels(), highlight or [False] * len(labels)):
        if seed:
            tick.set_color(SEED_COLOR)
            tick.set_fontweight("bold")
    for yi, a, o in zip(y, ai, other):
        ax.text(a + o, yi, f" {a + o}", va="center", fontsize=9, color=MUTED)
    ax.set_xlim(left=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _finish_rows(fig, ax, title, xlabel, loc="lower right")


def _share_bars(labels: list[str], shares: list[float], title: str, xlabel: str) -> str:
    if not labels:
        return _no_data()
    return _value_bars(labels, [100 * x for x in shares], [f"{100 * x:.0f}%" for x in shares],
                       [AI_COLOR] * len(labels), title, xlabel, xmax=100, row_height=0.36)


def _monthly_chart(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return _no_data()
    months = sorted({str(r["month"])[:7] for r in rows})
    industries = sorted({r["industry"] for r in rows})
    fig, ax = _subplots((9, 3.8))
    width = 0.8 / max(len(industries), 1)
    colors = _colormap("tab10")
    for n, industry in enumerate(industries):
        values = {str(r["month"])[:7]: r["new_internships"] for r in rows if r["industry"] == industry}
        ax.bar([i - 0.4 + width * (n + 0.5) for i in range(len(months))], [values.get(m, 0) for m in months],
               width, label=industry, color=colors(n % 10))
    ax.set_xticks(range(len(months)), months)
    return _finish_counts(fig, ax, "New internships per month, by industry (month over month)", "month",
                          "new internships", loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)


def _days_open_chart(rows: list[dict[str, Any]], small: int) -> str:
    """Median days open with the quartiles as whiskers, per industry; small groups in grey."""
    rows = [r for r in rows if r["closed_jobs"]]
    if not rows:
        return _no_data("No internship has closed yet (postings already there on the first crawl are left out).")
    labels = [f"{r['industry']} ({'AI/ML' if r['is_ai_ml'] else 'other'}, n={r['closed_jobs']})" for r in rows]
    fig, ax, y = _rows_figure(len(rows))
    for yi, r in zip(y, rows):
        color = MUTED if r["small_sample"] else (AI_COLOR if r["is_ai_ml"] else OTHER_COLOR)
        ax.errorbar(r["median_days"], yi, xerr=[[r["median_days"] - r["p25_days"]], [r["p75_days"] - r["median_days"]]],
                    fmt="o", color=color, capsize=4)
    ax.set_yticks(y, labels)
    ax.set_xlim(left=0)
    return _finish_rows(fig, ax, f"How long internships stay open, by industry (grey: fewer than {small} closed, say little)",
                        "days from first seen to closed (median, quartiles)")


def _facts_chart(rows: list[dict[str, Any]]) -> str:
    """Shares of open internships that are paid, beginner-friendly, mention return offers,
    sponsor visas, by industry (AI/ML and other together)."""
    if not rows:
        return _no_data()
    facts = [("share_paid", "paid"), ("share_beginner_friendly", "beginner-friendly"),
             ("share_return_offer", "return offers"), ("share_visa_sponsorship", "visa sponsorship")]
    industries = [r["industry"] for r in rows]
    fig, ax, _ = _rows_figure(len(rows), 0.55, 1.6)
    height = 0.8 / len(facts)
    colors = _colormap("Set2")
    for n, (column, label) in enumerate(facts):
        ax.barh([len(rows) - 1 - i - 0.4 + height * (n + 0.5) for i in range(len(rows))],
                [100 * (r[column] or 0) for r in rows], height, label=label, color=colors(n))
    ax.set_yticks(range(len(rows))[::-1], [f"{i} (n={r['open_internships']})" for i, r in zip(industries, rows)])
    ax.set_xlim(0, 100)
    return _finish_rows(fig, ax, "What open internships offer, by industry", "% of open internships",
                        loc="lower right", fontsize=8)


def _salary_chart(rows: list[dict[str, Any]], fx_as_of: str, small: int) -> str:
    if not rows:
        return _no_data("No internship states its pay yet.")
    values = [r["median_usd_per_month"] for r in rows]
    return _value_bars([f"{r['industry']} (n={r['internships_with_pay']})" for r in rows], values,
                       [f"${v:,.0f}" for v in values],
                       [MUTED if r["small_sample"] else AI_COLOR for r in rows],
                       f"Pay of internships that state it, by industry (grey: fewer than {small})",
                       f"median stated pay, US dollars a month (exchange rates of {fx_as_of})")


def _health_chart(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return _no_data()
    weeks = [str(r["week"]) for r in rows]
    fig, ax = _subplots((9, 3.2))
    bottom = [0] * len(rows)
    for key in ("healthy", "suspicious", "failed"):
        values = [r[key] for r in rows]
        ax.bar(range(len(rows)), values, bottom=bottom, color=STATUS_COLORS[key], label=key)
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xticks(range(len(rows)), weeks, rotation=45, ha="right")
    return _finish_counts(fig, ax, "Crawl health per week (suspicious: went silent, collapsed or missing fields)",
                          "week starting (Monday)", "source crawls", loc="upper left")


def _query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    relation = con.execute(read_sql(f"report/{name}.sql"), params or {})
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row)) for row in relation.fetchall()]


def _view(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    relation = con.execute(sql)
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, row)) for row in relation.fetchall()]


def _figure(name: str, question: str, chart: str, note: str = "") -> str:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return f'<section class="chart" id="{name}"><h2>{escape(question)}</h2>{chart}{note_html}</section>'


def render_report(con: duckdb.DuckDBPyConnection) -> str:
    """The report's HTML; every data value is escaped."""
    s = summary(con, top=10)
    if not s.get("as_of"):
        body = _no_data("The warehouse is empty: no crawl has been loaded yet.")
    else:
        fx_as_of = str(con.execute("select max(as_of) from fx_rates").fetchall()[0][0])
        cities = _query(con, "cities", {"limit": 15})
        industries = _query(con, "industries")
        facts = _view(con, "select industry, sum(open_internships)::bigint as open_internships, "
                           "sum(share_paid * open_internships) / sum(open_internships) as share_paid, "
                           "sum(share_beginner_friendly * open_internships) / sum(open_internships) as share_beginner_friendly, "
                           "sum(share_return_offer * open_internships) / sum(open_internships) as share_return_offer, "
                           "sum(share_visa_sponsorship * open_internships) / sum(open_internships) as share_visa_sponsorship "
                           "from internship_facts_by_industry group by industry order by open_internships desc, industry")
        salaries = _view(con, "select industry, count(*) as internships_with_pay, "
                              "median((usd_per_month_min + usd_per_month_max) / 2) as median_usd_per_month, "
                              "count(*) < small_sample_size() as small_sample "
                              "from job_salaries where is_internship group by industry "
                              "order by median_usd_per_month desc, industry")
        days = _view(con, "select * from days_open_by_industry order by industry, is_ai_ml")
        small = _view(con, "select small_sample_size() as n")[0]["n"]
        health_rows = "".join(
            "<tr>" + "".join(f"<td>{escape(str(h[k])) if h[k] is not None else ''}</td>"
                             for k in ("source", "status", "items", "errors", "error_message", "duration_s")) + "</tr>"
            for h in s["crawl_health"]
        )
        e = {k: escape(str(v)) for k, v in s.items() if not isinstance(v, (list, dict))}
        failed = len(s["failed_sources_last_night"])
        figures = [
            _figure("weekly", "How many AI/ML internships are open, and how many open and close each week?",
                    _weekly_chart(_query(con, "weekly")),
                    "A job listed on several sources counts once. Postings already there when a source was first "
                    "crawled are backlog, not new."),
            _figure("industries", "Which industries hire AI/ML interns?",
                    _stacked_bars([r["industry"] for r in industries], [r["ai_ml"] for r in industries],
                                  [r["other"] for r in industries], "Open internships by industry", "open internships")),
            _figure("cities", "In which cities?",
                    _stacked_bars([r["city"] for r in cities], [r["ai_ml"] for r in cities], [r["other"] for r in cities],
                                  "Open internships by city (top 15; seed cities in orange, always shown)",
                                  "open internships", [r["is_seed_city"] for r in cities])),
            _figure("skills", "Which skills do AI/ML internships ask for?",
                    _share_bars([r["skill"] for r in _query(con, "skills", {"limit": 15})],
                                [r["share"] for r in _query(con, "skills", {"limit": 15})],
                                "Skills asked for by open AI/ML internships", "% of open AI/ML internships")),
            _figure("monthly", "How is it changing month to month?",
                    _monthly_chart(_query(con, "monthly_industry", {"months": 6}))),
            _figure("competitiveness", "How competitive are they?", _days_open_chart(days, small),
                    "An internship that closes fast was filled fast or had many applicants: a rough signal."),
            _figure("facts", "Are they paid, beginner-friendly, leading to a return offer, sponsoring visas?",
                    _facts_chart(facts)),
            _figure("pay", "What do they pay?", _salary_chart(salaries, fx_as_of, small),
                    f"Stated pay converted to US dollars a month with the dated table warehouse/fx_rates.csv ({fx_as_of})."),
            _figure("crawl-health", "Can these numbers be trusted? Crawl health over the last weeks",
                    _health_chart(_query(con, "crawl_health", {"weeks": 12}))),
        ]
        body = f"""
<div class="cards">
  <div><b>{e['open_postings']}</b>open jobs</div>
  <div><b>{e['open_internships']}</b>open internships</div>
  <div><b>{e['open_ai_ml_internships']}</b>open AI/ML internships</div>
  <div><b>{e['new_this_week']} / {e['closed_this_week']}</b>new / closed, week of {e['week']}</div>
  <div><b>{e['sources_last_night']}</b>sources crawled last night, {failed} failed</div>
</div>
{''.join(figures)}
<h2>Crawl health, {e['as_of']}</h2>
<table><tr><th>source</th><th>status</th><th>items</th><th>errors</th><th>error</th><th>seconds</th></tr>{health_rows}</table>"""
    generated = datetime.now(UTC).isoformat(timespec="seconds")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>internradar report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 62rem; color: #222; padding: 0 1rem; }}
.cards {{ display: flex; gap: 1rem; flex-wrap: wrap; }}
.cards div {{ border: 1px solid #ddd; border-radius: 6px; padding: .6rem 1rem; min-width: 9rem; }}
.cards b {{ display: block; font-size: 1.6rem; }}
section.chart {{ margin: 2rem 0; }}
section.chart svg {{ max-width: 100%; height: auto; }}
.note, .empty {{ color: #555; font-size: .9rem; }}
table {{ border-collapse: collapse; font-size: .85rem; }} td, th {{ border: 1px solid #ddd; padding: .2rem .5rem; }}
</style></head><body>
<h1>internradar: AI/ML internships</h1>
<p>As of crawl date {escape(str(s.get('as_of')))}; generated {escape(generated)}.</p>
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



"""`internradar tag` as users run it: a subprocess reading stdin, writing stdout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def internradar() -> list[str]:
    """The installed console script, else the same entry point through the interpreter."""
    script = Path(sys.executable).with_name("internradar")
    if script.exists():
        return [str(script)]
    found = shutil.which("internradar")
    return [found] if found else [sys.executable, "-m", "pipelines.cli"]


def run_tag(stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(internradar() + ["tag"], input=stdin, capture_output=True, text=True, timeout=600)


def test_tags_in_order_and_reports_malformed_lines():
    lines = [
        json.dumps({"title": "Machine Learning Intern", "company": "Acme", "location": "Seoul, South Korea",
                    "description": "<p>Train models in <b>PyTorch</b></p>", "employment_type": "Intern"}),
        '{"title": "broken',
        json.dumps({"title": "Account Executive", "company": "Acme", "location": ["London, UK", "Remote"]}),
        "[1, 2]",
        "",
        json.dumps({"title": "Data Scientist", "description": "pandas and SQL"}),
    ]
    proc = run_tag("\n".join(lines) + "\n")
    assert proc.returncode == 1
    assert "line 2:" in proc.stderr and "line 4: expected a JSON object" in proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 5  # one per non-blank input line
    assert out[0]["title"] == "Machine Learning Intern" and out[0]["is_internship"] is True and out[0]["is_ai_ml"] is True
    assert out[0]["places"][0]["city"] == "Seoul" and out[0]["places"][0]["country"] == "KR"
    assert "pytorch" in out[0]["skills"]
    assert out[1] == {"error": out[1]["error"], "line": 2}
    assert out[2]["is_ai_ml"] is False and out[2]["places"][0]["country"] == "GB"
    assert out[3]["line"] == 4
    assert out[4]["title"] == "Data Scientist" and {"pandas", "sql"} <= set(out[4]["skills"])
    for record in (out[0], out[2], out[4]):
        assert set(record) >= {"is_internship", "is_ai_ml", "ai_ml_score", "industry", "industries", "remote", "places", "skills"}


def test_every_real_listing_tags_without_error(simplify_listings: list[dict]):
    """All 5,960 real community-list listings go through `internradar tag`; >= 95% of location strings resolve."""
    lines = [
        json.dumps({"title": item.get("title"), "company": item.get("company_name"), "location": item.get("locations"),
                    "description": " ".join(item.get("terms") or [])})
        for item in simplify_listings
    ]
    proc = run_tag("\n".join(lines) + "\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stderr == ""
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == len(simplify_listings) == 5960
    assert [o["title"] for o in out] == [i.get("title") for i in simplify_listings]  # order kept

    # Per location string: tag each one alone so the share is about strings, not listings.
    strings = [loc for item in simplify_listings for loc in item.get("locations") or []]
    distinct = sorted(set(strings))
    proc = run_tag("\n".join(json.dumps({"title": "x", "location": s}) for s in distinct) + "\n")
    assert proc.returncode == 0, proc.stderr[-2000:]
    resolved = {s for s, line in zip(distinct, proc.stdout.splitlines()) if json.loads(line)["places"]}
    share = sum(s in resolved for s in strings) / len(strings)
    missed = [s for s in distinct if s not in resolved]
    assert share >= 0.95, f"{share:.1%} of {len(strings)} location strings resolved; unresolved e.g. {missed[:30]}"
    print(f"\nlocation strings resolved: {share:.2%} of {len(strings)} ({len(resolved)}/{len(distinct)} distinct)")


@pytest.mark.parametrize("stdin", ["", "\n\n"])
def test_empty_input(stdin):
    proc = run_tag(stdin)
    assert proc.returncode == 0 and proc.stdout == ""

"""Sources files fail fast, naming the bad entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.sources import Source, SourceError, dump_sources, load_sources, parse_sources

REPO_ROOT = Path(__file__).resolve().parents[2]


def test_repo_sources_file_is_valid():
    sources = load_sources(REPO_ROOT / "sources.yaml")
    assert len(sources) >= 40
    assert all(s.platform == "greenhouse" and s.url is None for s in sources)


def test_round_trip(tmp_path: Path):
    sources = [Source("greenhouse", "acme", "Acme", "http://127.0.0.1:1/v1/boards/acme/jobs")]
    assert load_sources(dump_sources(sources, tmp_path / "s.yaml")) == sources


@pytest.mark.parametrize(
    "data, message",
    [
        ([{"platform": "workday", "board": "x"}], "entry 1 .*unknown platform 'workday'"),
        ([{"platform": "greenhouse", "board": "ok"}, {"platform": "greenhouse"}], "entry 2 .*missing board"),
        ([{"platform": "greenhouse", "board": "../etc"}], "must be a slug"),
        ([{"platform": "greenhouse", "board": "a", "url": "ftp://x"}], "url must start with http"),
        ([{"platform": "greenhouse", "board": "a", "boards": "b"}], "unknown key"),
        ([{"platform": "greenhouse", "board": "a"}, {"platform": "greenhouse", "board": "a"}], "duplicate source greenhouse:a"),
        (["greenhouse:a"], "expected a mapping"),
        ({"platform": "greenhouse"}, "expected a list of sources"),
    ],
)
def test_bad_entries_name_the_entry(data, message):
    with pytest.raises(SourceError, match=message):
        parse_sources(data, origin="test.yaml")


def test_unreadable_and_invalid_files(tmp_path: Path):
    with pytest.raises(SourceError, match="cannot read sources file"):
        load_sources(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {platform: greenhouse, board: [unclosed\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_sources(bad)

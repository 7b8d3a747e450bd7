"""Sources files fail fast, naming the bad entry; the repo's own sources file names only real boards."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from scrapers.sources import Source, SourceError, dump_sources, load_sources, parse_sources

REPO_ROOT = Path(__file__).resolve().parents[2]
ALL_PLATFORMS = {
    "greenhouse", "lever", "ashby", "smartrecruiters", "workable", "recruitee", "schemaorg", "listings",
}
# Platforms whose board names must come from the public lists in ../shared/data/board-slugs/.
LISTED_PLATFORMS = ("greenhouse", "lever", "ashby", "smartrecruiters", "workable")


@pytest.fixture(scope="module")
def repo_sources() -> list[Source]:
    return load_sources(REPO_ROOT / "sources.yaml")


def test_repo_sources_file_is_valid(repo_sources: list[Source]):
    assert len(repo_sources) >= 150
    assert {s.platform for s in repo_sources} == ALL_PLATFORMS
    # The loader refuses exact duplicates; a board spelled twice in different case is one board too.
    ids = Counter((s.platform, s.board.lower()) for s in repo_sources)
    assert [k for k, n in ids.items() if n > 1] == []


def test_repo_sources_without_a_default_endpoint_give_their_url(repo_sources: list[Source]):
    # schemaorg's default (the board as a host's /sitemap.xml) suits few sites; listings' default is
    # SimplifyJobs only. Our entries name the page to read.
    for source in repo_sources:
        if source.platform in ("schemaorg", "listings"):
            assert source.url and source.url.startswith("https://"), source
    listings = [s for s in repo_sources if s.platform == "listings"]
    assert all("Internships" in s.board for s in listings), "only internship lists belong here"


@pytest.mark.parametrize("platform", LISTED_PLATFORMS)
def test_repo_boards_are_in_the_public_board_lists(repo_sources: list[Source], shared_data: Path, platform: str):
    """No invented board names: each one is in ../shared's list for its platform (skipped, with the
    reason, where ../shared is absent). The lists are lowercase; SmartRecruiters identifiers are
    written as SmartRecruiters spells them (WesternDigital), so the check ignores case."""
    path = shared_data / "board-slugs" / f"{platform}.json"
    if not path.is_file():
        pytest.skip(f"board list not available: {path} is missing")
    known = {name.lower() for name in json.loads(path.read_text(encoding="utf-8"))}
    boards = [s.board for s in repo_sources if s.platform == platform]
    assert boards, f"no {platform} boards in sources.yaml"
    assert [b for b in boards if b.lower() not in known] == []


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

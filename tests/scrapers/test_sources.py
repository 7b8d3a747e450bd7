"""Sources files fail fast, naming the bad entry; the repo's own sources file names only real boards."""

from __future__ import annotations

import json
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import pytest

from scrapers.redact import excerpt, redact
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


# -- URLs: what Scrapy can request, and nothing secret in the messages ---------------------------
def _url_error(url: str) -> str:
    with pytest.raises(SourceError) as caught:
        parse_sources([{"platform": "greenhouse", "board": "a", "url": url}], origin="test.yaml")
    return str(caught.value)


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/v1/boards/a/jobs", "https://boards-api.greenhouse.io/v1/boards/a/jobs?content=true",
    "https://[::1]:8443/jobs", "https://bücher.example/karriere", "https://careers-sig.icims.com/jobs/search?ss=1&in_iframe=1",
])
def test_good_urls_are_accepted(url: str):
    assert parse_sources([{"platform": "greenhouse", "board": "a", "url": url}])[0].url == url


@pytest.mark.parametrize("url, shown", [
    ("http://user:s3cret-pa55@127.0.0.1/x", "user:***@127.0.0.1"),
    ("https://alice:p@ss:w0rd@boards.example/jobs", "alice:***@boards.example"),  # an "@" in the password
    ("https://ghp_T0KEN0123456789@example.com/jobs", "***@example.com"),  # a user name alone is often a token
    ("http://user:s3cret-pa55@127.0.0.1:8O80/x", "user:***@127.0.0.1"),  # also a bad port: still no password
])
def test_credentials_are_refused_without_echoing_them(url: str, shown: str):
    message = _url_error(url)
    assert "credentials" in message and shown in message
    assert "s3cret" not in message and "w0rd" not in message and "T0KEN" not in message


def test_a_yaml_error_does_not_echo_a_password(tmp_path: Path):
    bad = tmp_path / "s.yaml"
    bad.write_text("- {platform: greenhouse, board: a, url: http://u:s3cret@h/x: [\n", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid YAML") as caught:
        load_sources(bad)
    assert "s3cret" not in str(caught.value) and "u:***@h" in str(caught.value)


@pytest.mark.parametrize("char", ["\n", "\r", "\t", "\x00", "\x1b", "\x7f", "\x85", "\x9f"])
def test_control_characters_are_refused(char: str):
    message = _url_error(f"http://127.0.0.1:8080/v1/boards/a/jobs{char}Host: evil")
    assert f"control character ({char!r} at position 38)" in message
    assert char not in message  # quoted escaped, so the message stays one clean line


@pytest.mark.parametrize("port", ["8O80", "70000", "0", "-1", "+80", " 80", "99999999999999999999"])
def test_ports_must_be_numbers_in_range(port: str):
    message = _url_error(f"http://127.0.0.1:{port}/x")
    assert f"has port {port!r}; a port is a number from 1 to 65535" in message


@pytest.mark.parametrize("url", ["http:///x", "http://:8080/x", "https://?q=1", "http://a<b/x", "http://exa mple.com/"])
def test_urls_need_a_host(url: str):
    assert "has no valid host" in _url_error(url)


def test_urls_scrapy_would_drop_are_refused():
    assert "2101 characters long; Scrapy requests at most 2083" in _url_error("http://h/" + "x" * 2092)
    assert "is not a URL: Invalid IPv6 URL" in _url_error("http://[::1/x")


def test_company_must_be_text():
    with pytest.raises(SourceError, match="company must be text, got list"):
        parse_sources([{"platform": "greenhouse", "board": "a", "company": ["a", "b"]}])


def test_keys_of_any_type_are_named_not_crashed_on():
    with pytest.raises(SourceError, match=r"unknown key\(s\) \[1\]"):
        parse_sources([{1: "x", "platform": "greenhouse", "board": "a"}])


# -- bounded messages: an alias bomb, a huge entry -----------------------------------------------
def _alias_bomb() -> str:
    """303 bytes of YAML that, walked in full, is 9**8 (43 million) strings: 'billion laughs'."""
    lines = ["- board: bomb30", "  a: &a [x,x,x,x,x,x,x,x,x]"]
    lines += [f"  {b}: &{b} [{','.join(['*' + a] * 9)}]" for a, b in zip("abcdefg", "bcdefgh")]
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_at_once_with_a_short_message(tmp_path: Path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(_alias_bomb(), encoding="utf-8")
    assert bomb.stat().st_size == 303
    started = time.perf_counter()
    with pytest.raises(SourceError, match=r"found alias \*a; aliases are not allowed in a sources file") as caught:
        load_sources(bomb)
    assert time.perf_counter() - started < 1.0
    assert len(str(caught.value)) < 400


def test_a_huge_entry_is_quoted_in_bounded_time_and_memory():
    """The parsed bomb (what a plain YAML loader returns, references not copies) and a 10 MB string:
    the message quotes at most ~200 characters of the entry and never builds its full repr."""
    import yaml

    parse_sources([{"platform": "greenhouse", "board": "warm-up"}])  # imports the platforms first
    for entry in (yaml.safe_load(_alias_bomb())[0], {"platform": "greenhouse", "board": "x" * 10_000_000}):
        tracemalloc.start()
        started = time.perf_counter()
        with pytest.raises(SourceError) as caught:
            parse_sources([entry], origin="test.yaml")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert elapsed < 0.5 and peak < 1_000_000, (elapsed, peak)
        assert len(str(caught.value)) < 500, str(caught.value)


def test_excerpt_and_redact():
    assert len(excerpt("x" * 10_000_000)) == 80 and "x..." in excerpt("x" * 10_000_000)
    assert len(excerpt(list(range(10**6)))) <= 200 and len(excerpt({"k": "v" * 10**6}, limit=50)) == 50
    # Redacted before it is cut: no prefix of the password survives.
    assert excerpt("http://user:" + "p" * 100 + "@h/x") == "'http://user:***@h/x'"
    assert redact("see http://u:p@ss@h/x and https://t0k@h2/ or http://h3/a@b") == (
        "see http://u:***@h/x and https://***@h2/ or http://h3/a@b"
    )
    assert redact("no URLs, just a@b.example") == "no URLs, just a@b.example"
    assert redact("invalid hostname: robot:p@ss@127.0.0.1 (b'robot:pw@h')") == (
        "invalid hostname: robot:***@127.0.0.1 (b'robot:***@h')"
    )
    assert redact("at 10:43:26 mail me: x@y.example") == "at 10:43:26 mail me: x@y.example"
    # Linear in the text: no pattern that backtracks over a long run of ":" or "@".
    started = time.perf_counter()
    for text in ("a:" * 500_000 + "@", "a:b" * 500_000 + "@@", "x.y" * 500_000 + "@", "http:" * 200_000 + "@"):
        redact(text)
    assert time.perf_counter() - started < 2.0

"""matching.Gated: one keyword scan per text, and exactly the matches of the plain pattern."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.tagging  # noqa: F401 - registers every tagger's patterns
from pipelines.tagging import matching
from pipelines.tagging.matching import Gated, fold_case, gated, literal_prefixes, plain_matching
from pipelines.tagging.text import normalize


def spans(matches):
    return [m.span() for m in matches]


@pytest.mark.parametrize(("pattern", "exact", "folded"), [
    (r"\bmachine learning\b|\bml\b", {"machine lear", "ml"}, set()),
    (r"\bco-?op\b", {"co-op", "coop"}, set()),
    (r"\bin[- ]office\b", {"in-office", "in office"}, set()),
    (r"\bmachine\s+learning", {"machine "}, set()),  # \s is one space in scans; a run of them ends it
    (r"(?i:\bpython\b)", set(), {"python"}),
    (r"(?<![\w.])MS(?![\w])|(?i:\bmaster)", {"MS"}, {"master"}),  # case kept where it matters
    (r"\b(?:fully |work )?on-?site\b", {"fully on-sit", "fully onsite", "work on-site", "work onsite",
                                        "on-site", "onsite"}, set()),
    (r"\bintern(?:ship)?s?\b", {"intern"}, set()),  # minimal: "internship" starts with "intern"
])
def test_literal_prefixes(pattern, exact, folded):
    assert literal_prefixes(re.compile(pattern)) == (frozenset(exact), frozenset(folded))


@pytest.mark.parametrize("pattern", [r"\w*bank", r".ai", r"[^x]y", r"\d+ weeks", r"(?:ab)?", r"x|\w+"])
def test_patterns_that_can_start_anywhere_run_plainly(pattern):
    assert literal_prefixes(re.compile(pattern)) is None
    rule = gated(pattern)
    assert not rule.scanned
    text = "a bank, 12 weeks, xy ai"
    assert spans(rule.finditer(text)) == spans(re.compile(pattern).finditer(text))


def test_many_alternatives_are_cut_short_not_dropped():
    words = [f"w{i:03d}x" for i in range(600)]
    rule = gated(r"\b(?:" + "|".join(words) + r")\b")
    assert rule.scanned and len(rule.exact) <= matching.MAX_PREFIXES
    text = "w000x and w599x but not w600x"
    assert spans(rule.finditer(text)) == [(0, 5), (10, 15)]


def test_search_sees_the_text_before_a_candidate():
    # The scan finds "ai" inside "said"; the match at that position must still check \b.
    rule = gated(r"\bai\b")
    assert rule.search("he said so") is None
    assert rule.search("he said ai").span() == (8, 10)
    lookbehind = gated(r"(?<!x)ab")
    assert lookbehind.search("xab") is None
    assert lookbehind.search("xab ab").span() == (4, 6)


def test_finditer_does_not_overlap_and_sub_replaces_like_re():
    rule = gated(r"\bdata(?: science)?\b|\bscience\b")
    text = "data science, science and data"
    plain = re.compile(rule.pattern.pattern)
    assert spans(rule.finditer(text)) == spans(plain.finditer(text)) == [(0, 12), (14, 21), (26, 30)]
    assert rule.sub(" ", text) == plain.sub(" ", text)
    assert rule.sub(lambda m: m.group(0).upper(), text) == plain.sub(lambda m: m.group(0).upper(), text)
    assert rule.sub(" ", "nothing here") == "nothing here"


def test_case_folding_follows_re_ignorecase():
    rule = gated(r"(?i:\bspark\b)")
    plain = re.compile(rule.pattern.pattern)
    for text in ("SPARK", "Spark and PySpark", "\u017fpark", "spar\u212a", "İstanbul spark"):
        assert spans(rule.finditer(text)) == spans(plain.finditer(text)), text
    assert fold_case("Straße\u00a0K\u212a\n") == "straße kk "


def test_scans_follow_patterns_added_later():
    text = "a zebra crossing"
    assert gated(r"\bzebra\b").search(text).span() == (2, 7)
    late = gated(r"\bcrossing\b")  # registered after the text was scanned
    assert late.search(text).span() == (8, 16)


def test_plain_matching_switches_the_scan_off():
    rule = gated(r"\bneedle\b")
    with plain_matching():
        assert rule._starts("a needle") is None
        assert rule.search("a needle").span() == (2, 8)
    assert rule._starts("a needle") == [2]


# Every pattern the taggers registered, tested on texts built from their own start strings
# (so candidates abound) mixed with arbitrary Unicode.
pipelines.tagging.tag_posting({"title": "x", "company": "y", "description": "z"})  # loads the rule files
_TAGGER_RULES = list(matching._REGISTRY)  # taken before the tests below add their own
_VOCABULARY = sorted({prefix for rule in _TAGGER_RULES for prefix in rule.exact | rule.folded})


def _texts():
    word = st.one_of(st.sampled_from(_VOCABULARY), st.sampled_from(_VOCABULARY).map(str.upper),
                     st.text(max_size=6), st.sampled_from([" ", "\n", ". ", ", ", "\u00a0", "-", "'", "2026", "$40"]))
    return st.lists(word, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts())
def test_every_tagger_pattern_matches_like_its_plain_regex(text):
    assert len(_TAGGER_RULES) > 50
    for candidate in (text, normalize(text)):
        for rule in _TAGGER_RULES:
            expected = spans(rule.pattern.finditer(candidate))
            assert spans(rule.finditer(candidate)) == expected, (rule, candidate)
            first = rule.search(candidate)
            assert (first.span() if first else None) == (expected[0] if expected else None)


def test_gated_wraps_compiled_patterns():
    compiled = re.compile(r"\bfoo\b")
    rule = Gated(compiled)
    assert rule.pattern is compiled and "foo" in repr(rule)


def test_pattern_sets_say_when_none_of_their_patterns_can_match():
    words = matching.PatternSet([gated(r"\bgiraffe\b"), gated(r"(?i:\bokapi\b)")])
    assert not words.possible("a zebra and a lion")
    assert words.possible("a giraffe")
    assert words.possible("an OKAPI")
    assert matching.PatternSet([gated(r"\w*bank")]).possible("anything")  # unscanned: always possible
    with plain_matching():
        assert words.possible("a zebra")

"""Property-based safety: tag_posting and student_facts take any input without raising.

Arbitrary Unicode, missing/None/NaN fields, bytes, numbers, lists, mappings and junk objects for
every field (location above all), and 1 MB adversarial descriptions that must tag in well under
a second. These check types and bounds, never which tags come out.
"""

from __future__ import annotations

import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipelines.tagging.facts as facts_module
from pipelines.tagging import TAG_FIELDS, tag_posting, tag_postings
from pipelines.tagging.facts import FACT_FIELDS, student_facts
from pipelines.tagging.matching import Gated
from pipelines.tagging.text import normalize

INDUSTRY_SLUGS = {"information_technology", "finance", "healthcare", "logistics", "entrepreneurship",
                  "human_resources", "other"}
PLACE_KEYS = {"city", "region", "country", "geonameid", "lat", "lon"}
MB = 1_000_000
# Safety bound, not a benchmark: a 1 MB description must never stall a batch. Typical figures on
# the 2-core dev box are 0.05-0.45 s.
BOUND_SECONDS = 1.0

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like postings as well as pure noise: job words, HTML, entities, separators.
_FRAGMENTS = st.sampled_from([
    "Intern", "intern", "Machine Learning", "Praktikum", "인턴", "Remote", "Hybrid", "on-site", "<p>", "</p>",
    "<br/>", "&lt;p&gt;", "&amp;", "<", ">", ", ", "; ", " / ", " or ", "Berlin, Germany", "New York, NY",
    "Seoul", "$40-$50/hour", "USD 7,000 per month", "Summer 2026", "PhD", "B.S.", "no sponsorship",
    "정규직 전환", "unpaid", "\n", "\t", "\u00a0", "\u200b", "\ufeff", "\x00", "é", "\u0301", "🤖",
])
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=20)), max_size=30).map("".join),
)
SCALAR = st.one_of(
    st.none(), TEXT, st.just(""), st.just(float("nan")), st.integers(), st.floats(), st.booleans(),
    st.binary(max_size=50), st.just(object()),
)
LOCATION = st.recursive(
    st.one_of(SCALAR, st.just("Remote"), st.just("London, UK; Berlin, Germany")),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.tuples(inner, inner), st.dictionaries(st.text(max_size=5), inner, max_size=3),
    ),
    max_leaves=12,
)
POSTING = st.fixed_dictionaries({}, optional={
    "title": SCALAR, "company": SCALAR, "description": SCALAR, "employment_type": SCALAR,
    "department": SCALAR, "location": LOCATION,
})


def assert_tags(tags: dict) -> None:
    """Every TAG_FIELD, of its documented type and range."""
    assert tuple(tags) == TAG_FIELDS
    assert type(tags["is_internship"]) is bool and type(tags["is_ai_ml"]) is bool
    score = tags["ai_ml_score"]
    assert isinstance(score, float) and not math.isnan(score) and 0.0 <= score <= 1.0
    assert tags["industry"] in INDUSTRY_SLUGS
    assert isinstance(tags["industries"], list) and tags["industries"][0] == tags["industry"]
    assert set(tags["industries"]) <= INDUSTRY_SLUGS
    assert tags["remote"] in (None, "remote", "hybrid", "onsite")
    assert isinstance(tags["places"], list)
    for place in tags["places"]:
        assert isinstance(place, dict) and set(place) == PLACE_KEYS
        assert isinstance(place["country"], str)
        for key in ("lat", "lon"):
            assert place[key] is None or type(place[key]) is float
        assert place["city"] is None or isinstance(place["city"], str)
        assert place["geonameid"] is None or isinstance(place["geonameid"], int)
    assert isinstance(tags["skills"], list) and all(isinstance(s, str) for s in tags["skills"])
    # Fields added in tagger 0.2 (checked when present).
    if "role_family" in tags:
        assert isinstance(tags["role_family"], str) and tags["role_family"]
    if "industry_evidence" in tags:
        assert isinstance(tags["industry_evidence"], list)
        assert all(isinstance(e, str) for e in tags["industry_evidence"])


def assert_facts(facts: dict) -> None:
    assert tuple(facts) == FACT_FIELDS
    for key in ("return_offer", "beginner_friendly", "relocation_or_housing"):
        assert type(facts[key]) is bool
    assert facts["visa_sponsorship"] in ("yes", "no", "unknown")
    assert facts["paid"] in ("yes", "no", "unknown")
    season = facts["season"]
    assert season is None or (season.split()[0] in ("Summer", "Fall", "Spring", "Winter")
                              and season.split()[1].isdigit() and len(season.split()[1]) == 4)
    assert facts["degree_level"] == sorted(set(facts["degree_level"]))
    assert set(facts["degree_level"]) <= {"bachelor", "master", "phd"}
    salary = facts["salary"]
    if salary is not None:
        assert set(salary) == {"min", "max", "currency", "period"}
        assert type(salary["min"]) is float and type(salary["max"]) is float
        assert 0 < salary["min"] <= salary["max"]
        assert salary["currency"] is None or (isinstance(salary["currency"], str) and len(salary["currency"]) == 3)
        assert salary["period"] in (None, "hour", "day", "week", "month", "year")
        if facts["paid"] != "no":
            assert facts["paid"] == "yes"


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    # Load the gazetteer and rule files once, outside every timing below.
    tag_posting({"title": "Intern", "location": "Berlin, Germany", "company": "Acme", "description": "<p>x</p>"})


@SETTINGS
@given(POSTING)
def test_tag_posting_never_raises_and_keeps_types(posting):
    assert_tags(tag_posting(posting))


@SETTINGS
@given(st.one_of(st.none(), st.integers(), TEXT, st.lists(st.integers(), max_size=3), st.binary(max_size=10)))
def test_tag_posting_non_mapping_input(posting):
    assert_tags(tag_posting(posting))


@settings(max_examples=25, deadline=None)
@given(st.lists(POSTING, max_size=8))
def test_tag_postings_keeps_order_and_length(postings):
    out = tag_postings(postings)
    assert len(out) == len(postings)
    for tags in out:
        assert_tags(tags)


@settings(max_examples=300, deadline=None)
@given(SCALAR, SCALAR, SCALAR, SCALAR)
def test_student_facts_never_raises_and_keeps_types(title, description, employment_type, compensation):
    assert_facts(student_facts(title, description, employment_type, compensation))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "$", "USD", "€", "£", "₩", "S$", "k", "K", "만", "원", "1", "12", "1,000", "25 000", "3.000,50", "-", "–", " to ",
    " and ", "/hour", " per month", " a year", "hourly", "2026", "Summer", "'", " ", "401(k)", "B", "M", "million",
]), max_size=25).map("".join))
def test_salary_shapes_never_raise(text):
    facts = student_facts("Intern", text, "", text)
    assert_facts(facts)


_RULES = [v for value in vars(facts_module).values()
          for v in (value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else (value,))
          if isinstance(v, Gated)]
_FACT_WORDS = st.sampled_from([
    "no", "not", "prior", "experience", "required", "mentor", "mentorship", "a", "dedicated", "training", "provided",
    "open to", "all majors", "first-year", "students", "sponsor", "visa", "visas", "sponsorship", "available",
    "unable to", "without", "citizenship", "return offer", "full-time", "offer", "convert to", "potential for",
    "relocation", "assistance", "housing", "stipend", "corporate housing", "paid", "unpaid", "internship",
    "competitive", "salary", "pay", "range", "hourly", "summer", "2026", "'26", "fall", "winter", "spring", "ete",
    "정규직", "전환", "체험형", "기숙사", "멘토링", "ubernahme", "is", "are", "will", "be", ".", ",", "\n", "x" * 40,
])


@settings(max_examples=200, deadline=None)
@given(st.lists(_FACT_WORDS, max_size=120).map(" ".join))
def test_fact_rules_match_like_their_full_patterns(text):
    """The facts' Gated patterns find exactly what their plain patterns find on the whole text."""
    text = normalize(text)
    for rule in _RULES:
        assert [m.span() for m in rule.finditer(text)] == [m.span() for m in rule.pattern.finditer(text)]


def _timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


ADVERSARIAL = {
    "intern_words": {"title": "Intern", "description": "intern " * (MB // 7)},
    "one_letter": {"title": "Data Intern", "description": "a" * MB},
    "digits": {"description": "1" * MB},
    "nested_html": {"title": "ML Intern", "description": "<div><span>" * (MB // 22) + "x" + "</span></div>" * (MB // 26)},
    "stray_lt": {"description": "x < " * (MB // 4)},
    "escaped_html": {"description": "&lt;p&gt;intern&lt;/p&gt;" * (MB // 24)},
    "unclosed_tag": {"description": "<a href='" + "x" * MB},
    "open_comment": {"description": "<!--" + "-" * MB},
    "job_words": {"description": "machine learning python sql remote hybrid Berlin, Germany " * (MB // 58)},
    "money": {"description": "$1,000-$2,000/hour " * (MB // 19)},
    "commas_location": {"title": "Intern", "location": "," * 100_000 + "Berlin", "description": "x"},
    "many_places": {"title": "Intern", "location": ", Berlin" * 100_000},
    "location_list": {"title": "Intern", "location": ["a," * 1000] * 1000},
}


@pytest.mark.parametrize("name", ADVERSARIAL)
def test_megabyte_posting_tags_fast(name):
    posting = ADVERSARIAL[name]
    assert _timed(tag_posting, posting) < BOUND_SECONDS
    assert _timed(student_facts, posting.get("title"), posting.get("description")) < BOUND_SECONDS


@pytest.mark.parametrize("field", ["title", "company", "department", "employment_type", "workplace_type"])
@pytest.mark.parametrize("shape", ["1", "a", "intern ", "<b>"])
def test_megabyte_short_field_tags_fast(field, shape):
    posting = {"title": "Intern", "description": "Paid internship.", field: shape * (MB // len(shape))}
    assert _timed(tag_posting, posting) < BOUND_SECONDS
    assert _timed(student_facts, posting["title"], posting["description"], posting.get("employment_type"),
                  posting.get(field)) < BOUND_SECONDS

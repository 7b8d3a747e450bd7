"""tag_posting / tag_postings: the public contract, odd input, and real ATS payloads."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

import pipelines.tagging as tagging
from pipelines.tagging import TAG_FIELDS, TAGGER_VERSION, tag_posting, tag_postings
from pipelines.tagging.aiml import ROLE_FAMILIES

INDUSTRY_SLUGS = {"information_technology", "finance", "healthcare", "logistics", "entrepreneurship",
                  "human_resources", "other"}
PLACE_KEYS = {"city", "region", "country", "geonameid", "lat", "lon"}

ML_INTERN = {
    "title": "Machine Learning Intern",
    "company": "Samsung",
    "location": "Seoul, South Korea",
    "description": "&lt;p&gt;Train models in &lt;b&gt;PyTorch&lt;/b&gt;; Python, R or SQL.&lt;/p&gt;"
                   "&lt;p&gt;This is a hybrid role (3 days in office).&lt;/p&gt;",
    "employment_type": "Intern",
    "department": "Samsung Research",
}


def assert_valid(tags: dict) -> None:
    """Every field present, of the published type."""
    assert tuple(tags) == TAG_FIELDS
    assert isinstance(tags["is_internship"], bool) and isinstance(tags["is_ai_ml"], bool)
    assert isinstance(tags["ai_ml_score"], float) and 0.0 <= tags["ai_ml_score"] <= 1.0
    assert tags["ai_ml_score"] == round(tags["ai_ml_score"], 3)
    assert tags["industry"] in INDUSTRY_SLUGS and tags["industries"][0] == tags["industry"]
    assert set(tags["industries"]) <= INDUSTRY_SLUGS and len(set(tags["industries"])) == len(tags["industries"])
    assert tags["remote"] in (None, "remote", "hybrid", "onsite")
    for place in tags["places"]:
        assert set(place) == PLACE_KEYS and isinstance(place["country"], str) and len(place["country"]) == 2
        assert isinstance(place["geonameid"], int)
    assert len({p["geonameid"] for p in tags["places"]}) == len(tags["places"])
    assert isinstance(tags["skills"], list) and len(set(tags["skills"])) == len(tags["skills"])
    # Warehouse types: role_family VARCHAR, industry_evidence VARCHAR[].
    assert tags["role_family"] in ROLE_FAMILIES and (tags["role_family"] == "other" or tags["is_ai_ml"])
    assert isinstance(tags["industry_evidence"], list) and tags["industry_evidence"]
    assert all(isinstance(e, str) and e for e in tags["industry_evidence"])
    # Student facts, in the warehouse's types.
    assert isinstance(tags["return_offer"], bool) and isinstance(tags["beginner_friendly"], bool)
    assert isinstance(tags["relocation_or_housing"], bool)
    assert tags["visa_sponsorship"] in ("yes", "no", "unknown") and tags["paid"] in ("yes", "no", "unknown")
    assert tags["season"] is None or isinstance(tags["season"], str)
    assert set(tags["degree_level"]) <= {"bachelor", "master", "phd"}
    assert tags["salary"] is None or set(tags["salary"]) == {"min", "max", "currency", "period"}
    json.dumps(tags)  # the CLI writes JSON lines


def test_public_interface():
    assert TAGGER_VERSION == "0.4.1"
    assert TAG_FIELDS == ("is_internship", "is_ai_ml", "ai_ml_score", "industry", "industries", "remote", "places",
                          "skills", "role_family", "industry_evidence", "return_offer", "beginner_friendly",
                          "visa_sponsorship", "relocation_or_housing", "paid", "season", "degree_level", "salary")
    assert {"tag_posting", "tag_postings", "TAGGER_VERSION", "TAG_FIELDS"} <= set(tagging.__all__)


def test_a_full_posting():
    tags = tag_posting(ML_INTERN)
    assert_valid(tags)
    assert tags["is_internship"] is True and tags["is_ai_ml"] is True and tags["ai_ml_score"] >= 0.8
    assert tags["industry"] == "information_technology"
    assert tags["remote"] == "hybrid"
    assert [(p["city"], p["country"], p["geonameid"]) for p in tags["places"]] == [("Seoul", "KR", 1835848)]
    assert tags["skills"] == ["python", "r", "sql", "pytorch", "machine_learning"]


def test_student_facts_come_with_the_tags():
    posting = dict(
        ML_INTERN,
        title="Machine Learning Intern, Summer 2026",
        description="<p>Open to BSc and MSc students. Strong interns receive return offers. We sponsor work "
                    "visas, and housing is provided.</p><p>Pay: KRW 2,500,000 per month.</p>",
        compensation="USD 40-48.50 per hour",
    )
    tags = tag_posting(posting)
    assert_valid(tags)
    assert tags["return_offer"] is True and tags["visa_sponsorship"] == "yes"
    assert tags["relocation_or_housing"] is True and tags["paid"] == "yes"
    assert tags["season"] == "Summer 2026" and tags["degree_level"] == ["bachelor", "master"]
    # The platform's pay line wins over pay found in the description.
    assert tags["salary"] == {"min": 40.0, "max": 48.5, "currency": "USD", "period": "hour"}
    assert tag_posting(dict(posting, compensation=None))["salary"] == {
        "min": 2500000.0, "max": 2500000.0, "currency": "KRW", "period": "month"}


def test_returns_only_tag_fields_and_leaves_input_alone():
    posting = dict(ML_INTERN, id="abc")
    before = dict(posting)
    tags = tag_posting(posting)
    assert set(tags) == set(TAG_FIELDS) and posting == before


def test_bulk_equals_one_by_one():
    postings = [ML_INTERN, {"title": "Account Executive, AI Sales", "location": ["London, UK", "Remote"]}, {}, None]
    assert tag_postings(postings) == [tag_posting(p) for p in postings]
    assert tag_postings(iter(postings)) == tag_postings(postings)
    assert tag_postings([]) == []


@pytest.mark.parametrize("posting", [
    None, {}, "not a mapping", 42,
    {"title": None, "company": None, "location": None, "description": None, "employment_type": None},
    {"title": "", "company": "", "location": "", "description": "", "employment_type": ""},
    {"title": 123, "company": 4.5, "location": 7, "description": 8, "employment_type": True, "department": 9},
    {"title": ["Intern", None], "company": {"name": "Acme"}, "location": [None, ["NYC", ["SF", None]], 3, {"a": 1}],
     "description": ["<p>a</p>", {"b": 2}], "employment_type": ["Intern"]},
    {"title": "\x00\ud800\u202e🚀 인턴 Praktikum", "location": "\ud83d", "description": "\uffff" * 1000},
    {"title": float("nan"), "location": float("nan"), "description": float("nan")},
    {"location": b"London, UK", "description": b"<p>bytes</p>"},
])
def test_odd_input_never_raises(posting):
    assert_valid(tag_posting(posting))


def test_one_megabyte_description_is_quick():
    items = "<li>machine learning at scale</li>" * 30_000
    description = f"<div><p>We use <b>PyTorch</b> &amp; SQL.</p>{items}</div>"
    assert len(description) > 1_000_000
    started = time.perf_counter()
    tags = tag_posting({"title": "ML Intern", "description": description, "location": "Remote in USA"})
    elapsed = time.perf_counter() - started
    print(f"\n1 MB description tagged in {elapsed:.3f} s")
    assert_valid(tags)
    assert tags["is_ai_ml"] and "pytorch" in tags["skills"] and tags["remote"] == "remote"
    assert elapsed < 5  # measured ~0.1-0.3 s; the bound only catches runaway regexes


def test_random_junk_never_raises():
    rng = random.Random(20240)
    alphabet = "abcXYZ <>/&;#=\"' \n\t,|-()[]éü서울🚀\x00\u202e0123" + "".join(chr(c) for c in range(0x300, 0x310))
    pieces = ["<p>", "</p>", "&lt;", "&amp;", "<script>", "Remote", "Intern", "NYC", ", CA", "R,", "C++", "<!--"]
    for _ in range(300):
        def junk() -> str:
            return "".join(rng.choice(pieces) if rng.random() < 0.2 else rng.choice(alphabet)
                           for _ in range(rng.randint(0, 200)))
        posting = {key: junk() for key in ("title", "company", "description", "employment_type", "department")}
        posting["location"] = [junk() for _ in range(rng.randint(0, 3))]
        assert_valid(tag_posting(posting))


def _shared_json(shared_data: Path, name: str):
    path = shared_data / "ats" / name
    if not path.is_file():
        pytest.skip(f"real data not available: {path} is missing")
    return json.loads(path.read_text(encoding="utf-8"))


def test_real_greenhouse_board_with_escaped_html(shared_data: Path):
    job = _shared_json(shared_data, "greenhouse-board-amplitude.json")["jobs"][0]
    tags = tag_posting({"title": job["title"], "company": job["company_name"], "location": job["location"]["name"],
                        "description": job["content"]})
    assert_valid(tags)
    assert job["title"] == "Customer Data Scientist - Experimentation"
    assert tags["is_ai_ml"] is True and tags["is_internship"] is False
    assert tags["industry"] == "information_technology"
    assert tags["places"][0]["geonameid"] == 2643743  # London, UK
    assert {"python", "sql", "statistics"} <= set(tags["skills"])


def test_real_lever_internship(shared_data: Path):
    postings = _shared_json(shared_data, "lever-postings-with-intern.json")
    interns = [p for p in postings if (p.get("categories") or {}).get("commitment") == "Internship"]
    assert interns
    for p in interns:
        cats = p.get("categories") or {}
        tags = tag_posting({"title": p.get("text"), "location": cats.get("allLocations") or cats.get("location"),
                            "description": p.get("description"), "employment_type": cats.get("commitment"),
                            "department": cats.get("department")})
        assert_valid(tags)
        assert tags["is_internship"] is True


def test_new_fields_and_platform_workplace_type():
    posting = dict(ML_INTERN, description="Train models. This role is on-site.", workplace_type="REMOTE")
    tags = tag_posting(posting)
    assert_valid(tags)
    assert tags["remote"] == "remote"  # the platform's flag wins over the text
    assert tags["role_family"] == "ml_engineering"
    assert tags["industry_evidence"][0] == "company: samsung"
    assert tag_posting(dict(posting, workplace_type=None))["remote"] == "onsite"
    plain = tag_posting({"title": "Account Executive", "company": "Acme", "location": "Austin, TX"})
    assert plain["role_family"] == "other" and plain["remote"] is None  # a city states no work mode

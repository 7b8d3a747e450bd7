"""student_facts: return offers, beginner-friendliness, visas, relocation, pay, season, degrees, salary."""

from __future__ import annotations

import time

import pytest

import pipelines.tagging.facts as facts_module
from pipelines.tagging.facts import FACT_FIELDS, parse_salary, student_facts
from pipelines.tagging.matching import Gated
from pipelines.tagging.text import normalize


def facts(description: str, title: str = "Software Engineering Intern", **kw) -> dict:
    return student_facts(title, description, **kw)


def test_fields_and_empty_input():
    out = student_facts("", "")
    assert tuple(out) == FACT_FIELDS
    assert out == {
        "return_offer": False, "beginner_friendly": False, "visa_sponsorship": "unknown",
        "relocation_or_housing": False, "paid": "unknown", "season": None, "degree_level": [], "salary": None,
    }
    assert student_facts(None, None, None, None) == out  # type: ignore[arg-type]


@pytest.mark.parametrize(("description", "expected"), [
    ("Top performers receive a return offer for a full-time role after graduation.", True),
    ("Interns are eligible for return offers.", True),
    ("This internship offers the potential for a full-time offer upon graduation.", True),
    ("Successful interns may convert to full-time at the end of the program.", True),
    ("The program is a pathway to full-time employment at Acme.", True),
    ("인턴 기간(8주) 종료 후 평가를 거쳐 정규직 전환이 가능합니다.", True),
    ("인턴 종료 후 평가를 통해 정규직으로 전환됩니다.", True),
    ("Bei guter Leistung besteht die Möglichkeit einer Übernahme in eine Festanstellung.", True),
    ("Übernahmemöglichkeit nach dem Praktikum.", True),
    ("Return offers are not guaranteed but are common.", True),
    ("Pre-placement offers are available for strong performers.", True),
    ("근무 기간은 6개월이며 정규직 전환과는 무관한 체험형 인턴입니다.", False),
    ("Übernahme von eigenen Projekten und Verantwortung im Team.", False),
    ("This internship does not include a return offer.", False),
    ("You will work full-time (40 hours per week) for 12 weeks.", False),
    ("We offer competitive pay and a great team.", False),
])
def test_return_offer(description, expected):
    assert facts(description)["return_offer"] is expected


@pytest.mark.parametrize(("description", "expected"), [
    ("No prior experience required; we will teach you everything.", True),
    ("Every intern is paired with a dedicated mentor.", True),
    ("Our mentorship program pairs you with a senior engineer.", True),
    ("Training will be provided during the first two weeks.", True),
    ("Open to all majors.", True),
    ("First- and second-year students are encouraged to apply.", True),
    ("We welcome freshmen and sophomores.", True),
    ("전공 무관, 멘토링 제공.", True),
    ("Keine Vorkenntnisse erforderlich.", True),
    ("You will mentor junior engineers and lead design reviews.", False),
    ("Requires 5+ years of experience in distributed systems.", False),
    ("First-year students are not eligible for this program.", False),
    ("Experience with PyTorch is required.", False),
    ("You will run our mentorship program. 5+ years of recruiting experience.", False),
    ("멘토링 운영 및 전환 평가를 담당합니다. HR 경력 3년 이상.", False),
])
def test_beginner_friendly(description, expected):
    assert facts(description)["beginner_friendly"] is expected


@pytest.mark.parametrize(("description", "expected"), [
    ("We sponsor visas for international students.", "yes"),
    ("Visa sponsorship is available for this role.", "yes"),
    ("We offer visa sponsorship and relocation support.", "yes"),
    ("The company will sponsor your H-1B after the internship.", "yes"),
    ("No sponsorship is available for this position.", "no"),
    ("Candidates must be authorized to work in the US without sponsorship.", "no"),
    ("We are unable to sponsor visas for this role.", "no"),
    ("We are not able to sponsor work visas at this time.", "no"),
    ("Applicants must not now or in the future require sponsorship for employment visa status.", "no"),
    ("US citizenship required due to security clearance.", "no"),
    ("You must already have the right to work in the UK.", "no"),
    ("Open to students at any US university.", "unknown"),
    ("We are a sponsor of the local hackathon.", "unknown"),
])
def test_visa_sponsorship(description, expected):
    assert facts(description)["visa_sponsorship"] == expected


@pytest.mark.parametrize(("description", "expected"), [
    ("Relocation assistance is provided for interns moving from out of state.", True),
    ("We offer a housing stipend of $1,500 per month.", True),
    ("Corporate housing is available for summer interns.", True),
    ("We cover relocation costs up to $3,000.", True),
    ("기숙사 제공", True),
    ("Relocation assistance is not available for this role.", False),
    ("No relocation or housing support is provided.", False),
    ("You will help relocate our data center workloads to the cloud.", False),
    ("Our office is in downtown Seattle, near public transit.", False),
])
def test_relocation_or_housing(description, expected):
    assert facts(description)["relocation_or_housing"] is expected


@pytest.mark.parametrize(("description", "kwargs", "expected"), [
    ("This is a paid internship.", {}, "yes"),
    ("Interns receive a monthly stipend.", {}, "yes"),
    ("The hourly rate for this role is $32.", {}, "yes"),
    ("Competitive salary and benefits.", {}, "yes"),
    ("", {"compensation": "USD 40-48.50 per hour"}, "yes"),
    ("This is an unpaid internship.", {}, "no"),
    ("This internship is for academic credit only.", {}, "no"),
    ("Das Praktikum ist unbezahlt.", {}, "no"),
    ("There is no stipend for this volunteer position.", {}, "no"),
    ("Work on our search ranking team for 12 weeks.", {}, "unknown"),
    ("We offer paid time off and a learning budget.", {}, "unknown"),
])
def test_paid(description, kwargs, expected):
    assert facts(description, **kwargs)["paid"] == expected


@pytest.mark.parametrize(("title", "description", "expected"), [
    ("Software Engineering Intern - Summer 2026", "", "Summer 2026"),
    ("Machine Learning Co-op (Fall 2025)", "", "Fall 2025"),
    ("Data Science Intern", "The internship runs in Spring 2027.", "Spring 2027"),
    ("Research Intern, Winter 2026", "", "Winter 2026"),
    ("Summer '26 Quant Intern", "", "Summer 2026"),
    ("2026 Summer Internship - Data", "", "Summer 2026"),
    ("Summer Internship 2026", "", "Summer 2026"),
    ("Sommarjobb - Data", "Sommar 2026 på vårt kontor i Stockholm.", "Summer 2026"),
    ("2026년 하계 인턴 - AI", "", "Summer 2026"),
    ("Autumn 2025 Placement", "", "Fall 2025"),
    ("Data Analyst Intern", "Join us in 2026 for a 12-week program.", None),
    ("Software Engineer", "Our summer hackathon is fun.", None),
])
def test_season(title, description, expected):
    assert student_facts(title, description)["season"] == expected


@pytest.mark.parametrize(("description", "expected"), [
    ("Currently pursuing a BS/MS/PhD in CS or related field.", ["bachelor", "master", "phd"]),
    ("Master's or PhD students in CS or statistics.", ["master", "phd"]),
    ("Enrolled in a B.S. or M.S. program in Computer Science.", ["bachelor", "master"]),
    ("Undergraduate students in their junior year.", ["bachelor"]),
    ("Final-year PhD or MSc students in mathematics.", ["master", "phd"]),
    ("Ph.D. candidates in machine learning preferred.", ["phd"]),
    ("Pursuing a Bachelor's degree in Economics.", ["bachelor"]),
    ("Doctoral students in bioinformatics.", ["phd"]),
    ("Proficiency in MS Excel and MS Office required.", []),
    ("Become a Scrum Master of agile ceremonies.", []),
    ("Work with our postdoctoral researchers.", []),
    ("석사 과정 재학생", ["master"]),
])
def test_degree_level(description, expected):
    assert facts(description)["degree_level"] == expected


def _salary(lo, hi, currency, period):
    return {"min": lo, "max": hi, "currency": currency, "period": period}


@pytest.mark.parametrize(("description", "compensation", "expected"), [
    ("Pay: $40–$48.50/hour.", "", _salary(40.0, 48.5, "USD", "hour")),
    ("Salary: USD 7,000 per month.", "", _salary(7000.0, 7000.0, "USD", "month")),
    ("You will earn £2,500 a month.", "", _salary(2500.0, 2500.0, "GBP", "month")),
    ("Lön: SEK 25 000/månad.", "", _salary(25000.0, 25000.0, "SEK", "month")),
    ("월 급여 ₩3,000,000 지급.", "", _salary(3000000.0, 3000000.0, "KRW", "month")),
    ("Stipend of S$2,000 monthly.", "", _salary(2000.0, 2000.0, "SGD", "month")),
    ("The base salary range is $120k - $150k a year.", "", _salary(120000.0, 150000.0, "USD", "year")),
    ("Vergütung: €20/h.", "", _salary(20.0, 20.0, "EUR", "hour")),
    ("인턴 급여는 월 300만원입니다.", "", _salary(3000000.0, 3000000.0, "KRW", "month")),
    ("Hourly rate: 25-30 per hour.", "", _salary(25.0, 30.0, None, "hour")),
    ("CA$25 - CA$30 per hour.", "", _salary(25.0, 30.0, "CAD", "hour")),
    ("Summer 2026 – $7,000/month.", "", _salary(7000.0, 7000.0, "USD", "month")),
    ("We raised $300M in Series C. Pay: $45/hr.", "", _salary(45.0, 45.0, "USD", "hour")),
    ("A $2,000 housing stipend and $8,000/month salary.", "", _salary(8000.0, 8000.0, "USD", "month")),
    ("Salary: $5,000 in cash.", "USD 40-48.50 per hour", _salary(40.0, 48.5, "USD", "hour")),
    ("", "$7,500 - $8,000 USD monthly", _salary(7500.0, 8000.0, "USD", "month")),
    ("We match your 401(k) and have 2026 openings.", "", None),
    ("We are a $10B company with a team of 50 engineers.", "", None),
    ("We raised $25 million in funding last year.", "", None),
    ("Join 300 interns across 12 offices in 2026.", "", None),
    ("Work 40 hours per week from June 2026.", "", None),
])
def test_salary(description, compensation, expected):
    assert facts(description, compensation=compensation)["salary"] == expected


def test_salary_makes_paid_yes():
    out = facts("Pay: $40–$48.50/hour.")
    assert out["paid"] == "yes" and out["salary"]["period"] == "hour"


def test_parse_salary_structured_without_currency():
    assert parse_salary("40-48.50", structured=True) == _salary(40.0, 48.5, None, None)


@pytest.mark.parametrize("description", [
    "intern " * 150_000,
    "a" * 1_000_000,
    "1" * 1_000_000,
    "$1," * 330_000,
    "1 000 " * 160_000,
    "no " * 330_000,
    "Summer " * 140_000,
    "<div>" * 200_000,
    "$" * 1_000_000,
    "B.S. " * 200_000,
])
def test_adversarial_megabyte_is_fast(description):
    started = time.perf_counter()
    student_facts("Intern " * 1000, description, "Intern", description[:10_000])
    assert time.perf_counter() - started < 1.0


def _rules():
    """Every Gated pattern of the facts module (single, in tuples, in dicts)."""
    rules = []
    for value in vars(facts_module).values():
        values = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else (value,)
        rules.extend(v for v in values if isinstance(v, Gated))
    return rules


def _sentences():
    for name, obj in list(globals().items()):
        marks = getattr(obj, "pytestmark", [])
        for mark in marks:
            if mark.name == "parametrize":
                for case in mark.args[1]:
                    for value in (case if isinstance(case, tuple) else (case,)):
                        if isinstance(value, str) and 0 < len(value) < 10_000:
                            yield value


def test_rules_find_what_their_full_patterns_find():
    """Gated patterns (run only where a match can start) find exactly what the full pattern finds."""
    rules = _rules()
    assert len(rules) >= 10
    padding = "Filler words about the team and the product. " * 12
    for sentence in _sentences():
        for text in (sentence, normalize(sentence), normalize(padding + sentence + " " + padding)):
            for rule in rules:
                full = [m.span() for m in rule.pattern.finditer(text)]
                assert [m.span() for m in rule.finditer(text)] == full, (rule, text)


def test_a_rejected_range_keeps_its_first_amount_as_written():
    # Found by hypothesis: "1-1,000k" is no range (1 and a million), and the "k" of the second
    # number must not have multiplied the first (min 1000 > max 1).
    assert parse_salary("1-1,000k", structured=True) == {"min": 1.0, "max": 1.0, "currency": None, "period": None}
    assert parse_salary("$120-150k a year")["min"] == 120_000.0

"""remote_mode: the platform's workplace type, then title, description phrases, location strings."""

from __future__ import annotations

import pytest

from pipelines.tagging.remote import remote_mode

PALANTIR_BOILERPLATE = (
    "Many teams do offer hybrid options (WFH a day or two a week). Based on business need, there are a few "
    "roles that allow for \u201cRemote\u201d work on an exceptional basis. If the posting is specified as Onsite, "
    "you are required to work from an office."
)


@pytest.mark.parametrize("locations, expected", [
    ("Remote in USA", "remote"),
    (["Remote - US"], "remote"),
    ("Hybrid - Berlin", "hybrid"),
    ("San Francisco, CA (Hybrid)", "hybrid"),
    ("New York, NY / Remote", "remote"),  # remote is offered
    (["London, UK", "Remote"], "remote"),
    ("Austin, TX (On-site)", "onsite"),
    ("Austin, TX", None),  # a concrete city alone states no work mode
    ("United States", None),  # a country alone says nothing about the office
    ("Multiple Locations", None),
    (None, None),
])
def test_location_strings(locations, expected):
    assert remote_mode(locations, "Intern", "") == expected


def test_title_when_locations_are_silent():
    assert remote_mode(None, "Data Science Intern (Remote)", "") == "remote"
    assert remote_mode("Canada", "Hybrid ML Intern", "") == "hybrid"
    # Fields, not work modes.
    assert remote_mode(None, "Remote Sensing Intern", "") is None
    assert remote_mode("Armonk, NY", "Hybrid Cloud Software Intern", "") is None


@pytest.mark.parametrize("description, expected", [
    ("This is a fully remote internship open to students in Canada.", "remote"),
    ("This role is hybrid (3 days in office, 2 from home).", "hybrid"),
    ("You will work 3 days a week in our office in Seoul.", "hybrid"),
    ("This position is on-site in Stockholm.", "onsite"),
    ("We are remote-first.", "remote"),
    ("Machine learning, PyTorch, SQL.", None),
])
def test_description_phrases(description, expected):
    assert remote_mode(None, "Intern", description) == expected


def test_single_boilerplate_words_in_description_do_not_count():
    # Company-wide text that mentions every mode says nothing about this posting.
    assert remote_mode("Denver, CO", "Software Engineer", PALANTIR_BOILERPLATE) is None
    assert remote_mode(None, "Software Engineer", PALANTIR_BOILERPLATE) is None


def test_description_beats_a_remote_location_token():
    # "Remote" in a location list does not make a job remote whose description says otherwise.
    assert remote_mode("Remote in Canada", "Intern", "This position is on-site in Toronto.") == "onsite"
    assert remote_mode("Atlanta, GA; Remote", "Intern",
                       "Interns are expected on-site; remote work is not available for this role.") == "onsite"
    assert remote_mode("Remote in Canada", "Intern", "Python and SQL.") == "remote"


@pytest.mark.parametrize("description, expected", [
    ("Hybrid, 2 days a week in Angel Court.", "hybrid"),
    ("Hybrid: up to 2 days of remote work per week.", "hybrid"),
    ("Bis zu 20 Stunden pro Woche, hybrid.", "hybrid"),
    ("Estágio de 30 horas semanais, híbrido.", "hybrid"),
    ("판교 아지트에서 근무하며 주 2회 재택이 가능합니다.", "hybrid"),
    ("リモートワークと出社を組み合わせたハイブリッド勤務です。", "hybrid"),
    ("In-office 4 days a week.", "hybrid"),
    ("8 weeks, on-site.", "onsite"),
    ("6-month internship, work from office.", "onsite"),
    ("근무 형태: 사무실 출근 (재택근무 불가).", "onsite"),
    ("対面（出社）での実施となります。", "onsite"),
    ("Trabalho 100% remoto.", "remote"),
    ("Interns can work from an office or from home anywhere in Australia.", "remote"),
    ("We offer on-site interviews and a hybrid cloud platform.", None),
    ("Student in CS/EE, available at least 3 days a week.", None),
])
def test_short_work_mode_statements(description, expected):
    assert remote_mode("Seoul, South Korea", "Intern", description) == expected


@pytest.mark.parametrize("workplace_type, expected", [
    ("remote", "remote"), ("REMOTE", "remote"), ("Hybrid", "hybrid"), ("ON_SITE", "onsite"), ("onsite", "onsite"),
    ("in-office", "onsite"), ("", None), (None, None), ("unknown", None), (3, None),
])
def test_platform_workplace_type_wins(workplace_type, expected):
    description = "This is a fully remote internship." if expected != "remote" else "This position is on-site."
    got = remote_mode("Berlin, Germany", "Intern", description, workplace_type=workplace_type)
    if expected is None:
        assert got == ("remote" if "fully remote" in description else "onsite")
    else:
        assert got == expected


def test_odd_inputs():
    for locations in (123, ["", None, 4.5], {"name": "Remote"}, "🚀"):
        assert remote_mode(locations, None, None) in (None, "remote", "hybrid", "onsite")


def test_a_bare_on_site_word_does_not_overrule_an_all_remote_location():
    description = "Join us in person for the onboarding week."
    assert remote_mode("Remote - US", "Intern", description) == "remote"
    assert remote_mode("Atlanta, GA; Remote", "Intern", description) == "onsite"

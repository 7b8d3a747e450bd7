"""remote_mode: location strings first, then title, then specific description phrases."""

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
    ("Austin, TX", "onsite"),  # a concrete city and no other evidence
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
    assert remote_mode("Armonk, NY", "Hybrid Cloud Software Intern", "") == "onsite"


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
    assert remote_mode("Denver, CO", "Software Engineer", PALANTIR_BOILERPLATE) == "onsite"
    assert remote_mode(None, "Software Engineer", PALANTIR_BOILERPLATE) is None


def test_locations_beat_description():
    assert remote_mode("Remote in Canada", "Intern", "This position is on-site in Toronto.") == "remote"


def test_odd_inputs():
    for locations in (123, ["", None, 4.5], {"name": "Remote"}, "🚀"):
        assert remote_mode(locations, None, None) in (None, "remote", "hybrid", "onsite")

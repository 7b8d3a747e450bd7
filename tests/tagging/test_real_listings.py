"""The 5,960 real community-list listings: all tag, and their location strings resolve."""

from __future__ import annotations

import time
from collections import Counter

from pipelines.tagging import TAG_FIELDS, tag_postings
from pipelines.tagging.places import gazetteer, resolve_location

# Strings that name no place at all; reported separately, still counted as unresolved.
PLACELESS = {"remote", "hybrid", "onsite", "multiple locations", "multiple", "americas", "global", "all",
             "remote - north america", "digital information"}


def test_every_listing_tags_quickly(simplify_listings: list[dict]):
    gazetteer()  # loaded once per process; not part of the tagging time
    postings = [{"title": item.get("title"), "company": item.get("company_name"), "location": item.get("locations")}
                for item in simplify_listings]
    started = time.perf_counter()
    tags = tag_postings(postings)
    elapsed = time.perf_counter() - started
    print(f"\ntagged {len(tags)} listings in {elapsed:.2f} s")
    assert len(tags) == len(simplify_listings) == 5960
    assert all(tuple(t) == TAG_FIELDS for t in tags)
    assert elapsed < 60  # measured ~1.5 s; generous for slow CI machines
    # These are all internship listings; titles alone should say so nearly always
    # (the rest are apprenticeships, "Winternship"-like oddities and bare job titles).
    share_interns = sum(t["is_internship"] for t in tags) / len(tags)
    assert share_interns >= 0.95, share_interns
    with_city = [t for t in tags if t["places"] and t["places"][0]["city"]]
    assert len(with_city) / len(tags) >= 0.8


def test_location_strings_resolve(simplify_listings: list[dict]):
    strings = Counter(loc for item in simplify_listings for loc in item.get("locations") or [])
    resolved = {s for s in strings if resolve_location(s)}
    total = sum(strings.values())
    hits = sum(n for s, n in strings.items() if s in resolved)
    missed = [(s, strings[s]) for s in sorted(strings, key=strings.get, reverse=True) if s not in resolved]
    naming = {s: n for s, n in strings.items() if s.casefold() not in PLACELESS}
    naming_hits = sum(n for s, n in naming.items() if s in resolved)
    report = (f"{hits / total:.2%} of {total} location strings resolved ({len(resolved)}/{len(strings)} distinct); "
              f"{naming_hits / sum(naming.values()):.2%} of those naming a place; unresolved: {missed[:40]}")
    print("\n" + report)
    assert hits / total >= 0.95, report
    assert naming_hits / sum(naming.values()) >= 0.99, report


def test_spot_checks_on_real_strings(simplify_listings: list[dict]):
    strings = {loc for item in simplify_listings for loc in item.get("locations") or []}
    expected = {
        "Remote in USA": (None, None, "US"),
        "NYC": ("New York City", "NY", "US"),
        "SF": ("San Francisco", "CA", "US"),
        "Toronto, ON, Canada": ("Toronto", "ON", "CA"),
        "London, UK": ("London", "ENG", "GB"),
        "Cambridge, MA": ("Cambridge", "MA", "US"),
        "Cambridge, UK": ("Cambridge", "ENG", "GB"),
        "LA": ("Los Angeles", "CA", "US"),
        "Washington, DC": ("Washington", "DC", "US"),
        "Vancouver, BC, Canada": ("Vancouver", "BC", "CA"),
        "Vancouver, WA": ("Vancouver", "WA", "US"),
        "Portland, ME": ("Portland", "ME", "US"),
        "Colorado": (None, "CO", "US"),
    }
    assert set(expected) <= strings
    for text, want in expected.items():
        place = resolve_location(text)[0]
        assert (place["city"], place["region"], place["country"]) == want, text

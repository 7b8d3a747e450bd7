"""Work mode of a posting: "remote", "hybrid", "onsite", or None when nothing says.

Evidence, strongest first: the location strings ("Remote in USA", "Hybrid - Berlin"), the title
("(Remote)"), then specific description phrases ("fully remote", "hybrid (3 days in office)").
Company boilerplate ("many teams offer hybrid options") is too common to read single words in
descriptions, so only phrases about *this* role count there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pipelines.tagging.places import location_strings, resolve_locations
from pipelines.tagging.text import normalize

REMOTE, HYBRID, ONSITE = "remote", "hybrid", "onsite"

# Words in a location string or title. "Remote Sensing Intern" and "Hybrid Cloud Intern" name
# a field, not a work mode.
_NOT_MODE = (r"(?!\s+(?:sensing|control|monitoring|operations?|patient|vehicles?|cloud|electric|powertrain"
             r"|systems?|apps?|quantum|integration)\b)")
_LOCATION_MODES = (
    (REMOTE, re.compile(
        rf"\bremote(?:ly)?\b{_NOT_MODE}|\bwork from home\b|\bwfh\b|\btelecommute\b|\bvirtual\b|\banywhere\b"
    )),
    (HYBRID, re.compile(rf"\bhybrid\b{_NOT_MODE}|\bflex(?:ible)? (?:hybrid|office)\b")),
    (ONSITE, re.compile(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b|\boffice[- ]based\b")),
)
_TITLE_MODES = (
    (REMOTE, re.compile(rf"\bremote\b{_NOT_MODE}|\bwork from home\b|\bwfh\b")),
    (HYBRID, re.compile(rf"\bhybrid\b{_NOT_MODE}")),
    (ONSITE, re.compile(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b")),
)
# Phrases about the role itself in a description.
_DAYS = r"(?:[1-4]|one|two|three|four)"
_DESCRIPTION_MODES = (
    (HYBRID, re.compile(
        r"\bhybrid (?:role|position|schedule|work(?:ing)?(?: model| arrangement| schedule)?|model|arrangement"
        r"|internship|setup)\b"
        r"|\bhybrid\s*\(|\bthis (?:role|position|internship) is hybrid\b"
        rf"|\b{_DAYS}(?:\s*-\s*{_DAYS})? days? (?:a|per|each) week (?:in|at|from) (?:the |our )?"
        r"(?:office|hq|headquarters)\b"
        rf"|\b{_DAYS}(?:\s*-\s*{_DAYS})? days? in[- ](?:the )?office\b"
    )),
    (REMOTE, re.compile(
        r"\bfully remote\b|\b100% remote\b|\bremote[- ]first\b|\bremote (?:role|position|internship|opportunity)\b"
        r"|\b(?:role|position|internship|job) is (?:fully )?remote\b|\bthis is a remote\b|\bwork remotely from\b"
        r"|\bcan be (?:done|performed) remotely\b|\bremote within\b"
    )),
    (ONSITE, re.compile(
        r"\b(?:fully )?on-?site (?:role|position|internship|job)\b"
        r"|\b(?:role|position|internship|job) is (?:fully )?(?:on-?site|in[- ]person|in[- ]office)\b"
        r"|\b(?:5|five) days (?:a|per|each) week (?:in|at) (?:the |our )?office\b|\bfully in[- ]office\b"
        r"|\brequired to work (?:on-?site|in[- ]person|from (?:the|our) office)\b"
        r"|\bin[- ]person (?:role|position|internship)\b|\bthis is an on-?site\b|\bno remote\b|\bnot (?:a )?remote\b"
    )),
)
_DESCRIPTION_SCAN_CHARS = 50_000
# When sources disagree within one level, the most flexible mode wins ("New York, NY / Remote"
# offers remote work).
_FLEXIBILITY = (REMOTE, HYBRID, ONSITE)


def _modes(patterns: Iterable[tuple[str, re.Pattern[str]]], texts: Iterable[str]) -> set[str]:
    return {mode for text in texts for mode, pattern in patterns if pattern.search(text)}


def _most_flexible(modes: set[str]) -> str | None:
    return next((mode for mode in _FLEXIBILITY if mode in modes), None)


def remote_mode(
    locations: Any, title: Any = None, description_text: Any = None, places: list[dict] | None = None
) -> str | None:
    """"remote" | "hybrid" | "onsite" | None; `places` (resolved locations) saves a lookup.

    Without any work-mode words, a posting tied to a concrete city is taken as onsite.
    """
    location_texts = [normalize(s) for s in location_strings(locations)]
    mode = _most_flexible(_modes(_LOCATION_MODES, location_texts))
    if mode is None:
        mode = _most_flexible(_modes(_TITLE_MODES, [normalize(title)]))
    if mode is None and description_text:
        description = normalize(str(description_text)[:_DESCRIPTION_SCAN_CHARS])
        # Descriptions are checked hybrid-first: "remote" words also appear inside hybrid setups.
        mode = next((m for m, pattern in _DESCRIPTION_MODES if pattern.search(description)), None)
    if mode is None:
        if places is None:
            places = resolve_locations(locations)
        if any(place.get("city") for place in places):
            mode = ONSITE
    return mode

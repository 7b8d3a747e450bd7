"""Work mode of a posting: "remote", "hybrid", "onsite", or None when nothing says.

Evidence, strongest first: the platform's workplace type when the source has one, the title
("(Remote)"), statements in the description ("Hybrid, 2 days a week in the office", "8 weeks,
on-site", "주 2회 재택"), then work-mode words in the location strings ("Remote in USA", "Hybrid -
Berlin"). A city alone states no work mode (None). Company boilerplate ("many teams offer hybrid
options", "on-site interviews") is excluded by the description patterns.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from pipelines.tagging.places import location_strings, resolve_locations
from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import normalize, normalized_segments

REMOTE, HYBRID, ONSITE = "remote", "hybrid", "onsite"

# Words in a location string or title. "Remote Sensing Intern" and "Hybrid Cloud Intern" name
# a field, not a work mode.
_NOT_MODE = (r"(?!\s+(?:sensing|control|monitoring|operations?|patient|vehicles?|cloud|electric|powertrain"
             r"|systems?|apps?|quantum|integration)\b)")
_LOCATION_MODES = (
    (REMOTE, gated(
        rf"\bremote(?:ly)?\b{_NOT_MODE}|\bwork from home\b|\bwfh\b|\btelecommute\b|\bvirtual\b|\banywhere\b"
    )),
    (HYBRID, gated(rf"\bhybrid\b{_NOT_MODE}|\bflex(?:ible)? (?:hybrid|office)\b")),
    (ONSITE, gated(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b|\boffice[- ]based\b")),
)
_TITLE_MODES = (
    (REMOTE, gated(rf"\bremote\b{_NOT_MODE}|\bwork from home\b|\bwfh\b")),
    (HYBRID, gated(rf"\bhybrid\b{_NOT_MODE}")),
    (ONSITE, gated(r"\bon-?site\b|\bin[- ]office\b|\bin[- ]person\b")),
)
# Phrases about the role itself in a description, checked in this order (first hit wins):
# hybrid set-ups, then remote work ruled out, then remote, then on-site. Descriptions are
# normalized (casefolded, accents dropped: "híbrido" -> "hibrido").
_DAYS = r"(?:[1-4]|one|two|three|four)"
_DESCRIPTION_MODES = (
    (HYBRID, gated(
        rf"\bhybrid\b{_NOT_MODE}(?!\s+(?:options?|policy|policies|teams?)\b)"
        r"|\bhybride[sn]?\b|\bhybrydow|\bhibrid[oa]\b|\bhybridi\b|\bhybridarbete|\bflexible remote days?\b"
        rf"|\b{_DAYS}(?:\s*(?:-|to|or)\s*{_DAYS})? days? (?:a|per|each|every) week (?:in|at|from) (?:the |our |an? )?"
        r"(?:[\w'-]+ ){0,3}(?:office|hq|headquarters|campus|studio|hub)\b"
        rf"|\b{_DAYS}(?:\s*-\s*{_DAYS})? days? in[- ](?:the )?office\b"
        rf"|\bin[- ]office {_DAYS}(?:\s*-\s*{_DAYS})? days\b"
        rf"|\b(?:up to )?{_DAYS} days? (?:of )?(?:remote|from home|wfh)(?: work)?(?: (?:a|per|each) week)?\b"
        rf"|\b(?:remote(?:ly)?|from home) (?:work )?(?:is possible |possible )?up to {_DAYS} days?\b"
        r"|\bwork remotely up to\b|\bsplitting (?:your |our )?time between (?:home|the office)\b"
        r"|\bin office (?:monday|tuesday|wednesday|thursday|friday) (?:to|-|through) \w+day\b"
        r"|\bat least \d\d% of the time\b|\bwith remote (?:participation|work|days?) (?:possible|available)\b"
        r"|\bremote (?:participation|work) (?:is )?possible for some\b"
        r"|주 ?\d ?회 ?재택|재택.{0,12}병행|하이브리드|ハイブリッド|リモート(?:ワーク)?と出社|出社とリモート|混合办公"
    )),
    (ONSITE, gated(
        r"\bno remote\b|\bnot (?:a )?remote\b|\bremote (?:work )?is not (?:available|possible|an option)\b"
        r"|\bnot (?:eligible|available) for remote\b|재택(?:근무)? ?불가|リモート不可"
    )),
    (REMOTE, gated(
        r"\bfully remote\b|\b100% remot[eo]\b|\bremote[- ]first\b|\bremote[- ]eligible\b"
        r"|\bremote (?:role|position|internship|opportunity|job)\b|\b(?:role|position|internship|job) is (?:fully )?remote\b"
        r"|\bthis is a remote\b|\bwork remotely from\b|\bcan be (?:done|performed) remotely\b|\bremote within\b"
        r"|\bfrom home anywhere\b|\bwork from anywhere\b|\bremotely from anywhere\b|\bremote from anywhere\b"
        r"|\btrabajo remoto\b|\btrabalho remoto\b|\bteletrabajo\b|\bcompletely remote\b|\bentirely remote\b"
        r"|완전 ?재택|전면 ?재택|재택 ?근무 ?(?:가능|형태)|フルリモート|完全リモート|在宅勤務"
    )),
    # Explicit statements that the role is on-site.
    (ONSITE, gated(
        r"\b(?:role|position|internship|job|co-?op|this) is (?:fully |entirely )?(?:on-?site|in[- ]office|in[- ]person)\b"
        r"|\bthis is an? (?:fully )?(?:on-?site|in[- ]office|in[- ]person)\b|\bfully (?:on-?site|in[- ]office)\b"
        r"|\b(?:on-?site|in[- ]office|in[- ]person) (?:role|position|internship|job)\b"
        r"|\brequired to work (?:on-?site|in[- ]person|from (?:the|our) office)\b|\bwork[- ]from[- ](?:the )?office\b"
        r"|\b(?:5|five) days (?:a|per|each) week\b"
    )),
    # Bare on-site words ("8 weeks, on-site.", "In-office role."): weaker, see remote_mode.
    (ONSITE, gated(
        r"(?<!as )(?<!if )\b(?:fully |work |works |working |is |are |be |based )?on-?site\b(?!\s+(?:interviews?|events?|visits?"
        r"|support|technicians?|clinic|gym|cafeteria|parking|childcare|canteen|amenities|meals?|customers?)\b)"
        r"|\bon site\b(?! (?:interviews?|events?|visits?)\b)|\bin[- ]office\b|\bin[- ]person\b(?! (?:interviews?|events?)\b)"
        r"|\bwork[- ]from[- ](?:the )?office\b|\bfrom (?:the|our) office\b|\boffice[- ]based\b"
        r"|\bbased (?:in|at|out of) (?:our|the) (?:[\w'-]+ ){0,3}(?:office|campus|lab|hq|headquarters|site)\b"
        r"|\b(?:on|at (?:our|the)) campus\b(?= in\b| at\b|\.|,|$)|\b(?:5|five) days (?:a|per|each) week\b"
        r"|\bsur site\b|\bpresencial\b|\bvor ort\b|\bstacjonarn|\bon the floor of\b"
        r"|상주 ?근무|사무실 ?출근|출근 ?근무|出社|対面|现场办公"
    )),
)
_DESCRIPTION_SET = PatternSet(pattern for _, pattern in _DESCRIPTION_MODES)
# When sources disagree within one level, the most flexible mode wins ("New York, NY / Remote"
# offers remote work).
_FLEXIBILITY = (REMOTE, HYBRID, ONSITE)


def _modes(patterns: Iterable[tuple[str, Gated]], texts: Iterable[str]) -> set[str]:
    return {mode for text in texts for mode, pattern in patterns if pattern.search(text)}


def _most_flexible(modes: set[str]) -> str | None:
    return next((mode for mode in _FLEXIBILITY if mode in modes), None)


def description_ranks(segment_n: str) -> int:
    """Which description statements a normalized segment makes (bit i: the statement ranked i)."""
    if not _DESCRIPTION_SET.possible(segment_n):
        return 0
    return sum(1 << rank for rank, (_, pattern) in enumerate(_DESCRIPTION_MODES) if pattern.search(segment_n))


@functools.lru_cache(maxsize=65_536)
def _title_mode(title_n: str) -> str | None:
    return _most_flexible(_modes(_TITLE_MODES, [title_n]))


@functools.lru_cache(maxsize=65_536)
def _location_modes(location: str) -> frozenset[str]:
    return frozenset(_modes(_LOCATION_MODES, [normalize(location)]))


def mode_from(
    location_texts: list[str], title_n: str, ranks: int, places: list[dict] | None = None,
    workplace_type: Any = None,
) -> str | None:
    """remote_mode from the location strings (`places.location_strings`), the normalized title and
    the description's statement ranks (a mask, see description_ranks)."""
    platform = _workplace_mode(workplace_type)
    if platform:
        return platform
    mode = _title_mode(title_n)
    if mode is not None:
        return mode
    location_mode = _most_flexible(
        {mode for text in location_texts for mode in _location_modes(text)})
    if ranks:
        # Descriptions are checked hybrid-first: "remote" words also appear inside hybrid setups.
        rank = (ranks & -ranks).bit_length() - 1  # the strongest statement made
        # A bare "on-site" / "in-person" word does not overrule a posting whose every location is
        # remote ("Remote - US" with an in-person onboarding week); it does overrule "Remote"
        # offered beside offices ("Atlanta, GA; Remote").
        if rank == len(_DESCRIPTION_MODES) - 1 and location_mode == REMOTE:
            if places is None:
                places = resolve_locations(location_texts)
            if not any(place.get("city") for place in places):
                return REMOTE
        return _DESCRIPTION_MODES[rank][0]
    return location_mode


def remote_mode(
    locations: Any, title: Any = None, description_text: Any = None, places: list[dict] | None = None,
    workplace_type: Any = None,
) -> str | None:
    """"remote" | "hybrid" | "onsite" | None (the posting states no work mode).

    `workplace_type` (the platform's own flag: remote/hybrid/onsite and spellings of them) wins
    when present. Otherwise the title ("(Remote)") decides, then phrases about the role in the
    description ("this role is on-site"), then work-mode words in the location strings: a
    "Remote" location token does not make a job remote whose description says it is on-site.
    A concrete city alone says nothing about the work mode. `places` (the resolved locations)
    saves a lookup.
    """
    ranks = 0
    for segment in normalized_segments(description_text):
        ranks |= description_ranks(segment)
    return mode_from(location_strings(locations), normalize(title), ranks, places, workplace_type)


_WORKPLACE = (
    (HYBRID, gated(r"\bhybrid\b")),
    (REMOTE, gated(r"\bremote\b|\btelecommute\b|\bwork from home\b|\bwfh\b|\bvirtual\b")),
    (ONSITE, gated(r"\bon-?site\b|\bon site\b|\bin[- ]?office\b|\bin[- ]person\b|\boffice\b|\bonsite\b")),
)


def _workplace_mode(value: Any) -> str | None:
    """The platform's workplace type as a mode ("ON_SITE", "Remote", "hybrid"), else None."""
    if value is None or isinstance(value, (bool, int, float)):
        return None
    text = normalize(value).replace("_", " ")
    if not text:
        return None
    return next((mode for mode, pattern in _WORKPLACE if pattern.search(text)), None)

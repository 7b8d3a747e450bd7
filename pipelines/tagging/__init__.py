"""Tagging of job postings: internship?, AI/ML?, industry, work mode, places, skills and the
facts students ask about (return offer, visa, pay, season, degree, salary).

Pure Python (no Dagster or Scrapy): the Dagster pipeline and `internradar tag` both call
`tag_postings`, so a posting is tagged the same way wherever it is tagged.

How it stays fast: a description is read as segments (sentences and lines, `text.segments`);
what one segment says is worked out once per process (`_segment`, memoized), because the same
sentences recur in posting after posting (benefits, equal opportunity, "about us", the same job
on many boards, and every open posting again each night). Titles, employment types, company
names and location strings are memoized the same way. Within a segment, each rule pattern runs
only where the one keyword scan of the text found a place a match can start (`matching`).
"""

from __future__ import annotations

import functools
import gc
import importlib
import inspect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from pipelines.tagging import aiml, facts, industry, internship, remote, skills
from pipelines.tagging.aiml import is_ai_ml
from pipelines.tagging.facts import FACT_FIELDS
from pipelines.tagging.places import gazetteer, location_strings, resolve_location_strings
from pipelines.tagging.stored import ReadingStore
from pipelines.tagging.text import MEMO_CHARS, as_text, html_to_text, normalize, segments

TAGGER_VERSION = "0.4.1"
TAG_FIELDS = (
    "is_internship", "is_ai_ml", "ai_ml_score", "industry", "industries", "remote", "places", "skills",
    "role_family", "industry_evidence", *FACT_FIELDS,
)
# Raw descriptions past this are truncated before parsing: a posting is a few KB, and 1 MB of
# markup must not cost more than a blink.
MAX_DESCRIPTION_CHARS = 300_000
# Titles, company names and the like are a few words; past this they are junk, cut so a
# megabyte "title" cannot stall the title regexes.
MAX_FIELD_CHARS = 2_000
# Entries each memo (segments, titles, leads) keeps per process: a segment's reading is a few
# hundred bytes, so the memos stay under about 90 MiB when full.
SEGMENT_CACHE = 65_536

__all__ = ["TAGGER_VERSION", "TAG_FIELDS", "clear_caches", "employer_key", "employer_name", "tag_night", "memo_caches", "settle_industries", "tag_posting",
           "tag_postings"]


class _Text(NamedTuple):
    """What any text of a posting (title, employment type, description segment) says for the
    student facts and the skills."""

    normalized: str
    facts: facts.TextFacts
    raw_facts: facts.RawFacts
    skills: frozenset[str]


def _read(raw: str) -> _Text:
    text = normalize(raw)
    return _Text(text, facts.text_facts(text), facts.raw_facts(raw), skills.skill_ids(raw))


# Readings kept across processes (stored.ReadingStore), while a caller has one in use.
_store: ReadingStore | None = None


def use_reading_store(store: ReadingStore | None) -> None:
    """Look up (and keep) segment and title readings in `store` from now on; None: stop."""
    global _store
    _store = store


def _field_reading(raw: str) -> _Text:
    return _read(raw) if _store is None else _store.reading("field", raw, _read)


# Titles and employment types: memoized like segments (the same few recur in every batch).
_field = functools.lru_cache(maxsize=SEGMENT_CACHE)(_field_reading)


class _Segment(NamedTuple):
    """Everything the taggers read from one description segment (immutable, so it can be shared)."""

    text: _Text
    aiml_groups: int  # bit masks: the segments of a description combine with "|"
    role_cues: int
    industry: industry.SegmentReading
    work_modes: int
    says_internship: bool
    says_not_internship: bool


def _read_segment(raw: str) -> _Segment:
    read = _read(raw)
    text = read.normalized
    says, says_not = internship.description_flags(text)
    return _Segment(
        read, aiml.description_groups(text), aiml.description_families(text), industry.read_segment(text),
        remote.description_ranks(text), says, says_not,
    )


# Segments up to MEMO_CHARS long are memoized (a sentence is far shorter; a longer "sentence" is
# junk or a list without full stops, and would only fill memory).
def _segment_reading(raw: str) -> _Segment:
    return _read_segment(raw) if _store is None else _store.reading("segment", raw, _read_segment)


_segment = functools.lru_cache(maxsize=SEGMENT_CACHE)(_segment_reading)


def tag_posting(posting: Mapping) -> dict[str, Any]:
    """The tag fields (TAG_FIELDS) of one posting; the caller merges them into the posting.

    Input keys, all optional: title, company, location (str or list), description (HTML,
    escaped HTML or text), employment_type, department, workplace_type (the platform's
    remote/hybrid/onsite flag, which wins over text when present), compensation (the
    platform's pay line, which wins over pay found in the description).

    role_family is one of aiml.ROLE_FAMILIES ("other" for postings that are not AI/ML);
    industry_evidence is a list of strings naming what decided the primary industry. The
    student facts are `facts.FACT_FIELDS`.
    """
    return _tag_posting(posting)[0]


def _tag_posting(posting: Mapping) -> tuple[dict[str, Any], industry.PostingReading]:
    """tag_posting, and what its industry decision read (for the employer-level decision)."""
    fields = posting if type(posting) is dict or isinstance(posting, Mapping) else {}
    title = _field(as_text(fields.get("title"))[:MAX_FIELD_CHARS])
    employment = _field(as_text(fields.get("employment_type"))[:MAX_FIELD_CHARS])
    company = as_text(fields.get("company"))[:MAX_FIELD_CHARS]
    department = normalize(as_text(fields.get("department"))[:MAX_FIELD_CHARS])
    parts = _parts(fields)
    locations = location_strings(fields.get("location"))

    places = resolve_location_strings(locations)
    groups = cues = modes = 0
    says = says_not = False
    found_skills = title.skills | employment.skills
    for part in parts:
        groups |= part.aiml_groups
        cues |= part.role_cues
        modes |= part.work_modes
        says = says or part.says_internship
        says_not = says_not or part.says_not_internship
        if part.text.skills:
            found_skills |= part.text.skills
    score = aiml.score_from(title.normalized, groups)
    ai_ml = is_ai_ml(score)
    reading = _industry_reading(company, title.normalized, department, parts)
    decision = industry.decide_postings([reading])
    internship_score = internship.score_from(title.normalized, employment.normalized, says, says_not)
    return {
        "is_internship": internship.is_internship_score(internship_score),
        "is_ai_ml": ai_ml,
        "ai_ml_score": score,
        "industry": decision.industry,
        "industries": decision.industries,
        "remote": remote.mode_from(locations, title.normalized, modes, places=places,
                                   workplace_type=fields.get("workplace_type")),
        "places": places,
        "skills": skills.in_taxonomy_order(found_skills),
        "role_family": aiml.family_from(title.normalized, cues, ai_ml),
        "industry_evidence": decision.evidence,
        **facts.facts_from([title.facts, employment.facts, *(part.text.facts for part in parts)],
                           [title.raw_facts, employment.raw_facts, *(part.text.raw_facts for part in parts)],
                           fields.get("compensation")),
    }, reading


def _parts(fields: Mapping) -> list[_Segment]:
    raw_segments = segments(html_to_text(as_text(fields.get("description"))[:MAX_DESCRIPTION_CHARS]))
    return [_segment(s) if len(s) <= MEMO_CHARS else _read_segment(s) for s in raw_segments]


def _industry_reading(company: str, title_n: str, department_n: str, parts: list[_Segment]) -> industry.PostingReading:
    return industry.posting_reading(company, title_n, department_n, [part.industry for part in parts])


def employer_key(posting: Mapping) -> str:
    """Which postings of a night are one employer's: the same company name (case, accents and
    punctuation aside, legal suffixes kept), whichever board they came from; a posting without a
    company name belongs to its source. A board's postings share its company; a community list's
    are many companies'; and a name-only list posting joins the postings of its company's own
    board: a company is one company."""
    return employer_name(posting.get("company")) or f"source: {as_text(posting.get('source'))}"


def employer_name(company: Any) -> str:
    """The company-name part of `employer_key` ("" for a posting without a company name, which
    then belongs to its source; no name gives "source: ..." since the colon is dropped)."""
    return _name_key(as_text(company)[:MAX_FIELD_CHARS])


@functools.lru_cache(maxsize=1 << 16)
def _name_key(company: str) -> str:
    # A night groups tens of thousands of postings of a few thousand companies.
    return industry.name_key(company)


def settle_industries(postings: Sequence[Mapping], tags: Sequence[dict[str, Any]],
                      key: Callable[[Mapping], Hashable] = employer_key) -> list[dict[str, Any]]:
    """The tags with one industry decision per employer: `industry`, `industries` and
    `industry_evidence` of every posting that shares `key` (by default `employer_key`) are decided
    once, from all of them (`industry.decide_postings`: the self-description once per distinct
    sentence, sentences that recur across the postings as the company's own text, titles and role
    text averaged). A posting's `source_industry` (a sources-file `industry:`) wins for its group.
    A group of one posting keeps its own tags. Pure: returns new dicts, in order."""
    if len(postings) != len(tags):
        raise ValueError(f"{len(postings)} postings but {len(tags)} tag sets")
    postings = [p if isinstance(p, Mapping) else {} for p in postings]
    return _settled(postings, [dict(t) for t in tags], key, lambda i: _industry_reading_of(postings[i]))


def _settled(postings: Sequence[Mapping], tags: Sequence[dict[str, Any]], key: Callable[[Mapping], Hashable],
             reading: Callable[[int], industry.PostingReading]) -> list[dict[str, Any]]:
    """`tags` (the caller's own dicts, updated in place) with one industry decision per group."""
    groups: dict[Hashable, list[int]] = {}
    for i, posting in enumerate(postings):
        groups.setdefault(key(posting), []).append(i)
    out = list(tags)
    for members in groups.values():
        configured = next((postings[i].get("source_industry") for i in members
                           if postings[i].get("source_industry") in industry.INDUSTRIES), None)
        if len(members) == 1 and configured is None:
            continue
        decision = industry.decide_postings([reading(i) for i in members], configured=configured)
        for i in members:
            out[i].update(industry=decision.industry, industries=list(decision.industries),
                          industry_evidence=list(decision.evidence))
    return out


def _industry_reading_of(fields: Mapping) -> industry.PostingReading:
    """What the industry decision reads from one posting (its segments come from the memo)."""
    return _industry_reading(as_text(fields.get("company"))[:MAX_FIELD_CHARS],
                             _field(as_text(fields.get("title"))[:MAX_FIELD_CHARS]).normalized,
                             normalize(as_text(fields.get("department"))[:MAX_FIELD_CHARS]), _parts(fields))


def tag_night(postings: Iterable[Mapping], key: Callable[[Mapping], Hashable] = employer_key) -> list[dict[str, Any]]:
    """What the nightly job tags a night's postings with: `tag_postings`, then one industry
    decision per employer (`settle_industries`), reading each description once."""
    paused = gc.isenabled()
    gc.disable()
    try:
        postings = [p if isinstance(p, Mapping) else {} for p in postings or ()]
        pairs = [_tag_posting(posting) for posting in postings]
        return _settled(postings, [tags for tags, _ in pairs], key, lambda i: pairs[i][1])
    finally:
        if paused:
            gc.enable()


def tag_with_readings(postings: Iterable[Mapping]) -> list[tuple[dict[str, Any], str]]:
    """Each posting's own tags (as `tag_postings`) and its industry reading as compact JSON
    (`industry.reading_to_json`), for deciding its employer's industry on later nights without
    reading its description again (`settle_from_readings`)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        return [(tags, industry.reading_to_json(reading)) for tags, reading in
                (_tag_posting(p if isinstance(p, Mapping) else {}) for p in postings or ())]
    finally:
        if paused:
            gc.enable()


def employer_groups(postings: Sequence[Mapping], key: Callable[[Mapping], Hashable] = employer_key
                    ) -> list[tuple[list[int], str | None]]:
    """The employer groups of a night that get one industry decision: (indices of `postings`,
    their configured industry) for every group of two or more postings, or with a sources-file
    `source_industry`; a lone posting without one keeps its own tags."""
    groups: dict[Hashable, list[int]] = {}
    for i, posting in enumerate(postings):
        groups.setdefault(key(posting), []).append(i)
    out = []
    for members in groups.values():
        configured = next((postings[i].get("source_industry") for i in members
                           if postings[i].get("source_industry") in industry.INDUSTRIES), None)
        if len(members) > 1 or configured is not None:
            out.append((members, configured))
    return out


def decide_group(readings: Sequence[str], configured: str | None = None) -> dict[str, Any]:
    """One employer's industry from its postings' stored readings (JSON), in the order given."""
    decision = industry.decide_postings([industry.reading_from_json(r) for r in readings], configured=configured)
    return {"industry": decision.industry, "industries": list(decision.industries),
            "industry_evidence": list(decision.evidence)}


def settle_from_readings(postings: Sequence[Mapping], key: Callable[[Mapping], Hashable] = employer_key
                         ) -> list[dict[str, Any] | None]:
    """One industry decision per employer from stored readings: `postings` carry `company`,
    `source`, `source_industry` and `industry_reading` (JSON); for each, the decided `industry`,
    `industries` and `industry_evidence` of its group, or None where its own tags stand (a group
    of one posting without a configured industry). The same decisions as `settle_industries`."""
    out: list[dict[str, Any] | None] = [None] * len(postings)
    for members, configured in employer_groups(postings, key):
        decision = decide_group([postings[i]["industry_reading"] for i in members], configured)
        for i in members:
            out[i] = decision
    return out


def tag_postings(postings: Iterable[Mapping]) -> list[dict[str, Any]]:
    """tag_posting for each posting, in order (segments, titles, companies and places memoized).

    The cyclic garbage collector is paused for the batch: tagging makes many short-lived objects
    and no reference cycles, and each collection would walk the memo tables again (half the
    time of a batch, measured). Whatever else is pending is collected once it resumes.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return [tag_posting(posting) for posting in postings or ()]
    finally:
        if paused:
            gc.enable()


def memo_caches() -> dict[str, Any]:
    """Every per-input memo of the tagger ("module.function" -> the functools cache): the caches
    of functions with arguments. Loaders without arguments (rule files, the gazetteer, compiled
    patterns) are not memos of inputs and are not listed."""
    return dict(_memo_caches())


@functools.cache
def _memo_caches() -> tuple[tuple[str, Any], ...]:
    found = {}
    for name in ("", ".text", ".matching", ".places", ".aiml", ".industry", ".internship", ".remote", ".skills", ".facts"):
        module = importlib.import_module(__name__ + name)
        for attr, obj in vars(module).items():
            wrapped = getattr(obj, "__wrapped__", None)
            if wrapped is None or not hasattr(obj, "cache_clear") or getattr(obj, "__module__", None) != module.__name__:
                continue
            try:
                takes_args = bool(inspect.signature(wrapped).parameters)
            except (TypeError, ValueError):
                takes_args = True
            if takes_args:
                found[f"{module.__name__.rsplit('.', 1)[-1]}.{attr}"] = obj
    return tuple(found.items())


def clear_caches() -> None:
    """Forget every memoized input (segments, titles, places, keyword scans), as a fresh process
    would start; rule files and the gazetteer stay loaded."""
    for _, cache in _memo_caches():
        cache.cache_clear()
    gazetteer().clear_alias_cache()
    industry.forget_parsed_readings()

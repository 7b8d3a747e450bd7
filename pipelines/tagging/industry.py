"""The employer's industry: a known-company map first, then keyword rules from `industries.yaml`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import as_text, normalize, normalized_segments

RULES_FILE = Path(__file__).parent / "industries.yaml"
INDUSTRIES = (
    "information_technology", "finance", "healthcare", "logistics", "entrepreneurship", "human_resources", "other",
)
OTHER = "other"
ENTREPRENEURSHIP = "entrepreneurship"
# Weights by where a keyword appears: the company's own name says most about its industry; one
# job's title or department ("Software Engineer" at a bank) says little.
_NAME_WEIGHT = 3.0
_FIELD_WEIGHT = 1.0
# In the description each distinct keyword counts at most twice, and the sum is capped, so one
# long posting cannot drown the name.
_DESCRIPTION_REPEATS = 2
_DESCRIPTION_CAP = 10.0
_LEAD_WEIGHT = 1.0
_LEAD_CHARS = 300
_SENTENCE_END = re.compile(r"[.!?。]\s|\n")


def _lead_sentence(description: str) -> str:
    """The description's first sentence (at most _LEAD_CHARS characters)."""
    head = description[:_LEAD_CHARS]
    match = _SENTENCE_END.search(head)
    return head[: match.start()] if match else head
# Legal and generic endings dropped before looking a company up in the map
# ("Capital One Financial Corp." is Capital One, "Epic Systems" is Epic).
_COMPANY_SUFFIXES = frozenset(
    "inc incorporated llc l l c ltd limited corp corporation co company plc gmbh ag sa nv bv lp llp "
    "holdings group financial technologies technology systems services international global the".split()
)


@dataclass(frozen=True)
class _Industry:
    slug: str
    keywords: Gated | None
    name_keywords: Gated | None
    primary_keywords: Gated | None
    min_score: float


@dataclass(frozen=True)
class _Rules:
    industries: tuple[_Industry, ...]
    companies: dict[str, str]
    ignore: Gated | None
    # Names as written (punctuation dropped, suffixes kept): "Grab Financial Group" is not "Grab".
    exact_companies: dict[str, str] = field(default_factory=dict)
    # Every industry's keywords, to skip a text none of them can match.
    keywords: PatternSet = field(default_factory=lambda: PatternSet(()))


_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]")


def _phrases_regex(phrases: Any) -> Gated | None:
    """Whole-word, case/accent-insensitive regex for yaml phrases.

    "x*" allows any ending ("pharma*" = pharmaceutical), "*x" any beginning within the word
    ("*bank" = Handelsbanken's "handelsbank..."), and phrases in CJK or Hangul match anywhere
    (those scripts do not separate words with spaces: "부산은행" holds "은행").
    """
    words_parts, cjk_parts = [], []
    for phrase in phrases or ():
        text = normalize(str(phrase))
        if _CJK.search(text):
            cjk_parts.append(re.escape(text.strip("*")))
            continue
        lead, star = text.startswith("*"), text.endswith("*")
        words = text.strip("*").split()
        if not words:
            continue
        # "early-stage" also matches "early stage" and "earlystage".
        body = r"\s+".join(re.escape(w).replace(r"\-", "[- ]?") for w in words)
        words_parts.append((r"\w*" if lead else "") + body + (r"\w*" if star else ""))
    alternatives = []
    if words_parts:
        words_parts.sort(key=len, reverse=True)
        alternatives.append(r"(?<!\w)(?:" + "|".join(words_parts) + r")(?!\w)")
    if cjk_parts:
        cjk_parts.sort(key=len, reverse=True)
        alternatives.append("|".join(cjk_parts))
    return gated("|".join(alternatives)) if alternatives else None


def company_key(name: Any) -> str:
    """A company name as the map spells it: normalized, without legal suffixes or punctuation."""
    words = re.sub(r"[^\w&+ ]+", " ", normalize(name)).split()
    while words and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


@functools.cache
def _rules() -> _Rules:
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    threshold = float(data.get("threshold", 3.0))
    industries = []
    for slug, rule in (data.get("industries") or {}).items():
        if slug not in INDUSTRIES:
            raise ValueError(f"{RULES_FILE.name}: unknown industry slug {slug!r}")
        industries.append(_Industry(
            slug, _phrases_regex(rule.get("keywords")), _phrases_regex(rule.get("name_keywords")),
            _phrases_regex(rule.get("primary_keywords")), float(rule.get("min_score", threshold)),
        ))
    companies, exact = {}, {}
    for name, slug in (data.get("companies") or {}).items():
        if slug not in INDUSTRIES:
            raise ValueError(f"{RULES_FILE.name}: company {name!r} has unknown slug {slug!r}")
        companies.setdefault(company_key(name), slug)
        exact[_exact_key(name)] = slug
    return _Rules(tuple(industries), companies, _phrases_regex(data.get("ignore")), exact,
                  PatternSet(industry.keywords for industry in industries))


def _exact_key(name: Any) -> str:
    return " ".join(re.sub(r"[^\w&+ ]+", " ", normalize(name)).split())


# Trailing words that name a unit or an office of a known company, not another company
# ("Microsoft Research India", "Hyundai Motor Group Robotics Lab", "Indeed Japan").
_UNIT_WORDS = frozenset(
    "research labs lab ai cloud robotics digital tech india japan korea china canada uk germany france "
    "singapore usa us america europe emea apac asia australia brasil brazil mexico".split()
)


def _company_candidates(company: Any) -> list[str]:
    """Map keys to try for a company: the name without brackets, each bracketed part, and the
    name with its leading or trailing word dropped ("Hyundai Card Co" -> "hyundai card")."""
    text = normalize(company)
    # "Hewlett Packard (HP)", "셀트리온 (Celltrion)": try the name and the bracketed short form.
    candidates = [re.sub(r"[(（].*?[)）]", " ", text), *re.findall(r"[(（](.*?)[)）]", text)]
    # "Grab Financial Group – GFG", "Emirates Group": separators split names too.
    candidates += [part for c in list(candidates) for part in re.split(r"\s[-–—|/]\s", c) if part != c]
    return [key for key in (company_key(c) for c in candidates) if key]


@functools.lru_cache(maxsize=16384)
def _known(company_n: str) -> tuple[str, str] | None:
    rules = _rules()
    texts = [re.sub(r"[(（].*?[)）]", " ", company_n), *re.findall(r"[(（](.*?)[)）]", company_n)]
    for text in texts:
        exact = _exact_key(text)
        if exact in rules.exact_companies:
            return exact, rules.exact_companies[exact]
    for key in _company_candidates(company_n):
        if key in rules.companies:
            return key, rules.companies[key]
    for key in _company_candidates(company_n):
        words = key.split()
        while len(words) > 1 and words[-1] in _UNIT_WORDS:
            words.pop()
            shorter = company_key(" ".join(words))
            if shorter in rules.companies:
                return shorter, rules.companies[shorter]
    return None


def known_company(company: Any) -> str | None:
    """The map's slug for a well-known company ("Capital One Financial Corp." -> finance), else None."""
    hit = _known(normalize(company))
    return hit[1] if hit else None


@functools.lru_cache(maxsize=16384)
def _name_hits(company: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(slug, matched phrases) for keywords in a company name."""
    out = []
    for industry in _rules().industries:
        phrases: list[str] = []
        for pattern in (industry.keywords, industry.name_keywords):
            match = pattern.search(company) if pattern is not None else None
            if match:
                phrases.append(match.group(0))
        if phrases:
            out.append((industry.slug, tuple(phrases)))
    return tuple(out)


# Parts of a posting, worked out once each (titles and departments repeat across postings; a
# description is read segment by segment, and pipelines.tagging memoizes segments).
_Hits = tuple[tuple[str, tuple[str, ...]], ...]  # (slug, phrases in order of first occurrence)
_Counts = tuple[tuple[str, tuple[tuple[str, int], ...]], ...]  # (slug, (phrase, count) in text order)


def _phrases_in(text_n: str) -> _Hits:
    out = []
    for industry in _rules().industries:
        if industry.keywords is not None:
            found = tuple(dict.fromkeys(m.group(0) for m in industry.keywords.finditer(text_n)))
            if found:
                out.append((industry.slug, found))
    return tuple(out)


@functools.lru_cache(maxsize=65_536)
def _field_hits(field_n: str) -> _Hits:
    """(slug, distinct phrases) for keywords in a title or department."""
    return _phrases_in(field_n)


def _without_boilerplate(text_n: str) -> str:
    rules = _rules()
    return rules.ignore.sub(" ", text_n) if rules.ignore is not None else text_n


def description_counts(segment_n: str) -> _Counts:
    """(slug, (phrase, count)...) for keywords in a normalized description segment, boilerplate removed."""
    if not _rules().keywords.possible(segment_n):
        return ()
    segment_n = _without_boilerplate(segment_n)
    out = []
    for industry in _rules().industries:
        if industry.keywords is not None:
            counts: dict[str, int] = {}
            for match in industry.keywords.finditer(segment_n):
                counts[match.group(0)] = counts.get(match.group(0), 0) + 1
            if counts:
                out.append((industry.slug, tuple(counts.items())))
    return tuple(out)


def lead_hits(first_segment_n: str) -> _Hits:
    """(slug, phrases) in the description's opening sentence (its first segment, boilerplate removed)."""
    return _phrases_in(_lead_sentence(_without_boilerplate(first_segment_n)))


def primary_match(text_n: str) -> str | None:
    """The first phrase in `text_n` that makes a company itself a VC, studio or accelerator."""
    rule = next((i for i in _rules().industries if i.slug == ENTREPRENEURSHIP), None)
    match = rule.primary_keywords.search(text_n) if rule is not None and rule.primary_keywords is not None else None
    return match.group(0) if match else None


class DescriptionParts(NamedTuple):
    """What a description says about the industry, segment by segment (see `description_parts`)."""

    counts: list[_Counts]
    lead: _Hits
    primary: list[str | None]


def description_parts(segments_n: list[str]) -> DescriptionParts:
    """The industry reading of a description's normalized segments."""
    return DescriptionParts([description_counts(s) for s in segments_n],
                            lead_hits(segments_n[0]) if segments_n else (),
                            [primary_match(s) for s in segments_n])


class _Found(NamedTuple):
    """The phrases behind the scores, per slug (evidence strings are only built for the primary)."""

    names: dict[str, tuple[str, ...]]
    fields: dict[str, dict[str, None]]
    counts: dict[str, dict[str, int]]

    def evidence(self, slug: str) -> list[str]:
        found = self.counts.get(slug, {})
        return [*(f"name: {p}" for p in self.names.get(slug, ())), *(f"title: {p}" for p in self.fields.get(slug, ())),
                *(f"description: {p}" for p in sorted(found, key=lambda p: -found[p]))]


def _scores_and_evidence(
    company_n: str, title_n: str, department_n: str, parts: DescriptionParts
) -> tuple[dict[str, float], _Found]:
    scores: dict[str, float] = {}
    names = dict(_name_hits(company_n)) if company_n else {}
    for slug, phrases in names.items():
        scores[slug] = _NAME_WEIGHT * len(phrases)
    fields: dict[str, dict[str, None]] = {}
    for field_n in (title_n, department_n):
        if field_n:
            for slug, phrases in _field_hits(field_n):
                fields.setdefault(slug, {}).update(dict.fromkeys(phrases))
    counts: dict[str, dict[str, int]] = {}
    for segment in parts.counts:
        for slug, phrase_counts in segment:
            merged = counts.get(slug)
            if merged is None:
                counts[slug] = dict(phrase_counts)
                continue
            for phrase, n in phrase_counts:
                merged[phrase] = merged.get(phrase, 0) + n
    lead = dict(parts.lead)
    for slug in {*fields, *counts}:
        score = _FIELD_WEIGHT * len(fields.get(slug, ()))
        found = counts.get(slug)
        if found:
            score += min(_DESCRIPTION_CAP, float(sum(min(n, _DESCRIPTION_REPEATS) for n in found.values())))
            # Descriptions usually open by saying what the company does: that sentence counts
            # once more.
            score += _LEAD_WEIGHT * len(lead.get(slug, ()))
        if score:
            scores[slug] = scores.get(slug, 0.0) + score
    return scores, _Found(names, fields, counts)


def _parts_of(description_text: Any) -> DescriptionParts:
    return description_parts(normalized_segments(description_text))


_MAX_EVIDENCE = 6


@dataclass(frozen=True)
class IndustryDecision:
    """The primary industry, every industry that applies (primary first), and why."""

    industry: str
    industries: list[str]
    evidence: list[str]


@functools.lru_cache(maxsize=65_536)
def _company_key(company: str) -> str:
    """normalize(company), memoized: the same employers recur in every batch."""
    return normalize(company)


@functools.cache
def _min_scores() -> dict[str, float]:
    return {i.slug: i.min_score for i in _rules().industries}


def decide_from(
    company: Any, title_n: str, department_n: str, parts: DescriptionParts, company_map: bool = True,
) -> IndustryDecision:
    """decide_industry from the company, the normalized title and department, and description parts."""
    company_n = _company_key(as_text(company))
    scores, evidence = _scores_and_evidence(company_n, title_n, department_n, parts)
    known = _known(company_n) if company_n and company_map else None
    ranked = sorted(scores, key=lambda slug: (-scores[slug], INDUSTRIES.index(slug)))
    reasons: list[str] = []
    if known:
        primary = known[1]
        reasons.append(f"company: {known[0]}")
    else:
        lead = None
        if ENTREPRENEURSHIP in scores:
            # The company itself is a VC, studio or accelerator: its name, the title or the
            # description says so (the first that does).
            lead = primary_match(company_n) or primary_match(title_n) or next(filter(None, parts.primary), None)
        others = [slug for slug in ranked if slug != ENTREPRENEURSHIP]
        if lead and scores[ENTREPRENEURSHIP] >= max((scores[s] for s in others), default=0.0) * 0.5:
            primary = ENTREPRENEURSHIP
            reasons.append(f"vc: {lead}")
        elif ranked and ranked[0] == ENTREPRENEURSHIP and others:
            primary = others[0]
        else:
            primary = ranked[0] if ranked else OTHER
    reasons.extend(evidence.evidence(primary))
    min_scores = _min_scores()
    secondary = [slug for slug in ranked if slug != primary and scores[slug] >= min_scores.get(slug, 0.0)]
    reasons = list(dict.fromkeys(reasons))[:_MAX_EVIDENCE]
    return IndustryDecision(primary, [primary, *secondary], reasons or ["no evidence"])


def decide_industry(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None,
    company_map: bool = True,
) -> IndustryDecision:
    """Primary and secondary industries with the evidence that decided the primary.

    Primary: the company map if the company is known, else the best-scoring industry, else
    "other". Entrepreneurship leads only for VCs/accelerators/studios or when nothing else
    scores. Evidence strings: "company: <map key>", "name: <phrase>", "title: <phrase>",
    "description: <phrase>", "vc: <phrase>" or "no evidence". `company_map=False` decides from
    the phrases alone (how `internradar eval` measures the rules on companies the map lacks).
    """
    return decide_from(company, normalize(title), normalize(department), _parts_of(description_text), company_map)


def classify_industry(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> tuple[str, list[str]]:
    """(primary slug, all slugs that apply, primary first); see decide_industry."""
    decision = decide_industry(company, title, description_text, department)
    return decision.industry, decision.industries

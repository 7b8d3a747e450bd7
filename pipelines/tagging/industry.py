"""The employer's industry: a known-company map first, then keyword rules from `industries.yaml`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.tagging.matching import Gated, gated
from pipelines.tagging.text import SCAN_CHARS, normalize

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
    return _Rules(tuple(industries), companies, _phrases_regex(data.get("ignore")), exact)


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


def _name_scores(company: str) -> dict[str, float]:
    return {slug: _NAME_WEIGHT * len(phrases) for slug, phrases in _name_hits(company)}


def _description_counts(pattern: Gated, text: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        counts[match.group(0)] = counts.get(match.group(0), 0) + 1
    return counts


def _scores_and_evidence(
    company: Any, title: Any, description_text: Any, department: Any
) -> tuple[dict[str, float], dict[str, list[str]]]:
    rules = _rules()
    company_n = normalize(company)
    fields = " \n ".join(normalize(x) for x in (title, department) if x)
    description = normalize(str(description_text)[:SCAN_CHARS]) if description_text else ""
    if description and rules.ignore is not None:
        description = rules.ignore.sub(" ", description)
    scores: dict[str, float] = {}
    evidence: dict[str, list[str]] = {}
    if company_n:
        for slug, phrases in _name_hits(company_n):
            scores[slug] = _NAME_WEIGHT * len(phrases)
            evidence.setdefault(slug, []).extend(f"name: {p}" for p in phrases)
    for industry in rules.industries:
        if industry.keywords is None:
            continue
        score = 0.0
        if fields:
            found = list(dict.fromkeys(m.group(0) for m in industry.keywords.finditer(fields)))
            score += _FIELD_WEIGHT * len(found)
            evidence.setdefault(industry.slug, []).extend(f"title: {p}" for p in found)
        if description:
            counts = _description_counts(industry.keywords, description)
            if counts:
                score += min(_DESCRIPTION_CAP, float(sum(min(n, _DESCRIPTION_REPEATS) for n in counts.values())))
                # Descriptions usually open by saying what the company does: that sentence
                # counts once more.
                lead = {m.group(0) for m in industry.keywords.finditer(_lead_sentence(description))}
                score += _LEAD_WEIGHT * len(lead)
                ranked = sorted(counts, key=lambda p: -counts[p])
                evidence.setdefault(industry.slug, []).extend(f"description: {p}" for p in ranked)
        if score:
            scores[industry.slug] = scores.get(industry.slug, 0.0) + score
    return scores, evidence


def industry_scores(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> dict[str, float]:
    """Keyword score per industry slug (only slugs with evidence)."""
    return _scores_and_evidence(company, title, description_text, department)[0]


def _entrepreneurship_lead(company_n: str, description: str) -> str | None:
    """The phrase that makes the company itself a VC, studio or accelerator, if any."""
    rule = next((i for i in _rules().industries if i.slug == ENTREPRENEURSHIP), None)
    if rule is None or rule.primary_keywords is None:
        return None
    match = rule.primary_keywords.search(company_n) or rule.primary_keywords.search(description)
    return match.group(0) if match else None


_MAX_EVIDENCE = 6


@dataclass(frozen=True)
class IndustryDecision:
    """The primary industry, every industry that applies (primary first), and why."""

    industry: str
    industries: list[str]
    evidence: list[str]


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
    scores, evidence = _scores_and_evidence(company, title, description_text, department)
    company_n = normalize(company)
    known = _known(company_n) if company_n and company_map else None
    ranked = sorted(scores, key=lambda slug: (-scores[slug], INDUSTRIES.index(slug)))
    reasons: list[str] = []
    if known:
        primary = known[1]
        reasons.append(f"company: {known[0]}")
    else:
        description = normalize(str(description_text or "")[:SCAN_CHARS])
        title_n = normalize(title)
        lead = _entrepreneurship_lead(company_n, f"{title_n}\n{description}") if ENTREPRENEURSHIP in scores else None
        others = [slug for slug in ranked if slug != ENTREPRENEURSHIP]
        if lead and scores[ENTREPRENEURSHIP] >= max((scores[s] for s in others), default=0.0) * 0.5:
            primary = ENTREPRENEURSHIP
            reasons.append(f"vc: {lead}")
        elif ranked and ranked[0] == ENTREPRENEURSHIP and others:
            primary = others[0]
        else:
            primary = ranked[0] if ranked else OTHER
    reasons.extend(evidence.get(primary, ()))
    min_scores = {i.slug: i.min_score for i in _rules().industries}
    secondary = [slug for slug in ranked if slug != primary and scores[slug] >= min_scores.get(slug, 0.0)]
    reasons = list(dict.fromkeys(reasons))[:_MAX_EVIDENCE]
    return IndustryDecision(primary, [primary, *secondary], reasons or ["no evidence"])


def classify_industry(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> tuple[str, list[str]]:
    """(primary slug, all slugs that apply, primary first); see decide_industry."""
    decision = decide_industry(company, title, description_text, department)
    return decision.industry, decision.industries

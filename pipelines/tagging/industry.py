"""The employer's industry: a known-company map first, then keyword rules from `industries.yaml`."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipelines.tagging.text import normalize

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
_DESCRIPTION_SCAN_CHARS = 50_000
# Legal and generic endings dropped before looking a company up in the map
# ("Capital One Financial Corp." is Capital One, "Epic Systems" is Epic).
_COMPANY_SUFFIXES = frozenset(
    "inc incorporated llc l l c ltd limited corp corporation co company plc gmbh ag sa nv bv lp llp "
    "holdings group financial technologies technology systems services international global the".split()
)


@dataclass(frozen=True)
class _Industry:
    slug: str
    keywords: re.Pattern[str] | None
    name_keywords: re.Pattern[str] | None
    primary_keywords: re.Pattern[str] | None
    min_score: float


@dataclass(frozen=True)
class _Rules:
    industries: tuple[_Industry, ...]
    companies: dict[str, str]
    ignore: re.Pattern[str] | None


def _phrases_regex(phrases: Any) -> re.Pattern[str] | None:
    """Whole-word, case/accent-insensitive regex for yaml phrases; "x*" allows any ending."""
    parts = []
    for phrase in phrases or ():
        text = normalize(str(phrase))
        star = text.endswith("*")
        words = text.rstrip("*").split()
        if not words:
            continue
        # "early-stage" also matches "early stage" and "earlystage".
        body = r"\s+".join(re.escape(w).replace(r"\-", "[- ]?") for w in words)
        parts.append(body + (r"\w*" if star else ""))
    if not parts:
        return None
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


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
    companies = {}
    for name, slug in (data.get("companies") or {}).items():
        if slug not in INDUSTRIES:
            raise ValueError(f"{RULES_FILE.name}: company {name!r} has unknown slug {slug!r}")
        companies[company_key(name)] = slug
    return _Rules(tuple(industries), companies, _phrases_regex(data.get("ignore")))


def known_company(company: Any) -> str | None:
    """The map's slug for a well-known company ("Capital One Financial Corp." -> finance), else None."""
    companies = _rules().companies
    text = normalize(company)
    # "Hewlett Packard (HP)", "Bank of Montreal (BMO)": try the name and the bracketed short form.
    candidates = [re.sub(r"\(.*?\)", " ", text), *re.findall(r"\((.*?)\)", text)]
    for candidate in candidates:
        key = company_key(candidate)
        if key in companies:
            return companies[key]
    return None


@functools.lru_cache(maxsize=16384)
def _name_scores(company: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for industry in _rules().industries:
        hits = sum(1 for p in (industry.keywords, industry.name_keywords) if p is not None and p.search(company))
        if hits:
            scores[industry.slug] = _NAME_WEIGHT * hits
    return scores


def _description_score(pattern: re.Pattern[str], text: str) -> float:
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        counts[match.group(0)] = counts.get(match.group(0), 0) + 1
    return min(_DESCRIPTION_CAP, float(sum(min(n, _DESCRIPTION_REPEATS) for n in counts.values())))


def industry_scores(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> dict[str, float]:
    """Keyword score per industry slug (only slugs with evidence)."""
    rules = _rules()
    company_n = normalize(company)
    fields = " \n ".join(normalize(x) for x in (title, department) if x)
    description = normalize(str(description_text)[:_DESCRIPTION_SCAN_CHARS]) if description_text else ""
    if description and rules.ignore is not None:
        description = rules.ignore.sub(" ", description)
    scores = dict(_name_scores(company_n)) if company_n else {}
    for industry in rules.industries:
        if industry.keywords is None:
            continue
        score = 0.0
        if fields:
            score += _FIELD_WEIGHT * len({m.group(0) for m in industry.keywords.finditer(fields)})
        if description:
            score += _description_score(industry.keywords, description)
        if score:
            scores[industry.slug] = scores.get(industry.slug, 0.0) + score
    return scores


def _entrepreneurship_can_lead(company_n: str, description: str) -> bool:
    rule = next((i for i in _rules().industries if i.slug == ENTREPRENEURSHIP), None)
    if rule is None or rule.primary_keywords is None:
        return False
    return bool(rule.primary_keywords.search(company_n) or rule.primary_keywords.search(description))


def classify_industry(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> tuple[str, list[str]]:
    """(primary slug, all slugs that apply, primary first).

    Primary: the company map if the company is known, else the best-scoring industry, else
    "other". Entrepreneurship leads only for VCs/accelerators or when nothing else scores.
    """
    scores = industry_scores(company, title, description_text, department)
    known = known_company(company)
    ranked = sorted(scores, key=lambda slug: (-scores[slug], INDUSTRIES.index(slug)))
    if known:
        primary = known
    else:
        others = [slug for slug in ranked if slug != ENTREPRENEURSHIP]
        if ranked and ranked[0] == ENTREPRENEURSHIP and others and not _entrepreneurship_can_lead(
            normalize(company), normalize(str(description_text or "")[:_DESCRIPTION_SCAN_CHARS])
        ):
            primary = others[0]
        else:
            primary = ranked[0] if ranked else OTHER
    min_scores = {i.slug: i.min_score for i in _rules().industries}
    secondary = [slug for slug in ranked if slug != primary and scores[slug] >= min_scores.get(slug, 0.0)]
    return primary, [primary, *secondary]

"""The employer's industry: a sources-file `industry:`, a known-company map, then what the company
says it does (keyword rules from `industries.yaml`, read segment by segment)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence
from typing import Any, NamedTuple

from pipelines.datafiles import read_yaml

from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import as_text, normalize, normalized_segments

RULES_FILE = Path(__file__).parent / "industries.yaml"
INDUSTRIES = (
    "information_technology", "finance", "healthcare", "logistics", "entrepreneurship", "human_resources", "other",
)
OTHER = "other"
ENTREPRENEURSHIP = "entrepreneurship"
INFORMATION_TECHNOLOGY = "information_technology"
# Weights by where a keyword appears: the company's own name says most about its industry; one
# job's title or department ("Software Engineer" at a bank) says little.
_NAME_WEIGHT = 3.0
_FIELD_WEIGHT = 1.0
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
    name_keywords: re.Pattern | None
    primary_keywords: Gated | None
    min_score: float
    # Phrases that name a company's customers ("retailers", "e-commerce"): market, never product.
    market_keywords: Gated | None = None


@dataclass(frozen=True)
class _Rules:
    industries: tuple[_Industry, ...]
    companies: dict[str, str]
    ignore: Gated | None
    # Names as written (punctuation dropped, suffixes kept): "Grab Financial Group" is not "Grab".
    exact_companies: dict[str, str] = field(default_factory=dict)
    # Every industry's keywords and the means, to skip a text none of them can match.
    keywords: PatternSet = field(default_factory=lambda: PatternSet(()))
    # Generic means (software, AI, cloud ...), benefits/perks cues, equal-opportunity/agency cues.
    means: Gated | None = None
    boilerplate: Gated | None = None
    eeo: Gated | None = None
    name_means: re.Pattern | None = None


_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uff66-\uff9f]")


def _phrases_regex(phrases: Any, scanned: bool = True) -> Gated | re.Pattern | None:
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
        # A Korean particle may follow a Latin word ("AI를", "SaaS는"): Hangul ends a word too.
        alternatives.append(r"(?<!\w)(?:" + "|".join(words_parts) + r")(?![^\W\uac00-\ud7af])")
    if cjk_parts:
        cjk_parts.sort(key=len, reverse=True)
        alternatives.append("|".join(cjk_parts))
    if not alternatives:
        return None
    # Patterns for company names only run on short, memoized names: they stay out of the one
    # keyword scan of every text (`scanned=False`), where their short words ("io", "ai") would
    # be found in nearly every description for nothing.
    return gated("|".join(alternatives)) if scanned else re.compile("|".join(alternatives))


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
    data = read_yaml(RULES_FILE)
    threshold = float(data.get("threshold", 3.0))
    industries = []
    for slug, rule in (data.get("industries") or {}).items():
        if slug not in INDUSTRIES:
            raise ValueError(f"{RULES_FILE.name}: unknown industry slug {slug!r}")
        industries.append(_Industry(
            slug, _phrases_regex(rule.get("keywords")), _phrases_regex(rule.get("name_keywords"), scanned=False),
            _phrases_regex(rule.get("primary_keywords")), float(rule.get("min_score", threshold)),
            _phrases_regex(rule.get("market_keywords")),
        ))
    companies, exact = {}, {}
    for name, slug in (data.get("companies") or {}).items():
        if slug not in INDUSTRIES:
            raise ValueError(f"{RULES_FILE.name}: company {name!r} has unknown slug {slug!r}")
        companies.setdefault(company_key(name), slug)
        exact[name_key(name)] = slug
    means = _phrases_regex(data.get("means"))
    keywords = [pattern for industry in industries for pattern in (industry.keywords, industry.market_keywords)]
    return _Rules(tuple(industries), companies, _phrases_regex(data.get("ignore")), exact,
                  PatternSet([*keywords, means]), means, _phrases_regex(data.get("boilerplate")),
                  _phrases_regex(data.get("equal_opportunity")), _phrases_regex(data.get("name_means"), scanned=False))


def name_key(name: Any) -> str:
    """A company name as written, normalized, punctuation dropped, suffixes kept ("Grab
    Financial Group" is not "Grab")."""
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
        exact = name_key(text)
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


# -- reading a description segment ----------------------------------------------------------------
#
# What decides is what the company says it is: its self-description (an opening "Acme is a ...",
# "We build ...", an "About us" section, the sentences every posting of its board repeats). Role
# text counts for little, and benefits, perks and equal-opportunity text for nothing. Within a
# self-description the sector a company is in (product) outranks the sector it sells to (market,
# after "for", "to", "helping" ...), and both outrank the generic means (software, AI, cloud,
# robotics), which point at information_technology only when no sector is named.

ROLE, SELF, IDENTITY, BOILERPLATE, ABOUT, HEADING = range(6)
_PRODUCT_WEIGHT = 3.0
_MARKET_WEIGHT = 2.0
_IDENTITY_FACTOR = 1.5  # "Acme is a ... company": the sentence that says what the company is
_MEANS_WEIGHT = 1.0
_ROLE_WEIGHT = 0.5
_ROLE_CAP = 2.0
_FIELD_MEANS_WEIGHT = 0.25
_NAME_MEANS_WEIGHT = 0.5
_SECTOR_EVIDENCE = 1.0  # the least score that names a startup's sector
_LABEL_LINE = re.compile(r"^[\w ]{1,24}: [^.!?]{0,60}[.!?]?$")  # "Category: Software.", "Terms: Summer 2026."

# A sentence's subject that is not the company ("You will ...", "The intern ...", "Our team ...").
_SUBJECT = (r"(?!(?:you|your|this|that|these|the role|the intern|interns|our team|the team|it|there|what|who|why|"
            r"how|each|every|applicants|candidates|benefits|our benefits|perks)\b)")
_NAME_WORDS = r"[\w&.'+-]+(?: [\w&.'+-]+){0,3}"
_VERBS = (r"is|are|was|builds|makes|develops|designs|creates|provides|offers|operates|runs|helps|delivers|supplies|"
          r"removes|connects|brings|enables|powers|uses|combines|moves|sells|invests|backs|protects|lets|gives|"
          r"serves|insures|lends|specialises|specializes|manufactures|produces|owns")
_IDENTITY_RE = re.compile(
    rf"^(?:at )?{_SUBJECT}{_NAME_WORDS},? (?:is|are) (?:a|an|the|one of|\w+'s)\b"
    r"|^we(?:'re| are) (?:a|an|the|one of)\b"
    r"|^\S+ (?:ar|ist|es) (?:en|ett|ein|eine|un|una|el|la)\b"  # Swedish, German, Spanish: "X är ett ..."
    r"|(?:기업|회사|플랫폼|스타트업|액셀러레이터|은행|브랜드|업체)(?:입니다|이다)")
_SELF_RE = re.compile(
    rf"^(?:at )?{_SUBJECT}{_NAME_WORDS},? (?:{_VERBS})\b"
    r"|^we(?:'re| are| build| make| develop| design| create| run| operate| help| provide| deliver| supply| move|"
    r" connect| invest| back| sell| bring| buy| remove| insure| lend| serve| power| use| combine| exist)\b"
    r"|^(?:our (?:mission|vision|purpose|platform|products?|company|goal|technology|software|apps?|customers|clients)"
    r"|founded|headquartered|established)\b"
    r"|^vi (?:ar|hjalper|utvecklar|bygger|gor|levererar|saljer|refinansierar)\b"
    r"|^[^ ]+(?:은|는) .*(?:만듭니다|운영합니다|운영하는|제공합니다|개발합니다|설계하는|돕습니다|투자합니다|투자하는)")
_ABOUT_RE = re.compile(r"^(?:about(?: us| the company| the team)?|about [^.!?]{1,40}|who we are|our story|om oss|"
                       r"om [^.!?]{1,30}|uber uns|회사 ?소개|기업 ?소개|company description)[:.]?$")
# Where a self-description turns from what the company is to whom it serves.
_CONNECTIVE_RE = re.compile(r"\b(?:for|to|serving|serves|helping|helps|help|solving|solves|used by|trusted by|"
                            r"protects|powering|powers|enables|enabling|customers|clients|across|with|inside|within|"
                            r"into)\b|위한|돕")
_HEADING_MAX_WORDS = 6


class SegmentReading(NamedTuple):
    """What one normalized description segment says about the employer's industry, worked out
    once per segment (the tagger memoizes segments) so that a posting only adds them up."""

    text_n: str  # the normalized segment
    kind: int  # ROLE, SELF, IDENTITY, BOILERPLATE, ABOUT (an "About us" heading) or HEADING
    # As a self-description: (slug, weight, evidence) per slug, its strongest phrase (product
    # over market), and the means as information_technology when no IT phrase is there.
    as_self: tuple[tuple[str, float, str], ...]
    # As role text: (slug, evidence) per slug, its first phrase; the means separately.
    as_role: tuple[tuple[str, str], ...]
    means: str | None  # "description: <means phrase>", if any
    venture: str | None  # a phrase that makes the company itself a VC, studio or accelerator


def _kind(segment_n: str) -> int:
    rules = _rules()
    if rules.eeo is not None and rules.eeo.search(segment_n):
        return BOILERPLATE
    if _IDENTITY_RE.search(segment_n):
        return IDENTITY
    if _SELF_RE.search(segment_n):
        return SELF
    if _ABOUT_RE.match(segment_n):
        return ABOUT
    if rules.boilerplate is not None and rules.boilerplate.search(segment_n):
        return BOILERPLATE
    if (len(segment_n.split()) <= _HEADING_MAX_WORDS and not re.search(r"[.!?。다]$", segment_n)) \
            or _LABEL_LINE.match(segment_n):
        return HEADING
    return ROLE


def read_segment(segment_n: str) -> SegmentReading:
    """The industry reading of a normalized description segment (see SegmentReading)."""
    kind = _kind(segment_n)
    if kind == BOILERPLATE:
        return SegmentReading(segment_n, kind, (), (), None, None)
    rules = _rules()
    venture = primary_match(segment_n)
    if not rules.keywords.possible(segment_n):
        return SegmentReading(segment_n, kind, (), (), None, venture)
    text = _without_boilerplate(segment_n)
    connective = _CONNECTIVE_RE.search(text)
    cut = connective.start() if connective else len(text)
    best: dict[str, tuple[float, str]] = {}
    first: dict[str, str] = {}
    for industry in rules.industries:
        found = [] if industry.keywords is None else [
            (_PRODUCT_WEIGHT if m.start() < cut else _MARKET_WEIGHT, m.start(), m.group(0))
            for m in industry.keywords.finditer(text)]
        if industry.market_keywords is not None:
            found += [(_MARKET_WEIGHT, m.start(), m.group(0)) for m in industry.market_keywords.finditer(text)]
        if found:
            weight, _, phrase = max(found, key=lambda hit: (hit[0], -hit[1]))
            best[industry.slug] = (weight, phrase)
            first[industry.slug] = min(found, key=lambda hit: hit[1])[2]
    means = rules.means.search(text) if rules.means is not None else None
    means_label = f"description: {means.group(0)}" if means else None
    as_self = [(slug, weight, f"description: {phrase}") for slug, (weight, phrase) in best.items()]
    if means_label and INFORMATION_TECHNOLOGY not in best:
        as_self.append((INFORMATION_TECHNOLOGY, _MEANS_WEIGHT, means_label))
    as_role = tuple((slug, f"description: {phrase}") for slug, phrase in first.items())
    return SegmentReading(segment_n, kind, tuple(as_self), as_role, means_label, venture)


def _without_boilerplate(text_n: str) -> str:
    rules = _rules()
    return rules.ignore.sub(" ", text_n) if rules.ignore is not None else text_n


def primary_match(text_n: str) -> str | None:
    """The first phrase in `text_n` that makes a company itself a VC, studio or accelerator."""
    rule = next((i for i in _rules().industries if i.slug == ENTREPRENEURSHIP), None)
    match = rule.primary_keywords.search(text_n) if rule is not None and rule.primary_keywords is not None else None
    return match.group(0) if match else None


# -- one posting, and the postings of one company -------------------------------------------------

_Hits = tuple[tuple[str, tuple[str, ...]], ...]  # (slug, phrases in order of first occurrence)


def _phrases_in(text_n: str) -> _Hits:
    out = []
    for industry in _rules().industries:
        if industry.keywords is not None:
            found = tuple(dict.fromkeys(m.group(0) for m in industry.keywords.finditer(text_n)))
            if found:
                out.append((industry.slug, found))
    return tuple(out)


@functools.lru_cache(maxsize=65_536)
def _field_hits(field_n: str) -> tuple[_Hits, str | None]:
    """(slug, "title: <phrase>"...) for keywords in a title or department, and its means."""
    means = _rules().means
    found = means.search(field_n) if means is not None and field_n else None
    hits = tuple((slug, tuple(f"title: {p}" for p in phrases)) for slug, phrases in _phrases_in(field_n))
    return hits, f"title: {found.group(0)}" if found else None


@functools.lru_cache(maxsize=16384)
def _name_evidence(company_n: str) -> tuple[tuple[str, str, float], ...]:
    """(slug, "name: <phrase>", weight) for a company name: sector keywords, then a generic
    means word ("Acme AI") as weak evidence for information_technology."""
    out = [(slug, f"name: {phrase}", _NAME_WEIGHT) for slug, phrases in _name_hits(company_n) for phrase in phrases]
    name_means = _rules().name_means
    found = name_means.search(company_n) if name_means is not None else None
    if found:
        out.append((INFORMATION_TECHNOLOGY, f"name: {found.group(0)}", _NAME_MEANS_WEIGHT))
    return tuple(out)


class PostingReading(NamedTuple):
    """Everything the industry decision reads from one posting: normalized company, title and
    department, and the readings of its description's segments, in order."""

    company_n: str
    title_n: str
    department_n: str
    segments: tuple[SegmentReading, ...]


def posting_reading(company: Any, title_n: str, department_n: str,
                    segments: Sequence[SegmentReading]) -> PostingReading:
    """A PostingReading of a posting's company, normalized title and department, and segments."""
    return PostingReading(_company_key(as_text(company)), title_n, department_n, tuple(segments))


class _Tally:
    """Scores per slug, and what added to them (evidence is worked out for the primary only)."""

    def __init__(self) -> None:
        self.scores: dict[str, float] = {}
        self.added: list[tuple[str, str, float]] = []

    def add(self, slug: str, label: str, weight: float) -> None:
        self.scores[slug] = self.scores.get(slug, 0.0) + weight
        self.added.append((slug, label, weight))

    def evidence(self, slug: str) -> list[str]:
        found: dict[str, float] = {}
        for added_slug, label, weight in self.added:
            if added_slug == slug:
                found[label] = found.get(label, 0.0) + weight
        order = list(found)
        return sorted(found, key=lambda label: (-found[label], order.index(label)))


def _recurring(postings: list[PostingReading]) -> set[str]:
    """Role-text segments repeated in at least half of several postings (and in two at least):
    the company's own text, which every posting of its board carries."""
    if len(postings) < 2:
        return set()
    counts: dict[str, int] = {}
    for posting in postings:
        for text_n in {reading.text_n for reading in posting.segments if reading.kind == ROLE}:
            counts[text_n] = counts.get(text_n, 0) + 1
    need = max(2, (len(postings) + 1) // 2)
    return {text_n for text_n, n in counts.items() if n >= need}


def _add_posting(tally: _Tally, posting: PostingReading, share: float, recurring: set[str], seen: set[str],
                 ventures: list[str]) -> None:
    """One posting's evidence, in one pass: its self-description segments (each distinct segment
    once per group: `seen`), then its title, department and role text weighted by `share`
    (1/postings): each sector at most _ROLE_CAP from role text, the means once, weakly.

    Self-description: segments read as such, segments under an "About ..." heading, those that
    open with the company's name, and those `recurring` across the group's postings."""
    means = None
    role: dict[str, float] = {}
    name = posting.company_n if len(posting.company_n) >= 3 else None
    in_about = False
    for reading in posting.segments:
        kind = reading.kind
        if kind == ABOUT:
            in_about = True
            continue
        if kind == BOILERPLATE:
            in_about = False
            continue
        text_n = reading.text_n
        if kind == SELF or kind == IDENTITY or text_n in recurring or (
                kind == ROLE and (in_about or (name is not None and text_n.startswith(name)))):
            if text_n not in seen:
                seen.add(text_n)
                factor = _IDENTITY_FACTOR if kind == IDENTITY else 1.0
                for slug, weight, label in reading.as_self:
                    tally.add(slug, label, weight * factor)
                if reading.venture:
                    ventures.append(reading.venture)
            continue
        if kind == HEADING:
            in_about = False
        for slug, label in reading.as_role:
            if role.get(slug, 0.0) < _ROLE_CAP:
                role[slug] = role.get(slug, 0.0) + _ROLE_WEIGHT
                tally.add(slug, label, _ROLE_WEIGHT * share)
        means = means or reading.means
    for field_n in (posting.title_n, posting.department_n):
        if field_n:
            hits, field_means = _field_hits(field_n)
            for slug, labels in hits:
                for label in labels:
                    tally.add(slug, label, _FIELD_WEIGHT * share)
            means = field_means or means
    if means:
        tally.add(INFORMATION_TECHNOLOGY, means, _FIELD_MEANS_WEIGHT * share)


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


EMPLOYER_EVIDENCE = "employer: decided over all its postings"


def decide_postings(
    postings: list[PostingReading], company_map: bool = True, configured: str | None = None,
) -> IndustryDecision:
    """One decision for postings of one company (one posting, or a board's postings of a night).

    Primary: `configured` (a sources-file `industry:`) if given, else the company map if it knows
    the company, else the best score: the name's keywords, the self-description (each distinct
    segment once), and each posting's title and role text divided by the number of postings.
    """
    company_n = postings[0].company_n if postings else ""
    tally = _Tally()
    for slug, label, weight in (_name_evidence(company_n) if company_n else ()):
        tally.add(slug, label, weight)
    recurring, seen, ventures = _recurring(postings), set(), []
    for posting in postings:
        _add_posting(tally, posting, 1.0 / len(postings), recurring, seen, ventures)
    scores = tally.scores
    ranked = sorted(scores, key=lambda slug: (-scores[slug], INDUSTRIES.index(slug)))
    known = _known(company_n) if company_n and company_map else None
    reasons: list[str] = []
    if configured in INDUSTRIES:
        primary = configured
        reasons.append(f"source: {configured}")
    elif known:
        primary = known[1]
        reasons.append(f"company: {known[0]}")
    else:
        primary = _primary_from(scores, ranked, company_n, postings, ventures, reasons)
    reasons.extend(tally.evidence(primary))
    min_scores = _min_scores()
    secondary = [slug for slug in ranked if slug != primary and scores[slug] >= min_scores.get(slug, 0.0)]
    if len(postings) > 1:
        # Not how many: the count moves whenever the board opens or closes a posting, and each
        # move would rewrite every stored posting of the employer for a word of evidence.
        reasons.insert(0, EMPLOYER_EVIDENCE)
    reasons = list(dict.fromkeys(reasons))[:_MAX_EVIDENCE]
    return IndustryDecision(primary, [primary, *secondary], reasons or ["no evidence"])


def _primary_from(scores: dict[str, float], ranked: list[str], company_n: str, postings: list[PostingReading],
                  self_ventures: list[str], reasons: list[str]) -> str:
    lead = None
    if ENTREPRENEURSHIP in scores:
        # The company itself is a VC, studio or accelerator: its name, its self-description, a
        # title or any segment says so (the first that does).
        lead = (primary_match(company_n) or next(iter(self_ventures), None)
                or next((primary_match(p.title_n) for p in postings if primary_match(p.title_n)), None)
                or next((r.venture for p in postings for r in p.segments if r.venture), None))
    others = [slug for slug in ranked if slug != ENTREPRENEURSHIP]
    if lead and scores[ENTREPRENEURSHIP] >= max((scores[s] for s in others), default=0.0) * 0.5:
        reasons.append(f"vc: {lead}")
        return ENTREPRENEURSHIP
    if ranked and ranked[0] == ENTREPRENEURSHIP and others and scores[others[0]] >= _SECTOR_EVIDENCE:
        return others[0]  # a startup in a sector: the sector (a title's means alone is no sector)
    return ranked[0] if ranked else OTHER


def reading_of(company: Any, title: Any = None, description_text: Any = None, department: Any = None) -> PostingReading:
    """The PostingReading of one posting's parts (description as plain text)."""
    segments = [read_segment(s) for s in normalized_segments(description_text)]
    return posting_reading(company, normalize(title), normalize(department), segments)


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
    return decide_postings([reading_of(company, title, description_text, department)], company_map)


def classify_industry(
    company: Any, title: Any = None, description_text: Any = None, department: Any = None
) -> tuple[str, list[str]]:
    """(primary slug, all slugs that apply, primary first); see decide_industry."""
    decision = decide_industry(company, title, description_text, department)
    return decision.industry, decision.industries


# -- readings kept with a posting version ---------------------------------------------------------
# The employer-level decision reads every posting of an employer each night; a night's new or
# changed postings are tagged, the others are not read again: their reading is stored with their
# version (posting_versions.industry_reading) as compact JSON. A segment's text is kept only as
# what the decision compares it by: a hash (is it the same sentence as another posting's?), with
# the company's name in front when the sentence starts with it (a company describing itself).


def reading_to_json(reading: PostingReading) -> str:
    """A PostingReading as compact JSON that `reading_from_json` turns back into one deciding the
    same: segment texts become hashes (plus the company name when a segment starts with it)."""
    import hashlib
    import json

    name = reading.company_n if len(reading.company_n) >= 3 else None
    segments = []
    for r in reading.segments:
        digest = "#" + hashlib.blake2b(r.text_n.encode("utf-8"), digest_size=8).hexdigest()
        key = f"{name} {digest}" if name is not None and r.text_n.startswith(name) else digest
        segments.append([r.kind, key, [list(x) for x in r.as_self], [list(x) for x in r.as_role], r.means, r.venture])
    return json.dumps([reading.company_n, reading.title_n, reading.department_n, segments], ensure_ascii=False,
                      separators=(",", ":"))


# Segments parsed from stored readings, by their key: an employer's postings share most of their
# segments (a decision reads each posting's reading), and building a segment's nested tuples
# costs more than comparing its parsed lists with the ones parsed before.
_PARSED_SEGMENTS: dict[str, tuple[list, SegmentReading]] = {}
_PARSED_SEGMENTS_MAX = 20_000  # about 0.9 KB each: at most ~18 MB, freed with the tagger's caches


def reading_from_json(text: str) -> PostingReading:
    import json

    company_n, title_n, department_n, segments = json.loads(text)
    parsed = _PARSED_SEGMENTS
    if len(parsed) > _PARSED_SEGMENTS_MAX:
        parsed.clear()
    out = []
    for segment in segments:
        kind, key, as_self, as_role, means, venture = segment
        known = parsed.get(key)
        if known is not None and known[0] == segment:  # the same key read alike: the same segment
            out.append(known[1])
            continue
        reading = SegmentReading(key, kind, tuple(tuple(x) for x in as_self), tuple(tuple(x) for x in as_role),
                                 means, venture)
        parsed[key] = (segment, reading)
        out.append(reading)
    return PostingReading(company_n, title_n, department_n, tuple(out))


def forget_parsed_readings() -> None:
    """Let go of the segments `reading_from_json` keeps (the tagger's caches are cleared)."""
    _PARSED_SEGMENTS.clear()

"""Is a posting an internship? Title and employment type decide; the description only nudges.

Patterns run on `normalize()`d text (casefolded, accents dropped), so "Praktikum", "PRAKTIKUM"
and "Stagiaire" / "stagiaire" match alike.
"""

from __future__ import annotations

import functools
from typing import Any

from pipelines.tagging.matching import PatternSet, gated
from pipelines.tagging.text import normalize, normalized_segments

# Internship words in the title (and the common "Intership" typo). `\bintern(ship)?s?\b` never
# matches "International" or "Internal": the word must end right after "intern"/"internship".
_TITLE_POSITIVE = gated(
    r"\bintern(?:ship)?s?\b|\bextern(?:ship)?s?\b|\bwinternships?\b|\binterships?\b"
    r"|\bco-?op\b|\bco op\b|\bcoop (?:student|term|position|program)"
    r"|\bworking student\b|\bwerkstudent(?:in)?\b|\bstudent researcher\b|\bstudent (?:worker|assistant|trainee)\b"
    r"|\bplacement (?:year|student)\b|\byear in industry\b|\bindustrial placement\b|\bsandwich placement\b"
    r"|\bsummer (?:analyst|associate|student|scholar|fellow|research(?:er)?|undergraduate)s?\b|\boff[- ]cycle\b"
    r"|\bpraktik(?:um|ant|antin)\b|\bpflichtpraktikum\b|\bsommarpraktik\b|\bpraktik\b|\bpraktikplats\b"
    r"|\bstagiaire?\b|\bstagista\b|\btirocini(?:o|ante)\b|\bbecari[oa]\b|\bpracticas\b"
    r"|\bpasant(?:e|ia)s?\b|\bpracticantes?\b|\bestagi(?:o|ario|aria)\b|\bstaz(?:ysta)?\b|\bpraktykant\b"
    r"|\bstudent (?:position|job|role)s?\b|\bstudent\s*(?:$|[-(|/:\u2013\u2014,])|\bstudentmedarbetare\b"
    r"|\bstudentermedhj[a-z]*lper\b|\bstudent assistant\b|\bvacation (?:program(?:me)?|intern|student)s?\b"
    r"|인턴|インターン|实习|實習"
)
# French "stage" is an internship, English "stage" a theatre or a startup phase: count it only
# at the start of a title (not "Stage Manager") or with a French word beside it.
_TITLE_STAGE = gated(
    r"^stage\b(?!\s+(?:manager|technician|hand|crew|director|designer|lighting|door|coordinator))"
    r"|\bstage\s*(?:[-:(]|en\b|de\b|d'|ingenieur|developpeur|assistant|analyste|chef|charge|\d)"
    r"|\(stage\)|\bstage (?:de )?fin d'etudes\b|\bstage\b.*\b(?:h/f|f/h|m/f|f/m)\b"
)
# Staff who run internship programmes are not interns ("Internship Program Manager",
# "University Recruiter, Internships"); an intern doing recruiting ("Recruiting Intern") is.
_TITLE_STAFF = gated(
    r"\bintern(?:ship)?s?\s+(?:program(?:me)?s?\s+)?(?:manager|coordinator|lead|director|specialist|partner"
    r"|recruiter|administrator|advisor|recruit(?:ing|ment))\b"
    r"|\b(?:recruiter|recruiting (?:manager|lead|partner|coordinator)|program manager|coordinator|director|head"
    r"|manager|partner|talent acquisition)\b.{0,30}\b(?:interns|internships|intern(?:ship)? programs?)\b"
    r"|인턴십? ?프로그램 ?(?:운영 ?)?(?:담당|매니저|manager)"
)
# ...unless "intern" is itself the role: last word, or followed by a separator.
_TITLE_INTERN_ROLE = gated(r"\bintern\b\s*(?:$|[-,(|/:])")
# Not internships even when aimed at students or graduates.
_TITLE_APPRENTICE = gated(
    r"\bapprentice(?:ship)?s?\b|\bausbildung\b|\bazubi\b|\balternan(?:ce|t|te)\b|\blehrling\b"
)
_TITLE_NEGATIVE = gated(
    r"\bnew grad(?:uate)?s?\b|\bentry[- ]level\b|\bgraduate (?:program(?:me)?|scheme|trainee)\b"
    r"|\bearly career\b|\buniversity grad(?:uate)?\b|\bfull[- ]time\b|\bpermanent\b"
    r"|\b(?:senior|sr|staff|principal|director|head of|vice president|vp)\b"
)
# Title hints that lean towards a student role without saying internship.
_TITLE_WEAK = gated(
    r"\bsummer 20\d\d\b|\b(?:spring|fall|autumn|winter) 20\d\d\b|\bstudent\b|\btrainee\b|\bfellowship\b"
)

_EMPLOYMENT_POSITIVE = gated(
    r"\bintern(?:ship)?s?\b|\bco-?op\b|\bwerkstudent|\bpraktik|\bworking student\b|\bstage\b|\bstagiaire\b|인턴"
)
_EMPLOYMENT_WEAK = gated(r"\btemporary\b|\bseasonal\b|\bstudent\b|\bsummer\b|\btemp\b")
_EMPLOYMENT_NEGATIVE = gated(r"\bfull[- ]?time\b|\bpermanent\b|\bregular\b|\bcontract(?:or)?\b|\bpart[- ]?time\b")
_EMPLOYMENT_APPRENTICE = gated(r"\bapprentice|\bausbildung\b|\balternance\b")

# In the description, only phrases that describe *this* role; "internship experience
# preferred" in a full-time posting says nothing about the posting itself.
_DESCRIPTION_POSITIVE = gated(
    r"\b(?:this|our|the|summer|paid|[0-9]+[- ](?:week|month))\s+(?:internship|intern|co-?op)\b(?!\s+experience)"
    r"|\bas an? (?:intern|co-?op student|working student|werkstudent)\b"
    r"|\binternship (?:program(?:me)?|position|role|opportunity)\b"
    r"|\bwerkstudent(?:in)?\b|\bpraktikum\b|\bco-?op term\b"
)
_DESCRIPTION_NEGATIVE = gated(
    r"\bapprenticeship program|\bthis is a (?:full[- ]time|permanent)\b|\bnew grad(?:uate)? (?:role|position|program)"
)

_DESCRIPTION_SET = PatternSet((_DESCRIPTION_POSITIVE, _DESCRIPTION_NEGATIVE))

# Above this the posting is an internship. A title or employment-type match alone clears it;
# description evidence alone never does.
_THRESHOLD = 2.0
# Titles and employment types repeat across postings: each is scored once per process.
_CACHE = 65_536


@functools.lru_cache(maxsize=_CACHE)
def _title_score(title_n: str) -> float:
    score = 0.0
    title_positive = bool(_TITLE_POSITIVE.search(title_n) or _TITLE_STAGE.search(title_n))
    if title_positive:
        score += 3.0
        if _TITLE_STAFF.search(title_n) and not _TITLE_INTERN_ROLE.search(title_n):
            score -= 4.0
    elif _TITLE_WEAK.search(title_n):
        score += 1.0
    if _TITLE_APPRENTICE.search(title_n):
        score -= 3.0
    if _TITLE_NEGATIVE.search(title_n):
        # Beside an intern word ("Full-time Summer Intern", "New Grad / Intern") it only dents.
        score -= 1.0 if title_positive else 2.0
    return score


@functools.lru_cache(maxsize=_CACHE)
def _employment_score(employment: str) -> float:
    if not employment:
        return 0.0
    if _EMPLOYMENT_APPRENTICE.search(employment):
        return -3.0
    if _EMPLOYMENT_POSITIVE.search(employment):
        return 3.0
    if _EMPLOYMENT_WEAK.search(employment):
        return 0.5
    if _EMPLOYMENT_NEGATIVE.search(employment):
        # Many ATSs file summer interns as "Full-time": a light push only.
        return -0.5
    return 0.0


def description_flags(segment_n: str) -> tuple[bool, bool]:
    """(says this role is an internship, says it is not) for a normalized description segment."""
    if not _DESCRIPTION_SET.possible(segment_n):
        return False, False
    return bool(_DESCRIPTION_POSITIVE.search(segment_n)), bool(_DESCRIPTION_NEGATIVE.search(segment_n))


def score_from(title_n: str, employment_n: str, positive: bool, negative: bool) -> float:
    """internship_score from normalized title and employment type and the description's flags."""
    return _title_score(title_n) + _employment_score(employment_n) + (1.0 if positive else 0.0) - (
        1.0 if negative else 0.0)


def internship_score(title: Any, description_text: Any = None, employment_type: Any = None) -> float:
    """Evidence for an internship: + for intern words, - for apprenticeships/new grad/senior roles."""
    flags = [description_flags(segment) for segment in normalized_segments(description_text)]
    return score_from(normalize(title), normalize(employment_type), any(p for p, _ in flags),
                      any(n for _, n in flags))


def is_internship_score(score: float) -> bool:
    """The internship decision for a score from internship_score()."""
    return score >= _THRESHOLD


def is_internship(title: Any, description_text: Any = None, employment_type: Any = None) -> bool:
    """True for internships, co-ops, working-student and placement roles (any of the languages above)."""
    return is_internship_score(internship_score(title, description_text, employment_type))

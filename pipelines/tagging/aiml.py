"""How much is a posting an AI/ML role? A 0..1 score from title and description term groups.

The title decides: a description can say "machine learning" in the company blurb of any
software role, so description evidence is capped below the threshold on its own. Each group of
terms is one precompiled regex with word boundaries; a group counts once, however often it hits.
Scores combine as a noisy-or: 1 - prod(1 - weight).
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.tagging.text import normalize

AI_ML_THRESHOLD = 0.5
# The description alone can reach this much, never the threshold.
_DESCRIPTION_CAP = 0.45
_DESCRIPTION_SCAN_CHARS = 50_000


def _group(*alternatives: str) -> re.Pattern[str]:
    """One regex for a term group; Latin-script terms get word boundaries, CJK/Hangul cannot."""
    return re.compile("|".join(alternatives))


# (pattern, weight) on the normalized title.
_TITLE_GROUPS: tuple[tuple[re.Pattern[str], float], ...] = (
    (_group(
        r"\bmachine learning\b", r"\bdeep learning\b", r"\bml\b", r"\bmlops\b", r"\bml ?ops\b",
        r"\bneural (?:networks?|nets?)\b", r"\breinforcement learning\b", r"\bgenerative ai\b", r"\bgen ?ai\b",
        r"\bllms?\b", r"\blarge language models?\b", r"\bnlp\b", r"\bnatural language\b", r"\bcomputer vision\b",
        r"\bmachine intelligence\b", r"\bfoundation models?\b", r"\bspeech recognition\b", r"\bmultimodal\b",
        r"\bmaschinelles lernen\b", r"\bapprentissage (?:automatique|profond)\b", r"\baprendizaje automatico\b",
        "머신러닝", "딥러닝", "기계학습", "機械学習", "机器学习", "深度学习",
    ), 0.85),
    (_group(
        r"\bdata scien(?:ce|tists?)\b", r"\bapplied scien(?:ce|tists?)\b", r"\bdecision scien(?:ce|tists?)\b",
        r"\bdatenwissenschaft", "데이터 ?사이언",
    ), 0.8),
    (_group(r"\bquant(?:itative)? research(?:ers?)?\b", r"\bquantitative model(?:l)?ing\b"), 0.7),
    (_group(
        r"\bai\b", r"\ba\.i\.", r"\bartificial intelligence\b", r"\bki\b", r"\bkunstliche intelligenz\b",
        r"\bintelligence artificielle\b", r"\binteligencia artificial\b", "인공지능",
    ), 0.55),
    (_group(r"\bresearch scientists?\b", r"\bresearch engineer(?:ing)?\b", r"\b(?:ai|ml) researchers?\b"), 0.45),
    (_group(
        r"\bperception\b", r"\brecommend(?:er|ation)s?(?: systems?)?\b", r"\branking\b", r"\bpersonali[sz]ation\b",
        r"\bcomputational (?:biology|linguistics)\b", r"\bbioinformatics\b", r"\bprompt engineer",
        r"\bspeech\b", r"\bquant\b", r"\bquantitative (?:analyst|trader|trading|developer|strategist|finance)\b",
    ), 0.4),
    (_group(r"\bdata engineer(?:ing)?\b", r"\banalytics engineer", r"\bstatistic(?:s|al|ian)\b"), 0.3),
    (_group(r"\bdata analy(?:st|tics|sis)\b", r"\banalytics\b", r"\bbusiness intelligence\b", r"\brobotics\b",
            r"\bautonomy\b", r"\bautonomous\b"), 0.25),
)
# Generic words that only lift a title no group above matched ("Research Intern"), so they
# never stack on top of a specific term ("Research Scientist", "Data Analyst").
_TITLE_CONTEXT = (_group(r"\bresearch(?:ers?)?\b", r"\bscientists?\b", r"\bdata\b"), 0.15)

# Roles that only sit next to AI ("Account Executive, AI Sales"): the score is multiplied down.
_TITLE_OFF_ROLE: tuple[tuple[re.Pattern[str], float], ...] = (
    (_group(
        r"\bsales\b", r"\baccount (?:executive|manager|director)\b", r"\bbusiness development\b", r"\b[bs]dr\b",
        r"\bmarketing\b", r"\brecruit(?:er|ing|ment)\b", r"\btalent (?:acquisition|partner)\b", r"\bsourcer\b",
        r"\bcustomer (?:success|support|experience)\b", r"\bsupport specialist\b", r"\bcopywriter\b", r"\bwriter\b",
        r"\bcontent (?:writer|creator|marketing|strategist|manager|moderator|specialist)\b", r"\blegal\b",
        r"\bcounsel\b", r"\battorney\b", r"\bparalegal\b", r"\bcommunications\b",
        r"\bpublic relations\b", r"\bpartnerships?\b", r"\baccount(?:ant|ing)\b", r"\bhuman resources\b", r"\bhr\b",
        r"\bpeople (?:ops|operations|partner)\b", r"\bexecutive assistant\b", r"\badministrative\b",
        r"\bevent (?:planner|coordinator|manager)s?\b", r"\bdesigner\b", r"\bux\b", r"\bpublic policy\b",
        r"\bpolicy (?:analyst|intern|associate|manager|fellow|advisor|specialist|researcher)\b",
        r"\bgo[- ]to[- ]market\b", r"\bgtm\b",
    ), 0.3),
    (_group(r"\bproduct (?:manager|management|owner)\b", r"\bprogram manager\b", r"\bproject manager\b",
            r"\bsolutions? (?:engineer|architect|consultant)\b", r"\bsales engineer\b"), 0.5),
)

# Data-labelling gigs sold as "AI" jobs: never an AI/ML role.
_TITLE_GIG = _group(
    r"\b(?:ai|data|model|llm|chatbot)\s+(?:trainer|tutor|rater|evaluator|annotator)s?\b", r"\bannotat(?:or|ion)s?\b",
    r"\blabel(?:l)?(?:er|ing)\b", r"\b(?:search|ads?) (?:quality )?(?:rater|evaluator)\b", r"\bdata entry\b",
    r"\bfreelance\b", r"\btrain (?:ai|our ai|llms?)\b",
)
_GIG_CAP = 0.1

# (pattern, weight) on the normalized description; combined, then capped at _DESCRIPTION_CAP.
_DESCRIPTION_GROUPS: tuple[tuple[re.Pattern[str], float], ...] = (
    (_group(r"\bmachine learning\b", r"\bdeep learning\b", r"\bneural networks?\b", r"\bml models?\b"), 0.12),
    (_group(r"\bllms?\b", r"\blarge language models?\b", r"\btransformers?\b", r"\bgenerative ai\b", r"\bnlp\b",
            r"\bnatural language processing\b", r"\bfine[- ]?tun(?:e|ed|ing)\b", r"\brlhf\b",
            r"\bretrieval[- ]augmented\b"), 0.12),
    (_group(r"\bcomputer vision\b", r"\bimage (?:recognition|segmentation|classification)\b",
            r"\bobject detection\b"), 0.1),
    (_group(r"\bpytorch\b", r"\btensorflow\b", r"\bjax\b", r"\bkeras\b", r"\bscikit[- ]learn\b", r"\bsklearn\b",
            r"\bhugging ?face\b", r"\bxgboost\b", r"\blightgbm\b"), 0.12),
    (_group(r"\bmodel (?:training|evaluation|deployment|serving)\b", r"\btrain(?:ing)? (?:models|neural)\b",
            r"\binference\b", r"\bembeddings?\b"), 0.1),
    (_group(r"\bdata science\b", r"\bstatistical model(?:l)?ing\b", r"\bpredictive model(?:l)?ing\b",
            r"\bfeature engineering\b"), 0.08),
    (_group(r"\breinforcement learning\b"), 0.1),
    (_group(r"\bneurips\b", r"\bicml\b", r"\biclr\b", r"\bcvpr\b", r"\bemnlp\b", r"\bpublications?\b"), 0.06),
    (_group(r"\bai\b", r"\bartificial intelligence\b"), 0.05),
)


def _noisy_or(weights: list[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return 1.0 - remaining


def ai_ml_score(title: Any, description_text: Any = None) -> float:
    """0..1 (3 decimals): how much the posting is an AI/ML/data-science/quant-research role."""
    title_n = normalize(title)
    title_score = _noisy_or([w for pattern, w in _TITLE_GROUPS if pattern.search(title_n)])
    if not title_score and _TITLE_CONTEXT[0].search(title_n):
        title_score = _TITLE_CONTEXT[1]
    description_score = 0.0
    if description_text:
        description = normalize(str(description_text)[:_DESCRIPTION_SCAN_CHARS])
        hits = [w for pattern, w in _DESCRIPTION_GROUPS if pattern.search(description)]
        description_score = min(_DESCRIPTION_CAP, _noisy_or(hits))
    score = _noisy_or([title_score, description_score])
    for pattern, factor in _TITLE_OFF_ROLE:
        if pattern.search(title_n):
            score *= factor
            break
    if _TITLE_GIG.search(title_n):
        score = min(score, _GIG_CAP)
    return round(max(0.0, min(1.0, score)), 3)


def is_ai_ml(score: float) -> bool:
    """The AI/ML decision for a score from ai_ml_score()."""
    return score >= AI_ML_THRESHOLD

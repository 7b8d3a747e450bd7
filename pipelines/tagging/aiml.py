"""How much is a posting an AI/ML role? A 0..1 score from title and description term groups.

The title decides: a description can say "machine learning" in the company blurb of any
software role, so description evidence is capped below the threshold on its own. Each group of
terms is one precompiled regex with word boundaries; a group counts once, however often it hits.
Scores combine as a noisy-or: 1 - prod(1 - weight).
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import normalize, normalized_segments

AI_ML_THRESHOLD = 0.5
# The description alone can reach this much, never the threshold.
_DESCRIPTION_CAP = 0.45


def _group(*alternatives: str) -> Gated:
    """One regex for a term group; Latin-script terms get word boundaries, CJK/Hangul cannot."""
    return gated("|".join(alternatives))


# (pattern, weight) on the normalized title.
_TITLE_GROUPS: tuple[tuple[Gated, float], ...] = (
    (_group(
        r"\bmachine learning\b", r"\bdeep learning\b", r"\bml\b", r"\bmlops\b", r"\bml ?ops\b",
        r"\bneural (?:networks?|nets?)\b", r"\breinforcement learning\b", r"\bgenerative ai\b", r"\bgen ?ai\b",
        r"\bllms?\b", r"\blarge language models?\b", r"\bnlp\b", r"\bnatural language\b", r"\bcomputer vision\b",
        r"\bmachine intelligence\b", r"\bfoundation models?\b", r"\bspeech recognition\b", r"\bmultimodal\b",
        r"\bmaschinelles lernen\b", r"\bapprentissage (?:automatique|profond)\b", r"\baprendizaje automatico\b",
        r"\baprendizado de maquina\b", r"\bmaskininlarning\b", r"\bkoneoppiminen\b", r"\bdatorseende\b",
        r"\bvision por computador(?:a)?\b", r"\bvisao computacional\b", r"\bgenerative models?\b",
        r"\bdiffusion models?\b", r"\bpre-?training\b", r"\bpost-?training\b", r"\bgraph neural\b",
        "머신러닝", "딥러닝", "기계학습", "機械学習", "机器学习", "深度学习", "大模型", "大语言模型", "人工知能", "自然言語処理",
    ), 0.85),
    (_group(
        r"\bdata scien(?:ce|tists?)\b", r"\bapplied scien(?:ce|tists?)\b", r"\bdecision scien(?:ce|tists?)\b",
        r"\bdatenwissenschaft", r"\bciencias? de (?:los )?dados\b", r"\bciencias? de (?:los )?datos\b",
        r"\bcientistas? de dados\b", r"\bcientific[oa]s? de datos\b", r"\bdata ?scientists?\b",
        "데이터 ?사이언", "データサイエン", "数据科学", "数据科学家",
    ), 0.8),
    (_group(r"\bquant(?:itative)? research(?:ers?)?\b", r"\bquantitative model(?:l)?ing\b"), 0.7),
    # ML infrastructure named in the title.
    (_group(r"\bmodel serving\b", r"\b(?:ml|ai|llm) (?:platform|infra(?:structure)?|compilers?|systems)\b",
            r"\bnpu\b", r"\bai accelerators?\b", r"\btraining infra(?:structure)?\b", r"\binference (?:engine|serving)\b"),
     0.6),
    (_group(r"\bpredictive (?:model(?:l)?ing|maintenance|analytics)\b", r"\bprediktiv\w*", r"\banomal(?:y|i) ?dete[ck]t\w*",
            r"\bforecasting models?\b", r"\bprognosmodell\w*",
            # Korean titles name the model work itself: 모델 개발/연구/경량화 (model development,
            # research, compression), 신용평가모델 (credit-scoring models).
            r"모델 ?(?:개발|연구|경량화|최적화|엔지니어)", "신용평가 ?모델", "예측 ?모델"), 0.55),
    (_group(r"\balgorithms? (?:engineer|intern|researcher|scientist|developer)s?\b", r"\bcomputational biolog\w*"), 0.45),
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
_TITLE_CONTEXT = (_group(r"\bresearch(?:ers?)?\b", r"\bscientists?\b", r"\bdata\b", r"\bfellows?\b"), 0.25)

# Roles that only sit next to AI ("Account Executive, AI Sales"): the score is multiplied down.
_TITLE_OFF_ROLE: tuple[tuple[Gated, float], ...] = (
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
        r"\bgo[- ]to[- ]market\b", r"\bgtm\b", r"\binvestments?\b", r"\bventures?\b", r"\bstrategy\b",
        r"\bcontact cent(?:er|re)\b", r"\bcall cent(?:er|re)\b", "상담원", "상담사", "콜센터", "컨택센터",
    ), 0.3),
    (_group(r"\bproduct (?:manager|management|owner)\b", r"\bprogram manager\b", r"\bproject manager\b",
            r"\bsolutions? (?:engineer|architect|consultant)\b", r"\bsales engineer\b", r"\bconsultant\b",
            r"\bconsulting\b"), 0.5),
)

# Data-labelling gigs sold as "AI" jobs: never an AI/ML role.
_TITLE_GIG = _group(
    r"\b(?:ai|data|model|llm|chatbot)\s+(?:trainer|tutor|rater|evaluator|annotator)s?\b", r"\bannotat(?:or|ion)s?\b",
    r"\blabel(?:l)?(?:er|ing)\b", r"\b(?:search|ads?) (?:quality )?(?:rater|evaluator)\b", r"\bdata entry\b",
    r"\bfreelance\b", r"\btrain (?:ai|our ai|llms?)\b", "라벨링", "라벨러", "어노테이션", "アノテーション", "标注",
)
# "Software Engineering Intern – Frontend (Not ML)": the title itself says no.
_TITLE_DENIAL = _group(r"\b(?:not|non|no)[- ](?:ml|ai|machine learning)\b")
# An ML role noun in the title keeps the score when another part names a business domain
# ("Machine Learning Engineer – HR Analytics", "Data Scientist – Payroll & Accounting"), and so
# does the field ("ML Engineering Intern, Venture Studio" is AI/ML whoever the employer is).
_TITLE_ML_ROLE = _group(
    r"\b(?:machine learning|ml|ai|deep learning|nlp|computer vision|data science|mlops|llm)\s+"
    r"(?:engineer|scientist|researcher|developer|intern|specialist)s?\b",
    r"\b(?:machine learning|ml|deep learning|nlp|computer vision) (?:engineering|research)\b",
    r"\bdata ?scientists?\b", r"\bapplied scientists?\b", r"\bresearch scientists?\b",
    r"\bquant(?:itative)? (?:research|researcher|developer|trader)s?\b", r"\bcientistas? de dados\b",
    r"\bcientific[oa]s? de datos\b", "데이터 ?사이언티스트", "データサイエンティスト", "数据科学家",
)
_GIG_CAP = 0.1

# (pattern, weight) on the normalized description; combined, then capped at _DESCRIPTION_CAP.
_DESCRIPTION_GROUPS: tuple[tuple[Gated, float], ...] = (
    (_group(r"\bmachine learning\b", r"\bdeep learning\b", r"\bneural networks?\b", r"\bml models?\b"), 0.12),
    (_group(r"\bllms?\b", r"\blarge language models?\b", r"\btransformers?\b", r"\bgenerative ai\b", r"\bnlp\b",
            r"\bfoundation models?\b", r"\bmultimodal\b", r"\bspeech recognition\b", r"\bspeech models?\b",
            r"\bnatural language processing\b", r"\bfine[- ]?tun(?:e|ed|ing)\b", r"\brlhf\b",
            r"\bretrieval[- ]augmented\b"), 0.12),
    (_group(r"\bcomputer vision\b", r"\bimage (?:recognition|segmentation|classification)\b",
            r"\bobject detection\b"), 0.1),
    (_group(r"\bpytorch\b", r"\btensorflow\b", r"\bjax\b", r"\bkeras\b", r"\bscikit[- ]learn\b", r"\bsklearn\b",
            r"\bhugging ?face\b", r"\bxgboost\b", r"\blightgbm\b"), 0.12),
    (_group(r"\bmodel (?:training|evaluation|deployment|serving)\b", r"\btrain(?:ing)? (?:models|neural)\b",
            r"\binference\b", r"\bembeddings?\b", r"\bml\b"), 0.1),
    (_group(r"\b(?:ranking|recommendation|forecasting|predictive|classification|sequence|propensity|churn"
            r"|detection|valuation|pricing|risk) models?\b", r"\bgradient[- ]boost\w*", r"\blearning[- ]to[- ]rank\b",
            r"\bneural\b", r"\bautoencoders?\b", r"\bisolation forests?\b"), 0.1),
    (_group(r"\bdata science\b", r"\bstatistical model(?:l)?ing\b", r"\bpredictive model(?:l)?ing\b",
            r"\bfeature engineering\b"), 0.08),
    (_group(r"\breinforcement learning\b"), 0.1),
    (_group(r"\bneurips\b", r"\bicml\b", r"\biclr\b", r"\bcvpr\b", r"\bemnlp\b", r"\bpublications?\b",
            r"\bco-?author", r"\bpapers\b", r"\btop[- ]tier (?:conferences?|venues?)\b"), 0.06),
    (_group(r"\bai\b", r"\bartificial intelligence\b"), 0.05),
)


def _noisy_or(weights: list[float]) -> float:
    remaining = 1.0
    for weight in weights:
        remaining *= 1.0 - weight
    return 1.0 - remaining


# Titles repeat across postings and nights: what a title says is worked out once per title.
TITLE_CACHE = 65_536


class _Title(NamedTuple):
    score: float  # noisy-or of the title groups (or the generic context weight)
    factor: float  # off-role damping ("AI Sales"), 1.0 when none applies
    capped: bool  # a labelling gig or a title that denies ML
    family: str | None  # the role family the title names


@functools.lru_cache(maxsize=TITLE_CACHE)
def _title(title_n: str) -> _Title:
    score = _noisy_or([w for pattern, w in _TITLE_GROUPS if pattern.search(title_n)])
    if not score and _TITLE_CONTEXT[0].search(title_n):
        score = _TITLE_CONTEXT[1]
    factor = 1.0
    if not _TITLE_ML_ROLE.search(title_n):
        factor = next((f for pattern, f in _TITLE_OFF_ROLE if pattern.search(title_n)), 1.0)
    capped = bool(_TITLE_GIG.search(title_n) or _TITLE_DENIAL.search(title_n))
    family = next((family for family, pattern in _ROLE_TITLE if pattern.search(title_n)), None)
    return _Title(score, factor, capped, family)


def description_groups(segment_n: str) -> int:
    """Which description term groups a normalized description segment names (bit i: group i).

    Bit masks, so the segments of a description combine with "|"."""
    if not _DESCRIPTION_SET.possible(segment_n):
        return 0
    return sum(1 << i for i, (pattern, _) in enumerate(_DESCRIPTION_GROUPS) if pattern.search(segment_n))


def description_families(segment_n: str) -> int:
    """Which description role cues a segment names (bit i: the i-th description family rule)."""
    if not _ROLE_DESCRIPTION_SET.possible(segment_n):
        return 0
    return sum(1 << i for i, (_, pattern) in enumerate(_ROLE_DESCRIPTION) if pattern.search(segment_n))


def score_from(title_n: str, groups: int) -> float:
    """ai_ml_score from the normalized title and the description groups of all segments (a mask)."""
    title = _title(title_n)
    hits = [w for i, (_, w) in enumerate(_DESCRIPTION_GROUPS) if groups >> i & 1]
    description_score = min(_DESCRIPTION_CAP, _noisy_or(hits))
    score = _noisy_or([title.score, description_score]) * title.factor
    if title.capped:
        score = min(score, _GIG_CAP)
    return round(max(0.0, min(1.0, score)), 3)


def ai_ml_score(title: Any, description_text: Any = None) -> float:
    """0..1 (3 decimals): how much the posting is an AI/ML/data-science/quant-research role."""
    groups = 0
    for segment in normalized_segments(description_text):
        groups |= description_groups(segment)
    return score_from(normalize(title), groups)


def is_ai_ml(score: float) -> bool:
    """The AI/ML decision for a score from ai_ml_score()."""
    return score >= AI_ML_THRESHOLD


# -- role family -----------------------------------------------------------------------------

ROLE_FAMILIES = ("ml_engineering", "data_science", "research", "ml_infrastructure", "quant", "other")
# Title patterns, most specific first; the first that hits names the family. Role nouns
# ("Data Scientist", "Research Engineer", "ML Engineer") outrank the domain words after them
# ("Machine Learning Engineer – Demand Forecasting" is engineering, not data science).
_ROLE_TITLE: tuple[tuple[str, Gated], ...] = (
    ("quant", _group(r"\bquant(?:itative)?\b", "퀀트", "クオンツ", "量化")),
    ("ml_infrastructure", _group(
        r"\bcompilers?\b", r"\binfra(?:structure)?\b", r"\bmlops\b", r"\bml ?ops\b", r"\bllmops\b",
        r"\bmodel serving\b", r"\bserving\b", r"\binference (?:engine|platform|infra|optimi[sz]ation|systems?)\b",
        r"\b(?:ai|ml|llm|machine learning|training|gpu) (?:platform|systems?|infrastructure)\b",
        r"\bgpu kernels?\b", r"\bdistributed training\b", r"\btraining infrastructure\b", r"\bkernels?\b",
        r"\b(?:deep learning|ml|ai|gpu|inference|model) performance\b",
    )),
    ("data_science", _group(
        r"\bdata ?scien(?:ce|tists?)\b", r"\bdecision scien", r"\bciencias? de (?:los )?datos\b",
        r"\bcientistas? de dados\b", r"\bciencias? de dados\b", r"\bcientific[oa]s? de datos\b",
        r"\bdatenwissenschaft", "데이터 ?사이언", "データサイエン", "数据科学",
    )),
    ("research", _group(
        r"\b(?:applied|research|ml|machine learning|ai) scientists?\b", r"\bresearch(?:ers?)?\b",
        r"\bpostdoc", r"\bpost-doctoral\b", r"\bpostdoctoral\b", r"\bfellows?\b", "연구", "研究", "リサーチ",
    )),
    ("ml_engineering", _group(
        r"\bengineer(?:ing|s)?\b", r"\bdevelop(?:er|ment)\b", r"\balgorithms?\b", "엔지니어", "개발자", "エンジニア",
        "算法", "工程师",
    )),
    ("data_science", _group(
        r"\bdata (?:&|and) (?:ai|analytics)\b", r"\bactuarial\b", r"\banalytics\b", r"\bforecasting\b",
        r"\bmodel(?:l)?ing\b", r"\banomal", r"\bpredikti", r"\bpredictive\b", r"\bstatistic", "모델링", "分析",
    )),
    ("research", _group(r"\bscientists?\b", r"\bthesis\b", r"\bphd\b", r"\bmaster ?arbeit\b", r"\bcomputational\b")),
)
_ROLE_DESCRIPTION: tuple[tuple[str, Gated], ...] = (
    ("research", _group(r"\bpublish\w*\b", r"\bresearch papers?\b", r"\bneurips\b", r"\bicml\b", r"\biclr\b")),
    ("data_science", _group(r"\bstatistic(?:s|al)\b", r"\ba/b test", r"\banalys[ie]s\b", r"\bdashboards?\b")),
)


_DESCRIPTION_SET = PatternSet(pattern for pattern, _ in _DESCRIPTION_GROUPS)
_ROLE_DESCRIPTION_SET = PatternSet(pattern for _, pattern in _ROLE_DESCRIPTION)


def family_from(title_n: str, families: int, ai_ml: bool = True) -> str:
    """role_family from the normalized title and the description cues of all segments (a mask)."""
    if not ai_ml:
        return "other"
    title_family = _title(title_n).family
    if title_family is not None:
        return title_family
    # The first rule (lowest bit) that any segment met.
    return _ROLE_DESCRIPTION[(families & -families).bit_length() - 1][0] if families else "ml_engineering"


def role_family(title: Any, description_text: Any = None, ai_ml: bool = True) -> str:
    """The kind of AI/ML role: ml_engineering, data_science, research, ml_infrastructure, quant.

    "other" when the posting is not an AI/ML role. The title decides; a title naming no family
    (an ML intern without "engineer" or "scientist") falls back to description cues, then to
    ml_engineering.
    """
    families = 0
    if ai_ml:
        for segment in normalized_segments(description_text):
            families |= description_families(segment)
    return family_from(normalize(title), families, ai_ml)

"""Student facts of a posting: return offer, beginner-friendly, visa, relocation/housing, pay, season,
degree levels and salary (`student_facts`, keys FACT_FIELDS):

    return_offer           bool: conversion to full-time / return or pre-placement offers / 정규직 전환 / Übernahme
    beginner_friendly      bool: mentoring, training provided, no experience needed, all majors, first-years;
                           False whenever a multi-year experience requirement is stated
    visa_sponsorship       "yes" | "no" | "unknown" ("no" wins: without sponsorship, citizenship, clearance)
    relocation_or_housing  bool: relocation assistance/stipend, housing stipend/provided, corporate housing
    paid                   "yes" | "no" | "unknown": a salary or pay words vs unpaid / academic credit only
    season                 "Summer 2026" | "Fall 2025" | "Spring 2027" | "Winter 2026" | None (title first)
    degree_level           sorted subset of ["bachelor", "master", "phd"]
    salary                 {"min": float, "max": float, "currency": ISO code or None,
                            "period": "hour"|"day"|"week"|"month"|"year"|None} or None

Facts are what the text *says*, negations included ("no relocation", "전환과는 무관"); they do not
check that the posting is an internship (an HR role "owning intern-to-full-time conversion" has
return_offer True), so read them beside is_internship.

Pure and offline: every regex is compiled at import and written to run in linear time (bounded
repeats, digit runs anchored with look-behinds), and the scanned text is capped, so a 1 MB
adversarial description costs milliseconds. Word facts run on `normalize()`d text (casefolded,
accents dropped: "Übernahme" -> "ubernahme") and run only where a match can start
(`matching.Gated`); salary and degree abbreviations ("USD", "MS", "B.S.") run on the raw text, where case
tells "MS" (the degree) from "ms" (milliseconds). Amounts are parsed with price-parser.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from price_parser import Price

from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import SCAN_CHARS, as_text, normalize, segments

FACT_FIELDS = (
    "return_offer", "beginner_friendly", "visa_sponsorship", "relocation_or_housing", "paid", "season",
    "degree_level", "salary",
)
YES, NO, UNKNOWN = "yes", "no", "unknown"
PERIODS = ("hour", "day", "week", "month", "year")
DEGREES = ("bachelor", "master", "phd")

# A platform pay string is one line; price-parser's own fallback only sees short ones.
_COMPENSATION_CHARS = 2_000
_PRICE_FALLBACK_CHARS = 200
# Amounts examined per text: a posting states its pay once or twice, a wall of numbers is junk.
_MAX_CANDIDATES = 64
# Context windows (characters) read before / after a phrase for negations and salary cues.
_BEFORE = 40
_AFTER = 30

# -- negation --------------------------------------------------------------------------------------

# Before a phrase: "we do not offer a return offer", "no relocation", "not open to first-year
# students". "No guarantee of a return offer" still says there may be one.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|never|without|cannot|can't|cant|won't|unable|ineligible|neither|nor|excluding|except)\b"
    r"(?!\s+(?:guarantee|guaranteed|only|just|later)\b)"
)
# After a phrase: "relocation is not provided", "전환과는 무관", "전환 불가".
_NEGATION_AFTER = re.compile(
    r"^[^.;!?\n]{0,12}?\b(?:is|are|will|can|be)\s+not\b(?!\s+guaranteed)"
    r"|^[^.;!?\n]{0,6}?\b(?:unavailable|not (?:available|provided|offered|included|possible))\b"
    r"|^[^.;!?\n]{0,8}?(?:무관|불가|없|아님|아닙니다)"
)


def _negated(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _BEFORE):start]
    # Only the clause the phrase sits in: "Unpaid? No. Paid internship" is not negated.
    before = re.split(r"[.;!?\n]", before)[-1]
    return bool(_NEGATION_BEFORE.search(before) or _NEGATION_AFTER.search(text[end:end + _AFTER]))


def _affirmed(rules: Gated | tuple[Gated, ...], text: str) -> bool:
    """Any match of the rule(s) in `text` that no negation around it cancels."""
    for rule in (rules,) if isinstance(rules, Gated) else rules:
        if any(not _negated(text, m.start(), m.end()) for m in rule.finditer(text)):
            return True
    return False


# -- return offer ----------------------------------------------------------------------------------

_FULL_TIME = r"(?:full[- ]?time|permanent|regular|fte)"
_RETURN_OFFER = gated(
    r"\breturn (?:offers?|full[- ]?time offers?)\b|\bpre-?placement offers?\b"
    rf"|\b{_FULL_TIME} (?:job |employment |return )?offers?\b"
    rf"|\b(?:conver(?:sion|t|ts|ted|ting)|transition(?:ing)?|path(?:way)?s?|pipeline) (?:in)?to (?:an? )?"
    rf"(?:{_FULL_TIME}|permanent) (?:role|position|employment|job|hire|offer|contract|team member|employee|staff)s?\b"
    rf"|\bconver(?:sion|t|ted) (?:to|into) {_FULL_TIME}\b"
    rf"|\b(?:potential|possibility|opportunity|chance|option|eligible|eligibility) (?:for|of|to) (?:an? |being )?"
    rf"(?:(?:receive|get|earn|be (?:hired|offered|converted)|convert|extend) (?:an? )?(?:as |to |into )?)?"
    rf"(?:(?:{_FULL_TIME}|permanent)(?: (?:employment|role|position|job|hire|offer|contract))?|return (?:offer|employment"
    rf"|internship))s?\b"
    rf"|\b(?:intern|internship)[- ]to[- ](?:hire|{_FULL_TIME})\b"
    # Korean: 정규직 전환 (conversion to permanent), 전환형 / 채용연계형 (conversion-track) internships.
    r"|정규직\s?(?:으로\s?)?(?:의\s?)?전환|전환형\s?인턴|채용\s?연계형|채용연계"
    # German Übernahme (hiring after the internship), but not "Übernahme von Aufgaben" (taking on tasks).
    r"|\bubernahme(?:moglichkeit|chance|option|perspektive|angebot|garantie)\w*"
    r"|\b(?:aussicht|moglichkeit|option|chance|perspektive)\w* (?:auf|zur|einer|fur eine) (?:eine |spatere |anschliessende )?"
    r"(?:ubernahme|festanstellung)\b"
    r"|\b(?:anschliessende|spatere|spateren) (?:ubernahme|festanstellung)\b"
    r"|\bubernahme in (?:eine |ein )?(?:festanstellung|festes|unbefristete|anstellungsverhaltnis)"
    # French / Spanish / Swedish / Japanese / Chinese.
    r"|\bpre-?embauche\b|\b(?:possibilite|perspective|en vue) d'(?:une )?embauche\b|\bdebouchant sur un cdi\b"
    r"|\bposibilidad de (?:contratacion|incorporacion)\b|\bmojlighet till (?:fast )?anstallning\b"
    r"|正社員登用|本採用|转正"
)
# A programme that says it never converts ("체험형 인턴": try-out internship, no conversion).
_NO_RETURN_OFFER = gated(
    r"체험형|\bno (?:return|full[- ]?time) offers?\b|\bwill not (?:lead|convert) to\b|\bdoes not (?:lead|convert) to\b"
)

# -- beginner friendly -----------------------------------------------------------------------------

_BEGINNER = (
    gated(
        r"\bno (?:prior |previous |professional |coding |programming |work |industry |relevant )?"
        r"(?:experience|knowledge|background) (?:is )?(?:required|necessary|needed|expected)\b"
        r"|\b(?:prior |previous )?experience (?:is )?not (?:required|necessary|needed|expected)\b"
        r"|\bno experience\b|\bbeginners? (?:are )?welcome\b|\bbeginner[- ]friendly\b|\bno degree required\b",
    ),
    gated(
        r"\bmentor(?:ship|ing program(?:me)?s?)\b|\bmentored by\b|\breceive (?:1:1 |one-on-one )?mentoring\b"
        r"|\b(?:a|an|your|own|dedicated|assigned|personal|designated|1:1|one-on-one|experienced|senior) (?:\w+ )?mentors?\b"
        r"|\bpaired with (?:a |an )?(?:\w+ )?(?:mentor|buddy)\b|\bbuddy (?:program(?:me)?|system)\b"
        r"|\btraining (?:is |will be )?provided\b|\bon[- ]the[- ]job training\b|\bwe will (?:train|teach) you\b"
        r"|\bfull training\b|\b(?:comprehensive|structured) (?:training|onboarding)\b",
    ),
    gated(
        r"\b(?:open to|welcome) (?:students (?:from|of|in) )?(?:all|any) (?:majors|disciplines|backgrounds|fields of study)\b"
        r"|\b(?:all|any) (?:academic )?majors (?:are )?(?:welcome|eligible|considered|encouraged)\b|\bany major\b",
    ),
    gated(
        r"\b(?:first|1st|second|2nd)-?\s?(?:and|or|/)\s?(?:second|2nd|third|3rd)[- ]years?\b"
        r"|\b(?:first|1st|second|2nd)[- ]years?(?: university| college| undergraduate)? (?:students|undergrad(?:uate)?s)\b"
        r"|\bfreshm[ae]n\b|\bsophomores?\b",
    ),
    gated(
        r"전공\s?무관|경력\s?무관|멘토링|멘토 ?배정|초보자? ?환영"
        r"|\bkeine (?:vorkenntnisse|vorerfahrung|erfahrung) (?:erforderlich|notwendig|notig)\b|\bmentor(?:in|en)?programm\b"
        r"|\baucune experience (?:requise|necessaire|prealable)\b|\bingen (?:tidigare )?erfarenhet (?:kravs|behovs)\b",
    ),
)
# "You will mentor junior engineers" is a senior role, not a beginner one.
_NOT_BEGINNER = gated(
    r"\b(?:mentor|coach|train)(?:ing|s)? (?:junior|other|new|less experienced|interns|students|a team)\b"
    r"|\b(?:act|serve|acting|serving) as an? (?:\w+ )?mentor\b|\bmentorship (?:to|of|for) (?:junior|other|new)\b"
)

# A stated experience requirement makes a posting not beginner-friendly, whatever mentoring it offers.
_EXPERIENCED = gated(
    r"\b(?:[2-9]|1\d)\s?\+?\s?(?:-\s?\d+\s)?(?:or more |plus )?years?(?: of)? (?:[\w-]+ ){0,2}(?:experience|exp\b)"
    r"|\b(?:at least|minimum(?: of)?|min\.?) (?:two|three|four|five|six|seven|eight|ten|[2-9]|1\d)\+? years\b"
    r"|경력\s?\d+\s?년\s?이상|경력직|\b[2-9]\+? jahre (?:berufserfahrung|erfahrung)\b"
    r"|\b[2-9] ans d'experience\b|\b[2-9] anos de experiencia\b|\b[2-9] ars (?:erfarenhet|arbetslivserfarenhet)\b",
)

# -- visa sponsorship ------------------------------------------------------------------------------

_VISA_KIND = r"(?:(?:work |employment |student |h-?1b |o-?1 |tn |e-?3 |l-?1 |skilled worker |work permit )?visas?|h-?1b|work permits?|work authori[sz]ation|green cards?|immigration)"
_VISA_YES = gated(
    rf"\b(?:we|will|can|able to|happy to|do|does|company|employer) (?:\w+ )?sponsors? (?:\w+ )?{_VISA_KIND}\b"
    r"|\b(?:visa|immigration|h-?1b|work permit) (?:sponsorship|support|assistance) (?:is |will be |may be |can be )?"
    r"(?:available|provided|offered|possible|included)\b"
    r"|\b(?:offer|offers|provide|provides|including|includes|with|and) (?:full |optional )?(?:visa|immigration|h-?1b|work permit) (?:sponsorship|support)\b"
    r"|\bsponsorship (?:is |will be )?(?:available|provided|offered)\b|\bwe sponsor\b"
    r"|비자\s?(?:발급\s?)?(?:지원|스폰서)|ビザ(?:サポート|支援)"
)
_VISA_NO = gated(
    r"\bno (?:visa |work permit |h-?1b )?sponsorship\b"
    r"|\b(?:unable|not able|cannot|can't|cant|will not|won't|do not|does not|don't|doesn't|are not able|is not able)"
    r" (?:to )?(?:\w+ )?(?:sponsor|offer sponsorship|provide sponsorship|provide (?:visa |immigration )?sponsorship"
    r"|offer (?:visa |immigration )?sponsorship|support (?:visa|work permit|immigration))"
    r"|\bsponsorship (?:is |will )?not (?:be )?(?:available|provided|offered|possible)\b"
    r"|\bwithout (?:the need for |requiring |needing |need for )?(?:(?:current|future|now|or|and|in the|employer|company) ){0,6}"
    r"(?:visa |immigration |work permit |h-?1b )?sponsorship\b"
    r"|\b(?:not |never )(?:now or in the future )?(?:require|need) (?:\w+ ){0,4}sponsorship\b"
    r"|\b(?:u\.?s\.?|united states|us) citizenship (?:is )?(?:required|needed|mandatory)\b"
    r"|\bmust (?:be|hold) (?:an? )?(?:u\.?s\.?|united states|us|canadian|uk|korean) (?:citizens?|citizenship|persons?|nationals?)\b"
    r"|\b(?:u\.?s\.?|us) (?:citizens?|persons?) only\b|\bonly (?:u\.?s\.?|us) (?:citizens|persons)\b"
    r"|\b(?:active |current )?(?:security|secret|top secret|ts/sci) clearance (?:is )?(?:required|needed|eligibility)\b"
    r"|\b(?:must|should) (?:already )?(?:have|hold|possess) (?:the |a |full |valid |existing )*(?:right to work|work authori[sz]ation|work permit)\b"
    r"|비자\s?(?:지원|스폰서)\s?(?:불가|없)"
)

# -- relocation / housing --------------------------------------------------------------------------

_RELOCATION = gated(
    r"\breloca(?:tion|ting) (?:assistance|support|stipend|bonus|package|allowance|benefits?|reimbursement|help"
    r"|expenses?|costs?|aid|grant|budget|is (?:provided|covered|available|offered|included|supported))\b"
    r"|\b(?:cover|covers|covered|pay|pays|reimburse|reimburses|reimbursed|assist with|help with|support) (?:for |with )?(?:your )?"
    r"(?:relocation|moving)(?: costs?| expenses?)?\b"
    r"|\bhousing (?:stipend|allowance|assistance|support|subsidy|benefit|is (?:provided|covered|included|available)|provided|included)\b"
    r"|\b(?:corporate|company[- ](?:provided|paid|sponsored)|free|subsidi[sz]ed|furnished|intern|provided) (?:housing|accommodation|apartment|dormitor(?:y|ies))\b"
    r"|\baccommodation (?:is )?(?:provided|covered|included|allowance|stipend|support|assistance)\b"
    r"|\b(?:umzugs(?:kosten|pauschale|hilfe|unterstutzung)|wohnungs(?:zuschuss|suche)|unterkunft (?:wird )?(?:gestellt|bereitgestellt))"
    r"|\b(?:aide|prime) (?:au|a la) (?:logement|demenagement|relocation)\b|\blogement (?:fourni|offert|pris en charge)\b"
    r"|\b(?:flyttbidrag|flytthjalp|boende (?:ingar|ordnas|tillhandahalls))\b"
    r"|기숙사|숙소\s?(?:제공|지원)|주거\s?지원|이주\s?지원|社宅|社員寮|住宅手当|引越し?(?:手当|費用)"
)

# -- paid / unpaid ---------------------------------------------------------------------------------

_UNPAID = gated(
    r"\bunpaid\b|\bnon[- ]paid\b|\b(?:is|are|will be) not paid\b"
    r"|\b(?:academic|course|university|college|school) credit only\b"
    r"|\b(?:for|in exchange for) (?:academic|course|university|college|school) credit\b(?! (?:and|or|plus|in addition|as well))"
    r"|\bno (?:salary|compensation|stipend|pay|wages?|remuneration)\b|\bwithout (?:pay|compensation|remuneration|salary)\b"
    r"|\bvolunteer (?:position|role|internship|opportunity|basis)\b"
    r"|\bunbezahlt\w*|\bunvergutet\w*|\bobetald\w*|\bnon[- ]remunere\w*|\bno remunerad\w*|\bnon retribuit\w*|무급|無給|无薪"
)
_PAID = gated(
    r"\bpaid (?:internship|intern|position|role|opportunity|co-?op|placement|research|fellowship|program(?:me)?)s?\b"
    r"|\b(?:internship|position|role|this) is (?:fully )?paid\b|\b(?:will be|are|is|get) paid\b|\bfully paid\b"
    r"|\b(?:competitive|attractive|hourly|monthly|weekly|annual|base|fixed) (?:pay|salary|stipend|wages?|compensation|remuneration|rate)\b"
    r"|\b(?:salary|pay|wage|compensation|stipend) (?:range|band|rate|of|is|will be)\b|\b(?:salary|compensation|pay)\s?:"
    r"|\bstipend(?<!housing stipend)(?<!relocation stipend)(?<!travel stipend)(?<!learning stipend)"
    r"(?<!education stipend)(?<!transport stipend)s?\b"
    r"|\bhourly (?:wage|rate)\b"
    r"|\bvergutung\b|\bvergutet\b|\bbezahlt\w*|\bgratification\b|\bremunere\w*|\bremunerad\w*|\bbetald\w*|\bmanadslon\b|\btimlon\b"
    r"|유급|급여|월급|시급|연봉|有給|給与|時給|月給|带薪|薪资"
)

# -- season ----------------------------------------------------------------------------------------

_SEASON_WORDS = {
    "summer": "Summer", "sommar": "Summer", "sommaren": "Summer", "sommer": "Summer", "ete": "Summer",
    "verano": "Summer", "zomer": "Summer",
    "fall": "Fall", "autumn": "Fall", "hosten": "Fall", "herbst": "Fall", "automne": "Fall",
    "otono": "Fall", "autunno": "Fall", "najaar": "Fall",
    "spring": "Spring", "varen": "Spring", "fruhjahr": "Spring", "fruhling": "Spring",
    "printemps": "Spring", "primavera": "Spring", "voorjaar": "Spring",
    "winter": "Winter", "vinter": "Winter", "vintern": "Winter", "hiver": "Winter", "invierno": "Winter",
    "inverno": "Winter",
    "하계": "Summer", "여름": "Summer", "동계": "Winter", "겨울": "Winter", "춘계": "Spring", "봄": "Spring",
    "추계": "Fall", "가을": "Fall", "夏": "Summer", "夏季": "Summer", "冬": "Winter", "冬季": "Winter",
    "春": "Spring", "春季": "Spring", "秋": "Fall", "秋季": "Fall", "暑期": "Summer", "寒假": "Winter",
}
_LATIN_SEASON = "|".join(sorted((w for w in _SEASON_WORDS if w.isascii()), key=len, reverse=True))
_CJK_SEASON = "|".join(sorted((w for w in _SEASON_WORDS if not w.isascii()), key=len, reverse=True))
_SEASON_FILLER = (
    r"(?:\s+(?:intern(?:ship)?s?|analysts?|associates?|co-?op|program(?:me)?|term|semester|session|cohort"
    r"|students?|placement|class|research|internship program(?:me)?|jobb|praktikum|stage|de|of|in)){0,2}"
)
_SEASON = gated(
    rf"\b(?P<s1>{_LATIN_SEASON}){_SEASON_FILLER}\s*[-–(,:]?\s*(?:(?P<y1>20\d\d)(?!\d)|['’`](?P<y2>\d\d)(?!\d))"
    rf"|(?<!\d)(?P<y3>20\d\d)\s*[-–/]?\s*(?P<s2>{_LATIN_SEASON})\b"
    rf"|(?<!\d)(?P<y4>20\d\d)\s*(?:년\s*(?:도\s*)?|年\s*(?:度\s*)?)?(?P<s3>{_CJK_SEASON})"
    rf"|\b(?P<s4>{_LATIN_SEASON})\s*['’`]?(?P<y5>[2-9]\d)\b(?=\s+(?:intern|internship|co-?op|analyst)s?\b)"
)

# -- degree level (raw text: abbreviations are case-sensitive) ------------------------------------

_DEGREE = {
    "bachelor": gated(
        r"(?<![\w.])(?:B\.?S\.?(?:c\.?|E\.?)?|B\.\s?A\.|B\.?\s?Eng\.?|B\.?\s?Tech\.?|BSCS|BSEE)(?![\w&'])"
        r"|(?i:\bbachelor(?:s|'s|’s|ette|studium|studiengang)?\b|\bundergrad(?:uate)?s?\b|\bb\.?sc\b)"
        r"|학사|학부생|学部生?|本科"
    ),
    "master": gated(
        r"(?<![\w.])(?:M\.?S\.?(?:c\.?|E\.?)?|M\.\s?A\.|M\.?\s?Eng\.?|M\.?\s?Tech\.?|MBA|MSCS|MSEE)(?![\w&'])"
        r"(?!\s+(?:Office|Excel|Word|PowerPoint|Teams|SQL|Access|Project|Azure|Windows|Dynamics|Visio|Outlook"
        r"|365|Power|Fabric|Dataverse|Sharepoint|SharePoint)\b)"
        r"|(?i:\bmaster(?:'s|’s)|\bmasters?\s+(?:degree|students?|program(?:me)?s?|candidates?|level|in|thesis"
        r"|of (?:science|arts|engineering|business|computer|data|applied|mathematics|statistics|finance|economics"
        r"|information|technology|public|philosophy)"
        r"|or|and|studies|study|graduates?)\b|\bmaster(?:studium|studiengang|arbeit|student\w*|examen|program)\b"
        r"|\bm\.?sc\b)"
        r"|석사|修士|硕士"
    ),
    "phd": gated(
        r"(?i:\bph\.?\s?d\b\.?|\bd\.?phil\b|(?<![\w-])doctoral\b|\bdoctorate\b|\bdoktorand\w*|\bdoctorant\w*)|박사|博士"
    ),
}

# -- salary (raw text) -----------------------------------------------------------------------------

# Prefix currencies, longest first so "S$" wins over "$". ISO codes are upper case only.
_ISO = ("USD|EUR|GBP|SEK|NOK|DKK|KRW|SGD|CAD|AUD|NZD|HKD|INR|JPY|CNY|RMB|CHF|PLN|BRL|MXN|ILS|TWD|ZAR|AED|MYR"
        "|PHP|THB|IDR|VND|CZK|HUF|RON|TRY")
_CUR_PREFIX = (rf"(?:US|USD|CA|CAD|C|A|AU|AUD|S|SG|SGD|HK|NZ|R|MX|NT)\$|\$|£|€|₩|¥|₹|₪|₱|Rs\.?(?=\s?\d)|RM(?=\s?\d)"
               rf"|(?:{_ISO})(?![A-Za-z])")
_CUR_SUFFIX = rf"€|£|\$|kr\b\.?|Kr\b\.?|:-|원|円|元|zł|(?:{_ISO})(?![A-Za-z])|CHF|Fr\.|euros?\b|dollars?\b|yen\b"
_CURRENCIES = {
    "$": "USD", "US$": "USD", "USD$": "USD", "CA$": "CAD", "CAD$": "CAD", "C$": "CAD", "A$": "AUD",
    "AU$": "AUD", "AUD$": "AUD", "S$": "SGD", "SG$": "SGD", "SGD$": "SGD", "HK$": "HKD", "NZ$": "NZD",
    "R$": "BRL", "MX$": "MXN", "NT$": "TWD", "£": "GBP", "€": "EUR", "₩": "KRW", "원": "KRW", "won": "KRW",
    "¥": "JPY", "円": "JPY", "yen": "JPY", "元": "CNY", "RMB": "CNY", "₹": "INR", "Rs": "INR", "Rs.": "INR",
    "₪": "ILS", "₱": "PHP", "RM": "MYR", "kr": "SEK", "kr.": "SEK", "Kr": "SEK", "Kr.": "SEK", ":-": "SEK",
    "zł": "PLN", "Fr.": "CHF", "euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD",
}
# Digits: "7,000", "25 000", "3.000,50", "48.50", "120"; the look-behind keeps a long digit run
# from being retried at every offset (that would be quadratic).
_NUMBER = r"(?<![\d.,])(?:\d{1,3}(?:[,.\u00a0\u202f ]\d{3}){1,4}(?:[.,]\d{1,2})?|\d{1,9}(?:[.,]\d{1,2})?)(?![\d])"
_MULTIPLIER = r"(?:\s?(?:[kK](?![A-Za-z])|만\s?|万|lakhs?\b|lacs?\b|L(?=PA\b)))?"


def _amount_regex(c: str) -> str:
    return rf"(?P<{c}p>{_CUR_PREFIX})?\s?(?P<{c}n>{_NUMBER})(?P<{c}m>{_MULTIPLIER})(?:\s?(?P<{c}s>{_CUR_SUFFIX}))?"


_RANGE_SEP = r"\s{0,2}(?:-|–|—|~|〜|to|bis|till|and|à)\s{0,2}"
_MONEY = re.compile(_amount_regex("a") + rf"(?:{_RANGE_SEP}" + _amount_regex("b") + ")?")
# Right after an amount: "$10B valuation", "$2 million in funding", "401(k)".
_NOT_PAY_AFTER = re.compile(
    r"^\s?(?:[mMbB](?:n|illion|il)?\b|MM\b|million|billion|trillion|Mrd|Mio|억|조|\(k\)|\+|%|x\b"
    r"|(?i:\s?(?:users|customers|employees|people|members|engineers|countries|offices|stores|patients|years?|months?"
    r"|weeks?|hours|days|percent|students|interns|locations|downloads|companies|clients|in (?:funding|revenue|sales|arr)"
    r"|valuation|raised|fund|(?:annual |one-time |one time |monthly |yearly )?(?:relocation|housing|learning|education"
    r"|signing|sign-on|referral|equipment|home office|wellness|gym|travel|moving|lunch|meal|phone|internet|conference"
    r"|bonus|budget|grant|prize|award))\b))"
)
# In the clause just before an amount: money that is not pay.
_NOT_PAY_BEFORE = re.compile(
    r"(?i:\b(?:raised|raising|funding|valuation|valued at|revenue|arr|series [a-f]|invest(?:ment|ed|ors?)|assets|aum"
    r"|market cap|budget of|relocation|housing|accommodation|signing|sign-on|bonus|equipment|tuition|referral|401"
    r"|reimburs\w*|prize|grant of|donat\w*|learning (?:budget|stipend)|education (?:budget|stipend))\b)"
)
_PAY_CUE = re.compile(
    r"(?i:\b(?:salary|salaries|pay|paid|wage|wages|compensation|stipend|rate|remuneration|earn|earning|gross|base"
    r"|hourly|monthly|annual|yearly|weekly|lön|lon|gehalt|vergütung|verguetung|brutto|rémunération|gratification"
    r"|sueldo|salario|ctc|lpa)\b)|급여|월급|시급|연봉|보수|給与|時給|月給|年収|薪"
)
_GAP = r"\s{0,3}(?:(?:USD|EUR|GBP|SEK|CAD|SGD|KRW|INR|gross|brutto|before tax|pre-tax|(?:per|a|an)\s+person)\s{0,3})?"
_PERIOD_AFTER = (
    ("hour", re.compile(
        rf"^{_GAP}(?:/\s?(?:hour|hr|h|std|stunde|tim|timme|heure|hora)\b|(?:per|an|a|pro|par|i|la|por|the)\s+"
        r"(?:hour|hr|h|stunde|std|timme|heure|hora)\b|hourly\b|p/h\b|ph\b|/h\b|an hour\b|時間|시간당)", re.I)),
    ("day", re.compile(rf"^{_GAP}(?:/\s?(?:day|dag|tag|jour)\b|(?:per|a|pro|par|om)\s+(?:day|dag|tag|jour)\b|daily\b|/d\b)", re.I)),
    ("week", re.compile(rf"^{_GAP}(?:/\s?(?:week|wk|vecka|woche|semaine)\b|(?:per|a|pro|par|i)\s+(?:week|wk|vecka|veckan|woche|semaine)\b|weekly\b|/w\b|pw\b)", re.I)),
    ("month", re.compile(
        rf"^{_GAP}(?:/\s?(?:month|mo|mth|mnth|månad|mån|manad|monat|mois|mes|kk)\b|(?:per|a|pro|par|i|im|al|por)\s+"
        r"(?:month|mo|mth|månad|månaden|manad|monat|mois|mes)\b|monthly\b|monatlich\b|mensuel\w*|mensual\b|pcm\b|p\.?m\.?(?!\w)|/月)", re.I)),
    ("year", re.compile(
        rf"^{_GAP}(?:/\s?(?:year|yr|y|år|ar|jahr|an|año|ano|annum)\b|(?:per|a|pro|par|i|al|por)\s+"
        r"(?:year|yr|år|året|jahr|an|año|ano|annum)\b|annually\b|annual\b|yearly\b|jährlich\b|p\.?\s?a\.?(?!\w)|pa\b|ctc\b|lpa\b|/年)", re.I)),
)
_PERIOD_BEFORE = (
    ("hour", re.compile(r"(?i:\bhourly\b|\bper hour\b|\bstundenlohn\b|\btimlon\b|\btimlön\b|\bhour rate\b)|시급|時給")),
    ("day", re.compile(r"(?i:\bdaily\b|\bper day\b|\btagessatz\b)|일당|日給")),
    ("week", re.compile(r"(?i:\bweekly\b|\bper week\b)|주급|週給")),
    ("month", re.compile(r"(?i:\bmonthly\b|\bper month\b|\bmonatsgehalt\b|\bmonatlich\w*|\bmånadslön\b|\bmanadslon\b"
                         r"|\bmensuel\w*)|월급|(?<!\d)월\s?(?:급여\s?)?$|月給|月額")),
    ("year", re.compile(r"(?i:\bannual\w*|\byearly\b|\bper (?:year|annum)\b|\bjahresgehalt\b|\bårslön\b|\barslon\b"
                        r"|\bctc\b)|연봉|年収|年俸")),
)
_MAX_AMOUNT = Decimal(10) ** 10
_DIGITS = re.compile(r"\d+")
_NUMBER_INSIDE = frozenset("0123456789.,")
# The longest currency prefix plus a space ("USD$ ", "CAD$ ").
_PREFIX_REACH = 6
_CLAUSE = re.compile(r"[.;!?\n]")
# "$2,000 housing stipend and $8,000/month": the housing words belong to the first amount.
_PHRASE = re.compile(r"[,:(]|\b(?:and|plus|with|or|but)\b")


def _currency(*tokens: str | None) -> str | None:
    for token in tokens:
        if not token:
            continue
        token = token.strip()
        if token in _CURRENCIES:
            return _CURRENCIES[token]
        if token.lower() in _CURRENCIES:
            return _CURRENCIES[token.lower()]
        if token.upper() in _ISO.split("|"):
            return "CNY" if token.upper() == "RMB" else token.upper()
    return None


def _amount(number: str, multiplier: str) -> Decimal | None:
    """A number string as written ("25 000", "3.000,50", "48.50") through price-parser, times its multiplier."""
    price = Price.fromstring(number.replace("\u00a0", " ").replace("\u202f", " "))
    value = price.amount
    if value is None:
        return None
    mult = multiplier.strip().lower()
    try:
        if mult == "k":
            value *= 1000
        elif mult in ("만", "万"):
            value *= 10_000
        elif mult.startswith(("lakh", "lac", "l")):
            value *= 100_000
    except InvalidOperation:
        return None
    return value


def _looks_like_year(number: str) -> bool:
    return len(number) == 4 and number.isdigit() and number[:2] in ("19", "20")


def _period(text: str, start: int, end: int) -> str | None:
    after = text[end:end + 40]
    for period, pattern in _PERIOD_AFTER:
        if pattern.search(after):
            return period
    before = text[max(0, start - _BEFORE):start]
    before = _CLAUSE.split(before)[-1]
    best, best_at = None, -1
    for period, pattern in _PERIOD_BEFORE:
        for match in pattern.finditer(before):
            if match.start() > best_at:
                best, best_at = period, match.start()
    return best


def _next_money(text: str, pos: int) -> re.Match[str] | None:
    """The first _MONEY match starting at or after `pos`.

    Equivalent to `_MONEY.search(text, pos)` but anchored on digit runs: the regex only runs a few
    characters before each number (where a currency prefix can start) instead of at every
    position, which is several times faster on a description with few numbers.
    """
    while True:
        digits = _DIGITS.search(text, pos)
        if digits is None:
            return None
        start = digits.start()
        if start == 0 or text[start - 1] not in _NUMBER_INSIDE:
            for offset in range(min(_PREFIX_REACH, start - pos), -1, -1):
                m = _MONEY.match(text, start - offset)
                if m is not None and m.start("an") == start:
                    return m
        pos = digits.end()


# Substrings one of which any amount read as pay in free text needs: a currency token (see
# _CUR_PREFIX, _CUR_SUFFIX) or a pay word (_PAY_CUE, here without its word boundaries). A text
# with none of them states no pay, and its numbers need not be read at all. The raw text's keyword
# scan (shared with the skills and degrees) answers it; under plain matching every text is read.
_MAY_STATE_PAY = PatternSet([gated(
    "[$£€₩¥₹₪₱원円元]|Rs|RM|kr|Kr|:-|zł|CHF|Fr\\.|(?i:euro|dollar|yen)|" + _ISO
    + r"|(?i:salar|pay|paid|wage|compensation|stipend|rate|remunera|earn|gross|base|hourly|monthly|annual"
    r"|yearly|weekly|lön|lon|gehalt|vergütung|verguetung|brutto|rémunération|gratification|sueldo|ctc|lpa)"
    r"|급여|월급|시급|연봉|보수|給与|時給|月給|年収|薪"
)])


def _salaries(text: str, structured: bool) -> list[tuple[tuple, dict]]:
    """(rank, salary) for every plausible pay amount in `text`; `structured` for a platform pay field."""
    out: list[tuple[tuple, dict]] = []
    if not structured and not _MAY_STATE_PAY.possible(text):
        return out
    pos = 0
    for _ in range(_MAX_CANDIDATES):
        m = _next_money(text, pos)
        if m is None:
            break
        pos = m.end()
        first_currency = _currency(m.group("ap"), m.group("as"))
        has_second = m.group("bn") is not None
        if not has_second and first_currency is None and not structured:
            # A lone number without a currency ("founded in 2012", "2,000 people") counts only with
            # a period and a pay word before it: look for the pay word before parsing the amount.
            before = _CLAUSE.split(text[max(0, m.start() - _BEFORE):m.start()])[-1]
            if not _PAY_CUE.search(before) or _NOT_PAY_BEFORE.search(_PHRASE.split(before)[-1]):
                continue
        second_start = (m.start("bp") if m.group("bp") else m.start("bn")) if has_second else 0
        # "Summer 2026 – $7,000/month" and "2025 - 2026": a bare year does not start a range, and
        # "40 - $50" is no range either; the second amount is read on its own next time round.
        if has_second and ((first_currency is None and m.group("bp")) or (
                _looks_like_year(m.group("an")) and not m.group("ap"))):
            pos, has_second = second_start, False
        end = m.end("as") if m.group("as") else m.end("am")
        low = _amount(m.group("an"), m.group("am") or "")
        if low is None or low <= 0:
            continue
        high = low
        if has_second:
            second = _amount(m.group("bn"), m.group("bm") or "")
            # "$120-150k": the multiplier of one end applies to a bare other end.
            am, bm = (m.group("am") or "").strip(), (m.group("bm") or "").strip()
            # Only if the range stands: "1-1,000k" is no range, and its 1 stays 1.
            first = low
            if second is not None and bm and not am and low < 1000:
                first = _amount(m.group("an"), bm) or low
            elif second is not None and am and not bm and second < 1000:
                second = _amount(m.group("bn"), am) or second
            if (second is None or second <= 0 or max(first, second) > 20 * min(first, second)
                    or _NOT_PAY_AFTER.search(text[m.end():m.end() + 16])):
                # "$5,000 and 2 weeks off": the second number is something else.
                pos, has_second = second_start, False
            else:
                low, high, end = min(first, second), max(first, second), m.end()
        currency = first_currency or (_currency(m.group("bp"), m.group("bs")) if has_second else None)
        if high > _MAX_AMOUNT or _NOT_PAY_AFTER.search(text[end:end + 16]):
            continue
        before = _CLAUSE.split(text[max(0, m.start() - _BEFORE):m.start()])[-1]
        if _NOT_PAY_BEFORE.search(_PHRASE.split(before)[-1]):
            continue
        period = _period(text, m.start(), end)
        cue = structured or bool(_PAY_CUE.search(before))
        if currency is None and not structured and not (period and cue):
            continue
        if currency is None and not has_second and _looks_like_year(m.group("an")):
            continue
        rank = (period is not None, cue, currency is not None)
        out.append((rank, {"min": float(low), "max": float(high), "currency": currency, "period": period}))
    return out


def parse_salary(text: Any, structured: bool = False) -> dict | None:
    """The pay stated in `text` as {min, max, currency, period}, or None.

    `structured` marks a platform's own pay field ("USD 40-48.50 per hour"), where a bare number
    is pay; in free text an amount needs a currency, or a period plus a pay word before it.
    Amounts with a period or a pay word win; among equals, the first.
    """
    text = as_text(text)[:_COMPENSATION_CHARS if structured else SCAN_CHARS]
    if not text:
        return None
    found = _salaries(text, structured)
    if not found:
        if structured and len(text) <= _PRICE_FALLBACK_CHARS:
            price = Price.fromstring(text)
            if price.amount is not None and price.amount > 0 and price.amount < _MAX_AMOUNT:
                value = float(price.amount)
                return {"min": value, "max": value, "currency": _currency(price.currency), "period": None}
        return None
    best = max(range(len(found)), key=lambda i: (found[i][0], -i))
    return found[best][1]


# -- season helpers --------------------------------------------------------------------------------


def _season(text: str) -> str | None:
    for m in _SEASON.finditer(text):
        season = _SEASON_WORDS[m.group("s1") or m.group("s2") or m.group("s3") or m.group("s4")]
        year = m.group("y1") or m.group("y3") or m.group("y4")
        if year is None:
            short = m.group("y2") or m.group("y5")
            year = f"20{short}" if short else None
        if season and year:
            return f"{season} {year}"
    return None


def _degrees(text: str) -> list[str]:
    return [degree for degree in DEGREES if _DEGREE[degree].search(text)]


# What a text says, as bits: the facts of several texts combine with "|".
_RETURN, _NO_RETURN, _EXPERIENCE, _BEGINNER_BIT, _VISA_NO_BIT, _VISA_YES_BIT, _RELOCATION_BIT, _UNPAID_BIT, \
    _PAID_BIT = (1 << i for i in range(9))


class TextFacts(NamedTuple):
    """What one normalized text (a title, an employment type, a description segment) says."""

    bits: int  # the _RETURN ... _PAID_BIT flags it raises
    season: str | None


class RawFacts(NamedTuple):
    """What one raw text says where case matters: degree abbreviations and pay amounts."""

    degrees: frozenset[str]
    salaries: tuple[tuple[tuple, tuple], ...]  # (rank, (min, max, currency, period)) in text order


def text_facts(text_n: str) -> TextFacts:
    """The word facts of one normalized text."""
    if not _TEXT_RULES.possible(text_n):
        return _NOTHING_SAID
    checks = (
        (_RETURN, _affirmed(_RETURN_OFFER, text_n)), (_NO_RETURN, _NO_RETURN_OFFER.search(text_n)),
        (_EXPERIENCE, _EXPERIENCED.search(text_n)), (_BEGINNER_BIT, _affirmed(_BEGINNER, _NOT_BEGINNER.sub(" ", text_n))),
        (_VISA_NO_BIT, _VISA_NO.search(text_n)), (_VISA_YES_BIT, _affirmed(_VISA_YES, text_n)),
        (_RELOCATION_BIT, _affirmed(_RELOCATION, text_n)), (_UNPAID_BIT, _UNPAID.search(text_n)),
        (_PAID_BIT, _affirmed(_PAID, text_n)),
    )
    return TextFacts(sum(bit for bit, said in checks if said), _season(text_n))


_TEXT_RULES = PatternSet((_RETURN_OFFER, _NO_RETURN_OFFER, _EXPERIENCED, *_BEGINNER, _VISA_NO, _VISA_YES,
                          _RELOCATION, _UNPAID, _PAID, _SEASON))
_NOTHING_SAID = TextFacts(0, None)
_DEGREE_RULES = PatternSet(_DEGREE.values())


def raw_facts(text: str) -> RawFacts:
    """The degree levels and pay amounts of one raw text."""
    salaries = tuple((rank, (s["min"], s["max"], s["currency"], s["period"])) for rank, s in _salaries(text, False))
    return RawFacts(frozenset(_degrees(text)) if _DEGREE_RULES.possible(text) else frozenset(), salaries)


def facts_from(texts: list[TextFacts], raws: list[RawFacts], compensation: Any = "") -> dict[str, Any]:
    """The FACT_FIELDS of a posting from the facts of its parts (title, employment type and
    description segments, in that order) and the platform's pay string."""
    compensation_raw = as_text(compensation)[:_COMPENSATION_CHARS]
    salary = parse_salary(compensation_raw, structured=True) if compensation_raw.strip() else None
    if salary is None:
        found = [candidate for raw in raws for candidate in raw.salaries]
        if found:
            # The amounts with a period or a pay word win; among equals, the first.
            low, high, currency, period = found[max(range(len(found)), key=lambda i: (found[i][0], -i))][1]
            salary = {"min": low, "max": high, "currency": currency, "period": period}
    bits = 0
    for text in texts:
        bits |= text.bits
    # `unpaid` is checked first: "unpaid" contains no "paid" word, but "not paid" and "no stipend"
    # would otherwise read as pay words.
    if bits & _UNPAID_BIT and not (compensation_raw.strip() and salary):
        paid = NO
    elif salary is not None or bits & _PAID_BIT:
        paid = YES
    else:
        paid = UNKNOWN
    visa = NO if bits & _VISA_NO_BIT else YES if bits & _VISA_YES_BIT else UNKNOWN
    degrees = set().union(*(raw.degrees for raw in raws))
    return {
        "return_offer": bool(bits & _RETURN) and not bits & _NO_RETURN,
        "beginner_friendly": not bits & _EXPERIENCE and bool(bits & _BEGINNER_BIT),
        "visa_sponsorship": visa,
        "relocation_or_housing": bool(bits & _RELOCATION_BIT),
        "paid": paid,
        # The title's season first, then the employment type's, then the description's.
        "season": next((t.season for t in texts if t.season), None),
        "degree_level": [degree for degree in DEGREES if degree in degrees],
        "salary": salary,
    }


def student_facts(
    title: Any, description_text: Any, employment_type: Any = "", compensation: Any = ""
) -> dict[str, Any]:
    """The FACT_FIELDS of one posting from its title, plain-text description, employment type and
    the platform's pay string. Never raises on odd input; missing fields give "unknown"/False/None.

    Title, employment type and each description segment (sentence or line, `text.segments`)
    are read one by one: no phrase spans two of them.
    """
    raws = [text for text in (as_text(title)[:SCAN_CHARS], as_text(employment_type)[:SCAN_CHARS]) if text]
    raws += segments(as_text(description_text))
    texts = [text for text in map(normalize, raws) if text]
    return facts_from([text_facts(t) for t in texts], [raw_facts(r) for r in raws], compensation)

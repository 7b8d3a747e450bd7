"""One posting, counted once: cluster the postings that are the same job across sources.

The same internship shows up on an ATS board and on a community list (whose ``url`` usually
points at that very ATS posting), or on two boards of one company. `cluster_postings` gives every
posting a ``cluster_id``; every source's row is kept, trend views count clusters. Precision
first, in two steps:

1. Exact links: a posting whose ``url`` points at a posting we crawl (`posting_ref`), or two
   postings with the same canonical URL (`canonical_url`), are one job. Exact links are
   transitive; a link is refused only when the titles have nothing in common (a list row pasted
   with another job's link).
2. Fuzzy links, only within one normalized company: near-identical titles (rapidfuzz), places
   that fit, first seen within `DATE_WINDOW_DAYS`, no conflicting season, level or kind
   (intern / co-op / full-time), never two rows of one source (a board or list that shows two
   rows means two jobs, unless a link says otherwise). A fuzzy merge must fit every member of
   both clusters (complete linkage), and a posting that fits two clusters that do not fit each
   other (the same title in London and in New York, a list row naming no city) joins neither.

Plain functions: no Dagster, no DuckDB. Pure and deterministic (same input, same ids).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import numpy as np
from rapidfuzz import fuzz, process

# Tuned on tests/clustering/pairs.jsonl (see tests/clustering/test_pairs.py).
TITLE_THRESHOLD = 90  # token_sort_ratio of the titles' core words, for a fuzzy link
WORD_THRESHOLD = 80  # every core word must have a counterpart this close (ratio) on the other side
RELATED_THRESHOLD = 50  # below this (token_set_ratio), two titles name different jobs
DATE_WINDOW_DAYS = 60  # first_seen at most this far apart for a fuzzy link
AMBIGUITY_MARGIN = 5  # a second candidate this close to the best one makes a fuzzy link ambiguous
LIST_PLATFORMS = frozenset({"listings"})  # community lists: every other platform is the employer's
_CHUNK = 512  # rows per rapidfuzz cdist call, to bound memory on large companies

Ref = tuple[str, str, str]

# -- URLs ------------------------------------------------------------------------------------------

# Query parameters that say where a visitor came from, never which posting it is.
_TRACKING = {
    "gh_src", "lever-source", "lever-origin", "lever-via", "ref", "referrer", "source", "src", "trid",
    "fbclid", "gclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "li_fat_id", "iis", "iisn",
}
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
_DIGITS = re.compile(r"^\d{1,20}$")
_SR_ID = re.compile(r"^(\d{6,20})(?:-|$)")
_SHORTCODE = re.compile(r"^[0-9A-Za-z]{6,12}$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
# Platforms whose posting ids are unique across all boards, so an id alone can name a posting.
_GLOBAL_IDS = frozenset({"greenhouse", "lever", "ashby", "smartrecruiters", "workable"})


def _split(url: Any):
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return parts, port


def canonical_url(url: Any) -> str | None:
    """`url` as one spelling per page: https, lowercased host, default port, fragment (unless it
    is a route: ``#en/sites/jobsearch/job/211250``), tracking parameters (utm_*, gh_src,
    lever-source, ref, ...) and trailing slash dropped, the other parameters sorted. None for
    anything that is not an http(s) URL."""
    split = _split(url)
    if split is None:
        return None
    parts, port = split
    host = parts.hostname
    greenhouse = host.endswith("greenhouse.io")
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not (k.lower() in _TRACKING or k.lower().startswith("utm_") or (greenhouse and k == "t"))
    )
    netloc = host if port in (None, _DEFAULT_PORTS[parts.scheme.lower()]) else f"{host}:{port}"
    # A fragment is dropped ("#apply") unless it is the page's route: careers.oracle.com/jobs/#en/
    # sites/jobsearch/job/211250 names its job only there.
    fragment = parts.fragment.rstrip("/") if "/" in parts.fragment else ""
    return urlunsplit(("https", netloc, parts.path.rstrip("/") or "/", urlencode(query), fragment))


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _greenhouse(host: str, segs: list[str], q: dict[str, str]) -> tuple | None:
    if not host.endswith("greenhouse.io"):
        return None
    if len(segs) >= 5 and segs[0] == "v1" and segs[1] == "boards" and segs[3] == "jobs" and _DIGITS.match(segs[4]):
        return ("key", segs[2].lower(), segs[4])  # boards-api.greenhouse.io/v1/boards/<board>/jobs/<id>
    if segs[-1:] == ["job_app"]:  # boards.greenhouse.io/embed/job_app?for=<board>&token=<id>
        token = q.get("token", "")
        if not _DIGITS.match(token):
            return None
        return ("key", q["for"].lower(), token) if q.get("for") else ("id", token)
    if len(segs) >= 3 and segs[1] == "jobs" and _DIGITS.match(segs[2]) and segs[0] not in ("embed", "v1"):
        return ("key", segs[0].lower(), segs[2])  # (job-)boards(.eu).greenhouse.io/<board>/jobs/<id>
    if len(segs) == 1 and _DIGITS.match(q.get("gh_jid", "")):
        return ("key", segs[0].lower(), q["gh_jid"])  # boards.greenhouse.io/<board>?gh_jid=<id>
    return None


def _lever(host: str, segs: list[str]) -> tuple | None:
    if host in ("jobs.lever.co", "jobs.eu.lever.co") and len(segs) >= 2 and _UUID.match(segs[1]):
        return ("key", segs[0].lower(), segs[1].lower())
    if host in ("api.lever.co", "api.eu.lever.co") and len(segs) >= 4 and segs[1] == "postings" \
            and _UUID.match(segs[3]):
        return ("key", segs[2].lower(), segs[3].lower())
    return None


def _ashby(host: str, segs: list[str]) -> tuple | None:
    if host == "jobs.ashbyhq.com" and len(segs) >= 2 and _UUID.match(segs[1]):
        return ("key", segs[0], segs[1].lower())
    return None


def _smartrecruiters(host: str, segs: list[str]) -> tuple | None:
    if host in ("jobs.smartrecruiters.com", "careers.smartrecruiters.com") and len(segs) >= 2:
        found = _SR_ID.match(segs[1])
        return ("key", segs[0], found.group(1)) if found else None
    if host == "api.smartrecruiters.com" and len(segs) >= 5 and segs[1:2] == ["companies"] and segs[3] == "postings":
        return ("key", segs[2], segs[4]) if _DIGITS.match(segs[4]) else None
    return None


def _workable(host: str, segs: list[str]) -> tuple | None:
    if not host.endswith("workable.com"):
        return None
    if host == "apply.workable.com":
        if len(segs) >= 3 and segs[1] == "j" and _SHORTCODE.match(segs[2]):
            return ("key", segs[0].lower(), segs[2].upper())  # apply.workable.com/<account>/j/<code>/
        if len(segs) >= 2 and segs[0] == "j" and _SHORTCODE.match(segs[1]):
            return ("id", segs[1].upper())  # apply.workable.com/j/<code>: no account named
        return None
    account = host[: -len(".workable.com")]
    if account and "." not in account and account not in ("www", "jobs") and len(segs) >= 2 and segs[0] == "j" \
            and _SHORTCODE.match(segs[1]):
        return ("key", account, segs[1].upper())  # <account>.workable.com/j/<code>
    return None


def _identity(url: Any) -> tuple | None:
    """What a URL says about the posting it shows, in one of three strengths:
    ("key", platform, board, external_id) names one of our posting keys; ("id", platform, id) names
    a posting id without its board (Greenhouse ``job_app?token=`` or a company site's ``gh_jid``,
    Workable ``/j/<code>``, a company site's ``ashby_jid``); ("slug", "recruitee", company, slug) is
    a Recruitee offer, whose URL names the slug while our key uses the numeric id."""
    split = _split(url)
    if split is None:
        return None
    parts, _ = split
    host, segs = parts.hostname, _segments(parts.path)
    q = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    for platform, found in (
        ("greenhouse", _greenhouse(host, segs, q)),
        ("lever", _lever(host, segs)),
        ("ashby", _ashby(host, segs)),
        ("smartrecruiters", _smartrecruiters(host, segs)),
        ("workable", _workable(host, segs)),
    ):
        if found:
            return (found[0], platform, *found[1:])
    if host.endswith(".recruitee.com") and len(segs) >= 2 and segs[0] == "o":
        return ("slug", "recruitee", host[: -len(".recruitee.com")], segs[1].lower())
    if _DIGITS.match(q.get("gh_jid", "")):
        return ("id", "greenhouse", q["gh_jid"])
    if _UUID.match(q.get("ashby_jid", "")):
        return ("id", "ashby", q["ashby_jid"].lower())
    return None


def posting_ref(url: Any) -> Ref | None:
    """The (platform, board, external_id) of the posting a URL shows, matching our
    ``posting_key = f"{platform}:{board}:{external_id}"``; None unless the URL names both board
    and id. Greenhouse (``boards.``/``job-boards.[eu.]greenhouse.io/<board>/jobs/<id>``,
    ``embed/job_app?for=<board>&token=<id>``), Lever (``jobs.lever.co/<board>/<uuid>[/apply]``),
    Ashby (``jobs.ashbyhq.com/<board>/<uuid>[/application]``), SmartRecruiters
    (``jobs.smartrecruiters.com/<Company>/<id>-<slug>``), Workable
    (``apply.workable.com/<account>/j/<shortcode>/``).

    Case: ids as our mappers write them (Lever and Ashby uuids lowercase, Workable shortcodes
    uppercase); Greenhouse, Lever and Workable boards lowercase (their slugs are); Ashby and
    SmartRecruiters boards as the URL spells them (``WesternDigital``). Boards are
    case-insensitive on every platform and a sources file may spell them otherwise, so compare
    boards ignoring case (`cluster_postings` does).

    Not a ref: a company site's ``?gh_jid=<id>`` and Workable's ``/j/<shortcode>`` (no board),
    and Recruitee's ``<company>.recruitee.com/o/<slug>`` (our Recruitee key is the offer's numeric
    id, which its URLs never show). `cluster_postings` still links those through the id or the
    crawled posting's own URL."""
    found = _identity(url)
    return found[1:] if found and found[0] == "key" else None  # type: ignore[return-value]


def _id_norm(platform: str, external_id: str) -> str:
    if platform in ("lever", "ashby"):
        return external_id.lower()
    if platform == "workable":
        return external_id.upper()
    return external_id


# -- titles, companies, places ---------------------------------------------------------------------

_COMBINING = re.compile(r"[\u0300-\u036f]")
_GENDER = re.compile(r"\(?\b(?:[mfwdx]\s*/\s*){1,3}[mfwdx]\b\)?|\ball genders\b")
_WORDS = re.compile(r"[^\W_]+")
_LEGAL = {
    "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc", "gmbh",
    "ag", "sa", "sas", "bv", "nv", "ab", "oy", "oyj", "as", "asa", "aps", "srl", "spa", "pte", "pty", "kk",
    "lp", "llp", "pllc", "se", "kg", "sarl", "ltda", "sl",
}
_SEASON_TERMS = {
    "summer": "Summer", "sommar": "Summer", "sommer": "Summer", "fall": "Fall", "autumn": "Fall",
    "herbst": "Fall", "spring": "Spring", "fruhjahr": "Spring", "winter": "Winter", "vinter": "Winter",
}
_KINDS = {
    "intern": "intern", "interns": "intern", "internship": "intern", "internships": "intern",
    "praktikum": "intern", "praktikant": "intern", "praktikantin": "intern", "stagiaire": "intern",
    "coop": "coop", "coops": "coop", "apprentice": "apprentice", "apprenticeship": "apprentice",
    "trainee": "trainee", "traineeship": "trainee", "werkstudent": "werkstudent",
    "werkstudentin": "werkstudent", "placement": "placement", "newgrad": "newgrad",
}
_DEGREES = {
    "phd": "phd", "doctoral": "phd", "doctorate": "phd", "master": "master", "masters": "master",
    "msc": "master", "ms": "master", "meng": "master", "mba": "mba", "bachelor": "bachelor",
    "bachelors": "bachelor", "undergraduate": "bachelor", "undergrad": "bachelor", "bsc": "bachelor",
    "bs": "bachelor",
}
_SENIORITY = {"junior": "junior", "jr": "junior", "senior": "senior", "sr": "senior", "staff": "staff",
              "principal": "principal", "lead": "lead"}
_NUMERALS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5"}
_SYNONYMS = {
    "ml": ("machine", "learning"), "swe": ("software", "engineer"), "sde": ("software", "development", "engineer"),
    "engineering": ("engineer",), "scientist": ("science",), "researcher": ("research",),
    "developer": ("development",), "analyst": ("analytics",),
}
_FILLER = {
    "and", "of", "the", "a", "an", "for", "in", "to", "at", "with", "on", "program", "programme", "position",
    "role", "opportunity", "team", "remote", "hybrid", "onsite", "usa", "us", "uk",
}


# Names, titles and cities recur across postings (an employer's, a night's, a re-tag's): the
# functions that take them apart remember their answers (pure functions of a string).
_MEMO = 65_536


def _fold(text: Any) -> str:
    return _fold_text(str(text or ""))


@functools.lru_cache(maxsize=_MEMO)
def _fold_text(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text)).casefold()


def company_key(name: Any) -> str:
    """A company name for comparison: case, accents, punctuation, a leading "The" and trailing
    legal suffixes (Inc., LLC, GmbH, ...) dropped; spaces too ("J.P. Morgan" = "JPMorgan")."""
    return _company_key(str(name or ""))


@functools.lru_cache(maxsize=_MEMO)
def _company_key(name: str) -> str:
    words = _WORDS.findall(_fold(name).replace("&", " and "))
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and (words[-1] in _LEGAL or words[-1] == "and"):  # "& Co."
        words = words[:-1]
    return "".join(words)


@dataclass(frozen=True, slots=True)
class _Title:
    core: str  # the words that say what the job is (season, kind, level and filler words taken out)
    term: str | None
    year: str | None
    kinds: frozenset[str]
    degrees: frozenset[str]
    seniority: frozenset[str]
    numerals: frozenset[str]


# Spellings of one word, joined before the title is split into words.
_JOINED = [
    (re.compile(r"\bco-op\b"), "coop"),
    (re.compile(r"\bnew grad(?:uate)?s?\b"), "newgrad"),
    (re.compile(r"\bworking students?\b"), "werkstudent"),
    (re.compile(r"\b(back|front)[\s-]+end\b"), r"\1end"),
    (re.compile(r"\bfull[\s-]+stack\b"), "fullstack"),
    (re.compile(r"\bph\.?\s?d\.?"), "phd"),
    (re.compile(r"\b([bm])\.(sc?|a)\.?"), r"\1\2"),  # B.S., M.Sc.
]
_YEAR = re.compile(r"20\d\d")
_TWO_DIGITS = re.compile(r"\d\d")


def _title(title: Any, drop: frozenset[str] = frozenset()) -> _Title:
    """A title taken apart: its core words, and the season, kind and level words it names.
    Words in `drop` (the posting's own city) are left out."""
    return _title_of(str(title or ""), frozenset(drop))


@functools.lru_cache(maxsize=_MEMO)
def _title_of(title: str, drop: frozenset[str]) -> _Title:
    text = _GENDER.sub(" ", _fold(title)).replace("&", " and ")
    for pattern, joined in _JOINED:
        text = pattern.sub(joined, text)
    words = _WORDS.findall(text)
    core: list[str] = []
    term = year = None
    kinds, degrees, seniority, numerals = set(), set(), set(), set()
    for i, word in enumerate(words):
        if word in _SEASON_TERMS:
            term = term or _SEASON_TERMS[word]
        elif _YEAR.fullmatch(word):
            year = year or word
        elif _TWO_DIGITS.fullmatch(word) and i and words[i - 1] in _SEASON_TERMS:
            year = year or f"20{word}"  # Summer '25
        elif _TWO_DIGITS.fullmatch(word) and i and _YEAR.fullmatch(words[i - 1]):
            continue  # 2025-26
        elif word in _KINDS:
            kinds.add(_KINDS[word])
        elif word in _DEGREES and (word != "master" or words[i + 1: i + 2] in (["s"], ["student"], ["degree"])):
            degrees.add(_DEGREES[word])
        elif word in _SENIORITY:
            seniority.add(_SENIORITY[word])
        elif word in _NUMERALS or (word.isdigit() and len(word) <= 2):
            numerals.add(_NUMERALS.get(word, word.lstrip("0") or "0"))
        elif word in _FILLER or word in drop or (word == "s" and i and words[i - 1] in _DEGREES):
            continue
        else:
            core.extend(_SYNONYMS.get(word, (word,)))
    return _Title(" ".join(core), term, year, frozenset(kinds), frozenset(degrees), frozenset(seniority),
                  frozenset(numerals))


def _season(value: Any) -> tuple[str | None, str | None]:
    parsed = _title(value) if value else None
    return (parsed.term, parsed.year) if parsed else (None, None)


def _first_seen(value: Any) -> int | None:
    if isinstance(value, datetime):
        return value.date().toordinal()
    if isinstance(value, date):
        return value.toordinal()
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip()[:10]).date().toordinal()
        except ValueError:
            return None
    return None


# -- one posting, ready to compare -----------------------------------------------------------------


@dataclass(slots=True)
class _Posting:
    key: str
    source: str
    is_list: bool
    company: str
    title: _Title
    cities: frozenset[tuple[str, str | None]]  # (folded city, country code or None)
    city_countries: frozenset[str]
    countries: frozenset[str]
    has_places: bool
    remote: bool
    first_seen: int | None
    identities: list[tuple]


def _prepare(p: Mapping[str, Any]) -> _Posting:
    key = str(p["posting_key"])
    key_platform, board, external_id = (key.split(":", 2) + ["", ""])[:3]
    platform = str(p.get("platform") or key_platform)
    places = [pl for pl in (p.get("places") or []) if isinstance(pl, Mapping)]
    cities = {(_fold(pl.get("city")), str(pl["country"]).upper() if pl.get("country") else None)
              for pl in places if pl.get("city")}
    countries = {str(pl["country"]).upper() for pl in places if pl.get("country")}
    city_countries = {str(pl["country"]).upper() for pl in places if pl.get("city") and pl.get("country")}
    # A title that names the posting's own city ("Data Intern - London") says nothing more.
    drop = frozenset(w for c, _ in cities for w in _WORDS.findall(c))
    title = _title(p.get("title"), drop)
    term, year = _season(p.get("season"))
    if term or year:
        title = _Title(title.core, term or title.term, year or title.year, title.kinds, title.degrees,
                       title.seniority, title.numerals)
    identities: list[tuple] = []
    if platform not in LIST_PLATFORMS and external_id:
        eid = _id_norm(key_platform, external_id)
        identities.append(("key", key_platform, board.casefold(), eid))
        if key_platform in _GLOBAL_IDS:
            identities.append(("id", key_platform, eid))
    found = _identity(p.get("url"))
    if found:
        if found[0] == "key":
            found = ("key", found[1], found[2].casefold(), _id_norm(found[1], found[3]))
        identities.append(found)
    canon = canonical_url(p.get("url"))
    if canon:
        # Case aside: no two postings' links differ only in case ("en-US" and "en-us" are one page).
        identities.append(("url", canon.casefold()))
    remote = str(p.get("remote") or "").lower() == "remote"
    return _Posting(key, f"{platform}:{board}", platform in LIST_PLATFORMS, company_key(p.get("company")), title,
                    frozenset(cities), frozenset(city_countries), frozenset(countries), bool(places), remote,
                    _first_seen(p.get("first_seen")), list(dict.fromkeys(identities)))


# Bump when _prepare (or what it calls) reads a posting differently: features stored by the
# warehouse under another version are then ignored and the postings prepared again.
FEATURES_VERSION = "1"
_FEATURES_PREFIX = json.dumps([FEATURES_VERSION])[:-1] + ","


def features(p: Mapping[str, Any]) -> str:
    """What clustering reads of a posting, prepared (all but its key and first_seen), as
    compact JSON for the warehouse to keep (posting_clusters.features): a night then compares
    its changed postings with stored ones without preparing those again. A posting's own
    stored features of this version are given back as they are."""
    stored = p.get("features")
    if isinstance(stored, str) and stored.startswith(_FEATURES_PREFIX):
        return stored
    return _encode(_prepared(p))


def _encode(f: _Posting) -> str:
    t = f.title
    return _DUMPS([FEATURES_VERSION, f.source, f.is_list, f.company,
                   [t.core, t.term, t.year, _listed(t.kinds), _listed(t.degrees), _listed(t.seniority),
                    _listed(t.numerals)],
                   _listed(f.cities), _listed(f.city_countries), _listed(f.countries), f.has_places, f.remote,
                   f.identities])


_DUMPS = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _listed(values: frozenset) -> list:
    """A set in a stable order (its members are strings, or tuples of a string and a string or None)."""
    return list(values) if len(values) < 2 else sorted(values, key=lambda v: v if isinstance(v, str) else (v[0], v[1] or ""))


def _from_features(key: str, first_seen: Any, text: Any) -> _Posting | None:
    """The posting `features` wrote, or None if `text` is missing, of another FEATURES_VERSION
    or not features at all."""
    if not isinstance(text, str):
        return None
    try:
        version, source, is_list, company, t, cities, city_countries, countries, has_places, remote, ids = json.loads(text)
        if version != FEATURES_VERSION:
            return None
        title = _Title(t[0], t[1], t[2], frozenset(t[3]), frozenset(t[4]), frozenset(t[5]), frozenset(t[6]))
        return _Posting(key, source, is_list, company, title, frozenset(tuple(c) for c in cities),
                        frozenset(city_countries), frozenset(countries), has_places, remote,
                        _first_seen(first_seen), [tuple(i) for i in ids])
    except (ValueError, TypeError, IndexError):
        return None


_PREPARED: dict[tuple, _Posting] = {}
_MAX_PREPARED = 200_000


def _prepared(p: Mapping[str, Any]) -> _Posting:
    """_prepare, remembered by everything it reads: the nights of a re-tag compare the same
    stored postings again and again. A posting that carries its stored `features` (of this
    FEATURES_VERSION) is not prepared again."""
    stored = _from_features(str(p["posting_key"]), p.get("first_seen"), p.get("features"))
    if stored is not None:
        return stored
    places = tuple((str(pl.get("city")), str(pl.get("country"))) for pl in (p.get("places") or []) if isinstance(pl, Mapping))
    key = tuple(str(p.get(f)) for f in ("posting_key", "platform", "company", "title", "url", "season", "remote",
                                        "first_seen")) + places
    found = _PREPARED.get(key)
    if found is None:
        if len(_PREPARED) >= _MAX_PREPARED:
            _PREPARED.clear()
        found = _PREPARED[key] = _prepare(p)
    return found


def forget_prepared() -> None:
    """Drop the remembered preparations (a step's end: its nights are done)."""
    _PREPARED.clear()
    for memo in (_fold_text, _company_key, _title_of):
        memo.cache_clear()


# -- the rules -------------------------------------------------------------------------------------


def _differ(a: frozenset | str | None, b: frozenset | str | None, strict: bool) -> bool:
    """Both say it and disagree; or, when `strict`, only one says it."""
    if a and b:
        return a != b
    return strict and bool(a) != bool(b)


def _titles_conflict(a: _Title, b: _Title, strict: bool) -> bool:
    """Season, year, level or kind say these are different jobs. `strict` is for two employer
    postings: a level or kind only one of them names is a difference too (a list row often
    leaves them out; a board does not)."""
    return (
        _differ(a.term, b.term, False) or _differ(a.year, b.year, False)
        or _differ(a.degrees, b.degrees, strict) or _differ(a.seniority, b.seniority, strict)
        or _differ(a.numerals, b.numerals, strict) or _differ(a.kinds, b.kinds, strict)
    )


def _related(a: _Posting, b: _Posting) -> bool:
    """The titles name the same kind of work at all (a list row pasted with another job's link
    does not: "UI/UX Designer Intern" linking a "SWE Intern" posting)."""
    if not a.title.core or not b.title.core:
        return True
    return fuzz.token_set_ratio(a.title.core, b.title.core) >= RELATED_THRESHOLD


def _places_ok(a: _Posting, b: _Posting) -> bool:
    if a.remote and b.remote and (not a.countries or not b.countries or a.countries & b.countries):
        return True
    if not a.has_places or not b.has_places:
        return True  # one side names no place at all: nothing to disagree with
    if a.cities and b.cities:
        return any(ca == cb and (na is None or nb is None or na == nb) for ca, na in a.cities for cb, nb in b.cities)
    if a.cities or b.cities:
        with_city, without = (a, b) if a.cities else (b, a)
        return bool(without.countries & with_city.city_countries)
    return bool(a.countries & b.countries)


def _fuzzy_ok(a: _Posting, b: _Posting) -> bool:
    """Everything but title similarity that a fuzzy link needs between two postings."""
    if a.source == b.source or a.company != b.company:
        return False
    if a.first_seen is not None and b.first_seen is not None and abs(a.first_seen - b.first_seen) > DATE_WINDOW_DAYS:
        return False
    strict = not a.is_list and not b.is_list
    if _titles_conflict(a.title, b.title, strict):
        return False
    if not strict:
        # A list row is an internship: the employer's posting must say so too if the row does.
        board_side, list_side = (b, a) if a.is_list else (a, b)
        if list_side.title.kinds and not board_side.title.kinds and not board_side.is_list:
            return False
    return _places_ok(a, b)


def _same_words(a: str, b: str) -> bool:
    """Every core word of each title has a near-identical word in the other: a typo, a plural or
    "Engineer"/"Engineering" may differ; an extra word ("UI", "Payments", "C++") may not."""
    wa, wb = a.split(), b.split()
    if sorted(wa) == sorted(wb):
        return True
    return all(
        process.extractOne(w, others, scorer=fuzz.ratio, score_cutoff=WORD_THRESHOLD) is not None
        for words, others in ((wa, wb), (wb, wa)) for w in set(words)
    )


def _members_fit(xs: list[_Posting], ys: list[_Posting]) -> bool:
    """Complete linkage: every pair across the two clusters may be one job."""
    return all(_fuzzy_ok(x, y) and _related(x, y) for x in xs for y in ys)


# -- union-find ------------------------------------------------------------------------------------


class _Sets:
    def __init__(self, n: int):
        self.parent = list(range(n))
        self.members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        if len(self.members[ri]) < len(self.members[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.members[ri].extend(self.members.pop(rj))


def _exact_links(items: list[_Posting], sets: _Sets) -> None:
    by_identity: dict[tuple, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        for identity in item.identities:
            by_identity[identity].append(i)
    for identity, group in by_identity.items():
        if len(group) < 2:
            continue
        for n, i in enumerate(group):
            for j in group[n + 1:]:
                a, b = items[i], items[j]
                if a.key == b.key:
                    continue
                # A board-less id ("gh_jid=123") is only as good as the company it comes with.
                if identity[0] == "id" and a.company != b.company:
                    continue
                # A link to a posting is the evidence (a list's season for it may be stale); a bare
                # URL may be a careers page many jobs share, so it must not contradict the titles.
                if _related(a, b) and not (identity[0] == "url" and _titles_conflict(a.title, b.title, False)):
                    sets.union(i, j)


def _by_date(members: list[int], items: list[_Posting]) -> tuple[list[int], list[int], list[int]]:
    """Members without a first_seen, members with one (in date order), and their dates."""
    undated = [m for m in members if items[m].first_seen is None]
    dated = sorted((m for m in members if items[m].first_seen is not None),
                   key=lambda m: (items[m].first_seen, items[m].key))
    return undated, dated, [items[m].first_seen for m in dated]


def _pairs_in_window(xs: list[int], ys: list[int] | None, items: list[_Posting]) -> Iterator[tuple[int, int]]:
    """The pairs of `xs` (with `ys`, or among themselves when `ys` is None) first seen at most
    DATE_WINDOW_DAYS apart, or with no date: a large company's many alike titles stay cheap."""
    x_undated, x_dated, x_dates = _by_date(xs, items)
    if ys is None:
        for n, a in enumerate(x_undated):
            yield from ((a, b) for b in x_undated[n + 1:] + x_dated)
        for n, a in enumerate(x_dated):
            end = bisect_right(x_dates, x_dates[n] + DATE_WINDOW_DAYS)
            yield from ((a, b) for b in x_dated[n + 1:end])
        return
    y_undated, y_dated, y_dates = _by_date(ys, items)
    for a in x_undated:
        yield from ((a, b) for b in y_undated + y_dated)
    for n, a in enumerate(x_dated):
        lo = bisect_left(y_dates, x_dates[n] - DATE_WINDOW_DAYS)
        hi = bisect_right(y_dates, x_dates[n] + DATE_WINDOW_DAYS)
        yield from ((a, b) for b in y_undated + y_dated[lo:hi])


def _candidates(items: list[_Posting], block: list[int]) -> list[tuple[int, int, int]]:
    """(score, i, j) for the pairs of one company whose titles are near-identical and that may be
    one job. rapidfuzz scores each distinct title against the others in C, a chunk of rows at a
    time; postings are paired only within a title pair and the date window."""
    groups: dict[str, list[int]] = defaultdict(list)
    for i in block:
        if items[i].title.core:
            groups[items[i].title.core].append(i)
    cores = sorted(groups)
    found: list[tuple[int, int, int]] = []
    for start in range(0, len(cores), _CHUNK):
        scores = process.cdist(cores[start:start + _CHUNK], cores, scorer=fuzz.token_sort_ratio,
                               score_cutoff=TITLE_THRESHOLD, dtype=np.uint8, workers=1)
        for r, c in zip(*np.nonzero(scores)):
            qi, ci = start + int(r), int(c)
            if ci < qi or (ci > qi and not _same_words(cores[qi], cores[ci])):
                continue
            pairs = _pairs_in_window(groups[cores[qi]], None if ci == qi else groups[cores[ci]], items)
            score = int(scores[r, c])
            found.extend((score, *sorted((a, b), key=lambda m: items[m].key)) for a, b in pairs
                         if _fuzzy_ok(items[a], items[b]))
    return found


def _fuzzy_links(items: list[_Posting], sets: _Sets) -> None:
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        if item.company:
            blocks[item.company].append(i)
    candidates: list[tuple[int, int, int]] = []
    for block in blocks.values():
        if len(block) > 1:
            candidates += _candidates(items, block)
    candidates.sort(key=lambda c: (-c[0], items[c[1]].key, items[c[2]].key))
    near: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for score, a, b in candidates:
        near[a].append((score, b))
        near[b].append((score, a))

    def cluster(i: int) -> list[_Posting]:
        return [items[m] for m in sets.members[sets.find(i)]]

    def ambiguous(x: int, y: int, score: int) -> bool:
        """`x` fits another cluster about as well as `y`'s, and the two do not fit each other."""
        rx, ry = sets.find(x), sets.find(y)
        for other_score, z in near[x]:  # best first
            if other_score < score - AMBIGUITY_MARGIN:
                return False
            if sets.find(z) not in (rx, ry) and not _members_fit(cluster(y), cluster(z)):
                return True
        return False

    for score, a, b in candidates:
        if sets.find(a) == sets.find(b) or ambiguous(a, b, score) or ambiguous(b, a, score):
            continue
        if _members_fit(cluster(a), cluster(b)):
            sets.union(a, b)


# -- ids -------------------------------------------------------------------------------------------


def _name_clusters(clusters: list[list[_Posting]], existing: Mapping[str, str]) -> dict[str, str]:
    """Each cluster's id: an existing id where its members hold one (smallest first; a contested
    id goes to the cluster holding the posting of that key, else to the one with more members
    holding it, else to the one with the smallest key), else a fresh one."""
    held: dict[str, list[int]] = defaultdict(list)
    for n, members in enumerate(clusters):
        for cluster_id in sorted({existing[m.key] for m in members if m.key in existing}):
            held[cluster_id].append(n)
    chosen: dict[int, str] = {}
    for cluster_id in sorted(held):
        contenders = [n for n in held[cluster_id] if n not in chosen]
        if contenders:
            chosen[min(contenders, key=lambda n: (
                all(m.key != cluster_id for m in clusters[n]),
                -sum(existing.get(m.key) == cluster_id for m in clusters[n]),
                clusters[n][0].key,
            ))] = cluster_id
    taken = set(existing.values())
    result: dict[str, str] = {}
    for n, members in enumerate(clusters):
        cluster_id = chosen.get(n)
        if cluster_id is None:
            cluster_id = _fresh_id(members, taken)
            taken.add(cluster_id)
        for m in members:
            result[m.key] = cluster_id
    return result


def _fresh_id(members: list[_Posting], taken: set[str]) -> str:
    """The smallest key among the employer's postings if any, else the smallest key; one that
    no other cluster already uses."""
    ranked = sorted(members, key=lambda m: (m.is_list, m.key))
    for member in ranked:
        if member.key not in taken:
            return member.key
    return ranked[0].key  # every key already names another cluster: cannot happen with fresh keys


def cluster_postings(
    postings: Iterable[Mapping[str, Any]], existing: Mapping[str, str] | None = None
) -> dict[str, str]:
    """``posting_key -> cluster_id`` for every posting; see the module docstring for the rules.

    Reads, per posting: ``posting_key``, ``platform``, ``company``, ``title``, ``url``,
    ``places`` (dicts with ``city`` and ``country``; may be empty), ``first_seen`` (date,
    datetime or ISO string) and, if present, ``season`` ("Summer 2026") and ``remote``
    ("remote" counts as remote). A posting with ``features`` (what `features` gave for it,
    stored) is read from those instead, with its ``first_seen``.

    A cluster's id is the smallest posting_key among its members that come from an employer's
    platform (anything but a community list), else its smallest key; a singleton's is its own key.

    Incremental use: pass the night's new and changed postings together with the open postings
    of the same normalized companies (`company_key`), and ``existing`` = the current cluster_id
    of every known posting. A cluster that holds postings with an existing id keeps it (a new
    member takes the cluster's id); where clusters merge, the smallest existing id wins. If a
    cluster splits, the part holding the posting whose key is the id (else the larger part,
    then the one with the smallest key) keeps it and the rest get fresh ids. Postings not passed
    keep their stored id; `cluster_renames` says which stored ids to rewrite after a merge.
    """
    return _cluster_items([_prepared(p) for p in postings], existing)


def _cluster_items(items: list[_Posting], existing: Mapping[str, str] | None) -> dict[str, str]:
    repeated = sorted(k for k, n in Counter(item.key for item in items).items() if n > 1)
    if repeated:
        raise ValueError(f"posting_key repeated: {', '.join(repeated[:5])}")
    sets = _Sets(len(items))
    _exact_links(items, sets)
    _fuzzy_links(items, sets)
    clusters = sorted(
        ([items[i] for i in sorted(members, key=lambda m: items[m].key)] for members in sets.members.values()),
        key=lambda ms: ms[0].key,
    )
    return _name_clusters(clusters, existing or {})


def cluster_renames(existing: Mapping[str, str], assigned: Mapping[str, str]) -> dict[str, str]:
    """Stored cluster ids that a run merged into another: ``old id -> new id``, for rewriting
    the postings that were not passed (closed ones keep pointing at their job)."""
    renames: dict[str, str] = {}
    still_used = set(assigned.values())
    for key, new_id in sorted(assigned.items()):
        old_id = existing.get(key)
        if old_id is not None and old_id != new_id and old_id not in still_used:
            renames.setdefault(old_id, new_id)
    return renames


class Clusterer:
    """The warehouse's view of this module (warehouse.loader.Clusterer): the keys a posting is
    looked up by, clustering, and the renames a merge implies."""

    def keys(self, posting: Mapping[str, Any]) -> tuple[str | None, str | None]:
        ref = posting_ref(posting.get("url"))
        return company_key(posting.get("company")) or None, ":".join(ref).lower() if ref else None

    def __init__(self) -> None:
        # The postings of the last `cluster` call, prepared, until `features` asks for each.
        self._last: dict[str, _Posting] = {}

    def features(self, posting: Mapping[str, Any]) -> str:
        """The posting's features: (once) those of its preparation in the last `cluster` call,
        else `features` (its stored ones, or prepared now)."""
        found = self._last.pop(str(posting["posting_key"]), None)
        return _encode(found) if found is not None else features(posting)

    def cluster(self, postings, existing):
        # Not through the memo: a night's stored postings come with their features, and a
        # first night's 50k preparations would stay resident through the rest of its load.
        items, self._last = [], {}
        for p in postings:
            key = str(p["posting_key"])
            item = _from_features(key, p.get("first_seen"), p.get("features"))
            if item is None:
                item = self._last[key] = _prepare(p)
            items.append(item)
        return _cluster_items(items, existing)

    def renames(self, existing, assigned):
        return cluster_renames(existing, assigned)

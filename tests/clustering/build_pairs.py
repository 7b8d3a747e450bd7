"""Write tests/clustering/pairs.jsonl: labelled pairs of postings for the clustering rules.

Run ``.venv/bin/python -m tests.clustering.build_pairs`` (needs ../shared/data). Every pair starts
from real community-list listings in ../shared (real companies, titles, URLs, locations, terms and
dates); the employer's side of a pair (its ATS posting) is written the way our platform mappers
give it (Greenhouse ``absolute_url``, Lever ``hostedUrl``, ...). Where a pair needs a second
version of a job (another board, another level, a title written differently), this script writes
it with a stated, deterministic change, so each label is true by construction:

- same job: a list row and the ATS posting it links to (``list_links_ats``, also by a board-less
  Greenhouse id: ``list_links_ats_by_id``); one job on two boards of a company (``two_boards``); a
  list row without a link and the ATS posting, title punctuation/order/wording varied
  (``title_variant``); two list rows with one URL up to tracking and case (``same_url``, three
  of them real duplicate rows); a list row naming only a country (``country_vs_city``).
- not the same job: the same title in two cities (``two_cities``, real rows), two seasons
  (``two_seasons``, real rows, dates put close so only the season tells), two levels
  (``two_levels``), another team of the same company (``other_team``, real rows), an internship
  and the full-time role of the same name (``intern_vs_fulltime``), the same title at two
  companies (``two_companies``, real rows), a list row pasted with another job's link
  (``same_url_other_job``, one real), and the same title reposted a year later
  (``repost_next_year``).

The output is deterministic; commit it with the change that needs it.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from pipelines.clustering import _identity, _same_words, _title, company_key, posting_ref
from tests.clustering.real import LIST_BOARD, as_places, listing_posting, places_of
from tests.conftest import shared_data_dir

OUT = Path(__file__).resolve().parent / "pairs.jsonl"
FORK_BOARD = "vanshb03-Summer2025-Internships"  # a second community list (a fork)
COUNTRY_ONLY = {"Remote in USA", "United States", "USA", "US", "Remote in Canada", "Canada", "Remote - US"}
_INTERN = re.compile(r"\s*[-–,:(]*\s*\b(?:intern(?:ship)?s?|co-?op)\b\)?", re.IGNORECASE)


class Builder:
    def __init__(self, listings: list[dict[str, Any]]):
        self.rnd = random.Random(11)
        self.rows = sorted(listings, key=lambda x: x["id"])
        self.pairs: list[dict[str, Any]] = []
        self.used: set[str] = set()
        self.last_variant = ""

    # -- postings --------------------------------------------------------------------------------
    def listing(self, row: dict[str, Any], board: str = LIST_BOARD, **changes: Any) -> dict[str, Any]:
        posting = listing_posting(row, board)
        posting.update(changes)
        return posting

    def ats(self, platform: str, board: str, eid: str, company: str, title: str, locations: list[str],
            first_seen: str, season: str | None = None, url: str | None = None) -> dict[str, Any]:
        places, remote = places_of(tuple(locations))
        return {
            "posting_key": f"{platform}:{board}:{eid}", "platform": platform, "company": company, "title": title,
            "url": url or ats_url(platform, board, eid), "places": as_places(places), "first_seen": first_seen,
            "season": season, "remote": remote,
        }

    def ats_of(self, row: dict[str, Any], title: str | None = None, days_before: int | None = None,
               **changes: Any) -> dict[str, Any]:
        """The ATS posting a list row links to (its own board when the link names one, else the
        company's Greenhouse board), first seen a few days before the row."""
        ref = posting_ref(row["url"])
        platform, board, eid = ref if ref else ("greenhouse", slug(row["company_name"]), self.gh_id())
        days = self.rnd.randint(0, 14) if days_before is None else days_before
        posting = self.ats(platform, board, eid, row["company_name"].strip(), title or row["title"].strip(),
                           row["locations"], shift(listing_posting(row)["first_seen"], -days))
        posting.update(changes)
        return posting

    def gh_id(self) -> str:
        return str(self.rnd.randrange(4_000_000_000, 8_000_000_000))

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rnd.getrandbits(128), version=4))

    def add(self, kind: str, same: bool, a: dict[str, Any], b: dict[str, Any], note: str = "") -> None:
        assert a["posting_key"] != b["posting_key"], (kind, a["posting_key"])
        self.pairs.append({"kind": kind, "same": same, "note": note, "a": a, "b": b})

    def pick(self, pool: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
        fresh = [r for r in pool if r["id"] not in self.used]
        chosen = self.rnd.sample(fresh, min(n, len(fresh)))
        self.used.update(r["id"] for r in chosen)
        return chosen

    # -- same job ---------------------------------------------------------------------------------
    def list_links_ats(self) -> None:
        by_platform = defaultdict(list)
        for row in self.rows:
            ref = posting_ref(row["url"])
            if ref and row["title"].strip() and "intern" in row["title"].lower():
                by_platform[ref[0]].append(row)
        quota = {"greenhouse": 16, "lever": 10, "smartrecruiters": 6, "ashby": 4, "workable": 4}
        for platform, n in quota.items():
            for i, row in enumerate(self.pick(by_platform[platform], n)):
                listing = self.listing(row)
                if i % 4 == 1:  # list rows often carry the tracking tag of the page they were copied from
                    tag = {"greenhouse": "gh_src=8a1f2c3d1us", "lever": "lever-source=LinkedIn"}
                    listing["url"] = add_query(row["url"], tag.get(platform, "source=LinkedIn"))
                ats = self.ats_of(row, title=self.variant(row))
                self.add("list_links_ats", True, ats, listing,
                         f"list row links {platform} posting ({self.last_variant})")

    def list_links_ats_by_id(self) -> None:
        tokens = [r for r in self.rows if "job_app?token=" in (r["url"] or "") and "for=" not in r["url"]]
        for row in self.pick(tokens, 5):
            token = re.search(r"token=(\d+)", row["url"])[1]
            ats = self.ats_of(row, title=self.variant(row))
            ats.update(posting_key=f"greenhouse:{slug(row['company_name'])}:{token}",
                       url=ats_url("greenhouse", slug(row["company_name"]), token))
            self.add("list_links_ats_by_id", True, ats, self.listing(row), "embed job_app?token= without for=")
        company_site = [r for r in self.rows if (_identity(r["url"]) or ("",))[0] == "id"
                        and "greenhouse.io" not in r["url"] and "gh_jid=" in r["url"]]
        for row in self.pick(company_site, 5):
            jid = re.search(r"gh_jid=(\d+)", row["url"])[1]
            # The board's absolute_url is the company site itself (as Stripe's is).
            ats = self.ats_of(row, url=row["url"].split("&")[0])
            ats["posting_key"] = f"greenhouse:{slug(row['company_name'])}:{jid}"
            self.add("list_links_ats_by_id", True, ats, self.listing(row), "company site ?gh_jid=")

    def two_boards(self) -> None:
        pool = [r for r in self.rows if posting_ref(r["url"]) and posting_ref(r["url"])[0] in ("greenhouse", "lever")
                and "intern" in r["title"].lower()]
        for i, row in enumerate(self.pick(pool, 20)):
            first = self.ats_of(row)
            platform = ("greenhouse", "lever", "ashby")[i % 3]
            board = slug(row["company_name"]) + ("campus", "-early-careers", "university", "emea")[i % 4]
            eid = self.gh_id() if platform == "greenhouse" else self.uuid()
            company = row["company_name"].strip() + (", Inc." if i % 3 == 0 else "")
            second = self.ats(platform, board, eid, company, self.punctuation(row["title"].strip(), i),
                              row["locations"], shift(first["first_seen"], self.rnd.randint(0, 20)))
            self.add("two_boards", True, first, second, "the company posts the job on a second board")

    def title_variant(self) -> None:
        pool = [r for r in self.rows if not _identity(r["url"]) and r["url"] and "intern" in r["title"].lower()
                and _title(r["title"]).core]
        for row in self.pick(pool, 30):
            ats = self.ats_of(row, title=self.variant(row, force=True))
            self.add("title_variant", True, ats, self.listing(row), self.last_variant)

    def same_url(self) -> None:
        real = defaultdict(list)
        for row in self.rows:
            if row["url"]:
                real[row["url"].rstrip("/").lower()].append(row)
        # Real repeated rows: one URL as it is, one with a trailing slash, one with "en-US" and "en-us".
        for url in ("https://www.geckorobotics.com/careers/apply?gh_jid=5695257003",
                    "https://ecnf.fa.us2.oraclecloud.com/hcmui/candidateexperience/en/sites/cx/job/300723",
                    "https://salesforce.wd12.myworkdayjobs.com/en-us/external_career_site/job/"
                    "california---san-francisco/summer-2025-intern---software-engineer_jr262842-2"):
            a, b = real[url][:2]
            self.used.update({a["id"], b["id"]})
            self.add("same_url", True, self.listing(a), self.listing(b), "real: one list names the job twice")
        pool = [r for r in self.rows if not _identity(r["url"]) and (r["url"] or "").startswith("https://")]
        changes = ["utm_source=github", "source=LinkedIn", "/", "#apply", "HOST", "utm_medium=list&utm_source=x"]
        for i, row in enumerate(self.pick(pool, 10)):
            change = changes[i % len(changes)]
            url = row["url"]
            if change == "/":
                url = url.rstrip("/") + "/" if not url.endswith("/") else url.rstrip("/")
            elif change == "#apply":
                url += "#apply"
            elif change == "HOST":
                url = re.sub(r"^https://([^/]+)", lambda m: "https://" + m[1].upper(), url)
            else:
                url = add_query(url, change)
            fork = self.listing(row, FORK_BOARD, url=url, title=self.punctuation(row["title"].strip(), i),
                                first_seen=shift(listing_posting(row)["first_seen"], self.rnd.randint(0, 10)))
            self.add("same_url", True, self.listing(row), fork, f"fork of the list, url changed by {change!r}")
    def country_vs_city(self) -> None:
        cities = {"US": ["New York, NY", "San Francisco, CA", "Austin, TX", "Seattle, WA"],
                  "CA": ["Toronto, ON, Canada", "Vancouver, BC, Canada"]}
        pool = []
        for row in self.rows:
            places, _ = places_of(tuple(row["locations"]))
            if row["locations"] and set(row["locations"]) <= COUNTRY_ONLY and {c for _, c in places} <= set(cities) \
                    and "intern" in row["title"].lower():
                pool.append(row)
        for i, row in enumerate(self.pick(pool, 8)):
            country = places_of(tuple(row["locations"]))[0][0][1]
            listing = self.listing(row)
            ats = self.ats("greenhouse", slug(row["company_name"]), self.gh_id(), row["company_name"].strip(),
                           row["title"].strip(), [cities[country][i % len(cities[country])]],
                           shift(listing["first_seen"], -self.rnd.randint(0, 14)))
            self.add("country_vs_city", True, ats, listing, f"{row['locations']} vs a city in {country}")

    # -- not the same job --------------------------------------------------------------------------
    def groups(self, key) -> list[list[dict[str, Any]]]:
        found = defaultdict(list)
        for row in self.rows:
            if row["id"] not in self.used and _title(row["title"]).core:
                found[key(row)].append(row)
        return [rows for _, rows in sorted(found.items(), key=lambda kv: str(kv[0])) if len(rows) > 1]

    def two_cities(self) -> None:
        candidates = []
        for rows in self.groups(lambda r: (company_key(r["company_name"]), _title(r["title"]).core,
                                           tuple(r["terms"][:1]))):
            for a, b in itertools.combinations(rows, 2):
                ca, cb = (city_set(r) for r in (a, b))
                if ca and cb and not ca & cb:
                    candidates.append((a, b))
                    break
        for a, b in self.rnd.sample(candidates, 30):
            self.used.update({a["id"], b["id"]})
            self.add("two_cities", False, self.ats_of(a), self.listing(b), f"{a['locations']} vs {b['locations']}")

    def two_seasons(self) -> None:
        candidates = []
        for rows in self.groups(lambda r: (company_key(r["company_name"]), _title(r["title"]).core)):
            for a, b in itertools.combinations(rows, 2):
                if a["terms"][:1] and b["terms"][:1] and a["terms"][0] != b["terms"][0]:
                    candidates.append((a, b))
                    break
        for a, b in self.rnd.sample(candidates, 30):
            self.used.update({a["id"], b["id"]})
            listing = self.listing(b)
            # The same places and close dates: only the season (from the posting's text) tells them apart.
            ats = self.ats_of(a, season=a["terms"][0], places=listing["places"], remote=listing["remote"],
                              first_seen=shift(listing["first_seen"], -self.rnd.randint(0, 30)))
            self.add("two_seasons", False, ats, listing, f"{a['terms'][0]} vs {b['terms'][0]}")

    def two_levels(self) -> None:
        swaps = [
            (r"\bph\.?d\b", "Masters"), (r"\bmasters?'?s?\b", "PhD"), (r"\bmaster[’']s\b", "Bachelor's"),
            (r"\bundergraduate\b", "Graduate"), (r"\bundergrad\b", "PhD"), (r"\bbachelor'?s?\b", "Masters"),
            (r"\bintern i\b", "Intern II"), (r"\bintern 1\b", "Intern 2"), (r"\bjr\.?\s?", "Sr. "),
            (r"\bjunior\b", "Senior"),
        ]
        pool = []
        for row in self.rows:
            title = row["title"].strip()
            for pattern, new in swaps:
                if row["id"] not in self.used and re.search(pattern, title, re.IGNORECASE):
                    pool.append((row, re.sub(pattern, new, title, count=1, flags=re.IGNORECASE)))
                    break
        chosen = self.rnd.sample(pool, 22)
        for i, (row, other) in enumerate(chosen):
            self.used.add(row["id"])
            a = self.ats_of(row)
            if i % 2:  # the other level on a second board of the company
                b = self.ats("greenhouse", slug(row["company_name"]) + "university", self.gh_id(),
                             row["company_name"].strip(), other, row["locations"], shift(a["first_seen"], 3))
            else:  # or as a row of the list without a link
                b = self.listing(row, FORK_BOARD, posting_key=f"listings:{FORK_BOARD}:{self.uuid()}", title=other,
                                 url=None)
            self.add("two_levels", False, a, b, f"{row['title'].strip()!r} vs {other!r}")
        # Full-time roles: the same role a level up, both on the employer's boards.
        pool = [r for r in self.rows if r["id"] not in self.used and re.match(r"^software engineer(ing)? intern",
                                                                               r["title"].strip(), re.IGNORECASE)]
        for i, row in enumerate(self.pick(pool, 8)):
            lower, upper = (("Junior", "Senior"), ("Software Engineer I", "Software Engineer II"),
                            ("Software Engineer II", "Staff Software Engineer"), ("Intern I", "Intern II"))[i % 4]
            base = "Software Engineer" if "Software" not in lower else ""
            a = self.ats_of(row, title=f"{lower} {base}".strip())
            b = self.ats("lever", slug(row["company_name"]), self.uuid(), row["company_name"].strip(),
                         f"{upper} {base}".strip(), row["locations"], shift(a["first_seen"], 5))
            self.add("two_levels", False, a, b, f"{a['title']!r} vs {b['title']!r}")

    def other_team(self) -> None:
        candidates = []
        for rows in self.groups(lambda r: (company_key(r["company_name"]), tuple(r["terms"][:1]))):
            for a, b in itertools.combinations(rows, 2):
                ta, tb = _title(a["title"]), _title(b["title"])
                if ta.core != tb.core and ta.kinds == tb.kinds and fuzz.token_sort_ratio(ta.core, tb.core) >= 80 \
                        and not _same_words(ta.core, tb.core) and city_set(a) & city_set(b):
                    candidates.append((fuzz.token_sort_ratio(ta.core, tb.core), a, b))
        candidates.sort(key=lambda c: (-c[0], c[1]["id"], c[2]["id"]))
        per_company: dict[str, int] = defaultdict(int)
        taken = 0
        for _, a, b in candidates:
            key = company_key(a["company_name"])
            if taken == 25 or per_company[key] == 2 or {a["id"], b["id"]} & self.used:
                continue
            per_company[key] += 1
            taken += 1
            self.used.update({a["id"], b["id"]})
            self.add("other_team", False, self.ats_of(a), self.listing(b),
                     f"{a['title'].strip()!r} vs {b['title'].strip()!r}")

    def intern_vs_fulltime(self) -> None:
        pool = [r for r in self.rows if re.search(r"\b(?:machine learning|data scien\w*|software engineer\w*|ml|ai)\b",
                                                   r["title"], re.IGNORECASE) and _INTERN.search(r["title"])]
        for i, row in enumerate(self.pick(pool, 20)):
            fulltime = _INTERN.sub("", row["title"].strip()).strip(" -–,:") or row["title"]
            fulltime = re.sub(r"\bData Science\b", "Data Scientist", fulltime)
            if re.fullmatch(r"(?i)(machine learning|ml|ai)", fulltime):
                fulltime += " Engineer"
            a = self.ats_of(row)
            if i % 2:  # the full-time role on the company's other board
                b = self.ats("lever", slug(row["company_name"]), self.uuid(), row["company_name"].strip(), fulltime,
                             row["locations"], shift(a["first_seen"], 2))
                self.add("intern_vs_fulltime", False, a, b, f"{a['title']!r} vs {fulltime!r}")
            else:  # the list row of the internship and the company's full-time posting
                b = self.ats("greenhouse", slug(row["company_name"]) + "careers", self.gh_id(),
                             row["company_name"].strip(), fulltime, row["locations"], shift(a["first_seen"], 2))
                self.add("intern_vs_fulltime", False, self.listing(row), b, f"{row['title'].strip()!r} vs {fulltime!r}")

    def two_companies(self) -> None:
        candidates = []
        for rows in self.groups(lambda r: _title(r["title"]).core):
            for a, b in itertools.combinations(rows, 2):
                # Neither title names the other employer (a subsidiary's posting: "Momentum Worldwide"
                # listed under its holding "IPG DXTRA").
                if unrelated_companies(a["company_name"], b["company_name"]) and city_set(a) & city_set(b) \
                        and not words(a["company_name"]) & words(b["title"]) \
                        and not words(b["company_name"]) & words(a["title"]):
                    candidates.append((a, b))
                    break
        for a, b in self.rnd.sample(candidates, 25):
            self.used.update({a["id"], b["id"]})
            self.add("two_companies", False, self.ats_of(a), self.listing(b),
                     f"{a['company_name'].strip()} vs {b['company_name'].strip()}")

    def same_url_other_job(self) -> None:
        link = "https://jobs.lever.co/certik/cc4bc2b7-ee87-43be-81c9-09c8b0411a7e"
        certik = [r for r in self.rows if r["url"] == link]
        designer = next(r for r in certik if "designer" in r["title"].lower())
        self.used.update(r["id"] for r in certik)
        for other in (r for r in certik if r is not designer):
            self.add("same_url_other_job", False, self.listing(designer), self.listing(other),
                     "real: a list row pasted with another job's link")
        pool = [r for r in self.rows if r["id"] not in self.used and (r["company_url"] or "").startswith("http")
                and "intern" in r["title"].lower()]
        for row in self.pick(pool, 2):
            careers = row["company_url"]
            other = "Product Design Intern" if "design" not in row["title"].lower() else "Finance Intern"
            a = self.listing(row, url=careers)
            b = self.listing(row, FORK_BOARD, posting_key=f"listings:{FORK_BOARD}:{self.uuid()}", title=other,
                             url=careers)
            self.add("same_url_other_job", False, a, b, "two jobs linked to the company's careers page")

    def repost_next_year(self) -> None:
        pool = [r for r in self.rows if not _title(r["title"]).year and not _title(r["title"]).term
                and "intern" in r["title"].lower() and city_set(r)]
        for row in self.pick(pool, 10):
            a = self.ats_of(row)
            b = self.ats("lever", slug(row["company_name"]), self.uuid(), row["company_name"].strip(),
                         row["title"].strip(), row["locations"], shift(a["first_seen"], self.rnd.randint(300, 380)))
            self.add("repost_next_year", False, a, b, "the same title a year later, no season named")

    # -- title variants -------------------------------------------------------------------------------
    def variant(self, row: dict[str, Any], force: bool = False) -> str:
        """The title as the employer's board might write it: the same job, other words (`force`:
        never the title unchanged)."""
        title = " ".join(row["title"].split())
        name, changed = self.rnd.choice(self.variants(row, title)[1 if force else 0:])
        self.last_variant = name
        return changed

    def variants(self, row: dict[str, Any], t: str) -> list[tuple[str, str]]:
        term = row["terms"][0] if row["terms"] else None
        city = next(iter(sorted(city_set(row))), None)
        words = t.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        typo = list(words[longest])
        if len(typo) > 5:
            typo[2], typo[3] = typo[3], typo[2]
        found = [
            ("unchanged", t),
            ("season suffix", f"{t} - {term}" if term and term.split()[-1] not in t else f"{t} (Summer)"),
            ("season prefix", f"{term} {t}" if term and term.split()[-1] not in t else f"Summer {t}"),
            ("intern first", re.sub(r"^(.+?)\s+Intern$", r"Intern, \1", t) if re.search(r"\S\s+Intern$", t)
             else f"Intern - {_INTERN.sub('', t).strip(' -–,:')}"),
            ("intern/internship", re.sub(r"\bInternship\b", "Intern", t) if "Internship" in t
             else re.sub(r"\bIntern\b", "Internship", t)),
            ("dash", t.replace(" - ", " – ") if " - " in t else t.replace(" Intern", ", Intern", 1)),
            ("ampersand", t.replace("&", "and") if "&" in t
             else t.replace(" and ", " & ") if " and " in t else t.lower()),
            ("engineer/engineering", re.sub(r"\bEngineering\b", "Engineer", t) if "Engineering" in t
             else re.sub(r"\bEngineer\b", "Engineering", t) if "Engineer" in t else t.upper()),
            ("abbreviation", t.replace("Machine Learning", "ML").replace("Software Engineer ", "SWE ")
             if ("Machine Learning" in t or "Software Engineer " in t) else t.upper()),
            ("city in title", f"{t} - {city}" if city else f"{t} (Hybrid)"),
            ("gender tag", f"{t} (m/f/d)"),
            ("typo", " ".join(words[:longest] + ["".join(typo)] + words[longest + 1:])),
            # Harder, and still the same job: our rules miss these on purpose (an extra word is
            # how two teams' postings differ), so they count against recall.
            ("requisition id", f"{t} (R{self.rnd.randrange(10000, 99999)})"),
            ("program wording", f"{t} Program" if "Program" not in t else t.replace("Program", "Programme")),
        ]
        return [(name, changed) for name, changed in found if name == "unchanged" or changed != t]

    def punctuation(self, title: str, i: int) -> str:
        return (title, title.replace(" - ", " – "), title.replace("(", "- ").replace(")", ""), title.lower())[i % 4]

    def build(self) -> list[dict[str, Any]]:
        # Hand-picked real rows first, so samples elsewhere cannot take them.
        self.same_url_other_job()
        self.same_url()
        for step in (self.list_links_ats, self.list_links_ats_by_id, self.two_boards, self.title_variant,
                     self.country_vs_city, self.two_cities, self.two_seasons, self.two_levels, self.other_team,
                     self.intern_vs_fulltime, self.two_companies, self.repost_next_year):
            step()
        return self.pairs


def ats_url(platform: str, board: str, eid: str) -> str:
    """The posting URL each of our mappers keeps (absolute_url, hostedUrl, jobUrl, ...)."""
    return {
        "greenhouse": f"https://job-boards.greenhouse.io/{board}/jobs/{eid}",
        "lever": f"https://jobs.lever.co/{board}/{eid}",
        "ashby": f"https://jobs.ashbyhq.com/{board}/{eid}",
        "smartrecruiters": f"https://jobs.smartrecruiters.com/{board}/{eid}",
        "workable": f"https://apply.workable.com/j/{eid}",
    }[platform]


def slug(company: str) -> str:
    return re.sub(r"[^a-z0-9]", "", company.lower())[:40] or "company"


def shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


def add_query(url: str, query: str) -> str:
    base, _, fragment = url.partition("#")
    return f"{base}{'&' if '?' in base else '?'}{query}" + (f"#{fragment}" if fragment else "")


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower())) - {"inc", "llc", "the", "group", "and", "of", "co"}


def unrelated_companies(a: str, b: str) -> bool:
    """Two employers, not one under two names ("HP" and "Hewlett Packard (HP)")."""
    ka, kb = company_key(a), company_key(b)
    return ka not in kb and kb not in ka and not words(a) & words(b)


def city_set(row: dict[str, Any]) -> set[str]:
    return {city for city, _ in places_of(tuple(s.strip() for s in row["locations"] if s.strip()))[0] if city}


def main() -> None:
    listings = json.loads((shared_data_dir() / "simplify-listings-2024.json").read_text(encoding="utf-8"))
    pairs = Builder(listings).build()
    OUT.write_text("".join(json.dumps(p, ensure_ascii=False, sort_keys=True) + "\n" for p in pairs), encoding="utf-8")
    kinds = defaultdict(lambda: [0, 0])
    for p in pairs:
        kinds[p["kind"]][p["same"]] += 1
    print(f"wrote {len(pairs)} pairs to {OUT}")
    for kind, (different, same) in sorted(kinds.items()):
        print(f"  {kind:22} same {same:3}  not same {different:3}")


if __name__ == "__main__":
    main()

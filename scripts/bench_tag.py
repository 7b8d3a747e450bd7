"""Tagging benchmark: `tag_postings` over 200,000 postings against a naive per-row pandas baseline.

    make bench-tag              # or: .venv/bin/python scripts/bench_tag.py [--n 200000] [--baseline-n 5000]

Not a test. The postings are the labeled eval set (tests/eval/*.jsonl) varied deterministically
(seeded random): titles get season/work-mode/req-id suffixes, companies and locations are swapped
between postings from skewed (Zipf-like) pools so that many postings share them as in real crawls,
descriptions get their sentences shuffled, a sentence or two of another posting, 2-5 paragraphs of
employer boilerplate (benefits, EEO, about-us) and an optional req id, and are sent as HTML,
escaped HTML (Greenhouse) or plain text. Whole postings do not repeat (nearly every
(title, description) is distinct), but their sentences do, as in real crawls: boilerplate in
every posting of an employer, the same job on several boards, every open posting again each
night (../shared's Ramp board repeats 53% of its description text across its 112 postings in
one crawl). The tagger memoizes what each sentence says, so the run prints how often that
memo hit, and measures the tagger without it as well.

Measured in one run, pinned to one core (os.sched_setaffinity) after a warm-up that loads the
gazetteer, rule files and regexes (load time printed separately):

(a) fast path: `pipelines.tagging.tag_postings(postings)` over all N postings, memo caches cleared
    first (so they start cold), and again over the baseline's sample (cold) for a like-for-like
    figure; then over the sample with every memo cleared before each posting ("no reuse": the
    keyword scans still narrow each pattern down, but nothing one posting taught is reused).
(b) naive baseline: `pandas.DataFrame(sample).apply(row_fn, axis=1)` under
    `matching.plain_matching()`, where row_fn clears every per-input memo cache in
    pipelines.tagging (each functools cache/lru_cache whose function takes arguments, e.g.
    places._resolve_cached, industry's name caches, the keyword scans, plus the gazetteer's alias
    cache) and then calls the same `tag_posting(row.to_dict())`. plain_matching runs every rule
    pattern as its plain regex over the whole text, which is how the rules read; the fast path
    runs each only where the one keyword scan of the text found a place a match can start.
    Loaders without arguments (the gazetteer, rule files, compiled regexes) stay loaded: a
    baseline that re-read GeoNames per row would be a straw man. So the baseline is "the same
    rules, as plain regexes, one pandas row at a time, nothing memoized". It runs on a sample
    (--baseline-n) and is reported per posting.

Prints postings/s for both, the ratio, CPU model, Python version and wall time; checks that the
baseline's tags equal the fast path's on the sample; exits 1 if tagging raised. `--profile K`
adds a cProfile of the fast path over K postings (top functions by own time).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import html
import io
import itertools
import json
import os
import platform
import pstats
import random
import re
import sys
import time
import traceback
from pathlib import Path

try:
    import resource
except ImportError:  # not on Windows
    resource = None

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import pipelines.tagging as tagging  # noqa: E402
from pipelines.tagging.matching import plain_matching  # noqa: E402

TARGET_POSTINGS_PER_SECOND = 5_000
TARGET_RATIO = 10.0

TITLE_SUFFIXES = [
    " - Summer 2026", " (Summer 2026)", " - Fall 2026", " - Winter 2026", " (Remote)", " (Hybrid)", " - 2026",
    " (m/f/d)", " (m/w/d)", " II", " - Team A", ", Seoul", ", Berlin", " - 6 months", " (Part-time)",
]
COMPANY_VARIANTS = [" Inc.", " Labs", " GmbH", " Korea", " Research", " Technologies", " AB", " Ltd."]
COUNTRY_WORDS = ["USA", "Germany", "South Korea", "Sweden", "Singapore", "United Kingdom", "Canada", "India"]
BOILERPLATE = [
    "We offer competitive compensation, comprehensive health, dental and vision insurance, a 401(k) plan "
    "with company match, generous paid time off and a yearly learning budget. Interns receive housing "
    "support and a mentor for the whole program.",
    "We are an equal opportunity employer and value diversity at our company. We do not discriminate on "
    "the basis of race, religion, color, national origin, gender, sexual orientation, age, marital status, "
    "veteran status, or disability status.",
    "Our mission is to build tools that help millions of people work better together. Founded in 2012, we "
    "have offices in New York, London, Berlin and Seoul and a team of more than 2,000 people.",
    "Applicants must be authorized to work in the country of employment. Reasonable accommodations are "
    "available for candidates with disabilities throughout the recruitment process; contact our team.",
    "What you'll do: design, build and ship features end to end; write clean, well-tested code in Python, "
    "Java or Go; collaborate with product managers, designers and other engineers; present your work.",
    "What we look for: currently pursuing a degree in computer science, statistics or a related field; "
    "strong fundamentals in data structures and algorithms; curiosity and clear communication in English.",
    "Nice to have: experience with SQL, Spark, Docker or Kubernetes; contributions to open source; "
    "coursework in machine learning or distributed systems; a portfolio of projects on GitHub.",
    "This position follows a hybrid model with three days per week in the office. The salary range for "
    "this role is $40 - $55 per hour, depending on experience and location.",
    "Wir bieten flexible Arbeitszeiten, ein modernes Büro im Herzen der Stadt, Mentoring durch erfahrene "
    "Kolleginnen und Kollegen sowie eine faire Vergütung. Bewirb dich jetzt mit Lebenslauf und Zeugnissen.",
    "저희는 지원자의 성별, 연령, 출신 지역과 관계없이 공정하게 채용합니다. 서류 전형, 코딩 테스트, 면접 순으로 "
    "진행되며 일정은 개별 안내드립니다.",
    "By applying you agree to our candidate privacy notice. We may use automated tools to help review "
    "applications; every hiring decision is made by a person.",
    "Benefits include a monthly wellness stipend, commuter benefits, catered lunches three days a week, "
    "and an annual team offsite. Learn more about life at the company on our careers page.",
]
_SENTENCE = re.compile(r"(?<=[.!?。다])\s+")


def load_eval(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({k: row.get(k) or "" for k in ("title", "company", "location", "description",
                                                             "employment_type")})
    if not rows:
        raise SystemExit("no eval postings under tests/eval/*.jsonl")
    return rows


def zipf_picker(rnd: random.Random, pool: list, exponent: float = 1.0):
    """Pick from `pool` with weight 1/(rank+1)^exponent: a few very common values, a long tail."""
    weights = list(itertools.accumulate(1.0 / (i + 1) ** exponent for i in range(len(pool))))
    return lambda: rnd.choices(pool, cum_weights=weights)[0]


def build_postings(n: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    base = load_eval(sorted((REPO / "tests" / "eval").glob("*.jsonl")))
    companies = sorted({r["company"] for r in base if r["company"]})
    company_pool = companies + [c + v for c in companies for v in rnd.sample(COMPANY_VARIANTS, 3)]
    rnd.shuffle(company_pool)
    locations = sorted({r["location"] for r in base if isinstance(r["location"], str) and r["location"]})
    location_pool = list(locations)
    location_pool += [f"{rnd.choice(locations)}; {rnd.choice(locations)}" for _ in range(200)]
    location_pool += [f"Remote - {rnd.choice(COUNTRY_WORDS)}" for _ in range(20)]
    location_pool += [f"{rnd.choice(locations)} (Hybrid)" for _ in range(100)]
    location_pool = list(dict.fromkeys(location_pool))
    rnd.shuffle(location_pool)
    pick_company = zipf_picker(rnd, company_pool)
    pick_location = zipf_picker(rnd, location_pool)
    sentences = [_SENTENCE.split(r["description"]) for r in base]

    postings = []
    for i in range(n):
        row = base[i % len(base)] if i < len(base) else rnd.choice(base)
        title = row["title"]
        roll = rnd.random()
        if roll < 0.35:
            title += rnd.choice(TITLE_SUFFIXES)
        elif roll < 0.55:
            title += f" [R{rnd.randint(10_000, 99_999)}]"
        company = row["company"] if rnd.random() < 0.5 else pick_company()
        roll = rnd.random()
        location: str | list[str] = row["location"] if roll < 0.4 else pick_location()
        if roll > 0.95:
            location = [pick_location(), pick_location()]
        own = list(_SENTENCE.split(row["description"]))
        if rnd.random() < 0.7:
            rnd.shuffle(own)
        other = rnd.choice(sentences)
        own += rnd.sample(other, k=min(len(other), rnd.randint(0, 2)))
        paragraphs = [" ".join(own)] + rnd.sample(BOILERPLATE, rnd.randint(2, 5))
        if rnd.random() < 0.3:
            paragraphs.append(f"Req ID: {rnd.randint(100_000, 999_999)}")
        roll = rnd.random()
        if roll < 0.5:
            description = "<p>" + "</p>\n<p>".join(html.escape(p, quote=False) for p in paragraphs) + "</p>"
        elif roll < 0.6:
            description = html.escape("<div><p>" + "</p><p>".join(paragraphs) + "</p></div>", quote=False)
        else:
            description = "\n\n".join(paragraphs)
        postings.append({"title": title, "company": company, "location": location, "description": description,
                         "employment_type": row["employment_type"]})
    return postings


def pin_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this platform)"
    cpus = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpus[0]})
    return f"pinned to CPU {cpus[0]} (of {len(cpus)} available)"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def load_average() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="postings for the fast path (default 200,000)")
    parser.add_argument("--baseline-n", type=int, default=5_000, help="postings for the naive baseline (default 5,000)")
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--profile", type=int, default=0, metavar="K",
                        help="also cProfile the fast path over K postings and print the hot spots")
    args = parser.parse_args()
    wall_start = time.perf_counter()
    load_at_start = load_average()
    pinning = pin_one_core()

    import pandas as pd

    print(f"CPU: {cpu_model()}; {pinning}")
    print(f"Python {platform.python_version()} ({platform.python_implementation()}), pandas {pd.__version__}, "
          f"tagger {getattr(tagging, 'TAGGER_VERSION', '?')}", flush=True)

    started = time.perf_counter()
    postings = build_postings(max(args.n, args.baseline_n), args.seed)
    sample = postings[:args.baseline_n]
    postings = postings[:args.n]
    build_s = time.perf_counter() - started
    avg_chars = sum(len(p["description"]) for p in postings) / max(1, len(postings))
    distinct = {
        "titles": len({p["title"] for p in postings}),
        "companies": len({p["company"] for p in postings}),
        "locations": len({json.dumps(p["location"]) for p in postings}),
        "descriptions": len({p["description"] for p in postings}),
        "(title, description)": len({(p["title"], p["description"]) for p in postings}),
    }
    print(f"Built {len(postings):,} postings in {build_s:.1f}s; mean description {avg_chars:,.0f} chars; distinct: "
          + ", ".join(f"{k} {v:,}" for k, v in distinct.items()))

    print("Memo caches cleared per row by the baseline (pipelines.tagging.clear_caches): "
          + ", ".join(tagging.memo_caches()) + ", Gazetteer alias cache")

    try:
        started = time.perf_counter()
        tagging.tag_posting({"title": "Machine Learning Intern", "company": "Acme", "location": "Berlin, Germany",
                             "description": "<p>PyTorch</p>", "employment_type": "Intern"})
        print(f"Warm-up (gazetteer, rule files, regexes): {time.perf_counter() - started:.2f}s, not counted")

        gc.collect()
        tagging.clear_caches()
        started = time.perf_counter()
        fast_sample = tagging.tag_postings(sample)
        fast_sample_s = time.perf_counter() - started

        gc.collect()
        tagging.clear_caches()
        started = time.perf_counter()
        fast = tagging.tag_postings(postings)
        fast_s = time.perf_counter() - started
        if len(fast) != len(postings):
            raise RuntimeError(f"tag_postings returned {len(fast)} results for {len(postings)} postings")
        del fast
        memo = tagging.memo_caches()["tagging._segment"].cache_info()

        gc.collect()
        started = time.perf_counter()
        no_reuse = []
        for posting in sample:
            tagging.clear_caches()
            no_reuse.extend(tagging.tag_postings([posting]))
        no_reuse_s = time.perf_counter() - started

        def naive_row(row):
            tagging.clear_caches()
            return tagging.tag_posting(row.to_dict())

        frame = pd.DataFrame(sample)
        gc.collect()
        started = time.perf_counter()
        with plain_matching():
            baseline = frame.apply(naive_row, axis=1)
        baseline_s = time.perf_counter() - started
        mismatches = sum(a != b for a, b in zip(list(baseline), fast_sample, strict=True))
        mismatches += sum(a != b for a, b in zip(no_reuse, fast_sample, strict=True))
    except Exception:
        traceback.print_exc()
        print("FAILED: tagging raised", file=sys.stderr)
        return 1

    fast_rate = rate(len(postings), fast_s)
    fast_sample_rate = rate(len(sample), fast_sample_s)
    baseline_rate = rate(len(sample), baseline_s)
    print()
    print(f"(a) fast path   tag_postings, {len(postings):>9,} postings: {fast_s:8.2f}s  {fast_rate:9,.0f} postings/s")
    print(f"    same sample tag_postings, {len(sample):>9,} postings: {fast_sample_s:8.2f}s  "
          f"{fast_sample_rate:9,.0f} postings/s (cold caches)")
    print(f"    no reuse    tag_postings, {len(sample):>9,} postings: {no_reuse_s:8.2f}s  "
          f"{rate(len(sample), no_reuse_s):9,.0f} postings/s (every memo cleared before each posting)")
    lookups = memo.hits + memo.misses
    print(f"    sentence memo over the {len(postings):,}: {lookups:,} segments read, {memo.misses:,} distinct tagged "
          f"({memo.hits / max(1, lookups):.1%} reused), {memo.currsize:,} held (limit {memo.maxsize:,})")
    print(f"(b) baseline    DataFrame.apply, {len(sample):>6,} postings: {baseline_s:8.2f}s  "
          f"{baseline_rate:9,.0f} postings/s")
    print(f"Ratio fast/baseline: {fast_rate / baseline_rate:.2f}x (same sample: {fast_sample_rate / baseline_rate:.2f}x)")
    print(f"Baseline and no-reuse tags equal fast-path tags on the sample: "
          f"{'yes' if not mismatches else f'NO, {mismatches} differ'}")
    ok_rate = fast_rate >= TARGET_POSTINGS_PER_SECOND
    ok_ratio = fast_rate / baseline_rate >= TARGET_RATIO
    print(f"Targets: >= {TARGET_POSTINGS_PER_SECOND:,} postings/s on one core: {'met' if ok_rate else 'NOT met'}; "
          f">= {TARGET_RATIO:.0f}x baseline: {'met' if ok_ratio else 'NOT met'}")

    if args.profile:
        profiled = postings[:args.profile]
        tagging.clear_caches()
        profiler = cProfile.Profile()
        profiler.enable()
        tagging.tag_postings(profiled)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(r"pipelines/tagging", 30)
        print(f"\ncProfile of tag_postings over {len(profiled):,} postings:")
        print(out.getvalue())

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 if resource else float("nan")
    print(f"Peak memory: {peak:,.0f} MiB (the postings themselves included)")
    print(f"Wall time: {time.perf_counter() - wall_start:.1f}s; load average {load_average()} "
          f"(at start: {load_at_start}; the machine's other processes share the pinned core)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

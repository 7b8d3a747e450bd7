"""Crawl benchmark: our real crawl of 1,000 boards on loopback against `scrapy bench`.

    make bench-crawl            # or: .venv/bin/python scripts/bench_crawl.py [--boards 1000]

A Twisted server (scripts/bench_server.py, in its own process, as fast as scrapy bench's) serves
generated boards in every platform format we crawl, about 50 postings each, with paging where
the platform pages. We crawl them through the real path (`scrapers.runner.crawl_in_subprocess`:
robots.txt, retries, the raw lake) with politeness relaxed for loopback only (no delay, no
AutoThrottle, higher per-domain concurrency, since every board shares 127.0.0.1). Then, in the
same run, `scrapy bench` (Scrapy's own follow-links benchmark, default settings, 10 s) on the same
machine. Prints pages/s and postings/s for ours, pages/s for scrapy bench, and the ratio, plus
the peak memory of our crawl process.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scrapers.platforms import PLATFORMS  # noqa: E402
from scrapers.runner import crawl_in_subprocess  # noqa: E402
from scrapers.sources import Source, dump_sources  # noqa: E402

JSON = "application/json; charset=utf-8"
LOOPBACK = {
    "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "32",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "32", "RETRY_TIMES": "1", "LOG_LEVEL": "INFO",
    "INTERNRADAR_CONDITIONAL_REQUESTS": "False", "LOGSTATS_INTERVAL": "10",
}
TITLES = ["Machine Learning Intern", "Data Science Intern", "Software Engineer", "Research Scientist, NLP",
          "Quantitative Research Intern", "Product Designer", "Data Engineer", "Computer Vision Intern"]
CITIES = ["Seoul, South Korea", "Stockholm, Sweden", "Singapore", "London, UK", "Berlin, Germany",
          "New York, NY", "Toronto, ON, Canada", "Bengaluru, India", "Tokyo, Japan", "Remote"]
PARAGRAPH = ("We are looking for a curious student to join our team and work on machine learning models "
             "with Python, PyTorch and SQL. You will pair with a mentor, ship code to production and "
             "present your results at the end of the internship. ")


def description(rnd: random.Random) -> str:
    return "<p>" + "</p><p>".join(PARAGRAPH for _ in range(rnd.randint(3, 8))) + "</p>"


def job(rnd: random.Random, board: str, i: int) -> dict:
    return {"id": f"{board}-{i}", "title": rnd.choice(TITLES), "city": rnd.choice(CITIES), "html": description(rnd)}


# -- one payload builder per platform: (jobs, board, base) -> (listing URL, {key: page}) ---------
def greenhouse(jobs, board, base):
    body = {"jobs": [{"id": 4_000_000 + n, "title": j["title"], "updated_at": "2026-11-01T09:00:00-04:00",
                      "first_published": "2026-10-01T09:00:00-04:00", "location": {"name": j["city"]},
                      "absolute_url": f"https://example.test/{board}/{n}", "content": j["html"].replace("<", "&lt;").replace(">", "&gt;"),
                      "departments": [], "offices": [], "metadata": None} for n, j in enumerate(jobs)],
            "meta": {"total": len(jobs)}}
    path = f"/v1/boards/{board}/jobs"
    return f"{base}{path}?content=true", {f"{path}?content=true": (200, JSON, json.dumps(body).encode())}


def lever(jobs, board, base, limit=20):
    path = f"/v0/postings/{board}"
    pages = {}
    postings = [{"id": j["id"], "text": j["title"], "hostedUrl": f"https://jobs.lever.co/{board}/{j['id']}",
                 "applyUrl": f"https://jobs.lever.co/{board}/{j['id']}/apply", "createdAt": 1761900000000,
                 "categories": {"commitment": "Internship", "location": j["city"], "allLocations": [j["city"]]},
                 "description": j["html"], "lists": [], "additional": "", "workplaceType": "hybrid"} for j in jobs]
    for skip in range(0, len(postings) + 1, limit):
        page = postings[skip: skip + limit]
        pages[f"{path}?limit={limit}&mode=json&skip={skip}"] = (200, JSON, json.dumps(page).encode())
    return f"{base}{path}?mode=json&skip=0&limit={limit}", pages


def ashby(jobs, board, base):
    body = {"apiVersion": "1", "jobs": [{"id": j["id"], "title": j["title"], "location": j["city"], "secondaryLocations": [],
                                         "employmentType": "Intern", "isListed": True, "isRemote": False,
                                         "workplaceType": "OnSite", "publishedAt": "2026-10-01T09:00:00.000+00:00",
                                         "jobUrl": f"https://jobs.ashbyhq.com/{board}/{j['id']}", "descriptionHtml": j["html"]}
                                        for j in jobs]}
    path = f"/posting-api/job-board/{board}"
    return f"{base}{path}?includeCompensation=true", {f"{path}?includeCompensation=true": (200, JSON, json.dumps(body).encode())}


def recruitee(jobs, board, base):
    body = {"offers": [{"id": n, "slug": j["id"], "title": j["title"], "status": "published",
                        "careers_url": f"https://{board}.recruitee.com/o/{j['id']}", "description": j["html"],
                        "requirements": "", "location": j["city"], "city": j["city"].split(",")[0],
                        "country": "", "remote": False, "published_at": "2026-10-01 09:00:00 UTC",
                        "employment_type_code": "internship"} for n, j in enumerate(jobs)]}
    path = f"/{board}/api/offers/"
    return f"{base}{path}", {path: (200, JSON, json.dumps(body).encode())}


def smartrecruiters(jobs, board, base, limit=20):
    """Offset pages without text, then one detail page per posting (as the real API)."""
    path = f"/v1/companies/{board}/postings"
    items = [{"id": j["id"], "name": j["title"], "company": {"identifier": board, "name": f"Bench {board}"},
              "releasedDate": "2026-10-01T09:00:00.000Z", "typeOfEmployment": {"id": "intern", "label": "Intern"},
              "location": {"city": j["city"].split(",")[0], "remote": False, "hybrid": True, "fullLocation": j["city"]},
              "ref": f"https://api.smartrecruiters.com{path}/{j['id']}"} for j in jobs]
    pages = {}
    for offset in range(0, len(items), limit):
        page = {"offset": offset, "limit": limit, "totalFound": len(items), "content": items[offset: offset + limit]}
        pages[f"{path}?limit={limit}&offset={offset}"] = (200, JSON, json.dumps(page).encode())
    for item, j in zip(items, jobs):
        detail = {**item, "postingUrl": f"https://jobs.smartrecruiters.com/{board}/{j['id']}",
                  "jobAd": {"sections": {"jobDescription": {"title": "Job Description", "text": j["html"]}}},
                  "compensation": {"min": 30, "max": 40, "currency": "USD", "period": "HOURLY"}}
        pages[f"{path}/{j['id']}"] = (200, JSON, json.dumps(detail).encode())
    return f"{base}{path}?offset=0&limit={limit}", pages


def workable(jobs, board, base):
    """The account widget without text (as the real samples), then the v2 job page per job."""
    path = f"/api/v1/widget/accounts/{board}"
    rows = [{"title": j["title"], "shortcode": j["id"], "telecommuting": False, "department": "Engineering",
             "url": f"https://apply.workable.com/j/{j['id']}", "published_on": "2026-10-01",
             "city": j["city"].split(",")[0], "country": "",
             "locations": [{"city": j["city"].split(",")[0], "country": "", "region": None, "hidden": False}]}
            for j in jobs]
    pages = {f"{path}?details=true": (200, JSON, json.dumps({"name": f"Bench {board}", "jobs": rows}).encode())}
    for j in jobs:
        detail = {"shortcode": j["id"], "title": j["title"], "workplace": "on_site", "description": j["html"],
                  "requirements": "<ul><li>Python</li></ul>", "benefits": "", "published": "2026-10-01T09:00:00.000Z"}
        pages[f"/api/v2/accounts/{board}/jobs/{j['id']}"] = (200, JSON, json.dumps(detail).encode())
    return f"{base}{path}?details=true", pages


def schemaorg(jobs, board, base):
    """A career site: a listing page linking every posting (relative links: the server's port is
    not known when pages are built), then one HTML page per posting with JSON-LD."""
    html_type = "text/html; charset=utf-8"
    pages, links = {}, []
    for j in jobs:
        path = f"/{board}/careers/jobs/{j['id']}"
        links.append(f'<li><a href="{path}">{j["title"]}</a></li>')
        data = {"@context": "https://schema.org", "@type": "JobPosting", "title": j["title"], "identifier": j["id"],
                "datePosted": "2026-10-01", "employmentType": "INTERN", "description": j["html"],
                "hiringOrganization": {"@type": "Organization", "name": f"Bench {board}"},
                "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                                                              "addressLocality": j["city"].split(",")[0]}}}
        page = (f"<!DOCTYPE html><html><head><title>{j['title']}</title>"
                f'<script type="application/ld+json">{json.dumps(data)}</script></head>'
                f"<body><h1>{j['title']}</h1>{j['html']}</body></html>")
        pages[path] = (200, html_type, page.encode())
    path = f"/{board}/careers"
    listing = f"<!DOCTYPE html><html><head><title>Careers</title></head><body><ul>{''.join(links)}</ul></body></html>"
    pages[path] = (200, html_type, listing.encode())
    return f"{base}{path}", pages


def listings(jobs, board, base):
    body = [{"source": "Simplify", "company_name": f"Company {j['id']}", "id": j["id"], "title": j["title"],
             "active": True, "is_visible": True, "terms": ["Summer 2026"], "date_posted": 1761900000,
             "date_updated": 1761900000, "url": f"https://example.test/{j['id']}", "locations": [j["city"]],
             "company_url": "", "sponsorship": "Other"} for j in jobs]
    path = f"/{board}/listings.json"
    return f"{base}{path}", {path: (200, JSON, json.dumps(body).encode())}


BUILDERS = {"greenhouse": greenhouse, "lever": lever, "ashby": ashby, "recruitee": recruitee, "listings": listings,
            "smartrecruiters": smartrecruiters, "workable": workable, "schemaorg": schemaorg}


def build(n_boards: int, per_board: int, base: str) -> tuple[list[Source], dict]:
    rnd = random.Random(1000)
    platforms = [p for p in BUILDERS if p in PLATFORMS]
    sources, pages = [], {}
    for b in range(n_boards):
        platform = platforms[b % len(platforms)]
        board = f"bench{b:04d}"
        jobs = [job(rnd, board, i) for i in range(rnd.randint(per_board - 10, per_board + 10))]
        url, board_pages = BUILDERS[platform](jobs, board, base)
        sources.append(Source(platform, board, f"Bench {b}", url))
        pages.update(board_pages)
    return sources, pages


def start_server(pages: dict, tmp: Path) -> tuple[subprocess.Popen, str]:
    pages_file, port_file = tmp / "pages.pickle", tmp / "port"
    pages_file.write_bytes(pickle.dumps(pages))
    proc = subprocess.Popen([sys.executable, str(REPO / "scripts" / "bench_server.py"), str(pages_file), str(port_file)])
    for _ in range(200):
        if port_file.exists() and port_file.read_text():
            return proc, f"http://127.0.0.1:{port_file.read_text()}"
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the bench server did not start")


def run_scrapy_bench(tmp: Path) -> float:
    """pages/s of `scrapy bench` with Scrapy's defaults (run outside our project's settings)."""
    scrapy = Path(sys.executable).with_name("scrapy")
    out = subprocess.run([str(scrapy), "bench"], cwd=tmp, capture_output=True, text=True, env={
        k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"})
    log = out.stdout + out.stderr
    received = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not (received and elapsed):
        raise RuntimeError(f"could not read scrapy bench's stats:\n{log[-2000:]}")
    return int(received.group(1)) / float(elapsed.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boards", type=int, default=1000)
    parser.add_argument("--postings-per-board", type=int, default=50)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="internradar-bench-") as tmpdir:
        tmp = Path(tmpdir)
        # Build with a placeholder base, start the server, then point the sources at its port.
        sources, pages = build(args.boards, args.postings_per_board, "")
        server, base = start_server(pages, tmp)
        try:
            sources = [Source(s.platform, s.board, s.company, base + s.url) for s in sources]
            sources_file = dump_sources(sources, tmp / "sources.yaml")
            print(f"bench-crawl: {len(sources)} boards on {', '.join(sorted({s.platform for s in sources}))}, "
                  f"{len(pages)} pages served from {base}")
            started = time.perf_counter()
            attempts = crawl_in_subprocess(sources_file, tmp / "raw", "2026-11-25", settings=LOOPBACK,
                                           log_file=tmp / "crawl.log")
            seconds = time.perf_counter() - started
            peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        finally:
            server.kill()
            server.wait()
        metas = [a.meta for a in attempts]
        failed = [m for m in metas if m["status"] != "ok"]
        requests = sum(m["requests"] for m in metas)
        postings = sum(m["items"] for m in metas)
        ours = requests / seconds
        print(f"ours:        {requests} pages, {postings} postings in {seconds:.1f}s = "
              f"{ours:.0f} pages/s, {postings / seconds:.0f} postings/s; {len(failed)} sources failed; "
              f"peak memory of the crawl process {peak_mib:.0f} MiB")
        if failed:
            print("  first failures:", [(m["source"], m["error_message"]) for m in failed[:3]])
        if requests < len(pages):
            print(f"  WARNING: {len(pages) - requests} served pages were never requested: the crawl missed pages")
        bench = run_scrapy_bench(tmp)
        print(f"scrapy bench: {bench:.0f} pages/s (Scrapy's defaults, same machine, same run)")
        print(f"ratio:        {ours / bench:.2f} of scrapy bench's pages/s (target >= 0.80); "
              f"peak memory {'under' if peak_mib < 1024 else 'OVER'} 1 GiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""schema.org career pages: the JobPosting mapper on a real page and our fixtures, the listing
side (sitemaps, HTML), and a real crawl from a sitemap index down to posting pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.demo.server import FakeBoardServer
from pipelines.tagging.text import html_to_text
from scrapers.items import PayloadError
from scrapers.platforms import PLATFORMS, schemaorg
from scrapers.mappers import map_attempt
from scrapers.rawlake import latest_attempts
from scrapers.runner import crawl_in_subprocess
from scrapers.sources import Source, dump_sources

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemaorg"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "RETRY_TIMES": "1"}


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _detail(name: str, **kwargs) -> tuple[list, list[str]]:
    return schemaorg.map_detail(_fixture(name), board="acme", **kwargs)


# -- the mapper ------------------------------------------------------------------------------------
def test_real_icims_intern_posting(shared_data: Path):
    body = (shared_data / "ats" / "jsonld-intern-posting.html").read_text(encoding="utf-8")
    (posting,), errors = schemaorg.map_detail(body, board="sig")
    assert errors == []
    assert posting.title == "Trading System Engineering Internship: Summer 2027"
    assert posting.company == "Susquehanna International Group, LLP"
    assert posting.url == (
        "https://careers-sig.icims.com/jobs/11169/trading-system-engineering-internship%3a-summer-2027/job"
    )
    assert posting.external_id == schemaorg.stable_id(posting.url)  # no identifier: a hash of its URL
    assert posting.locations == ["Hong Kong, HK"]  # "UNAVAILABLE" street, region and postcode dropped
    assert posting.employment_type == "Other"  # the internship shows only in title and category
    assert posting.department == "Interns + Co-ops"
    assert posting.posted_at == "2026-07-06T00:00:00.000Z"
    assert posting.workplace_type is None and posting.compensation is None
    assert "10-week trading system engineering summer internship" in html_to_text(posting.description_html)
    assert posting.posting_key == f"schemaorg:sig:{posting.external_id}"


def test_graph_page():
    (p,), errors = _detail("graph.html")
    assert errors == []
    assert p.external_id == "REQ-1042"  # PropertyValue.value
    assert p.title == "Machine Learning Intern, Perception & Planning"  # entity unescaped
    assert p.company == "Acme Robotics"  # hiringOrganization by @id reference
    assert p.url == "https://careers.acme.example/jobs/ml-intern-2027"  # no url: the canonical link
    assert p.employment_type == "Internship, Part-time"
    assert p.workplace_type == "remote"
    assert p.locations == ["Remote in United States", "Remote in Canada"]
    assert p.compensation == "USD 40-48.50 per hour"
    assert p.department == "Engineering"
    assert p.posted_at == "2026-10-01"
    assert p.description_html.startswith("<p>Train <b>perception models</b>")


def test_source_company_wins_over_the_page():
    (p,), _ = _detail("graph.html", company="Acme")
    assert p.company == "Acme"


def test_list_page():
    (data, nlp), errors = _detail("list.html")
    assert errors == []
    assert data.external_id == "7731"  # a number
    assert data.url == "https://jobs.globex.example/careers/7731"  # relative, resolved against og:url
    assert data.locations == ["Berlin, DE"]
    assert data.posted_at == "2026-09-15T08:00:00+02:00"
    assert data.description_html == "<p>Analyse experiments.<br>Build dashboards.</p><p>Work with the ML team.</p>"
    assert nlp.title == "NLP Research Intern"  # `name` when there is no `title`
    assert nlp.company == "Globex Research"  # hiringOrganization as a plain string
    assert nlp.locations == ["Munich, Germany"]  # address as a plain string
    assert nlp.url == "https://jobs.globex.example/careers/data-internships"  # the page's own URL
    assert nlp.external_id == schemaorg.stable_id(nlp.url, "NLP Research Intern")


def test_microdata_page():
    (p,), errors = _detail("microdata.html")
    assert errors == []
    assert (p.external_id, p.title, p.company) == ("CV-2027-03", "Computer Vision Intern", "Initech Vision")
    assert p.url == "https://careers.initech.example/jobs/3"
    assert p.locations == ["Toronto, ON, Canada"]
    assert p.employment_type == "Internship" and p.posted_at == "2026-11-02"
    assert html_to_text(p.description_html) == "Build object detection pipelines.\nOpenCV\nPyTorch"


def test_broken_page_is_recovered():
    (p,), errors = _detail("broken.html")
    assert p.external_id == "REQ-2001" and p.title == "Reinforcement Learning Intern"
    assert p.locations == ["Pittsburgh, PA, US"]  # trailing commas, a Country object
    assert html_to_text(p.description_html) == "Robots that learn.\nIt's a 12-week internship."
    assert len(errors) == 1 and errors[0].startswith("JSON-LD block 2 is not valid JSON")


def test_multiple_locations_and_salary():
    (p,), errors = _detail("multi-location-salary.html")
    assert errors == []
    # Placeholders dropped; the all-placeholder place vanishes; the repeat is kept once.
    assert p.locations == ["San Francisco, CA, US", "London, GB"]
    assert p.compensation == "USD 90,000-120,000 per year"
    assert p.employment_type == "Other"
    assert p.url == "https://careers.acme.example/jobs/5?src=sitemap"
    assert p.external_id == schemaorg.stable_id("https://careers.acme.example/jobs/5?src=sitemap")
    assert html_to_text(p.description_html) == "Publish research on large language models."  # escaped HTML


def test_page_without_job_posting_is_one_message():
    assert _detail("no-jobposting.html") == ([], ["no schema.org JobPosting in the page"])
    with pytest.raises(PayloadError, match="no schema.org JobPosting"):
        schemaorg.count_job_postings(_fixture("no-jobposting.html"))
    assert schemaorg.count_job_postings(_fixture("list.html")) == 2


def test_page_url_from_the_caller_resolves_relative_urls():
    body = ('<html><body><div itemscope itemtype="https://schema.org/JobPosting">'
            '<span itemprop="title">Intern</span><a itemprop="url" href="/jobs/9">x</a></div></body></html>')
    (bare,), _ = schemaorg.map_detail(body, board="b")
    assert bare.url is None  # a bare "/jobs/9" names no page
    (placed,), _ = schemaorg.map_detail(body, board="b", url="https://careers.b.example/list")
    assert placed.url == "https://careers.b.example/jobs/9"
    assert placed.external_id == schemaorg.stable_id("https://careers.b.example/jobs/9")


def test_postings_without_ids_on_one_page_stay_distinct():
    block = '{"@type": "JobPosting", "title": "Intern"}'
    script = f'[{block}, {block}, {{"@type": "JobPosting"}}]'
    body = f'<html><head><script type="application/ld+json">{script}</script></head></html>'
    postings, errors = schemaorg.map_detail(body, board="b")
    assert [p.external_id for p in postings] == [schemaorg.stable_id("Intern"), schemaorg.stable_id("Intern") + "-2"]
    assert errors == ["JobPosting 2: JobPosting without a title"]


@pytest.mark.parametrize(
    "place, expected",
    [
        ({"address": {"addressLocality": "Austin", "addressRegion": "TX", "addressCountry": "US"}}, "Austin, TX, US"),
        ({"address": {"addressLocality": "Singapore", "addressCountry": {"@type": "Country", "name": "Singapore"}}},
         "Singapore"),
        ({"address": {"addressLocality": "N/A", "addressCountry": "UNAVAILABLE"}, "name": "HQ"}, "HQ"),
        ({"address": [{"addressLocality": "Paris", "addressCountry": "FR"}]}, "Paris, FR"),
        ({"@type": "PostalAddress", "addressLocality": "Oslo"}, "Oslo"),
        ({"address": "  Zürich,  Switzerland "}, "Zürich, Switzerland"),
        ("Remote", "Remote"),
        ("unavailable", None),
        ({}, None),
        (None, None),
    ],
)
def test_place_text(place, expected):
    assert schemaorg.place_text(place) == expected


@pytest.mark.parametrize(
    "posting, expected",
    [
        ({"jobLocationType": "TELECOMMUTE"}, ["Remote"]),
        ({"jobLocationType": ["telecommute"],
          "applicantLocationRequirements": {"@type": "State", "name": "California"}},
         ["Remote in California"]),
        ({"jobLocationType": "TELECOMMUTE", "jobLocation": {"address": {"addressLocality": "NYC"}}}, ["NYC", "Remote"]),
        ({"applicantLocationRequirements": {"name": "US"}}, []),  # not remote: no work-from region
    ],
)
def test_locations(posting, expected):
    assert schemaorg.locations(posting) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("INTERN", "Internship"), (["FULL_TIME", "INTERN"], "Full-time, Internship"), ("full-time", "Full-time"),
     ("Werkstudent", "Werkstudent"), (["INTERN", "intern"], "Internship"), ([], None), (None, None)],
)
def test_employment_type(value, expected):
    assert schemaorg.employment_type(value) == expected


@pytest.mark.parametrize(
    "salary, expected",
    [
        ({"currency": "USD", "value": {"minValue": 40, "maxValue": 45, "unitText": "HOUR"}}, "USD 40-45 per hour"),
        ({"currency": "EUR", "value": {"value": 2500, "unitText": "MONTH"}}, "EUR 2,500 per month"),
        ({"currency": "GBP", "value": {"minValue": 30000, "unitText": "YEAR"}}, "from GBP 30,000 per year"),
        ({"currency": "CAD", "value": {"maxValue": "32.50", "unitText": "hour"}}, "up to CAD 32.50 per hour"),
        ({"currency": "USD", "value": 7000, "unitText": "MONTH"}, "USD 7,000 per month"),
        ({"currency": "USD", "minValue": 20, "maxValue": 20}, "USD 20"),
        ({"currency": "USD", "value": {"minValue": 0, "maxValue": 0}}, None),  # zeros: not stated
        ([{"currency": "USD", "value": {"value": 50, "unitText": "HOUR"}},
          {"currency": "USD", "value": {"value": 50, "unitText": "HOUR"}}], "USD 50 per hour"),
        (52000, "52,000"),
        ("$40/hour", "$40/hour"),
        (None, None),
    ],
)
def test_compensation(salary, expected):
    assert schemaorg.compensation(salary) == expected


# -- the listing side -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body, kind",
    [
        (_fixture("sitemap.xml"), "sitemap"),
        (_fixture("sitemap-index.xml"), "sitemap"),
        ('<urlset><url><loc>https://a.example/jobs/1</loc></url></urlset>', "sitemap"),  # no namespace
        (_fixture("listing.html"), "html"),
        ("<html><body>Careers</body></html>", "html"),
        ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', "html"),
    ],
)
def test_page_kind(body, kind):
    assert schemaorg.page_kind(body) == kind
    assert schemaorg.map_response(body, board="b") == ([], [])


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "empty body"),
        ('{"jobs": []}', "got JSON"),
        ("User-agent: *", "got plain text"),
        ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "got an XML document with root <rss>"),
    ],
)
def test_bad_listing_pages(body, message):
    with pytest.raises(PayloadError, match=message):
        schemaorg.map_response(body, board="b")


def test_sitemap_locs():
    kind, locs = schemaorg.sitemap_locs(_fixture("sitemap-index.xml").replace("{base}", "https://a.example"))
    assert kind == "sitemapindex"
    assert locs[:2] == ["https://a.example/sitemaps/site-1.xml", "https://a.example/sitemaps/site-2.xml"]


@pytest.mark.parametrize(
    "url, looks",
    [
        ("https://a.example/jobs/123", True), ("https://a.example/en/careers/ml-intern", True),
        ("https://a.example/job/ml-intern?x=1", True), ("https://a.example/vacancies/42", True),
        ("https://a.example/apply?gh_jid=4423823", True), ("https://a.example/openings/data", True),
        ("https://a.example/careers/", False), ("https://a.example/careers", False),
        ("https://careers.a.example/about", False), ("https://a.example/blog/jobs-report", False),
    ],
)
def test_job_url_pattern(url, looks):
    assert bool(schemaorg.JOB_URL.search(url)) is looks


def test_module_is_a_discovered_platform():
    assert PLATFORMS["schemaorg"] is schemaorg
    spider = schemaorg.SchemaOrgSpider(board="careers.acme.example")
    assert spider.name == "schemaorg" and spider.platform == "schemaorg"
    assert spider.board_url(spider.sources[0]) == "https://careers.acme.example/sitemap.xml"


# -- a real crawl: sitemap index -> sitemaps -> posting pages; an HTML listing with paging ------------
DETAILS = {
    "/jobs/1": "graph.html",
    "/jobs/2": "broken.html",
    "/jobs/3": "microdata.html",
    "/jobs/4": "no-jobposting.html",
    "/jobs/5": "multi-location-salary.html",
    "/globex/careers/data-science-intern": "list.html",
    "/globex/careers/cv-intern": "microdata.html",
}


class Site:
    def __init__(self):
        self.base = self.offhost = ""

    def route(self, path: str, query: dict) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        xml = {"Content-Type": "application/xml"}

        def fill(name: str) -> bytes:
            return _fixture(name).replace("{base}", self.base).replace("{offhost}", self.offhost).encode("utf-8")

        if path == "/sitemap_index.xml":
            return 200, xml, fill("sitemap-index.xml")
        if path == "/sitemaps/site-1.xml":
            return 200, xml, fill("sitemap.xml")
        if path == "/sitemaps/site-2.xml":
            return 200, xml, fill("sitemap-blog.xml")
        if path == "/globex/careers":
            return 200, html, fill("listing-page-2.html" if query.get("page") == ["2"] else "listing.html")
        if path in DETAILS:
            return 200, html, fill(DETAILS[path])
        if path == "/initech/jobs.json":
            return 200, {"Content-Type": "application/json"}, b'{"jobs": []}'
        return 404, html, b"<html><title>Not found</title></html>"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("schemaorg-crawl")
    site = Site()
    with FakeBoardServer(site.route) as server:
        site.base = server.base_url
        site.offhost = server.base_url.replace("127.0.0.1", "localhost")  # same server, another host
        sources = [
            Source("schemaorg", "acme", "Acme Robotics", f"{server.base_url}/sitemap_index.xml"),
            Source("schemaorg", "globex", None, f"{server.base_url}/globex/careers"),
            Source("schemaorg", "initech", None, f"{server.base_url}/initech/jobs.json"),
        ]
        attempts = crawl_in_subprocess(
            dump_sources(sources, tmp / "sources.yaml"), tmp / "raw", "2026-11-20", settings=FAST,
            log_file=tmp / "crawl.log",
        )
        hits = dict(server.hits)
    return {a.board: a for a in attempts}, hits, tmp


def test_sitemap_index_to_posting_pages(crawled):
    attempts, hits, _ = crawled
    meta = attempts["acme"].meta
    assert meta["status"] == "ok", meta["error_message"]
    assert meta["items"] == 4  # JobPostings on the five pages; the page without one is an error
    assert meta["errors"] == 1
    sitemaps = ("/sitemap_index.xml", "/sitemaps/site-1.xml", "/sitemaps/site-2.xml")
    fetched = (*sitemaps, *[f"/jobs/{i}" for i in range(1, 6)])
    for path in fetched:
        assert hits.get(path) == 1, path  # "/jobs/1#apply" is the same page: fetched once
    # Not postings (not job URLs, or the /careers/ landing page), or off the site: never fetched.
    for path in ("/", "/about", "/careers/", "/blog/hello-world", "/sitemaps/elsewhere.xml", "/jobs/6"):
        assert path not in hits, path
    kinds = [r["kind"] for r in attempts["acme"].records()]
    assert kinds.count("board") == 3 and kinds.count("detail") == 5


def test_sitemap_crawl_maps_to_postings(crawled):
    attempts, _, _ = crawled
    postings, errors, repeats = map_attempt(
        schemaorg, attempts["acme"].records(), board="acme", company="Acme Robotics"
    )
    by_id = {p.external_id: p for p in postings}
    assert set(by_id) == {
        "REQ-1042", "REQ-2001", "CV-2027-03", schemaorg.stable_id("https://careers.acme.example/jobs/5?src=sitemap"),
    }
    assert repeats == 0
    assert all(p.company == "Acme Robotics" and p.posting_key.startswith("schemaorg:acme:") for p in postings)
    assert by_id["REQ-1042"].compensation == "USD 40-48.50 per hour"
    assert by_id["REQ-2001"].locations == ["Pittsburgh, PA, US"]
    assert by_id["CV-2027-03"].url == "https://careers.initech.example/jobs/3"
    assert len(errors) == 2
    assert any(e.endswith("/jobs/2: JSON-LD block 2 is not valid JSON, even after repair "
                          "(Unterminated string starting at at line 1 column 95)") for e in errors)
    assert any(e.endswith("/jobs/4: no schema.org JobPosting in the page") for e in errors)


def test_html_listing_follows_same_host_posting_links_and_next_pages(crawled):
    attempts, hits, _ = crawled
    meta = attempts["globex"].meta
    assert meta["status"] == "ok" and meta["errors"] == 0
    assert meta["items"] == 3  # two postings on one page, one on the other
    assert hits["/globex/careers"] == 2  # the listing and its rel="next" page
    assert hits["/globex/careers/data-science-intern"] == 1 and hits["/globex/careers/cv-intern"] == 1
    for path in ("/globex/careers/offhost-intern", "/globex/about", "/globex/careers/brochure.pdf"):
        assert path not in hits, path
    postings, errors, _ = map_attempt(schemaorg, attempts["globex"].records(), board="globex")
    assert errors == []
    assert sorted(p.title for p in postings) == ["Computer Vision Intern", "Data Science Intern", "NLP Research Intern"]
    assert {p.company for p in postings} == {"Globex", "Globex Research", "Initech Vision"}  # no source company


def test_a_listing_that_is_neither_sitemap_nor_html_fails_the_source(crawled):
    attempts, _, tmp = crawled
    meta = attempts["initech"].meta
    assert meta["status"] == "failed"
    assert "expected an XML sitemap or an HTML page, got JSON" in meta["error_message"]
    assert {a.board for a in latest_attempts(tmp / "raw", "2026-11-20")} == {"acme", "globex", "initech"}


ICIMS_LISTING = """<html><body>
<a href="/jobs/search?pr=1&amp;schemaId=&amp;o=">Next page</a>
<a href="/jobs/search?ss=1&amp;in_iframe=1">Search again</a>
<a href="/jobs/intro">Join our talent community</a>
<a href="/jobs/login">Log in</a>
<a href="/jobs/19283/machine-learning-intern/job">Machine Learning Intern</a>
<a href="/jobs/19301/quant-research-intern/job?in_iframe=1">Quant Research Intern</a>
<a href="https://other.example/jobs/1/elsewhere/job">Elsewhere</a>
</body></html>"""


def test_listing_links_skip_site_furniture_and_follow_paging():
    from scrapy.http import HtmlResponse

    response = HtmlResponse(
        url="https://careers-sig.icims.com/jobs/search?ss=1&in_iframe=1", body=ICIMS_LISTING, encoding="utf-8"
    )
    postings, pages = schemaorg.listing_links(response)
    assert postings == [
        "https://careers-sig.icims.com/jobs/19283/machine-learning-intern/job",
        "https://careers-sig.icims.com/jobs/19301/quant-research-intern/job?in_iframe=1",
    ]
    assert pages == ["https://careers-sig.icims.com/jobs/search?pr=1&schemaId=&o="]


@pytest.mark.parametrize(
    "path, furniture",
    [("/jobs/search", True), ("/careers/login", True), ("/jobs/intro", True), ("/jobs/alerts/new", True),
     ("/jobs/123/search-engineer-intern/job", False), ("/careers/research-intern", False),
     ("/jobs/searchlight-intern", False)],
)
def test_not_job_url_pattern(path, furniture):
    assert bool(schemaorg.NOT_JOB_URL.search(path)) is furniture


@pytest.mark.parametrize("name", [p.name for p in sorted(FIXTURES.iterdir())])
def test_the_mappers_root_check_reads_as_scrapys_sitemap(name):
    """The mapper tells sitemaps from pages without Scrapy; it must see the root Scrapy's
    `Sitemap` (which the spider follows sitemaps with) sees, on every fixture and odd input."""
    from scrapy.utils.sitemap import Sitemap

    from scrapers.mappers.schemaorg import _xml_root

    bodies = [(FIXTURES / name).read_text(encoding="utf-8"), "<!-- c --><?pi x?>\n<urlset/>", "not xml", "<a:b xmlns:a='u'/>",
              '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "y">]><sitemapindex>&e;</sitemapindex>']
    for body in bodies:
        try:
            expected = Sitemap(body.encode("utf-8")).type
        except Exception:  # noqa: BLE001 - Scrapy fails on it: the mapper says it is not XML
            expected = None
        assert _xml_root(body) == expected, body[:80]

"""The shared schema.org parser: JSON-LD and microdata via extruct, nesting, @id references, and
the repair of broken JSON-LD blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers import structured_data as sd
from scrapers.items import PayloadError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "schemaorg"


def _page(*blocks: str, head: str = "", body: str = "") -> str:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return f"<!DOCTYPE html><html><head>{head}{scripts}</head><body>{body}</body></html>"


def _postings(html: str) -> tuple[list[dict], sd.PageData]:
    return sd.job_postings(html)


# -- real and fixture pages ------------------------------------------------------------------------
def test_real_icims_page(shared_data: Path):
    postings, page = _postings((shared_data / "ats" / "jsonld-intern-posting.html").read_text(encoding="utf-8"))
    assert page.errors == [] and page.page_url is None
    (posting,) = postings
    assert posting["title"] == "Trading System Engineering Internship: Summer 2027"
    assert posting["hiringOrganization"]["name"] == "Susquehanna International Group, LLP"
    assert posting["jobLocation"][0]["address"]["addressRegion"] == "UNAVAILABLE"  # the parser keeps; the mapper drops


def test_graph_with_id_references():
    postings, page = _postings((FIXTURES / "graph.html").read_text(encoding="utf-8"))
    assert page.errors == [] and page.page_url == "https://careers.acme.example/jobs/ml-intern-2027"
    (posting,) = postings  # defined once in @graph, referenced by the WebPage's mainEntity: found once
    assert posting["@type"] == ["JobPosting"]
    assert posting["hiringOrganization"] == {
        "@type": "Organization", "@id": "https://acme.example/#org", "name": "Acme Robotics",
        "sameAs": "https://acme.example/",
    }


def test_top_level_list_and_full_iri_types():
    postings, page = _postings((FIXTURES / "list.html").read_text(encoding="utf-8"))
    assert [p.get("title") or p.get("name") for p in postings] == ["Data Science Intern", "NLP Research Intern"]
    assert page.page_url == "https://jobs.globex.example/careers/data-internships"  # og:url


def test_microdata_keeps_the_description_html():
    postings, page = _postings((FIXTURES / "microdata.html").read_text(encoding="utf-8"))
    (posting,) = postings
    assert page.errors == []
    assert posting["title"] == "Computer Vision Intern"
    assert posting["hiringOrganization"]["name"] == "Initech Vision"
    assert posting["jobLocation"]["address"]["addressLocality"] == "Toronto"
    assert posting["url"] == "https://careers.initech.example/jobs/3"  # resolved against the canonical link
    # The job's own description element, as HTML; not the organization's nested one.
    assert posting["description"].startswith("<p>Build <strong>object detection</strong> pipelines.</p>")
    assert "<li>PyTorch</li>" in posting["description"]
    assert posting["hiringOrganization"]["description"] == "An organization description that is not the job's."
    assert "htmlNode" not in repr(posting)


def test_broken_block_is_repaired_and_a_hopeless_one_reported():
    postings, page = _postings((FIXTURES / "broken.html").read_text(encoding="utf-8"))
    (posting,) = postings
    assert posting["identifier"]["value"] == "REQ-2001"
    assert posting["description"] == "<p>Robots that learn.</p>\n<p>It's a 12-week internship.</p>"
    assert posting["jobLocation"]["address"]["addressCountry"] == {"@type": "Country", "name": "US"}
    (error,) = page.errors
    assert error.startswith("JSON-LD block 2 is not valid JSON, even after repair (Unterminated string")


def test_page_without_a_job_posting():
    postings, page = _postings((FIXTURES / "no-jobposting.html").read_text(encoding="utf-8"))
    assert postings == [] and page.errors == []
    assert [i["@type"] for i in page.items] == ["Organization"]


# -- what extruct already tolerates, and what the repair adds ---------------------------------------
def test_control_characters_in_strings_need_no_repair():
    page = sd.extract(_page('{"@type": "JobPosting", "title": "Tab\there", "description": "a\nb"}'))
    assert page.errors == [] and page.items[0]["title"] == "Tab\there"


def test_a_bad_block_does_not_hide_good_ones_or_microdata():
    html = _page(
        '{"@type": "JobPosting", "title": "First"}',
        '{"@type": "JobPosting", "title": "broken',
        '{"@type": "JobPosting", "title": "Third",}',
        body='<div itemscope itemtype="http://schema.org/JobPosting"><span itemprop="title">Fourth</span></div>',
    )
    postings, page = _postings(html)
    assert [p["title"] for p in postings] == ["First", "Third", "Fourth"]
    assert len(page.errors) == 1 and page.errors[0].startswith("JSON-LD block 2 ")


@pytest.mark.parametrize(
    "broken, expected",
    [
        ('{"a": 1, "b": [1, 2,],}', {"a": 1, "b": [1, 2]}),
        ('<!--\n{"a": 1}\n-->', {"a": 1}),
        ('//<![CDATA[\n{"a": 1}\n//]]>', {"a": 1}),
        ('<![CDATA[{"a": 1}]]>', {"a": 1}),
        ('{"a": 1 /* note */, // line comment\n "b": 2}', {"a": 1, "b": 2}),
        ('{"a": "it\\\'s"}', {"a": "it's"}),
        ('\ufeff{"a": 1}', {"a": 1}),
        # Inside strings nothing changes: URLs, comment-like text, ", }" and wrapper-like text.
        ('{"u": "https://x.example/a//b", "t": "x, }", "c": "<!-- y -->", "q": "say \\"hi\\""}',
         {"u": "https://x.example/a//b", "t": "x, }", "c": "<!-- y -->", "q": 'say "hi"'}),
    ],
)
def test_repair_json(broken: str, expected: dict):
    assert sd.loads_lenient(broken) == [expected]


def test_concatenated_values_and_semicolons():
    assert sd.loads_lenient('{"a": 1}{"b": 2}\n,{"c": 3};\n[4]') == [{"a": 1}, {"b": 2}, {"c": 3}, [4]]
    assert sd.loads_lenient("  ") == []


def test_unrepairable_json_says_where():
    with pytest.raises(ValueError, match="line 2 column"):
        sd.loads_lenient('{"a": 1,\n "b": "x" "c"}')


# -- finding nodes -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "node, names",
    [
        ({"@type": "JobPosting"}, ["JobPosting"]),
        ({"@type": ["JobPosting", "Thing"]}, ["JobPosting", "Thing"]),
        ({"@type": "http://schema.org/JobPosting"}, ["JobPosting"]),
        ({"@type": "https://schema.org/JobPosting"}, ["JobPosting"]),
        ({"@type": "schema:JobPosting"}, ["JobPosting"]),
        ({"@type": " "}, []),
        ({"title": "x"}, []),
        ("JobPosting", []),
    ],
)
def test_type_names(node, names):
    assert sd.type_names(node) == names


def test_nested_postings_are_found_in_page_order():
    items = [
        {"@type": "ItemList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "item": {"@type": "JobPosting", "title": "A"}},
            {"@type": "ListItem", "position": 2, "item": {"@type": "jobposting", "title": "B"}},
        ]},
        {"@type": "WebPage", "mainEntity": {"@type": "JobPosting", "title": "C",
                                           "hiringOrganization": {"@type": "Organization", "name": "Org"}}},
    ]
    assert [p["title"] for p in sd.find_typed(items, "JobPosting")] == ["A", "B", "C"]


def test_references_resolve_without_looping():
    items = [{"@graph": [
        {"@id": "#a", "@type": "JobPosting", "title": "A", "hiringOrganization": {"@id": "#org"},
         "sameAs": {"@id": "#a"}},
        {"@id": "#org", "@type": "Organization", "name": "Org", "subOrganization": {"@id": "#org"}},
        {"@id": "#a", "@type": "JobPosting"},  # a bare reference with a type: not a second posting
    ]}]
    (posting,) = sd.find_typed(items, "JobPosting")
    assert posting["hiringOrganization"]["name"] == "Org"
    assert posting["sameAs"] == {"@id": "#a"}  # a self-reference stays a reference


# -- the page itself ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("body", ["", "   \n", b""])
def test_empty_body_is_a_payload_error(body):
    with pytest.raises(PayloadError, match="empty page"):
        sd.extract(body)


def test_page_url_prefers_the_canonical_link():
    head = ('<meta property="og:url" content="https://a.example/og">'
            '<link rel="Canonical" href="https://a.example/canonical">')
    assert sd.extract(_page(head=head)).page_url == "https://a.example/canonical"
    assert sd.extract(_page(head='<link rel="canonical" href="/relative">')).page_url is None


@pytest.mark.parametrize(
    "url, base, expected",
    [
        ("https://a.example/x", None, "https://a.example/x"),
        ("/jobs/3", "https://a.example/careers/list", "https://a.example/jobs/3"),
        ("/jobs/3", None, None),
        ("mailto:jobs@a.example", "https://a.example/", None),
        ("", "https://a.example/", None),
        (42, "https://a.example/", None),
    ],
)
def test_absolute(url, base, expected):
    assert sd.absolute(url, base) == expected


# -- JSON-LD-only pages are read without extruct ------------------------------------------------------
def _pages(shared_data: Path) -> dict[str, str]:
    pages = {p.name: p.read_text(encoding="utf-8") for p in [*FIXTURES.glob("*.html"), *(shared_data / "ats").glob("*.html")]}
    pages.update({
        "list block with empty members": _page('[{"@type": "JobPosting", "title": "A"}, {}, null, 3, {"@type": "Thing"}]'),
        "scalar and empty blocks": _page('"just a string"', "{}", "[]", '{"@type": "JobPosting", "title": "B"}'),
        "raw control characters": _page('{"@type": "JobPosting", "title": "C\tD\nE"}'),
        "comment before the JSON": _page('// a comment\n{"@type": "JobPosting", "title": "F"}'),
        "no blocks at all": "<html><body><p>nothing here</p></body></html>",
        "microdata beside JSON-LD": _page('{"@type": "JobPosting", "title": "G"}', body=(
            '<div itemscope itemtype="https://schema.org/JobPosting"><h1 itemprop="title">H</h1></div>')),
    })
    return pages


def test_the_fast_path_reads_every_page_as_extruct_does(shared_data: Path, monkeypatch):
    """A page read without extruct gives exactly what extruct gives it: items, URL and errors."""
    pages = _pages(shared_data)
    fast = {name: sd.extract(html, base_url="https://jobs.example.com/x") for name, html in pages.items()}
    monkeypatch.setattr(sd, "_plain_jsonld", lambda tree: None)
    assert sum(bool(page.items) for page in fast.values()) >= 10
    for name, html in pages.items():
        slow = sd.extract(html, base_url="https://jobs.example.com/x")
        assert (fast[name].items, fast[name].page_url, fast[name].errors) == (slow.items, slow.page_url, slow.errors), name


def test_only_pages_that_need_extruct_import_it():
    import subprocess
    import sys

    probe = ("import sys\nfrom scrapers import structured_data as sd\n"
             "nodes, _ = sd.job_postings(sys.argv[1])\n"
             "print(len(nodes), 'extruct' in sys.modules)\n")
    plain = _page('{"@type": "JobPosting", "title": "A"}')
    broken = _page('{"@type": "JobPosting", "title": "B",}')
    microdata = _page(body='<div itemscope itemtype="https://schema.org/JobPosting"><h1 itemprop="title">C</h1></div>')
    answers = [subprocess.run([sys.executable, "-c", probe, page], capture_output=True, text=True, timeout=60,
                              cwd=Path(__file__).parents[2]).stdout.split() for page in (plain, broken, microdata)]
    assert answers == [["1", "False"], ["1", "True"], ["1", "True"]]

"""html_to_text and normalize: escaped HTML, block breaks, entities, and hostile markup."""

from __future__ import annotations

import time

import pytest

from pipelines.tagging import text as text_module
from pipelines.tagging.text import as_text, fold, html_to_text, is_missing, normalize


def test_greenhouse_escaped_html_is_unescaped_then_parsed():
    raw = ("&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;"
           "&lt;ul&gt;&lt;li&gt;PyTorch&lt;/li&gt;&lt;li&gt;SQL&lt;/li&gt;&lt;/ul&gt;")
    assert html_to_text(raw) == "Hello & welcome\nPyTorch\nSQL"


def test_block_tags_become_lines_inline_tags_do_not():
    assert html_to_text("<div>Train <b>models</b> in <i>PyTorch</i></div><p>Second</p>line<br>third") == (
        "Train models in PyTorch\nSecond\nline\nthird"
    )


def test_script_style_and_comments_are_dropped():
    html = "<p>Keep</p><script>var x = '<p>no</p>';</script><style>p { color: red }</style><!-- hidden --><p>this</p>"
    assert html_to_text(html) == "Keep\nthis"


def test_entities_and_whitespace():
    assert html_to_text("<p>caf&eacute;&nbsp;&nbsp; &lt;3   R&amp;D</p>") == "café <3 R&D"
    assert html_to_text("  plain\t\ttext &amp; more  ") == "plain text & more"


def test_markup_that_breaks_html_parser_falls_back_to_tag_stripping():
    assert html_to_text("<p>a</p><![foo bar]>b") == "a b"


def test_a_lone_less_than_sign_is_text_not_a_tag():
    assert html_to_text("<p>x < 3 and y > 2</p>") == "x < 3 and y > 2"
    assert html_to_text("x < 3") == "x < 3"


def test_page_that_shows_escaped_markup_is_not_unescaped_twice():
    # Real tags present: "&lt;b&gt;" is content to show, not markup to parse.
    assert html_to_text("<p>Use &lt;b&gt; for bold</p>") == "Use <b> for bold"


@pytest.mark.parametrize("value, expected", [(None, ""), ("", ""), (42, "42"), (3.5, "3.5"), (float("nan"), ""),
                                             (["<p>a</p>", None, "b"], "a\nb"), (b"<p>bytes</p>", "bytes")])
def test_odd_values_never_raise(value, expected):
    assert html_to_text(value) == expected


@pytest.mark.parametrize("markup", [
    "<a " * 300_000,            # unclosed start tags: html.parser alone is quadratic here
    "<" * 1_000_000,
    "</" * 500_000,
    "<!--" + "x" * 1_000_000,
    "<p>" * 300_000,
    "&" * 1_000_000,
    "<div>x</div>" * 80_000,
    "<script>" + "<p>x" * 250_000,
])
def test_hostile_markup_of_one_megabyte_stays_fast(markup):
    started = time.perf_counter()
    html_to_text(markup)
    assert time.perf_counter() - started < 5  # typically well under 1 s


def test_normalize_folds_case_and_accents_but_keeps_other_scripts():
    assert normalize("  MÜNCHEN  Göteborg\n Québec ") == "munchen goteborg quebec"
    assert normalize("서울 東京 Москва") == "서울 東京 москва"
    assert fold("Straße") == "strasse"
    assert normalize(None) == "" and normalize(12) == "12"


def test_missing_values():
    pd = pytest.importorskip("pandas")
    assert is_missing(None) and is_missing(float("nan")) and is_missing(pd.NA) and is_missing(pd.NaT)
    assert not is_missing(0) and not is_missing("") and not is_missing("nan")
    assert as_text(pd.NA) == "" and as_text(["a", None, 1]) == "a 1"


def _markup_samples():
    """Real ATS descriptions from ../shared plus the eval set as HTML, and awkward snippets."""
    import html as html_module
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for path in sorted((root / "tests" / "eval").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines()[:120]:
            description = json.loads(line).get("description") or ""
            yield "<div><p>" + html_module.escape(description).replace("\n", "</p><p>") + "</p></div>"
    ats = root.parent / "shared" / "data" / "ats"
    for path in sorted(ats.glob("*.json")) if ats.is_dir() else ():
        def walk(node):
            if isinstance(node, dict):
                for value in node.values():
                    yield from walk(value)
            elif isinstance(node, list):
                for value in node:
                    yield from walk(value)
            elif isinstance(node, str) and "<" in node:
                yield html_module.unescape(node) if "&lt;" in node and "<p" not in node else node
        yield from walk(json.loads(path.read_text(encoding="utf-8")))
    yield from [
        '<p title="a > b">x</p><br/>y', "<ul><li>one</li><li>two &amp; three</li></ul>", "a <b>bold</b> 3 < 4 > 2",
        "<p>x</p >y<P>Z</P>", "<a href='x\"y'>link</a>", "<p>tab\there  and&nbsp;nbsp</p>", "<p>\n\n</p>text",
        "<div\nclass=x>multi-line tag</div>", "<p>unclosed <i>italic", "</p>lead", "<br><br>",
    ]


def test_regex_markup_reading_equals_html_parser():
    """The fast path of html_to_text gives html.parser's text wherever it answers."""
    answered = 0
    for markup in _markup_samples():
        fast = text_module._regex_markup_text(markup)
        if fast is not None:
            answered += 1
            assert fast == text_module._parsed_markup_text(markup), markup[:200]
    assert answered > 100


@pytest.mark.parametrize(("text", "expected"), [
    ("We sponsor U.S. visas. Ph.D. students welcome! Pay: $40.50 per hour.",
     ["We sponsor U.S. visas.", "Ph.D. students welcome!", "Pay: $40.50 per hour."]),
    ("Tools, e.g. Python and R. Next.", ["Tools, e.g. Python and R. Next."]),  # "R." ends no sentence
    ("Line one\n\n  Line two  \nLine three? Yes.", ["Line one", "Line two", "Line three?", "Yes."]),
    ("Working in Seoul. 서울에서 근무합니다. 주 2회 재택。Done", ["Working in Seoul.", "서울에서 근무합니다.", "주 2회 재택。Done"]),
    ("a.b.c. d", ["a.b.c. d"]),
    ("", []),
    ("   \n ", []),
])
def test_segments_are_sentences_and_lines(text, expected):
    assert text_module.segments(text) == expected


@pytest.mark.parametrize("text", ["B.S. " * 200_000, "a. " * 330_000, "x" * 1_000_000, ". " * 500_000, "\n" * 1_000_000])
def test_segmenting_a_megabyte_is_fast(text):
    started = time.perf_counter()
    text_module.segments(text)
    assert time.perf_counter() - started < 1.0

"""Text helpers shared by the tagger: HTML (or escaped HTML) to plain text, and match normalization."""

from __future__ import annotations

import functools
import html
import math
import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

# Tags that start a new line in rendered HTML; everything else is inline.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
# Their text is code or styling, never posting content.
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title"})
# A real tag (or comment / doctype), as opposed to a lone "<" in text like "x < 3".
_REAL_TAG = re.compile(r"<[A-Za-z!/]")
# A "<" that does not open a tag closed within reach. html.parser rescans the rest of the input
# for every such "<" (quadratic: 30k of them take minutes), so they are escaped before parsing.
# The lookahead stops at the next "<", which keeps the whole pass linear.
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?][^<>]{0,10000}>)")
_SPACES = re.compile(r"[^\S\n]+")
# What _SPACES would change (single spaces stay as they are): skipping the substitution when
# there is none saves most of the cost of tidying.
_ODD_SPACE = re.compile(r"[^\S\n ]|  ")
# A start or end tag with its attributes (quoted values may hold ">"), for the fast path below.
# No part of it crosses a "<", so each tag costs its own length (linear overall).
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/<>]*)(?:[^<>"']|"[^"<]*"|'[^'<]*')*>""")
# The same, for block elements only (they render as line breaks).
_BLOCK_TAG = re.compile(
    r"""<(/?)(?:""" + "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True))
    + r""")(?=[\s/>])(?:[^<>"']|"[^"<]*"|'[^'<]*')*>""", re.IGNORECASE)
# Markup the fast path leaves to html.parser: comments, doctypes, CDATA, processing instructions
# and the tags whose content is skipped.
_PARSER_ONLY = re.compile(r"<[!?]|<(?:script|style|noscript|template|head|title)\b", re.IGNORECASE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


class _TextExtractor(HTMLParser):
    """Collects text nodes, turning block boundaries into newlines and skipping script/style."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        # <br/> and friends: a break, but never opens a skipped section.
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def _has_odd_space(text: str) -> bool:
    """Would _SPACES change the text? Substring checks for ASCII text, the regex for the rest."""
    if text.isascii():
        return "  " in text or any(c in text for c in "\t\r\f\v\x1c\x1d\x1e\x1f")
    return _ODD_SPACE.search(text) is not None


def _tidy(text: str) -> str:
    """Collapse horizontal whitespace per line, drop blank lines."""
    if _has_odd_space(text):
        text = _SPACES.sub(" ", text)
    lines = text.split("\n")
    return "\n".join([line for line in map(str.strip, lines) if line])


# Descriptions are read up to this many characters: a posting is a few KB, and what follows a
# wall of 50,000 characters is boilerplate or junk. One limit, so every tagger reads the same
# text (and `normalize`'s cache sees the same slice).
SCAN_CHARS = 50_000


# A sentence's end: its punctuation and the spaces after it (the spaces are dropped).
_SENTENCE_END = re.compile(r"([.!?\u3002])\s+")


def _abbreviation(before: str) -> bool:
    """Does `before` (the text up to a period) end in a word of one or two letters ("U.S", "e.g", "Dr")?"""
    end = start = len(before)
    while start > 0 and end - start < 3 and (before[start - 1].isalnum() or before[start - 1] == "_"):
        start -= 1
    return 1 <= end - start <= 2 and (start == 0 or before[start - 1] == "." or before[start - 1].isspace())


# Lines up to this long are memoized (paragraphs recur across postings); longer ones are split
# afresh, so a night of giant one-line descriptions cannot fill memory with memo keys.
MEMO_CHARS = 2_000


def _split_line(line: str) -> tuple[str, ...]:
    pieces = _SENTENCE_END.split(line)
    out: list[str] = []
    current = [pieces[0]]
    for i in range(1, len(pieces), 2):
        if pieces[i] == "." and _abbreviation(current[-1]):
            current += [".", " ", pieces[i + 1]]
        else:
            out.append("".join(current) + pieces[i])
            current = [pieces[i + 1]]
    if current != [""]:
        out.append("".join(current))
    return tuple(out)


_line_segments = functools.lru_cache(maxsize=65_536)(_split_line)


def segments(text: str) -> list[str]:
    """A plain-text description (up to SCAN_CHARS) as its sentences and lines, in order.

    A sentence ends at ".", "!", "?" or "\u3002" followed by whitespace, but not after a word of
    one or two letters ("U.S. citizens", "Ph.D. students", "e.g. Python" stay whole). The
    taggers read a description segment by segment: no phrase they look for spans two
    sentences, and a sentence that appears in many postings (benefits, equal opportunity,
    "about us") is tagged once per process (`pipelines.tagging.tag_postings`).
    """
    out: list[str] = []
    for line in text[:SCAN_CHARS].split("\n"):
        line = line.strip()
        if line:
            out.extend(_line_segments(line) if len(line) <= MEMO_CHARS else _split_line(line))
    return out


def normalized_segments(description_text: Any) -> list[str]:
    """`normalize()`d segments of a plain-text description (any value; missing gives [])."""
    return [normalize(part) for part in segments(as_text(description_text))]


def is_missing(value: Any) -> bool:
    """None, NaN and pandas' NA/NaT: values that mean "no data" and must not become "nan"."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


def as_text(value: Any) -> str:
    """Any field value as one string: missing -> "", bytes decoded, lists joined, the rest str()."""
    if is_missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, (list, tuple)):
        return " ".join(filter(None, (as_text(v) for v in value)))
    return str(value)


def html_to_text(s: Any) -> str:
    """Plain text of an HTML, HTML-escaped HTML (Greenhouse `&lt;p&gt;`) or plain-text string.

    Block elements become line breaks, entities are decoded, script/style content is dropped.
    Never raises; None gives "". Ordinary markup (tags and entities only) is read with two
    regexes; comments, CDATA, script/style and anything the regexes leave behind go through
    html.parser, which gives the same text (tests/tagging/test_text.py compares them).
    """
    text = as_text(s)
    if not text:
        return ""
    # Greenhouse sends its HTML escaped once more; undo that before parsing, but only when the
    # string has no real tags (an HTML page that merely *shows* "&lt;" must stay as it is).
    if "&lt;" in text and not _REAL_TAG.search(text):
        text = html.unescape(text)
    if not _REAL_TAG.search(text):
        # Plain text: no parser needed, just entities and whitespace.
        return _tidy(html.unescape(text))
    fast = None if _PARSER_ONLY.search(text) else _regex_markup_text(text)
    return fast if fast is not None else _parsed_markup_text(text)


def _regex_markup_text(text: str) -> str | None:
    """html_to_text of markup made of tags and entities only, by regex; None if anything else is left."""
    stripped = _TAG.sub("", _BLOCK_TAG.sub("\n", _STRAY_LT.sub("&lt;", text)))
    return None if "<" in stripped else _tidy(html.unescape(stripped))


def _parsed_markup_text(text: str) -> str:
    """html_to_text of markup by html.parser (comments, CDATA, script/style and all the rest)."""
    parser = _TextExtractor()
    try:
        parser.feed(_STRAY_LT.sub("&lt;", text))
        parser.close()
    except AssertionError:
        # html.parser asserts on malformed marked sections ("<![foo]>"): strip tags the crude way.
        return _tidy(html.unescape(re.sub(r"<[^<>]{0,2000}>", " ", text)))
    return _tidy("".join(parser.parts))


def fold(s: str) -> str:
    """Casefold and drop accents (München -> munchen) while keeping non-Latin scripts intact."""
    if not s.isascii():
        # NFKD splits letters from their accents; recomposing (NFC) keeps Hangul syllables whole.
        # Most non-Latin names (Cyrillic, CJK) have nothing to split: skip the costly round trip.
        decomposed = unicodedata.normalize("NFKD", s)
        if decomposed != s or _COMBINING.search(s):
            s = unicodedata.normalize("NFC", _COMBINING.sub("", decomposed))
    return s.casefold()


def normalize(s: Any) -> str:
    """Text for matchers: str-coerced, accent-insensitive, casefolded, single-spaced, plain apostrophes."""
    return _normalize_text(s) if isinstance(s, str) else _normalize_text(as_text(s))


# Each tagger normalizes the same title and description again (about four times per posting); a
# small cache of the latest texts keeps that to once without holding a night's postings.
@functools.lru_cache(maxsize=64)
def _normalize_text(s: str) -> str:
    # A typographic apostrophe reads as a plain one ("you’ll", "master’s").
    return " ".join(fold(s).split()).replace("\u2019", "'")

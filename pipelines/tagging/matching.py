"""One keyword scan per text instead of one regex scan per rule: the tagger's matching engine.

Python's `re` tries a pattern at every position of a text, and the taggers hold about a hundred
patterns, so a naive tagger scans each description about a hundred times. `Gated` wraps one
compiled pattern and works out, from the pattern itself, the literal strings every match must
start with (`literal_prefixes`: "\\bmachine learning\\b|\\bml\\b" starts with "machine learning" or
"ml"). The prefixes of every `Gated` pattern go into one Aho-Corasick automaton (pyahocorasick,
C), which finds all of them in a text in a single pass; that scan is cached per text, so the
taggers reading the same title or description share it. A pattern then runs only where one of
its prefixes occurs, as `pattern.match(text, pos)`, and not at all when none occurs.

Results are exactly those of the plain pattern: `search`, `finditer` and `sub` try the same
positions in the same order as `re` would, minus positions where no match can start (the
look-behinds and `\\b` of a match at `pos` still see the text before `pos`). Patterns whose
matches can start anywhere (a leading `\\w*`, a negated class, `\\d`) run unscanned. Start
strings from case-insensitive parts of a pattern are looked up in a case-folded copy of the text
(`fold_case`; such patterns run plainly on the rare texts where folding changes the length), and
scans see every whitespace character as a plain space. `PatternSet` answers for several patterns
at once whether any can match a text. tests/tagging/test_matching.py checks the equivalence,
also on arbitrary Unicode. The start strings are read from the parse tree of CPython's own
regex compiler (`re._parser`, Python 3.11+).

`plain_matching()` switches the engine off (every pattern runs over the whole text, as `re`
does): the naive baseline of `make bench-tag`, and the reference the tests compare against.
"""

from __future__ import annotations

import contextlib
import functools
import re
import re._casefix as _casefix  # noqa: PLC2701 - the table re itself uses for case-insensitive matching
import re._constants as _sre  # noqa: PLC2701
import re._parser as _parser  # noqa: PLC2701
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ahocorasick

# Start strings stop growing when a pattern would have more than this many (the automaton would
# grow for little gain); the shorter strings they have by then still find every match.
MAX_PREFIXES = 400
# Prefixes are cut at this length: longer ones find the same positions at a higher build cost.
MAX_PREFIX_CHARS = 12
# Character classes up to this many characters are expanded ("[- ]" -> "-", " ").
_MAX_CLASS = 12

_EXACT, _FOLDED = 0, 1
_ZERO_WIDTH = frozenset({_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT})
_REPEATS = frozenset({_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT})


class _Unbounded(Exception):
    """A pattern's matches can start with too many strings (or any character)."""


# -- how texts are scanned -------------------------------------------------------------------------

def _fold_table() -> dict[int, int]:
    """Characters that re's IGNORECASE treats as one ("s", "ſ"; "k", "K" Kelvin) -> one representative."""
    table = {}
    for low, others in _casefix._EXTRA_CASES.items():
        group = (low, *others)
        for code in group:
            table[code] = min(group)
    return table


# Every character `\s` matches (str patterns): scans see each as one plain space, so a pattern's
# `\s+` becomes a known start character.
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_FOLD = {**{chr(k): chr(v) for k, v in _fold_table().items() if k != v}, **{c: " " for c in _SPACES if c != " "}}
# Characters a scan rewrites; most texts have only a few newlines among them, so a substitution
# (C, per occurrence) beats str.translate (per character).
_FOLD_CHARS = re.compile("[" + re.escape("".join(_FOLD)) + "]")
_ODD_SPACE = re.compile("[" + re.escape(_SPACES.replace(" ", "")) + "]")


def _to_fold(match: re.Match[str]) -> str:
    return _FOLD[match.group()]


def fold_case(text: str) -> str:
    """The text as case-insensitive patterns see it: lower-cased, re's extra case pairs merged,
    whitespace as plain spaces."""
    return _FOLD_CHARS.sub(_to_fold, text.lower())


@functools.lru_cache(maxsize=64)
def _spaced(text: str) -> str:
    """The text as case-sensitive patterns see it: whitespace as plain spaces."""
    return _ODD_SPACE.sub(" ", text)


@functools.lru_cache(maxsize=64)
def _folded_text(text: str) -> str | None:
    """fold_case(text), or None when folding changes its length (positions would not line up)."""
    folded = fold_case(text)
    return folded if len(folded) == len(text) else None


# -- start strings of a pattern ----------------------------------------------------------------------

# A state: (prefix so far, can still grow, holds a case-insensitive character).
_State = tuple[str, bool, bool]


def _char(c: str, icase: bool) -> str:
    if c.isspace():
        return " "
    return fold_case(c) if icase else c


def _class_chars(items: list, icase: bool) -> list[str]:
    chars: list[str] = []
    for op, arg in items:
        if op is _sre.LITERAL:
            chars.append(chr(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < _MAX_CLASS:
            chars.extend(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op is _sre.CATEGORY and arg is _sre.CATEGORY_SPACE:
            chars.append(" ")
        else:
            # NEGATE, other categories (\w, \d), a wide range: too many characters to list.
            raise _Unbounded
        if len(chars) > _MAX_CLASS:
            raise _Unbounded
    return list(dict.fromkeys(_char(c, icase) for c in chars))


def _extend(states: set[_State], chars: list[str], icase: bool) -> set[_State]:
    out = set()
    for prefix, open_, folded in states:
        if open_ and len(prefix) < MAX_PREFIX_CHARS:
            out.update((prefix + c, True, folded or icase) for c in chars)
        else:
            out.add((prefix, False, folded))
    return _shrink(out)


def _closed(states: set[_State]) -> set[_State]:
    return {(prefix, False, folded) for prefix, _, folded in states}


def _shrink(states: set[_State]) -> set[_State]:
    """At most MAX_PREFIXES states: cut the longest prefixes shorter (and stop them growing) until
    few enough remain. A shorter prefix finds a superset of the same positions, so this is safe."""
    while len(states) > MAX_PREFIXES:
        longest = max(len(prefix) for prefix, _, _ in states)
        states = {(prefix[:longest - 1], open_ and len(prefix) < longest - 1, folded)
                  for prefix, open_, folded in states}
    return states


def _walk(items: Any, states: set[_State], icase: bool) -> set[_State]:
    """The states after a sequence of parsed pattern items."""
    for op, arg in items:
        if not any(open_ for _, open_, _ in states):
            break
        if op in _ZERO_WIDTH:
            continue  # \b, look-arounds: consume nothing; the match at pos checks them
        if op is _sre.LITERAL:
            states = _extend(states, [_char(chr(arg), icase)], icase)
        elif op is _sre.IN:
            try:
                states = _extend(states, _class_chars(arg, icase), icase)
            except _Unbounded:
                states = _closed(states)
        elif op is _sre.BRANCH:
            merged: set[_State] = set()
            for alternative in arg[1]:
                merged |= _walk(alternative, states, icase)
            states = _shrink(merged)
        elif op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = arg
            scoped = (icase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
            states = _walk(sub, states, scoped)
        elif op is _sre.ATOMIC_GROUP:
            states = _walk(arg, states, icase)
        elif op in _REPEATS:
            low, high, sub = arg
            once = _walk(sub, states, icase)
            if high != 1:
                once = _closed(once)
            states = _shrink((states | once) if low == 0 else once)
        else:
            # ANY, NOT_LITERAL, GROUPREF, ...: the next character is not a known literal.
            states = _closed(states)
    return states


def literal_prefixes(pattern: re.Pattern[str]) -> tuple[frozenset[str], frozenset[str]] | None:
    """Strings every match starts with: (case-sensitive ones, case-folded ones), or None.

    A prefix holding a character of a case-insensitive part of the pattern is case-folded
    (`fold_case`) and looked up in the folded text. In both, whitespace is one plain space. Each
    set is minimal (no string starts with another of its set). None when some match can start
    with a character that cannot be listed (a leading `\\w*`, `.`, `[^x]`, `\\d`).
    """
    try:
        states = _walk(_parser.parse(pattern.pattern, pattern.flags), {("", True, False)},
                       bool(pattern.flags & re.IGNORECASE))
    except RecursionError:
        return None
    if not states or any(prefix == "" for prefix, _, _ in states):
        return None

    def minimal(prefixes: set[str]) -> frozenset[str]:
        kept: list[str] = []
        for prefix in sorted(prefixes, key=len):
            if not any(prefix.startswith(shorter) for shorter in kept):
                kept.append(prefix)
        return frozenset(kept)

    return (minimal({prefix for prefix, _, folded in states if not folded}),
            minimal({fold_case(prefix) for prefix, _, folded in states if folded}))


# -- the shared scan ----------------------------------------------------------------------------------

_REGISTRY: list[Gated] = []
_plain = False


_AUTOMATA: dict[tuple[int, int], ahocorasick.Automaton | None] = {}


def _automaton(mode: int, size: int) -> ahocorasick.Automaton | None:
    """All registered prefixes of one mode (exact or folded); rebuilt when patterns are added.

    A compiled matcher, kept for the process like the compiled patterns (not a memo of inputs)."""
    key = (mode, size)
    if key not in _AUTOMATA:
        _AUTOMATA[key] = _build_automaton(mode, size)
    return _AUTOMATA[key]


def _build_automaton(mode: int, size: int) -> ahocorasick.Automaton | None:
    words: dict[str, set[int]] = {}
    for gated in _REGISTRY[:size]:
        for prefix in (gated.folded if mode == _FOLDED else gated.exact):
            words.setdefault(prefix, set()).add(gated.id)
    if not words:
        return None
    automaton = ahocorasick.Automaton()
    for word, ids in words.items():
        automaton.add_word(word, (len(word) - 1, tuple(sorted(ids))))
    automaton.make_automaton()
    return automaton


# The same title and description are scanned by every tagger: keep the latest few scans. The
# registry size is part of the key, so a pattern added later is never looked up in an old scan.
@functools.lru_cache(maxsize=64)
def _scan_text(text: str, mode: int, size: int) -> dict[int, list[int]] | None:
    """Pattern id -> start positions (ascending) of its prefixes in `text`; None: run everything plainly."""
    text = _folded_text(text) if mode == _FOLDED else _spaced(text)
    if text is None:
        return None
    automaton = _automaton(mode, size)
    starts: dict[int, list[int]] = {}
    if automaton is None or not text:
        return starts
    for end, (back, ids) in automaton.iter(text):
        start = end - back
        for pattern_id in ids:
            found = starts.get(pattern_id)
            if found is None:
                starts[pattern_id] = [start]
            else:
                found.append(start)
    for found in starts.values():
        if len(found) > 1:
            found.sort()
    return starts


# The latest scan per mode: the taggers ask about the same text many times in a row, and an
# identity check is cheaper than the lru_cache's hashing of (text, mode, size).
_LATEST: list[tuple[str | None, int, dict[int, list[int]] | None]] = [(None, -1, None), (None, -1, None)]


def _scan(text: str, mode: int) -> dict[int, list[int]] | None:
    size = len(_REGISTRY)
    latest_text, latest_size, latest = _LATEST[mode]
    if latest_text is text and latest_size == size:
        return latest
    found = _scan_text(text, mode, size)
    _LATEST[mode] = (text, size, found)
    return found


class Gated:
    """A compiled pattern that runs only where a match can start; same results as the pattern.

    `Gated(re.compile(...))` or `gated(r"...", flags)`. Offers `search`, `finditer`, `sub` and
    `pattern` (the compiled pattern, for anything else).
    """

    __slots__ = ("pattern", "scanned", "exact", "folded", "id")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        found = literal_prefixes(pattern)
        self.scanned = found is not None
        self.exact, self.folded = found if found is not None else (frozenset(), frozenset())
        self.id = len(_REGISTRY)
        _REGISTRY.append(self)

    def __repr__(self) -> str:
        return f"Gated({self.pattern.pattern!r})"

    def _starts(self, text: str) -> list[int] | None:
        """Candidate start positions (ascending), [] for none, or None to run the plain pattern."""
        if _plain or not self.scanned:
            return None
        starts = _scan(text, _EXACT).get(self.id) if self.exact else None
        if self.folded:
            scan = _scan(text, _FOLDED)
            if scan is None:
                return None
            more = scan.get(self.id)
            if more:
                starts = sorted({*starts, *more}) if starts else more
        return starts or []

    def search(self, text: str) -> re.Match[str] | None:
        starts = self._starts(text)
        if starts is None:
            return self.pattern.search(text)
        match = self.pattern.match
        for start in starts:
            found = match(text, start)
            if found is not None:
                return found
        return None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        starts = self._starts(text)
        if starts is None:
            yield from self.pattern.finditer(text)
            return
        match = self.pattern.match
        after = 0
        for start in starts:
            if start < after:
                continue
            found = match(text, start)
            if found is not None:
                yield found
                # Prefixes are never empty, so neither is a match: go on after it, as re does.
                after = found.end()

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str) -> str:
        starts = self._starts(text)
        if starts is None:
            return self.pattern.sub(repl, text)
        parts: list[str] = []
        at = 0
        for found in self.finditer(text):
            parts.append(text[at:found.start()])
            parts.append(repl(found) if callable(repl) else found.expand(repl))
            at = found.end()
        if not parts:
            return text
        parts.append(text[at:])
        return "".join(parts)


class PatternSet:
    """Several Gated patterns asked about the same text: `possible(text)` is False when the scan
    found a start for none of them, so a tagger can skip them all at once (a set test instead
    of a call per pattern). Under plain_matching it is always True."""

    __slots__ = ("exact_ids", "folded_ids", "always")

    def __init__(self, patterns: Iterable[Gated | None]) -> None:
        patterns = [p for p in patterns if p is not None]
        self.exact_ids = frozenset(p.id for p in patterns if p.exact)
        self.folded_ids = frozenset(p.id for p in patterns if p.folded)
        self.always = any(not p.scanned for p in patterns)

    def possible(self, text: str) -> bool:
        if _plain or self.always:
            return True
        if self.exact_ids and not self.exact_ids.isdisjoint(_scan(text, _EXACT)):
            return True
        if self.folded_ids:
            scan = _scan(text, _FOLDED)
            return scan is None or not self.folded_ids.isdisjoint(scan)
        return False


def gated(pattern: str, flags: int = 0) -> Gated:
    """`Gated(re.compile(pattern, flags))`."""
    return Gated(re.compile(pattern, flags))


@contextlib.contextmanager
def plain_matching() -> Iterator[None]:
    """Within the block every Gated pattern runs as its plain regex over the whole text."""
    global _plain
    previous, _plain = _plain, True
    try:
        yield
    finally:
        _plain = previous

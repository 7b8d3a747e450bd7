"""Skills named in a posting, as canonical ids from the `skills.yaml` taxonomy."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, NamedTuple

from pipelines.datafiles import read_yaml

from pipelines.tagging.matching import Gated, PatternSet, gated
from pipelines.tagging.text import as_text, segments

SKILLS_FILE = Path(__file__).parent / "skills.yaml"

# "In a list" context for names that are ordinary words or letters (R, Go, C). Python needs
# fixed-width look-behinds, hence one per separator.
_BEFORE = r"(?:(?<=[,/(;:])|(?<=[,/(;:]\s)|(?<=\bor\s)|(?<=\band\s)|(?<=\bin\s)|(?<=\bwith\s)|(?<=\busing\s))"
_AFTER = r"(?=\s*[,/);]|\s+(?:or|and)\s|\s*$|\.(?:\s|$))"


class Skill(NamedTuple):
    """One taxonomy entry."""

    id: str
    name: str
    aliases: tuple[str, ...]
    patterns: tuple[str, ...]


class _Matcher(NamedTuple):
    aliases: Gated
    alias_skills: dict[str, frozenset[str]]  # normalized alias -> skill ids
    patterns: Gated
    pattern_groups: dict[str, str]  # regex group name -> skill id
    order: dict[str, int]  # skill id -> taxonomy position
    both: PatternSet


def _alias_key(s: str) -> str:
    return " ".join(s.casefold().split())


@functools.cache
def taxonomy() -> tuple[Skill, ...]:
    """The skills of `skills.yaml`, in file order."""
    data = read_yaml(SKILLS_FILE)
    return tuple(
        Skill(str(s["id"]), str(s.get("name") or s["id"]),
              tuple(str(a) for a in s.get("aliases") or ()), tuple(str(p) for p in s.get("patterns") or ()))
        for s in data["skills"]
    )


def _trie_regex(phrases: list[str]) -> str:
    """One regex for many phrases, shaped as a prefix tree: "py(?:thon3?|torch|spark)".

    Python's re tries alternatives one by one at every position; a flat alternation of ~150
    aliases cost ~12 ms per 5 KB description, the tree a fraction of that. A space in a phrase
    matches any run of whitespace.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [(r"\s+" if char == " " else re.escape(char)) + emit(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # Greedy optional: the longer alias is tried first, the look-ahead can still back off.
            return f"(?:{body})?" if len(branches) == 1 else body + "?"
        return body

    return emit(trie)


@functools.cache
def _matcher() -> _Matcher:
    """Two regexes for the whole taxonomy: all aliases (case-insensitive) and all patterns.

    Kept apart because one alternation of both runs every pattern's look-behinds at every
    position; apart, each regex can skip ahead cheaply.
    """
    alias_skills: dict[str, set[str]] = {}
    for skill in taxonomy():
        for alias in skill.aliases:
            alias_skills.setdefault(_alias_key(alias), set()).add(skill.id)
    # Edges are "not a word character" rather than \b, so "c++", "c#" and ".net" match too, and
    # "java" never matches inside "javascript" nor "c++" inside "c+++".
    aliases = gated(r"(?<![\w.+#])(?i:" + _trie_regex(sorted(alias_skills)) + r")(?![\w+#])")
    branches = []
    pattern_groups: dict[str, str] = {}
    for skill in taxonomy():
        for pattern in skill.patterns:
            name = f"p{len(pattern_groups)}"
            pattern_groups[name] = skill.id
            branches.append(f"(?P<{name}>" + pattern.replace("{BEFORE}", _BEFORE).replace("{AFTER}", _AFTER) + ")")
    # Every pattern names a word, so it can only start where a word starts.
    patterns = gated(r"(?<![A-Za-z])(?=[A-Za-z])(?:" + "|".join(branches or ["(?!)"]) + ")")
    order = {skill.id: i for i, skill in enumerate(taxonomy())}
    return _Matcher(aliases, {k: frozenset(v) for k, v in alias_skills.items()}, patterns, pattern_groups, order,
                    PatternSet((aliases, patterns)))


def skill_ids(text: str) -> frozenset[str]:
    """Canonical skill ids named in one text (a title, a description segment)."""
    matcher = _matcher()
    if not matcher.both.possible(text):
        return frozenset()
    found: set[str] = set()
    for match in matcher.aliases.finditer(text):
        found.update(matcher.alias_skills.get(_alias_key(match.group(0)), ()))
    for match in matcher.patterns.finditer(text):
        found.add(matcher.pattern_groups[match.lastgroup])
    return frozenset(found)


def in_taxonomy_order(ids: set[str] | frozenset[str]) -> list[str]:
    """Skill ids sorted as the taxonomy lists them."""
    return sorted(ids, key=_matcher().order.__getitem__)


def extract_skills(text: Any) -> list[str]:
    """Canonical skill ids mentioned in `text`, in taxonomy order, each once.

    The text is read segment by segment (sentences and lines, `text.segments`), as the tagger
    reads a description.
    """
    found: set[str] = set()
    for segment in segments(as_text(text)):
        found |= skill_ids(segment)
    return in_taxonomy_order(found)

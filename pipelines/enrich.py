"""Clean postings to tagged postings: the same tagging code `internradar tag` runs."""

from __future__ import annotations

import pandas as pd

from typing import Callable

from pipelines.tagging import TAG_FIELDS, TAGGER_VERSION, tag_postings


def tagger_input(row: dict) -> dict:
    """The `internradar tag` input shape for one clean posting row."""
    return {
        "title": row.get("title"),
        "company": row.get("company"),
        "location": list(row.get("locations") or []),
        "description": row.get("description_text"),
        "employment_type": row.get("employment_type"),
        "department": row.get("department"),
        "workplace_type": row.get("workplace_type"),
        "compensation": row.get("compensation"),
    }


def tag_frame(clean: pd.DataFrame) -> pd.DataFrame:
    """Add every tag column (and the tagger version) to a frame of clean postings."""
    records = clean.to_dict("records")
    tags = tag_postings([tagger_input(r) for r in records])
    tagged = clean.copy()
    for name in TAG_FIELDS:
        tagged[name] = pd.Series([t[name] for t in tags], index=clean.index, dtype=object)
    tagged["tagger_version"] = TAGGER_VERSION
    return tagged


def versions_to_tag(
    mapped: pd.DataFrame,
    stored: dict[tuple[str, str], str],
    load_stale: Callable[[list[tuple[str, str]]], pd.DataFrame],
    tagger_version: str | None = None,
) -> pd.DataFrame:
    """The clean postings a night must tag: mapped tonight and not held by the warehouse with
    this tagger version (default: the current one), plus versions the warehouse holds from
    another tagger version (`load_stale(pairs)` reads their clean fields). Everything else is
    tagged already."""
    tagger_version = tagger_version or TAGGER_VERSION
    pairs = list(zip(mapped["posting_key"], mapped["content_hash"]))
    fresh = mapped[[stored.get(p) != tagger_version for p in pairs]]
    mapped_pairs = set(pairs)
    stale = sorted(p for p, version in stored.items() if version != tagger_version and p not in mapped_pairs)
    if not stale:
        return fresh.reset_index(drop=True)
    return pd.concat([fresh, load_stale(stale)], ignore_index=True)

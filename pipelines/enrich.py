"""Clean postings to tagged postings: the same tagging code `internradar tag` runs."""

from __future__ import annotations

import pandas as pd

from pipelines.tagging import TAG_FIELDS, TAGGER_VERSION, tag_night


def tagger_input(row: dict) -> dict:
    """The `internradar tag` input shape for one clean posting row, plus its `source` and the
    source's configured industry (`source_industry`, from a sources-file `industry:`)."""
    return {
        "source": row.get("source"),
        "source_industry": row.get("source_industry"),
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
    """Add every tag column (and the tagger version) to a frame of clean postings.

    Each posting is tagged on its own, then each employer's industry is decided once for the
    night from all its postings (`tag_night`: grouped by company name, whichever board a posting
    came from; a company is one company), and a sources-file `industry:` wins."""
    records = clean.to_dict("records")
    tags = tag_night([tagger_input(r) for r in records])
    tagged = clean.copy()
    for name in TAG_FIELDS:
        tagged[name] = pd.Series([t[name] for t in tags], index=clean.index, dtype=object)
    tagged["tagger_version"] = TAGGER_VERSION
    return tagged

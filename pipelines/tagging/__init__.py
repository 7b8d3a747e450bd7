"""Tagging of job postings: internship?, AI/ML?, industry, work mode, places and skills.

Pure Python (no Dagster or Scrapy): the Dagster pipeline and `internradar tag` both call
`tag_postings`, so a posting is tagged the same way wherever it is tagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pipelines.tagging.aiml import ai_ml_score, is_ai_ml
from pipelines.tagging.industry import classify_industry
from pipelines.tagging.internship import is_internship
from pipelines.tagging.places import location_strings, resolve_locations
from pipelines.tagging.remote import remote_mode
from pipelines.tagging.skills import extract_skills
from pipelines.tagging.text import as_text, html_to_text

TAGGER_VERSION = "0.1.0"
TAG_FIELDS = ("is_internship", "is_ai_ml", "ai_ml_score", "industry", "industries", "remote", "places", "skills")
# Raw descriptions past this are truncated before parsing: a posting is a few KB, and 1 MB of
# markup must not cost more than a blink.
MAX_DESCRIPTION_CHARS = 300_000

__all__ = ["TAGGER_VERSION", "TAG_FIELDS", "tag_posting", "tag_postings"]


def tag_posting(posting: Mapping) -> dict[str, Any]:
    """The tag fields (TAG_FIELDS) of one posting; the caller merges them into the posting.

    Input keys, all optional: title, company, location (str or list), description (HTML,
    escaped HTML or text), employment_type, department.
    """
    fields = posting if isinstance(posting, Mapping) else {}
    title = as_text(fields.get("title"))
    company = as_text(fields.get("company"))
    department = as_text(fields.get("department"))
    employment_type = as_text(fields.get("employment_type"))
    description = html_to_text(as_text(fields.get("description"))[:MAX_DESCRIPTION_CHARS])
    locations = location_strings(fields.get("location"))

    places = resolve_locations(locations)
    score = ai_ml_score(title, description)
    industry, industries = classify_industry(company, title, description, department)
    return {
        "is_internship": is_internship(title, description, employment_type),
        "is_ai_ml": is_ai_ml(score),
        "ai_ml_score": score,
        "industry": industry,
        "industries": industries,
        "remote": remote_mode(locations, title, description, places=places),
        "places": places,
        "skills": extract_skills("\n".join((title, description))),
    }


def tag_postings(postings: Iterable[Mapping]) -> list[dict[str, Any]]:
    """tag_posting for each posting, in order (location and company lookups are cached)."""
    return [tag_posting(posting) for posting in postings or ()]

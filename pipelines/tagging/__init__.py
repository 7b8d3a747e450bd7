"""Tagging of job postings: internship?, AI/ML?, industry, work mode, places, skills and the
facts students ask about (return offer, visa, pay, season, degree, salary).

Pure Python (no Dagster or Scrapy): the Dagster pipeline and `internradar tag` both call
`tag_postings`, so a posting is tagged the same way wherever it is tagged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pipelines.tagging.aiml import ai_ml_score, is_ai_ml, role_family
from pipelines.tagging.facts import FACT_FIELDS, student_facts
from pipelines.tagging.industry import decide_industry
from pipelines.tagging.internship import is_internship
from pipelines.tagging.places import location_strings, resolve_locations
from pipelines.tagging.remote import remote_mode
from pipelines.tagging.skills import extract_skills
from pipelines.tagging.text import SCAN_CHARS, as_text, html_to_text

TAGGER_VERSION = "0.2.0"
TAG_FIELDS = (
    "is_internship", "is_ai_ml", "ai_ml_score", "industry", "industries", "remote", "places", "skills",
    "role_family", "industry_evidence", *FACT_FIELDS,
)
# Raw descriptions past this are truncated before parsing: a posting is a few KB, and 1 MB of
# markup must not cost more than a blink.
MAX_DESCRIPTION_CHARS = 300_000
# Titles, company names and the like are a few words; past this they are junk, cut so a
# megabyte "title" cannot stall the title regexes.
MAX_FIELD_CHARS = 2_000

__all__ = ["TAGGER_VERSION", "TAG_FIELDS", "tag_posting", "tag_postings"]


def tag_posting(posting: Mapping) -> dict[str, Any]:
    """The tag fields (TAG_FIELDS) of one posting; the caller merges them into the posting.

    Input keys, all optional: title, company, location (str or list), description (HTML,
    escaped HTML or text), employment_type, department, workplace_type (the platform's
    remote/hybrid/onsite flag, which wins over text when present), compensation (the
    platform's pay line, which wins over pay found in the description).

    role_family is one of aiml.ROLE_FAMILIES ("other" for postings that are not AI/ML);
    industry_evidence is a list of strings naming what decided the primary industry. The
    student facts are `facts.FACT_FIELDS`.
    """
    fields = posting if isinstance(posting, Mapping) else {}
    title = as_text(fields.get("title"))[:MAX_FIELD_CHARS]
    company = as_text(fields.get("company"))[:MAX_FIELD_CHARS]
    department = as_text(fields.get("department"))[:MAX_FIELD_CHARS]
    employment_type = as_text(fields.get("employment_type"))[:MAX_FIELD_CHARS]
    description = html_to_text(as_text(fields.get("description"))[:MAX_DESCRIPTION_CHARS])
    locations = location_strings(fields.get("location"))

    places = resolve_locations(locations)
    score = ai_ml_score(title, description)
    decision = decide_industry(company, title, description, department)
    ai_ml = is_ai_ml(score)
    return {
        "is_internship": is_internship(title, description, employment_type),
        "is_ai_ml": ai_ml,
        "ai_ml_score": score,
        "industry": decision.industry,
        "industries": decision.industries,
        "remote": remote_mode(locations, title, description, places=places,
                              workplace_type=fields.get("workplace_type")),
        "places": places,
        # The same raw text student_facts reads (degrees, salary): one keyword scan for both.
        "skills": extract_skills("\n".join(filter(None, (title, employment_type, description[:SCAN_CHARS])))),
        "role_family": role_family(title, description, ai_ml),
        "industry_evidence": decision.evidence,
        **student_facts(title, description, employment_type, fields.get("compensation")),
    }


def tag_postings(postings: Iterable[Mapping]) -> list[dict[str, Any]]:
    """tag_posting for each posting, in order (location and company lookups are cached)."""
    return [tag_posting(posting) for posting in postings or ()]

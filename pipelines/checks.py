"""Data-quality checks as plain functions over frames and run records (asset checks call these)."""

from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

INDUSTRY_SLUGS = (
    "information_technology", "finance", "healthcare", "logistics",
    "entrepreneurship", "human_resources", "other",
)
REQUIRED_FIELDS = ("title", "url", "company")


def sources_without_postings(runs: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Sources whose crawl failed or returned nothing, with the reason."""
    bad = {}
    for run in runs:
        if run.get("status") != "ok":
            bad[run["source"]] = run.get("error_message") or "crawl failed"
        elif not run.get("items"):
            bad[run["source"]] = "crawl succeeded but returned no postings"
    return bad


def failure_budget(total: int, failed: int, max_share: float) -> str | None:
    """Why a night failed as a whole (None if it did not): no sources at all, every source
    failed, or more than `max_share` of them."""
    if total == 0:
        return "no source was crawled"
    if failed == total:
        return f"all {total} sources failed"
    if failed / total > max_share:
        return f"{failed} of {total} sources failed ({failed / total:.0%}, more than the {max_share:.0%} allowed)"
    return None


def missing_required(frame: pd.DataFrame, fields: Iterable[str] = REQUIRED_FIELDS) -> dict[str, int]:
    """How many rows lack each required field (only fields with at least one miss)."""
    counts = {}
    for name in fields:
        if name not in frame.columns:
            counts[name] = len(frame)
            continue
        missing = int(frame[name].isna().sum() + (frame[name].astype(str).str.strip() == "").sum())
        if missing:
            counts[name] = missing
    return counts


def invalid_tags(frame: pd.DataFrame) -> dict[str, int]:
    """Rows whose tags break the contract: unknown industry slug, score outside 0..1."""
    problems = {}
    if len(frame):
        bad_industry = int((~frame["industry"].isin(INDUSTRY_SLUGS)).sum())
        bad_score = int((~frame["ai_ml_score"].astype(float).between(0, 1)).sum())
        if bad_industry:
            problems["industry"] = bad_industry
        if bad_score:
            problems["ai_ml_score"] = bad_score
    return problems


def duplicate_keys(frame: pd.DataFrame, key: str = "posting_key") -> list[str]:
    """Key values that occur more than once."""
    counts = frame[key].value_counts()
    return sorted(counts[counts > 1].index.tolist())

"""Real community-list listings (../shared) as the postings `cluster_postings` reads: places,
remote and season the way the tagger gives them to the warehouse."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from pipelines.tagging import tag_posting

LIST_BOARD = "Summer2025-Internships"


@lru_cache(maxsize=None)
def places_of(locations: tuple[str, ...]) -> tuple[tuple[tuple[str | None, str | None], ...], str | None]:
    """((city, country), ...) and the work mode the tagger reads from location strings."""
    tags = tag_posting({"title": "Intern", "location": list(locations)})
    return tuple((p["city"], p["country"]) for p in tags["places"]), tags["remote"]


def as_places(pairs: tuple[tuple[str | None, str | None], ...]) -> list[dict[str, str | None]]:
    return [{"city": city, "country": country} for city, country in pairs]


def listing_posting(listing: dict[str, Any], board: str = LIST_BOARD) -> dict[str, Any]:
    """One real listing as a posting of the `listings` platform."""
    places, remote = places_of(tuple(s.strip() for s in listing.get("locations") or [] if s.strip()))
    terms = listing.get("terms") or []
    return {
        "posting_key": f"listings:{board}:{listing['id']}",
        "platform": "listings",
        "company": listing["company_name"].strip(),
        "title": listing["title"].strip(),
        "url": listing.get("url") or None,
        "places": as_places(places),
        "first_seen": datetime.fromtimestamp(listing["date_posted"], UTC).date().isoformat(),
        "season": terms[0] if terms else None,
        "remote": remote,
    }

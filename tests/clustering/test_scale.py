"""All 5,960 real community-list listings (../shared) through cluster_postings in one call."""

from __future__ import annotations

import time

from pipelines.clustering import cluster_postings
from tests.clustering.real import LIST_BOARD, listing_posting


def as_postings(listings: list[dict], board=lambda listing: LIST_BOARD) -> list[dict]:
    postings: dict[str, dict] = {}
    for listing in listings:
        posting = listing_posting(listing, board(listing))
        postings.setdefault(posting["posting_key"], posting)  # two real ids are listed twice (both closed)
    return list(postings.values())


def test_all_real_listings_cluster_in_reasonable_time(simplify_listings: list[dict]):
    one_list = as_postings(simplify_listings)
    # The rows' contributors ("Simplify", "Markdown", a dozen users) as if each kept its own list,
    # so that fuzzy links across sources are tried too.
    by_contributor = as_postings(simplify_listings, lambda listing: f"{LIST_BOARD}-{listing['source']}")
    assert len(one_list) == len(by_contributor) == 5958
    for name, postings in (("one list", one_list), ("one list per contributor", by_contributor)):
        started = time.perf_counter()
        result = cluster_postings(postings)
        seconds = time.perf_counter() - started
        clusters = len(set(result.values()))
        print(f"\n{name}: {len(postings)} listings -> {clusters} clusters in {seconds:.2f}s")
        assert len(result) == len(postings)
        assert seconds < 10
        assert 0.95 * len(postings) < clusters < len(postings)  # real repeats exist, and are few

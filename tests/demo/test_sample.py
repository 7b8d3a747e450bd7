"""The bundled demo sample: the Greenhouse and community-list formats exactly, broad coverage, real
history, and the answers people look for (pay, return offers, one job counted once)."""

from __future__ import annotations

import html
import json
import urllib.error
import urllib.request
from datetime import UTC, date, datetime

import pytest
import yaml

from pipelines.clustering import cluster_postings, posting_ref
from pipelines.demo import build_sample
from pipelines.demo.sample import (NIGHTS, SAMPLE_DIR, board_payload, board_status, list_boards, listings_payload,
                                   listings_source)
from pipelines.demo.server import DemoServer
from pipelines.tagging import tag_posting
from scrapers.platforms import listings
from scrapers.platforms.greenhouse import map_response
from scrapers.sources import parse_sources

JOB_FIELDS = {"id", "title", "updated_at", "first_published", "location", "absolute_url", "content",
              "departments", "offices", "metadata"}
SLUGS = {"information_technology", "finance", "healthcare", "logistics", "entrepreneurship", "human_resources", "other"}


def all_jobs() -> list[tuple[str, dict]]:
    return [(b["board"], job) for b in list_boards()
            for job in json.loads((SAMPLE_DIR / "boards" / f"{b['board']}.json").read_text())["jobs"]]


def test_committed_sample_is_what_the_generator_writes():
    boards, schedule = build_sample.build()
    for board, payload in boards.items():
        assert json.loads((SAMPLE_DIR / "boards" / f"{board}.json").read_text()) == payload, board
    assert len(boards) == len(list_boards()) >= 10
    assert schedule["nights"] == NIGHTS >= 5
    rows, nights = build_sample.build_listings(boards, schedule)
    assert json.loads((SAMPLE_DIR / "listings.json").read_text()) == rows
    assert yaml.safe_load((SAMPLE_DIR / "schedule.yaml").read_text())["listings"]["rows"] == nights


def test_every_job_has_the_greenhouse_fields_and_escaped_html():
    for board, job in all_jobs():
        assert JOB_FIELDS <= set(job), (board, job["id"])
        assert isinstance(job["location"]["name"], str) and job["location"]["name"]
        # content is HTML that is itself HTML-escaped, as the real API serves it
        assert "<" not in job["content"] and "&lt;p&gt;" in job["content"]
        assert "<p>" in html.unescape(job["content"])


def test_coverage_industries_cities_internships_and_ai():
    assert {b["industry"] for b in list_boards()} == SLUGS
    tags = [tag_posting({"title": j["title"], "company": j["company_name"], "location": j["location"]["name"],
                         "description": j["content"]}) for _, j in all_jobs()]
    cities = {p["city"] for t in tags for p in t["places"] if p["city"]}
    assert {"Seoul", "Stockholm", "Singapore", "London"} <= cities
    assert len(cities - {"Seoul", "Stockholm", "Singapore", "London"}) >= 12
    interns = [t["is_internship"] for t in tags]
    ai = [t["is_ai_ml"] for t in tags]
    assert 0.25 < sum(interns) / len(tags) < 0.75
    assert 0.25 < sum(ai) / len(tags) < 0.85


def test_nights_have_history():
    per_night = [{j["id"]: j for j in board_payload("tidewaterpay", n)["jobs"]} for n in range(1, NIGHTS + 1)]
    everyone = [{j["id"]: j for b in list_boards() if board_status(b["board"], n) == 200
                 for j in board_payload(b["board"], n)["jobs"]} for n in range(1, NIGHTS + 1)]
    appeared = set(everyone[-1]) - set(everyone[0])
    disappeared = set(everyone[0]) - set(everyone[-1])
    edited = {i for i in everyone[0] if i in everyone[-1] and everyone[0][i]["title"] != everyone[-1][i]["title"]}
    assert appeared and disappeared and edited
    # One Data Scientist posting disappears for two nights and comes back.
    ds = [i for i, j in per_night[0].items() if j["title"] == "Data Scientist"][0]
    assert [ds in night for night in per_night] == [True, True, False, False, True, True]
    assert [board_status("kitedelivery", n) for n in range(1, NIGHTS + 1)].count(503) == 1


def test_payloads_map_cleanly():
    for b in list_boards():
        mapped = [map_response(json.dumps(board_payload(b["board"], n)), board=b["board"]) for n in range(1, NIGHTS + 1)]
        assert all(not errors for _, errors in mapped)
        assert any(postings for postings, _ in mapped)  # a board may open later than the first night


def test_bad_night_and_board_are_clear_errors():
    with pytest.raises(ValueError, match="outside 1..6"):
        board_payload("lumenlabs", 0)
    with pytest.raises(KeyError, match="unknown demo board 'nope'"):
        board_payload("nope", 1)


def test_demo_server_serves_one_night_at_a_time():
    with DemoServer() as server:
        server.set_night(1, date(2026, 11, 1))
        url = f"{server.base_url}/v1/boards/lumenlabs/jobs?content=true"
        with urllib.request.urlopen(url) as response:
            first = json.loads(response.read())
        assert response.status == 200 and first["meta"]["total"] == len(first["jobs"])
        server.set_night(4, date(2026, 11, 16))
        with pytest.raises(urllib.error.HTTPError) as down:
            urllib.request.urlopen(f"{server.base_url}/v1/boards/kitedelivery/jobs?content=true")
        assert down.value.code == 503


# -- what students look for ------------------------------------------------------------------------
def intern_tags() -> list[dict]:
    return [tag_posting({"title": j["title"], "company": j["company_name"], "location": j["location"]["name"],
                         "description": j["content"], "employment_type": "Intern"})
            for _, j in all_jobs() if j["metadata"][0]["value"] == "Intern"]


def test_internships_state_pay_in_several_currencies_and_periods():
    tags = intern_tags()
    paid = [t["paid"] for t in tags]
    salaries = [t["salary"] for t in tags if t["salary"]]
    assert paid.count("no") == 2 and paid.count("yes") >= 25 and "unknown" in paid
    assert {s["currency"] for s in salaries} >= {"GBP", "SGD", "USD", "SEK", "KRW", "EUR"}
    assert {s["period"] for s in salaries} == {"month", "hour"}
    assert any(s["min"] < s["max"] for s in salaries)  # ranges, not only single figures


def test_some_internships_offer_return_offers_and_welcome_beginners():
    tags = intern_tags()
    assert 5 <= sum(t["return_offer"] for t in tags) < len(tags)
    assert 3 <= sum(t["beginner_friendly"] for t in tags) < len(tags)


def test_one_job_is_on_two_boards_of_a_company():
    (original,) = [j for b, j in all_jobs() if b == "tidewaterpay" and j["title"].startswith("Data Science Intern")]
    (copy,) = [j for b, j in all_jobs() if b == "tidewaterasia" and j["title"].startswith("Data Science Intern")]
    assert copy["id"] != original["id"] and copy["absolute_url"] != original["absolute_url"]
    assert (copy["title"], copy["content"], copy["location"]) == (original["title"], original["content"],
                                                                   original["location"])
    assert copy["company_name"] == original["company_name"]


# -- the community list ------------------------------------------------------------------------------
def jobs_by_id() -> dict[int, tuple[str, dict]]:
    return {job["id"]: (board, job) for board, job in all_jobs()}


def test_most_list_rows_link_the_demo_postings_themselves():
    jobs, companies = jobs_by_id(), {b["company"] for b in list_boards()}
    rows = [r for r in listings_payload(NIGHTS) if r["active"] and r["is_visible"]]
    linked = [r for r in rows if posting_ref(r["url"])]
    for row in linked:
        platform, board, external_id = posting_ref(row["url"])
        job_board, job = jobs[int(external_id)]
        assert (platform, board) == ("greenhouse", job_board)
        assert row["url"] == job["absolute_url"]  # the very link the Greenhouse payload gives
        assert job["metadata"][0]["value"] == "Intern" and row["company_name"] == job["company_name"]
    unlinked = [r for r in rows if not posting_ref(r["url"])]
    reworded = [r for r in unlinked if r["company_name"] in companies]
    elsewhere = [r for r in unlinked if r["company_name"] not in companies]
    assert len(linked) >= 25 and len(reworded) == len(build_sample.LIST_REWORDED) and len(elsewhere) == 3
    assert all(".example/" in r["url"] for r in unlinked)  # made-up careers pages, on a reserved domain


def test_the_list_maps_cleanly_every_night():
    plan = yaml.safe_load((SAMPLE_DIR / "schedule.yaml").read_text())["listings"]["rows"]
    for night in range(1, NIGHTS + 1):
        result = listings.map_listings(listings_payload(night, date(2026, 11, 1)), board=listings_source()["board"])
        assert result.errors == [] and result.postings
        # Last year's closed row, and the rows of jobs that closed by tonight (lists keep them, inactive).
        closed = sum(1 for entry in plan.values() if min(entry["nights"]) <= night and night not in entry["nights"])
        assert dict(result.skipped) == {listings.INACTIVE: 1 + closed, listings.HIDDEN: 1}
    first, last = (listings_payload(n) for n in (1, NIGHTS))
    assert len(first) < len(last)  # rows are added as internships appear


def test_list_rows_are_dated_by_the_night_they_appear():
    plan = yaml.safe_load((SAMPLE_DIR / "schedule.yaml").read_text())["listings"]["rows"]
    late = next(row_id for row_id, entry in plan.items() if entry["nights"][0] == 4)
    (row,) = [r for r in listings_payload(6, date(2026, 11, 25)) if r["id"] == late]
    assert row["date_posted"] == int(datetime(2026, 11, 15, 9, tzinfo=UTC).timestamp())
    assert late not in {r["id"] for r in listings_payload(3)}


def test_demo_server_serves_the_list_as_a_source():
    with DemoServer() as server:
        server.set_night(2, date(2026, 11, 5))
        sources = parse_sources(server.sources(), "demo")
        (listing_source,) = [s for s in sources if s.platform == "listings"]
        assert listing_source.board == listings_source()["board"]
        assert len(sources) == len(list_boards()) + 1
        with urllib.request.urlopen(listing_source.url) as response:
            rows = json.loads(response.read())
        assert rows == listings_payload(2, date(2026, 11, 5))


def test_duplicates_across_sources_cluster_as_one_job():
    """Night 6 through the real mappers, the tagger and the clustering: every linked and every
    reworded list row joins its board posting, the job on two boards is one, nothing else joins."""
    night = NIGHTS
    mapped = [p for b in list_boards() for p in map_response(json.dumps(board_payload(b["board"], night)),
                                                             board=b["board"], company=b["company"])[0]]
    list_board = listings_source()["board"]
    rows = listings.map_listings(listings_payload(night), board=list_board).postings
    postings = []
    for p in mapped + rows:
        tags = tag_posting({"title": p.title, "company": p.company, "location": p.locations,
                            "description": p.description_html, "employment_type": p.employment_type})
        postings.append({"posting_key": p.posting_key, "platform": p.platform, "company": p.company,
                         "title": p.title, "url": p.url, "places": tags["places"], "first_seen": "2026-11-25",
                         "season": tags["season"], "remote": tags["remote"]})
    result = cluster_postings(postings)
    by_url = {p.url: p.posting_key for p in mapped}
    clusters: dict[str, list[str]] = {}
    for key, cluster_id in result.items():
        clusters.setdefault(cluster_id, []).append(key)
    for row in rows:
        cluster = clusters[result[row.posting_key]]
        if row.url in by_url:  # linked
            assert by_url[row.url] in cluster
        elif row.company in {b["company"] for b in list_boards()}:  # reworded: joins by its title, city, company
            assert len(cluster) == 2 and cluster[0].startswith("greenhouse:"), (row.title, cluster)
        else:  # a job no board has
            assert cluster == [row.posting_key]
    boards_joined = [c for c in clusters.values() if sum(k.startswith("greenhouse:") for k in c) > 1]
    assert len(boards_joined) == 1 and {k.split(":")[1] for k in boards_joined[0] if k.startswith("greenhouse:")} \
        == {"tidewaterpay", "tidewaterasia"}
    assert len(clusters) == len(postings) - len(rows) + 3 - 1  # every row but the 3 list-only ones joins a board's

"""Raw attempts to clean postings: mapping, HTML to text, dedup, failed sources, checks."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipelines import checks
from pipelines.cleaning import CLEAN_COLUMNS, clean_attempts, content_hash
from warehouse.reuse import sightings_by_source
from scrapers.rawlake import AttemptWriter, latest_attempts, source_dir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "greenhouse"
DATE = "2026-11-20"


def write_attempt(raw: Path, board: str, bodies: list[str], status="ok", attempt="20261120T020000000000Z", **meta):
    writer = AttemptWriter(source_dir(raw, DATE, "greenhouse", board), attempt)
    for body in bodies:
        writer.write({"source": f"greenhouse:{board}", "platform": "greenhouse", "board": board, "company": None,
                      "url": f"http://x/{board}", "status": 200, "fetched_at": "", "headers": {}, "body": body, "kind": "board"})
    writer.finish({"source": f"greenhouse:{board}", "platform": "greenhouse", "board": board, "status": status,
                   "items": 0, "errors": 0 if status == "ok" else 1, "error_message": meta.get("error_message"),
                   "requests": 1, "bytes": 10, "duration_s": 0.1, "started_at": "2026-11-20T02:00:00+00:00"})


def test_clean_maps_unescapes_and_hashes(tmp_path: Path):
    write_attempt(tmp_path, "hanbit", [(FIXTURES / "edge-cases.json").read_text()])
    result = clean_attempts(latest_attempts(tmp_path, DATE))
    frame = result.postings
    assert list(frame.columns) == CLEAN_COLUMNS
    assert len(frame) == 2
    intern = frame.set_index("external_id").loc["4100000001"]
    assert intern["description_text"] == "Build perception models for warehouse robots in Seoul."
    assert intern["posted_at"] == pd.Timestamp("2026-09-28T00:00:00Z")
    assert result.dropped == {"unmappable": 1}
    assert result.runs[0]["errors"] == 1  # the job without an id is counted against the source
    assert frame["content_hash"].is_unique


def test_failed_source_gives_a_run_and_no_postings(tmp_path: Path):
    write_attempt(tmp_path, "down", ["<html>503</html>"], status="failed", error_message="HTTP 503")
    result = clean_attempts(latest_attempts(tmp_path, DATE))
    assert result.postings.empty and list(result.postings.columns) == CLEAN_COLUMNS
    assert result.runs == [{"source": "greenhouse:down", "platform": "greenhouse", "board": "down", "status": "failed",
                            "items": 0, "errors": 1, "error_message": "HTTP 503", "requests": 1, "bytes": 10,
                            "duration_s": 0.1, "started_at": "2026-11-20T02:00:00+00:00",
                            "pages_fingerprint": None, "map_errors": 0, "source_industry": None}]


def test_duplicates_dropped_and_counted(tmp_path: Path):
    body = json.dumps({"jobs": [{"id": 1, "title": "ML Intern", "absolute_url": "u"}] * 2})
    write_attempt(tmp_path, "dupes", [body])
    result = clean_attempts(latest_attempts(tmp_path, DATE))
    assert len(result.postings) == 1 and result.dropped["duplicate_posting_key"] == 1


def test_latest_attempt_is_used(tmp_path: Path):
    write_attempt(tmp_path, "b", [json.dumps({"jobs": [{"id": 1, "title": "Old"}]})], attempt="20261120T010000000000Z")
    write_attempt(tmp_path, "b", [json.dumps({"jobs": [{"id": 1, "title": "New"}]})], attempt="20261120T030000000000Z")
    assert clean_attempts(latest_attempts(tmp_path, DATE)).postings["title"].tolist() == ["New"]


def test_content_hash_ignores_timestamps():
    row = {"title": "A", "company": "B", "url": "u", "locations": ["X"], "description_text": "d"}
    assert content_hash({**row, "updated_at": "2026-01-01"}) == content_hash({**row, "updated_at": "2026-02-01"})
    assert content_hash(row) != content_hash({**row, "title": "A2"})


def test_check_functions_catch_bad_data():
    frame = pd.DataFrame({"posting_key": ["a", "a", "b"], "title": ["t", None, " "], "url": ["u", "u", "u"],
                          "company": ["c", "c", "c"], "industry": ["finance", "banking", "other"],
                          "ai_ml_score": [0.5, 1.5, 0.0]})
    assert checks.duplicate_keys(frame) == ["a"]
    assert checks.missing_required(frame) == {"title": 2}
    assert checks.invalid_tags(frame) == {"industry": 1, "ai_ml_score": 1}
    runs = [{"source": "g:a", "status": "ok", "items": 3}, {"source": "g:b", "status": "ok", "items": 0},
            {"source": "g:c", "status": "failed", "items": 0, "error_message": "HTTP 503"}]
    assert checks.sources_without_postings(runs) == {"g:b": "crawl succeeded but returned no postings", "g:c": "HTTP 503"}


def test_a_source_with_known_pages_is_reused_not_mapped(tmp_path: Path):
    """Pages seen on an earlier night (same clean fingerprint) give that night's postings again."""
    write_attempt(tmp_path, "hanbit", [(FIXTURES / "edge-cases.json").read_text()])
    write_attempt(tmp_path, "other", [json.dumps({"jobs": [{"id": 7, "title": "Data Intern", "absolute_url": "u7"}]})])
    first = clean_attempts(latest_attempts(tmp_path, DATE))
    fingerprints = {r["source"]: r["pages_fingerprint"] for r in first.runs}
    earlier = sightings_by_source(first.sightings)
    asked = []

    def known(wanted):
        asked.append(wanted)
        return {"greenhouse:hanbit": (earlier["greenhouse:hanbit"], 1)}

    again = clean_attempts(latest_attempts(tmp_path, DATE), known=known)
    assert asked == [fingerprints]
    assert again.reused == ["greenhouse:hanbit"]
    assert again.postings["source"].unique().tolist() == ["greenhouse:other"]  # only the other one was mapped
    by_source = {r["source"]: r for r in again.runs}
    assert by_source["greenhouse:hanbit"]["errors"] == first.runs[0]["errors"] == 1  # the unmappable item, remembered
    assert again.sightings.sort_by("posting_key").to_pylist() == first.sightings.sort_by("posting_key").to_pylist()


def test_known_sources_read_from_the_warehouse_are_sighted_in_the_night_s_order(tmp_path: Path):
    """The warehouse hands a known source's sightings over as Arrow (warehouse.reuse.known_pages):
    the night's sightings are the rows mapping every page gave, in the same order (sources in
    turn, a known one's where it stands), a source known with no postings is known all the same,
    and the other source is still mapped."""
    import pyarrow as pa

    from warehouse.db import connect
    from warehouse.reuse import known_pages

    jobs = [_job(i, title) for i, title in enumerate(["ML Intern", "Data Intern", "AI Intern", "Vision Intern"])]
    write_attempt(tmp_path, "a", [json.dumps({"jobs": jobs[:3]})])
    write_attempt(tmp_path, "b", [json.dumps({"jobs": []})])
    write_attempt(tmp_path, "c", [json.dumps({"jobs": jobs[3:]})])
    first = clean_attempts(latest_attempts(tmp_path, DATE))
    con = connect(tmp_path / "w.duckdb")
    con.register("night_runs", pa.Table.from_pylist(first.runs))
    con.execute("insert into crawl_runs by name select * exclude (source_industry), ?::date as crawl_date from night_runs", [DATE])
    con.register("night_sightings", first.sightings)
    con.execute("insert into sightings by name select *, ?::date as crawl_date from night_sightings", [DATE])
    fingerprints = {r["source"]: r["pages_fingerprint"] for r in first.runs}
    known = {s: found for s, found in known_pages(con, fingerprints).items() if s != "greenhouse:c"}
    assert sorted(known) == ["greenhouse:a", "greenhouse:b"]
    assert known["greenhouse:b"][0].num_rows == 0

    again = clean_attempts(latest_attempts(tmp_path, DATE), known=lambda wanted: known)
    assert again.reused == ["greenhouse:a", "greenhouse:b"]
    assert again.postings["source"].unique().tolist() == ["greenhouse:c"]
    assert again.sightings.schema == first.sightings.schema
    assert [r["source"] for r in again.sightings.to_pylist()] == ["greenhouse:a"] * 3 + ["greenhouse:c"]
    assert again.sightings.to_pylist() == first.sightings.to_pylist()
    assert again.runs == first.runs


def test_a_run_remembers_each_source_s_latest_sightings_and_copies_what_it_carries():
    """Within one run, a source's latest sightings are kept for the dates after; a source not
    crawled on a date keeps its older ones, as a copy that holds none of that night's table."""
    import pyarrow as pa

    from pipelines.cleaning import SIGHTINGS, remember_sightings

    def night(rows):
        return pa.Table.from_pylist([dict(zip(("source", "posting_key", "content_hash"), r)) for r in rows], schema=SIGHTINGS)

    def runs(*sources):
        return [{"source": s, "pages_fingerprint": f"fp-{s}", "map_errors": 0} for s in sources] + \
            [{"source": "down", "pages_fingerprint": None, "map_errors": 0}]

    earlier, copied = {}, set()
    big = night([("b", f"k{i}", "h") for i in range(5000)] + [("a", "k2", "h"), ("a", "k1", "h")])
    remember_sightings(earlier, copied, runs("a", "b", "empty"), big)
    assert earlier["a"][1].to_pylist() == [{"source": "a", "posting_key": k, "content_hash": "h"} for k in ("k2", "k1")]
    assert earlier["b"][1].num_rows == 5000 and earlier["empty"][1].num_rows == 0 and "down" not in earlier
    assert copied == set()

    remember_sightings(earlier, copied, runs("b"), night([("b", "k9", "h")]))  # "a" not crawled
    assert earlier["b"][1].column("posting_key").to_pylist() == ["k9"]
    assert earlier["a"][1].column("posting_key").to_pylist() == ["k2", "k1"] and earlier["a"][0] == "fp-a"
    assert earlier["a"][1].get_total_buffer_size() < 1000 < big.get_total_buffer_size()  # its own rows alone
    assert copied == {"a", "empty"}
    remember_sightings(earlier, copied, runs("a", "b"), night([("a", "k3", "h")]))
    assert earlier["a"][1].column("posting_key").to_pylist() == ["k3"] and copied == {"empty"}


def test_the_fingerprint_follows_pages_not_fetch_times(tmp_path: Path):
    from pipelines.cleaning import clean_fingerprint
    from scrapers.rawlake import page_digest

    body = json.dumps({"jobs": [{"id": 1, "title": "ML Intern", "absolute_url": "u"}]})
    write_attempt(tmp_path, "a", [body], attempt="20261120T010000000000Z")
    first = latest_attempts(tmp_path, DATE)[0]
    write_attempt(tmp_path, "a", [body], attempt="20261120T030000000000Z")
    second = latest_attempts(tmp_path, DATE)[0]
    assert second.attempt != first.attempt and clean_fingerprint(first) == clean_fingerprint(second)
    # The meta file's fingerprint is what reading the pages gives.
    assert first.meta["pages_fingerprint"] == first.__class__(**{**first.__dict__, "meta": {}}).pages_fingerprint()
    record = next(first.records())
    assert page_digest({**record, "fetched_at": "later", "status": 304}) == page_digest(record)
    assert page_digest({**record, "body": body + " "}) != page_digest(record)
    write_attempt(tmp_path, "a", [body.replace("ML Intern", "AI Intern")], attempt="20261120T040000000000Z")
    assert clean_fingerprint(latest_attempts(tmp_path, DATE)[0]) != clean_fingerprint(first)


def test_cleaning_maps_without_scrapy():
    """A night's cleaning imports the mappers only: Scrapy, Twisted and OpenSSL (0.36 s a
    process) are for crawling. Both registries name the same platforms and mapping functions."""
    import subprocess
    import sys

    probe = ("import sys\nimport pipelines.cleaning\nfrom scrapers.mappers import MAPPERS\n"
             "print(sorted(MAPPERS), sorted(m for m in ('scrapy', 'twisted', 'OpenSSL', 'extruct') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("[]"), done.stdout

    from scrapers.mappers import MAPPERS
    from scrapers.platforms import PLATFORMS

    assert sorted(MAPPERS) == sorted(PLATFORMS) and len(MAPPERS) == 8
    for name, spider_module in PLATFORMS.items():
        assert spider_module.map_response is MAPPERS[name].map_response
        assert getattr(spider_module, "map_detail", None) is getattr(MAPPERS[name], "map_detail", None)


def _job(i: int, title: str, text: str = "Build models.") -> dict:
    return {"id": i, "title": title, "absolute_url": f"u{i}", "content": f"&lt;p&gt;{text}&lt;/p&gt;",
            "updated_at": "2026-11-01T00:00:00Z"}


def test_postings_cleaned_before_are_sighted_not_cleaned_again(tmp_path: Path):
    """A changed board is mapped again, but its unchanged postings are reused by item digest:
    the same sightings, runs and drops as cleaning every posting, and only the changed ones cleaned."""
    jobs = [_job(1, "ML Intern"), _job(2, "Data Intern"), _job(3, "AI Intern")]
    write_attempt(tmp_path, "b", [json.dumps({"jobs": jobs + [{"title": "no id"}]})])
    first = clean_attempts(latest_attempts(tmp_path, DATE), known_items=lambda digests: {})
    assert first.items_reused == 0 and len(first.items) == 3
    cleaned = {digest: (key, content) for digest, key, content in first.items}
    assert [(k, c) for _, k, c in first.items] == list(zip(first.postings["posting_key"], first.postings["content_hash"]))

    later = tmp_path / "later"
    jobs[1] = _job(2, "Data Intern", "Build better models.")  # edited
    jobs[2] = {**jobs[2], "updated_at": "2026-11-02T00:00:00Z"}  # a field the content hash leaves out
    write_attempt(later, "b", [json.dumps({"jobs": jobs + [{"title": "no id"}]})])
    asked: list[list[str]] = []

    def known_items(digests):
        asked.append(list(digests))
        return {d: cleaned[d] for d in digests if d in cleaned}

    again = clean_attempts(latest_attempts(later, DATE), known_items=known_items)
    everything = clean_attempts(latest_attempts(later, DATE))
    assert len(asked) == 1 and len(asked[0]) == 3  # one lookup for the batch, every mapped posting
    assert again.items_reused == 1
    assert again.postings["external_id"].tolist() == ["2", "3"]  # the edit, and the new updated_at
    assert again.sightings.sort_by("posting_key").to_pylist() == everything.sightings.sort_by("posting_key").to_pylist()
    assert again.runs == everything.runs and again.dropped == everything.dropped == {"unmappable": 1}
    assert {k for _, k, _ in again.items} == {"greenhouse:b:2", "greenhouse:b:3"}


def test_the_item_digest_follows_every_mapped_field_and_the_configured_industry():
    from pipelines.cleaning import item_digest

    mapped = {"title": "ML Intern", "locations": ["Seoul"], "description_html": "<p>x</p>", "updated_at": "1"}
    same = {"title": "ML Intern", "locations": ["Seoul"], "description_html": "<p>x</p>", "updated_at": "1"}
    assert item_digest(mapped, None) == item_digest(same, None)
    for field, value in [("updated_at", "2"), ("locations", ["Seoul", "Busan"]), ("description_html", "<p>y</p>")]:
        assert item_digest({**mapped, field: value}, None) != item_digest(mapped, None)
    assert item_digest(mapped, "finance") != item_digest(mapped, None)


def test_duplicate_postings_are_not_kept_as_cleaned_items(tmp_path: Path):
    body = json.dumps({"jobs": [_job(1, "ML Intern")]})
    write_attempt(tmp_path, "a", [body])
    write_attempt(tmp_path, "a2", [body])
    result = clean_attempts(latest_attempts(tmp_path, DATE), known_items=lambda digests: {})
    assert len(result.postings) == len(result.items) == 2  # two boards: two posting keys
    assert [k for _, k, _ in result.items] == result.postings["posting_key"].tolist()

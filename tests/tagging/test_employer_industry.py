"""settle_industries: one industry decision per employer and night, from all its postings.

The employers are invented: the rules are for kinds of postings, not for names.
"""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.enrich import tag_frame
from pipelines.tagging import employer_key, settle_industries, tag_posting, tag_postings

ABOUT = "Zorblat is a last-mile delivery company: our couriers deliver parcels for online shops the same day."
PERKS = "Benefits: private health insurance, a hospital cash plan and a learning budget."


def _posting(title, description="", company="Zorblat", **extra):
    return {"title": title, "company": company, "description": description, **extra}


def _settled(postings):
    return settle_industries(postings, tag_postings(postings))


def test_a_lone_posting_keeps_its_own_tags():
    posting = _posting("Data Intern", f"{ABOUT} {PERKS}")
    assert _settled([posting]) == [tag_posting(posting)]
    assert settle_industries([], []) == []
    with pytest.raises(ValueError):
        settle_industries([posting], [])


def test_postings_without_a_self_description_take_their_employer_s():
    postings = [
        _posting("Route Planning Intern", f"{ABOUT} Improve routing. {PERKS}"),
        _posting("Finance Intern", f"Work with our finance team on bank reconciliations and payments. {PERKS}"),
        _posting("Software Engineering Intern"),  # a community list's posting: company and title only
    ]
    alone = tag_postings(postings)
    assert [t["industry"] for t in alone] == ["logistics", "finance", "information_technology"]
    settled = settle_industries(postings, alone)
    assert {t["industry"] for t in settled} == {"logistics"}
    assert all(t["industry_evidence"][0] == "employer: decided over all its postings" for t in settled)
    assert all(t["industries"][0] == "logistics" for t in settled)


def test_sentences_every_posting_repeats_are_the_company_s_own_text():
    # No "X is a ..." anywhere; the sentence all postings share says what the company does.
    shared = "Trusted by shippers to move freight across forty countries by sea and air."
    postings = [_posting(title, f"{role} {shared} {PERKS}") for title, role in [
        ("Finance Intern", "Help with month-end close in our finance team."),
        ("Marketing Intern", "Plan campaigns for our banking and insurance partners."),
        ("Data Intern", "Build dashboards in SQL."),
    ]]
    assert {t["industry"] for t in _settled(postings)} == {"logistics"}


def test_employers_are_kept_apart_and_a_company_is_one_company():
    listing = [_posting("Software Engineering Intern", company="Zorblat", source="listings:Summer2026-Internships"),
               _posting("Machine Learning Intern", company="Quuxly Bank",
                        source="listings:Summer2026-Internships")]
    board = [_posting("Data Intern", ABOUT, source="greenhouse:zorblat"),
             _posting("Ops Intern", ABOUT, company="Zorblat Inc.", source="greenhouse:zorblat")]
    settled = _settled(listing + board)
    assert [t["industry"] for t in settled] == ["logistics", "finance", "logistics", "logistics"]
    assert employer_key({"company": "Zorblat"}) == employer_key({"company": " ZORBLAT! "})
    assert employer_key({"company": "Zorblat"}) != employer_key({"company": "Zorblat Inc."})
    assert employer_key({"source": "greenhouse:x"}) != employer_key({"source": "lever:x"})


def test_a_sources_file_industry_wins_for_its_employer():
    postings = [_posting("Data Intern", ABOUT, source_industry="human_resources"), _posting("Ops Intern", ABOUT)]
    settled = _settled(postings)
    assert [t["industry"] for t in settled] == ["human_resources", "human_resources"]
    assert settled[0]["industry_evidence"][:2] == ["employer: decided over all its postings", "source: human_resources"]
    lone = _settled([_posting("Data Intern", ABOUT, source_industry="finance")])[0]
    assert lone["industry"] == "finance" and "logistics" in lone["industries"]
    ignored = _settled([_posting("Data Intern", ABOUT, source_industry="not-a-slug")])[0]
    assert ignored["industry"] == "logistics"


def test_tag_frame_decides_once_per_employer_and_carries_the_source_industry():
    clean = pd.DataFrame([
        {"source": "greenhouse:zorblat", "source_industry": None, "company": "Zorblat", "title": "Data Intern",
         "description_text": ABOUT, "locations": ["Stockholm, Sweden"]},
        {"source": "greenhouse:zorblat", "source_industry": None, "company": "Zorblat", "title": "Finance Intern",
         "description_text": "Work with our finance team on payments.", "locations": []},
        {"source": "lever:quuxly", "source_industry": "other", "company": "Quuxly", "title": "Data Intern",
         "description_text": "Quuxly is a digital bank.", "locations": []},
    ])
    tagged = tag_frame(clean)
    assert tagged["industry"].tolist() == ["logistics", "logistics", "other"]
    assert list(tagged.columns[:len(clean.columns)]) == list(clean.columns)
    assert len(tag_frame(clean.iloc[:0])) == 0


# -- a sources-file `industry:` carried from the sources file to the tags --------------------------


def test_a_sources_file_industry_travels_from_the_file_to_the_tags(tmp_path):
    from pipelines.cleaning import clean_attempts
    from scrapers.platforms.base import SourceRun
    from scrapers.rawlake import AttemptWriter, latest_attempts, source_dir
    from scrapers.sources import SourceError, dump_sources, load_sources, parse_sources

    sources = parse_sources([{"platform": "greenhouse", "board": "zorblat", "company": "Zorblat",
                              "industry": "healthcare"}, {"platform": "lever", "board": "quuxly"}])
    assert [s.industry for s in sources] == ["healthcare", None]
    assert load_sources(dump_sources(sources, tmp_path / "sources.yaml")) == sources
    with pytest.raises(SourceError, match="unknown industry 'health'"):
        parse_sources([{"platform": "greenhouse", "board": "zorblat", "industry": "health"}])

    meta = SourceRun(sources[0]).to_meta()
    assert meta["industry"] == "healthcare"
    writer = AttemptWriter(source_dir(tmp_path / "raw", "2026-11-20", "greenhouse", "zorblat"), "20261120T020000Z")
    body = ('{"jobs": [{"id": 1, "title": "Data Intern", "absolute_url": "http://x/1", "location": {"name": "Oslo"},'
            ' "content": "Zorblat is a payments company.", "updated_at": "2026-11-01T00:00:00Z"}]}')
    writer.write({"source": meta["source"], "platform": "greenhouse", "board": "zorblat", "company": "Zorblat",
                  "url": "http://x", "status": 200, "fetched_at": "", "headers": {}, "body": body, "kind": "board"})
    writer.finish({**meta, "items": 1})
    clean = clean_attempts(latest_attempts(tmp_path / "raw", "2026-11-20")).postings
    assert clean["source_industry"].tolist() == ["healthcare"]
    tagged = tag_frame(clean)
    assert tagged["industry"].tolist() == ["healthcare"]
    assert "source: healthcare" in tagged["industry_evidence"][0]


def test_tag_night_is_tag_postings_then_settle_industries():
    from pipelines.tagging import tag_night
    from pipelines.tagging.evaluate import default_files, load_labeled, tagger_input

    postings = [tagger_input(r) for r in load_labeled(default_files())]
    postings += [None, "not a posting", {}]
    assert tag_night(postings) == settle_industries(postings, tag_postings(postings))
    assert tag_night([]) == []

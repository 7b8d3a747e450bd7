"""posting_ref and canonical_url on real URL shapes: the community list's links, and the posting
URLs our own mappers keep from real ATS payloads (../shared/data/ats)."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from pipelines.clustering import canonical_url, posting_ref
from scrapers.platforms import PLATFORMS

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@pytest.mark.parametrize("url, ref", [
    # Greenhouse: both board hosts, the EU ones, the embed form, tracking left on by the list
    ("https://boards.greenhouse.io/pdtpartners/jobs/4423823", ("greenhouse", "pdtpartners", "4423823")),
    ("https://job-boards.greenhouse.io/amplitude/jobs/8636903002", ("greenhouse", "amplitude", "8636903002")),
    ("https://boards.eu.greenhouse.io/imc/jobs/4345621101", ("greenhouse", "imc", "4345621101")),
    ("https://job-boards.eu.greenhouse.io/nice/jobs/4368079101?gh_jid=4368079101",
     ("greenhouse", "nice", "4368079101")),
    ("https://boards.greenhouse.io/benchling/jobs/5328395?gh_jid=5328395&gh_src=838b85821us",
     ("greenhouse", "benchling", "5328395")),
    ("https://boards.greenhouse.io/embed/job_app?for=stripe&token=7954688", ("greenhouse", "stripe", "7954688")),
    ("https://boards-api.greenhouse.io/v1/boards/smarterdx/jobs/5099964007", ("greenhouse", "smarterdx", "5099964007")),
    ("https://boards.greenhouse.io/SonyInteractiveEntertainmentGlobal/jobs/4977019004",
     ("greenhouse", "sonyinteractiveentertainmentglobal", "4977019004")),
    # Lever: hostedUrl and applyUrl
    ("https://jobs.lever.co/palantir/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3",
     ("lever", "palantir", "0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3")),
    ("https://jobs.lever.co/sanctuary/651376b2-8B6C-4ea2-a7ac-1749748d8eaa/apply",
     ("lever", "sanctuary", "651376b2-8b6c-4ea2-a7ac-1749748d8eaa")),
    # Ashby: jobUrl and applyUrl; the board keeps the spelling the URL gives it
    ("https://jobs.ashbyhq.com/ramp/16ebfcfc-467b-40e5-b23e-a4d95db05539",
     ("ashby", "ramp", "16ebfcfc-467b-40e5-b23e-a4d95db05539")),
    ("https://jobs.ashbyhq.com/HighlightTA/90fb3621-899e-4b59-925d-25080ec91e18/application",
     ("ashby", "HighlightTA", "90fb3621-899e-4b59-925d-25080ec91e18")),
    # SmartRecruiters: with and without the slug, with the apply flag
    ("https://jobs.smartrecruiters.com/Visa/743999934293514", ("smartrecruiters", "Visa", "743999934293514")),
    ("https://jobs.smartrecruiters.com/WesternDigital/744000140949875-summer-2027-intern-hardware-engineering?oga=true",
     ("smartrecruiters", "WesternDigital", "744000140949875")),
    ("https://api.smartrecruiters.com/v1/companies/knight/postings/743999671674844",
     ("smartrecruiters", "knight", "743999671674844")),
    # Workable: the account's page, with /apply, and the old subdomain form
    ("https://apply.workable.com/huggingface/j/DB77EC837E/apply", ("workable", "huggingface", "DB77EC837E")),
    ("https://apply.workable.com/vontive/j/2d7982b796/", ("workable", "vontive", "2D7982B796")),
    ("https://netguru.workable.com/j/9B8C3783A5", ("workable", "netguru", "9B8C3783A5")),
])
def test_posting_ref_per_platform(url: str, ref: tuple[str, str, str]):
    assert posting_ref(url) == ref


@pytest.mark.parametrize("url", [
    "https://stripe.com/jobs/search?gh_jid=7954688",  # a company site: the id without its board
    "https://www.sharkninja.com/?gh_jid=4291649006",
    "https://boards.greenhouse.io/embed/job_app?token=7634965002",  # no for=: no board
    "https://apply.workable.com/j/DD136DD7E7",  # what the Workable widget gives: no account
    "https://espeo.recruitee.com/o/ai-solutions-engineer",  # a slug; our Recruitee key is the numeric id
    "https://boards.greenhouse.io/stripe",  # a board, not a posting
    "https://jobs.lever.co/palantir",
    "https://jobs.ashbyhq.com/ramp/not-a-uuid",
    "https://intel.wd1.myworkdayjobs.com/External/job/US-Oregon-Hillsboro/Intern_JR0260968",
    "https://careers-sig.icims.com/jobs/11169/trading-system-engineering-internship%3a-summer-2027/job",
    "", None, "not a url", "mailto:jobs@example.com", "https://[::1",
])
def test_no_ref_without_board_and_id(url):
    assert posting_ref(url) is None


@pytest.mark.parametrize("url, canonical", [
    ("HTTPS://Boards.Greenhouse.IO/Acme/jobs/1/", "https://boards.greenhouse.io/Acme/jobs/1"),
    ("http://example.com:80/jobs/1#apply", "https://example.com/jobs/1"),
    ("https://example.com:8443/jobs/1", "https://example.com:8443/jobs/1"),
    ("https://boards.greenhouse.io/acme/jobs/1?gh_src=abc&t=295a1us&utm_source=x",
     "https://boards.greenhouse.io/acme/jobs/1"),
    ("https://jobs.lever.co/acme/x?lever-source=LinkedIn&lever-origin=applied", "https://jobs.lever.co/acme/x"),
    ("https://acme.com/careers/?gh_jid=42&ref=github&utm_medium=list", "https://acme.com/careers?gh_jid=42"),
    ("https://acme.com/jobs?id=7&source=LinkedIn&b=2", "https://acme.com/jobs?b=2&id=7"),
    ("https://acme.com/", "https://acme.com/"),
    ("https://acme.com", "https://acme.com/"),
    # A hash route names the job (careers.oracle.com): kept, unlike "#apply".
    ("https://careers.oracle.com/jobs/#en/sites/jobsearch/job/211250/",
     "https://careers.oracle.com/jobs#en/sites/jobsearch/job/211250"),
    ("https://acme.com/jobs?t=9", "https://acme.com/jobs?t=9"),  # "t" is tracking only on Greenhouse
])
def test_canonical_url(url: str, canonical: str):
    assert canonical_url(url) == canonical


@pytest.mark.parametrize("url", ["", None, "ftp://acme.com/x", "acme.com/jobs", "https://", 42])
def test_canonical_url_of_non_urls(url):
    assert canonical_url(url) is None


# Real payloads, the board each is crawled as, and whether its posting URLs name that board.
PAYLOADS = [
    ("greenhouse", "greenhouse-board-amplitude.json", "amplitude", True),
    ("greenhouse", "greenhouse-board-smarterdx.json", "smarterdx", True),
    ("greenhouse", "greenhouse-board-small.json", "stripe", False),  # absolute_url is stripe.com?gh_jid=
    ("lever", "lever-postings-palantir.json", "palantir", True),
    ("lever", "lever-postings-consulting.json", "idealistconsulting", True),
    ("lever", "lever-postings-with-intern.json", "palantir", True),
    ("ashby", "ashby-board-ramp-full.json", "ramp", True),
    ("ashby", "ashby-board-cad-comp.json", "HighlightTA", True),
    ("ashby", "ashby-board-openevidence.json", "openevidence", True),
    ("smartrecruiters", "smartrecruiters-postings.json", "WesternDigital", True),
    ("smartrecruiters", "smartrecruiters-postings-small.json", "Knight", True),
    ("workable", "workable-account-b.json", "netguru", False),  # the widget's url is apply.workable.com/j/<code>
    ("recruitee", "recruitee-offers-small.json", "espeo", False),  # careers_url names the slug
]


@pytest.mark.parametrize("platform, name, board, names_board", PAYLOADS)
def test_ref_of_our_own_postings_is_their_key(shared_data: Path, platform: str, name: str, board: str,
                                              names_board: bool):
    """Each posting URL our mapper keeps points back at the posting's own key: the same external_id
    exactly (Lever/Ashby uuids lowercase, SmartRecruiters ids as digits), the board up to case."""
    path = shared_data / "ats" / name
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    postings, errors = PLATFORMS[platform].map_response(path.read_text(encoding="utf-8"), board=board)
    assert postings and not errors
    for p in postings:
        ref = posting_ref(p.url)
        if names_board:
            assert ref is not None, p.url
            assert (ref[0], ref[1].casefold(), ref[2]) == (p.platform, p.board.casefold(), p.external_id), p.url
            assert f"{ref[0]}:{ref[1]}:{ref[2]}".casefold() == p.posting_key.casefold()
        else:
            assert ref is None, p.url


def test_every_real_list_link_is_read_the_same_way(simplify_listings: list[dict]):
    """The 5,960 real list rows: which of them link a posting of a platform we crawl, and every
    ref has the id shape that platform's keys have."""
    counts = collections.Counter()
    for listing in simplify_listings:
        ref = posting_ref(listing["url"])
        if ref is None:
            continue
        platform, board, external_id = ref
        counts[platform] += 1
        assert board and "/" not in board, listing["url"]
        if platform in ("greenhouse", "smartrecruiters"):
            assert external_id.isdigit(), listing["url"]
        elif platform in ("lever", "ashby"):
            assert UUID.match(external_id), listing["url"]
        else:
            assert platform == "workable" and external_id == external_id.upper(), listing["url"]
    assert dict(counts) == {"greenhouse": 1519, "lever": 772, "smartrecruiters": 183, "ashby": 89, "workable": 51}

"""cluster_postings: exact links, the fuzzy rules and what stops them, stable ids, incremental use."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest

from pipelines.clustering import cluster_postings, cluster_renames, company_key

LONDON = [{"city": "London", "country": "GB"}]
NYC = [{"city": "New York City", "country": "US"}]


def posting(key: str, title: str = "Machine Learning Intern", company: str = "Acme AI", url: str | None = None,
            places: list[dict] | None = None, first_seen: str = "2026-10-01", **more: Any) -> dict[str, Any]:
    platform = key.split(":")[0]
    return {"posting_key": key, "platform": platform, "company": company, "title": title, "url": url,
            "places": LONDON if places is None else places, "first_seen": first_seen, **more}


def gh(n: int, board: str = "acme", **kw: Any) -> dict[str, Any]:
    return posting(f"greenhouse:{board}:{n}", url=f"https://job-boards.greenhouse.io/{board}/jobs/{n}", **kw)


def row(n: int, url: str | None = None, board: str = "Summer2026-Internships", **kw: Any) -> dict[str, Any]:
    return posting(f"listings:{board}:00000000-0000-4000-8000-{n:012d}", url=url, **kw)


def together(result: dict[str, str], *postings: dict[str, Any]) -> bool:
    return len({result[p["posting_key"]] for p in postings}) == 1


def apart(result: dict[str, str], *postings: dict[str, Any]) -> bool:
    return len({result[p["posting_key"]] for p in postings}) == len(postings)


# -- exact links ---------------------------------------------------------------------------------
def test_a_list_row_linking_our_posting_is_that_job():
    ats = gh(4700000001)
    listing = row(1, url="https://boards.greenhouse.io/acme/jobs/4700000001?gh_src=8a1f2c3d1us",
                  title="ML Intern (Summer 2026)", company="ACME AI, Inc.", places=[])
    other = gh(4700000002, title="Data Science Intern")
    result = cluster_postings([listing, ats, other])
    assert result == {ats["posting_key"]: ats["posting_key"], listing["posting_key"]: ats["posting_key"],
                      other["posting_key"]: other["posting_key"]}


def test_exact_links_ignore_company_names_places_and_dates():
    # The link is the evidence: the list may name the employer otherwise and list it much later.
    ats = posting("lever:palantir:0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3", company="Palantir Technologies",
                  url="https://jobs.lever.co/palantir/0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3", places=NYC)
    listing = row(1, url="https://jobs.lever.co/palantir/0BBFD4F4-41ff-4ec6-b73f-5200efd5d4d3/apply",
                  company="Palantir", places=LONDON, first_seen="2027-03-01")
    assert together(cluster_postings([ats, listing]), ats, listing)


def test_exact_links_are_transitive_across_lists():
    ats = gh(4700000001)
    first = row(1, url="https://boards.greenhouse.io/acme/jobs/4700000001")
    fork = row(2, board="vanshb03-Summer2026",
               url="https://boards.greenhouse.io/embed/job_app?for=acme&token=4700000001")
    result = cluster_postings([fork, first, ats])
    assert together(result, ats, first, fork) and result[fork["posting_key"]] == ats["posting_key"]


def test_board_case_in_the_sources_file_does_not_matter():
    ats = posting("smartrecruiters:westerndigital:744000140949875", title="Intern - Data Science",
                  url="https://jobs.smartrecruiters.com/WesternDigital/744000140949875")
    listing = row(1, title="Data Science Intern",
                  url="https://jobs.smartrecruiters.com/WesternDigital/744000140949875-intern-data-science?trid=x")
    assert together(cluster_postings([ats, listing]), ats, listing)


def test_board_less_ids_link_within_one_company():
    ats = gh(7634965002, board="snowflake", company="Snowflake")
    listing = row(1, company="Snowflake Inc.", url="https://boards.greenhouse.io/embed/job_app?token=7634965002")
    stranger = row(2, company="Frost Labs", url="https://boards.greenhouse.io/embed/job_app?token=7634965002",
                   title="Warehouse Intern")
    result = cluster_postings([ats, listing, stranger])
    assert together(result, ats, listing) and apart(result, ats, stranger)


def test_a_company_site_gh_jid_links_the_greenhouse_posting():
    ats = posting("greenhouse:stripe:7954688", company="Stripe", url="https://stripe.com/jobs/search?gh_jid=7954688")
    listing = row(1, company="Stripe",
                  url="https://stripe.com/jobs/listing/machine-learning-intern/7954688?gh_jid=7954688")
    assert together(cluster_postings([ats, listing]), ats, listing)


def test_workable_and_recruitee_links_meet_the_postings_own_urls():
    workable = posting("workable:huggingface:DB77EC837E", company="Hugging Face",
                       url="https://apply.workable.com/j/DB77EC837E")
    workable_row = row(1, company="Hugging Face", url="https://apply.workable.com/huggingface/j/DB77EC837E/apply")
    recruitee = posting("recruitee:espeo:2441384", company="Espeo Software", title="AI Solutions Engineer Intern",
                        url="https://espeo.recruitee.com/o/ai-solutions-engineer")
    recruitee_row = row(2, company="Espeo", title="AI Solutions Engineer - Intern",
                        url="https://espeo.recruitee.com/o/ai-solutions-engineer/c/new")
    result = cluster_postings([workable, workable_row, recruitee, recruitee_row])
    assert together(result, workable, workable_row) and together(result, recruitee, recruitee_row)
    assert apart(result, workable, recruitee)


def test_same_canonical_url_is_one_job():
    url = "https://salesforce.wd12.myworkdayjobs.com/en-US/External_Career_Site/job/SF/Summer-2026-Intern_JR262842-2"
    a = row(1, url=url, title="Software Engineer Intern", company="Salesforce")
    b = row(2, url=url.replace("en-US", "en-us") + "/?utm_source=github", board="fork",
            title="Summer 2026 Intern - Software Engineer", company="Salesforce")
    assert together(cluster_postings([a, b]), a, b)


def test_a_row_pasted_with_another_jobs_link_stays_apart():
    # Real: three Certik rows share one Lever link; the designer row is another job.
    url = "https://jobs.lever.co/certik/cc4bc2b7-ee87-43be-81c9-09c8b0411a7e"
    swe, designer = row(1, url=url, title="SWE Intern"), row(2, url=url, title="UI/UX designer intern")
    ats = posting("lever:certik:cc4bc2b7-ee87-43be-81c9-09c8b0411a7e", url=url, title="Software Engineer Intern")
    result = cluster_postings([swe, designer, ats])
    assert together(result, swe, ats) and apart(result, swe, designer)


def test_a_shared_careers_page_does_not_join_two_levels():
    page = "https://careers.acme.com/jobs"
    a = row(1, url=page, title="Research Intern - PhD")
    b = row(2, url=page, title="Research Intern - Masters", board="fork")
    assert apart(cluster_postings([a, b]), a, b)


# -- fuzzy links ---------------------------------------------------------------------------------
def test_one_job_on_two_boards_of_a_company():
    a = gh(1, title="Machine Learning Intern - Summer 2026")
    b = posting("lever:acme-early-careers:0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3", company="The Acme AI Ltd.",
                title="Intern, Machine Learning (Summer 2026)", first_seen="2026-10-20")
    assert together(cluster_postings([a, b]), a, b)


@pytest.mark.parametrize("title", [
    "Machine Learning Internship", "ML Intern", "Intern – Machine Learning", "machine learning intern",
    "Machine Learning Intern (m/f/d)", "Machine Learning Intern - London", "Machine Learnign Intern",
])
def test_title_variants_of_a_list_row_join(title: str):
    ats = gh(1)
    listing = row(1, title=title, url="https://acme.ai/careers/ml-intern")
    assert together(cluster_postings([ats, listing]), ats, listing)


@pytest.mark.parametrize("change", [
    {"places": NYC},  # same title, another city
    {"season": "Summer 2027"},  # another year
    {"title": "Machine Learning Intern - Fall 2026", "season": None},  # another season
    {"title": "Machine Learning Intern - PhD"},  # ATS vs ATS: a level only one names
    {"title": "Machine Learning Intern II"},
    {"title": "Machine Learning Engineer"},  # the full-time role
    {"title": "Machine Learning Co-op"},
    {"title": "Machine Learning Intern, Payments"},  # another team
    {"title": "UI Machine Learning Intern"},
    {"company": "Acme Robotics"},  # the same title at another company
    {"first_seen": "2027-01-15"},  # a repost outside the window
])
def test_what_keeps_two_postings_apart(change: dict):
    a = gh(1, season="Summer 2026")
    b = posting("lever:acme-campus:0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3",
                **{"title": "Machine Learning Intern", "season": "Summer 2026", **change})
    assert apart(cluster_postings([a, b]), a, b)


def test_levels_conflict_when_both_name_one():
    ats = gh(1, title="Research Intern - PhD")
    assert together(cluster_postings([ats, row(1, title="Research Intern")]), ats)  # a list row may leave it out
    other = row(2, title="Research Intern - Undergraduate")
    assert apart(cluster_postings([ats, other]), ats, other)


def test_a_list_row_naming_an_internship_does_not_join_a_full_time_posting():
    ats, listing = gh(1, title="Data Scientist"), row(1, title="Data Science Intern")
    assert apart(cluster_postings([ats, listing]), ats, listing)


def test_two_rows_of_one_source_are_two_jobs_without_a_link():
    a, b = gh(1), gh(2)
    assert apart(cluster_postings([a, b]), a, b)


@pytest.mark.parametrize("a_places, b_places, b_remote, same", [
    (LONDON, [{"city": None, "country": "GB"}], None, True),  # one side names only the country
    (LONDON, [], None, True),  # one side names no place
    (LONDON, LONDON + NYC, None, True),  # one city in common
    (LONDON, [{"city": "London", "country": "CA"}], None, False),  # London, Ontario
    (LONDON, [{"city": None, "country": "US"}], None, False),
    ([{"city": None, "country": "US"}], [{"city": None, "country": "US"}], "remote", True),
])
def test_places_that_fit(a_places, b_places, b_remote, same):
    a = gh(1, places=a_places, remote="remote" if b_remote else None)
    b = row(1, places=b_places, remote=b_remote)
    assert together(cluster_postings([a, b]), a, b) is same


def test_a_row_that_fits_two_conflicting_postings_joins_neither():
    london, nyc = gh(1, places=LONDON), gh(2, board="acmeus", places=NYC)
    listing = row(1, places=[])  # names no city: London or New York?
    result = cluster_postings([london, nyc, listing])
    assert apart(result, london, nyc, listing)


def test_fuzzy_links_never_chain_a_conflict():
    summer26 = row(1, season="Summer 2026")
    undecided = gh(1)  # no season: fits both rows
    summer27 = row(2, board="fork", season="Summer 2027")
    assert apart(cluster_postings([summer26, undecided, summer27]), summer26, summer27)
    # When one row fits clearly better, the posting joins it and the other stays out.
    closer = row(1, title="Machine Learning Intern", season="Summer 2026")
    further = row(2, board="fork", title="Machine Learnign Intern", season="Summer 2027")
    result = cluster_postings([closer, undecided, further])
    assert together(result, closer, undecided) and apart(result, closer, further)


def test_a_cluster_grows_only_with_members_that_fit_all_of_it():
    ats = gh(1, places=LONDON)
    listing = row(1, url="https://boards.greenhouse.io/acme/jobs/1", places=NYC + LONDON)  # exact link
    second_board = posting("ashby:acme:16ebfcfc-467b-40e5-b23e-a4d95db05539", places=NYC)
    # The second board's New York posting fits the list row but not the London posting.
    result = cluster_postings([ats, listing, second_board])
    assert together(result, ats, listing) and apart(result, ats, second_board)


# -- ids -----------------------------------------------------------------------------------------
def test_ids_prefer_the_employers_posting_then_the_smallest_key():
    ats = posting("workable:acme:DB77EC837E", url="https://apply.workable.com/j/DB77EC837E")
    listing = row(1, url="https://apply.workable.com/acme/j/DB77EC837E/")
    lone = row(2, title="Finance Intern")
    result = cluster_postings([listing, ats, lone])
    assert result[listing["posting_key"]] == ats["posting_key"] > listing["posting_key"]
    assert result[lone["posting_key"]] == lone["posting_key"]
    two_lists = [row(3, url="https://acme.ai/jobs/3"), row(4, board="fork", url="https://acme.ai/jobs/3")]
    assert set(cluster_postings(two_lists).values()) == {min(p["posting_key"] for p in two_lists)}


def test_same_input_same_ids_in_any_order():
    postings = [gh(1), row(1), gh(2, board="acmeus", places=NYC), row(2, board="fork", places=NYC),
                gh(3, title="Data Science Intern"), row(3, url="https://boards.greenhouse.io/acme/jobs/3"),
                row(4, board="fork", places=[])]
    first = cluster_postings(postings)
    for seed in range(5):
        shuffled = postings[:]
        random.Random(seed).shuffle(shuffled)
        assert cluster_postings(shuffled) == first


def test_repeated_keys_are_an_error():
    with pytest.raises(ValueError, match="posting_key repeated: greenhouse:acme:1"):
        cluster_postings([gh(1), gh(1)])
    assert cluster_postings([]) == {}


def test_company_key():
    assert company_key("The Acme AI, Inc.") == company_key("ACME AI LLC") == company_key("acme-ai") == "acmeai"
    assert company_key("J.P. Morgan & Co.") == company_key("JP Morgan and Co") == "jpmorgan"
    assert company_key("Weights & Biases") == "weightsandbiases"
    assert company_key("Zürich Insurance AG") == "zurichinsurance"
    assert company_key("Inc") == "inc" and company_key(None) == ""


# -- incremental use -------------------------------------------------------------------------------
def test_a_new_member_takes_the_clusters_existing_id():
    lever = posting("lever:acme:0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3")
    night1 = cluster_postings([lever])
    # Night 2: the company also posts the job on Greenhouse, whose key sorts first.
    greenhouse = gh(1)
    night2 = cluster_postings([lever, greenhouse], existing=night1)
    assert night2 == {lever["posting_key"]: lever["posting_key"], greenhouse["posting_key"]: lever["posting_key"]}
    assert cluster_postings([lever, greenhouse]) != night2  # from scratch the smaller key would win
    assert cluster_renames(night1, night2) == {}


def test_merging_two_clusters_keeps_the_smaller_id_and_says_which_to_rewrite():
    first = gh(1, board="acmeuk")
    second = posting("lever:acme:0bbfd4f4-41ff-4ec6-b73f-5200efd5d4d3")
    listing = row(1, url=first["url"])
    # Last night the two boards' postings were two clusters (the lever one was then a PhD posting);
    # a closed list row, not passed tonight, still points at the first one's id.
    existing = {first["posting_key"]: "cluster-b", listing["posting_key"]: "cluster-b",
                second["posting_key"]: "cluster-a", "listings:Summer2026-Internships:closed-row": "cluster-b"}
    result = cluster_postings([first, second, listing], existing)
    assert set(result.values()) == {"cluster-a"}
    assert cluster_renames(existing, result) == {"cluster-b": "cluster-a"}


def test_a_split_cluster_keeps_its_id_where_its_key_is():
    a, b = gh(1), row(1)
    existing = {a["posting_key"]: a["posting_key"], b["posting_key"]: a["posting_key"]}
    b_now = {**b, "title": "Data Engineering Intern"}  # the row was edited: now another job
    result = cluster_postings([a, b_now], existing)
    assert result == {a["posting_key"]: a["posting_key"], b["posting_key"]: b["posting_key"]}


# -- scale -----------------------------------------------------------------------------------------
def test_one_large_company_stays_fast():
    rnd = random.Random(5)
    teams = ["Payments", "Search", "Ads", "Maps", "Cloud", "Security", "Data", "Mobile", "Infra", "Risk"]
    roles = ["Software Engineer Intern", "Machine Learning Intern", "Data Science Intern", "Product Manager",
             "Software Engineer", "Research Scientist", "Site Reliability Engineer"]
    cities = [LONDON, NYC, [{"city": "Seattle", "country": "US"}], [{"city": "Seoul", "country": "KR"}]]
    postings = [
        posting(f"greenhouse:big{i % 7}:{i}", company="Bigco", title=f"{rnd.choice(roles)}, {rnd.choice(teams)}",
                places=rnd.choice(cities), first_seen=f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}")
        for i in range(5000)
    ]
    started = time.perf_counter()
    result = cluster_postings(postings)
    assert time.perf_counter() - started < 10  # about 1.5 s on one core
    assert len(result) == 5000

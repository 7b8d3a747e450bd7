"""classify_industry: company map, keyword rules, entrepreneurship as a secondary industry."""

from __future__ import annotations

import pytest
import yaml

from pipelines.tagging.industry import (
    INDUSTRIES,
    RULES_FILE,
    classify_industry,
    company_key,
    decide_industry,
    known_company,
)

BENEFITS = (
    "We offer medical, dental and vision insurance, a 401(k), life insurance and mental health support. "
    "We do not accept resumes from staffing agencies. Offers are subject to a background check."
)


def test_slugs_are_exactly_the_published_ones():
    assert INDUSTRIES == ("information_technology", "finance", "healthcare", "logistics", "entrepreneurship",
                          "human_resources", "other")
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    assert set(data["industries"]) <= set(INDUSTRIES)
    assert set(data["companies"].values()) <= set(INDUSTRIES)


@pytest.mark.parametrize("company, slug", [
    ("Stripe", "finance"), ("Capital One", "finance"), ("Capital One Financial Corp.", "finance"),
    ("Jane Street", "finance"), ("Klarna", "finance"), ("DBS Bank", "finance"), ("Bank of Montreal (BMO)", "finance"),
    ("Pfizer Inc.", "healthcare"), ("Maersk", "logistics"), ("Flexport", "logistics"), ("Grab", "logistics"),
    ("Coupang", "logistics"), ("Workday", "human_resources"), ("OpenAI", "information_technology"),
    ("Samsung", "information_technology"), ("Spotify", "other"),  # streaming media = other
    ("Hewlett Packard (HP)", "information_technology"), ("Y Combinator", "entrepreneurship"),
    ("The Boeing Company", "other"),
])
def test_known_companies(company, slug):
    assert known_company(company) == slug
    assert classify_industry(company, "Intern", "", None)[0] == slug


def test_company_key_drops_legal_suffixes_only():
    assert company_key("The Capital One Financial, Inc.") == "capital one"
    assert company_key("Palantir Technologies") == "palantir"
    assert company_key("Epic Games") == "epic games" and known_company("Epic Games") == "information_technology"
    assert known_company("Epic Systems") == "healthcare"


@pytest.mark.parametrize("company, description, primary", [
    ("Acme Therapeutics", "A clinical-stage biotech developing therapies for cancer patients.", "healthcare"),
    ("Acme", "Payments infrastructure for banks and fintech lenders; trading and lending APIs.", "finance"),
    ("Acme Logistics", "Freight and supply chain visibility for shipping carriers.", "logistics"),
    ("Acme", "Our HR software and payroll platform powers workforce management.", "human_resources"),
    ("Acme", "We build cloud software and developer tools; SaaS for data center operators.", "information_technology"),
])
def test_keyword_rules(company, description, primary):
    assert classify_industry(company, "Intern", description, None)[0] == primary


def test_benefits_boilerplate_does_not_make_everyone_healthcare_or_finance():
    primary, industries = classify_industry("Acme", "Software Engineer Intern", BENEFITS, None)
    assert primary == "information_technology"
    assert "healthcare" not in industries and "finance" not in industries and "human_resources" not in industries


def test_entrepreneurship_is_secondary_unless_vc_or_alone():
    startup = "We are a seed-stage startup backed by Y Combinator; our founding team builds payments APIs for banks."
    assert classify_industry("Acme", "Intern", startup, None) == ("finance", ["finance", "entrepreneurship"])
    only_startup = "Early-stage startup, founding team, stealth mode."
    assert classify_industry("Acme", "Intern", only_startup, None)[0] == "entrepreneurship"
    vc = "We are a venture capital firm. We invest in seed-stage startups and software founders."
    assert classify_industry("Acme Ventures", "Investment Intern", vc, None)[0] == "entrepreneurship"


def test_known_company_keeps_other_matching_industries_after_primary():
    description = "Stripe builds payments infrastructure: cloud software, APIs and developer tools on the internet."
    primary, industries = classify_industry("Stripe", "Software Engineer Intern", description, None)
    assert primary == "finance" and industries[0] == "finance" and "information_technology" in industries


@pytest.mark.parametrize("args", [(None, None, None, None), ("", "", "", ""), (12, 3.4, ["x"], {"a": 1})])
def test_nothing_known_is_other(args):
    assert classify_industry(*args) == ("other", ["other"])


# -- 0.2.0: evidence, exact names, native scripts, sector rules ----------------------------------


def test_evidence_names_the_deciding_knowledge():
    decision = decide_industry("Stripe", "Intern", "Payments APIs.")
    assert decision.industry == "finance" and decision.evidence[0] == "company: stripe"
    decision = decide_industry("Acme Logistics", "Intern", "Freight and supply chain visibility.")
    assert decision.industry == "logistics"
    assert "name: logistics" in decision.evidence and "description: freight" in decision.evidence
    assert decide_industry(None).evidence == ["no evidence"]
    assert all(isinstance(e, str) for e in decision.evidence) and len(decision.evidence) <= 6


def test_exact_names_beat_suffix_stripping_and_units_fall_back_to_the_parent():
    assert known_company("Grab") == "logistics"
    assert known_company("Grab Financial Group") == "finance"  # not Grab with its suffixes dropped
    assert known_company("Microsoft Research India") == "information_technology"
    assert known_company("셀트리온 (Celltrion)") == "healthcare"
    assert known_company("ANA（全日本空輸）") == "logistics"
    assert known_company("Block Party") is None  # only unit words are dropped


@pytest.mark.parametrize("company, description, primary", [
    ("Acme Airlines", "Revenue management for our network of flights.", "logistics"),
    ("Acme Games", "We build mobile games played by millions.", "information_technology"),
    ("부산은행", "디지털금융 AI 개발", "finance"),
    ("Nordbanken", "", "finance"),
    ("Acme Motor Company", "Perception models for driver assistance and autonomous driving.", "other"),
    ("Acme University", "Research internships in computer vision.", "other"),
    ("Acme", "A talent platform that matches candidates to jobs for employers.", "human_resources"),
    ("Acme", "We operate container terminals and port operations across Asia.", "logistics"),
    ("Acme", "Rate chatbot answers to create training data for AI models.", "information_technology"),
])
def test_general_sector_rules(company, description, primary):
    assert classify_industry(company, "Analyst", description, None)[0] == primary


def test_a_vc_leads_even_when_it_writes_about_software():
    description = "Acme is a venture capital firm that invests in seed-stage software and AI founders."
    assert classify_industry("Acme", "Investment Analyst", description, None)[0] == "entrepreneurship"
    decision = decide_industry("Acme", "Investment Analyst", description)
    assert decision.evidence[0].startswith("vc: ")


def test_evidence_has_no_duplicates():
    evidence = decide_industry("Acme Airlines", "Analyst", "Acme Airlines flies 200 routes.").evidence
    assert evidence == list(dict.fromkeys(evidence)) and "name: airlines" in evidence


# -- 0.4.0: what the company says it is decides ------------------------------------------------------
#
# Companies below are invented ("Acme", "Zorblat"): the rules are for kinds of text, not names.

HEALTH_PERKS = ("Perks include free lunches, a hospital cash plan, life insurance and an annual health check. "
                "We care about your wellbeing: free mental health support through our partner clinic.")
EEO = ("We are an equal opportunity employer. We do not accept unsolicited CVs from recruitment agencies. "
       "If you need adjustments for a disability or medical condition, let us know.")


@pytest.mark.parametrize("description, primary", [
    # A word anywhere (benefits, perks, equal-opportunity text) never beats the self-description.
    (f"Zorblat is a social video app where people meet new friends over live video chat. {HEALTH_PERKS}",
     "information_technology"),
    (f"Zorblat makes battery energy storage systems for telecom networks and data centres. {EEO}", "other"),
    (f"Zorblat is a specialist data and AI recruitment agency. We place database engineers. {EEO}",
     "human_resources"),
    (f"{HEALTH_PERKS} Zorblat is a digital bank for freelancers: accounts, savings and loans.", "finance"),
])
def test_the_self_description_beats_words_anywhere(description, primary):
    assert classify_industry("Zorblat", "Software Engineer Intern", description)[0] == primary


@pytest.mark.parametrize("description, primary", [
    # The market beats the means: "<means> for <sector>" and "<sector> <means> company" are the sector.
    ("Zorblat is a software company solving supply chain challenges for shippers.", "logistics"),
    ("Zorblat is a surgical robotics company.", "healthcare"),
    ("Zorblat builds voice AI for hotels and utilities.", "other"),
    ("Zorblat is an AI education company: its app predicts what each student knows.", "other"),
    ("Zorblat builds cloud software for banks and insurers.", "finance"),
    # ... and the means alone is information technology.
    ("Zorblat is a software company that builds developer tools.", "information_technology"),
    ("Zorblat builds AI agents and language models for developers.", "information_technology"),
])
def test_the_sector_served_beats_the_generic_means(description, primary):
    assert classify_industry("Zorblat", "Intern", description)[0] == primary


def test_an_about_section_and_the_company_name_mark_the_self_description():
    role = "You will build dashboards for our partners in banking and logistics."
    about = "About Zorblat\n\nOur carers and nurses visit older people at home across the country."
    assert classify_industry("Zorblat", "Data Analyst Intern", f"{role}\n\n{about}")[0] == "healthcare"
    named = f"{role} Zorblat Care runs home healthcare visits for older people."
    assert classify_industry("Zorblat Care", "Data Analyst Intern", named)[0] == "healthcare"


def test_korean_and_swedish_self_descriptions():
    korean = "조르블랏은 이륜차 배송 네트워크를 운영하는 라스트마일 물류 기업입니다. 복리후생: 4대보험, 종합건강검진"
    assert classify_industry("조르블랏", "데이터 분석 인턴", korean)[0] == "logistics"
    swedish = ("Zorblat är ett digitalt elbolag som säljer förnybar el till timpris. "
               "Vi erbjuder friskvårdsbidrag, tjänstepension och sjukvårdsförsäkring.")
    assert classify_industry("Zorblat", "Praktikant", swedish)[0] == "other"
    # A Korean particle right after a Latin word ("AI를") still ends the word.
    assert classify_industry("조르블랏", "인턴", "조르블랏은 대화형 AI를 만드는 회사입니다.")[0] == "information_technology"


def test_a_name_with_no_description_reads_the_name_and_a_sector_title():
    assert classify_industry("Zorblat Trading", "Software Engineer Intern", "")[0] == "finance"
    assert classify_industry("Zorblat", "Quantitative Trader Intern", "")[0] == "finance"
    assert classify_industry("Zorblat Therapeutics", "Machine Learning Intern", "")[0] == "healthcare"
    # Only the generic means of the title: a weak prior, said as such.
    decision = decide_industry("Zorblat", "Software Engineering Intern", "Terms: Summer 2026. Category: Software.")
    assert decision.industry == "information_technology" and decision.evidence == ["title: software"]
    # A startup with no sector is entrepreneurship, even with an ML title.
    startup = "We are an early-stage, venture-backed startup in stealth, founded by repeat founders."
    assert classify_industry("Zorblat", "Machine Learning Research Intern", startup)[0] == "entrepreneurship"


def test_a_sources_file_industry_wins_over_everything():
    from pipelines.tagging.industry import decide_postings, reading_of

    reading = reading_of("Stripe", "Intern", "Stripe is a payments company.")
    assert decide_postings([reading], configured="logistics").industry == "logistics"
    assert decide_postings([reading], configured="logistics").evidence[0] == "source: logistics"

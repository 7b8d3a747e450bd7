"""classify_industry: company map, keyword rules, entrepreneurship as a secondary industry."""

from __future__ import annotations

import pytest
import yaml

from pipelines.tagging.industry import INDUSTRIES, RULES_FILE, classify_industry, company_key, known_company

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
    ("Samsung", "information_technology"), ("Spotify", "information_technology"),
    ("Hewlett Packard (HP)", "information_technology"), ("Y Combinator", "entrepreneurship"),
    ("The Boeing Company", "other"),
])
def test_known_companies(company, slug):
    assert known_company(company) == slug
    assert classify_industry(company, "Intern", "", None)[0] == slug


def test_company_key_drops_legal_suffixes_only():
    assert company_key("The Capital One Financial, Inc.") == "capital one"
    assert company_key("Palantir Technologies") == "palantir"
    assert company_key("Epic Games") == "epic games" and known_company("Epic Games") is None


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

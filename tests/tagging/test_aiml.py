"""ai_ml_score: core ML roles high, title over description, AI-adjacent roles low."""

from __future__ import annotations

import pytest

from pipelines.tagging.aiml import AI_ML_THRESHOLD, ai_ml_score, is_ai_ml

ML_DESCRIPTION = (
    "You will train deep learning models in PyTorch, fine-tune LLMs, run model evaluation and "
    "publish at NeurIPS. Machine learning, computer vision and inference at scale."
)
AI_COMPANY_BLURB = "Acme is an AI company building LLM-powered agents with machine learning."


@pytest.mark.parametrize("title", [
    "Machine Learning Engineer Intern",
    "Data Science Intern",
    "Data Scientist Intern",
    "Deep Learning Research Intern",
    "NLP Research Intern",
    "Computer Vision Intern",
    "LLM Inference Intern",
    "MLOps Intern",
    "Applied Scientist Intern",
    "Quantitative Research Intern",
    "AI Engineer Intern",
    "Intern – Software Development - Machine Learning",
    "Praktikum Maschinelles Lernen",
    "머신러닝 인턴",
])
def test_core_ai_ml_titles_score_high(title):
    score = ai_ml_score(title, "")
    assert score >= AI_ML_THRESHOLD and is_ai_ml(score), (title, score)


@pytest.mark.parametrize("title, description", [
    ("Software Engineer Intern", AI_COMPANY_BLURB),        # plain software role at an "AI company"
    ("Software Engineer Intern", ML_DESCRIPTION),          # description alone never decides
    ("Account Executive, AI Sales", AI_COMPANY_BLURB),
    ("AI Sales Development Representative", ""),
    ("Marketing Intern - AI Products", AI_COMPANY_BLURB),
    ("AI Trainer - Writing", ML_DESCRIPTION),
    ("AI Data Trainer (Freelance)", ""),
    ("AI Product Manager Intern", ""),
    ("Research Scientist Intern", "Synthesize novel compounds in our chemistry lab."),
    ("Financial Analyst Intern", ""),
    ("HTML Developer", ""),
])
def test_adjacent_roles_score_low(title, description):
    score = ai_ml_score(title, description)
    assert score < AI_ML_THRESHOLD and not is_ai_ml(score), (title, score)


def test_title_weighs_much_more_than_description():
    assert ai_ml_score("Machine Learning Intern", "") > ai_ml_score("Software Engineer Intern", ML_DESCRIPTION)
    assert ai_ml_score("Software Engineer Intern", ML_DESCRIPTION) <= 0.45
    # An open title ("Research Intern") does get pushed over by an ML description.
    assert ai_ml_score("Research Intern", ML_DESCRIPTION) >= AI_ML_THRESHOLD > ai_ml_score("Research Intern", "")


def test_gig_cap_and_off_role_penalty():
    assert ai_ml_score("AI Trainer", ML_DESCRIPTION) <= 0.1
    assert ai_ml_score("Account Executive, AI Sales", "") < ai_ml_score("AI Engineer", "") / 2


def test_range_and_rounding():
    everything = "Machine Learning Deep Learning NLP Computer Vision LLM Data Scientist"
    for title, description in [(everything, ML_DESCRIPTION), ("", ""), (None, None), (12, 3.4)]:
        score = ai_ml_score(title, description)
        assert isinstance(score, float) and 0.0 <= score <= 1.0
        assert score == round(score, 3)
    assert ai_ml_score(None, None) == 0.0

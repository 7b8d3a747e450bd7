"""ai_ml_score: core ML roles high, title over description, AI-adjacent roles low."""

from __future__ import annotations

import pytest

from pipelines.tagging.aiml import AI_ML_THRESHOLD, ROLE_FAMILIES, ai_ml_score, is_ai_ml, role_family

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


# -- 0.2.0 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", [
    "Practicante de Ciencia de Datos", "Estágio em Ciência de Dados", "Cientista de Dados Pleno (HR Tech)",
    "Examensarbete: Anomalidetektion i betalningsdata med maskininlärning", "HRテック データサイエンティスト（ビズリーチ）",
    "豆包大模型研究实习生", "Software Engineer Intern, Model Serving", "NPU Compiler Engineer Intern",
    # An ML role noun keeps its score next to a business domain.
    "Machine Learning Engineer – HR Analytics", "Data Scientist – Payroll & Accounting Insights",
    "Data Scientist Intern – Recruiting Analytics",
])
def test_more_ai_ml_titles(title):
    assert is_ai_ml(ai_ml_score(title, "We build models in Python.")), title


@pytest.mark.parametrize("title", [
    "Software Engineering Intern – Frontend (Not ML)", "Investment Analyst (AI & Deep Tech)",
    "Strategy Consultant Intern – AI & Analytics", "데이터 라벨링 작업자 (AI 학습데이터, 재택)", "AI 컨택센터 상담원 (계약직)",
])
def test_more_adjacent_roles(title):
    assert not is_ai_ml(ai_ml_score(title, "")), title


@pytest.mark.parametrize("title, family", [
    ("Quantitative Researcher Intern (Machine Learning)", "quant"),
    ("Machine Learning Engineer (LLM Platform)", "ml_infrastructure"),
    ("Software Engineer Intern, Model Serving", "ml_infrastructure"),
    ("Data Scientist – Supply Chain Forecasting", "data_science"),
    ("Cientista de Dados Pleno", "data_science"),
    ("Research Scientist Intern, Video-Language Models", "research"),
    ("인공지능 연구 인턴 (학생연구원)", "research"),
    ("LLM Research Engineer (Solar Pre-training)", "research"),
    ("Machine Learning Engineer – Demand Forecasting", "ml_engineering"),
    ("Computer Vision Engineer", "ml_engineering"),
    ("Summer Internship – Actuarial & Data", "data_science"),
])
def test_role_family(title, family):
    assert family in ROLE_FAMILIES
    assert role_family(title, "", True) == family


def test_role_family_is_other_for_non_ai_roles():
    assert role_family("Machine Learning Engineer", "", False) == "other"
    assert role_family(None, None, True) in ROLE_FAMILIES


# -- 0.4.0: the title names the ML work, whoever the employer is -------------------------------------


@pytest.mark.parametrize("title", [
    "Machine Learning Engineering Intern, Venture Studio",  # "venture" beside ML engineering
    "ML Engineering Intern (Ventures)",
    "ML Research Intern – Investments",
    "Deep Learning Research Intern, Strategy",
    "[채용연계형 인턴] 모델 경량화 엔지니어",  # model compression engineer
    "OCR 모델 연구 인턴",  # OCR model research
    "신용평가모델 개발 인턴",  # credit-scoring model development
    "Examensarbete: prognosmodeller för energilager",  # forecasting models, in Swedish
])
def test_titles_naming_ml_engineering_or_research_are_ai_ml(title):
    assert is_ai_ml(ai_ml_score(title, "")), title


@pytest.mark.parametrize("title", [
    "Marketing Intern, AI Research Lab",  # the lab is AI; the role is marketing
    "Venture Studio Intern",
    "Investment Intern – AI Ventures",
    "배차 최적화 알고리즘 인턴",  # dispatch optimisation, not ML
])
def test_off_role_titles_next_to_ml_words_stay_out(title):
    assert not is_ai_ml(ai_ml_score(title, "")), title

"""extract_skills: canonical ids in taxonomy order; R, Go and C only as real tokens."""

from __future__ import annotations

import time

import pytest

from pipelines.tagging.skills import extract_skills, taxonomy

REQUIRED = ["python", "r", "sql", "pandas", "numpy", "scikit_learn", "pytorch", "tensorflow", "jax", "hugging_face",
            "llm", "nlp", "computer_vision", "reinforcement_learning", "spark", "aws", "gcp", "azure", "docker",
            "kubernetes", "git", "statistics", "probability", "linear_algebra", "communication", "java", "cpp",
            "javascript", "excel", "tableau"]


def test_taxonomy_covers_required_ids_once_with_names():
    ids = [s.id for s in taxonomy()]
    assert len(ids) == len(set(ids))
    assert set(REQUIRED) <= set(ids)
    assert all(s.name for s in taxonomy())


@pytest.mark.parametrize("text, expected", [
    ("Experience with Python, R, SQL and pandas/NumPy.", ["python", "r", "sql", "pandas", "numpy"]),
    ("R or Python", ["python", "r"]),
    ("Python/R", ["python", "r"]),
    ("Proficient in R.", ["r"]),
    ("PyTorch, TensorFlow or JAX; Hugging Face transformers", ["pytorch", "tensorflow", "jax", "hugging_face"]),
    ("LLMs, NLP and computer vision; reinforcement learning (RL)",
     ["llm", "nlp", "computer_vision", "reinforcement_learning"]),
    ("Spark and AWS/GCP/Azure, Docker, Kubernetes, Git",
     ["spark", "aws", "gcp", "azure", "docker", "kubernetes", "git"]),
    ("statistics, probability, linear algebra; strong communication skills",
     ["statistics", "probability", "linear_algebra", "communication"]),
    ("Proficiency in C/C++ and Java; JavaScript a plus", ["java", "cpp", "c", "javascript"]),
    ("Go, Rust or C++", ["cpp", "go", "rust"]),
    ("Advanced Excel and Tableau dashboards", ["excel", "tableau"]),
    ("scikit-learn (sklearn)", ["scikit_learn"]),
])
def test_extracts(text, expected):
    assert extract_skills(text) == expected


@pytest.mark.parametrize("text", [
    "Our R&D team works on R-squared estimates.",
    "We raised a Series C, backed by top VCs.",
    "Go beyond your limits; you will excel in a fast-paced environment.",
    "Spark curiosity with a great presentation.",
    "Are you ready? Remember to read the requirements carefully.",
    "International candidates welcome; javascript-free page.",
])
def test_ordinary_words_are_not_skills(text):
    found = extract_skills(text)
    assert not {"r", "c", "go", "excel", "spark", "java"} & set(found), found


def test_order_and_dedup():
    assert extract_skills("SQL sql Python python PYTHON SQL") == ["python", "sql"]


def test_odd_inputs_and_long_text():
    assert extract_skills(None) == [] and extract_skills("") == [] and extract_skills(123) == []
    started = time.perf_counter()
    assert extract_skills("Python, R, SQL and machine learning with C++. " * 25_000) == [
        "python", "r", "sql", "machine_learning", "cpp"]
    assert time.perf_counter() - started < 5

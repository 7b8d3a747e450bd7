"""Build the demo sample: 12 fictional companies' Greenhouse boards and their 6-night timeline.

Run `python -m pipelines.demo.build_sample` after editing the spec below; it rewrites
`boards/*.json` (exact Greenhouse `GET /v1/boards/{board}/jobs?content=true` responses holding
every job that ever exists on the board) and `schedule.yaml` (which job is visible on which
night, what changes when, which board is down). The output is deterministic and committed.
All companies, people and postings here are invented for the demo.
"""

from __future__ import annotations

import html
import json
import random
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent / "sample"
NIGHTS = 6

# board, company, our industry label, company intro, offices (location strings as boards write them)
COMPANIES = [
    ("lumenlabs", "Lumen AI Labs", "information_technology",
     "Lumen AI Labs is an AI research lab building open foundation models and the developer platform that serves them.",
     ["London, UK", "San Francisco, CA", "Seoul, South Korea", "Remote - US"]),
    ("kestrelsemi", "Kestrel Semiconductor", "information_technology",
     "Kestrel Semiconductor designs low-power AI accelerator chips and the compiler software stack for data centres and devices.",
     ["Austin, TX", "Tokyo, Japan", "Seoul, Korea", "Bangalore, India"]),
    ("tidewaterpay", "Tidewater Payments", "finance",
     "Tidewater Payments is a fintech company running card payments, merchant acquiring and fraud prevention for online businesses in 40 countries.",
     ["London, England, United Kingdom", "Singapore", "Stockholm, Sweden", "Amsterdam, Netherlands"]),
    ("northstarmarkets", "Northstar Markets", "finance",
     "Northstar Markets is a proprietary trading firm and market maker in equities, options and futures across global exchanges.",
     ["New York, NY", "London, UK", "Singapore", "Sydney, Australia"]),
    ("aurorainsure", "Aurora Insurance", "finance",
     "Aurora Insurance is a digital insurer offering home, travel and health cover, with claims handled in minutes.",
     ["Zurich, Switzerland", "Toronto, ON, Canada", "Singapore"]),
    ("helixabio", "Helixa Bio", "healthcare",
     "Helixa Bio is a biotech company using machine learning on protein and clinical trial data to discover new medicines.",
     ["Cambridge, MA", "Boston, MA", "London, UK", "Zurich, Switzerland"]),
    ("vireohealth", "Vireo Health", "healthcare",
     "Vireo Health builds medical imaging software for hospitals: our tools help radiologists read scans faster and catch disease earlier.",
     ["Stockholm, Sweden", "Berlin, Germany", "Tel Aviv, Israel", "Seoul, South Korea"]),
    ("polarisfreight", "Polaris Freight", "logistics",
     "Polaris Freight is a digital freight forwarder and supply chain platform moving ocean, air and truck shipments for 5,000 shippers.",
     ["Amsterdam, Netherlands", "Singapore", "Chicago, IL", "Hamburg, Germany"]),
    ("kitedelivery", "Kite Delivery", "logistics",
     "Kite Delivery runs same-day parcel delivery and last-mile logistics, with our own fleet and route optimisation.",
     ["Seoul, South Korea", "Bengaluru, Karnataka, India", "Tokyo, Japan", "Singapore"]),
    ("seedline", "Seedline Ventures", "entrepreneurship",
     "Seedline Ventures is a startup accelerator and venture studio: we fund pre-seed founders, co-found companies with them and back them from idea to Series A.",
     ["Stockholm, Sweden", "Berlin, Germany", "Singapore", "Tel Aviv, Israel"]),
    ("talentbridge", "TalentBridge", "human_resources",
     "TalentBridge is an HR tech company: payroll, HRIS and a recruiting platform used by 12,000 employers to hire and pay their people.",
     ["Dublin, Ireland", "Toronto, ON, Canada", "London, UK", "Remote (Europe)"]),
    ("mosaicretail", "Mosaic Retail Group", "other",
     "Mosaic Retail Group operates 900 fashion and home stores and an online shop across Europe and Asia-Pacific.",
     ["Paris, France", "Stockholm, Sweden", "Sydney, Australia", "London, UK"]),
]

# key -> (title, intern?, department, responsibilities, skills asked for)
ROLES = {
    "ml_intern": ("Machine Learning Intern", True, "Machine Learning",
                  "Train and evaluate machine learning models on our production data, run experiments and present results to the team.",
                  ["Python", "PyTorch", "scikit-learn", "SQL", "Git"]),
    "ds_intern": ("Data Science Intern (Summer 2027)", True, "Data Science",
                  "Build statistical models and dashboards that answer product questions, from A/B tests to forecasting.",
                  ["Python", "pandas", "SQL", "statistics", "probability"]),
    "research_intern": ("AI Research Intern - PhD", True, "Research",
                        "Work with our research scientists on large language models and deep learning, aiming for a publication.",
                        ["PyTorch", "JAX", "LLMs", "NLP", "linear algebra"]),
    "cv_intern": ("Computer Vision Intern", True, "Perception",
                  "Develop deep learning models for image segmentation and object detection and help deploy them.",
                  ["Python", "PyTorch", "computer vision", "Docker"]),
    "nlp_intern": ("NLP Engineer Intern", True, "Machine Learning",
                   "Fine-tune transformer models with Hugging Face for classification and retrieval over support conversations.",
                   ["Python", "Hugging Face", "NLP", "LLMs"]),
    "quant_intern": ("Quantitative Research Intern", True, "Quantitative Research",
                     "Research predictive signals with machine learning and statistics on market data and test them in simulation.",
                     ["Python", "statistics", "probability", "machine learning", "C++"]),
    "werkstudent": ("Werkstudent Machine Learning (m/w/d)", True, "Data & AI",
                    "Support our ML team 20 hours a week alongside your studies: data pipelines, model training and evaluation.",
                    ["Python", "Spark", "scikit-learn", "SQL"]),
    "swe_intern": ("Software Engineering Intern", True, "Engineering",
                   "Ship features in our backend services and web app with a mentor from the team.",
                   ["Java", "JavaScript", "SQL", "Git"]),
    "biz_intern": ("Business Analyst Intern", True, "Strategy",
                   "Analyse market and customer data in Excel and Tableau and prepare recommendations for leadership.",
                   ["Excel", "Tableau", "SQL", "communication"]),
    "mle": ("Machine Learning Engineer", False, "Machine Learning",
            "Own ML systems end to end: feature pipelines, model training, serving and monitoring in production.",
            ["Python", "TensorFlow", "PyTorch", "Kubernetes", "AWS"]),
    "ds": ("Data Scientist", False, "Data Science",
           "Turn data into decisions with causal inference, forecasting and machine learning models.",
           ["Python", "R", "SQL", "statistics"]),
    "rs": ("Research Scientist, NLP", False, "Research",
           "Lead research on large language models, from pre-training data to evaluation.",
           ["PyTorch", "LLMs", "NLP", "reinforcement learning"]),
    "mlops": ("MLOps Engineer", False, "Platform",
              "Build the ML platform: training clusters, model registry, CI for models, GPU scheduling.",
              ["Kubernetes", "Docker", "GCP", "Python"]),
    "backend": ("Backend Engineer", False, "Engineering",
                "Design and run the APIs and services our customers depend on.",
                ["Java", "SQL", "AWS", "Docker"]),
    "ae_ai": ("Account Executive, AI Solutions", False, "Sales",
              "Sell our AI products to enterprise customers, manage the pipeline and close deals.",
              ["communication", "Excel"]),
    "designer": ("Product Designer", False, "Design",
                 "Design clear, accessible product experiences from research to polished UI.",
                 ["communication"]),
    "recruiter": ("Technical Recruiter", False, "People",
                  "Hire engineers and scientists: sourcing, interviews and offers.",
                  ["communication"]),
    "program_mgr": ("Internship Program Manager", False, "People",
                    "Run our internship programme: recruiting interns, onboarding, mentors and events.",
                    ["communication", "Excel"]),
    "finops": ("Finance Operations Analyst", False, "Finance",
               "Own month-end close, reconciliations and reporting.",
               ["Excel", "SQL"]),
    "intl_logistics": ("International Logistics Coordinator", False, "Operations",
                       "Coordinate international shipments, customs paperwork and carriers.",
                       ["Excel", "communication"]),
    "ops": ("Warehouse Operations Associate", False, "Operations",
            "Keep our warehouse running: receiving, picking, packing and dispatch.",
            ["communication"]),
}

# per board: role keys in order (one job each); every board mixes interns and full-time roles
BOARD_ROLES = {
    "lumenlabs": ["research_intern", "ml_intern", "nlp_intern", "rs", "mle", "mlops", "ae_ai", "designer", "swe_intern", "recruiter"],
    "kestrelsemi": ["ml_intern", "cv_intern", "swe_intern", "mle", "backend", "mlops", "ae_ai", "finops"],
    "tidewaterpay": ["ml_intern", "ds_intern", "swe_intern", "ds", "mle", "backend", "finops", "ae_ai", "biz_intern"],
    "northstarmarkets": ["quant_intern", "quant_intern", "swe_intern", "ds", "mle", "backend", "finops", "recruiter"],
    "aurorainsure": ["ds_intern", "biz_intern", "ds", "mle", "backend", "finops", "designer", "swe_intern"],
    "helixabio": ["ml_intern", "ds_intern", "research_intern", "ds", "mle", "rs", "ops", "program_mgr", "finops"],
    "vireohealth": ["cv_intern", "werkstudent", "ml_intern", "mle", "ds", "backend", "designer", "ae_ai"],
    "polarisfreight": ["ds_intern", "ml_intern", "biz_intern", "ds", "intl_logistics", "ops", "backend", "finops", "mlops"],
    "kitedelivery": ["ml_intern", "ds_intern", "swe_intern", "mle", "ds", "ops", "intl_logistics", "recruiter"],
    "seedline": ["biz_intern", "ds_intern", "werkstudent", "ds", "ae_ai", "program_mgr", "recruiter", "finops"],
    "talentbridge": ["ml_intern", "nlp_intern", "swe_intern", "ds", "mle", "recruiter", "program_mgr", "backend", "designer"],
    "mosaicretail": ["ds_intern", "biz_intern", "ml_intern", "ds", "designer", "ops", "finops", "ae_ai"],
}

STUDENT_PERKS = [
    "You will have a dedicated mentor and a 12-week project of your own.",
    "Strong interns receive a return offer for a full-time role after graduation.",
    "We provide housing support and relocation for interns moving to the city.",
    "We sponsor visas for interns where needed.",
    "No prior industry experience is required; curiosity matters more.",
]
WORK_MODES = ["", " (Hybrid)", ""]
BOARD_DOWN = {"kitedelivery": 4}  # board -> night it answers 503


def job_content(intro: str, responsibilities: str, skills: list[str], intern: bool, rnd: random.Random) -> str:
    perks = rnd.sample(STUDENT_PERKS, 2) if intern else []
    parts = [
        f'<div class="content-intro"><p>{html.escape(intro)}</p></div>',
        "<h3>What you will do</h3>",
        f"<p>{html.escape(responsibilities)}</p>",
        "<h3>What we look for</h3><ul>",
        *[f"<li>Experience with {html.escape(s)}</li>" for s in skills],
        "</ul>",
        *([f"<h3>For students</h3><p>{html.escape(' '.join(perks))}</p>"] if perks else []),
        '<div class="content-conclusion"><p>We are an equal opportunity employer.</p></div>',
    ]
    # Greenhouse escapes the HTML once more inside the JSON string: &lt;p&gt;
    return html.escape("".join(parts), quote=True)


def build() -> tuple[dict[str, dict], dict]:
    rnd = random.Random(20261125)
    boards: dict[str, dict] = {}
    schedule: dict = {"nights": NIGHTS, "board_down": dict(BOARD_DOWN), "jobs": {}}
    next_id = 4_700_000_001
    for b_index, (board, company, _industry, intro, offices) in enumerate(COMPANIES):
        jobs = []
        for r_index, role in enumerate(BOARD_ROLES[board]):
            title, intern, department, responsibilities, skills = ROLES[role]
            location = offices[r_index % len(offices)]
            if not location.startswith("Remote"):
                location += WORK_MODES[(b_index + r_index) % len(WORK_MODES)]
            if role == "werkstudent" and "Berlin" not in location:
                location = "Berlin, Germany"
            job_id = next_id
            next_id += 1 + rnd.randrange(3)
            office_name = location.split(",")[0].replace(" (Hybrid)", "")
            jobs.append({
                "absolute_url": f"https://job-boards.greenhouse.io/{board}/jobs/{job_id}",
                "data_compliance": [{"type": "gdpr", "requires_consent": False, "requires_processing_consent": False,
                                     "requires_retention_consent": False, "retention_period": None,
                                     "demographic_data_consent_applies": location.endswith(("UK", "Sweden", "Germany", "Netherlands", "France", "Ireland", "Switzerland", "Kingdom"))}],
                "internal_job_id": job_id - 1_300_000_000,
                "location": {"name": location},
                "metadata": [{"id": 4_000_000_001, "name": "Employment Type", "value": "Intern" if intern else "Regular",
                              "value_type": "single_select"}],
                "id": job_id,
                "updated_at": "2026-10-01T09:00:00-04:00",
                "requisition_id": f"R-{job_id % 100000:05d}",
                "title": title,
                "company_name": company,
                "first_published": "2026-10-01T09:00:00-04:00",
                "language": "en",
                "application_deadline": None,
                "content": job_content(intro, responsibilities, skills, intern, rnd),
                "departments": [{"id": 4_100_000_000 + r_index, "name": department, "child_ids": [], "parent_id": None}],
                "offices": [{"id": 4_200_000_000 + b_index * 10 + r_index % len(offices), "name": office_name,
                             "location": location.replace(" (Hybrid)", ""), "child_ids": [], "parent_id": None}],
                "ai_disclaimer": None,
                "include_ai_disclaimer": None,
                "ai_opt_out_request_url": None,
            })
            # Timeline: internships ramp up over the nights, some roles close, a few are edited.
            entry: dict = {}
            roll = rnd.random()
            if intern and roll < 0.45:
                start = rnd.randint(2, NIGHTS)
                entry["nights"] = list(range(start, NIGHTS + 1))
            elif not intern and roll < 0.25:
                end = rnd.randint(1, NIGHTS - 1)
                entry["nights"] = list(range(1, end + 1))
            if rnd.random() < 0.12:
                night = rnd.randint(2, NIGHTS)
                entry["changes"] = {night: {"title": f"Senior {title}" if not intern else f"{title} - 2027"}}
            if entry:
                schedule["jobs"][job_id] = entry
        boards[board] = {"jobs": jobs, "meta": {"total": len(jobs)}}
    # One posting disappears for two nights and comes back (a re-post, or a board hiccup).
    first_ds = next(j["id"] for j in boards["tidewaterpay"]["jobs"] if j["title"] == "Data Scientist")
    schedule["jobs"][first_ds] = {"nights": [1, 2, 5, 6]}
    # One content edit without a title change (a new paragraph).
    mle = next(j["id"] for j in boards["helixabio"]["jobs"] if j["title"] == "Machine Learning Engineer")
    schedule["jobs"][mle] = {"changes": {3: {"content_append": "<p>New: this team now also works on single-cell data.</p>"}}}
    return boards, schedule


def main() -> None:
    boards, schedule = build()
    out = HERE / "boards"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for board, payload in boards.items():
        (out / f"{board}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    companies = [{"board": b, "company": c, "industry": i} for b, c, i, _, _ in COMPANIES]
    doc = {"nights": schedule["nights"], "companies": companies, "board_down": schedule["board_down"], "jobs": schedule["jobs"]}
    header = "# Generated by pipelines/demo/build_sample.py: the demo's night-by-night timeline.\n"
    (HERE / "schedule.yaml").write_text(header + yaml.safe_dump(doc, sort_keys=False, width=120), encoding="utf-8")
    total = sum(len(p["jobs"]) for p in boards.values())
    print(f"wrote {len(boards)} boards, {total} jobs, {len(schedule['jobs'])} scheduled changes")


if __name__ == "__main__":
    main()

"""Build the demo sample: 12 fictional companies' Greenhouse boards (one company has a second,
regional board), a community internship list, and their 6-night timeline.

Run `python -m pipelines.demo.build_sample` after editing the spec below; it rewrites
`boards/*.json` (exact Greenhouse `GET /v1/boards/{board}/jobs?content=true` responses holding
every job that ever exists on the board), `listings.json` (every row the community list ever
shows, in the `listings.json` format of SimplifyJobs-style lists) and `schedule.yaml` (which job
and list row is visible on which night, what changes when, which board is down). The output is
deterministic and committed. All companies, people and postings here are invented for the demo.

What the sample holds for the questions people ask: internships that state pay (figures and
ranges in GBP, SGD, USD, SEK, KRW, EUR, CHF, JPY, CAD and AUD, per month or per hour), two unpaid ones,
return offers and beginner-friendly wording; and duplicates across sources: most list rows link
the very Greenhouse posting (its ``absolute_url``), a few name a board's job with other words
and no link, a few are jobs no board has, and one job is on two boards of one company.
"""

from __future__ import annotations

import copy as copy_module
import html
import json
import random
import uuid
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
    # A regional board of Tidewater Payments: its Singapore data science internship is also on the
    # main board (the same job, posted twice: see MIRRORED).
    ("tidewaterasia", "Tidewater Payments", "finance",
     "Tidewater Payments Asia runs the company's card acquiring and fraud prevention for merchants across Southeast Asia.",
     ["Singapore"]),
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
    "tidewaterasia": ["ds_intern", "biz_intern"],
}
# (board, role) -> (board, role) it copies: the same job on a second board (title, text, timeline).
MIRRORED = {("tidewaterasia", "ds_intern"): ("tidewaterpay", "ds_intern")}

STUDENT_PERKS = [
    "You will have a dedicated mentor and a 12-week project of your own.",
    "Strong interns receive a return offer for a full-time role after graduation.",
    "We provide housing support and relocation for interns moving to the city.",
    "We sponsor visas for interns where needed.",
    "No prior industry experience is required; curiosity matters more.",
]
WORK_MODES = ["", " (Hybrid)", ""]
BOARD_DOWN = {"kitedelivery": 4}  # board -> night it answers 503

# Pay as boards state it in the description, by the office's city (the first listed city found in
# the location wins). Every wording here is one the tagger reads (`internradar tag`).
PAY_BY_CITY = [
    (("London",), ["Pay: £2,400 per month.", "Pay: £2,200 - £2,600 per month, plus a travel allowance."]),
    (("Singapore",), ["Pay: SGD 1,800 - 2,500 per month."]),
    (("Stockholm",), ["Lön: SEK 28 000 i månaden."]),
    (("Seoul",), ["Pay: ₩2,500,000 per month."]),
    (("Tokyo",), ["Pay: ¥250,000 per month."]),
    (("Zurich",), ["Pay: CHF 2,800 per month."]),
    (("Toronto",), ["Pay: CAD 28 per hour."]),
    (("Sydney",), ["Pay: AUD 38 per hour."]),
    (("Bangalore", "Bengaluru"), ["Pay: INR 50,000 per month."]),
    (("Berlin", "Hamburg", "Amsterdam", "Paris", "Dublin"), ["Pay: EUR 1,600 per month.", "Pay: EUR 16 per hour."]),
    (("San Francisco", "Austin", "New York", "Chicago", "Cambridge", "Boston", "Remote - US"),
     ["Pay: USD 45/hour.", "Pay: USD 40 - 52 per hour."]),
]
PAID_NO_FIGURE = "This is a paid internship."
UNPAID = {("seedline", "biz_intern"), ("mosaicretail", "biz_intern")}
UNPAID_TEXT = "This internship is unpaid; we cover lunch and travel to the office."
CONVERSION = "Interns who do well convert to full-time offers at the end of the programme."
BEGINNER = "No experience needed: first- and second-year students are welcome to apply."

# The community internship list: where the demo serves it and what its rows say.
LIST_BOARD = "Summer2027-Internships"
LIST_PATH = f"/SimplifyJobs/{LIST_BOARD}/dev/.github/scripts/listings.json"
# Internships the list names in its own words and without a link to the board (fuzzy duplicates).
LIST_REWORDED = {
    ("helixabio", "ml_intern"): ("Intern, Machine Learning", "Cambridge, MA"),
    ("vireohealth", "cv_intern"): ("Computer Vision Internship", "Stockholm, Sweden"),
    ("kitedelivery", "ml_intern"): ("ML Intern", "Seoul, Korea"),
    ("northstarmarkets", "quant_intern"): ("Quantitative Research Internship", "NYC"),
}
# Internships the list leaves out.
LIST_SKIPPED = {("aurorainsure", "biz_intern"), ("polarisfreight", "biz_intern"), ("kestrelsemi", "swe_intern")}
# Jobs no demo board has: (company, title, location, terms, first night, careers page).
LIST_ONLY = [
    ("Orchid Robotics", "Robotics Perception Intern", "Seoul, Korea", "Summer 2027", 2,
     "https://careers.orchid-robotics.example/jobs/robotics-perception-intern"),
    ("Nimbus Analytics", "Data Engineering Intern", "Stockholm, Sweden", "Summer 2027", 1,
     "https://nimbus-analytics.example/careers/data-engineering-intern"),
    ("Pinecrest Capital", "Quantitative Trading Intern", "Singapore", "Summer 2027", 4,
     "https://www.pinecrest-capital.example/students/quantitative-trading-intern"),
]
# How lists write some places.
LIST_PLACES = {"San Francisco, CA": "SF", "New York, NY": "NYC", "Remote - US": "Remote in USA",
               "London, England, United Kingdom": "London, UK", "Seoul, South Korea": "Seoul, Korea"}
LIST_EPOCH = 1790845200  # 2026-10-01 09:00 UTC: date_posted of every row before the demo dates them


def job_content(intro: str, responsibilities: str, skills: list[str], intern: bool, rnd: random.Random,
                pay: str | None = None, extras: list[str] | None = None) -> str:
    perks = rnd.sample(STUDENT_PERKS, 2) + (extras or []) if intern else []
    parts = [
        f'<div class="content-intro"><p>{html.escape(intro)}</p></div>',
        "<h3>What you will do</h3>",
        f"<p>{html.escape(responsibilities)}</p>",
        "<h3>What we look for</h3><ul>",
        *[f"<li>Experience with {html.escape(s)}</li>" for s in skills],
        "</ul>",
        *([f"<h3>For students</h3><p>{html.escape(' '.join(perks))}</p>"] if perks else []),
        *([f"<h3>Pay</h3><p>{html.escape(pay)}</p>"] if pay else []),
        '<div class="content-conclusion"><p>We are an equal opportunity employer.</p></div>',
    ]
    # Greenhouse escapes the HTML once more inside the JSON string: &lt;p&gt;
    return html.escape("".join(parts), quote=True)


def student_terms(board: str, role: str, location: str) -> tuple[str | None, list[str]]:
    """What an internship says about pay, and the conversion or beginner wording it adds: drawn
    from its own seed, so the rest of the sample does not move when these change."""
    rnd = random.Random(f"pay:{board}:{role}:{location}")
    if (board, role) in UNPAID:
        pay = UNPAID_TEXT
    else:
        stated = next((options for cities, options in PAY_BY_CITY if any(c in location for c in cities)), None)
        roll = rnd.random()
        pay = rnd.choice(stated) if stated and roll < 0.7 else PAID_NO_FIGURE if roll < 0.8 else None
    extras = [text for text, chance in ((CONVERSION, 0.3), (BEGINNER, 0.3)) if rnd.random() < chance]
    return pay, extras


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
            pay, extras = student_terms(board, role, location) if intern else (None, [])
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
                "content": job_content(intro, responsibilities, skills, intern, rnd, pay, extras),
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
                end = NIGHTS
                if start <= NIGHTS - 2 and rnd.random() < 0.6:  # filled: closes before the last night
                    end = rnd.randint(start + 1, NIGHTS - 1)
                entry["nights"] = list(range(start, end + 1))
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
    for (board, role), (source_board, source_role) in MIRRORED.items():
        copy, original = job_of(boards, board, role), job_of(boards, source_board, source_role)
        copy.update(title=original["title"], content=original["content"], departments=original["departments"])
        schedule["jobs"].pop(copy["id"], None)
        if original["id"] in schedule["jobs"]:
            schedule["jobs"][copy["id"]] = copy_module.deepcopy(schedule["jobs"][original["id"]])
    return boards, schedule


def job_of(boards: dict[str, dict], board: str, role: str) -> dict:
    """The first job of `role` on `board`."""
    index = BOARD_ROLES[board].index(role)
    return boards[board]["jobs"][index]


def visible_nights(schedule: dict, job_id: int) -> list[int]:
    return list(schedule["jobs"].get(job_id, {}).get("nights", range(1, NIGHTS + 1)))


def listing_row(row_id: str, company: str, title: str, url: str, location: str, terms: list[str],
                category: str, degrees: list[str], sponsorship: str) -> dict:
    """One row of the list, in the list's own format (dates are set per night by the server)."""
    return {
        "source": "Simplify", "company_name": company, "id": row_id, "title": title, "active": True,
        "terms": terms, "date_posted": LIST_EPOCH, "date_updated": LIST_EPOCH, "url": url, "locations": [location],
        "company_url": "", "is_visible": True, "sponsorship": sponsorship, "category": category, "degrees": degrees,
    }


def build_listings(boards: dict[str, dict], schedule: dict) -> tuple[list[dict], dict[str, dict]]:
    """The list's rows and the nights each is open (absent before, closed after)."""
    rnd = random.Random("listings")
    rows: list[dict] = []
    nights: dict[str, dict] = {}
    mirrors = set(MIRRORED)
    for board, company, _industry, _intro, _offices in COMPANIES:
        for role, job in zip(BOARD_ROLES[board], boards[board]["jobs"]):
            title, intern, _, _, _ = ROLES[role]
            if not intern or (board, role) in LIST_SKIPPED or (board, role) in mirrors:
                continue
            row_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"internradar-demo:{LIST_BOARD}:{job['id']}"))
            location = job["location"]["name"].replace(" (Hybrid)", "")
            # Only the first job of a role is reworded; a second one (another city) is linked.
            if (board, role) in LIST_REWORDED and job is job_of(boards, board, role):
                listed_title, location = LIST_REWORDED[(board, role)]
                url = f"https://careers.{board}.example/jobs/{job['id']}"
            else:
                listed_title, url = title.replace(" (Summer 2027)", ""), job["absolute_url"]
            category = "Quant" if role == "quant_intern" else "Software" if role == "swe_intern" else \
                "Product" if role == "biz_intern" else "AI/ML/Data"
            degrees = ["PhD"] if "PhD" in title else ["Bachelor's", "Master's"]
            terms = ["Fall 2026"] if role == "werkstudent" else ["Summer 2027"]
            sponsorship = rnd.choice(["Offers Sponsorship", "Does Not Offer Sponsorship", "Other"])
            rows.append(listing_row(row_id, company, listed_title, url, LIST_PLACES.get(location, location), terms,
                                    category, degrees, sponsorship))
            seen = visible_nights(schedule, job["id"])
            lag = rnd.choice([0, 0, 1])  # lists often add a posting a night after it appears
            open_nights = [n for n in seen if n >= min(seen[0] + lag, seen[-1])]
            if open_nights != list(range(1, NIGHTS + 1)):
                nights[row_id] = {"nights": open_nights}
    for company, title, location, term, first, url in LIST_ONLY:
        row_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"internradar-demo:{LIST_BOARD}:{company}:{title}"))
        rows.append(listing_row(row_id, company, title, url, location, [term], "AI/ML/Data", ["Bachelor's"],
                                "Other"))
        if first > 1:
            nights[row_id] = {"nights": list(range(first, NIGHTS + 1))}
    # Rows the list keeps but does not show: a repeat its editors hid, and last year's closed job.
    lumen = job_of(boards, "lumenlabs", "ml_intern")
    hidden = listing_row(str(uuid.uuid5(uuid.NAMESPACE_URL, "internradar-demo:hidden-repeat")), "Lumen AI Labs",
                         "Machine Learning Intern", lumen["absolute_url"], "SF", ["Summer 2027"], "AI/ML/Data",
                         ["Bachelor's"], "Other")
    closed = listing_row(str(uuid.uuid5(uuid.NAMESPACE_URL, "internradar-demo:closed-2026")), "Kestrel Semiconductor",
                         "Hardware Design Intern", "https://careers.kestrelsemi.example/jobs/hardware-design-intern-2026",
                         "Austin, TX", ["Summer 2026"], "Hardware", ["Bachelor's"], "Other")
    hidden["is_visible"], closed["active"] = False, False
    rows += [hidden, closed]
    return rows, nights


def main() -> None:
    boards, schedule = build()
    out = HERE / "boards"
    out.mkdir(exist_ok=True)
    for old in out.glob("*.json"):
        old.unlink()
    for board, payload in boards.items():
        (out / f"{board}.json").write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    rows, list_nights = build_listings(boards, schedule)
    (HERE / "listings.json").write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    companies = [{"board": b, "company": c, "industry": i} for b, c, i, _, _ in COMPANIES]
    doc = {"nights": schedule["nights"], "companies": companies, "board_down": schedule["board_down"],
           "jobs": schedule["jobs"], "listings": {"board": LIST_BOARD, "path": LIST_PATH, "rows": list_nights}}
    header = "# Generated by pipelines/demo/build_sample.py: the demo's night-by-night timeline.\n"
    (HERE / "schedule.yaml").write_text(header + yaml.safe_dump(doc, sort_keys=False, width=120), encoding="utf-8")
    total = sum(len(p["jobs"]) for p in boards.values())
    print(f"wrote {len(boards)} boards, {total} jobs, {len(schedule['jobs'])} scheduled changes, "
          f"{len(rows)} list rows")


if __name__ == "__main__":
    main()

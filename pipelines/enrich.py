"""Clean postings to tagged postings: the same tagging code `internradar tag` runs."""

from __future__ import annotations

import pandas as pd

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Callable, Iterator

from pipelines.tagging import TAG_FIELDS, TAGGER_VERSION, decide_group, employer_groups, tag_night, tag_with_readings
from pipelines.tagging.stored import ReadingStore


def tagger_input(row: dict) -> dict:
    """The `internradar tag` input shape for one clean posting row, plus its `source` and the
    source's configured industry (`source_industry`, from a sources-file `industry:`)."""
    return {
        "source": row.get("source"),
        "source_industry": row.get("source_industry"),
        "title": row.get("title"),
        "company": row.get("company"),
        "location": list(row.get("locations") or []),
        "description": row.get("description_text"),
        "employment_type": row.get("employment_type"),
        "department": row.get("department"),
        "workplace_type": row.get("workplace_type"),
        "compensation": row.get("compensation"),
    }


def tag_frame(clean: pd.DataFrame) -> pd.DataFrame:
    """Add every tag column (and the tagger version) to a frame of clean postings.

    Each posting is tagged on its own, then each employer's industry is decided once for the
    night from all its postings (`tag_night`: grouped by company name, whichever board a posting
    came from; a company is one company), and a sources-file `industry:` wins."""
    records = clean.to_dict("records")
    tags = tag_night([tagger_input(r) for r in records])
    tagged = clean.copy()
    for name in TAG_FIELDS:
        tagged[name] = pd.Series([t[name] for t in tags], index=clean.index, dtype=object)
    tagged["tagger_version"] = TAGGER_VERSION
    return tagged


def tag_versions(clean: pd.DataFrame) -> pd.DataFrame:
    """Each clean posting's own tags, its industry reading (`industry_reading`, compact JSON: what
    the employer-level decision reads, kept with the version) and the tagger version. The
    employer-level industry is decided afterwards, over every posting of the night
    (`settle_night`), so that postings not tagged again tonight count too."""
    records = clean.to_dict("records")
    pairs = tag_with_readings([tagger_input(r) for r in records])
    del records
    tagged = clean.copy(deep=False)  # new columns only: the clean ones are shared, not copied
    for name in TAG_FIELDS:
        tagged[name] = pd.Series([tags[name] for tags, _ in pairs], index=clean.index, dtype=object)
    tagged["industry_reading"] = pd.Series([reading for _, reading in pairs], index=clean.index, dtype=object)
    tagged["tagger_version"] = TAGGER_VERSION
    return tagged


# What an employer-level industry decision sets on each of its postings' versions.
DECISION_FIELDS = ("industry", "industries", "industry_evidence")


def _as_list(value) -> list:
    """A list column's value (None, a list, or the numpy array pandas reads back) as a list."""
    return [] if value is None else list(value)


def industry_state(industry: str | None, industries, evidence) -> str:
    """The industry fields of a version as one comparable string: compact JSON, spelled as
    warehouse/sql/reuse/night_groups.sql spells it for stored versions."""
    return json.dumps(_state_fields(industry, industries, evidence), ensure_ascii=False, separators=(",", ":"))


def _state_of(row: dict) -> str:
    state = row.get("industry_state")
    if state is None:
        state = industry_state(row["industry"], row["industries"], row["industry_evidence"])
    return state


def _state_fields(industry: str | None, industries, evidence) -> dict:
    """A version's industry fields, a missing list as an empty one: what `industry_state` spells
    as JSON, and what settle_night_in_warehouse registers as the struct `state_type()`."""
    return {"industry": industry, "industries": _as_list(industries), "evidence": _as_list(evidence)}


def state_type():
    """The Arrow struct reuse/night_groups.sql compares a version's industry fields as (its
    stored versions' fields are built as the same struct there)."""
    import pyarrow as pa

    return pa.struct([("industry", pa.string()), ("industries", pa.list_(pa.string())),
                      ("evidence", pa.list_(pa.string()))])


def group_fingerprint(pairs: list[tuple[str, str]], configured: str | None, tagger_version: str | None = None) -> str:
    """What an employer's decision depends on: its postings' versions, its configured industry
    and the tagger version (equal fingerprints, equal decisions). Spelled as
    warehouse/sql/reuse/night_groups.sql spells it: the fields joined by unit separators."""
    payload = "\x1f".join([tagger_version or TAGGER_VERSION, configured or "",
                           "\x1f".join(f"{key}\x1e{digest}" for key, digest in sorted(pairs))])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def settle_night(
    postings: list[dict],
    readings_for: Callable[[list[tuple[str, str]]], dict[tuple[str, str], str]],
    known: Callable[[list[str]], dict[str, dict]] = lambda fingerprints: {},
) -> tuple[dict[tuple[str, str], dict], dict[str, dict]]:
    """The night's employer-level industry decisions.

    `postings`: every posting sighted tonight with `posting_key`, `content_hash`, `source`,
    `company`, `source_industry` and the industry fields its version holds now (or those as
    one `industry_state`, as stored versions are read). An employer
    whose group is the same as one decided before (`known(fingerprints)`) takes that decision;
    the others are decided from their postings' stored readings (`readings_for(pairs)`), members
    in key order. Returns the versions whose industry fields change, and the new decisions
    ({fingerprint: decision}) to keep."""
    groups = []
    for members, configured in employer_groups(postings):
        members = sorted(members, key=lambda i: (postings[i]["posting_key"], postings[i]["content_hash"]))
        pairs = [(postings[i]["posting_key"], postings[i]["content_hash"]) for i in members]
        groups.append((members, pairs, configured, group_fingerprint(pairs, configured)))
    decisions = dict(known([fp for *_, fp in groups])) if groups else {}
    missing = [g for g in groups if g[3] not in decisions]
    made: dict[str, dict] = {}
    if missing:
        readings = readings_for([p for _, pairs, _, _ in missing for p in pairs])
        for _, pairs, configured, fp in missing:
            made[fp] = decisions[fp] = decide_group([readings[p] for p in pairs], configured)
    changes = {}
    for members, pairs, _, fp in groups:
        decision = decisions[fp]
        wanted = (decision["industry"], _as_list(decision["industries"]), _as_list(decision["industry_evidence"]))
        wanted_state = industry_state(*wanted)
        for i, pair in zip(members, pairs):
            if _state_of(postings[i]) != wanted_state:
                changes[pair] = dict(zip(DECISION_FIELDS, wanted))
    return changes, made


def settle_night_in_warehouse(
    con,
    extra: list[dict],
    restated: dict[tuple[str, str], dict],
    configured: dict[str, str | None],
    readings_for: Callable[[list[tuple[str, str]]], dict[tuple[str, str], str]],
    known: Callable[[list[str]], dict[str, dict]] = lambda fingerprints: {},
    tagger_version: str | None = None,
) -> tuple[dict[tuple[str, str], dict], dict[str, dict]]:
    """`settle_night` over a night whose stored versions stay in the warehouse: the night's
    pairs are registered as `night_pairs` (warehouse.reuse.night_pairs). `extra`: the night's
    versions this step tagged (fields as settle_night reads them, with the industry fields
    themselves, not an `industry_state`), which the warehouse does not
    hold yet or holds as they were before; `restated`: {pair: industry fields} of stored versions
    whose decision this step restated for an earlier date; `configured`: {source: sources-file
    industry}. The groups, their fingerprints and which versions differ from their group's
    decision are worked out in SQL (reuse/night_groups.sql); Python sees the night's company
    names, its groups' fingerprints, the members of groups whose decision is not known, and the
    versions that change. Returns what settle_night returns for the same night."""
    import pyarrow as pa

    from pipelines.tagging import employer_name
    from pipelines.tagging.industry import INDUSTRIES
    from warehouse.db import read_sql, statements

    tagger_version = tagger_version or TAGGER_VERSION
    state = state_type()
    rows_sql, companies_sql, *members_sql, groups_sql, missing_sql, changes_sql = statements(
        read_sql("reuse/night_groups.sql"))
    tables = {
        "night_extra": pa.table({
            "posting_key": [row["posting_key"] for row in extra],
            "content_hash": [row["content_hash"] for row in extra],
            "source": [row["source"] for row in extra],
            "company": [row["company"] for row in extra],
            "industry_state": [_state_fields(row["industry"], row["industries"], row["industry_evidence"])
                               for row in extra],
        }, schema=pa.schema([*((name, pa.string()) for name in ("posting_key", "content_hash", "source", "company")),
                             ("industry_state", state)])),
        "night_restated": pa.table({
            "posting_key": [p[0] for p in restated],
            "content_hash": [p[1] for p in restated],
            "industry_state": [_state_fields(*(change[f] for f in DECISION_FIELDS)) for change in restated.values()],
        }, schema=pa.schema([("posting_key", pa.string()), ("content_hash", pa.string()), ("industry_state", state)])),
        "night_sources": pa.table({
            "source": [s for s, slug in configured.items() if slug in INDUSTRIES],
            "industry": [slug for slug in configured.values() if slug in INDUSTRIES],
        }, schema=pa.schema([("source", pa.string()), ("industry", pa.string())])),
    }
    for name, table in tables.items():
        con.register(name, table)
    try:
        con.execute(rows_sql, {"rest_from": _REST_FROM})
        companies = [company for (company,) in con.execute(companies_sql).fetchall()]
        con.register("night_names", pa.table({"company": companies, "employer_name": [employer_name(c) for c in companies]},
                                             schema=pa.schema([("company", pa.string()), ("employer_name", pa.string())])))
        tables["night_names"] = None
        for statement in members_sql:
            con.execute(statement, {"tagger_version": tagger_version} if "$tagger_version" in statement else None)
        groups = dict(con.execute(groups_sql).fetchall())  # fingerprint -> configured industry
        decisions = dict(known(list(groups))) if groups else {}
        made: dict[str, dict] = {}
        missing = [fp for fp in groups if fp not in decisions]
        if missing:
            con.register("night_undecided", pa.table({"fingerprint": missing}, schema=pa.schema([("fingerprint", pa.string())])))
            tables["night_undecided"] = None
            members: dict[str, list[tuple[str, str]]] = {}
            for fp, key, digest in con.execute(missing_sql).fetchall():
                members.setdefault(fp, []).append((key, digest))
            readings = readings_for([p for fp in missing for p in members[fp]])
            for fp in missing:
                made[fp] = decisions[fp] = decide_group([readings[p] for p in members[fp]], groups[fp])
        wanted = {fp: (d["industry"], _as_list(d["industries"]), _as_list(d["industry_evidence"]))
                  for fp, d in decisions.items() if fp in groups}
        con.register("night_decisions", pa.table({"fingerprint": list(wanted),
                                                  "industry_state": [_state_fields(*w) for w in wanted.values()]},
                                                 schema=pa.schema([("fingerprint", pa.string()), ("industry_state", state)])))
        tables["night_decisions"] = None
        changes = {(key, digest): dict(zip(DECISION_FIELDS, wanted[fp]))
                   for key, digest, fp in con.execute(changes_sql).fetchall()}
    finally:
        for name in tables:
            con.unregister(name)
        for table in ("night_rows", "night_named", "night_groups", "night_members"):
            con.execute(f"drop table if exists {table}")  # our own names
    return changes, made


# night_rows.ord of the first stored version: after every version this step tagged (a night has
# far fewer sightings).
_REST_FROM = 1 << 40


def versions_to_tag(
    mapped: pd.DataFrame,
    stored: dict[tuple[str, str], str],
    load_stale: Callable[[list[tuple[str, str]]], pd.DataFrame],
    done: set[tuple[str, str]] | frozenset = frozenset(),
    tagger_version: str | None = None,
) -> pd.DataFrame:
    """The clean postings a night must tag: mapped tonight and not held by the warehouse with
    this tagger version (default: the current one), plus versions the warehouse holds from
    another tagger version (`load_stale(pairs)` reads their clean fields). Versions in `done`
    (tagged a moment ago, not loaded yet) and everything else are tagged already."""
    tagger_version = tagger_version or TAGGER_VERSION
    pairs = list(zip(mapped["posting_key"].tolist(), mapped["content_hash"].tolist()))
    keep = pd.Series([p not in done and stored.get(p) != tagger_version for p in pairs], index=mapped.index, dtype=bool)
    fresh = mapped.loc[keep]
    mapped_pairs = set(pairs)
    stale = sorted(
        p for p, version in stored.items() if version != tagger_version and p not in mapped_pairs and p not in done
    )
    if not stale:
        return fresh.reset_index(drop=True)
    return pd.concat([fresh, load_stale(stale)], ignore_index=True)


@contextlib.contextmanager
def carried_readings(cache_dir: Path) -> Iterator[ReadingStore]:
    """Segment and title readings made by earlier runs, kept in `cache_dir` (one SQLite file per
    tagger version and tagging rules; older files are removed): looked up while tagging, and
    the readings made meanwhile added (pipelines/tagging/stored.py). Yields the store, which
    counts the readings it found (`found`) and those made (`made`)."""
    from pipelines.cachefile import current_file
    from pipelines.tagging import use_reading_store
    from pipelines.tagging.stored import readings_fingerprint

    store = ReadingStore(current_file(cache_dir, f"readings-{TAGGER_VERSION}-{readings_fingerprint()}.sqlite",
                                      "readings-*.sqlite*"))
    use_reading_store(store)
    try:
        yield store
    finally:
        use_reading_store(None)
        store.flush()
        store.close()


@contextlib.contextmanager
def carried_place_resolutions(cache_dir: Path) -> Iterator[None]:
    """Location strings resolved by earlier runs, kept in `cache_dir` (one file per tagger
    version and places rules): loaded before tagging, grown after it. A night whose location
    strings were all seen before then tags without building the gazetteer (seconds)."""
    from pipelines.tagging import places

    path = Path(cache_dir) / f"places-{TAGGER_VERSION}-{places.rules_fingerprint()}.json"
    known: dict = {}
    if path.exists():
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}  # a damaged cache is only a slower night
    places.prime_resolutions(known)
    try:
        yield
        made = places.resolutions_made()
        if made.keys() - known.keys():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps({**known, **made}, ensure_ascii=False), encoding="utf-8")
            os.replace(tmp, path)
    finally:
        places.forget_resolutions()  # saved; the next run (or step) loads them again

"""What earlier loads already did, so a night does only what changed (the warehouse is the cache).

- `known_pages`: sources whose pages are the same as on a night already loaded (equal clean
  fingerprints) and the postings those pages gave, so cleaning need not map them again;
- `stored_pairs`: which (posting_key, content_hash) pairs are stored, so that cleaning reuses
  a posting it cleaned before (`pipelines.items`) only while its version is in the warehouse;
- `night_stored`: which of a night's posting versions tagging must know of (those mapped
  tonight, and those the warehouse holds from another tagger version); `night_pairs` registers
  the night for it and for the employer grouping (`pipelines.enrich.settle_night_in_warehouse`);
- `versions_of`: stored versions' clean fields, to tag them again with a newer tagger.
"""

from __future__ import annotations

import contextlib
from typing import Iterable, Iterator

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from warehouse.db import read_sql, statements

PAIRS = pa.schema([("posting_key", pa.string()), ("content_hash", pa.string())])


def known_pages(con: duckdb.DuckDBPyConnection, fingerprints: dict[str, str]) -> dict[str, tuple[pa.Table, int]]:
    """{source: (its sightings, map_errors)} for sources whose fingerprint is known; the
    sightings as an Arrow table (source, posting_key, content_hash), a slice of one read."""
    if not fingerprints:
        return {}
    wanted = pa.table({"source": list(fingerprints), "pages_fingerprint": list(fingerprints.values())})
    con.register("wanted_pages", wanted)
    try:
        find_runs, read_runs, read_sightings = statements(read_sql("reuse/known_pages.sql"))
        con.execute(find_runs)
        errors = dict(con.execute(read_runs).fetchall())
        sightings = con.sql(read_sightings).to_arrow_table()
    finally:
        con.unregister("wanted_pages")
    found = sightings_by_source(sightings)
    empty = sightings.slice(0, 0)
    return {source: (found.get(source, empty), map_errors or 0) for source, map_errors in errors.items()}


def sightings_by_source(sightings: pa.Table) -> dict[str, pa.Table]:
    """{source: its rows of `sightings`, in their order}: slices of one sorted copy."""
    if not sightings.num_rows:
        return {}
    ordered = sightings.take(pc.sort_indices(sightings, [("source", "ascending")]))  # stable
    runs = pc.run_end_encode(ordered.column("source").combine_chunks())
    ends, values = runs.run_ends.to_pylist(), runs.values.to_pylist()
    return {source: ordered.slice(start, end - start) for source, start, end in zip(values, [0, *ends[:-1]], ends)}


@contextlib.contextmanager
def _wanted_versions(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]]) -> Iterator[None]:
    """`pairs` registered as the table `wanted_versions` (posting_key, content_hash) meanwhile."""
    con.register("wanted_versions", pa.table({"posting_key": [p[0] for p in pairs], "content_hash": [p[1] for p in pairs]}, schema=PAIRS))
    try:
        yield
    finally:
        con.unregister("wanted_versions")


def stored_pairs(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The `pairs` (posting_key, content_hash) that posting_versions holds."""
    pairs = list(pairs)
    if not pairs:
        return set()
    with _wanted_versions(con, pairs):
        return set(con.execute(
            "select posting_key, content_hash from wanted_versions "
            "semi join posting_versions using (posting_key, content_hash)").fetchall())


NIGHT_PAIRS = pa.schema([("posting_key", pa.string()), ("content_hash", pa.string()), ("ord", pa.int64()),
                        ("mapped", pa.bool_())])


@contextlib.contextmanager
def night_pairs(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]] | pa.Table,
                mapped: set[tuple[str, str]]) -> Iterator[None]:
    """The night's (posting_key, content_hash) pairs registered as the table `night_pairs`
    meanwhile, each with its place in the night (`ord`) and whether cleaning mapped it tonight
    (`mapped`): what reuse/night_stored.sql and reuse/night_groups.sql read. `pairs`: a list, or
    an Arrow table of the two columns (the staged sightings), whose 50k strings then never pass
    through Python: `mapped` is marked by a join (12 ms, where testing each pair in Python took
    23-52 ms on the benchmark's 1% night)."""
    if not isinstance(pairs, pa.Table):
        pairs = pa.table({"posting_key": [p[0] for p in pairs], "content_hash": [p[1] for p in pairs]}, schema=PAIRS)
    night = pa.table({
        "posting_key": pairs.column("posting_key").cast(pa.string()),
        "content_hash": pairs.column("content_hash").cast(pa.string()),
        "ord": pa.array(range(pairs.num_rows), pa.int64()),
    })
    marks = pa.table({"posting_key": [p[0] for p in mapped], "content_hash": [p[1] for p in mapped],
                      "mapped": [True] * len(mapped)},
                     schema=pa.schema([*PAIRS, ("mapped", pa.bool_())]))
    joined = night.join(marks, keys=["posting_key", "content_hash"], join_type="left outer").sort_by("ord")
    table = joined.set_column(joined.schema.get_field_index("mapped"), "mapped",
                              pc.fill_null(joined.column("mapped"), False)).select(NIGHT_PAIRS.names).cast(NIGHT_PAIRS)
    con.register("night_pairs", table)
    try:
        yield
    finally:
        con.unregister("night_pairs")


def night_stored(con: duckdb.DuckDBPyConnection, tagger_version: str) -> dict[tuple[str, str], str | None]:
    """{(posting_key, content_hash): tagger version} of the stored versions among `night_pairs`
    that tagging must know of: every mapped one, and every other one not tagged by
    `tagger_version` (reuse/night_stored.sql). The night's other versions are stored and tagged
    by `tagger_version`, and are not read into Python."""
    rows = con.execute(read_sql("reuse/night_stored.sql"), {"tagger_version": tagger_version}).fetchall()
    return {(key, digest): version for key, digest, version in rows}


def _stored(con: duckdb.DuckDBPyConnection, pairs: list[tuple[str, str]], columns: list[str], fetch):
    """`fetch` of the relation of the stored versions of `pairs`, their `columns` (names from our
    own schema) only."""
    with _wanted_versions(con, pairs):
        select = ", ".join(f'v."{c}"' for c in columns)
        return fetch(con.sql(
            f"select {select} from posting_versions v semi join wanted_versions w "
            "on w.posting_key = v.posting_key and w.content_hash = v.content_hash"
        ))


def versions_of(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]], columns: list[str]) -> pd.DataFrame:
    """The stored versions of `pairs`, their `columns` only, as a frame."""
    return _stored(con, list(pairs), columns, lambda relation: relation.df())


def version_rows(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]], columns: list[str]) -> list[dict]:
    """The stored versions of `pairs` as plain dicts of their `columns` (no pandas on the way: a
    night reads tens of thousands of them; through Arrow, since DuckDB's fetchall builds list
    columns twice as slowly)."""
    pairs = list(pairs)
    return _stored(con, pairs, columns, lambda relation: relation.to_arrow_table().to_pylist()) if pairs else []


NIGHT_FIELDS = ["posting_key", "content_hash", "source", "company", "industry", "industries", "industry_evidence"]


def readings_of(con: duckdb.DuckDBPyConnection, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Stored industry readings of `pairs`."""
    pairs = list(pairs)
    if not pairs:
        return {}
    rows = version_rows(con, pairs, ["posting_key", "content_hash", "industry_reading"])
    return {(r["posting_key"], r["content_hash"]): r["industry_reading"] for r in rows}


def known_decisions(con: duckdb.DuckDBPyConnection, fingerprints: list[str]) -> dict[str, dict]:
    """Employer decisions made before, by group fingerprint."""
    if not fingerprints:
        return {}
    con.register("wanted_decisions", pa.table({"fingerprint": fingerprints}))
    try:
        rows = con.execute(
            "select fingerprint, industry, industries, industry_evidence from employer_decisions "
            "semi join wanted_decisions using (fingerprint)"
        ).fetchall()
    finally:
        con.unregister("wanted_decisions")
    return {fp: {"industry": i, "industries": list(s), "industry_evidence": list(e)} for fp, i, s, e in rows}

"""Exports for dashboards, published as one snapshot per night.

Every export of a published warehouse snapshot is written, as Parquet and CSV, with the HTML
report and a manifest, into a new folder ``exports/versions/<snapshot id>/``. Only when the
folder is whole does the night switch over: ``exports/current`` (a symlink) is pointed at it
and ``exports/manifest.json`` is replaced, each by one rename. A dashboard that reads the
manifest and then the files it names, or only files under ``current/``, never mixes two
nights. The newest ``keep`` folders stay, so a reader that read the previous manifest a moment
ago can still open its files.

CSV conventions (also in the manifest): UTF-8, comma, header row, RFC 4180 quoting, empty cell
for null, ISO dates and UTC timestamps, ``true``/``false``, lists and structs as JSON, and a
text cell that a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
leading apostrophe.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Callable

import duckdb
from pipelines.datafiles import read_yaml

from warehouse.snapshot import read_snapshot_info

# Exported relations (fixed names, never user input), in manifest order.
EXPORTS = (
    "trend_industry_weekly",
    "trend_city_weekly",
    "trend_skill_weekly",
    "open_postings",
    "open_posting_places",
    "open_jobs",
    "days_open_by_industry",
    "days_open_by_city",
    "internship_facts_by_industry",
    "internship_facts_by_city",
    "salary_by_industry",
    "skills_by_industry",
    "skills_by_city",
    "trend_month_over_month",
    "crawl_runs",
    "crawl_health",
)
MANIFEST_VERSION = 2
DEFAULT_KEEP = 3
COLUMNS_FILE = Path(__file__).parent / "columns.yaml"
# What a spreadsheet would run as a formula: =, +, -, @ first, or a tab or carriage return.
FORMULA_START = "^[=+\\-@\t\r]"
CSV_CONVENTIONS = {
    "encoding": "utf-8",
    "delimiter": ",",
    "header": True,
    "quoting": "RFC 4180: fields with a comma, quote or line break are double-quoted",
    "null": "empty cell",
    "dates": "ISO 8601 (YYYY-MM-DD); timestamps in UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ",
    "booleans": "true / false",
    "lists_and_structs": "JSON",
    "formula_guard": "a text cell starting with = + - @, tab or CR gets a leading apostrophe (')",
}


class ExportError(RuntimeError):
    """The exports could not be written (the current ones were left as they were)."""


@functools.cache
def column_descriptions() -> dict[str, Any]:
    return read_yaml(COLUMNS_FILE)


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _csv_expression(name: str, type_name: str) -> str:
    """How one column is written to CSV (see the module docstring)."""
    col = _ident(name)
    upper = type_name.upper()
    if upper.endswith("[]") or upper.startswith(("STRUCT", "MAP", "UNION")) or "[" in upper:
        return f"cast(to_json({col}) as varchar) as {col}"
    if upper == "TIMESTAMP WITH TIME ZONE":
        return f"strftime(timezone('UTC', {col}), '%Y-%m-%dT%H:%M:%S.%fZ') as {col}"
    if upper == "VARCHAR":
        return f"case when regexp_matches({col}, '{FORMULA_START}') then '''' || {col} else {col} end as {col}"
    return col


def csv_relation(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """`relation` with every column in its CSV form."""
    expressions = [_csv_expression(name, str(kind)) for name, kind in zip(relation.columns, relation.types)]
    return relation.select(", ".join(expressions))


def _fsync_tree(folder: Path) -> None:
    for path in [*folder.iterdir(), folder]:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _share_jobs(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the `jobs` view once for this connection's exports.

    open_jobs and the question views (days open, internship facts, pay, skills) each read
    `jobs`, which joins every job with its representative posting, and each computed it again
    (at a year of history, 0.15-0.4 s each). A temporary table of the same name holds it once:
    DuckDB resolves a name to the temporary schema first, so the views read the table in its
    place. Nothing else changes: it is the same connection's read of the same snapshot."""
    found = con.execute(
        "select count(*) from duckdb_views() where database_name = current_database() "
        "and schema_name = 'main' and view_name = 'jobs'"
    ).fetchall()[0][0]
    if found:
        con.execute("create temp table jobs as select * from main.jobs")


def _in_background(work: Callable[[duckdb.DuckDBPyConnection], Any], con: duckdb.DuckDBPyConnection
                   ) -> Callable[..., None]:
    """Start `work(cursor)` in a thread on a cursor of its own; return a function that waits for it
    and raises what it raised (or, told not to, only waits)."""
    cursor = con.cursor()
    cursor.execute("set TimeZone = 'UTC'")
    failed: list[BaseException] = []

    def run() -> None:
        try:
            work(cursor)
        except BaseException as exc:  # handed to the caller by join()
            failed.append(exc)
        finally:
            cursor.close()

    thread = threading.Thread(target=run, name="internradar-report", daemon=True)
    thread.start()

    def join(raise_failure: bool = True) -> None:
        thread.join()
        if failed and raise_failure:
            raise failed[0]

    return join


def _write_exports(con: duckdb.DuckDBPyConnection, folder: Path, described: dict[str, Any]) -> list[dict[str, Any]]:
    """Write every export (Parquet and CSV) into `folder`; their manifest entries."""
    _share_jobs(con)
    entries = []
    for name in EXPORTS:
        # The view is computed once: its CSV and row count are read back from the Parquet file
        # just written (each use of the view would compute it again; open_postings: 0.4-1.1 s).
        relation = con.table(name).order("all")
        parquet = folder / f"{name}.parquet"
        relation.write_parquet(str(parquet))
        written = con.read_parquet(str(parquet))
        # (A type Parquet does not hold as it is, HUGEINT say, is written to CSV from the view.)
        same_types = [str(t) for t in written.types] == [str(t) for t in relation.types]
        csv_relation(written if same_types else relation).write_csv(str(folder / f"{name}.csv"), header=True)
        missing = [c for c in relation.columns if c not in described["columns"]]
        if missing:
            raise ExportError(f"{name}: no description for column(s) {missing} in {COLUMNS_FILE.name}")
        rows = written.count("*").fetchall()[0][0]
        columns = list(zip(relation.columns, relation.types))
        entries.append({
            "name": name,
            "description": described["tables"].get(name, ""),
            "rows": rows,
            "files": {"parquet": f"{name}.parquet", "csv": f"{name}.csv"},
            "columns": [
                {"name": c, "type": str(t), "description": described["columns"][c]}
                for c, t in columns
            ],
        })
    return entries


def _write_folder(con: duckdb.DuckDBPyConnection, folder: Path, info: dict[str, Any], report: Callable) -> dict:
    """Write every export, the report and the folder's own manifest into `folder`.

    The report is drawn in a thread while the exports are written: drawing its charts is
    Python (matplotlib, holding the interpreter), writing the exports is DuckDB (which lets it
    go), so the two share the machine's cores instead of taking turns."""
    described = column_descriptions()
    report_done = _in_background(lambda cursor: report(cursor, folder / "report.html"), con)
    try:
        entries = _write_exports(con, folder, described)
    except BaseException:
        report_done(raise_failure=False)  # the connection closes after: the report stops first
        raise
    report_done()
    manifest = {
        "format": "internradar exports",
        "manifest_version": MANIFEST_VERSION,
        **{k: _jsonable(v) for k, v in info.items()},
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "csv": CSV_CONVENTIONS,
        "report": "report.html",
        "exports": entries,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    _fsync_tree(folder)
    return manifest


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _relative(manifest: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The folder's manifest with its file names as paths from the exports root."""
    out = {**manifest, "folder": prefix, "report": f"{prefix}/{manifest['report']}"}
    out["exports"] = [
        {**e, "files": {kind: f"{prefix}/{path}" for kind, path in e["files"].items()}} for e in manifest["exports"]
    ]
    return out


def _replace_file(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def current_folder(exports_dir: Path) -> Path | None:
    """The folder `exports/current` points at, if any."""
    link = Path(exports_dir) / "current"
    return link.resolve() if link.is_symlink() else None


def export_snapshot(
    snapshot: Path,
    exports_dir: Path,
    report: Callable[[duckdb.DuckDBPyConnection, Path], Any],
    keep: int = DEFAULT_KEEP,
    before_switch: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """Write the exports of the published `snapshot` as a new folder, then switch to it.

    `report(con, path)` writes the HTML report. Returns the manifest (paths from the exports
    root). The caller holds the writer lock, so switches never interleave.
    """
    exports_dir = Path(exports_dir)
    versions = exports_dir / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    for leftover in versions.glob(".*"):  # from a killed export: never switched to
        shutil.rmtree(leftover, ignore_errors=True)
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        con.execute("set TimeZone = 'UTC'")
        info = read_snapshot_info(con)
        if info is None:
            raise ExportError(f"{snapshot} is not a published snapshot (it has no snapshot_info)")
        folder_name = info["snapshot_id"]
        tmp = versions / f".{folder_name}.{uuid.uuid4().hex}"
        tmp.mkdir()
        try:
            manifest = _write_folder(con, tmp, info, report)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        con.close()
    final = versions / folder_name
    if final.exists():  # the same snapshot exported again: same content, replace it whole
        trash = versions / f".{folder_name}.{uuid.uuid4().hex}.old"
        os.replace(final, trash)
        os.replace(tmp, final)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(tmp, final)
    before_switch()
    prefix = f"versions/{folder_name}"
    _replace_file(exports_dir / "current", lambda p: os.symlink(prefix, p))
    pointer = _relative(manifest, prefix)
    _replace_file(
        exports_dir / "manifest.json",
        lambda p: p.write_text(json.dumps(pointer, indent=2, ensure_ascii=False), encoding="utf-8"),
    )
    _replace_file(exports_dir / "report.html", lambda p: shutil.copyfile(final / "report.html", p))
    _fsync_tree(exports_dir)
    _prune(exports_dir, versions, keep, final)
    return pointer


def _prune(exports_dir: Path, versions: Path, keep: int, current: Path) -> None:
    """Drop old folders beyond `keep`, and files of the pre-snapshot layout (one set of files in
    exports/ itself), which would otherwise go stale beside the current ones."""
    folders = sorted(p for p in versions.iterdir() if p.is_dir() and not p.name.startswith("."))
    for folder in folders[:-keep] if keep > 0 else []:
        if folder != current:
            shutil.rmtree(folder, ignore_errors=True)
    for legacy in [*exports_dir.glob("*.parquet"), *exports_dir.glob("*.csv")]:
        legacy.unlink(missing_ok=True)

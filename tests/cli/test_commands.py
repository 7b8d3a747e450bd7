"""CLI commands: clear errors for bad input, and run/trends/query against a real warehouse."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from pipelines.cli import main


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_help_lists_commands():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("run", "demo", "tag", "trends", "query"):
        assert name in result.output


def test_run_with_a_bad_sources_file_names_the_entry(tmp_path: Path):
    sources = tmp_path / "sources.yaml"
    sources.write_text("- {platform: greenhouse, board: ok}\n- {platform: taleo, board: x}\n", encoding="utf-8")
    result = invoke("run", "--sources", str(sources), "--home", str(tmp_path / "home"))
    assert result.exit_code == 1
    assert "entry 2" in result.output and "unknown platform 'taleo'" in result.output
    assert not (tmp_path / "home").exists()  # failed before touching anything


def test_run_rejects_a_bad_date(tmp_path: Path):
    result = invoke("run", "--sources", "sources.yaml", "--date", "25/11/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_trends_and_query_without_a_warehouse(tmp_path: Path):
    for args in (["trends", "industry"], ["query", "select 1"]):
        result = invoke(*args, "--home", str(tmp_path))
        assert result.exit_code == 1 and "no warehouse at" in result.output


def test_demo_refuses_to_overwrite_a_non_demo_directory(tmp_path: Path):
    (tmp_path / "precious.txt").write_text("keep me")
    result = invoke("demo", "--home", str(tmp_path))
    assert result.exit_code == 1 and "not a demo home" in result.output
    assert (tmp_path / "precious.txt").exists()

"""End-to-end: the CLI on data/raw, checked against data/gold."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import GOLD, RAW, REFERENCE_SCORER

runner = CliRunner()

# Ratchet: the levels reached on data/gold with scorer v2 (raise them as extraction improves;
# issue #9's bars on the seeds are ENTITIES .93 and RELATIONS .85).
RATCHET = {"ENTITIES": 0.965, "person": 0.99, "person+title": 0.99, "project": 0.95, "organization": 0.95,
           "place": 0.93, "INSPECTED": 0.975, "ATTENDED": 0.85, "RELATIONS": 0.96}


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "extract", "eval"):
        assert command in result.output


def test_ingest_finds_every_gold_article(tmp_path: Path, gold_records: list[dict]) -> None:
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(app, ["ingest", str(RAW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    articles = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    got = [(a["file"], a["index"], a["headline"]) for a in articles]
    want = [(g["file"], g["index"], g["headline"]) for g in gold_records]
    assert got == want
    for art, gold in zip(articles, gold_records, strict=True):
        assert art["text"].startswith(gold["first_sentence"][:10])
        assert art["district"] == gold["district"]
        assert art["date"] == gold["date"] or gold["date"] is None and art["date"] is None


def test_ingest_reports_bad_files_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("区领导调研\n\n本报讯 近日,副区长王五到区商务局调研。\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "kg.cli", "ingest", str(tmp_path), "-o", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "empty.txt: empty file" in result.stderr
    assert "read 1, written 1, rejected 1" in result.stderr
    assert len(out.read_text("utf-8").splitlines()) == 1


@pytest.fixture(scope="module")
def extractions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("x") / "extractions.jsonl"
    result = runner.invoke(app, ["extract", str(RAW), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_extraction_meets_the_ratchet(extractions: Path) -> None:
    result = runner.invoke(app, ["eval", str(GOLD), str(extractions), "--json"])
    assert result.exit_code == 0
    fields = json.loads(result.output)["fields"]
    below = {f: round(fields[f]["f1"], 3) for f, bar in RATCHET.items() if fields[f]["f1"] < bar}
    assert not below, f"F1 fell below the ratchet: {below}"


@pytest.mark.skipif(not REFERENCE_SCORER.exists(), reason="reference scorer not beside the repo")
def test_eval_agrees_with_reference_scorer(extractions: Path) -> None:
    ref = subprocess.run([sys.executable, str(REFERENCE_SCORER), str(GOLD), str(extractions), "--json"],
                         capture_output=True, text=True, check=True)
    ours = runner.invoke(app, ["eval", str(GOLD), str(extractions), "--json"])
    ref_fields = json.loads(ref.stdout)["fields"]
    our_fields = json.loads(ours.output)["fields"]
    assert {f: (v["tp"], v["fp"], v["fn"]) for f, v in our_fields.items()} == \
           {f: (v["tp"], v["fp"], v["fn"]) for f, v in ref_fields.items()}


def test_extract_jsonl_keeps_record_ids(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "n1", "text": "区委书记张三到区商务局调研。"}\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(src), "-o", "-"])
    assert result.exit_code == 0
    rec = json.loads(result.stdout.splitlines()[0])
    assert rec["id"] == "n1" and rec["people"][0]["name"] == "张三"


def _kg(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, check=False)


def test_build_then_query_and_load(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = _kg("build", str(RAW), "--out", str(out))
    assert built.returncode == 0, built.stderr
    for name in ("extractions.jsonl", "graph.graphml", "graph.json", "neo4j-import/nodes_Person.csv"):
        assert (out / name).exists(), name
    answer = _kg("query", "officials-inspected-projects", "--out", str(out), "-f", "json")
    assert answer.returncode == 0, answer.stderr
    rows = json.loads(answer.stdout)  # stdout holds only the JSON: no server logs
    assert {"official": "李晓雷", "project": "融信奥体世纪项目"}.items() <= next(
        r for r in rows if r["project"] == "融信奥体世纪项目").items()
    again = _kg("load", str(out / "extractions.jsonl"), "--out", str(out))
    assert again.returncode == 0 and "deleted 0 stale nodes, 0 stale relationships" in again.stderr
    csv_out = _kg("query", "person-career", "-p", "name=李晓雷", "--out", str(out), "-f", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("person,district,title")
    table = _kg("query", "officials-inspected-projects", "--out", str(out), "-f", "table")
    assert table.returncode == 0 and "融信奥体世纪项目" in table.stdout.replace("\n", "").replace("│", "").replace(" ", "")


def test_query_without_store_exits_4(tmp_path: Path) -> None:
    result = _kg("query", "who-accompanies-whom", "--out", str(tmp_path / "none"))
    assert result.returncode == 4 and "no embedded store" in result.stderr
    listing = _kg("query", "--list")
    assert listing.returncode == 0 and "officials-inspected-projects" in listing.stdout


@pytest.mark.parametrize("command", [["ingest"], ["extract"], ["eval"], ["build"], ["load"], ["query"], ["html"],
                                     ["job", "run"], ["job", "status"], ["job", "schedule"]])
def test_every_command_has_help_and_verbosity_switches(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "--verbose" in result.output and "--quiet" in result.output


def test_quiet_is_per_invocation(tmp_path: Path) -> None:
    """A -q run must not silence the runs after it in the same process (the summary line is info)."""
    page = tmp_path / "p.txt"
    page.write_text("区领导调研\n\n本报讯 近日,副区长王五到区商务局调研。\n", encoding="utf-8")
    quiet = runner.invoke(app, ["-q", "ingest", str(page), "-o", str(tmp_path / "a.jsonl")])
    assert quiet.exit_code == 0 and "read 1" not in quiet.stderr
    loud = runner.invoke(app, ["ingest", str(page), "-o", str(tmp_path / "b.jsonl")])
    assert loud.exit_code == 0 and "read 1, written 1" in loud.stderr

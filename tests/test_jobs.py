"""The re-extraction job: incremental, retracting, retrying, crash-safe, parallel, locked."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.jobs import JobConfig, State, run_job
from kg.jobs.runner import JobLock
from kg.jobs.schedule import parse_every
from tests.conftest import RAW, ROOT


def make_job(tmp_path: Path, sources: list[Path], store: str = "none", **kw) -> JobConfig:
    return JobConfig(name="t", sources=sources, out=tmp_path / "out", store=store, html=False, **kw)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


def graph_facts(job: JobConfig) -> dict:
    data = json.loads((job.out / "graph.json").read_text("utf-8"))
    return {"nodes": sorted(n["id"] for n in data["nodes"]),
            "edges": sorted(e["edge_key"] for e in data["links"])}


def test_second_run_extracts_nothing_and_edits_reextract_one(raw_copy: Path, tmp_path: Path) -> None:
    job = make_job(tmp_path, [raw_copy])
    first = run_job(job)
    assert (first.extracted, first.failed, first.graph_written) == (25, 0, True)
    second = run_job(job)
    assert (second.extracted, second.unchanged, second.graph_written) == (0, 25, False)
    page = raw_copy / "003_6c199235f94af08b.txt"
    page.write_text(page.read_text("utf-8").replace("融信奥体世纪项目", "绿地中心项目"), encoding="utf-8")
    third = run_job(job)
    assert (third.extracted, third.removed, third.graph_written) == (1, 0, True)
    facts = graph_facts(job)
    assert "Project:绿地中心项目" in facts["nodes"] and "Project:融信奥体世纪项目" not in facts["nodes"]


def test_removed_source_is_retracted(raw_copy: Path, tmp_path: Path) -> None:
    job = make_job(tmp_path, [raw_copy])
    run_job(job)
    (raw_copy / "002_c691d486a3cfc023.txt").unlink()
    report = run_job(job)
    assert report.removed == 5 and report.extracted == 0
    facts = graph_facts(job)
    assert "Person:二七区:陈红民" not in facts["nodes"]
    assert "Person:中原区:李晓雷" in facts["nodes"]
    assert State(job.out / "state.sqlite").counts() == {"done": 20}


def test_new_extractor_version_reextracts_everything(raw_copy: Path, tmp_path: Path) -> None:
    run_job(make_job(tmp_path, [raw_copy]))
    rules = {"components": ["sentences", "byline", "titles", "leader_lists", "organizations", "projects",
                            "places", "meetings", "name_propagation", "relations"]}
    report = run_job(make_job(tmp_path, [raw_copy], extract=rules))
    assert report.extracted == 25


def test_failing_input_is_recorded_and_retried(raw_copy: Path, tmp_path: Path) -> None:
    bad = raw_copy / "zz_bad.txt"
    bad.write_bytes(bytes([0xFF, 0x80, 0xFE, 0x81]) * 100)
    job = make_job(tmp_path, [raw_copy])
    report = run_job(job)
    assert report.extracted == 25 and any("zz_bad.txt" in e for e in report.errors)
    state = State(job.out / "state.sqlite")
    assert state.counts() == {"done": 25, "failed": 1}
    assert "cannot decode" in state.last_errors()[0][1]
    bad.write_text("区领导调研\n\n本报讯 近日,副区长王五到区商务局调研。\n", encoding="utf-8")
    again = run_job(job)
    assert again.extracted == 1 and State(job.out / "state.sqlite").counts() == {"done": 26}


def test_extractor_exception_does_not_stop_the_batch(raw_copy: Path, tmp_path: Path) -> None:
    from kg.extract.pipeline import register

    class Explode:
        name = "explode"

        def __call__(self, doc):
            if "散煤" in doc.text:
                raise RuntimeError("boom")
            return doc

    register("explode")(lambda ctx: Explode())
    job = make_job(tmp_path, [raw_copy], extract={"components": ["sentences", "explode", "titles"]})
    report = run_job(job)
    assert report.failed == 1 and report.extracted == 24
    assert "RuntimeError: boom" in State(job.out / "state.sqlite").last_errors()[0][1]


def test_two_runs_never_overlap(tmp_path: Path) -> None:
    with JobLock(tmp_path / "job.lock"), pytest.raises(KGError, match="holds"):
        JobLock(tmp_path / "job.lock").__enter__()
    assert parse_every("30m") == 1800


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    subprocess.run([sys.executable, str(ROOT / "pipelines" / "synth_corpus.py"), "120", str(out), "--per-file", "20"],
                   check=True, capture_output=True)
    return out


def test_workers_give_identical_results(synth: Path, tmp_path: Path) -> None:
    one = make_job(tmp_path / "w1", [synth], workers=1)
    two = make_job(tmp_path / "w2", [synth], workers=2)
    run_job(one)
    run_job(two)
    assert State(one.out / "state.sqlite").records() == State(two.out / "state.sqlite").records()
    assert graph_facts(one) == graph_facts(two)


def _write_toml(path: Path, sources: Path, out: Path, store: str) -> Path:
    path.write_text(f'[job]\nname = "crash"\nsources = ["{sources}"]\nout = "{out}"\nstore = "{store}"\n'
                    f"html = false\nworkers = 1\n", encoding="utf-8")
    return path


def _done(out: Path) -> int:
    try:
        db = sqlite3.connect(out / "state.sqlite", timeout=1)
        n = db.execute("SELECT count(*) FROM articles WHERE status='done'").fetchone()[0]
        db.close()
        return int(n)
    except sqlite3.Error:
        return 0


@pytest.mark.parametrize("kill_when", ["extracting", "writing"])
def test_kill_9_then_rerun_equals_clean_run(synth: Path, tmp_path: Path, kill_when: str) -> None:
    clean = _write_toml(tmp_path / "clean.toml", synth, tmp_path / "clean", "embedded")
    crash = _write_toml(tmp_path / "crash.toml", synth, tmp_path / "crash", "embedded")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "-q", "job", "run", str(crash)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if kill_when == "extracting" and _done(tmp_path / "crash") >= 40:
            break
        if kill_when == "writing" and (tmp_path / "crash" / "store" / ".ready").exists():
            break
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    rerun = subprocess.run([sys.executable, "-m", "kg.cli", "job", "run", str(crash)], env=env,
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    subprocess.run([sys.executable, "-m", "kg.cli", "-q", "job", "run", str(clean)], env=env, check=True)
    c_job = JobConfig("c", [synth], tmp_path / "clean")
    k_job = JobConfig("k", [synth], tmp_path / "crash")
    assert graph_facts(k_job) == graph_facts(c_job)
    assert State(k_job.out / "state.sqlite").records() == State(c_job.out / "state.sqlite").records()
    from kg.store import BoltStore, EmbeddedServer

    time.sleep(1.0)  # the killed run's store child notices its parent is gone
    expected = graph_facts(c_job)
    with EmbeddedServer(k_job.out / "store") as server, BoltStore(server.connection) as store:
        assert store.counts() == {"nodes": len(expected["nodes"]), "relationships": len(expected["edges"])}


def test_schedule_runs_repeatedly_without_overlap(raw_copy: Path, tmp_path: Path) -> None:
    toml = _write_toml(tmp_path / "s.toml", raw_copy, tmp_path / "sched", "none")
    # Ctrl-C's default action restored in the child: a test run started in the background (`cmd &` in a
    # non-interactive shell) ignores SIGINT, and a child inherits that (Python then never raises KeyboardInterrupt)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "job", "schedule", str(toml), "--every", "1s"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    time.sleep(12)
    proc.send_signal(signal.SIGINT)
    output = proc.communicate(timeout=30)[0]
    runs = sqlite3.connect(tmp_path / "sched" / "state.sqlite").execute(
        "SELECT started_at, finished_at FROM runs ORDER BY id").fetchall()
    assert len(runs) >= 2, output
    assert all(b[0] >= a[1] for a, b in pairwise(runs) if a[1] is not None), "runs overlapped"

"""Distributed extraction (kg.executor): a Dask LocalCluster gives the local executor's results.

Each test starts a real LocalCluster of worker processes (no mocks): byte-identical
extractions.jsonl and graph.json from `kg build --executor dask`, the same records
when a worker is killed mid-run, and the job's `executor = "dask"` key.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import KGError
from kg.jobs import load_job, run_job
from kg.jobs.state import State

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pages and 40 synthetic crawler articles."""
    out = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(ROOT / "pipelines" / "synth_corpus.py"), "40", str(out / "synth"),
                    "--per-file", "20", "--seed", "7"], check=True, capture_output=True)
    for page in sorted(RAW.glob("*.txt")):
        (out / page.name).write_bytes(page.read_bytes())
    return out


def _build(corpus: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(app, ["-q", "build", str(corpus), "--out", str(out), "--no-store", "--no-html", *extra])
    assert result.exit_code == 0, result.output


def test_dask_build_is_byte_identical_to_local(corpus: Path, tmp_path: Path) -> None:
    _build(corpus, tmp_path / "local")
    _build(corpus, tmp_path / "dask", "--executor", "dask", "--workers", "2")
    local = (tmp_path / "local" / "extractions.jsonl").read_bytes()
    assert local.count(b"\n") > 60
    assert (tmp_path / "dask" / "extractions.jsonl").read_bytes() == local
    assert (tmp_path / "dask" / "graph.json").read_bytes() == (tmp_path / "local" / "graph.json").read_bytes()


def test_a_worker_killed_mid_run_costs_only_its_batch(corpus: Path) -> None:
    from kg.executor import DaskExecutor, LocalExecutor
    from kg.ingest import read_inputs
    from kg.models import Article

    articles = [a for a in read_inputs([str(corpus)]) if isinstance(a, Article)]
    with LocalExecutor() as local:
        expected = [(a.id, rec) for a, rec, _ in local.map(articles)]
    with DaskExecutor({}, workers=2, batch_size=4, in_flight=2) as cluster:
        pids = cluster.client.run(os.getpid)  # worker address -> pid
        got = []
        for i, (article, record, _error) in enumerate(cluster.map(articles)):
            if i == 8:  # batches are in flight on both workers: kill one of them
                os.kill(next(iter(pids.values())), signal.SIGKILL)
            got.append((article.id, record))
        assert cluster.client.run(os.getpid) != pids  # the nanny started a new worker in its place
    assert got == expected


def test_job_executor_key_and_overrides(corpus: Path, tmp_path: Path) -> None:
    toml = tmp_path / "job.toml"
    base = f'[job]\nsources = ["{corpus}"]\nstore = "none"\nhtml = false\nworkers = 2\n'
    toml.write_text(base + f'out = "{tmp_path / "dask"}"\nexecutor = "dask"\n', "utf-8")
    job = load_job(toml)
    assert (job.executor, job.scheduler) == ("dask", None)
    report = run_job(job)
    assert report.extracted > 60 and not report.failed

    local = tmp_path / "local.toml"
    local.write_text(base + f'out = "{tmp_path / "local"}"\n', "utf-8")
    run_job(load_job(local))
    assert State(tmp_path / "dask" / "state.sqlite").records() == State(tmp_path / "local" / "state.sqlite").records()
    assert (tmp_path / "dask" / "graph.json").read_bytes() == (tmp_path / "local" / "graph.json").read_bytes()

    bad = tmp_path / "bad.toml"
    bad.write_text(base + 'out = "x"\nexecutor = "spark"\n', "utf-8")
    with pytest.raises(KGError, match="executor"):
        load_job(bad)
    remote = tmp_path / "remote.toml"
    remote.write_text(base + 'out = "x"\nscheduler = "tcp://10.0.0.1:8786"\n', "utf-8")
    assert (load_job(remote).executor, load_job(remote).scheduler) == ("dask", "tcp://10.0.0.1:8786")


def test_bad_executor_options_are_usage_errors(tmp_path: Path) -> None:
    for extra in (["--executor", "spark"], ["--workers", "0", "--executor", "process"]):
        result = runner.invoke(app, ["build", str(RAW), "--out", str(tmp_path), "--no-store", "--no-html", *extra])
        assert result.exit_code == 2, result.output
    assert not (tmp_path / "extractions.jsonl").exists()

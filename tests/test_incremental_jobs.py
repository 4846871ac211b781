"""Incremental job runs: one changed article writes only its part of the store; streamed records give the
same graph as loaded ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from kg.export.files import write_node_link
from kg.graph import build_graph
from kg.jobs import JobConfig, State, run_job
from kg.store import BoltStore, EmbeddedServer
from tests.conftest import RAW


def test_streamed_records_build_the_same_graph(tmp_path: Path) -> None:
    job = JobConfig(name="t", sources=[RAW], out=tmp_path / "out", store="none", html=False)
    run_job(job)
    state = State(job.out / "state.sqlite")
    records = state.records()
    streamed = list(state.graph_records())
    assert len(streamed) == len(records) and all("start" not in m for r in streamed for m in r["mentions"])
    write_node_link(build_graph(records), tmp_path / "a.json")
    write_node_link(build_graph(streamed), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_one_changed_article_writes_only_its_facts_to_the_store(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    job = JobConfig(name="t", sources=[raw], out=tmp_path / "out", store="embedded", html=False)
    first = run_job(job)
    assert first.store is not None and first.store["written_edges"] == first.store["edges"]
    assert run_job(job).store is None  # nothing changed: the store is not touched
    page = raw / "003_6c199235f94af08b.txt"
    page.write_text(page.read_text("utf-8").replace("融信奥体世纪项目", "绿地中心项目"), encoding="utf-8")
    third = run_job(job)
    assert third.extracted == 1 and third.store is not None
    written = third.store["written_edges"] + third.store["deleted_edges"]
    assert 0 < written < third.store["edges"] // 5, third.store
    assert third.store["deleted_nodes"] >= 1  # the project no article names any more
    graph = json.loads((job.out / "graph.json").read_text("utf-8"))
    with EmbeddedServer(job.out / "store") as server, BoltStore(server.connection) as store:
        assert store.counts() == {"nodes": len(graph["nodes"]), "relationships": len(graph["links"])}
        assert store.query("MATCH (p:Project {name: '绿地中心项目'}) RETURN p.id AS id")
        assert not store.query("MATCH (p:Project {name: '融信奥体世纪项目'}) RETURN p.id AS id")


def test_a_store_added_to_a_job_or_deleted_is_loaded_though_no_article_changed(tmp_path: Path) -> None:
    job = JobConfig(name="t", sources=[RAW], out=tmp_path / "out", store="none", html=False)
    assert run_job(job).store is None
    job = JobConfig(name="t", sources=[RAW], out=job.out, store="embedded", html=False)
    added = run_job(job)  # no article changed, but the store has never been written
    assert added.extracted == 0 and added.store is not None and added.store["written_edges"] == added.store["edges"]
    assert run_job(job).store is None
    shutil.rmtree(job.out / "store")
    again = run_job(job)
    assert again.store is not None and again.store["written_nodes"] == again.store["nodes"]
    graph = json.loads((job.out / "graph.json").read_text("utf-8"))
    with EmbeddedServer(job.out / "store") as server, BoltStore(server.connection) as store:
        assert store.counts() == {"nodes": len(graph["nodes"]), "relationships": len(graph["links"])}

"""A job's outputs after edits, additions and removals equal a fresh full build of the same sources:
the node and edge sets and every property, in graph.json, graph.graphml and the neo4j-admin CSV (the
guard for every incremental shortcut the job takes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import networkx as nx

from kg.jobs import JobConfig, run_job
from tests.conftest import RAW


def _json_graph(out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    data = json.loads((out / "graph.json").read_text("utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    links = {e["key"]: e for e in data["links"]}
    assert len(nodes) == len(data["nodes"]) and len(links) == len(data["links"])
    return nodes, links


def _graphml(out: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    g = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    return dict(g.nodes(data=True)), {k: (u, v, d) for u, v, k, d in g.edges(keys=True, data=True)}


def _csv(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "neo4j-import").iterdir())}


def _assert_same_outputs(a: Path, b: Path) -> None:
    assert _json_graph(a) == _json_graph(b)
    assert _graphml(a) == _graphml(b)
    assert _csv(a) == _csv(b)


def test_outputs_after_edit_add_remove_equal_a_full_build(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    job = JobConfig(name="t", sources=[raw], out=tmp_path / "out", store="none", html=True)
    run_job(job)

    edited = raw / "003_6c199235f94af08b.txt"
    edited.write_text(edited.read_text("utf-8").replace("融信奥体世纪项目", "绿地中心项目"), encoding="utf-8")
    added = raw / "900_added.txt"
    added.write_text((raw / "004_b7a34d49f26c88cd.txt").read_text("utf-8") + "\n区委书记张三到区商务局调研。\n",
                     encoding="utf-8")
    (raw / "002_c691d486a3cfc023.txt").unlink()
    report = run_job(job)
    assert report.extracted >= 2 and report.removed >= 1 and report.graph_written  # pages hold several articles

    fresh = JobConfig(name="t", sources=[raw], out=tmp_path / "fresh", store="none", html=True)
    assert run_job(fresh).extracted == report.articles
    _assert_same_outputs(job.out, fresh.out)
    nodes, links = _json_graph(job.out)
    assert "Project:绿地中心项目" in nodes and "Project:融信奥体世纪项目" not in nodes
    assert links

    # an unchanged rerun leaves every output as it was
    before = {name: (job.out / name).read_bytes() for name in ("graph.json", "graph.graphml", "graph.html")}
    assert not run_job(job).graph_written
    assert before == {name: (job.out / name).read_bytes() for name in before}

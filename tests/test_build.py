"""`kg build` out of core (kg.jobs.build): staged records, the graph index, files written from it.

The build's graph must be the in-memory build's (kg.graph.build_graph of its extraction records), file by
file; the staging directory never outlives a build; a build that writes nothing creates nothing.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.facts import fact_rows
from kg.export.files import gephi_graph, write_node_link
from kg.graph import build_graph, summary
from kg.jobs.build import STAGING_PREFIX, Staging, graph_counts, write_files
from kg.jsonl import read_jsonl
from tests.conftest import RAW

runner = CliRunner()

RECORDS = [
    {"article_id": f"p#{i}", "district": "中原区", "headline": f"区领导调研{i}", "date": f"2023-0{i + 1}-11",
     "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"},
                {"name": "王五", "titles": ["区商务局局长"], "role": "official"}],
     "organizations": ["区商务局"], "places": [], "projects": [f"第{i}号项目"],
     "relations": [{"type": "INSPECTED", "source": "李晓雷", "target": f"第{i}号项目", "sentence": 1},
                   {"type": "ACCOMPANIED", "source": "王五", "target": "李晓雷", "sentence": 1}],
     "sentences": [f"区领导调研{i}", f"区长李晓雷调研了第{i}号项目，区商务局局长王五陪同。"]}
    for i in range(3)
]


def _graph_json(path: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    data = json.loads(path.read_text("utf-8"))
    return {n["id"]: n for n in data["nodes"]}, {e["key"]: e for e in data["links"]}


def test_staging_index_equals_the_in_memory_build(tmp_path: Path) -> None:
    g = build_graph(RECORDS)
    with Staging(tmp_path / "out") as staging:
        for rec in RECORDS:
            staging.add(rec)
        index = staging.index()
        assert staging.report is not None and staging.report.full
        assert graph_counts(index) == summary(g) == graph_counts(g)
        write_files(index, tmp_path / "from-index")
        elements = index.elements()
        assert list(fact_rows(elements)) == list(fact_rows(g))
        assert list(fact_rows(elements, context=True)) == list(fact_rows(g, context=True))
        flat_index, flat_graph = gephi_graph(elements), gephi_graph(g)
        assert dict(flat_index.nodes(data=True)) == dict(flat_graph.nodes(data=True))
        assert ({k: d for _, _, k, d in flat_index.edges(keys=True, data=True)}
                == {k: d for _, _, k, d in flat_graph.edges(keys=True, data=True)})
        staged = staging.dir
    assert not staged.exists() and list((tmp_path / "out").iterdir()) == []
    write_files(g, tmp_path / "from-graph")
    for name in ("facts.csv",):
        assert (tmp_path / "from-index" / name).read_bytes() == (tmp_path / "from-graph" / name).read_bytes()
    assert _graph_json(tmp_path / "from-index" / "graph.json") == _graph_json(tmp_path / "from-graph" / "graph.json")
    a, b = (nx.read_gexf(tmp_path / d / "graph.gexf") for d in ("from-index", "from-graph"))
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    def edges(h: nx.MultiDiGraph) -> list[str]:  # an edge's id is its position in the file: left out
        return sorted(repr((u, v, sorted((k, x) for k, x in d.items() if k != "id"))) for u, v, d in h.edges(data=True))

    assert edges(a) == edges(b)


def test_staging_keeps_the_last_record_of_a_repeated_id(tmp_path: Path) -> None:
    first, second = dict(RECORDS[0]), dict(RECORDS[1])
    second["article_id"] = first["article_id"]
    with Staging(tmp_path) as staging:
        staging.add(first)
        staging.add(second)
        assert (staging.count, staging.duplicates) == (2, 1)
        assert [r["headline"] for r in staging.records()] == [second["headline"]]


def test_cli_build_equals_the_in_memory_build_of_its_extractions(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in sorted(p.name for p in RAW.glob("*.txt"))[:2]:
        shutil.copy(RAW / name, src)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(src), "--out", str(out), "--no-store"])
    assert result.exit_code == 0, result.output
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    g = build_graph(read_jsonl(out / "extractions.jsonl"))
    write_node_link(g, tmp_path / "memory.json")
    assert _graph_json(out / "graph.json") == _graph_json(tmp_path / "memory.json")
    assert nx.read_graphml(out / "graph.graphml").number_of_edges() == g.number_of_edges()
    with (out / "facts.csv").open(encoding="utf-8-sig") as fh:
        assert list(csv.DictReader(fh)) == [{k: str(v) for k, v in r.items()} for r in fact_rows(g)]
    page = (out / "graph.html").read_text("utf-8")
    assert "vis-network" in page or "vis.Network" in page
    assert f"graph: {summary(g)}" in result.output.replace("\n", "")


def test_cli_build_with_reporters_builds_in_memory(tmp_path: Path) -> None:
    rec = {"id": "r1", "title": "区领导调研", "text": "本报讯（记者 赵六）区委书记张三到区商务局调研，区长李四陪同。"}
    (tmp_path / "in.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    for flag, out in (([], "plain"), (["--reporters-in-network"], "reporters")):
        result = runner.invoke(app, ["build", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / out),
                                     "--no-store", "--no-html", *flag])
        assert result.exit_code == 0, result.output
    plain, with_reporters = (_graph_json(tmp_path / d / "graph.json")[1] for d in ("plain", "reporters"))
    assert set(plain) < set(with_reporters)  # the reporter's co-occurrences are kept
    assert not [p for p in (tmp_path / "reporters").iterdir() if p.name.startswith(STAGING_PREFIX)]


@pytest.mark.parametrize("existed", [False, True])
def test_cli_build_of_nothing_creates_and_leaves_nothing(tmp_path: Path, existed: bool) -> None:
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    if existed:
        out.mkdir()
        (out / "mine.txt").write_text("a user's file", encoding="utf-8")
    result = runner.invoke(app, ["build", str(tmp_path / "empty.jsonl"), "--out", str(out), "--no-store"])
    assert result.exit_code == 3 and "left as they were" in result.output
    if existed:
        assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    else:
        assert not out.exists()

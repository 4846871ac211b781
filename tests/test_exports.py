"""Issue 12, "Queries and exports": Gephi files with names as labels, the flat facts table with evidence,
and `kg schema` (generated from the graph; the README section must name everything the graph has).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.export.facts import COLUMNS, write_facts
from kg.export.files import write_gexf, write_graphml, write_node_link
from kg.export.schema import BEGIN, END, schema
from kg.graph import build_graph

runner = CliRunner()
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def graph(extractions_records: list[dict]) -> nx.MultiDiGraph:
    return build_graph(extractions_records)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory, graph: nx.MultiDiGraph) -> Path:
    folder = tmp_path_factory.mktemp("out")
    write_node_link(graph, folder / "graph.json")
    return folder


def test_graphml_opened_with_networkx_shows_names_as_labels(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"))
    person = back.nodes["Person:中原区:李晓雷"]
    assert person["label"] == "李晓雷" and person["type"] == "Person"
    labels = {d["label"] for _, d in back.nodes(data=True)}
    assert {"融信奥体世纪项目", "乔耸"} <= labels
    assert not labels & {"Person", "Project", "Organization", "Place", "Article"}
    assert not any(label.startswith("[") for label in labels)  # never a JSON list
    edge_labels = {d["label"] for *_, d in back.edges(data=True)}
    assert "INSPECTED" in edge_labels and "CO_OCCURS" in edge_labels


def test_cooccurrence_edges_are_optional(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    back = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml", cooccurrence=False))
    types = {d["type"] for *_, d in back.edges(data=True)}
    assert "CO_OCCURS" not in types and "INSPECTED" in types
    assert back.number_of_nodes() == graph.number_of_nodes()


def test_gexf_is_dynamic_with_dates_for_gephis_timeline(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    text = path.read_text("utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    back = nx.read_gexf(path)
    assert back.nodes["Person:中原区:李晓雷"]["label"] == "李晓雷"
    dated = [d for *_, d in back.edges(data=True) if "start" in d]
    assert dated and all(re.fullmatch(r"\d{4}-\d\d-\d\d", str(d["start"])) for d in dated)
    assert all(str(d["start"]) <= str(d["end"]) for d in dated)
    assert not any("--" in str(d.get("start", "")) for *_, d in back.edges(data=True))  # month-day: no interval


def _networkx_gexf(g: nx.MultiDiGraph, path: Path, cooccurrence: bool = True) -> Path:
    """The GEXF networkx's own writer makes of the Gephi graph (what write_gexf wrote before it streamed)."""
    from kg.export.files import gephi_graph
    from kg.ingest.dates import kind

    flat = gephi_graph(g, cooccurrence)
    starts: dict[str, str] = {}
    for u, v, d in flat.edges(data=True):
        if kind(d.get("first_seen") or None) == "full" and kind(d.get("last_seen") or None) == "full":
            d["start"], d["end"] = d["first_seen"], d["last_seen"]
            for n in (u, v):
                starts[n] = min(starts.get(n, d["start"]), d["start"])
    for n, d in flat.nodes(data=True):
        if n in starts:
            d["start"] = starts[n]
    flat.graph["mode"] = "dynamic"
    nx.write_gexf(flat, path, version="1.2draft")
    return path


def _gexf_read(path: Path) -> tuple[str, list]:
    back = nx.read_gexf(path)
    edges = sorted(repr(sorted((k, v) for k, v in d.items() if k != "id")) + f"{u}>{v}"
                   for u, v, d in back.edges(data=True))  # edge ids are positions: the order may differ
    return repr(sorted((n, sorted(d.items())) for n, d in back.nodes(data=True))), edges  # repr: NaN == NaN


@pytest.mark.parametrize("cooccurrence", [True, False])
def test_streamed_gexf_reads_back_as_networkx_writes_it(graph: nx.MultiDiGraph, odd_graph: nx.MultiDiGraph,
                                                        tmp_path: Path, cooccurrence: bool) -> None:
    marks = nx.MultiDiGraph()  # what XML must escape, in names, ids, keys and values
    marks.add_node("P:\t<&>\"", label="Person", name="甲\t乙\n丙 & <丁> \"戊\"", score=float("inf"), x=float("nan"))
    marks.add_node("X:\r", label="Project", name="")
    marks.add_edge("P:\t<&>\"", "X:\r", key="k\t\n", type="INSPECTED", weight=2, evidence=["a\tb", "c\nd"],
                   first_seen="2023-02-11", last_seen="2023-03-01", note="\x01bad")
    for i, g in enumerate((graph, odd_graph, marks)):
        ours = write_gexf(g, tmp_path / f"ours{i}.gexf", cooccurrence=cooccurrence)
        theirs = _networkx_gexf(g, tmp_path / f"theirs{i}.gexf", cooccurrence)
        assert _gexf_read(ours) == _gexf_read(theirs)
        head = ours.read_text("utf-8").split("<nodes>")[0]
        assert head.count("<attribute ") == theirs.read_text("utf-8").split("<nodes>")[0].count("<attribute ")


def test_facts_table_has_one_row_per_statement_with_evidence(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    rows = list(csv.DictReader(write_facts(graph, tmp_path / "facts.csv").open(encoding="utf-8-sig")))
    assert rows and list(rows[0]) == list(COLUMNS)
    assert {r["relation"] for r in rows} >= {"INSPECTED", "HOLDS_TITLE", "ATTENDED"}
    assert "CO_OCCURS" not in {r["relation"] for r in rows}
    for r in rows:
        assert r["headline"] and r["source"] and "#" not in r["source"], r
        if r["relation"] in ("INSPECTED", "HOLDS_TITLE", "CHAIRED", "ATTENDED", "ACCOMPANIED"):
            assert r["sentence"], r
    hit = [r for r in rows if r["relation"] == "INSPECTED" and r["subject"] == "李晓雷"
           and r["object"] == "融信奥体世纪项目"]
    assert hit and "融信奥体世纪项目" in hit[0]["sentence"] and hit[0]["source"].endswith(".txt")
    statements = sum(len(d["evidence_sentence"]) for *_, d in graph.edges(data=True)
                     if d["type"] not in ("CO_OCCURS", "MENTIONED_IN"))
    assert len(rows) == statements
    table = pq.read_table(write_facts(graph, tmp_path / "facts.parquet"))
    assert table.column_names == list(COLUMNS) and table.num_rows == len(rows)


def test_kg_export_facts_command(out: Path) -> None:
    result = runner.invoke(app, ["export", "facts", str(out), "--format", "parquet"])
    assert result.exit_code == 0, result.output
    assert (out / "facts.parquet").stat().st_size > 0
    assert runner.invoke(app, ["export", "facts", str(out), "--format", "xml"]).exit_code == 2


def test_schema_is_read_off_the_graph(graph: nx.MultiDiGraph) -> None:
    s = schema(graph)
    assert s["nodes"]["Person"]["id"].startswith("Person:{district}:{name}")
    assert s["nodes"]["Project"]["id"] == "Project:{name}"
    assert "Person → Project" in s["relationships"]["INSPECTED"]["between"]
    hold = s["relationships"]["HOLDS_TITLE"]["properties"]
    assert {"title", "post", "unit"} <= set(hold)
    assert "evidence_sentence" in s["relationship_properties"]


def test_readme_schema_section_names_everything_the_graph_has(graph: nx.MultiDiGraph) -> None:
    text = README.read_text("utf-8")
    assert BEGIN in text and END in text, "README has no generated schema section"
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    s = schema(graph)
    names = set(s["nodes"]) | set(s["relationships"]) | set(s["node_properties"]) | set(s["relationship_properties"])
    for part in (*s["nodes"].values(), *s["relationships"].values()):
        names |= set(part["properties"])
    missing = sorted(n for n in names if f"`{n}`" not in section and f"| {n} |" not in section)
    assert not missing, (f"README schema section lacks {missing}: run `kg build data/raw --out out && "
                         "kg schema --out out --update-readme README.md`")


def test_kg_schema_command(out: Path) -> None:
    result = runner.invoke(app, ["schema", "--out", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "Person" in json.loads(result.stdout)["nodes"]
    markdown = runner.invoke(app, ["schema", "--out", str(out)])
    assert "| Person (" in markdown.stdout and "HOLDS_TITLE" in markdown.stdout


def test_crawler_articles_cite_their_url(extractor, tmp_path: Path) -> None:
    from kg.export.facts import fact_rows
    from kg.ingest import read_inputs
    from kg.models import Article

    record = {"id": "r1", "title": "区长王五调研融信项目", "url": "https://news.example.cn/2023/0211/1.html",
              "date": "2023-02-11", "text": "2月11日,中原区区长王五到融信奥体世纪项目调研。"}
    (tmp_path / "in.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    articles = [a for a in read_inputs([str(tmp_path / "in.jsonl")]) if isinstance(a, Article)]
    g = build_graph([extractor(a).to_dict() for a in articles])
    rows = list(fact_rows(g))
    assert rows and all(r["source"] == record["url"] for r in rows)
    assert g.nodes["Article:r1"]["source"] == record["url"]


def test_every_export_row_carries_evidence(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    """Node and relationship rows of the neo4j-admin CSV and the GraphML name headline and source."""
    from kg.export.files import write_neo4j_csv

    for path in write_neo4j_csv(graph, tmp_path / "csv"):
        with path.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        columns = {c.split(":")[0]: c for c in rows[0]}
        if path.name == "nodes_Article.csv":
            assert all(r["headline"] and r["source"] for r in rows)
            continue
        assert "evidence_headline" in columns and "evidence_source" in columns, path.name
        for r in rows:
            assert r[columns["evidence_headline"]] and r[columns["evidence_source"]], (path.name, r)
    back = nx.read_graphml(write_graphml(graph, tmp_path / "g.graphml"))
    assert all(json.loads(d["evidence_source"]) for _, d in back.nodes(data=True) if d["type"] != "Article")

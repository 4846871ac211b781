"""The streaming exports (GraphML, node-link JSON, neo4j-admin CSV) read a graph as element streams
(:mod:`kg.elements`): the files written from an Elements are the files written from the networkx graph,
and the writers go over the streams without holding the elements.
"""

from __future__ import annotations

import csv
import json
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.elements import Edge, Elements, Node
from kg.export.files import read_node_link, write_graphml, write_neo4j_csv, write_node_link


class Attrs(dict):
    """A plain dict that can be weakly referenced (to see whether a writer keeps it)."""


class ListElements:
    """A list-backed :class:`~kg.elements.Elements`: every pass is a generator of fresh attribute dicts,
    and the passes are counted; with ``watch``, the dicts handed out are tracked and the most of them
    alive at once is recorded."""

    def __init__(self, nodes: list[Node], edges: list[Edge], watch: bool = False) -> None:
        self._nodes, self._edges, self.watch = nodes, edges, watch
        self.node_passes = self.edge_passes = 0
        self.most_alive = 0
        self._refs: list[weakref.ref[Attrs]] = []

    def _hand_out(self, d: dict[str, Any]) -> dict[str, Any]:
        copy = Attrs(d)
        if self.watch:
            self._refs = [r for r in self._refs if r() is not None]
            self._refs.append(weakref.ref(copy))
            self.most_alive = max(self.most_alive, len(self._refs))
        return copy

    def nodes(self) -> Iterator[Node]:
        self.node_passes += 1
        for n, d in self._nodes:
            yield n, self._hand_out(d)

    def edges(self) -> Iterator[Edge]:
        self.edge_passes += 1
        for u, v, k, d in self._edges:
            yield u, v, k, self._hand_out(d)

    def number_of_nodes(self) -> int:
        return len(self._nodes)

    def number_of_edges(self) -> int:
        return len(self._edges)


def small_graph() -> nx.MultiDiGraph:
    """Two labels interleaved, lists, ints, bools, None, floats, Chinese text, a mixed column, multi-edges."""
    g = nx.MultiDiGraph()
    g.add_node("Person:中原区:李晓雷", label="Person", name="李晓雷", articles=["a#0", "b#1"], mentions=3,
               reporter=False, titles=["区委书记"], note=None)
    g.add_node("Article:a", label="Article", headline="郑州市中原区“融信”项目 & <调研>", source="https://x/a",
               words=812, date="2023-02-11")
    g.add_node("Person:中原区:乔耸", label="Person", name="乔耸", articles=["a#0"], mentions=1, reporter=True,
               titles=[], note="陪同", score=0.5)
    g.add_node("Article:b", label="Article", headline="第二篇\n两行", source="https://x/b", words="未知")
    g.add_node("Person:x", label="Person", name="某人", mentions=None, extra=7)
    g.add_edge("Person:中原区:李晓雷", "Article:a", key="k1", type="INSPECTED", edge_key="k1",
               articles=["a"], evidence=["李晓雷调研了项目。"], weight=2, first_seen="2023-02-11")
    g.add_edge("Person:中原区:乔耸", "Article:a", key="r1", type="REPORTED", articles=["a"], confidence=0.9)
    g.add_edge("Person:中原区:李晓雷", "Article:a", key="k2", type="INSPECTED", edge_key="k2",
               articles=["b"], evidence=None, weight=True, first_seen=None)
    g.add_edge("Person:中原区:李晓雷", "Person:中原区:乔耸", key="c1", type="CO_OCCURS", weight=1,
               shared_sentences=1)
    g.add_edge("Person:x", "Article:b", key="r2", type="REPORTED", articles=["b"], confidence=None)
    return g


def as_elements(g: nx.MultiDiGraph, watch: bool = False) -> ListElements:
    return ListElements(list(g.nodes(data=True)), list(g.edges(keys=True, data=True)), watch=watch)


def folder_bytes(paths: list[Path]) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in paths]


WRITERS: dict[str, Callable[[Any, Path], Any]] = {
    "graphml": lambda g, out: write_graphml(g, out / "g.graphml").read_bytes(),
    "graphml-no-cooccurrence": lambda g, out: write_graphml(g, out / "g.graphml", cooccurrence=False).read_bytes(),
    "node-link": lambda g, out: write_node_link(g, out / "g.json").read_bytes(),
    "neo4j-csv": lambda g, out: folder_bytes(write_neo4j_csv(g, out / "csv")),
}
PASSES = {"graphml": 1, "graphml-no-cooccurrence": 1, "node-link": 1, "neo4j-csv": 2}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_elements_write_the_same_bytes_as_the_graph(writer: str, tmp_path: Path) -> None:
    g = small_graph()
    els = as_elements(g)
    assert isinstance(els, Elements)
    from_graph = WRITERS[writer](g, tmp_path / "nx")
    from_elements = WRITERS[writer](els, tmp_path / "els")
    assert from_elements == from_graph
    assert (els.node_passes, els.edge_passes) == (PASSES[writer], PASSES[writer])


def test_csv_files_headers_and_row_order(tmp_path: Path) -> None:
    """What the byte comparison stands on: one file per label and type, in sorted order; column types
    decided over every row of the label; rows in stream order within their label."""
    paths = write_neo4j_csv(as_elements(small_graph()), tmp_path / "csv")
    assert [p.name for p in paths] == ["nodes_Article.csv", "nodes_Person.csv", "relationships_CO_OCCURS.csv",
                                       "relationships_INSPECTED.csv", "relationships_REPORTED.csv"]
    person = (tmp_path / "csv" / "nodes_Person.csv").read_text("utf-8").splitlines()
    assert person[0] == ("id:ID,articles:string[],extra:long,mentions:long,name,note,reporter,score,"
                         "titles:string[],:LABEL")
    assert [line.split(",")[0] for line in person[1:]] == ["Person:中原区:李晓雷", "Person:中原区:乔耸", "Person:x"]
    article = (tmp_path / "csv" / "nodes_Article.csv").read_text("utf-8").splitlines()[0]
    assert article == "id:ID,date,headline,source,words,:LABEL"  # an int and a string: no type
    inspected = (tmp_path / "csv" / "relationships_INSPECTED.csv").read_text("utf-8").splitlines()
    assert inspected[0] == (":START_ID,:END_ID,articles:string[],edge_key,evidence:string[],first_seen,"
                            "weight,:TYPE")  # weight: 2 and True, a bool is not a long
    assert [line.split(",")[3] for line in inspected[1:]] == ["k1", "k2"]


def grouped_csv(g: nx.MultiDiGraph, directory: Path) -> list[Path]:
    """The neo4j CSV as it was written before the two-pass writer: every row grouped by label in memory."""
    directory.mkdir(parents=True)

    def header(key: str, rows: list[dict[str, Any]]) -> str:
        values = [d[key] for d in rows if d.get(key) is not None]
        if values and all(isinstance(v, list) for v in values):
            return f"{key}:string[]"
        if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            return f"{key}:long"
        return key

    def cell(value: Any) -> Any:
        return "" if value is None else ";".join(str(v) for v in value) if isinstance(value, list) else value

    written = []
    for kind, rows_of, skip, ends in (
            ("nodes", [((n,), d) for n, d in g.nodes(data=True)], "label", ("id:ID", ":LABEL")),
            ("relationships", [((u, v), d) for u, v, d in g.edges(data=True)], "type",
             (":START_ID,:END_ID", ":TYPE"))):
        groups: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = defaultdict(list)
        for ids, d in rows_of:
            groups[d[skip]].append((ids, d))
        for name, rows in sorted(groups.items()):
            keys = sorted({k for _, d in rows for k in d if k != skip})
            path = directory / f"{kind}_{name}.csv"
            with path.open("w", encoding="utf-8", newline="") as fh:
                w = csv.writer(fh)
                w.writerow([*ends[0].split(","), *[header(k, [d for _, d in rows]) for k in keys], ends[1]])
                for ids, d in rows:
                    w.writerow([*ids, *[cell(d.get(k)) for k in keys], name])
            written.append(path)
    return written


def test_two_pass_csv_is_the_csv_grouped_in_memory(tmp_path: Path) -> None:
    g = small_graph()
    assert folder_bytes(write_neo4j_csv(as_elements(g), tmp_path / "csv")) == \
        folder_bytes(grouped_csv(g, tmp_path / "grouped"))


@pytest.mark.parametrize("writer", list(WRITERS))
def test_writers_do_not_hold_the_elements(writer: str, tmp_path: Path) -> None:
    """Each attribute dict handed out is let go before long: at most a couple are alive at once,
    however many elements the graph has (a writer that kept its rows would keep them all)."""
    g = small_graph()
    for i in range(40):  # enough elements that holding them shows
        g.add_node(f"Person:p{i}", label="Person", name=f"人{i}", articles=[f"a#{i}"], mentions=i)
        g.add_edge(f"Person:p{i}", "Article:a", key=f"m{i}", type="MENTIONED_IN", articles=["a"])
    els = as_elements(g, watch=True)
    assert WRITERS[writer](els, tmp_path) == WRITERS[writer](g, tmp_path / "nx")
    assert 1 <= els.most_alive <= 3, els.most_alive


def test_node_link_from_elements_is_a_directed_multigraph_without_graph_attributes(tmp_path: Path) -> None:
    g = small_graph()
    g.graph["name"] = "郑州"
    from_graph = json.loads(write_node_link(g, tmp_path / "nx.json").read_text("utf-8"))
    assert from_graph["graph"] == {"name": "郑州"}
    path = write_node_link(as_elements(g), tmp_path / "els.json")
    assert path.read_text("utf-8").startswith('{"directed": true, "multigraph": true, "graph": {}, "nodes": [')
    back = read_node_link(path)
    assert list(back.nodes(data=True)) == list(g.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))


def test_node_link_and_csv_still_take_a_graph_that_is_not_a_multigraph(tmp_path: Path) -> None:
    dg = nx.DiGraph()
    dg.graph["kind"] = "plain"
    dg.add_node("P", label="Person", name="甲", articles=["a"])
    dg.add_node("Q", label="Project", name="乙")
    dg.add_edge("P", "Q", type="INSPECTED", weight=2)
    path = write_node_link(dg, tmp_path / "g.json")
    assert json.loads(path.read_text("utf-8")) == nx.node_link_data(dg, edges="links")
    rels = write_neo4j_csv(dg, tmp_path / "csv")[-1].read_text("utf-8").splitlines()
    assert rels == [":START_ID,:END_ID,weight:long,:TYPE", "P,Q,2,INSPECTED"]


def test_csv_of_a_graph_that_changes_between_passes_fails_and_keeps_the_old_folder(tmp_path: Path) -> None:
    g = small_graph()
    write_neo4j_csv(g, tmp_path / "csv")
    before = folder_bytes(sorted((tmp_path / "csv").iterdir()))

    class Changing(ListElements):
        def nodes(self) -> Iterator[Node]:
            for n, d in super().nodes():
                yield n, ({**d, "label": "Project"} if self.node_passes > 1 else d)

    with pytest.raises(ValueError, match="between passes"):
        write_neo4j_csv(Changing(list(g.nodes(data=True)), list(g.edges(keys=True, data=True))), tmp_path / "csv")
    assert folder_bytes(sorted((tmp_path / "csv").iterdir())) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]

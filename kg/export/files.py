"""Graph files: GraphML (Gephi), node-link JSON (scripts), CSV in neo4j-admin import format.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("Person:x:甲", label="Person", name="甲", articles=["a#0"])
>>> g.add_node("Project:乙项目", label="Project", name="乙项目", articles=["a#0"])
>>> g.add_edge("Person:x:甲", "Project:乙项目", key="k", type="INSPECTED", edge_key="k", articles=["a#0"])
'k'
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> sorted(p.name for p in write_neo4j_csv(g, d / "csv"))
['nodes_Person.csv', 'nodes_Project.csv', 'relationships_INSPECTED.csv']
>>> read_node_link(write_node_link(g, d / "g.json")).number_of_edges()
1
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import networkx as nx


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(value if not isinstance(value, set) else sorted(value), ensure_ascii=False)
    return value


def write_graphml(g: nx.MultiDiGraph, path: Path) -> Path:
    """GraphML with list properties as JSON strings (GraphML holds scalars only)."""
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(n, **{k: _scalar(v) for k, v in d.items()})
    for u, v, k, d in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=k, **{a: _scalar(x) for a, x in d.items()})
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(flat, path)
    return path


def write_node_link(g: nx.MultiDiGraph, path: Path) -> Path:
    """node-link JSON (``networkx.node_link_data``), UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = nx.node_link_data(g, edges="links")
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def read_node_link(path: Path) -> nx.MultiDiGraph:
    """Inverse of :func:`write_node_link`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


def write_neo4j_csv(g: nx.MultiDiGraph, directory: Path) -> list[Path]:
    """One CSV per node label and per relationship type, with neo4j-admin import headers.

    Load with ``neo4j-admin database import full --nodes=nodes_Person.csv … --relationships=…``;
    list properties use ``:string[]`` with ``;`` as the array delimiter (the default).
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    nodes: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        nodes[d["label"]].append((n, d))
    for label, rows in sorted(nodes.items()):
        keys = sorted({k for _, d in rows for k in d if k != "label"})
        path = directory / f"nodes_{label}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["id:ID", *[_header(k, rows) for k in keys], ":LABEL"])
            for n, d in rows:
                w.writerow([n, *[_cell(d.get(k)) for k in keys], label])
        written.append(path)
    edges: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for u, v, d in g.edges(data=True):
        edges[d["type"]].append((u, v, d))
    for typ, rows in sorted(edges.items()):
        keys = sorted({k for _, _, d in rows for k in d if k not in ("type",)})
        path = directory / f"relationships_{typ}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([":START_ID", ":END_ID", *[_header(k, [(None, d) for *_, d in rows]) for k in keys], ":TYPE"])
            for u, v, d in rows:
                w.writerow([u, v, *[_cell(d.get(k)) for k in keys], typ])
        written.append(path)
    return written


def _header(key: str, rows: list[tuple[Any, dict[str, Any]]]) -> str:
    values = [d.get(key) for _, d in rows if d.get(key) is not None]
    if values and all(isinstance(v, list) for v in values):
        return f"{key}:string[]"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return f"{key}:long"
    return key


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value

"""Graph files: GraphML (Gephi), node-link JSON (scripts), CSV in neo4j-admin import format.

The streaming writers (:func:`write_graphml`, :func:`write_node_link`, :func:`write_neo4j_csv`) take
a networkx ``MultiDiGraph`` or any :class:`kg.elements.Elements` (the graph as node and edge streams,
such as the job's SQLite graph index): they go over the elements, never hold them.

Every writer here replaces its output atomically (a temporary file or folder next to
it, then ``os.replace``): a crash or an error leaves the previous file whole.
GraphML (XML 1.0) cannot hold control characters: they are written as U+FFFD.

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

import contextlib
import csv
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.elements import Elements, elements_of
from kg.perf import paused_gc


def atomic_write(path: Path, write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it over ``path``.

    If ``write`` fails, the temporary file is removed and ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def atomic_dir(path: Path, write: Callable[[Path], Any]) -> Path:
    """Call ``write(tmp)`` on a fresh folder next to ``path``, then swap it in for ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    old = path.with_name(f".{path.name}.old")
    try:
        write(tmp)
        os.chmod(tmp, 0o755)
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return path


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_safe(value: Any) -> Any:
    return _XML_INVALID.sub("\ufffd", value) if isinstance(value, str) else value


def _json_text_encoder() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False)`` for graph attribute values, set up once: the C encoder is
    called directly (``JSONEncoder.encode`` builds a new one for every value, most of the cost of a short
    list); no circular-reference check (attribute values are trees)."""
    from json import encoder as json_encoder

    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json_encoder, "c_make_encoder", None)
    if make is None:  # not CPython
        return plain.encode
    try:
        chunks = make(None, plain.default, json_encoder.encode_basestring, None, plain.key_separator,
                      plain.item_separator, False, False, True)
    except TypeError:  # another signature
        return plain.encode
    return lambda value: "".join(chunks(value, 0))


_JSON_TEXT = _json_text_encoder()
_CONTAINERS = (list, tuple, set, dict)


def _scalar(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return _XML_INVALID.sub("\ufffd", value)
    if value is None:
        return ""
    if kind in _CONTAINERS or isinstance(value, _CONTAINERS):
        return _xml_safe(_JSON_TEXT(value if not isinstance(value, set) else sorted(value)))
    return _xml_safe(value)


#: Edge types that are context (co-occurrence), left out of Gephi files with ``cooccurrence=False``.
COOCCURRENCE_TYPES = frozenset({"CO_OCCURS"})


def display_name(node: str, data: dict[str, Any]) -> str:
    """The name a viewer shows for a node: its name, an article's headline, else its id.

    >>> display_name("Person:中原区:李晓雷", {"label": "Person", "name": "李晓雷"})
    '李晓雷'
    """
    return str(data.get("name") or data.get("headline") or node)


def _gephi_node(n: str, d: dict[str, Any]) -> dict[str, Any]:
    """A node's attributes as Gephi reads them (see :func:`gephi_graph`)."""
    attrs = {_xml_safe(k): _scalar(v) for k, v in d.items() if k != "label"}
    attrs["type"] = _scalar(d.get("label"))
    attrs["label"] = _xml_safe(display_name(n, d))
    return attrs


def _gephi_edge(d: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes as Gephi reads them (see :func:`gephi_graph`)."""
    attrs = {_xml_safe(a): _scalar(x) for a, x in d.items()}
    attrs["label"] = _scalar(d.get("type"))
    return attrs


def gephi_graph(g: nx.MultiDiGraph, cooccurrence: bool = True) -> nx.MultiDiGraph:
    """``g`` as Gephi reads it: ``label`` is the node's name (its kind moves to ``type``), an edge's
    ``label`` is its relation type, lists become JSON strings, control characters U+FFFD.
    """
    flat = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        flat.add_node(_xml_safe(n), **_gephi_node(n, d))
    for u, v, k, d in g.edges(keys=True, data=True):
        if not cooccurrence and d.get("type") in COOCCURRENCE_TYPES:
            continue
        flat.add_edge(_xml_safe(u), _xml_safe(v), key=_xml_safe(k), **_gephi_edge(d))
    return flat


#: GraphML's name of each value type a Gephi attribute can have (as ``networkx.write_graphml`` names them).
_GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                               "\t": "&#9;"})
_GRAPHML_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _graphml_text(value: Any) -> tuple[str, type]:
    """A Gephi attribute value as GraphML text (not yet escaped, control characters not yet replaced) and its
    type."""
    kind = type(value)
    if kind is str:
        text = value
    elif value is None:
        return "", str
    elif kind is bool or kind is int or kind is float:
        return str(value), kind
    elif kind in _CONTAINERS or isinstance(value, _CONTAINERS):
        text = _JSON_TEXT(value if not isinstance(value, set) else sorted(value))
        kind = str
    else:
        text, kind = str(_xml_safe(value)), type(_xml_safe(value))
    return text, kind


def _graphml_attr(value: Any) -> str:
    return str(_xml_safe(value)).translate(_ATTR_ESCAPES)


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_graphml(g: nx.MultiDiGraph | Elements, path: Path, cooccurrence: bool = True) -> Path:
    """GraphML for Gephi and yEd: node ``label`` = name, ``type`` = kind; lists as JSON strings;
    control characters replaced (XML cannot hold them). ``cooccurrence=False`` leaves out the
    CO_OCCURS edges (most of the edges of a corpus). Written atomically.

    A streaming writer, several times faster than networkx's (no element tree, no copy of the graph),
    whose file ``networkx.read_graphml`` reads as networkx's own writer's: one pass over ``g`` formats
    each element once into a body file while the attribute keys and their types are collected (one
    ``<key>`` per name, scope and type, as networkx declares them); the file is the keys, then the body.
    ``g`` is a networkx graph or any :class:`~kg.elements.Elements` (one pass over its nodes, one over
    its edges, in their order).

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Person", name="甲&乙\x07", articles=["a"], weight=2, reporter=False, s={"x"})
    >>> _ = g.add_edge("P", "P", key='k"1', type="CO_OCCURS", evidence=None, w=0.5)
    >>> d = Path(tempfile.mkdtemp())
    >>> a = nx.read_graphml(write_graphml(g, d / "a.graphml"))
    >>> nx.write_graphml(gephi_graph(g), d / "b.graphml"); b = nx.read_graphml(d / "b.graphml")
    >>> (list(a.nodes(data=True)) == list(b.nodes(data=True)), list(a.edges(data=True)) == list(b.edges(data=True)))
    (True, True)
    >>> a.nodes["P"]["name"], a.nodes["P"]["type"]
    ('甲&乙\ufffd', 'Person')
    """
    els = elements_of(g)
    keys: dict[tuple[str, str, type], str] = {}  # (scope, XML-safe name, type) -> key id
    heads: dict[tuple[str, Any, type], str] = {}  # (scope, name, type) -> the opening <data> tag of its values

    def head(scope: str, name: Any, kind: type) -> str:
        if kind not in _GRAPHML_TYPES:
            raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.")
        safe = _xml_safe(name if isinstance(name, str) else str(name))
        ident = keys.setdefault((scope, safe, kind), f"d{len(keys)}")
        tag = heads[scope, name, kind] = f'\n  <data key="{ident}">'
        return tag

    def element(scope: str, tag: str, items: Iterator[tuple[Any, Any]]) -> str:
        parts = [tag]
        for name, value in items:
            kind = type(value)
            if kind is str:
                text = value
            elif kind is list:
                text, kind = _JSON_TEXT(value), str
            elif value is None:
                text, kind = "", str
            else:
                text, kind = _graphml_text(value)
            if kind is str and ("&" in text or "<" in text or ">" in text or "\r" in text):
                text = text.translate(_TEXT_ESCAPES)
            parts.append(heads.get((scope, name, kind)) or head(scope, name, kind))
            parts.append(text)
            parts.append("</data>")
        parts.append(f"\n</{scope}>\n")
        return _XML_INVALID.sub("\ufffd", "".join(parts))

    def write(tmp: Path) -> None:
        body = tmp.with_name(tmp.name + ".body")
        try:
            with body.open("w", encoding="utf-8", errors="replace", newline="") as fh:
                fh.write('<graph edgedefault="directed">')
                for n, d in els.nodes():
                    attrs = {k: v for k, v in d.items() if k != "label"}
                    attrs["type"] = d.get("label")
                    attrs["label"] = display_name(n, d)
                    fh.write(element("node", f'<node id="{_graphml_attr(n)}">', iter(attrs.items())))
                for u, v, k, d in els.edges():
                    if not cooccurrence and d.get("type") in COOCCURRENCE_TYPES:
                        continue
                    attrs = dict(d)
                    attrs["label"] = d.get("type")
                    tag = f'<edge source="{_graphml_attr(u)}" target="{_graphml_attr(v)}" id="{_graphml_attr(k)}">'
                    fh.write(element("edge", tag, iter(attrs.items())))
                fh.write("</graph></graphml>")
            with tmp.open("w", encoding="utf-8", errors="replace", newline="") as out:
                out.write(_GRAPHML_HEAD)
                for (scope, name, kind), ident in keys.items():
                    out.write(f'<key id="{ident}" for="{scope}" attr.name="{name.translate(_ATTR_ESCAPES)}" '
                              f'attr.type="{_GRAPHML_TYPES[kind]}"/>\n')
                out.flush()
                with body.open("rb") as src:
                    shutil.copyfileobj(src, out.buffer, 1 << 20)
        finally:
            body.unlink(missing_ok=True)

    return atomic_write(path, write)


def write_gexf(g: nx.MultiDiGraph, path: Path, cooccurrence: bool = True) -> Path:
    """GEXF 1.2 for Gephi, dynamic: an edge lives from ``first_seen`` to ``last_seen`` (full dates only;
    an edge known only by month-day dates has no interval) and a node from its first edge's date on,
    so Gephi's timeline replays the graph. Node ``label`` = name, ``type`` = kind.

    >>> import tempfile
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Person", name="甲"); g.add_node("X", label="Project", name="乙")
    >>> _ = g.add_edge("P", "X", key="k", type="INSPECTED", first_seen="2023-02-11", last_seen="2023-03-01")
    >>> text = write_gexf(g, Path(tempfile.mkdtemp()) / "g.gexf").read_text("utf-8")
    >>> 'start="2023-02-11"' in text and 'end="2023-03-01"' in text and 'label="甲"' in text
    True
    """
    from kg.ingest.dates import kind as date_kind

    flat = gephi_graph(g, cooccurrence)
    starts: dict[str, str] = {}
    for u, v, _k, d in flat.edges(keys=True, data=True):
        for attr in ("start", "end"):
            d.pop(attr, None)
        first, last = d.get("first_seen"), d.get("last_seen")
        if date_kind(first or None) == "full" and date_kind(last or None) == "full":
            d["start"], d["end"] = first, last
            for n in (u, v):
                starts[n] = min(starts.get(n, first), first)
    for n, d in flat.nodes(data=True):
        d.pop("start", None)
        d.pop("end", None)
        if n in starts:
            d["start"] = starts[n]
    flat.graph["mode"] = "dynamic"
    return atomic_write(path, lambda tmp: nx.write_gexf(flat, tmp, version="1.2draft"))


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_node_link(g: nx.MultiDiGraph | Elements, path: Path) -> Path:
    """node-link JSON (what ``networkx.node_link_data(g, edges="links")`` holds), UTF-8, one node or link
    a line, each encoded by the C JSON encoder and streamed to the file (never one string, never a copy
    of the graph).

    ``g`` is a networkx graph (its ``graph`` attributes, directedness and multigraph-ness written as
    networkx writes them) or any :class:`~kg.elements.Elements`, a directed multigraph without graph
    attributes: ``"directed": true, "multigraph": true, "graph": {}`` and a ``key`` on every link.

    >>> import tempfile
    >>> from kg.elements import GraphElements
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("P", label="Person", name="甲", articles=["a"])
    >>> _ = g.add_edge("P", "Q", key="k", type="INSPECTED")
    >>> d = Path(tempfile.mkdtemp())
    >>> p = write_node_link(g, d / "g.json")
    >>> json.loads(p.read_text("utf-8")) == nx.node_link_data(g, edges="links")
    True
    >>> write_node_link(GraphElements(g), d / "e.json").read_bytes() == p.read_bytes()
    True
    """
    encode = _JSON_TEXT
    els = elements_of(g)
    if isinstance(g, nx.Graph):
        directed, multigraph, graph_attrs = g.is_directed(), g.is_multigraph(), g.graph
    else:
        directed, multigraph, graph_attrs = True, True, {}

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(f'{{"directed": {encode(directed)}, "multigraph": {encode(multigraph)}, '
                     f'"graph": {encode(graph_attrs)}, "nodes": [')
            sep = "\n"
            for n, d in els.nodes():
                fh.write(sep + encode({**d, "id": n}))
                sep = ",\n"
            fh.write('\n], "links": [')
            sep = "\n"
            for u, v, k, d in els.edges() if multigraph else _plain_edges(g):
                link = {**d, "source": u, "target": v}
                if multigraph:
                    link["key"] = k
                fh.write(sep + encode(link))
                sep = ",\n"
            fh.write("\n]}\n")

    return atomic_write(path, write)


def _plain_edges(g: nx.MultiDiGraph | Elements) -> Iterator[tuple[Any, Any, None, dict[str, Any]]]:
    """The edges of a networkx graph that is not a multigraph, with no key (an Elements has keys)."""
    assert isinstance(g, nx.Graph)
    for u, v, d in g.edges(data=True):
        yield u, v, None, d


def read_node_link(path: Path) -> nx.MultiDiGraph:
    """Inverse of :func:`write_node_link`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_neo4j_csv(g: nx.MultiDiGraph | Elements, directory: Path) -> list[Path]:
    """One CSV per node label and per relationship type, with neo4j-admin import headers.

    Load with ``neo4j-admin database import full --nodes=nodes_Person.csv … --relationships=…``;
    list properties use ``:string[]`` with ``;`` as the array delimiter (the default).
    The folder is replaced as a whole.

    ``g`` is a networkx graph or any :class:`~kg.elements.Elements`, read in two passes over its nodes,
    then two over its edges: the first finds each label's (relationship type's) columns and their
    types, the second writes each row to its label's (type's) file, in the order of the stream. What is
    held is in proportion to the labels, types and attribute names, never to the elements.
    """
    directory = Path(directory)
    names: list[str] = []
    atomic_dir(directory, lambda tmp: names.extend(p.name for p in _write_csv_files(g, tmp)))
    return [directory / name for name in names]


class _Columns:
    """The columns of one label's (relationship type's) file, collected in a pass over its rows: every
    attribute name, and for each whether a value (not None) was seen, whether every such value is a list,
    whether every one is an int (not a bool)."""

    __slots__ = ("kinds",)

    def __init__(self) -> None:
        self.kinds: dict[str, list[bool]] = {}  # name -> [seen a value, all lists, all ints]

    def add(self, d: dict[str, Any], skip: str) -> None:
        kinds = self.kinds
        for key, value in d.items():
            kind = kinds.get(key)
            if kind is None:
                if key == skip:
                    continue
                kind = kinds[key] = [False, True, True]
            if value is None:
                continue
            kind[0] = True
            if kind[1] and not isinstance(value, list):
                kind[1] = False
            if kind[2] and (not isinstance(value, int) or isinstance(value, bool)):
                kind[2] = False

    def keys(self) -> list[str]:
        """The attribute names, sorted (the file's columns)."""
        return sorted(self.kinds)

    def header(self, key: str) -> str:
        """``key``'s column header: ``key:string[]`` (every value a list), ``key:long`` (every one an int),
        else ``key``."""
        seen, lists, ints = self.kinds[key]
        if seen and lists:
            return f"{key}:string[]"
        if seen and ints:
            return f"{key}:long"
        return key


def _edge_triples(g: nx.MultiDiGraph | Elements) -> Iterator[tuple[Any, Any, dict[str, Any]]]:
    """``(source, target, attributes)`` of every edge, a fresh pass (a networkx graph of any kind, or Elements)."""
    if isinstance(g, nx.Graph):
        return iter(g.edges(data=True))
    return ((u, v, d) for u, v, _k, d in g.edges())


def _write_csv_files(g: nx.MultiDiGraph | Elements, directory: Path) -> list[Path]:
    els = elements_of(g)
    written: list[Path] = []
    node_columns: dict[str, _Columns] = {}
    for _n, d in els.nodes():
        label = d["label"]
        columns = node_columns.get(label)
        if columns is None:
            columns = node_columns[label] = _Columns()
        columns.add(d, "label")
    with contextlib.ExitStack() as stack:
        node_files: dict[str, tuple[Any, list[str]]] = {}
        for label, columns in sorted(node_columns.items()):
            keys = columns.keys()
            path = directory / f"nodes_{label}.csv"
            w = csv.writer(stack.enter_context(path.open("w", encoding="utf-8", errors="replace", newline="")))
            w.writerow(["id:ID", *[columns.header(k) for k in keys], ":LABEL"])
            node_files[label] = (w, keys)
            written.append(path)
        for n, d in els.nodes():
            label = d["label"]
            w, keys = _file_of(node_files, label)
            w.writerow([n, *[_cell(d.get(k)) for k in keys], label])
    del node_columns
    edge_columns: dict[str, _Columns] = {}
    for _u, _v, d in _edge_triples(g):
        typ = d["type"]
        columns = edge_columns.get(typ)
        if columns is None:
            columns = edge_columns[typ] = _Columns()
        columns.add(d, "type")
    with contextlib.ExitStack() as stack:
        edge_files: dict[str, tuple[Any, list[str]]] = {}
        for typ, columns in sorted(edge_columns.items()):
            keys = columns.keys()
            path = directory / f"relationships_{typ}.csv"
            w = csv.writer(stack.enter_context(path.open("w", encoding="utf-8", errors="replace", newline="")))
            w.writerow([":START_ID", ":END_ID", *[columns.header(k) for k in keys], ":TYPE"])
            edge_files[typ] = (w, keys)
            written.append(path)
        for u, v, d in _edge_triples(g):
            typ = d["type"]
            w, keys = _file_of(edge_files, typ)
            w.writerow([u, v, *[_cell(d.get(k)) for k in keys], typ])
    return written


def _file_of(files: dict[str, tuple[Any, list[str]]], name: str) -> tuple[Any, list[str]]:
    """The CSV writer and columns of label (type) ``name``'s file, made in the first pass."""
    try:
        return files[name]
    except KeyError:
        raise ValueError(f"{name!r} was not in the first pass over the graph (did it change between passes?)") from None


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value

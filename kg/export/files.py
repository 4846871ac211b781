"""Graph files: GraphML (Gephi), node-link JSON (scripts), CSV in neo4j-admin import format.

The streaming writers (:func:`write_graphml`, :func:`write_node_link`, :func:`write_neo4j_csv`) take
a networkx ``MultiDiGraph`` or any :class:`kg.elements.Elements` (the graph as node and edge streams,
such as the job's SQLite graph index): they go over the elements, never hold them.

Each writer is built on per-element pieces that can be cached and re-assembled (the job's graph index
keeps them, so a run that changed a few elements re-formats only those): an element's GraphML text
(:func:`graphml_fragment`, with stable key ids, :func:`graphml_key_id`) and
:func:`write_graphml_fragments`; its node-link line spliced from its attributes' JSON text
(:func:`node_link_node_line`, :func:`node_link_edge_line`) and :func:`write_node_link_lines`; its CSV
row against columns found from the distinct :func:`csv_signature` of its label (:func:`csv_columns`,
:func:`csv_header_line`, :func:`csv_row_line`) and :func:`write_neo4j_csv_files`. The files assembled
from the pieces are the writers' files, byte for byte.

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
import itertools
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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


def gephi_graph(g: nx.MultiDiGraph | Elements, cooccurrence: bool = True) -> nx.MultiDiGraph:
    """``g`` (a graph or :class:`~kg.elements.Elements`) as Gephi reads it: ``label`` is the node's name (its
    kind moves to ``type``), an edge's ``label`` is its relation type, lists become JSON strings, control
    characters U+FFFD.
    """
    flat = nx.MultiDiGraph()
    elements = elements_of(g)
    for n, d in elements.nodes():
        flat.add_node(_xml_safe(n), **_gephi_node(n, d))
    for u, v, k, d in elements.edges():
        if not cooccurrence and d.get("type") in COOCCURRENCE_TYPES:
            continue
        flat.add_edge(_xml_safe(u), _xml_safe(v), key=_xml_safe(k), **_gephi_edge(d))
    return flat


#: GraphML's name of each value type a Gephi attribute can have (as ``networkx.write_graphml`` names them).
_GRAPHML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}
_GRAPHML_TYPE_NAMES = frozenset(_GRAPHML_TYPES.values())
_SCOPE_LETTER = {"node": "n", "edge": "e"}
_LETTER_SCOPE = {"n": "node", "e": "edge"}
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                               "\t": "&#9;"})
_GRAPHML_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
                 '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                 'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
                 'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')
_GRAPH_OPEN = '<graph edgedefault="directed">'
_GRAPH_CLOSE = "</graph></graphml>"
_KEY_NAME_ODD = re.compile(r"[^A-Za-z0-9_]")
_KEY_NAME_ESCAPE = re.compile(r"-([0-9a-f]+)\.")
_KEY_ID = re.compile(r"([ne])_([a-z]+)_([A-Za-z0-9_.-]*)")


def graphml_key_id(scope: str, name: Any, typename: str) -> str:
    """The stable GraphML key id of attribute ``name`` of ``scope`` (``"node"`` or ``"edge"``) with values of
    GraphML type ``typename`` (``string``, ``long``, ``double``, ``boolean``).

    The id is ``{n|e}_{typename}_{name}``: ``n`` for nodes, ``e`` for edges, then the name as written in the
    file (``str(name)``, control characters U+FFFD) with every character other than ``A-Za-z0-9_`` written as
    ``-{code point in lower-case hex}.``. It depends on nothing else (not on the other elements of the
    file), so an element's text is the same in any file; the escaping is one-to-one and an id holds only
    ``A-Za-z0-9_.-`` (an XML name token), so two different (scope, name, type) never share an id and
    :func:`graphml_key_declaration` reads them back from it.

    >>> graphml_key_id("node", "first_seen", "string"), graphml_key_id("edge", "权重 x", "double")
    ('n_string_first_seen', 'e_double_-6743.-91cd.-20.x')
    """
    letter = _SCOPE_LETTER.get(scope)
    if letter is None or typename not in _GRAPHML_TYPE_NAMES:
        raise ValueError(f"no GraphML key for scope {scope!r} and type {typename!r}")
    safe = _XML_INVALID.sub("\ufffd", name if isinstance(name, str) else str(name))
    return f"{letter}_{typename}_{_KEY_NAME_ODD.sub(lambda m: f'-{ord(m[0]):x}.', safe)}"


def graphml_key(key_id: str) -> tuple[str, str, str]:
    """``(scope, attribute name, GraphML type)`` of a key id made by :func:`graphml_key_id` (its inverse).

    >>> graphml_key("e_double_-6743.-91cd.-20.x")
    ('edge', '权重 x', 'double')
    """
    m = _KEY_ID.fullmatch(key_id)
    if m is not None and m[2] in _GRAPHML_TYPE_NAMES:
        scope, typename = _LETTER_SCOPE[m[1]], m[2]
        name = _KEY_NAME_ESCAPE.sub(lambda e: chr(int(e[1], 16)) if int(e[1], 16) <= 0x10FFFF else "", m[3])
        if graphml_key_id(scope, name, typename) == key_id:  # one spelling per key: the id's own
            return scope, name, typename
    raise ValueError(f"not a GraphML key id of this module: {key_id!r}")


def graphml_key_declaration(key_id: str) -> str:
    """The ``<key …/>`` line (with its newline) that declares ``key_id`` (see :func:`graphml_key_id`).

    >>> graphml_key_declaration("n_string_name")
    '<key id="n_string_name" for="node" attr.name="name" attr.type="string"/>\\n'
    """
    scope, name, typename = graphml_key(key_id)
    return (f'<key id="{key_id}" for="{scope}" attr.name="{name.translate(_ATTR_ESCAPES)}" '
            f'attr.type="{typename}"/>\n')


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


#: (scope, name, value type) -> (key id, the opening ``<data>`` tag of its values), for string names.
_DATA_TAGS: dict[tuple[str, str, type], tuple[str, str]] = {}


def _data_tag(scope: str, name: Any, kind: type) -> tuple[str, str]:
    if kind not in _GRAPHML_TYPES:
        raise nx.NetworkXError(f"GraphML writer does not support {kind} as data values.")
    ident = graphml_key_id(scope, name, _GRAPHML_TYPES[kind])
    tag = (ident, f'\n  <data key="{ident}">')
    if type(name) is str and len(_DATA_TAGS) < 100_000:  # not 1 and True (equal keys), never without bound
        _DATA_TAGS[scope, name, kind] = tag
    return tag


def _graphml_element(scope: str, tag: str, attrs: dict[Any, Any], ids: list[str]) -> str:
    """The element of ``scope`` opened by ``tag`` with Gephi attributes ``attrs``; its key ids appended to
    ``ids``."""
    parts = [tag]
    tags = _DATA_TAGS
    for name, value in attrs.items():
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
        ident, data = (tags.get((scope, name, kind)) if type(name) is str else None) or _data_tag(scope, name, kind)
        ids.append(ident)
        parts.append(data)
        parts.append(text)
        parts.append("</data>")
    parts.append(f"\n</{scope}>\n")
    return _XML_INVALID.sub("\ufffd", "".join(parts))


def _graphml_node(n: Any, d: Mapping[Any, Any], ids: list[str]) -> str:
    attrs = {k: v for k, v in d.items() if k != "label"}
    attrs["type"] = d.get("label")
    attrs["label"] = display_name(n, d)  # type: ignore[arg-type]
    return _graphml_element("node", f'<node id="{_graphml_attr(n)}">', attrs, ids)


def _graphml_edge(u: Any, v: Any, k: Any, d: Mapping[Any, Any], ids: list[str]) -> str:
    attrs = dict(d)
    attrs["label"] = d.get("type")
    tag = f'<edge source="{_graphml_attr(u)}" target="{_graphml_attr(v)}" id="{_graphml_attr(k)}">'
    return _graphml_element("edge", tag, attrs, ids)


def graphml_fragment(scope: str, element_id: str, attrs: Mapping[str, Any], source: str | None = None,
                     target: str | None = None) -> tuple[str, tuple[str, ...]]:
    """One element as :func:`write_graphml` writes it: ``(text, key ids)``.

    ``scope`` is ``"node"`` (``element_id`` the node id) or ``"edge"`` (``element_id`` the edge key, with
    ``source`` and ``target``); ``attrs`` are the element's own attributes (a node's ``label`` among them,
    an edge's ``type``). The text is the ``<node …>…</node>`` / ``<edge …>…</edge>`` element with its
    newlines, exactly as it stands in the file whatever the rest of the graph (node ``type`` = its label,
    ``label`` = :func:`display_name`; edge ``label`` = its type; lists as JSON; escaped; control characters
    U+FFFD); the key ids (:func:`graphml_key_id`) are the ones it uses, in order, each once. A file is
    :func:`write_graphml_fragments` of the fragments and the union of their key ids.

    >>> text, ids = graphml_fragment("node", "P", {"label": "Person", "name": "甲<乙>", "n": 2})
    >>> print(text, end="")
    <node id="P">
      <data key="n_string_name">甲&lt;乙&gt;</data>
      <data key="n_long_n">2</data>
      <data key="n_string_type">Person</data>
      <data key="n_string_label">甲&lt;乙&gt;</data>
    </node>
    >>> ids
    ('n_string_name', 'n_long_n', 'n_string_type', 'n_string_label')
    """
    ids: list[str] = []
    if scope == "node":
        text = _graphml_node(element_id, attrs, ids)
    elif scope == "edge":
        if source is None or target is None:
            raise ValueError("an edge fragment needs its source and target")
        text = _graphml_edge(source, target, element_id, attrs, ids)
    else:
        raise ValueError(f"scope is 'node' or 'edge', not {scope!r}")
    return text, tuple(dict.fromkeys(ids))


def graphml_key_ids(scope: str, attrs: Mapping[str, Any]) -> tuple[str, ...]:
    """The key ids :func:`graphml_fragment` gives the element with ``attrs``, without formatting it (the
    head of a file assembled from stored fragments needs the union of every element's ids).

    >>> graphml_key_ids("node", {"label": "Person", "name": "甲<乙>", "n": 2})
    ('n_string_name', 'n_long_n', 'n_string_type', 'n_string_label')
    >>> graphml_key_ids("edge", {"type": "INSPECTED", "weight": 1.5, "articles": ["a"], "x": None})
    ('e_string_type', 'e_double_weight', 'e_string_articles', 'e_string_x', 'e_string_label')
    """
    if scope == "node":
        names = [k for k in attrs if k != "label"] + ["type", "label"]
        kinds = [attrs[k] for k in names[:-2]] + [attrs.get("label"), ""]
    elif scope == "edge":
        names = [*attrs, "label"]
        kinds = [*attrs.values(), attrs.get("type")]
    else:
        raise ValueError(f"scope is 'node' or 'edge', not {scope!r}")
    ids = []
    tags = _DATA_TAGS
    for name, value in zip(names, kinds, strict=True):
        kind = type(value)
        if kind is list or value is None:
            kind = str
        elif kind is not str and kind is not bool and kind is not int and kind is not float:
            kind = _graphml_text(value)[1]
        tag = tags.get((scope, name, kind)) if type(name) is str else None
        ids.append((tag or _data_tag(scope, name, kind))[0])
    return tuple(dict.fromkeys(ids))


def _write_graphml_head(out: Any, key_ids: Iterable[str]) -> None:
    """The file up to the first element: the declarations of ``key_ids``, sorted, then the graph's tag."""
    out.write(_GRAPHML_HEAD)
    for ident in sorted(set(key_ids)):
        out.write(graphml_key_declaration(ident))
    out.write(_GRAPH_OPEN)


def write_graphml_fragments(path: Path, key_ids: Iterable[str], fragments: Iterable[str]) -> Path:
    """A GraphML file from element texts (:func:`graphml_fragment`), written atomically: the head, the
    declarations of ``key_ids`` (the union of the fragments' key ids; repeats are fine), sorted by id,
    the ``<graph>`` tag, the fragments in the order given, the closing tags. It is the file
    :func:`write_graphml` writes for the same elements in that order.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); g.add_node("P", label="Person", name="甲")
    >>> node, ids = graphml_fragment("node", "P", {"label": "Person", "name": "甲"})
    >>> d = Path(tempfile.mkdtemp())
    >>> write_graphml_fragments(d / "a.graphml", ids, [node]).read_bytes() == write_graphml(g, d / "b.graphml").read_bytes()
    True
    """

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", errors="replace", newline="") as out:
            _write_graphml_head(out, key_ids)
            for fragment in fragments:
                out.write(fragment)
            out.write(_GRAPH_CLOSE)

    return atomic_write(path, write)


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_graphml(g: nx.MultiDiGraph | Elements, path: Path, cooccurrence: bool = True) -> Path:
    """GraphML for Gephi and yEd: node ``label`` = name, ``type`` = kind; lists as JSON strings;
    control characters replaced (XML cannot hold them). ``cooccurrence=False`` leaves out the
    CO_OCCURS edges (most of the edges of a corpus). Written atomically.

    A streaming writer, several times faster than networkx's (no element tree, no copy of the graph),
    whose file ``networkx.read_graphml`` reads as networkx's own writer's: one pass over ``g`` formats
    each element once (:func:`graphml_fragment`) into a body file while the key ids it uses are collected
    (one ``<key>`` per name, scope and type, as networkx declares them, with the stable ids of
    :func:`graphml_key_id`); the file is the key declarations, sorted by id, then the body — the file
    :func:`write_graphml_fragments` writes from the same fragments.
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

    def write(tmp: Path) -> None:
        body = tmp.with_name(tmp.name + ".body")
        keys: set[str] = set()
        ids: list[str] = []
        try:
            with body.open("w", encoding="utf-8", errors="replace", newline="") as fh:
                for n, d in els.nodes():
                    fh.write(_graphml_node(n, d, ids))
                    if len(ids) > 4096:
                        keys.update(ids)
                        ids.clear()
                for u, v, k, d in els.edges():
                    if not cooccurrence and d.get("type") in COOCCURRENCE_TYPES:
                        continue
                    fh.write(_graphml_edge(u, v, k, d, ids))
                    if len(ids) > 4096:
                        keys.update(ids)
                        ids.clear()
                fh.write(_GRAPH_CLOSE)
            keys.update(ids)
            with tmp.open("w", encoding="utf-8", errors="replace", newline="") as out:
                _write_graphml_head(out, keys)
                out.flush()
                with body.open("rb") as src:
                    shutil.copyfileobj(src, out.buffer, 1 << 20)
        finally:
            body.unlink(missing_ok=True)

    return atomic_write(path, write)


def write_gexf(g: nx.MultiDiGraph | Elements, path: Path, cooccurrence: bool = True) -> Path:
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

    elements = elements_of(g)
    keep = (lambda d: d.get("type") not in COOCCURRENCE_TYPES) if not cooccurrence else (lambda d: True)

    def edge_attrs(d: dict[str, Any], key: str) -> dict[str, Any]:
        attrs = _gephi_edge(d)
        attrs.pop("start", None)
        attrs.pop("end", None)
        first, last = attrs.get("first_seen"), attrs.get("last_seen")
        if date_kind(first or None) == "full" and date_kind(last or None) == "full":
            attrs["start"], attrs["end"] = first, last
        attrs["key"] = _xml_safe(key)
        return attrs

    # pass 1: each node's first date, the attributes' declarations (title → id, type of the first value)
    starts: dict[str, str] = {}
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    ids = itertools.count()

    def declare(scope: str, attrs: dict[str, Any]) -> None:
        table = declared[scope]
        for name, value in attrs.items():
            if name in _GEXF_ELEMENT_ATTRS[scope]:
                continue
            title = "networkx_key" if name == "key" else str(name)
            if title not in table:
                kind = _GEXF_TYPES.get(type(value))
                if kind is None:
                    raise TypeError(f"attribute value type is not allowed: {type(value)}")
                table[title] = (str(next(ids)), kind)

    for n, d in elements.nodes():
        declare("node", {k: v for k, v in _gephi_node(n, d).items() if k not in ("start", "end")})
    for u, v, k, d in elements.edges():
        if keep(d):
            attrs = edge_attrs(d, k)
            declare("edge", attrs)
            if "start" in attrs:
                for n in (u, v):
                    starts[n] = min(starts.get(n, attrs["start"]), attrs["start"])

    def values(scope: str, attrs: dict[str, Any]) -> str:
        table = declared[scope]
        cells = [f'<attvalue for="{table["networkx_key" if name == "key" else str(name)][0]}" '
                 f'value="{_gexf_value(value)}" />'
                 for name, value in attrs.items() if name not in _GEXF_ELEMENT_ATTRS[scope]]
        return f"<attvalues>{''.join(cells)}</attvalues>" if cells else ""

    def write(tmp: Path) -> None:
        timeformat = ' timeformat="date"' if starts else ""
        with tmp.open("w", encoding="utf-8") as out:
            out.write("<?xml version='1.0' encoding='utf-8'?>\n"
                      '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                      'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
                      'version="1.2">\n'
                      f'  <meta lastmodifieddate="{time.strftime("%Y-%m-%d")}">\n    <creator>kg</creator>\n  </meta>\n'
                      f'  <graph defaultedgetype="directed" mode="dynamic" name=""{timeformat}>\n')
            for scope in ("edge", "node"):
                if declared[scope]:
                    out.write(f'    <attributes mode="static" class="{scope}">\n')
                    for title, (attr_id, kind) in declared[scope].items():
                        out.write(f'      <attribute id="{attr_id}" title="{_gexf_text(title)}" type="{kind}" />\n')
                    out.write("    </attributes>\n")
            out.write("    <nodes>\n")
            for n, d in elements.nodes():
                attrs = {k: v for k, v in _gephi_node(n, d).items() if k not in ("start", "end")}
                start = f' start="{_gexf_text(starts[n])}"' if n in starts else ""
                out.write(f'      <node id="{_gexf_text(str(_xml_safe(n)))}" '
                          f'label="{_gexf_text(str(attrs["label"]))}"{start}>{values("node", attrs)}</node>\n')
            out.write("    </nodes>\n    <edges>\n")
            number = itertools.count()
            for u, v, k, d in elements.edges():
                if not keep(d):
                    continue
                attrs = edge_attrs(d, k)
                head = "".join(f' {name}="{_gexf_text(str(attrs[name]))}"'
                               for name in ("label", "weight", "type", "start", "end") if name in attrs)
                out.write(f'      <edge source="{_gexf_text(str(_xml_safe(u)))}" '
                          f'target="{_gexf_text(str(_xml_safe(v)))}" id="{next(number)}"{head}>'
                          f'{values("edge", attrs)}</edge>\n')
            out.write("    </edges>\n  </graph>\n</gexf>\n")

    return atomic_write(path, write)


#: What GEXF keeps as an element's own XML attributes (the rest are attribute values), as networkx's writer.
_GEXF_ELEMENT_ATTRS = {"node": frozenset({"label", "id", "pid", "start", "end", "spells", "viz"}),
                       "edge": frozenset({"label", "weight", "type", "start", "end", "id", "spells", "viz"})}
#: GEXF's name of each value type (as networkx's writer names them).
_GEXF_TYPES: dict[type, str] = {int: "long", float: "double", bool: "boolean", str: "string"}
_GEXF_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
                               "\t": "&#09;"})


def _gexf_text(text: str) -> str:
    return text.translate(_GEXF_ESCAPES)


def _gexf_value(value: Any) -> str:
    """A value as networkx's GEXF writer puts it in ``value="…"``: booleans in lower case, INF/NaN."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if isinstance(value, float):
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return _gexf_text(text)


def _spliced(attrs_text: str, tail: str) -> str | None:
    """``attrs_text`` (a JSON object as :data:`_JSON_TEXT` writes it) with the members ``tail`` added at
    its end, or None where the text does not look like one (not spliced then)."""
    if attrs_text == "{}":
        return "{" + tail + "}"
    if attrs_text.startswith('{"') and attrs_text.endswith("}"):
        return attrs_text[:-1] + ", " + tail + "}"
    return None


def _loaded(attrs_text: str) -> dict[str, Any]:
    attrs = json.loads(attrs_text)
    if not isinstance(attrs, dict):
        raise ValueError(f"attributes are a JSON object, not {attrs_text[:40]!r}")
    return attrs


def node_link_node_line(node_id: str, attrs_text: str) -> str:
    """A node's line of the node-link file, from the JSON text of its attributes.

    ``attrs_text`` is ``_JSON_TEXT(attrs)`` (the module's encoder: ``ensure_ascii=False``, separators
    ``", "`` and ``": "``, as the job's graph index stores an element's attributes); the line is exactly
    ``_JSON_TEXT({**attrs, "id": node_id})``. Spliced (``"id"`` appended to the object's text, no
    decoding) unless the text holds ``"id"`` anywhere (perhaps a member ``id``, which the merge overwrites
    where it stands): then decoded, merged and encoded again.

    >>> node_link_node_line("P", '{"label": "Person", "n": [1, 2]}')
    '{"label": "Person", "n": [1, 2], "id": "P"}'
    >>> node_link_node_line("P", "{}"), node_link_node_line("P", '{"id": "old", "x": 1}')
    ('{"id": "P"}', '{"id": "P", "x": 1}')
    """
    line = None if '"id"' in attrs_text else _spliced(attrs_text, '"id": ' + _JSON_TEXT(node_id))
    return line if line is not None else _JSON_TEXT({**_loaded(attrs_text), "id": node_id})


def node_link_edge_line(source: str, target: str, key: str, attrs_text: str) -> str:
    """An edge's line of the node-link file of a multigraph, from the JSON text of its attributes: exactly
    ``_JSON_TEXT({**attrs, "source": source, "target": target, "key": key})`` (see
    :func:`node_link_node_line`; decoded and merged where the text holds ``"source"``, ``"target"`` or
    ``"key"``).

    >>> node_link_edge_line("P", "Q", "k", '{"type": "INSPECTED"}')
    '{"type": "INSPECTED", "source": "P", "target": "Q", "key": "k"}'
    >>> node_link_edge_line("P", "Q", "k", '{"source": "x", "type": "T"}')
    '{"source": "P", "type": "T", "target": "Q", "key": "k"}'
    """
    line = None
    if '"source"' not in attrs_text and '"target"' not in attrs_text and '"key"' not in attrs_text:
        encode = _JSON_TEXT
        line = _spliced(attrs_text, f'"source": {encode(source)}, "target": {encode(target)}, "key": {encode(key)}')
    if line is None:
        line = _JSON_TEXT({**_loaded(attrs_text), "source": source, "target": target, "key": key})
    return line


def _node_line(n: Any, d: dict[Any, Any]) -> str:
    """``_JSON_TEXT({**d, "id": n})`` by way of :func:`node_link_node_line` (never decoding: a text that
    would be decoded is encoded from the dict)."""
    text = _JSON_TEXT(d)
    if '"id"' in text:
        return _JSON_TEXT({**d, "id": n})
    return node_link_node_line(n, text)


def _edge_line(u: Any, v: Any, k: Any, d: dict[Any, Any]) -> str:
    """``_JSON_TEXT({**d, "source": u, "target": v, "key": k})`` by way of :func:`node_link_edge_line`."""
    text = _JSON_TEXT(d)
    if '"source"' in text or '"target"' in text or '"key"' in text:
        return _JSON_TEXT({**d, "source": u, "target": v, "key": k})
    return node_link_edge_line(u, v, k, text)


def _write_node_link_file(path: Path, directed: bool, multigraph: bool, graph_attrs: Any,
                          node_lines: Iterable[str], edge_lines: Iterable[str]) -> Path:
    encode = _JSON_TEXT

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8", errors="surrogateescape") as fh:
            fh.write(f'{{"directed": {encode(directed)}, "multigraph": {encode(multigraph)}, '
                     f'"graph": {encode(graph_attrs)}, "nodes": [')
            sep = "\n"
            for line in node_lines:
                fh.write(sep + line)
                sep = ",\n"
            fh.write('\n], "links": [')
            sep = "\n"
            for line in edge_lines:
                fh.write(sep + line)
                sep = ",\n"
            fh.write("\n]}\n")

    return atomic_write(path, write)


def write_node_link_lines(path: Path, node_lines: Iterable[str], edge_lines: Iterable[str],
                          graph_attrs: dict[str, Any] | None = None) -> Path:
    """The node-link file of a directed multigraph from its lines (:func:`node_link_node_line`,
    :func:`node_link_edge_line`), in the order given, written atomically: the file :func:`write_node_link`
    writes for the same elements (``"directed": true, "multigraph": true, "graph": graph_attrs or {}``).

    >>> import tempfile
    >>> from kg.elements import GraphElements
    >>> g = nx.MultiDiGraph(); g.add_node("P", label="Person"); _ = g.add_edge("P", "P", key="k", type="T")
    >>> d = Path(tempfile.mkdtemp())
    >>> a = write_node_link_lines(d / "a.json", [node_link_node_line("P", '{"label": "Person"}')],
    ...                           [node_link_edge_line("P", "P", "k", '{"type": "T"}')])
    >>> a.read_bytes() == write_node_link(GraphElements(g), d / "b.json").read_bytes()
    True
    """
    return _write_node_link_file(path, True, True, graph_attrs or {}, node_lines, edge_lines)


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_node_link(g: nx.MultiDiGraph | Elements, path: Path) -> Path:
    """node-link JSON (what ``networkx.node_link_data(g, edges="links")`` holds), UTF-8, one node or link
    a line, each encoded by the C JSON encoder and streamed to the file (never one string, never a copy
    of the graph): the lines of :func:`node_link_node_line` and :func:`node_link_edge_line`.

    ``g`` is a networkx graph (its ``graph`` attributes, directedness and multigraph-ness written as
    networkx writes them) or any :class:`~kg.elements.Elements`, a directed multigraph without graph
    attributes: ``"directed": true, "multigraph": true, "graph": {}`` and a ``key`` on every link (the
    file of :func:`write_node_link_lines`).

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
    els = elements_of(g)
    if isinstance(g, nx.Graph):
        directed, multigraph, graph_attrs = g.is_directed(), g.is_multigraph(), g.graph
    else:
        directed, multigraph, graph_attrs = True, True, {}
    nodes = (_node_line(n, d) for n, d in els.nodes())
    if multigraph:
        edges = (_edge_line(u, v, k, d) for u, v, k, d in els.edges())
    else:
        edges = (_JSON_TEXT({**d, "source": u, "target": v}) for u, v, _k, d in _plain_edges(g))
    return _write_node_link_file(path, directed, multigraph, graph_attrs, nodes, edges)


def _plain_edges(g: nx.MultiDiGraph | Elements) -> Iterator[tuple[Any, Any, None, dict[str, Any]]]:
    """The edges of a networkx graph that is not a multigraph, with no key (an Elements has keys)."""
    assert isinstance(g, nx.Graph)
    for u, v, d in g.edges(data=True):
        yield u, v, None, d


def read_node_link(path: Path) -> nx.MultiDiGraph:
    """Inverse of :func:`write_node_link`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")


#: The attribute each kind of element keeps out of its columns (written as ``:LABEL`` / ``:TYPE``).
_CSV_SKIP = {"node": "label", "edge": "type"}
_CSV_ENDS = {"node": (("id:ID",), ":LABEL"), "edge": ((":START_ID", ":END_ID"), ":TYPE")}
_CSV_PREFIX = {"node": "nodes", "edge": "relationships"}
#: A value's class in a signature: None, a list, an int (not a bool), anything else.
_CSV_CLASSES = frozenset("nlis")


def _csv_kind(kind: str) -> str:
    if kind not in _CSV_SKIP:
        raise ValueError(f"kind is 'node' or 'edge', not {kind!r}")
    return _CSV_SKIP[kind]


class _Echo:
    """A "file" whose ``write`` returns the line: ``csv.writer(_Echo()).writerow(row)`` is the row's text."""

    write = str


_CSV_LINE = csv.writer(_Echo())  # the default (excel) dialect, as the files have always been written


def csv_file_name(kind: str, name: str) -> str:
    """The file of node label (``kind="node"``) or relationship type (``"edge"``) ``name``.

    >>> csv_file_name("node", "Person"), csv_file_name("edge", "INSPECTED")
    ('nodes_Person.csv', 'relationships_INSPECTED.csv')
    """
    _csv_kind(kind)
    return f"{_CSV_PREFIX[kind]}_{name}.csv"


def csv_signature(attrs: Mapping[str, Any], kind: str) -> str:
    """What an element contributes to its file's columns: for each attribute name (but a node's ``label``,
    an edge's ``type``: ``kind`` is ``"node"`` or ``"edge"``), the class of its value — ``n`` None,
    ``l`` a list, ``i`` an int (not a bool), ``s`` anything else — as a JSON list of class letter + name
    (``str(name)``), sorted by name. Elements with the same names and classes have the same signature, so
    a label's distinct signatures (a ``GROUP BY``) are all :func:`csv_columns` needs.

    >>> csv_signature({"label": "Person", "name": "甲", "mentions": 3, "articles": ["a"], "note": None}, "node")
    '["larticles", "imentions", "sname", "nnote"]'
    """
    skip = _csv_kind(kind)
    entries = []
    for name, value in attrs.items():
        if name == skip:
            continue
        if value is None:
            cls = "n"
        elif isinstance(value, list):
            cls = "l"
        elif isinstance(value, int) and not isinstance(value, bool):
            cls = "i"
        else:
            cls = "s"
        entries.append(cls + (name if isinstance(name, str) else str(name)))
    entries.sort(key=lambda entry: entry[1:])
    return _JSON_TEXT(entries)


def csv_columns(signatures: Iterable[str]) -> list[tuple[str, str]]:
    """The columns of a label's (relationship type's) file whose elements have ``signatures``
    (:func:`csv_signature`; repeats are fine): ``(attribute name, header cell)``, sorted by name, as
    :func:`write_neo4j_csv` writes them — ``name:string[]`` where every value (not None) is a list,
    ``name:long`` where every one is an int (not a bool), else ``name``.

    >>> csv_columns(['["larticles", "imentions"]', '["larticles", "smentions", "nnote"]'])
    [('articles', 'articles:string[]'), ('mentions', 'mentions'), ('note', 'note')]
    """
    columns = _Columns()
    for signature in signatures:
        columns.add_signature(signature)
    return columns.columns()


def csv_header_line(kind: str, columns: Sequence[tuple[str, str]]) -> str:
    """The header line (with its ``\\r\\n``) of a ``kind`` (``"node"``, ``"edge"``) file with ``columns``
    (:func:`csv_columns`).

    >>> csv_header_line("edge", [("articles", "articles:string[]"), ("weight", "weight:long")])
    ':START_ID,:END_ID,articles:string[],weight:long,:TYPE\\r\\n'
    """
    first, last = _CSV_ENDS[kind] if kind in _CSV_ENDS else (_csv_kind(kind), "")
    return _CSV_LINE.writerow([*first, *[header for _name, header in columns], last])


def _csv_row(first: Sequence[Any], attrs: Mapping[Any, Any], names: Sequence[Any], last: Any) -> str:
    return _CSV_LINE.writerow([*first, *[_cell(attrs.get(k)) for k in names], last])


def csv_row_line(kind: str, first: Sequence[str], attrs: Mapping[str, Any], columns: Sequence[tuple[str, str]],
                 last: str) -> str:
    """One element's line (with its ``\\r\\n``) in its ``kind`` (``"node"``, ``"edge"``) file with
    ``columns`` (:func:`csv_columns`): ``first`` (a node's id; an edge's source and target), the cells of
    ``attrs`` (lists joined by ``;``, None empty), ``last`` (the label; the type).

    >>> csv_row_line("node", ["P"], {"label": "Person", "articles": ["a", "b"], "name": "甲, 乙"},
    ...              [("articles", "articles:string[]"), ("name", "name"), ("note", "note")], "Person")
    'P,a;b,"甲, 乙",,Person\\r\\n'
    """
    if len(first) != (1 if _csv_kind(kind) == "label" else 2):
        raise ValueError(f"a {kind} row starts with {'its id' if kind == 'node' else 'source and target'}")
    return _csv_row(first, attrs, [name for name, _header in columns], last)


def _csv_open(path: Path) -> Any:
    return path.open("w", encoding="utf-8", errors="replace", newline="")


def write_neo4j_csv_files(directory: Path, files: Iterable[tuple[str, str, Iterable[str]]]) -> list[Path]:
    """The neo4j-admin CSV folder from its files' lines: each ``(file name, header line, row lines)``
    (:func:`csv_file_name`, :func:`csv_header_line`, :func:`csv_row_line`) is written in turn; the
    folder is replaced as a whole (the files of :func:`write_neo4j_csv` when given its files in its
    order: node files by label, then relationship files by type, sorted). The paths written, in order.

    >>> import tempfile
    >>> cols = csv_columns([csv_signature({"label": "Person", "name": "甲"}, "node")])
    >>> d = Path(tempfile.mkdtemp())
    >>> [p.name for p in write_neo4j_csv_files(d / "csv", [(csv_file_name("node", "Person"),
    ...     csv_header_line("node", cols), [csv_row_line("node", ["P"], {"name": "甲"}, cols, "Person")])])]
    ['nodes_Person.csv']
    >>> (d / "csv" / "nodes_Person.csv").read_bytes().decode("utf-8")
    'id:ID,name,:LABEL\\r\\nP,甲,Person\\r\\n'
    """
    directory = Path(directory)
    names: list[str] = []

    def write(tmp: Path) -> None:
        for name, header, rows in files:
            if not name or Path(name).name != name or name in (".", "..") or name in names:
                raise ValueError(f"not a file name of its own in the folder: {name!r}")
            with _csv_open(tmp / name) as fh:
                fh.write(header)
                for row in rows:
                    fh.write(row)
            names.append(name)

    atomic_dir(directory, write)
    return [directory / name for name in names]


@paused_gc()  # the exports go over every node and edge: no collections in proportion to the graph
def write_neo4j_csv(g: nx.MultiDiGraph | Elements, directory: Path) -> list[Path]:
    """One CSV per node label and per relationship type, with neo4j-admin import headers.

    Load with ``neo4j-admin database import full --nodes=nodes_Person.csv … --relationships=…``;
    list properties use ``:string[]`` with ``;`` as the array delimiter (the default).
    The folder is replaced as a whole.

    ``g`` is a networkx graph or any :class:`~kg.elements.Elements`, read in two passes over its nodes,
    then two over its edges: the first finds each label's (relationship type's) columns and their
    types, the second writes each row to its label's (type's) file, in the order of the stream. What is
    held is in proportion to the labels, types and attribute names, never to the elements. The lines are
    those of :func:`csv_header_line` and :func:`csv_row_line` with the columns :func:`csv_columns` finds
    from the elements' signatures (the same rules, applied to the values directly).
    """
    directory = Path(directory)
    names: list[str] = []
    atomic_dir(directory, lambda tmp: names.extend(p.name for p in _write_csv_files(g, tmp)))
    return [directory / name for name in names]


class _Columns:
    """The columns of one label's (relationship type's) file, collected in a pass over its rows (or over
    their signatures): every attribute name, and for each whether a value (not None) was seen, whether
    every such value is a list, whether every one is an int (not a bool)."""

    __slots__ = ("kinds",)

    def __init__(self) -> None:
        self.kinds: dict[str, list[bool]] = {}  # name -> [seen a value, all lists, all ints]

    def add(self, d: Mapping[Any, Any], skip: str) -> None:
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

    def add_signature(self, signature: str) -> None:
        """Add an element by its :func:`csv_signature`."""
        entries = json.loads(signature)
        if not isinstance(entries, list):
            raise ValueError(f"not a CSV signature: {signature[:40]!r}")
        kinds = self.kinds
        for entry in entries:
            if not isinstance(entry, str) or entry[:1] not in _CSV_CLASSES or not entry:
                raise ValueError(f"not a CSV signature: {signature[:40]!r}")
            cls, name = entry[0], entry[1:]
            kind = kinds.get(name)
            if kind is None:
                kind = kinds[name] = [False, True, True]
            if cls == "n":
                continue
            kind[0] = True
            if cls != "l":
                kind[1] = False
            if cls != "i":
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

    def columns(self) -> list[tuple[str, str]]:
        """``(name, header)`` of every column, in order."""
        return [(key, self.header(key)) for key in self.keys()]


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
            cols = columns.columns()
            path = directory / csv_file_name("node", label)
            fh = stack.enter_context(_csv_open(path))
            fh.write(csv_header_line("node", cols))
            node_files[label] = (fh.write, [name for name, _header in cols])
            written.append(path)
        for n, d in els.nodes():
            label = d["label"]
            write, keys = _file_of(node_files, label)
            write(_csv_row((n,), d, keys, label))
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
            cols = columns.columns()
            path = directory / csv_file_name("edge", typ)
            fh = stack.enter_context(_csv_open(path))
            fh.write(csv_header_line("edge", cols))
            edge_files[typ] = (fh.write, [name for name, _header in cols])
            written.append(path)
        for u, v, d in _edge_triples(g):
            typ = d["type"]
            write, keys = _file_of(edge_files, typ)
            write(_csv_row((u, v), d, keys, typ))
    return written


def _file_of(files: dict[str, tuple[Any, list[str]]], name: str) -> tuple[Any, list[str]]:
    """The file's ``write`` and the columns of label (type) ``name``'s file, made in the first pass."""
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

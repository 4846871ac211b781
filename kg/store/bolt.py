"""One Bolt code path for Neo4j and the embedded ArcadeDB server (official neo4j driver).

Writes are parameterized ``UNWIND $rows … MERGE`` in batches inside managed
transactions (``session.execute_write``, retried by the driver): nodes first,
then edges matched by id (ArcadeDB deadlocks on MERGE of both ends in one
statement). :meth:`BoltStore.sync` makes the store equal to a graph: upserts
every node and edge by stable id/key and deletes what the graph no longer has,
so loading twice changes nothing and a changed article leaves no stale edge.

Every node and relationship kg writes carries ``kg_graph`` (the graph's name,
``kg`` unless told otherwise); pruning only ever deletes nodes and relationships
that carry the same ``kg_graph``, so other applications' data in a shared Neo4j
is never touched. Credentials are never part of a message: a password inside a
URI is moved out of it before anything else sees the URI.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import networkx as nx
from neo4j import READ_ACCESS, Driver, GraphDatabase, Query
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable

from kg.elements import Elements, elements_of
from kg.errors import StoreError
from kg.perf import paused_gc
from kg.store.bulk import BulkLoader, BulkRefused, edge_line, request_groups, too_big, vertex_line
from kg.store.ledger import EdgeEntry, Ledger

log = logging.getLogger(__name__)

NODE_LABELS = ("Person", "Organization", "Place", "Project", "Article", "Meeting")
#: The property naming the kg graph a node or relationship belongs to.
MARK = "kg_graph"
#: The label of the one node per graph that holds the token of its last sync (never counted, never pruned).
META = "KgMeta"
_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


@dataclass
class Connection:
    """Where a Bolt store is; ``repr`` never shows the password."""

    uri: str
    user: str
    password: str
    database: str | None = None
    #: The HTTP address (``http://host:port``) of the store's batch API, when it is ArcadeDB's: large creates
    #: go through it (:mod:`kg.store.bulk`) instead of Cypher. The embedded store sets it.
    bulk: str | None = None

    def __repr__(self) -> str:
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def connection_from_env(uri: str | None = None, user: str | None = None, password: str | None = None,
                        database: str | None = None) -> Connection | None:
    """A connection from arguments, else NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE.

    ``user:password@`` inside the URI is taken out of it (and used when no user or
    password is given otherwise), so the URI can be shown in messages.

    >>> c = connection_from_env("bolt://bob:s3cret@db.example:7687", database="x")
    >>> (c.uri, c.user, c.password)
    ('bolt://db.example:7687', 'bob', 's3cret')
    """
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        return None
    uri, uri_user, uri_password = split_credentials(uri)
    return Connection(uri, user or uri_user or os.environ.get("NEO4J_USER", "neo4j"),
                      password or uri_password or os.environ.get("NEO4J_PASSWORD", ""),
                      database or os.environ.get("NEO4J_DATABASE"))


def split_credentials(uri: str) -> tuple[str, str | None, str | None]:
    """``(uri without user:password@, user, password)``."""
    try:
        parts = urlsplit(uri)
        if "@" not in parts.netloc:
            return uri, None, None
        userinfo, _, host = parts.netloc.rpartition("@")
    except ValueError:
        return redact(uri), None, None
    user, sep, password = userinfo.partition(":")
    return urlunsplit(parts._replace(netloc=host)), unquote(user) or None, unquote(password) if sep else None


def redact(text: str) -> str:
    """``text`` with the password of any ``scheme://user:password@`` in it replaced by ``***``."""
    import re

    return re.sub(r"(\w+://[^/\s:@]*:)[^@\s]*@", r"\1***@", text)


def _label(name: str) -> str:
    if not name or not set(name) <= _SAFE:
        raise StoreError(f"refusing unsafe label or type {name!r}")
    return name


#: At most this many bytes (estimated, :func:`_size`: an upper bound) in one batch: Bolt servers refuse messages
#: past a limit (ArcadeDB: 16 MiB after chunk reassembly), and rows of hub nodes (thousands of articles each) are
#: large. Smaller batches cost round trips and commits (4 MiB: a first load 1.4× slower at 4k articles).
BATCH_BYTES = 12 << 20


def _size(value: Any) -> int:
    """An upper bound of the bytes ``value`` (a row of plain values) packs to: three bytes for every character of
    its ``repr`` — a character is at most 3 bytes of UTF-8 here, and the quotes and separators of the repr
    outweigh PackStream's markers. (``repr`` runs in C: a sum over the row's values in Python cost a first load
    ≈ 10 % more time.)

    >>> _size(["ab", {"k": "中文"}, 7])
    66
    """
    return 3 * len(repr(value))


def _chunks(rows: Iterable[Any], size: int, max_bytes: int | None = BATCH_BYTES) -> Iterator[list[Any]]:
    """``rows`` in batches of at most ``size`` rows and (estimated) ``max_bytes`` bytes (None: no bound); a row
    larger than ``max_bytes`` alone.

    >>> [len(b) for b in _chunks(["x" * 10, "y" * 10, "z" * 10], 2, max_bytes=72)]
    [2, 1]
    >>> [len(b) for b in _chunks(["x" * 10, "y" * 10, "z" * 10], 5, max_bytes=40)]
    [1, 1, 1]
    """
    batch: list[Any] = []
    weight = 0
    for row in rows:
        w = 0 if max_bytes is None else _size(row)
        if batch and (len(batch) >= size or (max_bytes is not None and weight + w > max_bytes)):
            yield batch
            batch, weight = [], 0
        batch.append(row)
        weight += w
    if batch:
        yield batch


_SCALARS = frozenset((str, int, float, bool))


def _plain(value: Any) -> Any:
    """A property value Bolt stores: scalars and lists of scalars of one type (None drops the property);
    a mapping, or a list holding anything else, becomes its JSON text.

    >>> _plain(["a", None, "b"]), _plain({"k": 1}), _plain([["x"]]), _plain([1, "a"])
    (['a', 'b'], '{"k": 1}', '[["x"]]', '[1, "a"]')
    """
    kind = type(value)
    if value is None or kind in _SCALARS:
        return value
    if kind is list or kind is tuple or kind is set or kind is frozenset:
        items = list(value) if None not in value else [v for v in value if v is not None]
        if kind is set or kind is frozenset:
            items.sort(key=str)
        types = set(map(type, items))
        if not items or (len(types) == 1 and types <= _SCALARS):
            return items
        return json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, (str, int, float)):  # subclasses (an IntEnum, a str subclass)
        return value
    return str(value)


def _hashed(value: tuple[Any, ...]) -> str:
    """A short hash of ``(graph, id, attributes)``: what tells a changed node or relationship. The
    attributes' ``repr`` (keys sorted) is deterministic for the graph's values (strings, numbers, lists,
    dicts built in a fixed order); a value whose repr is not (a set) only costs a needless rewrite."""
    graph, ident, data = value
    text = repr((graph, ident, sorted(data.items())))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


#: Rows of a graph to write: node id → row, edge key → row, and what cannot be written.
GraphRows = tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]], list[str]]


def graph_rows(g: nx.MultiDiGraph | Elements, graph: str) -> GraphRows:
    """The rows to write for ``g`` (a networkx graph or :class:`~kg.elements.Elements`): node id → row,
    edge key → row, and what could not be written.

    A row has the ``hash`` of the graph's attributes (cheap: no conversion) and the attributes
    themselves; :func:`props` turns them into the properties written, only for rows that are. A
    node or edge whose label or type is not a plain name is left out and described in the list.
    The whole graph's rows at once; a sync streams them in chunks (:func:`node_rows`, :func:`edge_rows`).
    """
    els = elements_of(g)
    errors: list[str] = []
    nodes = {row["id"]: row for row in node_rows(els.nodes(), graph, errors)}
    labels = {k: row["label"] for k, row in nodes.items()}
    edges = {row["key"]: row for row in edge_rows(els.edges(), labels.get, graph, errors)}
    return nodes, edges, errors


def node_rows(nodes: Iterable[tuple[Any, dict[str, Any]]], graph: str, errors: list[str]
              ) -> Iterator[dict[str, Any]]:
    """The rows of ``nodes`` (see :func:`graph_rows`); one whose label is not a plain name is described in
    ``errors`` instead."""
    for node_id, data in nodes:
        row = _node_row(node_id, data, graph)
        if row is None:
            errors.append(f"node {node_id!r}: label {str(data.get('label') or '')!r} is not a plain name; not written")
            continue
        yield row


def edge_rows(edges: Iterable[tuple[Any, Any, Any, dict[str, Any]]], label_of: Callable[[str], str | None],
              graph: str, errors: list[str]) -> Iterator[dict[str, Any]]:
    """The rows of ``edges`` (see :func:`graph_rows`), ``label_of`` telling the label of a written node (None:
    not written); one whose type is not a plain name or whose end is not written is described in ``errors``."""
    for u, v, _k, data in edges:
        key = edge_key_of(u, v, data)
        sl, tl = label_of(str(u)), label_of(str(v))
        if not sl or not tl or not _plain_name(str(data.get("type") or "")):
            errors.append(f"relationship {key!r}: type {str(data.get('type') or '')!r} or an end is not written; "
                          "not written")
            continue
        yield _edge_row(key, u, v, data, sl, tl, graph)


def _plain_name(name: str) -> bool:
    return bool(name) and set(name) <= _SAFE


def edge_key_of(u: Any, v: Any, data: dict[str, Any]) -> str:
    """The key a relationship is stored under: its ``edge_key`` attribute, else ``type|source|target``."""
    return str(data.get("edge_key") or f"{data.get('type') or ''}|{u}|{v}")


def _node_row(node_id: Any, data: dict[str, Any], graph: str) -> dict[str, Any] | None:
    """The row of a node (None when its label is not a plain name)."""
    label = str(data.get("label") or "")
    if not _plain_name(label):
        return None
    nid = str(node_id)
    return {"id": nid, "label": label, "data": data, "hash": _hashed((graph, nid, data))}


def _edge_row(key: str, u: Any, v: Any, data: dict[str, Any], sl: str, tl: str, graph: str) -> dict[str, Any]:
    return {"key": key, "type": str(data.get("type") or ""), "s": str(u), "t": str(v), "sl": sl, "tl": tl,
            "data": data, "hash": _hashed((graph, key, data))}


def props(row: dict[str, Any], graph: str) -> dict[str, Any]:
    """The properties written for a row of :func:`graph_rows`: plain values, ``id`` (nodes) or ``key``
    (relationships), ``kg_graph`` and ``kg_hash``."""
    if "key" in row:
        out = {k: p for k, x in row["data"].items() if k not in ("type", "edge_key") and (p := _plain(x)) is not None}
        out["key"] = row["key"]
    else:
        out = {k: p for k, x in row["data"].items() if k != "label" and (p := _plain(x)) is not None}
        out["id"] = row["id"]
    out[MARK] = graph
    out["kg_hash"] = row["hash"]
    return out


#: Joins a list of strings sent as one value (the driver packs one string instead of one per item); the
#: statement splits it back. A list holding it, or an empty string, is sent as a list.
_SEP = "\x1e"
_AS_IS, _JOINED, _GRAPH = 0, 1, 2

#: How a row's properties are sent: (name, how), in order; ``_GRAPH``: the graph's name, ``$g`` of the statement.
Shape = tuple[tuple[str, int], ...]


def _shaped(p: dict[str, Any]) -> tuple[Shape, list[Any]]:
    """``p`` as a shape and the values sent for it: a non-empty list of non-empty strings joined by ``_SEP``,
    the graph's name (``kg_graph``) not at all.

    >>> _shaped({"a": ["x", "y"], "b": [], "c": 1, "d": ["x", ""], "kg_graph": "kg"})
    ((('a', 1), ('b', 0), ('c', 0), ('d', 0), ('kg_graph', 2)), ['x\\x1ey', [], 1, ['x', '']])
    """
    shape: list[tuple[str, int]] = []
    values: list[Any] = []
    for k, x in p.items():
        if k == MARK:
            shape.append((k, _GRAPH))
            continue
        # a list from _plain holds scalars of one type: its first item tells whether all are strings
        if type(x) is list and x and type(x[0]) is str and "" not in x:
            joined = _SEP.join(x)
            if joined.count(_SEP) == len(x) - 1:
                shape.append((k, _JOINED))
                values.append(joined)
                continue
        shape.append((k, _AS_IS))
        values.append(x)
    return tuple(shape), values


def _inline_map(shape: Shape, offset: int = 0) -> str:
    """A Cypher map literal of the properties of ``shape`` taken from the row list ``r`` (from ``r[offset]``):
    one ``CREATE`` writes a record whole (``CREATE … SET x = map`` writes it empty, then rewrites it)."""
    parts, i = [], offset
    for k, how in shape:
        if how == _GRAPH:
            value = "$g"
        else:
            value = f"split(r[{i}], '{_SEP}')" if how == _JOINED else f"r[{i}]"
            i += 1
        parts.append(f"`{k.replace('`', '``')}`: {value}")
    return "{" + ", ".join(parts) + "}"


def _index(shape: Shape, name: str, offset: int = 0) -> int:
    """Where the value of property ``name`` is in a row list of ``shape``."""
    sent = [k for k, how in shape if how != _GRAPH]
    return offset + sent.index(name)


_INT64 = (-(2 ** 63), 2 ** 63)


def _bulk_safe(p: dict[str, Any]) -> bool:
    """Whether every value of ``p`` (from :func:`props`) is one Bolt carries too: integers of 64 bits, finite
    floats. (JSON carries any; a bulk create must not store what a Cypher one refuses.)

    >>> _bulk_safe({"a": 1, "b": [2.5, 3], "c": "x"}), _bulk_safe({"a": 2 ** 70}), _bulk_safe({"a": [float("nan")]})
    (True, False, False)
    """
    for value in p.values():
        for x in (value if type(value) is list else (value,)):
            kind = type(x)
            if (kind is int and not _INT64[0] <= x < _INT64[1]) or (kind is float and not math.isfinite(x)):
                return False
    return True


def _entry(row: dict[str, Any]) -> EdgeEntry:
    return (row["type"], row["s"], row["t"], row["sl"], row["tl"], row["hash"])


#: Nodes or relationships per chunk of a streamed sync: only one chunk's rows are in memory at once.
SYNC_CHUNK = 50_000
#: A plan creating at least this many nodes (or relationships) creates them through the store's bulk API, when it
#: has one (a first load, a large re-sync); fewer go through Cypher (one request's set-up costs more than it saves).
BULK_MIN = 1000
#: A bulk request the server refused whole (nothing committed) is sent again in halves down to this many records,
#: then through Cypher.
BULK_RETRY_MIN = 500


def in_sync(g: nx.MultiDiGraph | Elements, ledger: Ledger, graph: str, chunk: int = SYNC_CHUNK) -> bool:
    """Whether the store described by ``ledger`` already holds ``g`` (answered without the store, reading the
    graph in chunks and the ledger by key; stops at the first difference)."""
    if ledger.token is None or any(ledger.pending()):
        return False
    els = elements_of(g)
    errors: list[str] = []
    labels: dict[str, str] = {}
    count_n = count_e = 0
    for rows in _chunks(node_rows(els.nodes(), graph, errors), chunk, None):
        have, _ = ledger.lookup([r["id"] for r in rows], [])
        if any(have.get(r["id"]) != (r["label"], r["hash"]) for r in rows):
            return False
        labels.update((r["id"], r["label"]) for r in rows)
        count_n += len(rows)
    for rows in _chunks(edge_rows(els.edges(), labels.get, graph, errors), chunk, None):
        _, have_e = ledger.lookup([], [r["key"] for r in rows])
        if any(have_e.get(r["key"]) != _entry(r) for r in rows):
            return False
        count_e += len(rows)
    return ledger.size() == (count_n, count_e)


@dataclass
class SyncPlan:
    """What a sync writes: rows to create, replace or merge, and what to delete (by node id / edge key)."""

    create_nodes: list[dict[str, Any]] = field(default_factory=list)
    update_nodes: list[dict[str, Any]] = field(default_factory=list)
    merge_nodes: list[dict[str, Any]] = field(default_factory=list)
    deleted_nodes: dict[str, str] = field(default_factory=dict)  # id -> label
    create_edges: list[dict[str, Any]] = field(default_factory=list)
    update_edges: list[dict[str, Any]] = field(default_factory=list)
    merge_edges: list[dict[str, Any]] = field(default_factory=list)
    deleted_edges: dict[str, EdgeEntry] = field(default_factory=dict)
    drop_edges: dict[str, EdgeEntry] = field(default_factory=dict)  # deleted ones whose ends both stay

    @classmethod
    def of(cls, want_nodes: dict[str, dict[str, Any]], want_edges: dict[str, dict[str, Any]],
           have_nodes: dict[str, tuple[str, str]], have_edges: dict[str, EdgeEntry],
           unsure: tuple[set[str], set[str]], prune: bool = True) -> SyncPlan:
        """The difference between what is wanted and what the store holds (``unsure``: may or may not hold).

        >>> row = {"id": "P:a", "label": "P", "props": {}, "hash": "h"}
        >>> plan = SyncPlan.of({"P:a": row}, {}, {"P:a": ("P", "h"), "P:b": ("P", "x")}, {}, (set(), set()))
        >>> (plan.create_nodes, plan.update_nodes, plan.deleted_nodes, plan.empty())
        ([], [], {'P:b': 'P'}, False)
        """
        plan = cls()
        for node_id, row in want_nodes.items():
            have = have_nodes.get(node_id)
            if node_id in unsure[0]:
                plan.merge_nodes.append(row)
            elif have is None:
                plan.create_nodes.append(row)
            elif have[0] != row["label"]:  # the same id under another label: replaced
                plan.deleted_nodes[node_id] = have[0]
                plan.create_nodes.append(row)
            elif have[1] != row["hash"]:
                plan.update_nodes.append(row)
        stale_nodes = {n for n in [*have_nodes, *unsure[0]] if n not in want_nodes} if prune else set()
        for node_id in sorted(stale_nodes):
            label = have_nodes.get(node_id, ("", ""))[0]
            if label:
                plan.deleted_nodes[node_id] = label
            # an unsure node of unknown label: its id names it in kg's graphs ("Label:…")
            elif (guess := node_id.split(":", 1)[0]) and set(guess) <= _SAFE:
                plan.deleted_nodes[node_id] = guess
        replaced = {n for n in plan.deleted_nodes if n in want_nodes}
        for key, row in want_edges.items():
            have_e = have_edges.get(key)
            if row["s"] in replaced or row["t"] in replaced:  # went with its replaced end
                plan.create_edges.append(row)
            elif key in unsure[1]:
                plan.merge_edges.append(row)
            elif have_e is None:
                plan.create_edges.append(row)
            elif have_e[5] != row["hash"]:
                plan.update_edges.append(row)
        if prune:
            for key, entry in have_edges.items():
                if key not in want_edges:
                    plan.deleted_edges[key] = entry
                    if entry[1] not in plan.deleted_nodes and entry[2] not in plan.deleted_nodes:
                        plan.drop_edges[key] = entry
            for key in unsure[1] - set(want_edges) - set(have_edges):
                parts = key.split("|")  # type|source|target|extra (kg.graph.edge_key)
                if len(parts) >= 3 and set(parts[0]) <= _SAFE and parts[0]:
                    entry = (parts[0], parts[1], parts[2], parts[1].split(":", 1)[0], parts[2].split(":", 1)[0], "")
                    if set(entry[3]) <= _SAFE and set(entry[4]) <= _SAFE and entry[3] and entry[4]:
                        plan.deleted_edges[key] = entry
                        if entry[1] not in plan.deleted_nodes and entry[2] not in plan.deleted_nodes:
                            plan.drop_edges[key] = entry
        return plan

    def written_nodes(self) -> list[str]:
        """Ids of the nodes the plan creates, replaces or merges."""
        return [r["id"] for r in (*self.create_nodes, *self.update_nodes, *self.merge_nodes)]

    def written_edges(self) -> list[str]:
        """Keys of the relationships the plan creates, replaces or merges."""
        return [r["key"] for r in (*self.create_edges, *self.update_edges, *self.merge_edges)]

    def touched_nodes(self) -> list[str]:
        """Node ids whose state in the store the plan changes."""
        return [*self.written_nodes(), *self.deleted_nodes]

    def touched_edges(self) -> list[str]:
        """Relationship keys whose state in the store the plan changes."""
        return [*self.written_edges(), *self.deleted_edges]

    def empty(self) -> bool:
        """Whether the store already holds the graph."""
        return not (self.touched_nodes() or self.touched_edges())



@dataclass
class Changes:
    """What one run changed in a graph, by the keys the store knows: upserted nodes (id → attributes),
    upserted relationships (key → (source, target, attributes), the key being :func:`edge_key_of` of
    them), and the ids and keys deleted. A key both upserted and deleted is upserted."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    deleted_nodes: set[str] = field(default_factory=set)
    deleted_edges: set[str] = field(default_factory=set)

    def empty(self) -> bool:
        """Whether nothing changed."""
        return not (self.nodes or self.edges or self.deleted_nodes or self.deleted_edges)


def incremental_ready(ledger: Ledger, changes: Changes) -> bool:
    """Whether the ledger alone tells what the store holds of the elements of ``changes`` (asked without the
    store): it recorded a sync, and whatever a killed sync left pending is among the changes (written again
    as unknown). Else only a full sync can be trusted. The store's token is checked apart (it needs the store).
    """
    if ledger.token is None:
        return False
    pending_nodes, pending_edges = ledger.pending()
    return (all(k in changes.nodes or k in changes.deleted_nodes for k in pending_nodes)
            and all(k in changes.edges or k in changes.deleted_edges for k in pending_edges))


def changes_plan(changes: Changes, ledger: Ledger, graph: str) -> tuple[SyncPlan, GraphRows] | None:
    """The plan writing exactly ``changes`` over what ``ledger`` records of their keys (looked up by key), and
    the rows it writes; None when only a full sync is safe (:func:`incremental_ready` says no, or an upserted
    node changes label: replacing it would delete relationships the changes do not hold).

    An upserted node or relationship the ledger lacks is created, one whose hash differs is replaced, one
    with the same hash is left alone; a deleted one the ledger has is deleted, with the relationships the
    ledger has at a deleted node (the store's ``DETACH DELETE`` takes them). Pending keys (all among the
    changes) are merged, or deleted if present. A relationship's end labels come from the upserted nodes,
    else the ledger, else the id's prefix (kg's ids are ``Label:…``).

    >>> import tempfile, pathlib
    >>> led = Ledger(pathlib.Path(tempfile.mkdtemp()) / "l.sqlite", "t")
    >>> led.begin("tok", [], [])
    >>> a, b = {"label": "Person", "name": "a"}, {"label": "Person", "name": "b"}
    >>> plan, _ = changes_plan(Changes(nodes={"Person:a": a}), led, "kg")
    >>> [r["id"] for r in plan.create_nodes]
    ['Person:a']
    """
    if not incremental_ready(ledger, changes):
        return None
    errors: list[str] = []
    deleted_nodes = {str(n) for n in changes.deleted_nodes if n not in changes.nodes}
    want_nodes: dict[str, dict[str, Any]] = {}
    for node_id, data in changes.nodes.items():
        row = _node_row(node_id, data, graph)
        if row is None:
            errors.append(f"node {node_id!r}: label {str(data.get('label') or '')!r} is not a plain name; not written")
            continue
        want_nodes[row["id"]] = row
    node_keys = {str(n) for n in changes.nodes} | deleted_nodes
    ends = {str(x) for s, t, _ in changes.edges.values() for x in (s, t)}
    edge_keys = set(changes.edges) | set(changes.deleted_edges)
    known_nodes, known_edges = ledger.lookup(node_keys | ends, edge_keys)
    if any(known_nodes.get(n, (row["label"],))[0] != row["label"] for n, row in want_nodes.items()):
        return None
    have_nodes = {n: known_nodes[n] for n in node_keys if n in known_nodes}
    have_edges = {k: known_edges[k] for k in edge_keys if k in known_edges}
    have_edges.update(ledger.incident(deleted_nodes))

    def label_of(node_id: str) -> str:
        if node_id in want_nodes:
            return str(want_nodes[node_id]["label"])
        if node_id in changes.nodes or node_id in deleted_nodes:  # not written, or gone
            return ""
        if node_id in known_nodes:
            return known_nodes[node_id][0]
        guess = node_id.split(":", 1)[0] if ":" in node_id else ""
        return guess if _plain_name(guess) else ""

    want_edges: dict[str, dict[str, Any]] = {}
    for key, (u, v, data) in changes.edges.items():
        if edge_key_of(u, v, data) != key:
            raise ValueError(f"relationship {key!r} is keyed {edge_key_of(u, v, data)!r} by its attributes")
        sl, tl = label_of(str(u)), label_of(str(v))
        if not (sl and tl and _plain_name(str(data.get("type") or ""))):
            errors.append(f"relationship {key!r}: type {str(data.get('type') or '')!r} or an end is not written; "
                          "not written")
            continue
        want_edges[key] = _edge_row(key, u, v, data, sl, tl, graph)
    plan = SyncPlan.of(want_nodes, want_edges, have_nodes, have_edges, ledger.pending())
    return plan, (want_nodes, want_edges, errors)

class _PlanWriter:
    """Writes one sync's plans, one after another, crash-safely: a plan's keys pending in the ledger before it
    is written (and, before the first, a new token in the store), settled after; counts what was written."""

    def __init__(self, store: BoltStore, ledger: Ledger, errors: list[str],
                 progress: Callable[[str, int], None] | None) -> None:
        self.store, self.ledger, self.errors, self.progress = store, ledger, errors, progress
        self.token = secrets.token_hex(8)
        self.started = False
        self.schema: set[str] = set()  # labels whose constraint this sync made sure of
        self.absent: set[str] = set()  # nodes whose write failed: their relationships are not written either
        self.rids: dict[str, str] = {}  # node id -> record id, of nodes bulk-created or looked up (bulk creates)
        self.totals = dict.fromkeys(("written_nodes", "written_edges", "deleted_nodes", "deleted_edges"), 0)

    def write(self, plan: SyncPlan, nodes: dict[str, dict[str, Any]], edges: dict[str, dict[str, Any]],
              gone: dict[str, EdgeEntry] | None = None, settle_all: bool = False) -> None:
        """Write ``plan`` (``nodes``/``edges``: the rows it writes; ``gone``: relationships the store loses with
        its replaced nodes). ``settle_all``: the plan covers every pending key (all are cleared after it)."""
        if plan.empty():
            return
        gone = gone or {}
        touched_n, touched_e = plan.touched_nodes(), [*plan.touched_edges(), *gone]
        self.ledger.begin(self.token, touched_n, touched_e)
        labels = {r["label"] for r in (*plan.create_nodes, *plan.merge_nodes)} - self.schema
        if labels or not self.started:
            self.store.ensure_schema(labels)
            self.schema |= labels | set(NODE_LABELS)
        if not self.started:
            self.store._write(f"MERGE (m:{META} {{graph: $rows[0].g}}) SET m.token = $rows[0].t",
                              [{"g": self.store.graph, "t": self.token}])
            self.started = True
        failed_n, failed_e = self.store._apply(plan, self.errors, self.progress, self.absent, self.rids)
        self.absent |= failed_n
        self.ledger.commit({k: (nodes[k]["label"], nodes[k]["hash"]) for k in plan.written_nodes() if k not in failed_n},
                           plan.deleted_nodes,
                           {k: _entry(edges[k]) for k in plan.written_edges() if k not in failed_e},
                           [*plan.deleted_edges, *gone], (failed_n, failed_e),
                           settled=None if settle_all else (touched_n, touched_e))
        self.totals["written_nodes"] += len(plan.written_nodes()) - len(failed_n)
        self.totals["written_edges"] += len(plan.written_edges()) - len(failed_e)
        self.totals["deleted_nodes"] += len(plan.deleted_nodes)
        self.totals["deleted_edges"] += len(plan.deleted_edges)

    def counts(self, els: Elements) -> dict[str, int]:
        """What :meth:`BoltStore.sync` returns."""
        return {"nodes": els.number_of_nodes(), "edges": els.number_of_edges(), **self.totals,
                "errors": len(self.errors)}


class BoltStore:
    """A graph store behind a Bolt URI.

    ``graph`` names what kg writes (the ``kg_graph`` property); ``exclusive`` says
    the database belongs to kg alone (the embedded store), so nodes of kg's labels
    written before marking existed are pruned too.
    """

    def __init__(self, connection: Connection, batch_size: int = 1000, graph: str = "kg",
                 exclusive: bool = False, bulk_min: int = BULK_MIN) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.graph = graph
        self.exclusive = exclusive
        #: Creates of at least this many nodes (relationships) go through the bulk API when there is one.
        self.bulk_min = bulk_min
        self.bulk = (BulkLoader(connection.bulk, connection.user, connection.password, connection.database or "")
                     if connection.bulk and connection.database else None)
        uri, _, _ = split_credentials(connection.uri)
        try:
            self.driver: Driver = GraphDatabase.driver(uri, auth=(connection.user, connection.password))
            self.driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, ValueError, OSError) as exc:
            message = str(exc).replace(connection.password, "***") if connection.password else str(exc)
            raise StoreError(f"cannot reach the graph store at {redact(uri)}: {redact(message)}") from None

    def close(self) -> None:
        self.driver.close()
        if self.bulk is not None:
            self.bulk.close()

    def __enter__(self) -> BoltStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def _write(self, cypher: str, rows: list[Any], errors: list[str] | None = None,
               fallback: str | None = None, params: dict[str, Any] | None = None,
               name: Callable[[Any], Any] | None = None) -> list[Any]:
        """Run ``cypher`` over ``rows`` in batches, each batch one managed write transaction.

        A ``cypher`` ending in ``RETURN count(…)`` counts the rows it wrote: a batch that wrote
        fewer than it has is returned as not written (it is retried as unknown next time).

        With ``errors``, a batch the store refuses (a client error: bad value, constraint) is
        retried with ``fallback`` (the MERGE form of a CREATE) and then in halves until the
        refused rows are alone; they are described in ``errors`` and returned, the rest is
        written. Without ``errors`` the first refusal raises.
        """
        def work(tx: Any, batch: list[dict[str, Any]], text: str) -> int | None:
            result = tx.run(text, params, rows=batch)
            if " RETURN count(" not in text:
                result.consume()  # a result never pulled may never run (ArcadeDB executes on PULL)
                return None
            record = result.single()
            return int(record[0]) if record is not None else 0

        failed: list[dict[str, Any]] = []
        with self.driver.session(database=self.connection.database) as session:
            def attempt(batch: list[dict[str, Any]], text: str) -> None:
                try:
                    done = session.execute_write(work, batch, text)
                    if done is not None and done < len(batch):  # a MATCH found no end: left for the next sync
                        if errors is not None:
                            errors.append(f"{len(batch) - done} of {len(batch)} rows matched nothing (an end is "
                                          "missing); retried at the next sync")
                        failed.extend(batch)
                except (ClientError, ValueError, TypeError, OverflowError) as exc:  # refused, or not packable
                    if errors is None:
                        raise
                    if fallback and text != fallback:
                        attempt(batch, fallback)
                    elif len(batch) > 1:
                        attempt(batch[:len(batch) // 2], text)
                        attempt(batch[len(batch) // 2:], text)
                    else:
                        row = batch[0]
                        what = (name(row) if name else row.get("key") or row.get("id")) or "?"
                        why = getattr(exc, "message", None) or exc
                        errors.append(f"store refused {what}: {why}")
                        log.warning("store refused %s: %s", what, why)
                        failed.append(row)

            for batch in _chunks(rows, self.batch_size):
                attempt(batch, cypher)
        return failed

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.driver.session(database=self.connection.database, default_access_mode=READ_ACCESS) as session:
            return session.execute_read(lambda tx: tx.run(cypher, params or {}).data())

    def ensure_schema(self, labels: Iterable[str] = ()) -> None:
        """Neo4j 5 uniqueness constraints on ``id`` of kg's labels and of ``labels`` (each also an index,
        so every MATCH by id is an index lookup), created before any write."""
        with self.driver.session(database=self.connection.database) as session:
            for label in sorted({*NODE_LABELS, *labels}):
                session.run(Query(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                                  f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE")).consume()
            session.run(Query(f"CREATE CONSTRAINT kgmeta_graph IF NOT EXISTS FOR (n:{META}) "
                              "REQUIRE n.graph IS UNIQUE")).consume()

    @paused_gc()  # millions of short-lived rows: collections walking a caller's whole graph would be superlinear
    def sync(self, g: nx.MultiDiGraph | Elements, prune: bool = True,
             progress: Callable[[str, int], None] | None = None,
             ledger: Ledger | None = None, chunk: int = SYNC_CHUNK) -> dict[str, int]:
        """Make the store hold exactly ``g`` (kg's part of it; a networkx graph or
        :class:`~kg.elements.Elements`), writing only the difference.

        What the store holds is taken from ``ledger`` when its token matches the store's, else
        read from the store (``kg_hash`` of every node and relationship kg wrote) into it (without a
        ``ledger``, one in memory). The graph is streamed in chunks of ``chunk`` nodes, then relationships,
        each compared with the ledger's entries for its keys: only one chunk's rows are in memory, so a first
        load of millions of relationships holds no more than a re-sync of a few. New nodes and
        relationships are CREATEd in large batches by label and type (no MERGE scanning the
        relationships of a high-degree node), their properties inside the CREATE (one record write, not
        a create and a rewrite) and sent as flat lists (no names per row), changed ones are replaced
        (``SET x = props``), and with ``prune`` the ones ``g`` no longer has are deleted last. Keys a killed
        sync left pending are MERGEd. A batch the store refuses is split until the bad row is found;
        that row is reported (``errors``) and left pending, the rest is written.

        Crash safety per chunk: its keys are pending in the ledger (and the store's token new) before it is
        written, settled after; a killed sync leaves one chunk unknown, repaired by the next.

        Returns counts: nodes, edges (of ``g``), written_nodes, written_edges, deleted_nodes,
        deleted_edges, errors.
        """
        els = elements_of(g)
        own = ledger is None
        led = Ledger(None, "store") if ledger is None else ledger
        try:
            if own or led.token is None or led.token != self.token():
                have_nodes, have_edges = self._stored()
                led.replace(None, have_nodes, have_edges)
                del have_nodes, have_edges
            return self._stream(els, led, prune, progress, chunk)
        finally:
            if own:
                led.close()

    def _stream(self, els: Elements, ledger: Ledger, prune: bool, progress: Callable[[str, int], None] | None,
                chunk: int) -> dict[str, int]:
        """:meth:`sync` over a trusted ``ledger``: nodes, relationships, then what to prune, chunk by chunk."""
        errors: list[str] = []
        writer = _PlanWriter(self, ledger, errors, progress)
        unsure_n, unsure_e = ledger.pending()
        labels: dict[str, str] = {}  # every written node's label: a relationship's end labels
        seen_n: set[str] = set()  # pending keys the graph has (written as unknown)
        seen_e: set[str] = set()
        for rows in _chunks(node_rows(els.nodes(), self.graph, errors), chunk, None):
            want = {r["id"]: r for r in rows}
            labels.update((k, r["label"]) for k, r in want.items())
            seen_n.update(k for k in want if k in unsure_n)
            have, _ = ledger.lookup(want, [])
            plan = SyncPlan.of(want, {}, have, {}, (seen_n & want.keys(), set()), prune=False)
            # a node replaced under another label takes its relationships (DETACH DELETE): the ledger forgets them
            writer.write(plan, want, {}, ledger.incident(plan.deleted_nodes))
            ledger.keep(want, ())
        for rows in _chunks(edge_rows(els.edges(), labels.get, self.graph, errors), chunk, None):
            want = {r["key"]: r for r in rows}
            seen_e.update(k for k in want if k in unsure_e)
            _, have_e = ledger.lookup([], want)
            plan = SyncPlan.of({}, want, {}, have_e, (set(), seen_e & want.keys()), prune=False)
            writer.write(plan, {}, want)
            ledger.keep((), want)
        labels.clear()
        stale_nodes, stale_edges = ledger.unkept()
        if prune:  # what the graph no longer has: in the ledger, or pending from a killed sync
            plan = SyncPlan.of({}, {}, {k: (label, "") for k, label in stale_nodes.items()}, stale_edges,
                               (unsure_n - seen_n, unsure_e - seen_e))
            writer.write(plan, {}, {})
        return writer.counts(els)

    @paused_gc()
    def sync_changes(self, g: nx.MultiDiGraph | Elements, changes: Changes, ledger: Ledger,
                     progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Write only ``changes`` (a run's changes to ``g``, the whole graph after them), planned from the
        ledger's entries for their keys (:func:`changes_plan`). When that is not safe — the ledger's token is
        not the store's, a killed sync left keys pending that the changes lack, a node changes label — this
        is :meth:`sync` of ``g``. Returns the counts of :meth:`sync` (nodes, edges: of ``g``)."""
        els = elements_of(g)
        planned = changes_plan(changes, ledger, self.graph)
        if planned is None or ledger.token != self.token():
            return self.sync(els, progress=progress, ledger=ledger)
        plan, rows = planned
        return self._execute(plan, rows, els, ledger, progress)

    def _execute(self, plan: SyncPlan, rows: GraphRows, els: Elements, ledger: Ledger,
                 progress: Callable[[str, int], None] | None) -> dict[str, int]:
        """Apply ``plan`` (rows: those it writes, and what could not be) crash-safely (:class:`_PlanWriter`)."""
        want_nodes, want_edges, errors = rows
        writer = _PlanWriter(self, ledger, list(errors), progress)
        writer.write(plan, want_nodes, want_edges, settle_all=True)
        return writer.counts(els)

    def token(self) -> str | None:
        """The token of the last sync of this graph (a ``KgMeta`` node), None if there is none."""
        rows = self._read(f"MATCH (m:{META} {{graph: $g}}) RETURN m.token AS t", {"g": self.graph})
        return rows[0]["t"] if rows else None

    def _stored(self) -> tuple[dict[str, tuple[str, str]], dict[str, EdgeEntry]]:
        """What the store holds of this graph: node id → (label, hash), key → edge entry (hash "" if none)."""
        mine = f"x.{MARK} = $graph" if not self.exclusive else f"(x.{MARK} = $graph OR x.{MARK} IS NULL)"
        nodes: dict[str, tuple[str, str]] = {}
        for r in self._read(f"MATCH (x) WHERE {mine} AND NOT x:{META} AND x.id IS NOT NULL "
                            "RETURN x.id AS id, labels(x) AS labels, x.kg_hash AS h", {"graph": self.graph}):
            labels = [label for label in r["labels"] if set(label) <= _SAFE]
            if labels:
                nodes[str(r["id"])] = (labels[0], r["h"] or "")
        edges: dict[str, EdgeEntry] = {}
        # relationships of a neo4j-admin import of kg's CSV carry edge_key and no mark: kg's too (hash "")
        csv = f"(x.{MARK} IS NULL AND x.edge_key IS NOT NULL)"
        for r in self._read(f"MATCH (a)-[x]->(b) WHERE ({mine} OR {csv}) AND coalesce(x.key, x.edge_key) IS NOT NULL "
                            "RETURN coalesce(x.key, x.edge_key) AS key, type(x) AS t, a.id AS s, b.id AS o, "
                            "labels(a) AS sl, labels(b) AS ol, x.kg_hash AS h", {"graph": self.graph}):
            if r["s"] is not None and r["o"] is not None and r["sl"] and r["ol"]:
                edges[str(r["key"])] = (r["t"], str(r["s"]), str(r["o"]), r["sl"][0], r["ol"][0], r["h"] or "")
        return nodes, edges

    def _apply(self, plan: SyncPlan, errors: list[str], progress: Callable[[str, int], None] | None,
               absent: set[str] | None = None, rids: dict[str, str] | None = None) -> tuple[set[str], set[str]]:
        """Run the plan: stale relationships, stale nodes, nodes, relationships. Returns the keys not written.
        ``absent``: nodes an earlier part of the sync failed to write (their relationships are not written);
        ``rids``: record ids of nodes known so far in this sync (bulk creates add to it, deletes take from it)."""
        failed_n: set[str] = set()
        absent = absent or set()
        rids = {} if rids is None else rids
        failed_e: set[str] = set()
        by_type: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for key, entry in plan.drop_edges.items():
            by_type[entry[0], entry[3], entry[4]].append({"s": entry[1], "t": entry[2], "key": key})
        for (typ, sl, tl), rows in sorted(by_type.items()):
            self._write(f"UNWIND $rows AS r MATCH (a:{_label(sl)} {{id: r.s}})-[e:{_label(typ)}]->"
                        f"(b:{_label(tl)} {{id: r.t}}) WHERE coalesce(e.key, e.edge_key) = r.key DELETE e", rows,
                        errors=errors)
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node_id, label in plan.deleted_nodes.items():
            by_label[label].append({"id": node_id, "g": self.graph})
        mine = f"n.{MARK} = r.g" if not self.exclusive else f"(n.{MARK} = r.g OR n.{MARK} IS NULL)"
        for label, rows in sorted(by_label.items()):
            self._write(f"UNWIND $rows AS r MATCH (n:{_label(label)} {{id: r.id}}) WHERE {mine} DETACH DELETE n",
                        rows, errors=errors)
            for row in rows:
                rids.pop(row["id"], None)
        for mode, rows_of, template in (
                ("create", plan.create_nodes, "UNWIND $rows AS r CREATE (n:{l}) SET n = r.props"),
                ("update", plan.update_nodes, "UNWIND $rows AS r MATCH (n:{l} {{id: r.id}}) SET n = r.props"),
                ("merge", plan.merge_nodes, "UNWIND $rows AS r MERGE (n:{l} {{id: r.id}}) SET n = r.props")):
            if mode == "create" and self.bulk is not None and len(rows_of) >= self.bulk_min:
                failed_n |= self._bulk_nodes(rows_of, errors, progress, rids)
                continue
            if mode == "create":  # properties in the CREATE itself, grouped by label and shape
                inline: dict[tuple[str, Shape], list[dict[str, Any]]] = defaultdict(list)
                for row in rows_of:
                    shape, values = _shaped(props(row, self.graph))
                    inline[row["label"], shape].append(values)  # a list: no names to pack for every row
                for (label, shape), rows in sorted(inline.items()):
                    values, at = _inline_map(shape), _index(shape, "id")
                    bad = self._write(f"UNWIND $rows AS r CREATE (n:{_label(label)} {values})", rows, errors=errors,
                                      fallback=f"UNWIND $rows AS r MERGE (n:{_label(label)} {{id: r[{at}]}}) "
                                               f"SET n = {values}",
                                      params={"g": self.graph}, name=lambda r, at=at: r[at])
                    failed_n.update(r[at] for r in bad)
                    if progress:
                        progress(f"nodes {label}", len(rows))
                continue
            grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in rows_of:
                grouped[row["label"]].append({"id": row["id"], "props": props(row, self.graph)})
            for label, rows in sorted(grouped.items()):
                fallback = template.replace("CREATE (n:{l})", "MERGE (n:{l} {{id: r.id}})") if mode == "create" else None
                bad = self._write(template.format(l=_label(label)), rows, errors=errors,
                                  fallback=fallback.format(l=label) if fallback else None)
                failed_n.update(r["id"] for r in bad)
                if progress:
                    progress(f"nodes {label}", len(rows))
        for mode, rows_of in (("create", plan.create_edges), ("update", plan.update_edges),
                              ("merge", plan.merge_edges)):
            if mode == "create" and self.bulk is not None and len(rows_of) >= self.bulk_min:
                failed_e |= self._bulk_edges(rows_of, errors, progress, rids, failed_n | absent)
                continue
            kept = []
            for row in rows_of:
                if any(x in failed_n or x in absent for x in (row["s"], row["t"])):  # its end was not written: neither is it
                    failed_e.add(row["key"])
                else:
                    kept.append(row)
            if mode != "create":
                failed_e |= self._cypher_edges(kept, errors, mode, progress)
                continue
            # properties in the CREATE itself, grouped by type, end labels and shape
            inline_e: dict[tuple[str, str, str, Shape], list[dict[str, Any]]] = defaultdict(list)
            for row in kept:
                shape, values = _shaped(props(row, self.graph))
                inline_e[row["type"], row["sl"], row["tl"], shape].append([row["s"], row["t"], *values])
            for (typ, sl, tl, shape), rows in sorted(inline_e.items()):
                values, at = _inline_map(shape, 2), _index(shape, "key", 2)
                head = f"UNWIND $rows AS r MATCH (a:{_label(sl)} {{id: r[0]}}) MATCH (b:{_label(tl)} {{id: r[1]}}) "
                bad = self._write(head + f"CREATE (a)-[e:{_label(typ)} {values}]->(b) RETURN count(e)", rows,
                                  errors=errors,
                                  fallback=head + f"MERGE (a)-[e:{_label(typ)} {{key: r[{at}]}}]->(b) "
                                                  f"SET e = {values} RETURN count(e)",
                                  params={"g": self.graph}, name=lambda r, at=at: r[at])
                failed_e.update(r[at] for r in bad)
                if progress:
                    progress(f"edges {typ}", len(rows))
        return failed_n, failed_e

    def _bulk_nodes(self, rows: list[dict[str, Any]], errors: list[str], progress: Callable[[str, int], None] | None,
                    rids: dict[str, str]) -> set[str]:
        """Create the nodes of ``rows`` through the bulk API, label by label, recording their record ids in
        ``rids``; a request the store refuses is written again through Cypher's MERGE. Returns the ids not
        written."""
        assert self.bulk is not None
        failed: set[str] = set()
        by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_label[row["label"]].append(row)
        for label, group in sorted(by_label.items()):
            odd: list[tuple[str, dict[str, Any]]] = []

            def lines(group: list[dict[str, Any]] = group, label: str = label, odd: list = odd
                      ) -> Iterator[tuple[tuple[str, dict[str, Any]], str]]:  # built while the server writes
                for r in group:
                    p = props(r, self.graph)
                    if _bulk_safe(p):
                        yield (r["id"], p), vertex_line(_label(label), r["id"], p)
                    else:  # what Bolt refuses, refused the same way
                        odd.append((r["id"], p))

            for part, answer in self.bulk.pipelined(request_groups(lines()), vertices=True):
                if isinstance(answer, BulkRefused):  # some may be committed: MERGE writes each once, finds a bad one
                    log.info("bulk create of %d %s nodes refused (%s); writing them through Cypher",
                             len(part), label, answer)
                    odd.extend(part)
                else:
                    rids.update(answer)
                if progress:
                    progress(f"nodes {label}", len(part))
            if odd:
                bad = self._write(f"UNWIND $rows AS r MERGE (n:{_label(label)} {{id: r.id}}) SET n = r.props",
                                  [{"id": k, "props": p} for k, p in odd], errors=errors)
                failed.update(r["id"] for r in bad)
        return failed

    def _bulk_edges(self, rows: list[dict[str, Any]], errors: list[str], progress: Callable[[str, int], None] | None,
                    rids: dict[str, str], absent: set[str]) -> set[str]:
        """Create the relationships of ``rows`` through the bulk API, their ends named by record id (from
        ``rids``, else looked up by id); a request the store refuses is written again through Cypher's MERGE.
        One whose end is ``absent`` or not in the store is not written. Returns the keys not written."""
        assert self.bulk is not None
        failed = {r["key"] for r in rows if r["s"] in absent or r["t"] in absent}
        rows = [r for r in rows if r["key"] not in failed]
        missing = {(r[end], r[end + "l"]) for r in rows for end in ("s", "t") if r[end] not in rids}
        rids.update(self._rids(missing))
        lost = [r for r in rows if r["s"] not in rids or r["t"] not in rids]
        if lost:
            errors.append(f"{len(lost)} of {len(rows)} relationships have an end the store lacks; retried at the "
                          "next sync")
            failed.update(r["key"] for r in lost)
            rows = [r for r in rows if r["s"] in rids and r["t"] in rids]
        self.bulk.ensure_edge_types(_label(r["type"]) for r in rows)
        odd: list[dict[str, Any]] = []  # never sent: created through Cypher
        resend: list[dict[str, Any]] = []  # refused, perhaps in part committed: merged through Cypher

        def lines() -> Iterator[tuple[tuple[dict[str, Any], str], str]]:  # built while the server writes the last
            for r in rows:
                p = props(r, self.graph)
                line = edge_line(r["type"], rids[r["s"]], rids[r["t"]], p) if _bulk_safe(p) else ""
                if line and not too_big(line):
                    yield (r, line), line
                else:  # what Bolt refuses (refused the same way), or too large a record for the batch endpoint
                    odd.append(r)

        def refused(part: list[tuple[dict[str, Any], str]], why: BulkRefused) -> None:
            """A refused request: in halves through the endpoint again while nothing of it was committed (the
            server refuses a whole request for one record it cannot place), else or when small, through Cypher."""
            log.info("bulk create of %d relationships refused (%s)", len(part), why)
            if why.partial or len(part) <= BULK_RETRY_MIN:
                (resend if why.partial else odd).extend(r for r, _ in part)
                return
            for half in (part[:len(part) // 2], part[len(part) // 2:]):
                try:
                    self.bulk.create_edges([line for _, line in half])
                except BulkRefused as exc:
                    refused(half, exc)

        later: list[tuple[list[tuple[dict[str, Any], str]], BulkRefused]] = []
        for part, answer in self.bulk.pipelined(request_groups(lines()), vertices=False):
            if isinstance(answer, BulkRefused):
                later.append((part, answer))  # once the pipeline is done: its connection is busy until then
            if progress:
                for typ, n in Counter(r["type"] for r, _ in part).items():
                    progress(f"edges {typ}", n)
        for part, why in later:
            refused(part, why)
        failed |= self._cypher_edges(odd, errors, "create")
        failed |= self._cypher_edges(resend, errors, "merge")
        return failed

    def _cypher_edges(self, rows: list[dict[str, Any]], errors: list[str], mode: str,
                      progress: Callable[[str, int], None] | None = None) -> set[str]:
        """Write the relationships of ``rows`` through Cypher, grouped by type and end labels: ``mode`` "create"
        (falling back to MERGE by key), "update" (replace the properties of the stored one) or "merge" (by key).
        Returns the keys not written."""
        grouped: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            grouped[row["type"], row["sl"], row["tl"]].append(
                {"s": row["s"], "t": row["t"], "key": row["key"], "props": props(row, self.graph)})
        failed: set[str] = set()
        for (typ, sl, tl), group in sorted(grouped.items()):
            a, b, t = _label(sl), _label(tl), _label(typ)
            head = f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}}) MATCH (b:{b} {{id: r.t}}) "
            merged = head + f"MERGE (a)-[e:{t} {{key: r.key}}]->(b) SET e = r.props RETURN count(e)"
            text = {"create": head + f"CREATE (a)-[e:{t}]->(b) SET e = r.props RETURN count(e)",
                    "update": f"UNWIND $rows AS r MATCH (a:{a} {{id: r.s}})-[e:{t}]->(b:{b} {{id: r.t}}) "
                              "WHERE coalesce(e.key, e.edge_key) = r.key SET e = r.props RETURN count(e)",
                    "merge": merged}[mode]
            bad = self._write(text, group, errors=errors, fallback=merged if mode == "create" else None)
            failed.update(r["key"] for r in bad)
            if progress:
                progress(f"edges {typ}", len(group))
        return failed

    def _rids(self, nodes: Iterable[tuple[str, str]]) -> dict[str, str]:
        """Record ids (``elementId``) of the stored nodes among ``nodes`` ((id, label) pairs), by id."""
        by_label: dict[str, list[str]] = defaultdict(list)
        for node_id, label in nodes:
            by_label[label].append(node_id)
        found: dict[str, str] = {}
        for label, ids in sorted(by_label.items()):
            for part in _chunks(ids, 10_000, None):
                for r in self._read(f"UNWIND $ids AS i MATCH (n:{_label(label)} {{id: i}}) "
                                    "RETURN n.id AS id, elementId(n) AS rid", {"ids": part}):
                    found[str(r["id"])] = str(r["rid"])
        return found

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Node and relationship totals."""
        nodes = self._read(f"MATCH (n) WHERE NOT n:{META} RETURN count(n) AS c")[0]["c"]
        rels = self._read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return {"nodes": nodes, "relationships": rels}

    def query(self, cypher: str, params: dict[str, Any] | None = None, read_only: bool = False
              ) -> list[dict[str, Any]]:
        """Run a query in a read transaction of a read-access session; user values go only into ``params``.

        ``read_only``: the query comes from a user (``kg query --cypher``)."""
        try:
            return self._read(cypher, params)
        except Neo4jError as exc:
            raise StoreError(f"query failed: {exc.message or exc}") from exc

    def clear(self) -> None:
        """Delete every node and relationship (used by tests)."""
        self._write("UNWIND $rows AS r MATCH (n) DETACH DELETE n", [{}])

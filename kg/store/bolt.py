"""One Bolt code path for Neo4j and the embedded ArcadeDB server (official neo4j driver).

Writes are parameterized ``UNWIND $rows … MERGE`` in batches inside managed
transactions (``session.execute_write``, retried by the driver): nodes first,
then edges matched by id (ArcadeDB deadlocks on MERGE of both ends in one
statement). :meth:`BoltStore.sync` makes the store equal to a graph: upserts
every node and edge by stable id/key and deletes what the graph no longer has,
so loading twice changes nothing and a changed article leaves no stale edge.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
from neo4j import Driver, GraphDatabase, Query
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.errors import StoreError

log = logging.getLogger(__name__)

NODE_LABELS = ("Person", "Organization", "Place", "Project", "Article", "Meeting")
_SAFE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


@dataclass
class Connection:
    """Where a Bolt store is; ``repr`` never shows the password."""

    uri: str
    user: str
    password: str
    database: str | None = None

    def __repr__(self) -> str:
        return f"Connection(uri={self.uri!r}, user={self.user!r}, database={self.database!r})"


def connection_from_env(uri: str | None = None, user: str | None = None, password: str | None = None,
                        database: str | None = None) -> Connection | None:
    """A connection from arguments, else NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""
    uri = uri or os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return Connection(uri, user or os.environ.get("NEO4J_USER", "neo4j"),
                      password or os.environ.get("NEO4J_PASSWORD", ""),
                      database or os.environ.get("NEO4J_DATABASE"))


def _label(name: str) -> str:
    if not name or not set(name) <= _SAFE:
        raise StoreError(f"refusing unsafe label or type {name!r}")
    return name


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _plain(value: Any) -> Any:
    """A property value Bolt stores: scalars and lists of scalars (None drops the property)."""
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return value


class BoltStore:
    """A graph store behind a Bolt URI."""

    def __init__(self, connection: Connection, batch_size: int = 1000) -> None:
        self.connection = connection
        self.batch_size = batch_size
        try:
            self.driver: Driver = GraphDatabase.driver(connection.uri, auth=(connection.user, connection.password))
            self.driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, ValueError, OSError) as exc:
            raise StoreError(f"cannot reach the graph store at {connection.uri}: {exc}") from exc

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> BoltStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------------
    def _write(self, cypher: str, rows: list[dict[str, Any]]) -> None:
        def work(tx: Any, batch: list[dict[str, Any]]) -> None:
            tx.run(cypher, rows=batch).consume()

        with self.driver.session(database=self.connection.database) as session:
            for batch in _chunks(rows, self.batch_size):
                session.execute_write(work, batch)

    def _read(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        with self.driver.session(database=self.connection.database) as session:
            return session.execute_read(lambda tx: tx.run(cypher, params or {}).data())

    def ensure_schema(self) -> None:
        """Neo4j 5 uniqueness constraints on every node label's ``id`` (created before any write)."""
        with self.driver.session(database=self.connection.database) as session:
            for label in NODE_LABELS:
                session.run(Query(f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS "
                                  f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE")).consume()

    def sync(self, g: nx.MultiDiGraph, prune: bool = True,
             progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
        """Make the store hold exactly ``g``: upsert nodes and edges, then delete the rest.

        Returns counts of nodes/edges written and deleted.
        """
        self.ensure_schema()
        nodes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for node_id, data in g.nodes(data=True):
            props = {k: _plain(v) for k, v in data.items() if k != "label"}
            nodes[data["label"]].append({"id": node_id, "props": props})
        for label, rows in sorted(nodes.items()):
            self._write(f"UNWIND $rows AS r MERGE (n:{_label(label)} {{id: r.id}}) SET n += r.props", rows)
            if progress:
                progress(f"nodes {label}", len(rows))
        edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for u, v, data in g.edges(data=True):
            key = (data["type"], g.nodes[u]["label"], g.nodes[v]["label"])
            props = {k: _plain(x) for k, x in data.items() if k not in ("type", "edge_key")}
            edges[key].append({"s": u, "t": v, "key": data["edge_key"], "props": props})
        for (typ, sl, tl), rows in sorted(edges.items()):
            self._write(f"UNWIND $rows AS r MATCH (a:{_label(sl)} {{id: r.s}}) MATCH (b:{_label(tl)} {{id: r.t}}) "
                        f"MERGE (a)-[e:{_label(typ)} {{key: r.key}}]->(b) SET e += r.props", rows)
            if progress:
                progress(f"edges {typ}", len(rows))
        counts = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "deleted_nodes": 0, "deleted_edges": 0}
        if prune:
            counts.update(self._prune(g))
        return counts

    def _prune(self, g: nx.MultiDiGraph) -> dict[str, int]:
        wanted_edges = {d["edge_key"] for _, _, d in g.edges(data=True)}
        stale_edges = [r["key"] for r in self._read("MATCH ()-[e]->() WHERE e.key IS NOT NULL RETURN e.key AS key")
                       if r["key"] not in wanted_edges]
        if stale_edges:
            self._write("UNWIND $rows AS r MATCH ()-[e {key: r.key}]->() DELETE e", [{"key": k} for k in stale_edges])
        deleted_nodes = 0
        for label in NODE_LABELS:
            ids = [r["id"] for r in self._read(f"MATCH (n:{label}) RETURN n.id AS id")]
            stale = [i for i in ids if i not in g]
            if stale:
                self._write(f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) DETACH DELETE n",
                            [{"id": i} for i in stale])
                deleted_nodes += len(stale)
        return {"deleted_nodes": deleted_nodes, "deleted_edges": len(stale_edges)}

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Node and relationship totals."""
        nodes = self._read("MATCH (n) RETURN count(n) AS c")[0]["c"]
        rels = self._read("MATCH ()-[r]->() RETURN count(r) AS c")[0]["c"]
        return {"nodes": nodes, "relationships": rels}

    def query(self, cypher: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only query (a read transaction); user values go only into ``params``."""
        try:
            return self._read(cypher, params)
        except Neo4jError as exc:
            raise StoreError(f"query failed: {exc.message or exc}") from exc

    def clear(self) -> None:
        """Delete every node and relationship (used by tests)."""
        self._write("UNWIND $rows AS r MATCH (n) DETACH DELETE n", [{}])

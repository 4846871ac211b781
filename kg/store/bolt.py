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

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import networkx as nx
from neo4j import READ_ACCESS, Driver, GraphDatabase, Query
from neo4j.exceptions import Neo4jError, ServiceUnavailable

from kg.errors import StoreError

log = logging.getLogger(__name__)

NODE_LABELS = ("Person", "Organization", "Place", "Project", "Article", "Meeting")
#: The property naming the kg graph a node or relationship belongs to.
MARK = "kg_graph"
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


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _plain(value: Any) -> Any:
    """A property value Bolt stores: scalars and lists of scalars (None drops the property)."""
    if isinstance(value, (list, tuple, set)):
        return [v for v in value if v is not None]
    return value


class BoltStore:
    """A graph store behind a Bolt URI.

    ``graph`` names what kg writes (the ``kg_graph`` property); ``exclusive`` says
    the database belongs to kg alone (the embedded store), so nodes of kg's labels
    written before marking existed are pruned too.
    """

    def __init__(self, connection: Connection, batch_size: int = 1000, graph: str = "kg",
                 exclusive: bool = False) -> None:
        self.connection = connection
        self.batch_size = batch_size
        self.graph = graph
        self.exclusive = exclusive
        uri, _, _ = split_credentials(connection.uri)
        try:
            self.driver: Driver = GraphDatabase.driver(uri, auth=(connection.user, connection.password))
            self.driver.verify_connectivity()
        except (ServiceUnavailable, Neo4jError, ValueError, OSError) as exc:
            message = str(exc).replace(connection.password, "***") if connection.password else str(exc)
            raise StoreError(f"cannot reach the graph store at {redact(uri)}: {redact(message)}") from None

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
        with self.driver.session(database=self.connection.database, default_access_mode=READ_ACCESS) as session:
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
            props[MARK] = self.graph
            nodes[data["label"]].append({"id": node_id, "props": props})
        for label, rows in sorted(nodes.items()):
            self._write(f"UNWIND $rows AS r MERGE (n:{_label(label)} {{id: r.id}}) SET n += r.props", rows)
            if progress:
                progress(f"nodes {label}", len(rows))
        edges: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        for u, v, data in g.edges(data=True):
            key = (data["type"], g.nodes[u]["label"], g.nodes[v]["label"])
            props = {k: _plain(x) for k, x in data.items() if k not in ("type", "edge_key")}
            props[MARK] = self.graph
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
        """Delete kg's own nodes and relationships (same ``kg_graph``) that ``g`` no longer has."""
        mine = f"e.{MARK} = $graph" if not self.exclusive else f"(e.{MARK} = $graph OR e.{MARK} IS NULL)"
        wanted_edges = {d["edge_key"] for _, _, d in g.edges(data=True)}
        stale_edges = [r["key"] for r in self._read(f"MATCH ()-[e]->() WHERE e.key IS NOT NULL AND {mine} "
                                                    "RETURN e.key AS key", {"graph": self.graph})
                       if r["key"] not in wanted_edges]
        if stale_edges:
            self._write(f"UNWIND $rows AS r MATCH ()-[e {{key: r.key}}]->() WHERE {mine.replace('$graph', 'r.g')} "
                        "DELETE e", [{"key": k, "g": self.graph} for k in stale_edges])
        deleted_nodes = 0
        mine_n = mine.replace("e.", "n.")
        for label in NODE_LABELS:
            ids = [r["id"] for r in self._read(f"MATCH (n:{label}) WHERE {mine_n} RETURN n.id AS id",
                                               {"graph": self.graph})]
            stale = [i for i in ids if i not in g]
            if stale:
                self._write(f"UNWIND $rows AS r MATCH (n:{label} {{id: r.id}}) "
                            f"WHERE {mine_n.replace('$graph', 'r.g')} DETACH DELETE n",
                            [{"id": i, "g": self.graph} for i in stale])
                deleted_nodes += len(stale)
        return {"deleted_nodes": deleted_nodes, "deleted_edges": len(stale_edges)}

    # -- reading -----------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Node and relationship totals."""
        nodes = self._read("MATCH (n) RETURN count(n) AS c")[0]["c"]
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

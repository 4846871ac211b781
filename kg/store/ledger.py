"""What kg last wrote to a store, kept in SQLite beside the outputs, so a sync writes only the difference.

A ledger holds, for one store target, every node id and relationship key kg wrote with the hash of
its properties, and a *token* that the store holds too (a ``KgMeta`` node). A sync compares the new
graph with the ledger instead of reading the whole store: a run after k changed articles writes only
their nodes and relationships, and a run that changed nothing needs no store at all.

Crash safety: before touching the store, :meth:`Ledger.begin` records (one SQLite transaction) every
key the sync is about to write or delete as *pending*; :meth:`Ledger.commit` applies the sync and
clears them (one transaction). A run killed in between leaves pending keys, and the next sync treats
them as unknown (MERGE, delete-if-present), so nothing is duplicated or left behind. A token that
differs from the store's (another writer, a store deleted or replaced, a ledger lost) makes the
next sync read the store itself and rebuild the ledger.

>>> import tempfile, pathlib
>>> led = Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.sqlite", "embedded")
>>> led.begin("t1", nodes=["Person:a"], edges=[])
>>> led.pending()
({'Person:a'}, set())
>>> led.commit({"Person:a": ("Person", "h1")}, [], {}, [])
>>> (led.token, led.nodes(), led.pending())
('t1', {'Person:a': ('Person', 'h1')}, (set(), set()))
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS ledger_nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_edges (key TEXT PRIMARY KEY, type TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, source_label TEXT NOT NULL, target_label TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_pending (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
DROP INDEX IF EXISTS ledger_edges_source;
DROP INDEX IF EXISTS ledger_edges_target;
"""
# No index on the relationships' ends: two indexes tripled the time of a first load's ledger commit (≈ +10 s at
# 489k relationships); :meth:`Ledger.incident` scans the table instead, once per sync that deletes nodes.
#: Keys per ``IN (…)`` of a lookup (well under SQLite's limit on bound parameters).
LOOKUP_CHUNK = 500

#: A relationship as the ledger keeps it: (type, source id, target id, source label, target label, hash).
EdgeEntry = tuple[str, str, str, str, str, str]


class Ledger:
    """The ledger of one store target (``target`` names it: a URI, ``embedded``…) in a SQLite file
    (``path``; None: in memory, gone when closed).

    Opening the file for another target empties it: a ledger never describes two stores.
    """

    def __init__(self, path: Path | None, target: str) -> None:
        self.path = path
        if path is None:  # in memory: what one sync read of the store, for that sync alone
            self.db = sqlite3.connect(":memory:", isolation_level=None)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        # the keys a streamed sync marked (:meth:`keep`); temporary: gone with the connection
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (kind TEXT NOT NULL, key TEXT NOT NULL, "
                        "PRIMARY KEY (kind, key)) WITHOUT ROWID")
        if self._meta("target") != target:
            self.reset()
            self._set_meta("target", target)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM ledger_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str | None) -> None:
        self.db.execute("INSERT INTO ledger_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                        "SET value = excluded.value", (key, value))

    @property
    def token(self) -> str | None:
        """The token the store held after the last sync this ledger recorded (None: never synced)."""
        return self._meta("token")

    def reset(self) -> None:
        """Forget everything (the store is read again at the next sync)."""
        with self._tx():
            for table in ("ledger_nodes", "ledger_edges", "ledger_pending"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            self.db.execute("DELETE FROM ledger_meta WHERE key = 'token'")

    def _tx(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return _Commit(self.db)  # type: ignore[return-value]

    # -- reading -------------------------------------------------------------------------------
    def nodes(self) -> dict[str, tuple[str, str]]:
        """Node id → (label, properties hash): the whole table (a sync reads only the keys it needs,
        :meth:`lookup`)."""
        return {r[0]: (r[1], r[2]) for r in self.db.execute("SELECT id, label, hash FROM ledger_nodes")}

    def edges(self) -> dict[str, EdgeEntry]:
        """Relationship key → (type, source, target, source label, target label, hash): the whole table."""
        return {r[0]: (r[1], r[2], r[3], r[4], r[5], r[6]) for r in self.db.execute(
            "SELECT key, type, source, target, source_label, target_label, hash FROM ledger_edges")}

    def lookup(self, node_ids: Iterable[str], edge_keys: Iterable[str]
               ) -> tuple[dict[str, tuple[str, str]], dict[str, EdgeEntry]]:
        """What :meth:`nodes` and :meth:`edges` hold for ``node_ids`` and ``edge_keys`` only (keys the ledger
        lacks are left out), read by key in chunks: a sync of a few changes never loads the whole ledger.

        >>> import tempfile, pathlib
        >>> led = Ledger(pathlib.Path(tempfile.mkdtemp()) / "ledger.sqlite", "embedded")
        >>> led.commit({"Person:a": ("Person", "h1"), "Place:b": ("Place", "h2")}, [],
        ...            {"AT|Person:a|Place:b": ("AT", "Person:a", "Place:b", "Person", "Place", "h3")}, [])
        >>> led.lookup(["Place:b", "Person:zz"], ["AT|Person:a|Place:b", "nope"])
        ({'Place:b': ('Place', 'h2')}, {'AT|Person:a|Place:b': ('AT', 'Person:a', 'Place:b', 'Person', 'Place', 'h3')})
        >>> led.incident(["Place:b"])
        {'AT|Person:a|Place:b': ('AT', 'Person:a', 'Place:b', 'Person', 'Place', 'h3')}
        """
        nodes: dict[str, tuple[str, str]] = {}
        for chunk in _key_chunks(node_ids):
            marks = ",".join("?" * len(chunk))
            nodes.update((r[0], (r[1], r[2])) for r in self.db.execute(
                f"SELECT id, label, hash FROM ledger_nodes WHERE id IN ({marks})", chunk))  # noqa: S608 - only ?s
        edges: dict[str, EdgeEntry] = {}
        for chunk in _key_chunks(edge_keys):
            marks = ",".join("?" * len(chunk))
            edges.update((r[0], (r[1], r[2], r[3], r[4], r[5], r[6])) for r in self.db.execute(
                "SELECT key, type, source, target, source_label, target_label, hash FROM ledger_edges "
                f"WHERE key IN ({marks})", chunk))  # noqa: S608 - only ?s
        return nodes, edges

    def incident(self, node_ids: Iterable[str]) -> dict[str, EdgeEntry]:
        """The relationships (as :meth:`edges` holds them) with an end among ``node_ids``: a scan of the table
        per 500 ids (its ends are not indexed, which keeps bulk commits fast), none when ``node_ids`` is empty."""
        edges: dict[str, EdgeEntry] = {}
        for chunk in _key_chunks(node_ids):  # one scan (in SQLite) per chunk of ids
            marks = ",".join("?" * len(chunk))
            edges.update((r[0], (r[1], r[2], r[3], r[4], r[5], r[6])) for r in self.db.execute(
                "SELECT key, type, source, target, source_label, target_label, hash FROM ledger_edges "
                f"WHERE source IN ({marks}) OR target IN ({marks})", [*chunk, *chunk]))  # noqa: S608 - only ?s
        return edges

    def size(self) -> tuple[int, int]:
        """How many nodes and relationships the ledger records."""
        return (self.db.execute("SELECT count(*) FROM ledger_nodes").fetchone()[0],
                self.db.execute("SELECT count(*) FROM ledger_edges").fetchone()[0])

    def keep(self, node_ids: Iterable[str], edge_keys: Iterable[str]) -> None:
        """Mark ``node_ids`` and ``edge_keys`` as kept (in a temporary table, on disk, not in memory): a streamed
        sync marks the graph's keys chunk by chunk, then asks :meth:`unkept` what to prune."""
        with self._tx():
            self.db.executemany("INSERT OR IGNORE INTO temp.kept VALUES ('n', ?)", ((k,) for k in node_ids))
            self.db.executemany("INSERT OR IGNORE INTO temp.kept VALUES ('e', ?)", ((k,) for k in edge_keys))

    def unkept(self) -> tuple[dict[str, str], dict[str, EdgeEntry]]:
        """What the ledger records that :meth:`keep` did not mark (node id → label, relationship key → entry),
        and the marks forgotten.

        >>> led = Ledger(None, "t")
        >>> led.commit({"Person:a": ("Person", "h1"), "Place:b": ("Place", "h2")}, [], {}, [])
        >>> led.keep(["Person:a"], [])
        >>> led.unkept()
        ({'Place:b': 'Place'}, {})
        """
        try:
            nodes = {r[0]: r[1] for r in self.db.execute(
                "SELECT id, label FROM ledger_nodes WHERE id NOT IN (SELECT key FROM temp.kept WHERE kind = 'n')")}
            edges = {r[0]: (r[1], r[2], r[3], r[4], r[5], r[6]) for r in self.db.execute(
                "SELECT key, type, source, target, source_label, target_label, hash FROM ledger_edges "
                "WHERE key NOT IN (SELECT key FROM temp.kept WHERE kind = 'e')")}
        finally:
            self.db.execute("DELETE FROM temp.kept")
        return nodes, edges

    def pending(self) -> tuple[set[str], set[str]]:
        """Node ids and relationship keys a sync was writing when it stopped (their state is unknown)."""
        nodes: set[str] = set()
        edges: set[str] = set()
        for kind, key in self.db.execute("SELECT kind, key FROM ledger_pending"):
            (nodes if kind == "n" else edges).add(key)
        return nodes, edges

    # -- writing -------------------------------------------------------------------------------
    def begin(self, token: str, nodes: Iterable[str], edges: Iterable[str]) -> None:
        """Record the keys a sync is about to write or delete, and the token it gives the store."""
        with self._tx():
            self.db.executemany("INSERT OR IGNORE INTO ledger_pending(kind, key) VALUES ('n', ?)",
                                ((k,) for k in nodes))
            self.db.executemany("INSERT OR IGNORE INTO ledger_pending(kind, key) VALUES ('e', ?)",
                                ((k,) for k in edges))
            self._set_meta("token", token)

    def commit(self, nodes: dict[str, tuple[str, str]], deleted_nodes: Iterable[str],
               edges: dict[str, EdgeEntry], deleted_edges: Iterable[str],
               still_pending: tuple[Iterable[str], Iterable[str]] = ((), ()),
               settled: tuple[Iterable[str], Iterable[str]] | None = None) -> None:
        """Apply what a sync wrote (upserts and deletions) and clear the pending keys — all of them, or with
        ``settled`` only those node ids and edge keys (one part of a sync done) — except ``still_pending``
        (node ids, edge keys whose write failed: retried as unknown next time)."""
        with self._tx():
            # deletions first: a node replaced under another label is both deleted and upserted
            self.db.executemany("DELETE FROM ledger_nodes WHERE id = ?", ((k,) for k in deleted_nodes))
            self.db.executemany("DELETE FROM ledger_edges WHERE key = ?", ((k,) for k in deleted_edges))
            self.db.executemany("INSERT INTO ledger_nodes(id, label, hash) VALUES (?,?,?) ON CONFLICT(id) DO UPDATE "
                                "SET label = excluded.label, hash = excluded.hash",
                                ((k, v[0], v[1]) for k, v in nodes.items()))
            self.db.executemany("INSERT INTO ledger_edges(key, type, source, target, source_label, target_label, hash) "
                                "VALUES (?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET type = excluded.type, "
                                "source = excluded.source, target = excluded.target, "
                                "source_label = excluded.source_label, target_label = excluded.target_label, "
                                "hash = excluded.hash", ((k, *v) for k, v in edges.items()))
            if settled is None:
                self.db.execute("DELETE FROM ledger_pending")
            else:
                self.db.executemany("DELETE FROM ledger_pending WHERE kind = 'n' AND key = ?",
                                    ((k,) for k in settled[0]))
                self.db.executemany("DELETE FROM ledger_pending WHERE kind = 'e' AND key = ?",
                                    ((k,) for k in settled[1]))
            self.db.executemany("INSERT OR IGNORE INTO ledger_pending(kind, key) VALUES ('n', ?)",
                                ((k,) for k in still_pending[0]))
            self.db.executemany("INSERT OR IGNORE INTO ledger_pending(kind, key) VALUES ('e', ?)",
                                ((k,) for k in still_pending[1]))

    def replace(self, token: str | None, nodes: dict[str, tuple[str, str]], edges: dict[str, EdgeEntry]) -> None:
        """Make the ledger describe exactly ``nodes`` and ``edges`` (after reading the store itself)."""
        with self._tx():
            self.db.execute("DELETE FROM ledger_nodes")
            self.db.execute("DELETE FROM ledger_edges")
            self.db.execute("DELETE FROM ledger_pending")
            self.db.executemany("INSERT INTO ledger_nodes(id, label, hash) VALUES (?,?,?)",
                                ((k, v[0], v[1]) for k, v in nodes.items()))
            self.db.executemany("INSERT INTO ledger_edges(key, type, source, target, source_label, target_label, "
                                "hash) VALUES (?,?,?,?,?,?,?)", ((k, *v) for k, v in edges.items()))
            self._set_meta("token", token)


def _key_chunks(keys: Iterable[str]) -> list[list[str]]:
    """``keys`` (deduplicated, sorted) in lists of at most :data:`LOOKUP_CHUNK`."""
    ordered = sorted(set(keys))
    return [ordered[i:i + LOOKUP_CHUNK] for i in range(0, len(ordered), LOOKUP_CHUNK)]


class _Commit:
    """``with``: commit on success, roll back on any error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")

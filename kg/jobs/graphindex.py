"""The job's graph, kept in SQLite and updated article by article: a run after k changed articles costs O(k).

:func:`kg.graph.build_graph` resolves a whole corpus in memory. A job instead keeps, in
``out/graph.sqlite``, what each article contributes and the graph those contributions add up to:

* ``gi_summary`` — per article, what the corpus-wide part of resolution reads of it (its people,
  organizations, district and the district mentions of its text): :func:`kg.resolve.corpus_context`
  runs on these small rows, never on the extraction records;
* ``gi_reads`` — per article, every corpus-wide value its resolution looked up (its placement, an
  organization's canonical name in a district, the one unit a name is known in, a reporter credit,
  whether the corpus has a name) with the value it saw;
* ``gi_parts`` / ``gi_facts`` — per article, its part of each entity (aliases, properties) and its
  facts, by node id and edge key;
* ``gi_nodes`` / ``gi_edges`` — the graph: every node's and edge's attributes (JSON) and a hash.

:meth:`GraphIndex.update` compares the job's state with ``gi_articles`` (which version of each
article the index holds), recomputes the corpus context from the summaries, and re-resolves only
the articles that changed or that read a context value that changed. The nodes and edges those
articles touch (before and after) are re-aggregated from their stored parts and facts
(:func:`kg.graph.node_attrs`, :func:`kg.graph.edge_attrs`, :mod:`kg.evidence`) and written when
their hash changed; their keys go to ``gi_dirty`` in the same transaction, and stay there until the
outputs (files, viewer, store) have been written from them (:meth:`GraphIndex.clear_dirty`), so a
run killed at any point leaves work the next run finishes. The graph equals
:func:`kg.graph.build_graph` of the same records in id order (tested).

Not incremental: a corrections file (its rules act on the whole graph; the job then builds in memory).

>>> import tempfile, pathlib
>>> gi = GraphIndex(pathlib.Path(tempfile.mkdtemp()) / "graph.sqlite")
>>> rec = {"article_id": "a#0", "district": "中原区", "headline": "H", "date": "2020-03-16",
...        "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"}], "organizations": [],
...        "places": [], "projects": [], "relations": [], "sentences": ["H", "区长李晓雷调研。"]}
>>> report = gi.update({"a#0": "1"}, {"a#0": rec}.__getitem__)
>>> (report.articles, report.resolved, sorted(n for n, _ in gi.elements().nodes()))
(1, 1, ['Article:a#0', 'Organization:中原区人民政府', 'Person:中原区:李晓雷'])
>>> gi.update({"a#0": "1"}, {"a#0": rec}.__getitem__).resolved  # nothing changed: nothing resolved
0
>>> gi.close()
"""

from __future__ import annotations

import bisect
import hashlib
import io
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.elements import Edge, Node
from kg.events import event_layer
from kg.evidence import (
    CONTEXT_TYPES,
    article_source,
    edge_evidence,
    edge_rows,
    graph_edge_order,
    node_evidence,
)
from kg.export.files import _JSON_TEXT, csv_signature, graphml_key_ids
from kg.graph import edge_attrs, edge_key, node_attrs
from kg.ingest.district import district_evidence
from kg.perf import paused_gc
from kg.resolve import (
    REPORTER_ROLES,
    Context,
    Entity,
    Fact,
    _Placement,
    _repaired,
    article_key,
    corpus_context,
    resolve_article,
    set_person_titles,
)

#: The indexes by element of the articles' parts and facts. A first build drops them while it inserts every
#: article's rows (in article order, so the tables and their article indexes grow at their ends) and creates
#: them once after (one sort): kept while inserting, each row would go to a random place of a B-tree larger
#: than the page cache, and the resolution would slow down as the corpus grows.
BY_KEY = """CREATE UNIQUE INDEX IF NOT EXISTS gi_parts_id ON gi_parts(id, article);
CREATE UNIQUE INDEX IF NOT EXISTS gi_facts_key ON gi_facts(key, article, seq);"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS gi_meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS gi_articles (article TEXT PRIMARY KEY, stamp TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gi_names (name TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS gi_summary (article TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS gi_reads (article TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (article, key));
CREATE TABLE IF NOT EXISTS gi_parts (id TEXT NOT NULL, article TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS gi_parts_article ON gi_parts(article);
CREATE TABLE IF NOT EXISTS gi_facts (key TEXT NOT NULL, article TEXT NOT NULL, seq INTEGER NOT NULL,
    data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS gi_facts_article ON gi_facts(article);
""" + BY_KEY + """
CREATE TABLE IF NOT EXISTS gi_nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, data TEXT NOT NULL,
    hash TEXT NOT NULL, deg INTEGER NOT NULL DEFAULT 0, fdeg INTEGER NOT NULL DEFAULT 0,
    vrep INTEGER NOT NULL DEFAULT 0, tier INTEGER NOT NULL DEFAULT 1, gkeys TEXT, csig TEXT);
CREATE INDEX IF NOT EXISTS gi_nodes_label ON gi_nodes(label, id);
CREATE INDEX IF NOT EXISTS gi_nodes_viewer ON gi_nodes(vrep, tier, fdeg DESC, deg DESC, id);
CREATE TABLE IF NOT EXISTS gi_edges (key TEXT PRIMARY KEY, type TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, data TEXT NOT NULL, hash TEXT NOT NULL, gkeys TEXT, csig TEXT);
CREATE INDEX IF NOT EXISTS gi_edges_type ON gi_edges(type, key);
CREATE INDEX IF NOT EXISTS gi_edges_source ON gi_edges(source, target, key);
CREATE INDEX IF NOT EXISTS gi_edges_target ON gi_edges(target);
CREATE TABLE IF NOT EXISTS gi_dirty (kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS gi_sig (kind TEXT NOT NULL, label TEXT NOT NULL, gkeys TEXT NOT NULL, csig TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (kind, label, gkeys, csig)) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS gi_nodes_ins AFTER INSERT ON gi_nodes BEGIN
    INSERT INTO gi_sig VALUES ('n', new.label, new.gkeys, new.csig, 1)
        ON CONFLICT(kind, label, gkeys, csig) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS gi_nodes_upd AFTER UPDATE OF label, gkeys, csig ON gi_nodes BEGIN
    UPDATE gi_sig SET n = n - 1 WHERE kind = 'n' AND label = old.label AND gkeys = old.gkeys AND csig = old.csig;
    INSERT INTO gi_sig VALUES ('n', new.label, new.gkeys, new.csig, 1)
        ON CONFLICT(kind, label, gkeys, csig) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS gi_nodes_del AFTER DELETE ON gi_nodes BEGIN
    UPDATE gi_sig SET n = n - 1 WHERE kind = 'n' AND label = old.label AND gkeys = old.gkeys AND csig = old.csig; END;
CREATE TRIGGER IF NOT EXISTS gi_edges_ins AFTER INSERT ON gi_edges BEGIN
    INSERT INTO gi_sig VALUES ('e', new.type, new.gkeys, new.csig, 1)
        ON CONFLICT(kind, label, gkeys, csig) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS gi_edges_upd AFTER UPDATE OF type, gkeys, csig ON gi_edges BEGIN
    UPDATE gi_sig SET n = n - 1 WHERE kind = 'e' AND label = old.type AND gkeys = old.gkeys AND csig = old.csig;
    INSERT INTO gi_sig VALUES ('e', new.type, new.gkeys, new.csig, 1)
        ON CONFLICT(kind, label, gkeys, csig) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS gi_edges_del AFTER DELETE ON gi_edges BEGIN
    UPDATE gi_sig SET n = n - 1 WHERE kind = 'e' AND label = old.type AND gkeys = old.gkeys AND csig = old.csig; END;
CREATE TABLE IF NOT EXISTS gi_layout (file TEXT NOT NULL, section INTEGER NOT NULL, key TEXT NOT NULL,
    len INTEGER NOT NULL, PRIMARY KEY (file, section, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS gi_lblock (file TEXT NOT NULL, section INTEGER NOT NULL, first TEXT NOT NULL,
    n INTEGER NOT NULL, bytes INTEGER NOT NULL, PRIMARY KEY (file, section, first)) WITHOUT ROWID;
"""
#: Elements per block of a file's layout: a run after k changes reads the block sums and k blocks' rows.
LAYOUT_BLOCK = 1024
#: Bumped when what the index stores changes: an index of another version is rebuilt from scratch.
INDEX_VERSION = "9"
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
#: An element's attributes as stored: the node-link writer's own encoding, so its lines are spliced, not re-encoded.
_attrs_text = _JSON_TEXT


@dataclass
class UpdateReport:
    """What one :meth:`GraphIndex.update` did."""

    articles: int = 0  # articles the index now holds
    changed: int = 0  # new, edited or re-extracted
    removed: int = 0
    resolved: int = 0  # articles re-resolved (changed ones and those a changed context value affects)
    nodes_written: int = 0
    edges_written: int = 0
    nodes_deleted: int = 0
    edges_deleted: int = 0
    full: bool = False  # every element was re-aggregated
    seconds: dict[str, float] = field(default_factory=dict)  # wall seconds since the update began, by stage
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # the same, CPU seconds of this process


@dataclass
class Dirty:
    """The elements a run changed and whose outputs are not written yet (``gi_dirty``)."""

    nodes: set[str] = field(default_factory=set)
    edges: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)


def _hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


class _CorpusNames:
    """Whether the corpus has a person name (``gi_names``), each answer recorded for the article asking."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.asked: dict[str, bool] = {}

    def __contains__(self, name: object) -> bool:
        name = str(name)
        if name not in self.asked:
            row = self.db.execute("SELECT n FROM gi_names WHERE name = ?", (name,)).fetchone()
            self.asked[name] = bool(row and row[0] > 0)
        return self.asked[name]


def summarize(rec: dict[str, Any], names: _CorpusNames) -> dict[str, Any]:
    """What :func:`kg.resolve.corpus_context` reads of a record, with its people repaired against the
    corpus' names (``names``; the names asked are kept under ``asked``)."""
    names.asked = {}
    work = {**rec, "_known_names": names}
    people = _repaired(work)
    return {
        "article_id": article_key(rec), "district": rec.get("district"),
        "people": [{"name": p["name"], "role": p.get("role")} for p in rec.get("people") or []],
        "organizations": list(rec.get("organizations") or []),
        "_repaired": people,
        "_evidence": district_evidence(rec.get("headline"), "\n".join(rec.get("sentences") or [])),
        "asked": dict(names.asked),
    }


def _context_value(ctx: Context, key: str) -> Any:
    """The value a read ``key`` of :class:`kg.resolve.Context` has in ``ctx`` (as JSON would hold it)."""
    kind, rest = key.split("|", 1)
    if kind == "P":
        place = ctx.placed.get(rest)
        return None if place is None else [place.district, place.source, place.reason]
    if kind == "O":
        district, org = rest.split("|", 1)
        return ctx.orgs.canonical(org, district or None)
    if kind == "K":
        units = ctx.known.get(rest, ())
        return next(iter(units)) if len(units) == 1 else None
    if kind == "R":
        district, name = rest.split("|", 1)
        return (district or None) in ctx.reporters.get(name, ())
    raise ValueError(f"unknown context read {key!r}")


def _plain(value: Any) -> Any:
    return [value.district, value.source, value.reason] if isinstance(value, _Placement) else value


class GraphIndex:
    """The job's graph in SQLite (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA cache_size=-200000")
        self.db.execute("PRAGMA journal_size_limit=67108864")  # a first build's WAL is not kept at its size
        self.db.executescript(SCHEMA)
        version = self._meta("version")
        if version != INDEX_VERSION or self._meta("building"):
            self.reset()  # new, of another version, or a first build killed halfway: built again, outputs rewritten
        self._set_meta("version", INDEX_VERSION)

    def close(self) -> None:
        self.db.close()

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM gi_meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO gi_meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                        "value = excluded.value", (key, value))

    def reset(self) -> None:
        """Forget everything (the next update rebuilds the graph from every article)."""
        with self._tx():
            for table in ("gi_meta", "gi_articles", "gi_names", "gi_summary", "gi_reads", "gi_parts", "gi_facts",
                          "gi_nodes", "gi_edges", "gi_dirty", "gi_layout", "gi_lblock", "gi_sig"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")  # noqa: S608 - fixed names (triggers go with them)
        self.db.executescript(SCHEMA)
        # what the outputs were last written from is unknown: every element is theirs to rewrite
        self.db.execute("INSERT OR IGNORE INTO gi_dirty(kind, key) VALUES ('all', '')")

    def _tx(self) -> _Transaction:
        return _Transaction(self.db)

    # -- reading ---------------------------------------------------------------------------------
    def elements(self) -> IndexElements:
        """The graph as :class:`kg.elements.Elements` (nodes by id, edges by key), read in pages."""
        return IndexElements(self.db)

    def dirty(self) -> tuple[Dirty, bool]:
        """The elements whose outputs are not written yet, and whether that is all of them."""
        changes = Dirty()
        everything = False
        for kind, key in self.db.execute("SELECT kind, key FROM gi_dirty"):
            if kind == "n":
                changes.nodes.add(key)
            elif kind == "e":
                changes.edges.add(key)
            else:
                everything = True
        return changes, everything

    def clear_dirty(self) -> None:
        """The outputs now hold the graph."""
        self.db.execute("DELETE FROM gi_dirty")

    def node(self, node_id: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM gi_nodes WHERE id = ?", (node_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def edge(self, key: str) -> tuple[str, str, dict[str, Any]] | None:
        row = self.db.execute("SELECT source, target, data FROM gi_edges WHERE key = ?", (key,)).fetchone()
        return (row[0], row[1], json.loads(row[2])) if row else None

    def summary(self) -> dict[str, dict[str, int]]:
        """Counts of nodes by label and edges by type, as :func:`kg.graph.summary` gives them of a graph."""
        nodes = dict(self.db.execute("SELECT label, count(*) FROM gi_nodes GROUP BY label ORDER BY label"))
        edges = dict(self.db.execute("SELECT type, count(*) FROM gi_edges GROUP BY type ORDER BY type"))
        return {"nodes": nodes, "edges": edges}

    # -- updating --------------------------------------------------------------------------------
    @paused_gc()
    def update(self, stamps: dict[str, str], record: Callable[[str], dict[str, Any]]) -> UpdateReport:
        """Bring the graph up to the articles ``stamps`` (article id → a version stamp that changes whenever
        its record does); ``record(id)`` gives a record, asked only for articles re-resolved."""
        import time

        report = UpdateReport()
        clock, cpu = time.perf_counter(), time.process_time()
        held = dict(self.db.execute("SELECT article, stamp FROM gi_articles"))
        changed = sorted(a for a, s in stamps.items() if held.get(a) != s)
        removed = sorted(a for a in held if a not in stamps)
        report.changed, report.removed, report.articles = len(changed), len(removed), len(stamps)
        if not changed and not removed:
            return report
        report.full = not held
        cache: dict[str, dict[str, Any]] = {}

        def rec_of(art: str) -> dict[str, Any]:
            if art not in cache:
                cache[art] = record(art)
            return cache[art]

        if report.full:  # a first build: committed in chunks; a build killed halfway is started again
            self._set_meta("building", "1")
            self.db.execute("INSERT OR IGNORE INTO gi_dirty(kind, key) VALUES ('all', '')")
        with self._tx() as tx:
            summaries = {a: json.loads(d) for a, d in self.db.execute("SELECT article, data FROM gi_summary")}
            # 1. the corpus' person names, counted (a name's arrival or departure can change a repair elsewhere)
            delta: dict[str, int] = defaultdict(int)
            for art in [*changed, *removed]:
                for p in (summaries.get(art) or {}).get("people", ()):
                    delta[p["name"]] -= 1
            for art in changed:
                for p in rec_of(art).get("people") or ():
                    delta[str(p["name"])] += 1
            flipped: set[str] = set()
            for name, d in delta.items():
                if not d:
                    continue
                row = self.db.execute("SELECT n FROM gi_names WHERE name = ?", (name,)).fetchone()
                before = row[0] if row else 0
                after = before + d
                if (before > 0) != (after > 0):
                    flipped.add(name)
                if after > 0:
                    self.db.execute("INSERT INTO gi_names(name, n) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
                                    "n = excluded.n", (name, after))
                else:
                    self.db.execute("DELETE FROM gi_names WHERE name = ?", (name,))
            # 2. summaries of the changed articles, and of those whose repair asked about a flipped name
            names = _CorpusNames(self.db)
            resummarize = set(changed)
            if flipped:
                resummarize |= {a for a, s in summaries.items() if a in stamps and flipped & set(s.get("asked", ()))}
            for art in removed:
                summaries.pop(art, None)
                self.db.execute("DELETE FROM gi_summary WHERE article = ?", (art,))
            for art in sorted(resummarize):
                summary = summarize(rec_of(art), names)
                summaries[art] = summary
                self.db.execute("INSERT INTO gi_summary(article, data) VALUES (?, ?) ON CONFLICT(article) DO UPDATE "
                                "SET data = excluded.data", (art, _dumps(summary)))
            report.seconds["summaries"] = time.perf_counter() - clock
            report.cpu_seconds["summaries"] = time.process_time() - cpu
            # 3. the corpus context, and the articles that read a value of it that changed
            ctx = corpus_context([summaries[a] for a in sorted(summaries)])
            affected = set(resummarize)
            if held:
                seen: dict[str, str] = {}
                for art, key, value in self.db.execute("SELECT article, key, value FROM gi_reads"):
                    if art in affected or art not in stamps:
                        continue
                    now = seen.get(key)
                    if now is None:
                        now = seen[key] = _dumps(_context_value(ctx, key))
                    if now != value:
                        affected.add(art)
            report.seconds["context"] = time.perf_counter() - clock
            report.cpu_seconds["context"] = time.process_time() - cpu
            # 4. re-resolve them: their old parts and facts out, new ones in; what they touch is re-aggregated
            touched_nodes: set[str] = set()
            touched_edges: set[str] = set()
            done = 0
            if report.full:  # the element indexes are made once, after every row is in (see BY_KEY)
                self.db.execute("DROP INDEX IF EXISTS gi_parts_id")
                self.db.execute("DROP INDEX IF EXISTS gi_facts_key")
            for art in sorted(affected | set(removed)):
                if not report.full:  # a first build holds no rows of any article yet
                    touched_nodes.update(r[0] for r in self.db.execute("SELECT id FROM gi_parts WHERE article = ?",
                                                                       (art,)))
                    touched_edges.update(r[0] for r in self.db.execute(
                        "SELECT DISTINCT key FROM gi_facts WHERE article = ?", (art,)))
                    for table in ("gi_parts", "gi_facts", "gi_reads"):
                        self.db.execute(f"DELETE FROM {table} WHERE article = ?", (art,))  # noqa: S608 - fixed names
                if art in removed:
                    self.db.execute("DELETE FROM gi_articles WHERE article = ?", (art,))
                    continue
                nodes, edges = self._resolve(art, rec_of(art), summaries[art], ctx)
                if not report.full:
                    touched_nodes |= nodes
                    touched_edges |= edges
                self.db.execute("INSERT INTO gi_articles(article, stamp) VALUES (?, ?) ON CONFLICT(article) DO UPDATE "
                                "SET stamp = excluded.stamp", (art, stamps[art]))
                cache.pop(art, None)
                done += 1
                if report.full and done % 500 == 0:
                    tx.checkpoint()
            report.resolved = len(affected)
            if report.full:
                for statement in BY_KEY.split(";"):
                    self.db.execute(statement)
            report.seconds["resolve"] = time.perf_counter() - clock
            report.cpu_seconds["resolve"] = time.process_time() - cpu
            # 5. re-aggregate what they touched (everything, streamed, on a first build)
            if report.full:
                self._aggregate_all(report, tx)
            else:
                self._aggregate(touched_nodes, touched_edges, report)
            report.seconds["aggregate"] = time.perf_counter() - clock
            report.cpu_seconds["aggregate"] = time.process_time() - cpu
        if report.full:
            self.db.execute("DELETE FROM gi_meta WHERE key = 'building'")
        return report

    def _resolve(self, art: str, rec: dict[str, Any], summary: dict[str, Any], ctx: Context
                 ) -> tuple[set[str], set[str]]:
        """Resolve one article against ``ctx``; store its parts, facts and reads. Returns the ids and keys."""
        work = {**rec, "_repaired": summary["_repaired"], "_known_names": ()}
        ctx.reads = {}
        entities, facts = resolve_article(work, ctx)
        reads = {key: _plain(value) for key, value in ctx.reads.items()}
        ctx.reads = None
        facts.extend(event_layer([work], entities, facts))
        set_person_titles(entities, facts)
        reported = {f.source for f in facts if f.type == "REPORTED"}
        self.db.executemany("INSERT INTO gi_reads(article, key, value) VALUES (?, ?, ?)",
                            [(art, k, _dumps(v)) for k, v in sorted(reads.items())])
        self.db.executemany("INSERT INTO gi_parts(id, article, data) VALUES (?, ?, ?)", [
            (eid, art, _dumps({"label": e.label, "name": e.name, "district": e.district, "aliases": e.aliases,
                               "props": e.props, "reported": eid in reported}))
            for eid, e in entities.items()])
        self.db.executemany("INSERT INTO gi_facts(key, article, seq, data) VALUES (?, ?, ?, ?)", [
            (edge_key(f), art, i, _dumps({"t": f.type, "s": f.source, "o": f.target, "d": f.date, "n": f.sentence,
                                          "e": f.evidence, "p": f.props, "h": f.headline}))
            for i, f in enumerate(facts)])
        return set(entities), {edge_key(f) for f in facts}

    # -- aggregation -----------------------------------------------------------------------------
    def _aggregate(self, nodes: set[str], edges: set[str], report: UpdateReport) -> None:
        """Re-aggregate ``nodes`` and ``edges`` from their parts and facts; write those whose hash changed."""
        db = self.db
        empty = report.full  # nothing stored yet: no old rows to read
        old_nodes: dict[str, tuple[bool, str]] = {}  # id -> (was a credited reporter, hash)
        if not empty:
            for node_id in sorted(nodes):
                row = db.execute("SELECT json_extract(data, '$.reporter'), hash FROM gi_nodes WHERE id = ?",
                                 (node_id,)).fetchone()
                if row is not None:
                    old_nodes[node_id] = (bool(row[0]), row[1])
        # nodes (without evidence yet)
        fresh: dict[str, dict[str, Any] | None] = {}
        for node_id in sorted(nodes):
            rows = db.execute("SELECT article, data FROM gi_parts WHERE id = ? ORDER BY article", (node_id,)).fetchall()
            fresh[node_id] = _node(node_id, [json.loads(d) for _, d in rows], [a for a, _ in rows]) if rows else None
        # a person who became (or stopped being) a credited reporter: its co-occurrences come or go
        for node_id, data in fresh.items():
            now = bool(data and data.get("reporter"))
            if now != old_nodes.get(node_id, (False, ""))[0] and (data or node_id in old_nodes):
                edges |= self._cooccurrences_of(node_id)
        reporters: dict[str, bool] = {n: bool(d and d.get("reporter")) for n, d in fresh.items()}

        def is_reporter(node_id: str) -> bool:
            if node_id not in reporters:
                row = db.execute("SELECT json_extract(data, '$.reporter') FROM gi_nodes WHERE id = ?",
                                 (node_id,)).fetchone()
                reporters[node_id] = bool(row and row[0])
            return reporters[node_id]

        articles: dict[str, dict[str, Any] | None] = {}

        def article_node(article: str) -> dict[str, Any] | None:
            """An Article node's attributes as this update leaves them."""
            node_id = f"Article:{article}"
            if node_id in fresh:
                return fresh[node_id]
            if node_id not in articles:
                articles[node_id] = self.node(node_id)
            return articles[node_id]

        # edges (with their evidence)
        ends: set[str] = set()
        upserts: list[tuple[str, str, str, str, str, str]] = []
        dirty: list[tuple[str, str]] = []
        for key in sorted(edges):
            rows = db.execute("SELECT article, data FROM gi_facts WHERE key = ? ORDER BY article, seq", (key,)).fetchall()
            old = None if empty else db.execute("SELECT source, target, hash FROM gi_edges WHERE key = ?",
                                                (key,)).fetchone()
            if old:
                ends.update(old[:2])
            group = []
            for art, text in rows:
                r = json.loads(text)
                group.append(Fact(r["t"], r["s"], r["o"], art, r["d"], r["n"], r["e"], r["p"], r["h"]))
            if group and group[0].type == "CO_OCCURS" and (is_reporter(group[0].source) or is_reporter(group[0].target)):
                group = []
            if not group:
                if old:
                    db.execute("DELETE FROM gi_edges WHERE key = ?", (key,))
                    dirty.append(("e", key))
                    report.edges_deleted += 1
                continue
            attrs = edge_attrs(key, group)
            edge_evidence(attrs, group, article_node)
            ends.update((group[0].source, group[0].target))
            text = _attrs_text(attrs)
            digest = _hash(text)
            if old is None or old[2] != digest:
                upserts.append((key, group[0].type, group[0].source, group[0].target, text, digest,
                                _dumps(graphml_key_ids("edge", attrs)), csv_signature(attrs, "edge")))
                dirty.append(("e", key))
                report.edges_written += 1
        db.executemany("INSERT INTO gi_edges(key, type, source, target, data, hash, gkeys, csig) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET type = excluded.type, "
                       "source = excluded.source, target = excluded.target, data = excluded.data, hash = excluded.hash, "
                       "gkeys = excluded.gkeys, csig = excluded.csig", upserts)
        del upserts
        # nodes with their evidence: the touched ones and the ends of touched edges (Article nodes first, by id)
        node_rows: list[tuple[str, str, str, str]] = []
        for node_id in sorted(nodes | ends):
            if node_id in fresh:
                data = fresh[node_id]
                have = old_nodes.get(node_id, (False, None))[1]
            else:
                found = db.execute("SELECT data, hash FROM gi_nodes WHERE id = ?", (node_id,)).fetchone()
                data, have = (json.loads(found[0]), found[1]) if found else (None, None)
            if data is None:
                if have is not None:
                    db.execute("DELETE FROM gi_nodes WHERE id = ?", (node_id,))
                    dirty.append(("n", node_id))
                    report.nodes_deleted += 1
                continue
            if data["label"] == "Article":
                data["source"] = article_source(data, node_id.split(":", 1)[-1])
            else:
                node_evidence(data, self._stated(node_id), article_node)
            text = _attrs_text(data)
            digest = _hash(text)
            if have != digest:
                node_rows.append((node_id, data["label"], text, digest, _dumps(graphml_key_ids("node", data)),
                                  csv_signature(data, "node")))
                dirty.append(("n", node_id))
                report.nodes_written += 1
        db.executemany("INSERT INTO gi_nodes(id, label, data, hash, gkeys, csig) VALUES (?, ?, ?, ?, ?, ?) "
                       "ON CONFLICT(id) DO UPDATE SET label = excluded.label, data = excluded.data, hash = excluded.hash, "
                       "gkeys = excluded.gkeys, csig = excluded.csig", node_rows)
        if not db.execute("SELECT 1 FROM gi_dirty WHERE kind = 'all'").fetchone():
            db.executemany("INSERT OR IGNORE INTO gi_dirty(kind, key) VALUES (?, ?)", dirty)
        self._viewer_stats({n for n in nodes | ends if fresh.get(n) is not None or n not in fresh})

    def _aggregate_all(self, report: UpdateReport, tx: _Transaction) -> None:
        """:meth:`_aggregate` of every element, for a first build: the parts and facts are read in one ordered
        pass each (never a query per element), node evidence from one pass over the fact edges in the order a
        networkx graph iterates them, and the viewer's ranking from one pass over the edges."""
        from collections import Counter

        from kg.export.html import REPORTER_ROLES as VIEW_ROLES
        from kg.export.html import WEAK_RELS

        db = self.db
        fresh: dict[str, dict[str, Any]] = {}
        for node_id, rows in _grouped(db.execute("SELECT id, article, data FROM gi_parts ORDER BY id, article")):
            fresh[node_id] = _node(node_id, [json.loads(d) for _, d in rows], [a for a, _ in rows])
        reporters = {n for n, d in fresh.items() if d.get("reporter")}

        def article_node(article: str) -> dict[str, Any] | None:
            return fresh.get(f"Article:{article}")

        batch: list[tuple[str, str, str, str, str, str, str, str]] = []

        def flush_edges() -> None:
            db.executemany("INSERT INTO gi_edges(key, type, source, target, data, hash, gkeys, csig) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch)
            report.edges_written += len(batch)
            batch.clear()
            tx.checkpoint()

        for key, rows in _grouped(_facts_by_key(db)):
            group = []
            for art, text in rows:
                r = json.loads(text)
                group.append(Fact(r["t"], r["s"], r["o"], art, r["d"], r["n"], r["e"], r["p"], r["h"]))
            first = group[0]
            if first.type == "CO_OCCURS" and (first.source in reporters or first.target in reporters):
                continue
            attrs = edge_attrs(key, group)
            edge_evidence(attrs, group, article_node)
            text = _attrs_text(attrs)
            batch.append((key, first.type, first.source, first.target, text, _hash(text),
                          _dumps(graphml_key_ids("edge", attrs)), csv_signature(attrs, "edge")))
            if len(batch) >= 20000:
                flush_edges()
        flush_edges()
        # node evidence: the fact edges' statements, in networkx's edge order (by source, then the first key
        # of each (source, target) pair, then key)
        context = "('" + "','".join(sorted(CONTEXT_TYPES)) + "')"
        stated: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        for u, v, text in db.execute(
                "SELECT e.source, e.target, e.data FROM gi_edges e WHERE e.type NOT IN " + context +  # noqa: S608
                " ORDER BY e.source, (SELECT min(f.key) FROM gi_edges f WHERE f.source = e.source AND "
                "f.target = e.target), e.key"):
            rows = edge_rows(json.loads(text))
            stated[u].extend(rows)
            stated[v].extend(rows)
        # the viewer's ranking (kg.export.html.select): degree, reporters to the viewer, fact degree
        degree: Counter[str] = Counter()
        official: set[str] = set()
        reports: set[str] = set()
        facts: list[tuple[str, str]] = []
        for u, v, typ in db.execute("SELECT source, target, type FROM gi_edges"):
            degree[u] += 1
            degree[v] += 1
            if typ not in WEAK_RELS:
                official.add(u)
                facts.append((u, v))
            elif typ == "REPORTED":
                reports.add(u)
        viewer_reporters = set()
        for node_id, data in fresh.items():
            if data["label"] != "Person":
                continue
            reported = node_id in reports or data.get("reporter") or any(
                r in str(why) for why in data.get("resolution") or () for r in VIEW_ROLES)
            if data.get("role") in VIEW_ROLES or (reported and node_id not in official):
                viewer_reporters.add(node_id)
        fact_degree: Counter[str] = Counter()
        for u, v in facts:
            if u not in viewer_reporters and v not in viewer_reporters:
                fact_degree[u] += 1
                fact_degree[v] += 1
        del facts, official, reports
        rows_out: list[tuple[Any, ...]] = []
        for node_id in sorted(fresh):
            data = fresh.pop(node_id)
            if data["label"] == "Article":
                data["source"] = article_source(data, node_id.split(":", 1)[-1])
            else:
                node_evidence(data, stated.pop(node_id, ()), article_node)
            text = _attrs_text(data)
            rows_out.append((node_id, data["label"], text, _hash(text), _dumps(graphml_key_ids("node", data)),
                             csv_signature(data, "node"), degree[node_id], fact_degree[node_id],
                             int(node_id in viewer_reporters), 2 if data["label"] == "Article" else 1))
            if data["label"] == "Article":
                fresh[node_id] = data  # later nodes' evidence reads their articles
            if len(rows_out) >= 20000:
                self._insert_nodes(rows_out, report)
        self._insert_nodes(rows_out, report)

    def _insert_nodes(self, rows: list[tuple[Any, ...]], report: UpdateReport) -> None:
        self.db.executemany("INSERT INTO gi_nodes(id, label, data, hash, gkeys, csig, deg, fdeg, vrep, tier) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        report.nodes_written += len(rows)
        rows.clear()

    def _viewer_stats(self, ids: set[str]) -> None:
        """Keep what the viewer ranks nodes by (:func:`kg.export.html.select`) for ``ids``: whether the node is a
        reporter to the viewer, its degree and its fact degree among non-reporters; a node that became or stopped
        being a reporter changes its fact neighbours' fact degree too."""
        from kg.export.html import REPORTER_ROLES as VIEW_ROLES
        from kg.export.html import WEAK_RELS

        db = self.db
        weak = "('" + "','".join(WEAK_RELS) + "')"
        flipped: set[str] = set()
        present: set[str] = set()
        for node_id in sorted(ids):
            row = db.execute("SELECT label, data, vrep FROM gi_nodes WHERE id = ?", (node_id,)).fetchone()
            if row is None:
                continue
            present.add(node_id)
            label, text, was = row
            vrep = 0
            if label == "Person":
                data = json.loads(text)
                official = db.execute(f"SELECT 1 FROM gi_edges WHERE source = ? AND type NOT IN {weak} LIMIT 1",  # noqa: S608
                                      (node_id,)).fetchone() is not None
                reported = bool(data.get("reporter")) or any(
                    r in str(why) for why in data.get("resolution") or () for r in VIEW_ROLES) or db.execute(
                    "SELECT 1 FROM gi_edges WHERE source = ? AND type = 'REPORTED' LIMIT 1", (node_id,)).fetchone()
                vrep = int(data.get("role") in VIEW_ROLES or (bool(reported) and not official))
            if vrep != was:
                flipped.add(node_id)
                db.execute("UPDATE gi_nodes SET vrep = ? WHERE id = ?", (vrep, node_id))
        for node_id in sorted(flipped):
            for (other,) in db.execute(f"SELECT target FROM gi_edges WHERE source = ? AND type NOT IN {weak} UNION "  # noqa: S608
                                       f"SELECT source FROM gi_edges WHERE target = ? AND type NOT IN {weak}",
                                       (node_id, node_id)).fetchall():
                present.add(other)
        for node_id in sorted(present):
            deg = db.execute("SELECT (SELECT count(*) FROM gi_edges WHERE source = ?) + "
                             "(SELECT count(*) FROM gi_edges WHERE target = ?)", (node_id, node_id)).fetchone()[0]
            fdeg = db.execute(
                f"SELECT (SELECT count(*) FROM gi_edges e JOIN gi_nodes m ON m.id = e.target WHERE e.source = ? "  # noqa: S608
                f"AND e.type NOT IN {weak} AND m.vrep = 0) + (SELECT count(*) FROM gi_edges e JOIN gi_nodes m "
                f"ON m.id = e.source WHERE e.target = ? AND e.type NOT IN {weak} AND m.vrep = 0)",
                (node_id, node_id)).fetchone()[0]
            db.execute("UPDATE gi_nodes SET deg = ?, fdeg = ?, tier = ? WHERE id = ?",
                       (deg, fdeg, 2 if node_id.startswith("Article:") else 1, node_id))

    def _stated(self, node_id: str) -> list[tuple[str, str, str, str]]:
        """The statements of ``node_id``'s edges, in the order a networkx graph would iterate them."""
        context = "('" + "','".join(sorted(CONTEXT_TYPES)) + "')"
        incident = self.db.execute(
            f"SELECT source, target, key, CASE WHEN type IN {context} THEN NULL ELSE data END FROM gi_edges "  # noqa: S608
            f"WHERE source = ? UNION ALL SELECT source, target, key, CASE WHEN type IN {context} THEN NULL ELSE data "
            "END FROM gi_edges WHERE target = ? AND source <> ?", (node_id, node_id, node_id)).fetchall()
        data = {key: text for _, _, key, text in incident}
        rows: list[tuple[str, str, str, str]] = []
        for _u, _v, key in graph_edge_order((u, v, k) for u, v, k, _ in incident):
            if data[key] is not None:
                rows.extend(edge_rows(json.loads(data[key])))
        return rows

    def write_graphml(self, path: Path, dirty: Dirty | None = None) -> Path:
        """``graph.graphml`` from the elements' stored fragments (:func:`kg.export.files.graphml_fragment`):
        the file :func:`kg.export.files.write_graphml` writes of this graph. ``dirty``: the elements changed
        since the file was last written (None: write it whole)."""
        from kg.export.files import _GRAPH_CLOSE, _write_graphml_head, graphml_fragment

        keys: set[str] = set()
        for (text,) in self.db.execute("SELECT DISTINCT gkeys FROM gi_sig WHERE n > 0"):
            keys.update(json.loads(text))
        head = io.StringIO()
        _write_graphml_head(head, keys)

        def node(node_id: str, text: str) -> bytes:
            return graphml_fragment("node", node_id, json.loads(text))[0].encode("utf-8", "replace")

        def edge(u: str, v: str, key: str, text: str) -> bytes:
            return graphml_fragment("edge", key, json.loads(text), u, v)[0].encode("utf-8", "replace")

        nodes, edges = self._sections(b"", b"", node, edge, dirty)
        return self._write_file(path, "graph.graphml", [
            head.getvalue().encode("utf-8", "replace"), nodes, edges, _GRAPH_CLOSE.encode()], head_bound=False)

    def write_node_link(self, path: Path, dirty: Dirty | None = None) -> Path:
        """``graph.json``: each line spliced from an element's stored attributes (their node-link encoding)."""
        from kg.export.files import node_link_edge_line, node_link_node_line

        def node_line(node_id: str, text: str) -> bytes:
            return node_link_node_line(node_id, text).encode("utf-8", "surrogateescape")

        def edge_line(u: str, v: str, key: str, text: str) -> bytes:
            return node_link_edge_line(u, v, key, text).encode("utf-8", "surrogateescape")

        nodes, edges = self._sections(b"\n", b",\n", node_line, edge_line, dirty)
        return self._write_file(path, "graph.json", [
            b'{"directed": true, "multigraph": true, "graph": {}, "nodes": [',
            nodes,
            b'\n], "links": [',
            edges,
            b"\n]}\n"], head_bound=False)

    def _sections(self, lead: bytes, sep: bytes, node: Callable[[str, str], bytes],
                  edge: Callable[[str, str, str, str], bytes], dirty: Dirty | None) -> tuple[_Part, _Part]:
        """The node and edge sections of a file whose fragments are ``node(id, attributes JSON)`` and
        ``edge(source, target, key, attributes JSON)``, joined by ``lead`` and ``sep``."""
        db = self.db

        def one_node(node_id: str) -> bytes | None:
            row = db.execute("SELECT data FROM gi_nodes WHERE id = ?", (node_id,)).fetchone()
            return node(node_id, row[0]) if row else None

        def one_edge(key: str) -> bytes | None:
            row = db.execute("SELECT source, target, data FROM gi_edges WHERE key = ?", (key,)).fetchone()
            return edge(row[0], row[1], key, row[2]) if row else None

        def nodes() -> Iterator[tuple[str, bytes]]:
            cursor = db.execute("SELECT id, data FROM gi_nodes ORDER BY id")
            while batch := cursor.fetchmany(5000):
                for node_id, text in batch:
                    yield node_id, node(node_id, text)

        def edges() -> Iterator[tuple[str, bytes]]:
            cursor = db.execute("SELECT source, target, key, data FROM gi_edges ORDER BY key")
            while batch := cursor.fetchmany(5000):
                for u, v, key, text in batch:
                    yield key, edge(u, v, key, text)

        return (_Part(lead, sep, nodes, one_node, None if dirty is None else dirty.nodes),
                _Part(lead, sep, edges, one_edge, None if dirty is None else dirty.edges))

    def write_neo4j_csv(self, directory: Path, dirty: Dirty | None = None) -> list[Path]:
        """The neo4j-admin CSV folder: a label's (type's) columns from the distinct column signatures of its
        elements; a file whose columns did not change is spliced (its changed rows only), else written whole."""
        from kg.export.files import atomic_dir, csv_columns, csv_file_name, csv_header_line, csv_row_line

        db = self.db
        names: list[str] = []

        def groups(table: str, label_col: str) -> dict[str, list[str]]:
            out: dict[str, list[str]] = defaultdict(list)
            for label, signature in db.execute("SELECT DISTINCT label, csig FROM gi_sig WHERE kind = ? AND n > 0",
                                               (table[3],)):  # gi_nodes -> n, gi_edges -> e
                out[label].append(signature)
            return out

        def file(tmp: Path, kind: str, table: str, label_col: str, key_col: str, label: str,
                 signatures: list[str]) -> None:
            columns = csv_columns(signatures)
            ends = "source, target" if kind == "edge" else key_col
            select = f"SELECT {key_col}, {ends}, data FROM {table}"  # noqa: S608 - fixed names

            def row(r: tuple[str, ...]) -> bytes:
                return csv_row_line(kind, list(r[1:-1]), json.loads(r[-1]), columns, label).encode("utf-8", "replace")

            def every() -> Iterator[tuple[str, bytes]]:
                cursor = db.execute(f"{select} WHERE {label_col} = ? ORDER BY {key_col}", (label,))
                while batch := cursor.fetchmany(5000):
                    for r in batch:
                        yield r[0], row(r)

            def one(key: str) -> bytes | None:
                r = db.execute(f"{select} WHERE {key_col} = ? AND {label_col} = ?", (key, label)).fetchone()
                return row(r) if r else None

            name = csv_file_name(kind, label)
            changed = None
            if dirty is not None:
                mark = ":" if kind == "node" else "|"  # a node id starts with its label, an edge key with its type
                changed = {k for k in (dirty.nodes if kind == "node" else dirty.edges) if k.split(mark, 1)[0] == label}
            previous = directory / name
            self._write_file(tmp / name, f"neo4j-import/{name}", [
                csv_header_line(kind, columns).encode("utf-8", "replace"), _Part(b"", b"", every, one, changed)],
                previous=previous if previous.exists() else None, head_bound=True)
            names.append(name)

        def write(tmp: Path) -> None:
            for kind, table, label_col, key_col in (("node", "gi_nodes", "label", "id"),
                                                    ("edge", "gi_edges", "type", "key")):
                for label, signatures in sorted(groups(table, label_col).items()):
                    file(tmp, kind, table, label_col, key_col, label, signatures)

        atomic_dir(directory, write)
        with self._tx():
            kept = {f"neo4j-import/{n}" for n in names}
            # the files with a layout, from their meta keys (a scan of gi_layout's rows would cost one per element)
            for (meta_key,) in db.execute("SELECT key FROM gi_meta WHERE key >= 'layout:neo4j-import/' AND "
                                          "key < 'layout:neo4j-import0'").fetchall():
                gone = meta_key.removeprefix("layout:")
                if gone not in kept:  # a label or type that is gone
                    db.execute("DELETE FROM gi_layout WHERE file = ?", (gone,))
                    db.execute("DELETE FROM gi_lblock WHERE file = ?", (gone,))
                    db.execute("DELETE FROM gi_meta WHERE key = ?", (meta_key,))
        return [directory / n for n in names]

    def _write_file(self, path: Path, file: str, parts: list[bytes | _Part], previous: Path | None = None,
                    head_bound: bool = False) -> Path:
        """Write ``path`` from ``parts`` (fixed bytes and sections of elements): spliced from ``previous``
        (default: ``path`` itself) when its layout is known, the file is the one it describes and every
        section says what changed (and, ``head_bound``, when the head — a CSV header, which every row
        follows — did not change), else whole. Then record the new layout."""
        from kg.export.files import atomic_write
        from kg.export.splice import Section, splice

        previous = path if previous is None else previous
        db = self.db
        meta_text = self._meta(f"layout:{file}")
        meta = json.loads(meta_text) if meta_text else None
        head = parts[0] if isinstance(parts[0], bytes) else b""
        sections = [p for p in parts if isinstance(p, _Part)]
        usable = meta is not None and all(p.changed is not None for p in sections) and (
            not head_bound or meta.get("head") == _hash(head.decode("utf-8", "replace")))
        if usable:
            try:
                stat = previous.stat()
                usable = [stat.st_size, stat.st_mtime_ns] == [meta["size"], meta["mtime_ns"]]
            except OSError:
                usable = False
        lengths: list[dict[str, int | None]] = [{} for _ in sections]  # section -> key -> new length (None: gone)
        starts: list[int] = []

        def whole(tmp: Path) -> None:
            with tmp.open("wb") as out:
                position = 0
                for part in parts:
                    if isinstance(part, bytes):
                        out.write(part)
                        position += len(part)
                        continue
                    index = sections.index(part)
                    starts.append(position)
                    joint = part.lead
                    for key, data in part.every():
                        out.write(joint)
                        out.write(data)
                        position += len(joint) + len(data)
                        lengths[index][key] = len(data)
                        joint = part.sep

        blocks: list[list[tuple[str, str | None]]] = [[] for _ in sections]  # touched blocks: (first, next)

        def spliced(tmp: Path) -> None:
            plan: list[bytes | Section] = []
            for part in parts:
                if isinstance(part, bytes):
                    plan.append(part)
                    continue
                index = sections.index(part)
                assert part.changed is not None
                changes = {key: part.one(key) for key in sorted(part.changed)}
                for key, data in changes.items():
                    lengths[index][key] = None if data is None else len(data)
                table = db.execute("SELECT first, n, bytes FROM gi_lblock WHERE file = ? AND section = ? ORDER BY first",
                                   (file, index)).fetchall() or [("", 0, 0)]
                firsts = [b[0] for b in table]
                touched = sorted({max(bisect.bisect_right(firsts, key) - 1, 0) for key in changes})
                blocks[index] = [(firsts[i] if i else None, firsts[i], firsts[i + 1] if i + 1 < len(firsts) else None)
                                  for i in touched]  # (lower bound, the block's key, upper bound)
                plan.append(Section(part.lead, part.sep, self._old_layout(file, index, table, set(touched)),
                                    meta["starts"][index], changes))
            with tmp.open("wb") as out:
                starts.extend(splice(previous, out, plan))

        atomic_write(path, spliced if usable else whole)
        stat = path.stat()
        with self._tx():
            if not usable:
                db.execute("DELETE FROM gi_layout WHERE file = ?", (file,))
                db.execute("DELETE FROM gi_lblock WHERE file = ?", (file,))
            for index, changed in enumerate(lengths):
                db.executemany("DELETE FROM gi_layout WHERE file = ? AND section = ? AND key = ?",
                               [(file, index, k) for k, n in changed.items() if n is None])
                db.executemany("INSERT INTO gi_layout(file, section, key, len) VALUES (?, ?, ?, ?) ON CONFLICT "
                               "(file, section, key) DO UPDATE SET len = excluded.len",
                               [(file, index, k, n) for k, n in changed.items() if n is not None])
                sep = len(sections[index].sep)
                if not usable:  # blocks of LAYOUT_BLOCK elements in key order
                    rows, chunk = [], []
                    for key in sorted(changed):
                        chunk.append(key)
                        if len(chunk) == LAYOUT_BLOCK:
                            rows.append((chunk[0], len(chunk), sum(changed[k] or 0 for k in chunk)))
                            chunk = []
                    if chunk:
                        rows.append((chunk[0], len(chunk), sum(changed[k] or 0 for k in chunk)))
                    db.executemany("INSERT INTO gi_lblock(file, section, first, n, bytes) VALUES (?, ?, ?, ?, ?)",
                                   [(file, index, f, n, b + (n - 1) * sep) for f, n, b in rows])
                    continue
                for lower, first, upper in blocks[index]:  # the touched blocks: counted again, split when grown
                    bounds = [(">=", lower), ("<", upper)]  # the first block has no lower bound: keys before it join it
                    where = "".join(f" AND key {op} ?" for op, value in bounds if value is not None)
                    keys = db.execute("SELECT key, len FROM gi_layout WHERE file = ? AND section = ?" + where + " ORDER BY key",
                                      (file, index, *[v for _, v in bounds if v is not None])).fetchall()
                    db.execute("DELETE FROM gi_lblock WHERE file = ? AND section = ? AND first = ?", (file, index, first))
                    if lower is None and keys:
                        first = min(first, keys[0][0]) if first else keys[0][0]
                    size = LAYOUT_BLOCK if len(keys) > 4 * LAYOUT_BLOCK else max(len(keys), 1)
                    for at in range(0, len(keys), size):
                        chunk = keys[at:at + size]
                        db.execute("INSERT INTO gi_lblock(file, section, first, n, bytes) VALUES (?, ?, ?, ?, ?)",
                                   (file, index, first if at == 0 else chunk[0][0], len(chunk),
                                    sum(n for _, n in chunk) + (len(chunk) - 1) * sep))
            self._set_meta(f"layout:{file}", json.dumps({
                "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "starts": starts,
                "head": _hash(head.decode("utf-8", "replace"))}))
        return path

    def _old_layout(self, file: str, section: int, table: list[tuple[str, int, int]], touched: set[int]
                    ) -> Iterator[tuple[str, int] | tuple[str, int, int]]:
        """A section's old layout for :func:`kg.export.splice.splice`: each untouched block as one run, each
        touched block (a change falls in its key range) element by element."""
        for i, (first, n, size) in enumerate(table):
            if i not in touched:
                yield first, size, n
                continue
            bounds = [(">=", first if i else None), ("<", table[i + 1][0] if i + 1 < len(table) else None)]
            where = "".join(f" AND key {op} ?" for op, value in bounds if value is not None)
            yield from self.db.execute("SELECT key, len FROM gi_layout WHERE file = ? AND section = ?" + where
                                       + " ORDER BY key", (file, section, *[v for _, v in bounds if v is not None])
                                       ).fetchall()

    def viewer_selection(self, max_nodes: int | None = None, max_edges: int | None = None
                         ) -> tuple[list[str], list[tuple[str, str, str]]]:
        """The node ids and ``(source, target, key)`` edges the viewer draws, chosen as
        :func:`kg.export.html.select` chooses them with no focus, district or period: the ``max_nodes`` nodes
        best connected by facts (reporters left out, articles after the rest), and the ``max_edges`` strongest
        edges between them — from the ranking the index keeps (:meth:`_viewer_stats`) and the
        (source, target, key) index, reading no attributes but the candidate edges' weights."""
        import heapq

        from kg.export.html import DEFAULT_MAX_EDGES, DEFAULT_MAX_NODES, WEAK_RELS, _check_limits

        _check_limits(max_nodes, max_edges, 0)
        node_cap = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
        edge_cap = DEFAULT_MAX_EDGES if max_edges is None else max_edges
        db = self.db
        keep = [n for (n,) in db.execute("SELECT id FROM gi_nodes WHERE vrep = 0 "
                                         "ORDER BY tier, fdeg DESC, deg DESC, id LIMIT ?", (node_cap,))]
        kept = set(keep)
        strength = {t: i for i, t in enumerate(WEAK_RELS, start=1)}
        candidates: list[tuple[int, float, str, str, str]] = []
        for u in keep:  # the (source, target, key) index alone: a hub's thousands of edges are not read
            for v, key in db.execute("SELECT target, key FROM gi_edges WHERE source = ?", (u,)).fetchall():
                if v in kept:
                    (weight,) = db.execute("SELECT json_extract(data, '$.weight') FROM gi_edges WHERE key = ?",
                                           (key,)).fetchone()
                    candidates.append((strength.get(key.split("|", 1)[0], 0), -float(weight or 1), key, u, v))
        edges = heapq.nsmallest(edge_cap, candidates) if len(candidates) > edge_cap else sorted(candidates)
        return sorted(kept), [(u, v, key) for _, _, key, u, v in sorted(edges, key=lambda e: e[2])]

    def viewer_graph(self, max_nodes: int | None = None, max_edges: int | None = None) -> Any:
        """:meth:`viewer_selection` as a networkx graph with the attributes (what the page is rendered from)."""
        import networkx as nx

        nodes, edges = self.viewer_selection(max_nodes, max_edges)
        sub = nx.MultiDiGraph()
        for n in nodes:
            sub.add_node(n, **(self.node(n) or {}))
        for u, v, key in edges:
            found = self.edge(key)
            if found is not None:
                sub.add_edge(u, v, key=key, **found[2])
        return sub

    def write_viewer(self, path: Path, title: str) -> bool:
        """The viewer page (:func:`kg.export.html.render` of :meth:`viewer_graph`), written when what it draws
        changed since it was last written (told by the drawn elements' stored hashes) or the file is gone.
        Returns whether it was written."""
        from kg.export.files import atomic_write
        from kg.export.html import render

        nodes, edges = self.viewer_selection()
        hashes = [title]
        hashes += [r[0] for n in nodes for r in self.db.execute("SELECT hash FROM gi_nodes WHERE id = ?", (n,))]
        hashes += [f"{u}>{v}:" + r[0] for u, v, k in edges
                   for r in self.db.execute("SELECT hash FROM gi_edges WHERE key = ?", (k,))]
        digest = _hash(_dumps([nodes, [k for *_, k in edges], hashes]))
        if path.exists() and self._meta("viewer") == digest:
            return False
        sub = self.viewer_graph()
        atomic_write(path, lambda p: p.write_text(render(sub, title), "utf-8"))
        self._set_meta("viewer", digest)
        return True

    def _cooccurrences_of(self, node_id: str) -> set[str]:
        """Keys of the CO_OCCURS facts with ``node_id`` at either end (a pair is keyed by its ids in order)."""
        keys = {k for (k,) in self.db.execute("SELECT DISTINCT key FROM gi_facts WHERE key >= ? AND key < ?",
                                              (f"CO_OCCURS|{node_id}|", f"CO_OCCURS|{node_id}|\uffff"))}
        for (art,) in self.db.execute("SELECT article FROM gi_parts WHERE id = ?", (node_id,)).fetchall():
            keys.update(k for (k,) in self.db.execute(
                "SELECT DISTINCT key FROM gi_facts WHERE article = ? AND key >= 'CO_OCCURS|' AND key < 'CO_OCCURS}'",
                (art,)) if k.split("|")[2] == node_id)
        return keys

def _facts_by_key(db: sqlite3.Connection, chunk: int = 50_000) -> Iterator[tuple[str, str, str]]:
    """Every fact ``(key, article, data)`` ordered by key, article, seq, read in chunks of whole keys: no read
    stays open across the chunks, so a first build's commits between them let the WAL be checkpointed (a
    cursor held over the whole table kept every page written meanwhile in the WAL)."""
    last = ""
    while True:
        rows = db.execute("SELECT key, article, data FROM gi_facts WHERE key > ? ORDER BY key, article, seq LIMIT ?",
                          (last, chunk)).fetchall()
        if len(rows) == chunk:  # the last key may go on past the chunk: it is read with the next one
            cut = len(rows)
            while cut and rows[cut - 1][0] == rows[-1][0]:
                cut -= 1
            rows = rows[:cut] if cut else db.execute(
                "SELECT key, article, data FROM gi_facts WHERE key = ? ORDER BY article, seq", (rows[-1][0],)).fetchall()
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def _grouped(cursor: Iterable[tuple[str, str, str]]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """``(key, [(article, data), …])`` from rows ``(key, article, data)`` ordered by key."""
    key: str | None = None
    rows: list[tuple[str, str]] = []
    for k, article, data in cursor:
        if k != key:
            if key is not None:
                yield key, rows
            key, rows = k, []
        rows.append((article, data))
    if key is not None:
        yield key, rows


@dataclass
class _Part:
    """A section of an output file: how its fragments are joined, every fragment in key order (``every``), one
    element's fragment (``one``: None when it is gone) and the keys changed since the file was written
    (``changed``; None: unknown, write the file whole)."""

    lead: bytes
    sep: bytes
    every: Callable[[], Iterator[tuple[str, bytes]]]
    one: Callable[[str], bytes | None]
    changed: set[str] | None


def _node(node_id: str, parts: list[dict[str, Any]], articles: list[str]) -> dict[str, Any]:
    """A node's attributes (without evidence) from its parts in article order, as
    :func:`kg.resolve.merge_entities` and :func:`kg.graph.node_attrs` make them."""
    first = parts[0]
    aliases: list[str] = []
    props: dict[str, Any] = {}
    for part in parts:
        aliases.extend(part["aliases"])
        for name, value in part["props"].items():
            if name in ("resolution", "titles") and first["label"] == "Person":
                props.setdefault(name, []).extend(value)
            else:
                props.setdefault(name, value)
    if first["label"] == "Article":  # an article's own node: its last record (as merge_entities replaces it)
        props = dict(parts[-1]["props"])
    if first["label"] == "Person":
        props["resolution"] = sorted(set(props.get("resolution", [])))
        props["titles"] = sorted(set(props.get("titles", [])))
    ent = Entity(node_id, first["label"], first["name"], first["district"], sorted(set(aliases)),
                 sorted(set(articles)), props)
    return node_attrs(ent, any(p["reported"] for p in parts))


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (``ROLLBACK`` on an error); :meth:`checkpoint` commits what is done so far
    and goes on in a new transaction (a first build, whose partial state is thrown away if it dies)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> _Transaction:
        self.db.execute("BEGIN IMMEDIATE")
        return self

    def checkpoint(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


class IndexElements:
    """The graph of a :class:`GraphIndex` as :class:`kg.elements.Elements`: nodes by id, edges by key."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def nodes(self) -> Iterator[Node]:
        cursor = self.db.execute("SELECT id, data FROM gi_nodes ORDER BY id")
        while rows := cursor.fetchmany(2000):
            for node_id, text in rows:
                yield node_id, json.loads(text)

    def edges(self) -> Iterator[Edge]:
        cursor = self.db.execute("SELECT source, target, key, data FROM gi_edges ORDER BY key")
        while rows := cursor.fetchmany(2000):
            for u, v, key, text in rows:
                yield u, v, key, json.loads(text)

    def number_of_nodes(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM gi_nodes").fetchone()[0])

    def number_of_edges(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM gi_edges").fetchone()[0])

    def graph(self, nodes: Iterable[str] | None = None) -> Any:
        """A networkx MultiDiGraph of the whole index (small graphs, tests), or of ``nodes`` and the edges
        between them."""
        import networkx as nx

        g = nx.MultiDiGraph()
        if nodes is None:
            for node_id, data in self.nodes():
                g.add_node(node_id, **data)
            for u, v, key, data in self.edges():
                g.add_edge(u, v, key=key, **data)
            return g
        wanted = sorted(set(nodes))
        for node_id in wanted:
            row = self.db.execute("SELECT data FROM gi_nodes WHERE id = ?", (node_id,)).fetchone()
            if row:
                g.add_node(node_id, **json.loads(row[0]))
        for node_id in wanted:
            for v, key, text in self.db.execute("SELECT target, key, data FROM gi_edges WHERE source = ?", (node_id,)):
                if v in g:
                    g.add_edge(node_id, v, key=key, **json.loads(text))
        return g


__all__ = ["REPORTER_ROLES", "Dirty", "GraphIndex", "IndexElements", "UpdateReport", "summarize"]

"""Incremental store syncs: only the difference is written, a killed sync is repaired, bad rows stay alone."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx
import pytest

from kg.graph import build_graph
from kg.store import BoltStore, EmbeddedServer
from kg.store.ledger import Ledger
from kg.store.target import LEDGER, sync_target


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with EmbeddedServer(tmp_path_factory.mktemp("inc") / "store") as srv:
        yield srv


@pytest.fixture(params=["cypher", "bulk"])
def store(server: EmbeddedServer, request: pytest.FixtureRequest):
    """The store written through Cypher only, or with every create through the bulk API (``bulk_min=0``)."""
    with BoltStore(server.connection, exclusive=True, bulk_min=0 if request.param == "bulk" else 10 ** 9) as st:
        assert st.bulk is not None
        st.clear()
        yield st


def fingerprint(store: BoltStore) -> list[str]:
    """Every node and relationship of kg's labels with all its properties (KgMeta left out)."""
    nodes = store._read("MATCH (n) WHERE NOT n:KgMeta RETURN labels(n) AS l, properties(n) AS p")
    rels = store._read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b")
    return sorted(json.dumps(x, sort_keys=True, ensure_ascii=False, default=str) for x in nodes + rels)


def edited(records: list[dict]) -> list[dict]:
    """The records with one article's project renamed (its node, edges and co-occurrences change)."""
    records = copy.deepcopy(records)
    target = next(r for r in records if "融信奥体世纪项目" in r["projects"])
    target["projects"] = ["绿地中心项目" if p == "融信奥体世纪项目" else p for p in target["projects"]]
    for rel in target["relations"]:
        if rel.get("target") == "融信奥体世纪项目":
            rel["target"] = "绿地中心项目"
    for m in target.get("mentions") or []:
        if m.get("text") == "融信奥体世纪项目":
            m["text"] = "绿地中心项目"
    return records


def test_ledger_sync_writes_only_the_difference(store: BoltStore, extractions_records: list[dict],
                                                tmp_path: Path) -> None:
    g1, g2 = build_graph(extractions_records), build_graph(edited(extractions_records))
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        first = store.sync(g1, ledger=ledger)
        assert first["written_edges"] == g1.number_of_edges()
        again = store.sync(g1, ledger=ledger)
        assert again["written_nodes"] == again["written_edges"] == again["deleted_nodes"] == 0
        changed = store.sync(g2, ledger=ledger)
    diff_edges = {k for _, _, k in g1.edges(keys=True)} ^ {k for _, _, k in g2.edges(keys=True)}
    assert 0 < changed["written_edges"] + changed["deleted_edges"] < g2.number_of_edges() // 4
    assert changed["deleted_nodes"] == 1 and changed["deleted_edges"] >= len(diff_edges) // 2
    incremental = fingerprint(store)
    store.clear()
    store.sync(g2)  # a clean load of the same graph
    assert fingerprint(store) == incremental
    assert store.counts() == {"nodes": g2.number_of_nodes(), "relationships": g2.number_of_edges()}


class Crash(Exception):
    """Stands for the process being killed."""


@contextmanager
def dying_after(monkeypatch: pytest.MonkeyPatch, after: int) -> Iterator[None]:
    """Within the block, the store's ``after``-th write is its last: the next raises :class:`Crash`."""
    real = BoltStore._write
    calls = {"n": 0}

    def dying(self: BoltStore, *args: object, **kw: object) -> list:
        calls["n"] += 1
        if calls["n"] > after:
            raise Crash
        return real(self, *args, **kw)

    monkeypatch.setattr(BoltStore, "_write", dying)
    try:
        yield
    finally:
        monkeypatch.setattr(BoltStore, "_write", real)


@pytest.mark.parametrize("after", [1, 4, 9])
def test_sync_killed_midway_is_repaired_by_the_next(store: BoltStore, extractions_records: list[dict],
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    after: int) -> None:
    g1, g2 = build_graph(extractions_records[:12]), build_graph(edited(extractions_records))
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        store.sync(g1, ledger=ledger)
        with dying_after(monkeypatch, after), pytest.raises(Crash):
            store.sync(g2, ledger=ledger)
        assert any(ledger.pending())
        store.sync(g2, ledger=ledger)
        assert not any(ledger.pending())
    repaired = fingerprint(store)
    store.clear()
    store.sync(g2)
    assert repaired == fingerprint(store)


def test_foreign_write_makes_the_next_sync_read_the_store(store: BoltStore, extractions_records: list[dict],
                                                          tmp_path: Path) -> None:
    g = build_graph(extractions_records[:6])
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        store.sync(g, ledger=ledger)
        store.sync(build_graph(extractions_records[6:9]))  # another writer, no ledger: changes the token
        result = store.sync(g, ledger=ledger)
        assert result["deleted_nodes"] > 0  # the ledger was not trusted: the other writer's nodes are gone
    assert store.counts() == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}


def test_a_refused_row_is_reported_and_the_rest_written(store: BoltStore, tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    for i in range(50):
        g.add_node(f"Person:x:{i}", label="Person", name=str(i), big=2 ** 70 if i == 17 else i)
    g.add_node("Bad:1", label="Bad Label!", name="bad")
    for i in range(49):
        g.add_edge(f"Person:x:{i}", f"Person:x:{i + 1}", key=f"K|{i}", type="KNOWS", edge_key=f"K|{i}")
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        result = store.sync(g, ledger=ledger)
        assert result["errors"] == 2 and result["written_nodes"] == 49
        assert ledger.pending() == ({"Person:x:17"}, {"K|16", "K|17"})  # retried next time
    assert store.counts() == {"nodes": 49, "relationships": 47}


def test_job_target_untouched_when_nothing_changed(extractions_records: list[dict], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    g = build_graph(extractions_records[:5])
    out = tmp_path / "out"
    assert sync_target(g, out, "embedded")["written_nodes"] == g.number_of_nodes()
    assert (out / LEDGER).exists()

    def refuse(*_: object) -> None:
        raise AssertionError("the store was started although nothing changed")

    monkeypatch.setattr(EmbeddedServer, "start", refuse)
    assert sync_target(build_graph(extractions_records[:5]), out, "embedded") is None
    monkeypatch.undo()
    import shutil

    shutil.rmtree(out / "store")  # a deleted store is loaded again in full, whatever the ledger said
    assert sync_target(g, out, "embedded")["written_nodes"] == g.number_of_nodes()
    with EmbeddedServer(out / "store") as srv, BoltStore(srv.connection) as st:
        assert st.counts() == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}


def test_a_neo4j_admin_import_of_the_csv_is_adopted_without_duplicates(store: BoltStore,
                                                                      extractions_records: list[dict]) -> None:
    g = build_graph(extractions_records[:4])
    store.sync(g)
    clean = fingerprint(store)
    # what `neo4j-admin database import` of out/neo4j-import leaves: edge_key instead of key, no marks
    store._write("UNWIND $rows AS r MATCH ()-[e]->() SET e.edge_key = e.key REMOVE e.key, e.kg_graph, e.kg_hash",
                 [{}])
    store._write("UNWIND $rows AS r MATCH (n) WHERE NOT n:KgMeta REMOVE n.kg_graph, n.kg_hash", [{}])
    result = store.sync(g)
    assert result["written_edges"] == g.number_of_edges() and result["deleted_edges"] == 0
    assert store.counts() == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
    assert fingerprint(store) == clean


def relabelled(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``g`` with its first Project node kept under the same id as an Organization (a label change)."""
    h = copy.deepcopy(g)
    node = next(n for n, d in h.nodes(data=True) if d.get("label") == "Project")
    h.nodes[node]["label"] = "Organization"
    return h


@pytest.mark.parametrize("chunk", [2, 7, 100])
def test_a_sync_streamed_in_small_chunks_equals_a_clean_load(store: BoltStore, extractions_records: list[dict],
                                                             tmp_path: Path, chunk: int) -> None:
    """Chunks of a few elements: each compared with the ledger by key, written, settled; the last prunes."""
    g1, g2 = build_graph(extractions_records[:10]), build_graph(edited(extractions_records)[:18])
    g3 = relabelled(g2)
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        first = store.sync(g1, ledger=ledger, chunk=chunk)
        assert (first["written_nodes"], first["written_edges"]) == (g1.number_of_nodes(), g1.number_of_edges())
        assert store.sync(g1, ledger=ledger, chunk=chunk)["written_edges"] == 0
        store.sync(g2, ledger=ledger, chunk=chunk)
        third = store.sync(g3, ledger=ledger, chunk=chunk)
        assert third["deleted_nodes"] == 1 and third["written_nodes"] == 1  # replaced under its new label
        assert ledger.size() == (g3.number_of_nodes(), g3.number_of_edges()) and not any(ledger.pending())
    streamed = fingerprint(store)
    store.clear()
    store.sync(g3)
    assert streamed == fingerprint(store)


@pytest.mark.parametrize("after", [2, 5, 12])
def test_a_streamed_sync_killed_between_chunks_is_repaired(store: BoltStore, extractions_records: list[dict],
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           after: int) -> None:
    g1, g2 = build_graph(extractions_records[:8]), relabelled(build_graph(edited(extractions_records)[:16]))
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        store.sync(g1, ledger=ledger, chunk=4)
        with dying_after(monkeypatch, after), pytest.raises(Crash):
            store.sync(g2, ledger=ledger, chunk=4)
        store.sync(g2, ledger=ledger, chunk=4)
        assert not any(ledger.pending())
        assert store.sync(g2, ledger=ledger, chunk=4)["written_edges"] == 0  # the ledger tells the truth
    repaired = fingerprint(store)
    store.clear()
    store.sync(g2)
    assert repaired == fingerprint(store)


def test_batches_stay_under_the_servers_message_limit(server: EmbeddedServer, tmp_path: Path) -> None:
    """Hub nodes' rows are large (thousands of articles each): 10,000 of them would exceed the 16 MiB a Bolt
    message may carry on ArcadeDB; batches are bounded by bytes too."""
    g = nx.MultiDiGraph()
    for i in range(48):  # ≈ 20 MB of properties
        g.add_node(f"Person:h:{i}", label="Person", name=f"h{i}", articles=[f"a-{i}-{j:06d}" for j in range(30_000)])
    for i in range(47):
        g.add_edge(f"Person:h:{i}", f"Person:h:{i + 1}", key=f"K|{i}", type="KNOWS", edge_key=f"K|{i}",
                   sentences=[f"s-{i}-{j:06d}" for j in range(30_000)])
    with BoltStore(server.connection, exclusive=True, batch_size=10_000) as st:
        st.clear()
        with Ledger(tmp_path / "l.sqlite", "t") as ledger:
            result = st.sync(g, ledger=ledger)
        assert result["errors"] == 0 and result["written_nodes"] == 48 and result["written_edges"] == 47
        assert st.counts() == {"nodes": 48, "relationships": 47}
        st.clear()


@pytest.mark.parametrize("which", ["records", "odd values"])
def test_bulk_creates_store_what_cypher_creates(server: EmbeddedServer, extractions_records: list[dict],
                                                which: str, caplog: pytest.LogCaptureFixture,
                                                odd_graph: nx.MultiDiGraph) -> None:
    """The bulk API and Cypher's CREATE leave the same store: labels, properties (types included), ends. No
    request is refused (a relationship too large for the endpoint goes through Cypher, not in a request)."""
    g = build_graph(extractions_records) if which == "records" else odd_graph
    prints = []
    caplog.set_level(logging.INFO, logger="kg.store.bolt")
    for bulk_min in (0, 10 ** 9):
        with BoltStore(server.connection, exclusive=True, bulk_min=bulk_min) as st:
            st.clear()
            result = st.sync(g)
            assert "refused" not in caplog.text
            assert result["errors"] == 0 and result["written_edges"] == g.number_of_edges()
            prints.append(fingerprint(st))
            assert st.query("MATCH (a)<-[r]-(b) RETURN count(r) AS c")[0]["c"] == g.number_of_edges()  # both ways
    assert prints[0] == prints[1]


@pytest.mark.parametrize(("after", "failure"), [(0, "crash"), (2, "crash"), (5, "crash"), (1, "refused"),
                                                (4, "refused")])
def test_a_bulk_request_cut_short_is_repaired(server: EmbeddedServer, extractions_records: list[dict],
                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch, after: int,
                                              failure: str) -> None:
    """The batch endpoint commits as it goes: a request that dies (the process killed) or is refused after the
    server committed half of it leaves rows the ledger does not know. A refused one is written again through
    Cypher's MERGE at once; a killed sync is repaired by the next. Never a duplicate."""
    from functools import partial

    from kg.store import bolt, bulk

    g = build_graph(extractions_records)
    real = bulk.BulkLoader.load
    calls = {"n": 0}

    def cut_short(self: bulk.BulkLoader, lines: list[str], id_mapping: bool = False) -> dict:
        calls["n"] += 1
        if calls["n"] <= after:
            return real(self, lines, id_mapping)
        real(self, lines[:len(lines) // 2])  # committed, and the answer lost
        raise Crash if failure == "crash" else bulk.BulkRefused("refused halfway")

    monkeypatch.setattr(bolt, "request_groups", partial(bulk.request_groups, rows=40))
    with BoltStore(server.connection, exclusive=True, bulk_min=0) as st, Ledger(tmp_path / "l.sqlite", "t") as ledger:
        st.clear()
        monkeypatch.setattr(bulk.BulkLoader, "load", cut_short)
        if failure == "crash":
            with pytest.raises(Crash):
                st.sync(g, ledger=ledger)
            monkeypatch.setattr(bulk.BulkLoader, "load", real)
            assert any(ledger.pending())
            st.sync(g, ledger=ledger)
        else:
            result = st.sync(g, ledger=ledger)
            assert result["errors"] == 0
        assert not any(ledger.pending())
        assert st.counts() == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
        assert st.sync(g, ledger=ledger)["written_edges"] == 0
        repaired = fingerprint(st)
    with BoltStore(server.connection, exclusive=True, bulk_min=10 ** 9) as st:
        st.clear()
        st.sync(g)
        assert repaired == fingerprint(st)


def test_a_request_refused_whole_is_sent_again_in_halves(server: EmbeddedServer, extractions_records: list[dict],
                                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The endpoint refuses a whole request for one record it cannot write, committing nothing: the request
    goes again in halves, and only the small part holding that record goes through Cypher."""
    from functools import partial

    from kg.store import bolt, bulk

    g = build_graph(extractions_records)
    poison = sorted(k for _, _, k in g.edges(keys=True))[len(g.edges) // 3]
    real = bulk.BulkLoader.load
    sent: list[int] = []

    def picky(self: bulk.BulkLoader, lines: list[str], id_mapping: bool = False) -> dict:
        sent.append(len(lines))
        if any(json.loads(line).get("key") == poison for line in lines):
            raise bulk.BulkRefused("cannot place a record", partial=False)
        return real(self, lines, id_mapping)

    cypher: list[int] = []
    real_cypher = BoltStore._cypher_edges

    def counted(self: BoltStore, rows: list, errors: list, mode: str, progress: object = None) -> set:
        cypher.append(len(rows))
        return real_cypher(self, rows, errors, mode, progress)

    monkeypatch.setattr(bolt, "request_groups", partial(bulk.request_groups, rows=64))
    monkeypatch.setattr(bolt, "BULK_RETRY_MIN", 4)
    monkeypatch.setattr(bulk.BulkLoader, "load", picky)
    monkeypatch.setattr(BoltStore, "_cypher_edges", counted)
    with BoltStore(server.connection, exclusive=True, bulk_min=0) as st:
        st.clear()
        result = st.sync(g)
        assert result["errors"] == 0 and result["written_edges"] == g.number_of_edges()
        assert 64 in sent and 32 in sent and 4 in sent  # 64 → 32 → 16 → 8 → 4: then Cypher
        assert sum(cypher) == 4
        assert st.counts() == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
        halved = fingerprint(st)
    monkeypatch.undo()
    with BoltStore(server.connection, exclusive=True, bulk_min=10 ** 9) as st:
        st.clear()
        st.sync(g)
        assert halved == fingerprint(st)

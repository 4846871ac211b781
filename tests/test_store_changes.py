"""Syncing only a run's changes (:func:`kg.store.target.sync_target_changes`): the plan from the ledger's
entries for the changed keys, when it falls back to a full sync, and the store it leaves."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from kg.elements import GraphElements
from kg.store import BoltStore, EmbeddedServer
from kg.store.bolt import Changes, _entry, changes_plan, graph_rows, incremental_ready
from kg.store.ledger import Ledger
from kg.store.target import LEDGER, EarlyServer, sync_target_changes


def small_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Person:a", label="Person", name="甲", aliases=["阿甲"])
    g.add_node("Person:b", label="Person", name="乙")
    g.add_node("Person:c", label="Person", name="丙")
    g.add_node("Place:x", label="Place", name="某地")
    g.add_node("Organization:o", label="Organization", name="某局")
    for u, v, typ in (("Person:a", "Organization:o", "WORKS_FOR"), ("Person:b", "Organization:o", "WORKS_FOR"),
                      ("Person:c", "Place:x", "VISITED"), ("Person:a", "Place:x", "VISITED"),
                      ("Person:c", "Person:a", "CO_OCCURS")):
        key = f"{typ}|{u}|{v}|"
        g.add_edge(u, v, key=key, type=typ, edge_key=key, articles=["n1"])
    return g


def edit(g: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, Changes]:
    """``g`` with one node changed, one edge added, one edge and one node (with its edges) deleted, and
    those changes (one unchanged node among the upserts; the deleted node's edges left implicit)."""
    g2 = g.copy()
    g2.nodes["Person:a"]["name"] = "甲某"
    new = "VISITED|Person:b|Place:x|"
    g2.add_edge("Person:b", "Place:x", key=new, type="VISITED", edge_key=new, articles=["n2"])
    g2.remove_edge("Person:a", "Place:x", key="VISITED|Person:a|Place:x|")
    g2.remove_node("Person:c")
    changes = Changes(nodes={"Person:a": g2.nodes["Person:a"], "Person:b": g2.nodes["Person:b"]},
                      edges={new: ("Person:b", "Place:x", g2.edges["Person:b", "Place:x", new])},
                      deleted_nodes={"Person:c"}, deleted_edges={"VISITED|Person:a|Place:x|"})
    return g2, changes


def recorded(ledger: Ledger, g: nx.MultiDiGraph, token: str = "tok") -> None:
    """Make ``ledger`` say a sync wrote ``g``."""
    nodes, edges, _ = graph_rows(g, "kg")
    ledger.begin(token, [], [])
    ledger.commit({k: (r["label"], r["hash"]) for k, r in nodes.items()}, [],
                  {k: _entry(r) for k, r in edges.items()}, [])


def test_graph_rows_of_elements_equal_those_of_the_graph() -> None:
    g = small_graph()
    assert graph_rows(GraphElements(g), "kg") == graph_rows(g, "kg")


def test_plan_of_changes_against_the_ledger(tmp_path: Path) -> None:
    g = small_graph()
    g2, changes = edit(g)
    with Ledger(tmp_path / "l.sqlite", "t") as ledger:
        assert not incremental_ready(ledger, changes)  # never synced
        assert changes_plan(changes, ledger, "kg") is None
        recorded(ledger, g)
        assert incremental_ready(ledger, changes)
        planned = changes_plan(changes, ledger, "kg")
        assert planned is not None
        plan, (nodes, edges, errors) = planned
        assert errors == []
        assert [r["id"] for r in plan.update_nodes] == ["Person:a"]  # Person:b: same hash, left alone
        assert plan.create_nodes == plan.merge_nodes == []
        assert plan.deleted_nodes == {"Person:c": "Person"}
        assert [(r["key"], r["sl"], r["tl"]) for r in plan.create_edges] == [
            ("VISITED|Person:b|Place:x|", "Person", "Place")]  # Place:x's label from the ledger
        assert plan.update_edges == plan.merge_edges == []
        assert set(plan.deleted_edges) == {"VISITED|Person:a|Place:x|", "VISITED|Person:c|Place:x|",
                                           "CO_OCCURS|Person:c|Person:a|"}  # with the deleted node's
        assert set(plan.drop_edges) == {"VISITED|Person:a|Place:x|"}  # the others go with DETACH DELETE

        # an edge to a node neither upserted nor in the ledger takes its end's label from the id
        key = "KNOWS|Person:b|Project:p|"
        more = Changes(edges={key: ("Person:b", "Project:p", {"type": "KNOWS", "edge_key": key})})
        plan2, _ = changes_plan(more, ledger, "kg") or (None, None)
        assert [(r["sl"], r["tl"]) for r in plan2.create_edges] == [("Person", "Project")]

        # a node changing label: replacing it would drop relationships the changes lack: full sync
        relabelled = Changes(nodes={"Person:b": {"label": "Place", "name": "乙"}})
        assert changes_plan(relabelled, ledger, "kg") is None

        # keys a killed sync left pending: merged when among the changes, else a full sync
        ledger.begin("tok2", ["Person:a", "Person:zz"], ["VISITED|Person:b|Place:x|"])
        assert not incremental_ready(ledger, changes)  # Person:zz is not among them
        changes.deleted_nodes.add("Person:zz")
        assert incremental_ready(ledger, changes)
        plan3, _ = changes_plan(changes, ledger, "kg") or (None, None)
        assert [r["id"] for r in plan3.merge_nodes] == ["Person:a"]
        assert [r["key"] for r in plan3.merge_edges] == ["VISITED|Person:b|Place:x|"]
        assert plan3.deleted_nodes == {"Person:c": "Person", "Person:zz": "Person"}  # delete-if-present


def fingerprint(store: BoltStore) -> list[str]:
    nodes = store._read("MATCH (n) WHERE NOT n:KgMeta RETURN labels(n) AS l, properties(n) AS p")
    rels = store._read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b")
    return sorted(json.dumps(x, sort_keys=True, ensure_ascii=False, default=str) for x in nodes + rels)


def test_changes_written_alone_leave_the_store_of_a_full_sync(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    g = small_graph()
    g2, changes = edit(g)
    out = tmp_path / "out"
    with EmbeddedServer(out / "store") as server:
        # no ledger yet: the changes cannot be trusted alone, the whole graph is written
        first = sync_target_changes(g, out, "embedded", Changes(), early=EarlyServer(server, fresh=True))
        assert first is not None and first["written_nodes"] == 5 and first["written_edges"] == 5
        assert (out / "store" / "databases").exists()

        def refuse(*_: object) -> None:
            raise AssertionError("the store was started although nothing changed")

        monkeypatch.setattr(EmbeddedServer, "launch", refuse)
        assert sync_target_changes(g, out, "embedded", Changes()) is None
        monkeypatch.undo()

        result = sync_target_changes(g2, out, "embedded", changes, early=EarlyServer(server, fresh=False))
        assert result == {"nodes": 4, "edges": 3, "written_nodes": 1, "written_edges": 1, "deleted_nodes": 1,
                          "deleted_edges": 3, "errors": 0}
        with Ledger(out / LEDGER, f"embedded:{(out / 'store').resolve()}") as ledger:
            incremental = (dict(ledger.nodes()), dict(ledger.edges()), ledger.pending())
            token = ledger.token
        with BoltStore(server.connection, exclusive=True) as store:
            assert store.token() == token
            written = fingerprint(store)
            store.clear()
            with Ledger(tmp_path / "full.sqlite", "full") as full:
                store.sync(g2, ledger=full)
                assert (full.nodes(), full.edges(), full.pending()) == incremental
            assert fingerprint(store) == written
            # another writer (that full sync) changed the store's token: the ledger is not trusted, the
            # store is read and the whole graph synced (nothing to write: it holds g2)
            again = sync_target_changes(g2, out, "embedded", Changes(nodes={"Person:b": g2.nodes["Person:b"]}),
                                        early=EarlyServer(server, fresh=False))
            assert again is not None and again["written_nodes"] == again["written_edges"] == 0
            assert again["deleted_nodes"] == again["deleted_edges"] == 0
            assert fingerprint(store) == written

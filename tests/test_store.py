"""The Bolt loader and the query library against the embedded ArcadeDB Bolt server."""

from __future__ import annotations

import copy
import logging
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import QueryError, StoreError
from kg.graph import build_graph
from kg.queries import check_read_only, list_queries, load_query
from kg.store import BoltStore, EmbeddedServer
from kg.store.bolt import Connection


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with EmbeddedServer(tmp_path_factory.mktemp("store")) as srv:
        yield srv


@pytest.fixture
def store(server: EmbeddedServer):
    with BoltStore(server.connection, batch_size=1000) as st:
        st.clear()
        yield st


def test_load_twice_leaves_counts_unchanged(store: BoltStore, extractions_records: list[dict]) -> None:
    g = build_graph(extractions_records)
    store.sync(g)
    first = store.counts()
    assert first == {"nodes": g.number_of_nodes(), "relationships": g.number_of_edges()}
    result = store.sync(g)
    assert store.counts() == first
    assert result["deleted_nodes"] == result["deleted_edges"] == 0


def test_changed_article_replaces_only_its_facts(store: BoltStore, extractions_records: list[dict]) -> None:
    records = copy.deepcopy(extractions_records)
    store.sync(build_graph(records))
    target = next(r for r in records if "融信奥体世纪项目" in r["projects"])
    other = [r for r in records if r is not target]
    before_other = store.query("MATCH (p:Person)-[e:INSPECTED]->(x) WHERE NOT $a IN e.articles "
                               "RETURN p.id AS p, x.id AS x ORDER BY p, x", {"a": target["article_id"]})
    target["projects"] = [p for p in target["projects"] if p != "融信奥体世纪项目"]
    target["relations"] = [r for r in target["relations"] if r.get("target") != "融信奥体世纪项目"]
    result = store.sync(build_graph([*other, target]))
    assert result["deleted_nodes"] == 1  # the project node no article mentions any more
    assert store.query("MATCH (x:Project {name: $n}) RETURN x", {"n": "融信奥体世纪项目"}) == []
    after_other = store.query("MATCH (p:Person)-[e:INSPECTED]->(x) WHERE NOT $a IN e.articles "
                              "RETURN p.id AS p, x.id AS x ORDER BY p, x", {"a": target["article_id"]})
    assert after_other == before_other


def test_officials_inspected_projects_matches_gold(store: BoltStore, extractions_records: list[dict],
                                                   gold_records: list[dict]) -> None:
    store.sync(build_graph(extractions_records))
    q = load_query("officials-inspected-projects")
    rows = store.query(q.text, q.bind({}))
    got = {(r["official"], r["project"]) for r in rows}
    want = {(rel["source"], rel["target"]) for g in gold_records for rel in g["relations"]
            if rel["type"] == "INSPECTED" and rel["target"] in g["projects"]}
    assert want <= got
    projects = {p for g in gold_records for p in g["projects"]}
    assert {x for _, x in got} <= projects | {r["project"] for r in rows}  # every target is a Project node
    assert all(store.query("MATCH (x:Project {name: $n}) RETURN x.id AS id", {"n": x}) for _, x in got)
    assert ("李晓雷", "融信奥体世纪项目") in got


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_library_query_runs(store: BoltStore, extractions_records: list[dict], name: str) -> None:
    store.sync(build_graph(extractions_records))
    examples = {"name": "李晓雷", "a": "乔耸", "b": "杜建强", "place": "莲湖街道", "district": "中原区"}
    q = load_query(name)
    params = {p.name: examples[p.name] for p in q.params if p.required or p.name in ("district",)}
    rows = store.query(q.text, q.bind(params))
    assert isinstance(rows, list)
    if name in ("person-career", "officials-inspected-projects", "most-active-officials", "shortest-connection"):
        assert rows, f"{name} returned nothing on data/raw"


def test_person_career_reads_as_timeline(store: BoltStore, extractions_records: list[dict]) -> None:
    store.sync(build_graph(extractions_records))
    q = load_query("person-career")
    rows = store.query(q.text, q.bind({"name": "李晓雷"}))
    titles = [r["title"] for r in rows]
    assert {"中原区区长", "中原区委书记"} <= set(titles)
    # full dates in order first; titles seen only on month-day dates (year unknown) after them, never mixed as text
    dated = [r["first_seen"] for r in rows if r["first_seen"]]
    assert dated == sorted(dated) and titles[:len(dated)] == [r["title"] for r in rows if r["first_seen"]]
    assert all(r["evidence"] for r in rows)


def test_query_parameters_are_checked() -> None:
    with pytest.raises(QueryError, match="needs --param name"):
        load_query("person-career").bind({})
    with pytest.raises(QueryError, match="no parameter"):
        load_query("person-career").bind({"name": "x", "bogus": 1})
    with pytest.raises(QueryError, match="no query named"):
        load_query("nope")
    for bad in ("MATCH (n) DETACH DELETE n", "CREATE (n:X)", "match (n) set n.x = 1"):
        with pytest.raises(QueryError, match="read-only"):
            check_read_only(bad)
    check_read_only("MATCH (n {name: 'CREATE'}) RETURN n")


def test_bad_connection_fails_clearly_and_hides_password(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    conn = Connection("bolt://127.0.0.1:1", "neo4j", "s3cret-pass")
    with pytest.raises(StoreError) as info:
        BoltStore(conn)
    assert "s3cret-pass" not in str(info.value) and "s3cret-pass" not in repr(conn)
    assert "s3cret-pass" not in caplog.text


def test_store_persists_across_server_restarts(tmp_path: Path, extractions_records: list[dict]) -> None:
    g = build_graph(extractions_records[:3])
    with EmbeddedServer(tmp_path / "s") as srv, BoltStore(srv.connection) as st:
        st.sync(g)
    with EmbeddedServer(tmp_path / "s") as srv, BoltStore(srv.connection) as st:
        assert st.counts()["nodes"] == g.number_of_nodes()


def test_first_load_writes_every_property_as_given(store: BoltStore, odd_graph: nx.MultiDiGraph) -> None:
    """New nodes and relationships are CREATEd with their properties inline (lists of strings sent joined and
    split back): what the store holds is exactly :func:`kg.store.bolt.props`, awkward values included."""
    from kg.store.bolt import graph_rows, props

    g = odd_graph
    result = store.sync(g)
    assert result["written_nodes"] == 3 and result["written_edges"] == 4 and result["errors"] == 0
    nodes, edges, _ = graph_rows(g, store.graph)
    held = {r["id"]: r["p"] for r in store.query("MATCH (n) WHERE n.id IS NOT NULL RETURN n.id AS id, "
                                                  "properties(n) AS p")}
    assert held == {k: props(row, store.graph) for k, row in nodes.items()}
    held = {r["p"]["key"]: r["p"] for r in store.query("MATCH ()-[e]->() RETURN properties(e) AS p")}
    assert held == {k: props(row, store.graph) for k, row in edges.items()}
    assert store.sync(g)["written_edges"] == 0

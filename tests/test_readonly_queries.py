"""Issue 11, items 6 and 7: ad-hoc queries cannot write or read files; kg prunes only what it wrote.

Item 6 is enforced twice: the Cypher parser check (:func:`kg.queries.check_read_only`) and the
store's own read-only user. Every attempt of the corpus is refused by the check, then run past
the check straight against the store as the read-only user — the store stays unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import QueryError, StoreError
from kg.graph import build_graph
from kg.queries import check_read_only
from kg.store import BoltStore, EmbeddedServer

runner = CliRunner()
SECRET = "kg-secret-marker-5f1c"

#: Attempts to write, read files or escape the query's database (issue 11 item 6 and more).
BYPASSES = [
    "MATCH (n) DETACH DELETE n",
    "match (n) detach delete n",
    "MATCH (n:Article) DELETE n",
    "CREATE (:Pwn)",
    "MERGE (p:Pwn {id: 1}) RETURN p",
    "MATCH (n) SET n.pwned = true RETURN n",
    "MATCH (n) SET n:Pwn RETURN n",
    "MATCH (n) SET n += {pwned: 1} RETURN n",
    "MATCH (n) REMOVE n.name RETURN n",
    "MATCH (n) REMOVE n:Person RETURN n",
    r"MATCH (n) WHERE n.name = 'x\'' OR true DETACH DELETE n RETURN 'y'",  # escaped quote hides a clause
    r'MATCH (n) WHERE n.name = "x\"" OR true DETACH DELETE n RETURN "y"',
    "MATCH (n) WHERE n.name = 'a' // it's a comment\nDETACH DELETE n",  # a quote inside a comment
    "MATCH (n) /* ' */ DETACH DELETE n /* ' */",
    "MATCH (`n`) DETACH DELETE `n`",
    "MATCH (n) DETACH/**/DELETE n",
    "MATCH (n)\tDETACH\nDELETE\rn",
    "MATCH (n) ＤＥＬＥＴＥ n",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "LOAD/**/CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "load csv with headers from 'file:///etc/passwd' as l return l",
    "USING PERIODIC COMMIT LOAD CSV FROM 'file:///etc/passwd' AS l CREATE (:Pwn {l: l})",
    "CALL apoc.load.json('file:///etc/passwd') YIELD value RETURN value",
    "CALL apoc.load.csv('file:///etc/passwd') YIELD map RETURN map",
    "RETURN apoc.load.json('file:///etc/passwd') AS x",
    "CALL dbms.security.createUser('pwn', 'pwn', false)",
    "CALL db.createLabel('Pwn')",
    "CALL apoc.cypher.runWrite('MATCH (n) DETACH DELETE n', {})",
    "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
    "RETURN apoc.cypher.runFirstColumnSingle('CREATE (:Pwn) RETURN 1', {}) AS x",
    "MATCH (n) CALL { WITH n DETACH DELETE n } RETURN count(*) AS c",
    "MATCH (n) CALL (n) { DETACH DELETE n } RETURN 1",
    "CALL { CREATE (:Pwn) } IN TRANSACTIONS",
    "FOREACH (x IN [1, 2] | CREATE (:Pwn))",
    "MATCH (n) WITH collect(n) AS ns FOREACH (x IN ns | DETACH DELETE x)",
    "MATCH (n) RETURN n; MATCH (m) DETACH DELETE m",
    "MATCH (n) RETURN n.name AS `x` //\n;CREATE (:Pwn)",
    "MATCH (n) RETURN n UNION MATCH (m) DETACH DELETE m RETURN m",
    "CREATE INDEX pwn FOR (n:Person) ON (n.x)",
    "DROP CONSTRAINT person_id",
    "CREATE CONSTRAINT pwn FOR (n:Pwn) REQUIRE n.id IS UNIQUE",
    "USE system MATCH (n) RETURN n",
    "SHOW USERS",
    "CREATE DATABASE pwn",
    "INSERT (:Pwn)",
    "MATCH (n) WITH n UNWIND [1] AS x MERGE (m:Pwn {id: x}) RETURN m",
    "OPTIONAL MATCH (n) WITH n LIMIT 1 SET n.x = 1",
]
READS = [
    "MATCH (n {name: 'CREATE'}) RETURN n.name AS name",
    "MATCH (n) WHERE n.name CONTAINS 'set' OR n.name = 'LOAD CSV' RETURN n.name AS name LIMIT 5",
    "MATCH (p:Person)-[e:INSPECTED]->(x:Project) RETURN p.name AS p, x.name AS x",
    "MATCH (`CREATE`) RETURN count(*) AS c // DETACH DELETE",
    "MATCH (n)-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY c DESC LIMIT 3",
    "CALL db.labels()",
]


def test_item6_corpus_is_large_enough() -> None:
    assert len(BYPASSES) >= 30 and len(set(BYPASSES)) == len(BYPASSES)


@pytest.mark.parametrize("cypher", BYPASSES)
def test_item6_parser_check_refuses_bypass(cypher: str) -> None:
    with pytest.raises(QueryError, match="read-only|refused|may only CALL|may not call"):
        check_read_only(cypher)


@pytest.mark.parametrize("cypher", READS)
def test_item6_parser_check_allows_reads(cypher: str) -> None:
    check_read_only(cypher)


def fingerprint(store: BoltStore) -> list[str]:
    nodes = store._read("MATCH (n) RETURN labels(n) AS l, properties(n) AS p")
    rels = store._read("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, properties(r) AS p, b.id AS b")
    return sorted(json.dumps(x, sort_keys=True, ensure_ascii=False, default=str) for x in nodes + rels)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, extractions_records: list[dict]):
    root = tmp_path_factory.mktemp("ro") / "store"
    with EmbeddedServer(root) as server, BoltStore(server.connection, exclusive=True) as owner:
        owner.sync(build_graph(extractions_records))
        yield server, owner


def test_item6_store_refuses_every_bypass_as_read_only_user(loaded: tuple[EmbeddedServer, BoltStore],
                                                            tmp_path: Path) -> None:
    server, owner = loaded
    before = fingerprint(owner)
    secret = tmp_path / "secret.csv"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    attempts = [*BYPASSES, *(q.replace("/etc/passwd", str(secret)) for q in BYPASSES if "/etc/passwd" in q)]
    with BoltStore(server.reader) as reader:
        for cypher in attempts:
            try:
                rows = reader.query(cypher, read_only=True)
            except StoreError:
                continue
            assert SECRET not in json.dumps(rows, default=str), cypher  # ran, but read no file
            assert "Pwn" not in json.dumps(rows, default=str), cypher
        assert reader.query("MATCH (n) RETURN count(n) AS c")[0]["c"] > 0  # reads work
    assert fingerprint(owner) == before


def test_item6_cli_refuses_and_store_is_unchanged(tmp_path: Path, extractions_records: list[dict]) -> None:
    out = tmp_path / "out"
    with EmbeddedServer(out / "store") as server, BoltStore(server.connection, exclusive=True) as owner:
        owner.sync(build_graph(extractions_records[:5]))
        before = fingerprint(owner)
    for cypher in ("MATCH (n) DETACH/**/DELETE n", "LOAD/**/CSV FROM 'file:///etc/passwd' AS l RETURN l"):
        result = runner.invoke(app, ["query", "--out", str(out), "--cypher", cypher])
        assert result.exit_code == 2 and "root:" not in result.output
    ok = runner.invoke(app, ["query", "--out", str(out), "-f", "json", "--cypher",
                             "MATCH (n:Person) RETURN count(n) AS c"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)[0]["c"] > 0
    with EmbeddedServer(out / "store") as server, BoltStore(server.connection) as owner:
        assert fingerprint(owner) == before


# -- 7. kg prunes only what it wrote -----------------------------------------------------------
def test_item7_prune_leaves_foreign_nodes_and_edges(loaded: tuple[EmbeddedServer, BoltStore],
                                                    extractions_records: list[dict]) -> None:
    server, owner = loaded
    with BoltStore(server.connection, graph="kg") as shared:  # a shared database: not exclusive
        shared.clear()
        shared.sync(build_graph(extractions_records))
        shared._write("UNWIND $rows AS r CREATE (p:Person {id: r.id, name: 'other app'}) "
                      "CREATE (c:Company {id: r.c}) CREATE (p)-[:WORKS_AT {key: r.k}]->(c)",
                      [{"id": "foreign-person", "c": "foreign-company", "k": "foreign-edge"}])
        shared._write("UNWIND $rows AS r MATCH (a:Person {id: r.a}) MATCH (b:Person {id: r.b}) "
                      "CREATE (a)-[:KNOWS {key: r.k}]->(b)",
                      [{"a": "foreign-person", "b": "foreign-person", "k": "foreign-self"}])
        result = shared.sync(build_graph(extractions_records[:3]))
        assert result["deleted_nodes"] > 0 and result["deleted_edges"] > 0
        assert shared.query("MATCH (p:Person {id: 'foreign-person'})-[w:WORKS_AT]->(c:Company) "
                            "RETURN w.key AS k") == [{"k": "foreign-edge"}]
        assert shared.query("MATCH (:Person {id: 'foreign-person'})-[k:KNOWS]->() RETURN k.key AS k") == [
            {"k": "foreign-self"}]
        other = BoltStore(server.connection, graph="other")
        other.sync(build_graph([]))  # another kg graph prunes nothing of graph "kg"
        other.close()
        kept = shared.query("MATCH (n) WHERE n.kg_graph = 'kg' RETURN count(n) AS c")[0]["c"]
        assert kept == build_graph(extractions_records[:3]).number_of_nodes()
        shared.clear()

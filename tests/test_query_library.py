"""Issue 12, "Provenance everywhere" and "Queries and exports": every library query row carries its
evidence (sentence, headline, date, source file — never an article id), `kg serve` answers queries
without starting the store, near matches for a name with no rows, and the --limit notice.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.graph import build_graph
from kg.queries import list_queries, load_query
from kg.serve import client, running, serve
from kg.store import BoltStore, EmbeddedServer

runner = CliRunner()
#: Parameter values that select rows on data/raw (a query is also run with no optional filter).
EXAMPLES = {"name": "李晓雷", "a": "乔耸", "b": "杜建强", "place": "莲湖街道", "district": "中原区", "post": "区长"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, extractions_records: list[dict]) -> Any:
    """A store of data/raw under OUT/store, served by `kg serve`'s code in a thread."""
    out = tmp_path_factory.mktemp("served")
    with EmbeddedServer(out / "store") as server, BoltStore(server.connection, exclusive=True) as owner:
        owner.sync(build_graph(extractions_records))
    stop = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        try:
            serve(out / "store", stop=stop)
        except BaseException as exc:  # noqa: BLE001 - reported by the fixture below
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while client(out / "store") is None:
        assert not failure, failure
        assert time.monotonic() < deadline, "kg serve did not start"
        time.sleep(0.2)
    yield out
    stop.set()
    thread.join(60)
    assert not failure, failure


def _evidence(row: dict[str, Any]) -> list[dict[str, Any]]:
    """A row's evidence entries: its ``evidence`` maps, or its own sentence/headline/date/source columns."""
    items = [e for e in row.get("evidence") or [] if isinstance(e, dict)]
    if "headline" in row and "source" in row:
        items.append({k: row.get(k) for k in ("sentence", "headline", "date", "source")})
    return items


def _runs(query_name: str) -> list[dict[str, Any]]:
    q = load_query(query_name)
    required = {p.name: EXAMPLES[p.name] for p in q.params if p.required}
    runs = [q.bind(required)]
    for p in q.params:
        if not p.required and p.name in EXAMPLES:
            runs.append(q.bind({**required, p.name: EXAMPLES[p.name]}))
    return runs


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_library_query_row_has_evidence(served: Path, name: str) -> None:
    store = client(served / "store")
    assert store is not None
    text = load_query(name).text
    total = 0
    for params in _runs(name):
        rows = store.query(text, params)
        total += len(rows)
        for row in rows:
            items = _evidence(row)
            assert items, f"{name} {params}: a row without evidence: {row}"
            for item in items:
                assert item["headline"] and item["source"], f"{name}: evidence without headline/source: {item}"
                assert "#" not in str(item["source"]), f"{name}: an article id, not a source: {item['source']}"
            if name not in ("co-occurrence-neighbours", "projects-by-place") or row.get("sentences"):
                # co-occurrence in an article has a sentence only when one sentence names both
                assert any(item["sentence"] for item in items), f"{name}: no evidence sentence: {row}"
    assert total, f"{name} returned no row on data/raw"


def test_evidence_names_sentence_headline_date_and_page_file(served: Path) -> None:
    store = client(served / "store")
    assert store is not None
    q = load_query("officials-inspected-projects")
    rows = store.query(q.text, q.bind({}))
    row = next(r for r in rows if r["official"] == "李晓雷" and r["project"] == "融信奥体世纪项目")
    first = row["evidence"][0]
    assert "融信奥体世纪项目" in first["sentence"] and first["source"].endswith(".txt")
    assert first["date"] and first["headline"]


def test_kg_query_uses_the_served_store(served: Path) -> None:
    # The store folder is held by the serving process: an own start would fail, so rows prove the warm path.
    result = runner.invoke(app, ["query", "person-career", "-p", "name=李晓雷", "--out", str(served), "-f", "json",
                                 "-v"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {r["title"] for r in rows} >= {"中原区区长", "中原区委书记"}
    assert "kg serve process" in result.stderr and "neo4j" not in result.stderr.lower()


def test_ad_hoc_writes_are_refused_by_the_server_too(served: Path) -> None:
    from kg.errors import StoreError

    store = client(served / "store")
    assert store is not None
    with pytest.raises(StoreError, match="read-only"):
        store.query("MATCH (n) DETACH DELETE n", read_only=True)
    assert store.query("MATCH (n:Person) RETURN count(n) AS c")[0]["c"] > 0


def test_no_rows_suggests_near_names(served: Path) -> None:
    result = runner.invoke(app, ["query", "person-career", "-p", "name=李晓", "--out", str(served)])
    assert result.exit_code == 0, result.output
    assert "did you mean" in result.stderr and "李晓雷" in result.stderr


def test_limit_says_when_rows_are_cut(served: Path) -> None:
    cut = runner.invoke(app, ["query", "officials-inspected-projects", "--out", str(served), "--limit", "2",
                              "-f", "json"])
    assert cut.exit_code == 0, cut.output
    assert len(json.loads(cut.stdout)) == 2 and "--limit 2" in cut.stderr
    whole = runner.invoke(app, ["query", "co-occurrence-neighbours", "-p", "name=李晓雷", "--out", str(served),
                                "--limit", "1000", "-f", "json"])
    assert whole.exit_code == 0 and "more rows match" not in whole.stderr


def test_table_wraps_cjk_instead_of_cutting(served: Path) -> None:
    result = runner.invoke(app, ["query", "person-career", "-p", "name=李晓雷", "--out", str(served)],
                           env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert "…" not in result.stdout
    flat = "".join(line.replace("│", "").replace(" ", "") for line in lines)
    assert "利用半天时间对风和朗庭枫华院项目" in flat  # a whole evidence sentence, wrapped over lines
    narrow = runner.invoke(app, ["query", "person-career", "-p", "name=李晓雷", "--out", str(served)],
                           env={"COLUMNS": "50"})  # narrower than the columns need: no character is lost
    assert "利用半天时间对风和朗庭枫华院项目" in "".join(
        line.replace("│", "").replace(" ", "") for line in narrow.stdout.splitlines())


def test_stale_serve_file_is_ignored(tmp_path: Path) -> None:
    (tmp_path / ".serve.json").write_text(json.dumps({"pid": 2 ** 22 + 7, "uri": "bolt://127.0.0.1:1",
                                                      "http_port": 1, "token": "x"}), encoding="utf-8")
    assert running(tmp_path) is None and not (tmp_path / ".serve.json").exists()
    import os

    reused = {"pid": os.getpid(), "pid_started": "1", "uri": "bolt://127.0.0.1:1", "http_port": 1, "token": "x"}
    (tmp_path / ".serve.json").write_text(json.dumps(reused), encoding="utf-8")  # a live pid, another process
    assert running(tmp_path) is None and not (tmp_path / ".serve.json").exists()


def test_verbose_shows_kg_stages_not_driver_debug() -> None:
    import logging

    from kg.cli import set_verbosity

    try:
        set_verbosity(True, False)
        assert logging.getLogger("kg.cli").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("neo4j").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("neo4j.io").isEnabledFor(logging.INFO)
    finally:
        set_verbosity(False, False)


def test_verbose_query_logs_its_stages(served: Path) -> None:
    result = runner.invoke(app, ["-v", "query", "post-holders", "-p", "post=区长", "--out", str(served), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "query post-holders: done in" in result.stderr and "DEBUG neo4j" not in result.stderr


def test_query_with_serve_leaves_the_store_up_until_stopped(tmp_path: Path, extractions_records: list[dict]) -> None:
    out = tmp_path / "out"
    with EmbeddedServer(out / "store") as server, BoltStore(server.connection, exclusive=True) as owner:
        owner.sync(build_graph(extractions_records[:5]))
    try:
        first = runner.invoke(app, ["query", "person-career", "-p", "name=乔耸", "--out", str(out), "--serve",
                                    "-f", "json"])
        assert first.exit_code == 0, first.output
        info = running(out / "store")
        assert info is not None and info["pid"] > 0  # a detached kg serve now holds the store
        second = runner.invoke(app, ["query", "person-career", "-p", "name=乔耸", "--out", str(out), "-f", "json",
                                     "-v"])
        assert second.exit_code == 0 and "kg serve process" in second.stderr
        assert json.loads(second.stdout) == json.loads(first.stdout) != []
    finally:
        stopped = runner.invoke(app, ["serve", "--stop", "--out", str(out)])
    assert stopped.exit_code == 0 and running(out / "store") is None


def test_a_querys_default_limit_is_told_too(served: Path) -> None:
    result = runner.invoke(app, ["query", "co-occurrence-neighbours", "-p", "name=李晓雷", "-p", "limit=3",
                                 "--out", str(served), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3 and "more rows match (--limit 3)" in result.stderr
    default = runner.invoke(app, ["query", "most-active-officials", "--out", str(served), "-f", "json"])
    q = load_query("most-active-officials")
    cap = int(next(p.default for p in q.params if p.name == "limit") or 0)
    everything = runner.invoke(app, ["query", "most-active-officials", "--out", str(served), "-f", "json",
                                     "--limit", "100000"])
    total = len(json.loads(everything.stdout))
    assert default.exit_code == 0 and len(json.loads(default.stdout)) == min(cap, total)
    assert ("more rows match" in default.stderr) == (total > cap)


def test_served_endpoint_wants_the_token(served: Path) -> None:
    from kg.errors import StoreError
    from kg.serve import Client

    info = running(served / "store")
    assert info is not None and (served / "store" / ".serve.json").stat().st_mode & 0o077 == 0
    with pytest.raises(StoreError, match="bad token"):
        Client(int(info["http_port"]), "not-the-token").query("MATCH (n) RETURN count(n) AS c")

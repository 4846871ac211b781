"""The job's graph index (kg.jobs.graphindex) equals a full in-memory build after any sequence of
additions, edits and removals — including the ones whose effect reaches other articles (a longer
variant of an organization, a name that places an article, a name credited as reporter, a name that
repairs a glued one)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.export.html import select
from kg.graph import build_graph
from kg.jobs.graphindex import GraphIndex, _facts_by_key


def _record(art: str, district: str | None, people: list[tuple[str, list[str], str]], orgs: list[str],
            projects: list[str], text: str, relations: list[dict[str, Any]] | None = None,
            date: str = "2023-03-01") -> dict[str, Any]:
    sentences = [f"标题{art}", text]
    mentions = [{"type": "person", "text": n, "label": n, "sentence": 1, "component": "titles"} for n, _, _ in people]
    mentions += [{"type": "organization", "text": o, "label": o, "sentence": 1, "component": "orgs"} for o in orgs]
    mentions += [{"type": "project", "text": p, "label": p, "sentence": 1, "component": "projects"} for p in projects]
    return {"article_id": art, "district": district, "date": date, "headline": f"标题{art}", "file": f"{art}.txt",
            "people": [{"name": n, "titles": t, "role": r} for n, t, r in people], "organizations": orgs,
            "places": [], "projects": projects, "relations": relations or [], "sentences": sentences,
            "mentions": mentions}


#: Articles whose resolution depends on one another: the same names in several counties, an unplaced
#: article, organization variants, a reporter credit, a glued name, a visit with a companion.
POOL: dict[str, dict[str, Any]] = {r["article_id"]: r for r in [
    _record("a1", "连江县", [("张三", ["县委书记"], "official"), ("李四", ["县长"], "official")], ["县卫计委"],
            ["滨海项目"], "县委书记张三、县长李四到县卫计委调研滨海项目。",
            [{"type": "INSPECTED", "source": "张三", "target": "滨海项目", "sentence": 1, "event": "V1"},
             {"type": "ACCOMPANIED", "source": "李四", "target": "张三", "sentence": 1, "event": "V1"}]),
    _record("a2", "连江县", [("张三", [], "official"), ("王五", ["副县长"], "official")], ["县卫生计生委"],
            ["滨海项目"], "张三、副县长王五察看滨海项目。",
            [{"type": "INSPECTED", "source": "王五", "target": "滨海项目", "sentence": 1}]),
    _record("a3", None, [("张三", [], "official"), ("李四", [], "official")], ["县商务局"], [],
            "张三、李四出席会议。", date="2023-04-02"),
    _record("a4", "闽侯县", [("张三", ["县长"], "official"), ("赵六", [], "reporter")], ["县商务局"], [],
            "县长张三主持会议。记者赵六。",
            [{"type": "CHAIRED", "source": "张三", "target": "常务会议", "sentence": 1, "event": "M1"},
             {"type": "REPORTED", "source": "赵六", "target": "", "sentence": 1}]),
    _record("a5", "闽侯县", [("赵六", [], "official"), ("孙七", ["副县长"], "official")], [], ["工业园项目"],
            "赵六、副县长孙七调研工业园项目。",
            [{"type": "INSPECTED", "source": "孙七", "target": "工业园项目", "sentence": 1}]),
    _record("a6", "连江县", [("张琳陪", [], "official"), ("张三", ["县委书记"], "official")], [], [],
            "县委书记张三调研,张琳陪同。"),
    _record("a7", "连江县", [("张琳", ["副县长"], "official")], ["县卫生和计划生育委员会"], [],
            "副县长张琳到县卫生和计划生育委员会调研。", date="--05-05"),
    _record("a8", "闽侯县", [("孙七", ["副县长"], "official")], ["县商务局"], ["工业园项目"],
            "副县长孙七到县商务局调研工业园项目。", date="2022-12-30"),
    _record("a9", None, [("钱八", [], "official"), ("周九", [], "official")], [], ["码头项目"],
            "钱八、周九来到码头项目。"),
    _record("a10", None, [("吴十", [], "official"), ("钱八", [], "official")], [], [], "吴十陪同钱八。",
            [{"type": "ACCOMPANIED", "source": "吴十", "target": "钱八", "sentence": 1}]),
    _record("c1", "闽侯县", [("张雷强", [], "official"), ("孙七", ["副县长"], "official")], [], [],
            "张雷强调,孙七要抓好。"),
    _record("c2", "闽侯县", [("张雷", ["县委书记"], "official")], [], [], "县委书记张雷出席。"),
    _record("b1", "闽侯县", [("钱八", [], "reporter")], [], [], "记者钱八。",
            [{"type": "REPORTED", "source": "钱八", "target": "", "sentence": 1}]),
]}


def _assert_equals_full_build(index: GraphIndex, records: dict[str, dict[str, Any]]) -> None:
    g = build_graph([records[a] for a in sorted(records)])
    elements = index.elements()

    def norm(x: Any) -> Any:
        return json.loads(json.dumps(x, ensure_ascii=False))

    assert dict(elements.nodes()) == {n: norm(d) for n, d in g.nodes(data=True)}
    assert {k: (u, v, d) for u, v, k, d in elements.edges()} == \
        {k: (u, v, norm(d)) for u, v, k, d in g.edges(keys=True, data=True)}
    assert elements.number_of_nodes() == g.number_of_nodes() and elements.number_of_edges() == g.number_of_edges()
    for caps in ((None, None), (4, 3), (7, 40)):  # the viewer's choice, from the ranking the index keeps
        sub, want = index.viewer_graph(*caps), select(g, *caps[:1], max_edges=caps[1])
        assert sorted(sub.nodes) == sorted(want.nodes)
        assert sorted(sub.edges(keys=True)) == sorted(want.edges(keys=True))


def test_first_update_equals_full_build_and_a_second_does_nothing(tmp_path: Path) -> None:
    index = GraphIndex(tmp_path / "graph.sqlite")
    report = index.update(dict.fromkeys(POOL, "1"), POOL.__getitem__)
    assert report.full and report.resolved == len(POOL)
    _assert_equals_full_build(index, POOL)
    index.clear_dirty()
    again = index.update(dict.fromkeys(POOL, "1"), lambda a: (_ for _ in ()).throw(AssertionError(a)))
    assert (again.resolved, again.nodes_written, again.edges_written) == (0, 0, 0)
    assert not index.dirty()[0] and not index.dirty()[1]
    index.close()


@pytest.mark.parametrize("chunk", [1, 2, 3, 1000])
def test_facts_read_in_chunks_of_whole_keys_come_in_order(tmp_path: Path, chunk: int) -> None:
    index = GraphIndex(tmp_path / "graph.sqlite")
    index.update(dict.fromkeys(POOL, "1"), POOL.__getitem__)
    want = index.db.execute("SELECT key, article, data FROM gi_facts ORDER BY key, article, seq").fetchall()
    assert len({k for k, _, _ in want}) < len(want)  # some key has several facts (the chunks must not split it)
    assert list(_facts_by_key(index.db, chunk)) == want
    index.close()


def test_an_edit_resolves_that_article_alone_and_marks_what_changed(tmp_path: Path) -> None:
    index = GraphIndex(tmp_path / "graph.sqlite")
    records = dict(POOL)
    index.update(dict.fromkeys(records, "1"), records.__getitem__)
    index.clear_dirty()
    records["a2"] = {**records["a2"], "projects": ["滨海新区项目"],
                     "relations": [{"type": "INSPECTED", "source": "王五", "target": "滨海新区项目", "sentence": 1}]}
    asked: list[str] = []
    report = index.update({**dict.fromkeys(records, "1"), "a2": "2"}, lambda a: asked.append(a) or records[a])
    assert asked == ["a2"] and report.resolved == 1
    _assert_equals_full_build(index, records)
    dirty, everything = index.dirty()
    assert not everything
    assert dirty.nodes == {"Project:滨海新区项目", "Project:滨海项目"}  # the article's own node did not change
    assert "INSPECTED|Person:连江县:王五|Project:滨海项目|" in dirty.edges  # gone: marked for deletion
    assert index.edge("INSPECTED|Person:连江县:王五|Project:滨海项目|") is None
    index.close()


@pytest.mark.parametrize(("gone", "reader"), [
    ("a2", "a1"),  # a2 printed 县卫生计生委, the longer variant a1's 县卫计委 resolved to
    ("a1", "a3"),  # a1's people placed the district-less a3 in 连江县
    ("a4", "a5"),  # a4 credited 赵六 as reporter in 闽侯县: a5's untitled 赵六 was that reporter
    ("c2", "c1"),  # with 张雷 in the corpus, c1's 张雷强(调) is 张雷; without, 张雷强
    ("b1", None),  # b1 made 钱八 (a name alone) a reporter: a9's co-occurrences with 钱八 were left out, and the
    #                viewer's ranking of 吴十 (a10: accompanied 钱八) counted no fact with a reporter
])
def test_a_removal_reaches_the_articles_that_read_it(tmp_path: Path, gone: str, reader: str | None) -> None:
    index = GraphIndex(tmp_path / "graph.sqlite")
    records = dict(POOL)
    index.update(dict.fromkeys(records, "1"), records.__getitem__)
    del records[gone]
    asked: list[str] = []
    report = index.update(dict.fromkeys(records, "1"), lambda a: asked.append(a) or records[a])
    assert report.removed == 1 and (reader is None or reader in asked)
    _assert_equals_full_build(index, records)
    g = build_graph([records[a] for a in sorted(records)])
    for cap in range(1, g.number_of_nodes() + 1):  # the whole ranking the viewer picks by
        assert sorted(index.viewer_graph(cap).nodes) == sorted(select(g, cap).nodes), cap
    index.update({**dict.fromkeys(records, "1"), gone: "2"}, {**records, gone: POOL[gone]}.__getitem__)
    _assert_equals_full_build(index, {**records, gone: POOL[gone]})  # and back
    index.close()


ops = st.lists(st.tuples(st.sampled_from(sorted(POOL)), st.sampled_from(["add", "remove", "edit"])),
               min_size=1, max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops)
def test_any_sequence_of_changes_equals_a_full_build(steps: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        index = GraphIndex(Path(tmp) / "graph.sqlite")
        records = {a: POOL[a] for a in sorted(POOL)[:4]}
        stamps = dict.fromkeys(records, "0")
        index.update(stamps, records.__getitem__)
        for i, (art, op) in enumerate(steps):
            if op == "remove":
                records.pop(art, None)
                stamps.pop(art, None)
            elif op == "add":
                records[art] = POOL[art]
                stamps[art] = f"a{i}"
            elif art in records:  # an edit: another headline and date, the last person dropped
                rec = records[art]
                records[art] = {**rec, "headline": f"{rec['headline']}{i}", "date": f"2024-01-{i + 10:02d}",
                                "people": rec["people"][:-1] or rec["people"]}
                stamps[art] = f"e{i}"
            index.update(dict(stamps), records.__getitem__)
            _assert_equals_full_build(index, records)
        index.close()


def _files_equal(index: GraphIndex, out: Path, plain: Path) -> None:
    """The index's files in ``out`` (written whole or spliced) equal the streaming writers' files of the same
    elements; then the index's change marks are cleared, as the job does once its outputs are written."""
    from kg.export.files import write_graphml, write_neo4j_csv, write_node_link

    dirty, everything = index.dirty()
    known = None if everything else dirty
    index.write_graphml(out / "g.graphml", known)
    index.write_node_link(out / "g.json", known)
    index.write_neo4j_csv(out / "csv", known)
    index.clear_dirty()
    write_graphml(index.elements(), plain / "g.graphml")
    write_node_link(index.elements(), plain / "g.json")
    write_neo4j_csv(index.elements(), plain / "csv")
    assert (out / "g.graphml").read_bytes() == (plain / "g.graphml").read_bytes()
    assert (out / "g.json").read_bytes() == (plain / "g.json").read_bytes()
    assert {p.name: p.read_bytes() for p in (out / "csv").iterdir()} == \
        {p.name: p.read_bytes() for p in (plain / "csv").iterdir()}


@pytest.mark.parametrize("block", [1024, 2, 3])  # one layout block per section; many (runs of kept blocks)
def test_files_spliced_from_their_last_version_equal_the_writers(tmp_path: Path, monkeypatch, block: int) -> None:  # noqa: ANN001
    import kg.export.splice
    import kg.jobs.graphindex

    monkeypatch.setattr(kg.jobs.graphindex, "LAYOUT_BLOCK", block)

    spliced: list[str] = []
    real = kg.export.splice.splice
    monkeypatch.setattr(kg.export.splice, "splice", lambda old, *a: spliced.append(Path(old).name) or real(old, *a))
    index = GraphIndex(tmp_path / "graph.sqlite")
    out, plain = tmp_path / "out", tmp_path / "plain"
    records = dict(POOL)
    index.update(dict.fromkeys(records, "1"), records.__getitem__)
    _files_equal(index, out, plain)  # written whole
    assert spliced == []
    records["a2"] = {**records["a2"], "projects": ["滨海新区项目"]}  # a few elements change: spliced
    index.update({**dict.fromkeys(records, "1"), "a2": "2"}, records.__getitem__)
    _files_equal(index, out, plain)
    assert {"g.graphml", "g.json", "nodes_Project.csv"} <= set(spliced)
    del records["a8"]  # elements go, a CSV file's rows go
    index.update({**dict.fromkeys(records, "1"), "a2": "2"}, records.__getitem__)
    _files_equal(index, out, plain)
    records["a2"] = {**records["a2"], "url": "http://example.cn/a2"}  # Article nodes gain a column: CSV whole
    index.update({**dict.fromkeys(records, "1"), "a2": "3"}, records.__getitem__)
    _files_equal(index, out, plain)
    for i, art in enumerate(["a0", "a95", "zz"]):  # new articles before, among and after the others (new keys
        records[art] = {**POOL["a5"], "article_id": art, "headline": f"新{i}"}  # before the first block's key)
        index.update({**dict.fromkeys(records, "1"), "a2": "3"}, records.__getitem__)
        _files_equal(index, out, plain)
    (out / "g.json").write_text("{}", "utf-8")  # a file that is not the one its layout describes: whole
    records["a1"] = {**records["a1"], "headline": "新标题"}
    index.update({**dict.fromkeys(records, "1"), "a2": "3", "a1": "2"}, records.__getitem__)
    _files_equal(index, out, plain)
    index.close()

"""The exports as fragments (:mod:`kg.export.files`): each element's GraphML text, node-link line and CSV
row on its own, and the files assembled from them, are the files the streaming writers write — what lets
the job's graph index cache an element's text and re-assemble the files after a run that changed a few.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.export.files import (
    _JSON_TEXT,
    csv_columns,
    csv_file_name,
    csv_header_line,
    csv_row_line,
    csv_signature,
    gephi_graph,
    graphml_fragment,
    graphml_key,
    graphml_key_declaration,
    graphml_key_id,
    node_link_edge_line,
    node_link_node_line,
    write_graphml,
    write_graphml_fragments,
    write_neo4j_csv,
    write_neo4j_csv_files,
    write_node_link,
    write_node_link_lines,
)


def varied_graph(reverse: bool = False) -> nx.MultiDiGraph:
    """Two labels, three edge types; lists, ints, bools, None, floats, Chinese, ``&<>"``, newlines and a
    control character in values; ``words`` an int here and a string there, ``weight`` an int and a bool;
    a node attribute ``id`` and an edge attribute ``source`` (the node-link splice falls back on them)."""
    nodes: list[tuple[str, dict[str, Any]]] = [
        ("Person:中原区:李晓雷", {"label": "Person", "name": "李晓雷", "articles": ["a#0", "b#1"], "mentions": 3,
                              "reporter": False, "titles": ["区委书记"], "note": None, "score": 0.25}),
        ("Article:a", {"label": "Article", "headline": '郑州“融信” & <调研> "引号"', "words": 812,
                       "date": "2023-02-11", "id": "old-id"}),
        ("Person:中原区:乔耸", {"label": "Person", "name": "乔\x07耸", "articles": [], "mentions": 1,
                            "reporter": True, "note": "陪同\n两行\r", "score": 1e-7}),
        ("Article:b", {"label": "Article", "headline": "第二篇\n两行", "words": "未知"}),
        ("Person:x", {"label": "Person", "mentions": None, "extra": 7, "odd name/权": "x"}),
    ]
    g = nx.MultiDiGraph()
    for n, d in reversed(nodes) if reverse else nodes:
        g.add_node(n, **d)
    g.add_edge("Person:中原区:李晓雷", "Article:a", key="k1", type="INSPECTED", articles=["a"],
               evidence=["李晓雷调研了项目。", "<b>&"], weight=2, first_seen="2023-02-11")
    g.add_edge("Person:中原区:乔耸", "Article:a", key='r"1', type="REPORTED", articles=["a"], confidence=0.9,
               source="新华社")
    g.add_edge("Person:中原区:李晓雷", "Article:a", key="k2", type="INSPECTED", articles=["b"], evidence=None,
               weight=True, first_seen=None)
    g.add_edge("Person:中原区:李晓雷", "Person:中原区:乔耸", key="c1", type="CO_OCCURS", weight=1)
    g.add_edge("Person:x", "Article:b", key="r2", type="REPORTED", articles=["b"], confidence=None)
    return g


def assembled_graphml(g: nx.MultiDiGraph, path: Path, cooccurrence: bool = True) -> Path:
    """The GraphML file from cached-style fragments: every element's text and key ids on its own."""
    keys: set[str] = set()
    fragments = []
    for n, d in g.nodes(data=True):
        text, ids = graphml_fragment("node", n, d)
        keys.update(ids)
        fragments.append(text)
    for u, v, k, d in g.edges(keys=True, data=True):
        if not cooccurrence and d["type"] == "CO_OCCURS":
            continue
        text, ids = graphml_fragment("edge", k, d, source=u, target=v)
        keys.update(ids)
        fragments.append(text)
    return write_graphml_fragments(path, keys, fragments)


@pytest.mark.parametrize("cooccurrence", [True, False])
def test_graphml_assembled_from_fragments_is_write_graphml(cooccurrence: bool, tmp_path: Path) -> None:
    g = varied_graph()
    written = write_graphml(g, tmp_path / "w.graphml", cooccurrence=cooccurrence)
    assembled = assembled_graphml(g, tmp_path / "a.graphml", cooccurrence=cooccurrence)
    assert assembled.read_bytes() == written.read_bytes()
    back = nx.read_graphml(assembled)
    nx.write_graphml(gephi_graph(g, cooccurrence), tmp_path / "nx.graphml")
    ref = nx.read_graphml(tmp_path / "nx.graphml")
    assert list(back.nodes(data=True)) == list(ref.nodes(data=True))
    assert list(back.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))
    assert back.nodes["Article:a"]["words"] == 812 and back.nodes["Article:b"]["words"] == "未知"
    assert back.nodes["Person:中原区:乔耸"]["name"] == "乔\ufffd耸"


def test_graphml_fragment_does_not_depend_on_the_rest_of_the_file(tmp_path: Path) -> None:
    g = varied_graph()
    text, ids = graphml_fragment("node", "Article:a", g.nodes["Article:a"])
    alone = nx.MultiDiGraph()
    alone.add_node("Article:a", **g.nodes["Article:a"])
    assert text in write_graphml(g, tmp_path / "g.graphml").read_text("utf-8")
    assert text in write_graphml(alone, tmp_path / "alone.graphml").read_text("utf-8")
    assert ids == ("n_string_headline", "n_long_words", "n_string_date", "n_string_id", "n_string_type",
                   "n_string_label")


def graphml_head(path: Path) -> str:
    text = path.read_text("utf-8")
    return text[:text.index('<graph edgedefault="directed">')]


def test_graphml_header_is_the_same_whatever_the_order_of_the_elements(tmp_path: Path) -> None:
    one = write_graphml(varied_graph(), tmp_path / "one.graphml")
    two = write_graphml(varied_graph(reverse=True), tmp_path / "two.graphml")
    assert graphml_head(one) == graphml_head(two)
    assert one.read_bytes() != two.read_bytes()  # the body does follow the order
    lines = [line for line in graphml_head(one).split("\n") if "<key " in line]
    ids = [re.search(r'<key id="([^"]*)"', line)[1] for line in lines]  # type: ignore[index]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


@pytest.mark.parametrize("name", ["name", "first_seen", "", "权重", "odd name/权", "a-20.", "a ", "-", ".", "_x_",
                                  "\x07", "😀", "&<>\"'"])
@pytest.mark.parametrize("scope", ["node", "edge"])
@pytest.mark.parametrize("typename", ["string", "long", "double", "boolean"])
def test_graphml_key_ids_read_back(scope: str, name: str, typename: str) -> None:
    ident = graphml_key_id(scope, name, typename)
    assert re.fullmatch(r"[A-Za-z0-9_.-]+", ident)
    safe = name.replace("\x07", "\ufffd")
    assert graphml_key(ident) == (scope, safe, typename)
    assert f'attr.type="{typename}"' in graphml_key_declaration(ident)


def test_graphml_key_ids_are_one_to_one() -> None:
    names = ["a", "a ", "a-20.", "a_20", "a-2d.", "A", "", "-", "权", "-6743."]
    ids = {graphml_key_id(s, n, t) for s in ("node", "edge") for n in names for t in ("string", "long")}
    assert len(ids) == 2 * len(names) * 2


@pytest.mark.parametrize("bad", ["d0", "n_text_x", "x_string_a", "n_string_a b", "n_string_-41.", "n_string_-7.",
                                 "n_string_-110000.", 'n_string_"'])
def test_graphml_key_declaration_refuses_other_ids(bad: str) -> None:
    with pytest.raises(ValueError):
        graphml_key_declaration(bad)


def test_graphml_fragment_refuses_a_bad_scope_or_an_edge_without_ends() -> None:
    with pytest.raises(ValueError):
        graphml_fragment("graph", "x", {})
    with pytest.raises(ValueError):
        graphml_fragment("edge", "k", {"type": "T"}, source="a")


def test_node_link_lines_are_the_merged_dicts_and_the_file_is_write_node_link(tmp_path: Path) -> None:
    g = varied_graph()
    node_lines = []
    for n, d in g.nodes(data=True):
        line = node_link_node_line(n, _JSON_TEXT(d))
        assert line == _JSON_TEXT({**d, "id": n})
        node_lines.append(line)
    edge_lines = []
    for u, v, k, d in g.edges(keys=True, data=True):
        line = node_link_edge_line(u, v, k, _JSON_TEXT(d))
        assert line == _JSON_TEXT({**d, "source": u, "target": v, "key": k})
        edge_lines.append(line)
    assert json.loads(node_lines[1])["id"] == "Article:a"  # the attribute "id" overwritten where it stood
    assert list(json.loads(node_lines[1])) == ["label", "headline", "words", "date", "id"]
    reported = next(link for link in map(json.loads, edge_lines) if link["key"] == 'r"1')
    assert list(reported) == ["type", "articles", "confidence", "source", "target", "key"]
    assert reported["source"] == "Person:中原区:乔耸"
    assembled = write_node_link_lines(tmp_path / "a.json", node_lines, edge_lines)
    assert assembled.read_bytes() == write_node_link(g, tmp_path / "w.json").read_bytes()
    g.graph["name"] = "郑州"
    assembled = write_node_link_lines(tmp_path / "a.json", iter(node_lines), iter(edge_lines), g.graph)
    assert assembled.read_bytes() == write_node_link(g, tmp_path / "w.json").read_bytes()


@pytest.mark.parametrize("attrs", [{}, {"id": 1}, {"x": "id"}, {"x": '"id"'}, {"key": None}, {"x": ["source"]},
                                   {"target": "t", "y": 2.5}, {"a": {"id": 1}}, {"名": "值\n\x07"}])
def test_node_link_splice_and_fallback_agree_with_the_dict_merge(attrs: dict[str, Any]) -> None:
    text = _JSON_TEXT(attrs)
    assert node_link_node_line("N", text) == _JSON_TEXT({**attrs, "id": "N"})
    assert node_link_edge_line("U", "V", "K", text) == _JSON_TEXT({**attrs, "source": "U", "target": "V", "key": "K"})
    spaced = json.dumps(attrs, ensure_ascii=False, indent=1)  # not the module's text: decoded, not spliced
    assert node_link_node_line("N", spaced) == _JSON_TEXT({**attrs, "id": "N"})


def test_node_link_lines_refuse_what_is_not_an_object() -> None:
    with pytest.raises(ValueError):
        node_link_node_line("N", "[1]")


def assembled_csv(g: nx.MultiDiGraph, directory: Path) -> list[Path]:
    """The CSV folder as the graph index assembles it: columns from each label's distinct signatures (a
    GROUP BY), rows on their own."""
    files = []
    for kind, elements, skip in (("node", [((n,), d) for n, d in g.nodes(data=True)], "label"),
                                 ("edge", [((u, v), d) for u, v, d in g.edges(data=True)], "type")):
        signatures = {(d[skip], csv_signature(d, kind)) for _, d in elements}
        for name in sorted({name for name, _ in signatures}):
            columns = csv_columns(sig for label, sig in signatures if label == name)
            rows = [csv_row_line(kind, list(first), d, columns, name) for first, d in elements if d[skip] == name]
            files.append((csv_file_name(kind, name), csv_header_line(kind, columns), iter(rows)))
    return write_neo4j_csv_files(directory, files)


def test_csv_assembled_from_signatures_is_write_neo4j_csv(tmp_path: Path) -> None:
    g = varied_graph()
    written = write_neo4j_csv(g, tmp_path / "w")
    assembled = assembled_csv(g, tmp_path / "a")
    assert [p.name for p in assembled] == [p.name for p in written]
    assert [p.read_bytes() for p in assembled] == [p.read_bytes() for p in written]
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(p.name for p in written)
    header = (tmp_path / "a" / "relationships_INSPECTED.csv").read_text("utf-8").splitlines()[0]
    assert header == ":START_ID,:END_ID,articles:string[],evidence:string[],first_seen,weight,:TYPE"


def test_csv_signature_is_the_same_for_the_same_names_and_classes() -> None:
    one = csv_signature({"label": "P", "b": 1, "a": [1], "c": None, "d": True}, "node")
    two = csv_signature({"d": "x", "c": None, "a": [], "label": "Q", "b": 99}, "node")
    assert one == two == '["la", "ib", "nc", "sd"]'
    assert csv_signature({"type": "T", "label": "x"}, "edge") == '["slabel"]'
    with pytest.raises(ValueError):
        csv_signature({}, "relationship")


def test_csv_lines_and_files_refuse_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        csv_row_line("edge", ["only-one"], {}, [], "T")
    with pytest.raises(ValueError):
        csv_columns(['["xname"]'])
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "keep.csv").write_text("old")
    with pytest.raises(ValueError):
        write_neo4j_csv_files(tmp_path / "csv", [("a.csv", "h\r\n", []), ("../b.csv", "h\r\n", [])])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["csv"]
    assert [p.name for p in (tmp_path / "csv").iterdir()] == ["keep.csv"]

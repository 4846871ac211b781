"""User corrections (kg.corrections) and the review list (kg.review): applied on every build, never undone."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import networkx as nx
import pytest

from kg.corrections import CorrectionsError, append_rule, load_corrections, parse_corrections
from kg.graph import build_graph
from kg.review import accept, doubtful, reject


def rec(art: str, district: str = "中原区", **fields) -> dict:
    base = {"article_id": art, "district": district, "date": "2021-05-06", "headline": f"标题{art}", "file": art,
            "people": [], "organizations": [], "places": [], "projects": [], "relations": [], "mentions": [],
            "sentences": ["标题", "正文。"]}
    base.update(fields)
    return base


def official(name: str, title: str = "副区长") -> dict:
    return {"name": name, "titles": [title], "role": "official"}


def visit(art: str, leader: str, *targets: str, district: str = "中原区") -> dict:
    return rec(art, district, people=[official(leader)], projects=list(targets),
               sentences=["标题", f"{leader}调研{'、'.join(targets)}。"],
               relations=[{"type": "INSPECTED", "source": leader, "target": t, "sentence": 1, "event": "V1"}
                          for t in targets])


def fixed(records: list[dict], rules: dict) -> nx.MultiDiGraph:
    return build_graph(records, corrections=parse_corrections(rules))


def by_name(g: nx.MultiDiGraph, name: str, label: str | None = None) -> list[str]:
    return sorted(n for n, d in g.nodes(data=True) if d.get("name") == name and (label is None or d["label"] == label))


def typed(g: nx.MultiDiGraph, typ: str) -> list[tuple[str, str]]:
    return sorted((u, v) for u, v, d in g.edges(data=True) if d["type"] == typ)


def test_merge_makes_one_node_with_every_alias_and_fact() -> None:
    records = [rec("a", places=["郑州"], people=[official("甲一")]), rec("b", places=["郑州市"], people=[official("甲一")])]
    assert len(by_name(build_graph(records), "郑州")) == 1  # apart without the rule
    g = fixed(records, {"merge": [{"names": ["郑州市", "郑州"], "label": "Place"}]})
    assert by_name(g, "郑州") == [] and by_name(g, "郑州市") == ["Place:郑州市"]
    node = g.nodes["Place:郑州市"]
    assert node["aliases"] == ["郑州", "郑州市"] and node["articles"] == ["a", "b"]
    assert sorted(v for u, v in typed(g, "MENTIONED_IN") if u == "Place:郑州市") == ["Article:a", "Article:b"]
    assert not [1 for u, v in g.edges() if u == v]


def test_merge_of_organizations_stays_within_each_district() -> None:
    records = [rec("a", organizations=["区妇联"]), rec("b", organizations=["区妇女联合会"]),
               rec("c", "二七区", organizations=["区妇联"])]
    g = fixed(records, {"merge": [{"names": ["区妇女联合会", "区妇联"]}]})
    orgs = sorted(n for n, d in g.nodes(data=True) if d["label"] == "Organization" and "妇" in d["name"])
    assert orgs == ["Organization:中原区妇女联合会", "Organization:二七区妇女联合会"]
    assert g.nodes["Organization:中原区妇女联合会"]["articles"] == ["a", "b"]
    assert g.nodes["Organization:二七区妇女联合会"]["articles"] == ["c"]


def test_chained_and_reversed_merges_end_where_the_last_rule_says() -> None:
    records = [rec("a", places=["郑州"]), rec("b", places=["郑州市"]), rec("c", places=["郑州地区"])]
    chained = fixed(records, {"merge": [{"names": ["郑州市", "郑州"]}, {"names": ["郑州地区", "郑州市"]}]})
    assert by_name(chained, "郑州地区") == ["Place:郑州地区"] and by_name(chained, "郑州市") == []
    assert chained.nodes["Place:郑州地区"]["articles"] == ["a", "b", "c"]
    back = fixed(records, {"merge": [{"names": ["郑州市", "郑州"]}, {"names": ["郑州", "郑州市"]}]})
    assert by_name(back, "郑州") == ["Place:郑州"] and back.nodes["Place:郑州"]["articles"] == ["a", "b"]
    assert sorted(v for u, v in typed(back, "MENTIONED_IN") if u == "Place:郑州") == ["Article:a", "Article:b"]


def test_merge_by_ids_joins_exactly_those_nodes() -> None:
    records = [visit("a", "刘斌", "东湖项目"), visit("b", "刘斌", "西湖项目", district="二七区"),
               visit("c", "刘斌", "南山项目", district="金水区")]
    assert by_name(build_graph(records), "刘斌") == ["Person:中原区:刘斌", "Person:二七区:刘斌", "Person:金水区:刘斌"]
    g = fixed(records, {"merge": [{"ids": ["Person:二七区:刘斌", "Person:中原区:刘斌"]}]})
    assert by_name(g, "刘斌") == ["Person:二七区:刘斌", "Person:金水区:刘斌"]  # the first id is kept
    assert g.nodes["Person:二七区:刘斌"]["articles"] == ["a", "b"]
    assert len([v for u, v in typed(g, "LED") if u == "Person:二七区:刘斌"]) == 2  # both trips


def test_split_moves_the_named_articles_to_a_person_of_their_own() -> None:
    records = [visit("a", "刘斌", "东湖项目"), visit("b", "刘斌", "西湖项目"), visit("c", "刘斌", "南山项目")]
    assert len(by_name(build_graph(records), "刘斌")) == 1
    g = fixed(records, {"split": [{"name": "刘斌", "articles": ["b"], "as": "刘斌(区人大)"}]})
    (first,) = by_name(g, "刘斌")
    (second,) = by_name(g, "刘斌(区人大)")
    assert g.nodes[first]["articles"] == ["a", "c"] and g.nodes[second]["articles"] == ["b"]
    assert [g.nodes[v]["name"] for u, v in typed(g, "INSPECTED") if u == second] == ["西湖项目"]
    assert {g.nodes[v]["name"] for u, v in typed(g, "INSPECTED") if u == first} == {"东湖项目", "南山项目"}
    assert [v for u, v in typed(g, "LED") if u == second] == ["Visit:b#V1"]  # events follow the split
    each = fixed(records, {"split": [{"name": "刘斌", "by": "article"}]})
    assert len(by_name(each, "刘斌")) == 3


def test_block_removes_the_entity_and_every_fact_touching_it() -> None:
    records = [visit("a", "甲一", "能够增强城乡", "东湖项目")]
    g = fixed(records, {"block": [{"name": "能够增强城乡"}]})
    assert by_name(g, "能够增强城乡") == []
    assert [g.nodes[v]["name"] for _, v in typed(g, "INSPECTED")] == ["东湖项目"]
    assert [g.nodes[v]["name"] for _, v in typed(g, "VISITED")] == ["东湖项目"]


def test_fact_rules_remove_fix_and_add() -> None:
    records = [visit("a", "甲一", "东湖项目", "西湖项目"), visit("b", "甲一", "南山项目")]
    records[0]["people"].append(official("乙二"))
    g = fixed(records, {"fact": [
        {"action": "remove", "type": "INSPECTED", "source": "甲一", "target": "西湖项目"},
        {"action": "fix", "type": "INSPECTED", "source": "甲一", "target": "南山项目", "new_target": "东湖项目"},
        {"action": "add", "type": "ACCOMPANIED", "source": "乙二", "target": "甲一", "article": "a",
         "evidence": "乙二陪同。"}]})
    names = {(g.nodes[u]["name"], g.nodes[v]["name"]) for u, v in typed(g, "INSPECTED")}
    assert names == {("甲一", "东湖项目")}
    assert [g.nodes[v]["name"] for u, v in typed(g, "VISITED") if u == "Visit:b#V1"] == ["东湖项目"]  # the fix
    inspected = next(d for _, _, d in g.edges(data=True) if d["type"] == "INSPECTED")
    assert inspected["articles"] == ["a", "b"]  # b's statement now points at 东湖项目
    assert [g.nodes[v]["name"] for u, v in typed(g, "VISITED") if u == "Visit:a#V1"] == ["东湖项目"]
    ((comp, whom),) = typed(g, "ACCOMPANIED")
    assert (g.nodes[comp]["name"], g.nodes[whom]["name"]) == ("乙二", "甲一")
    title = fixed(records, {"fact": [{"action": "add", "type": "HOLDS_TITLE", "source": "乙二", "article": "a",
                                      "title": "区委常委"}]})
    assert "中原区委常委" in title.nodes[by_name(title, "乙二")[0]]["titles"]
    added = fixed(records, {"fact": [{"action": "add", "type": "INSPECTED", "source": "甲一", "target": "东湖项目",
                                      "article": "b", "event": "V1"}]})
    assert sorted(added.nodes[v]["name"] for u, v in typed(added, "VISITED") if u == "Visit:b#V1") == [
        "东湖项目", "南山项目"]


def test_a_rule_that_matches_nothing_is_reported() -> None:
    fix = parse_corrections({"block": [{"name": "不存在"}], "merge": [{"names": ["甲", "乙"]}]})
    build_graph([rec("a", places=["东湖"])], corrections=fix)
    assert len(fix.unmatched) == 2 and not fix.applied
    assert "不存在" in fix.unmatched[0]


@pytest.mark.parametrize("bad, message", [
    ({"blocks": [{"name": "x"}]}, "unknown table"),
    ({"block": [{"name": "x", "lable": "Place"}]}, "unknown key"),
    ({"merge": [{"names": ["only-one"]}]}, "at least two"),
    ({"fact": [{"action": "remove", "type": "LIKES", "source": "x"}]}, "type must be"),
    ({"fact": [{"action": "fix", "type": "INSPECTED", "source": "x"}]}, "needs new_type"),
    ({"split": [{"name": "x"}]}, "articles"),
    ({"block": [{"name": "x", "label": "Planet"}]}, "label must be"),
])
def test_bad_rules_are_errors_that_name_the_rule(bad: dict, message: str) -> None:
    with pytest.raises(CorrectionsError, match=message):
        parse_corrections(bad, "f.toml")


def test_csv_and_toml_say_the_same(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "rule,label,district,name,other,article\nmerge,Place,,郑州市,郑州,\nblock,,,能够增强城乡,,\n"
        "split,Person,中原区,刘斌,刘斌(区人大),b|c\nremove-fact,INSPECTED,,甲一,西湖项目,a\nconfirm,,,abc123,,\n",
        encoding="utf-8")
    (tmp_path / "c.toml").write_text(
        '[[merge]]\nnames = ["郑州市", "郑州"]\nlabel = "Place"\n[[block]]\nname = "能够增强城乡"\n'
        '[[split]]\nname = "刘斌"\narticles = ["b", "c"]\nas = "刘斌(区人大)"\nlabel = "Person"\ndistrict = "中原区"\n'
        '[[fact]]\naction = "remove"\ntype = "INSPECTED"\nsource = "甲一"\ntarget = "西湖项目"\narticle = "a"\n'
        '[[confirm]]\nreview = "abc123"\n', encoding="utf-8")
    a, b = load_corrections(tmp_path / "c.csv"), load_corrections(tmp_path / "c.toml")
    for kind in ("merge", "block", "split", "fact", "confirm"):
        assert getattr(a, kind) == getattr(b, kind), kind
    with pytest.raises(CorrectionsError, match="no such corrections file"):
        load_corrections(tmp_path / "missing.toml")


def test_append_rule_keeps_the_file_and_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "kg-corrections.toml"
    path.write_text('# mine\n[[block]]\nname = "甲"\n', encoding="utf-8")
    append_rule(path, "merge", {"names": ["郑州市", "郑州\"x"], "review": "r1"}, comment="near-duplicate\nnames")
    text = path.read_text("utf-8")
    assert text.startswith('# mine\n[[block]]\nname = "甲"\n') and "# near-duplicate\n# names\n[[merge]]" in text
    data = tomllib.loads(text)
    assert data["merge"] == [{"names": ["郑州市", "郑州\"x"], "review": "r1"}] and data["block"] == [{"name": "甲"}]


# -- review ---------------------------------------------------------------------------------------


def test_review_lists_near_duplicates_and_accept_reject_write_rules(tmp_path: Path) -> None:
    records = [rec("a", places=["郑州"], people=[official("甲一")]), rec("b", places=["郑州市"]),
               rec("c", places=["东湖"], mentions=[{"type": "place", "text": "东湖", "sentence": 1,
                                                   "component": "ner_entities"}])]
    items = doubtful(records)
    dup = next(i for i in items if i.kind == "near-duplicate")
    assert set(dup.names) == {"郑州", "郑州市"} and dup.id
    tagger = next(i for i in items if i.kind == "tagger-only")
    assert tagger.names == ["东湖"]
    path = tmp_path / "kg-corrections.toml"
    accept(path, dup.id, items)
    reject(path, tagger.id, items)
    fix = load_corrections(path)
    assert fix.merge[0]["names"][0] == "郑州市" and fix.block[0]["name"] == "东湖"
    g = build_graph(records, corrections=fix)
    assert by_name(g, "郑州") == [] and by_name(g, "东湖") == []
    left = doubtful(records, fix)
    assert dup.id not in {i.id for i in left} and tagger.id not in {i.id for i in left}
    with pytest.raises(CorrectionsError, match="no review item"):
        accept(path, "nope", items)


def test_review_ids_are_stable_across_runs() -> None:
    records = [rec("a", places=["郑州"]), rec("b", places=["郑州市"])]
    assert [i.id for i in doubtful(records)] == [i.id for i in doubtful(list(reversed(records)))]


# -- the CLI and the job: corrections survive re-extraction ---------------------------------------


def _kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, check=False,
                          cwd=cwd)


def _people(graph_json: Path, name: str) -> list[str]:
    data = json.loads(graph_json.read_text("utf-8"))
    return sorted(n["id"] for n in data["nodes"] if n.get("label") == "Person" and n.get("name") == name)


def _articles(folder: Path, second: str = "区委书记张三到区商务局调研。") -> Path:
    src = folder / "news.jsonl"
    rows = [{"id": "n1", "district": "中原区", "text": "区委书记张三到区商务局调研。"},
            {"id": "n2", "district": "中原区", "text": second}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return src


def test_build_applies_the_file_and_job_reruns_never_undo_it(tmp_path: Path) -> None:
    src = _articles(tmp_path)
    fixes = tmp_path / "kg-corrections.toml"
    fixes.write_text('[[split]]\nname = "张三"\nby = "article"\n[[block]]\nname = "无此实体"\n', encoding="utf-8")
    built = _kg("build", str(src), "--out", str(tmp_path / "out"), "--no-store", "--no-html", "--corrections",
                str(fixes))
    assert built.returncode == 0, built.stderr
    assert len(_people(tmp_path / "out" / "graph.json", "张三")) == 2
    assert "rule matched nothing" in built.stderr and "无此实体" in built.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[[blok]]\nname = 1\n", encoding="utf-8")
    refused = _kg("build", str(src), "--out", str(tmp_path / "out2"), "--no-store", "--corrections", str(bad))
    assert refused.returncode == 2 and "unknown table [[blok]]" in refused.stderr

    job = tmp_path / "job.toml"
    job.write_text(f'[job]\nname = "t"\nsources = ["{src.name}"]\nout = "jobout"\nstore = "none"\nhtml = false\n'
                   f'corrections = "{fixes.name}"\n', encoding="utf-8")
    first = _kg("job", "run", str(job))
    assert first.returncode == 0, first.stderr
    graph = tmp_path / "jobout" / "graph.json"
    assert len(_people(graph, "张三")) == 2
    _articles(tmp_path, second="区委书记张三到区商务局调研,并召开座谈会。")  # n2 changes: re-extracted
    again = _kg("job", "run", str(job))
    assert again.returncode == 0 and "extracted 1" in again.stderr + again.stdout, again.stderr
    assert len(_people(graph, "张三")) == 2  # re-extraction did not undo the split
    fixes.write_text("", encoding="utf-8")  # the user drops the rule: the graph follows with no article changed
    third = _kg("job", "run", str(job))
    assert third.returncode == 0 and "graph rewritten" in third.stderr, third.stderr
    assert len(_people(graph, "张三")) == 1


def test_kg_review_lists_and_writes_decisions(tmp_path: Path) -> None:
    records = [rec("a", places=["郑州"], people=[official("甲一")]), rec("b", places=["郑州市"])]
    src = tmp_path / "extractions.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    fixes = tmp_path / "fixes.toml"
    listed = _kg("review", str(tmp_path), "--corrections", str(fixes), "--kind", "near-duplicate", "-f", "json")
    assert listed.returncode == 0, listed.stderr
    (item,) = json.loads(listed.stdout)
    assert item["names"] == "郑州市 / 郑州" and item["accept"].startswith("[[merge]]")
    decided = _kg("review", str(src), "--corrections", str(fixes), "--accept", item["id"])
    assert decided.returncode == 0 and f"accepted {item['id']}" in decided.stderr, decided.stderr
    assert load_corrections(fixes).merge[0]["review"] == item["id"]
    again = _kg("review", str(src), "--corrections", str(fixes), "--kind", "near-duplicate", "-f", "json")
    assert json.loads(again.stdout) == []
    unknown = _kg("review", str(src), "--corrections", str(fixes), "--reject", "0000000000")
    assert unknown.returncode == 2 and "no review item" in unknown.stderr
    graph = tmp_path / "graph.json"
    graph.write_text("{}", encoding="utf-8")
    refused = _kg("load", str(graph), "--out", str(tmp_path / "o"), "--corrections", str(fixes))
    assert refused.returncode == 2 and "already holds its corrections" in refused.stderr

"""Resolution and the networkx model (pure functions, no store)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from kg.export.files import read_node_link, write_graphml, write_neo4j_csv, write_node_link
from kg.graph import build_graph, career, summary
from kg.names import scope
from kg.resolve import resolve, title_organization


def rec(art: str, district: str, date: str | None = None, **fields) -> dict:
    base = {"article_id": art, "district": district, "date": date, "headline": f"H{art}", "people": [],
            "organizations": [], "places": [], "projects": [], "relations": [], "mentions": [], "sentences": []}
    base.update(fields)
    return base


def test_organizations_are_scoped_by_district() -> None:
    ents, _ = resolve([rec("a", "中原区", organizations=["区商务局"]), rec("b", "二七区", organizations=["区商务局"])])
    orgs = sorted(e.id for e in ents.values() if e.label == "Organization")
    assert orgs == ["Organization:中原区商务局", "Organization:二七区商务局"]
    assert scope("伊河路小学", "中原区") == "伊河路小学"


def test_variants_merge_across_articles_with_aliases() -> None:
    ents, _ = resolve([rec("a", "中原区", organizations=["区卫计委"]), rec("b", "中原区", organizations=["区卫生计生委"])])
    (org,) = [e for e in ents.values() if e.label == "Organization"]
    assert org.id == "Organization:中原区卫生计生委" and org.aliases == ["区卫计委", "区卫生计生委"]
    assert org.articles == ["a", "b"]


def test_people_are_apart_across_districts_and_reporters_are_global() -> None:
    people = [{"name": "刘斌", "titles": ["副区长"], "role": "official"}, {"name": "张三", "titles": [], "role": "reporter"}]
    ents, _ = resolve([rec("a", "中原区", people=people), rec("b", "二七区", people=people)])
    ids = sorted(e.id for e in ents.values() if e.label == "Person")
    assert ids == ["Person:*:张三", "Person:中原区:刘斌", "Person:二七区:刘斌"]


def test_career_is_a_timeline() -> None:
    p = [{"name": "李晓雷", "titles": ["区长"], "role": "official"}]
    q = [{"name": "李晓雷", "titles": ["区委书记"], "role": "official"}]
    g = build_graph([rec("b", "中原区", "2023-02-11", people=q), rec("a", "中原区", "2020-03-16", people=p)])
    assert [(first, title) for first, _, title in career(g, "李晓雷")] == [
        ("2020-03-16", "中原区区长"), ("2023-02-11", "中原区委书记")]  # (post, unit) written one way
    assert title_organization("区教育局局长") == "区教育局" and title_organization("副区长") is None


def test_relations_become_edges_with_provenance() -> None:
    r = rec("a", "中原区", "2020-03-16", people=[{"name": "李晓雷", "titles": ["区长"], "role": "official"}],
            projects=["融信奥体世纪项目"], sentences=["H", "李晓雷调研了融信奥体世纪项目。"],
            relations=[{"type": "INSPECTED", "source": "李晓雷", "target": "融信奥体世纪项目", "sentence": 1}],
            mentions=[{"type": "person", "text": "李晓雷", "sentence": 1, "component": "titles"},
                      {"type": "project", "text": "融信奥体世纪项目", "sentence": 1, "component": "projects"}])
    g = build_graph([r])
    (edge,) = [d for _, _, d in g.edges(data=True) if d["type"] == "INSPECTED"]
    assert edge["articles"] == ["a"] and edge["sentences"] == ["a#1"]
    assert edge["evidence"] == ["李晓雷调研了融信奥体世纪项目。"]
    (co,) = [d for u, v, d in g.edges(data=True) if d["type"] == "CO_OCCURS"]
    assert co["weight"] == 1 and co["shared_sentences"] == 1


def test_ids_do_not_change_when_unrelated_articles_are_added(extractions_records: list[dict]) -> None:
    small = build_graph(extractions_records[:5])
    big = build_graph(extractions_records)
    assert set(small.nodes) <= set(big.nodes)
    unrelated = rec("zzz", "金水区", people=[{"name": "王五", "titles": ["区长"], "role": "official"}])
    bigger = build_graph([*extractions_records, unrelated])
    assert set(big.nodes) <= set(bigger.nodes)


def test_exports_round_trip(tmp_path: Path, extractions_records: list[dict]) -> None:
    g = build_graph(extractions_records)
    back = read_node_link(write_node_link(g, tmp_path / "g.json"))
    assert summary(back) == summary(g)
    assert (write_graphml(g, tmp_path / "g.graphml")).stat().st_size > 0
    files = {p.name for p in write_neo4j_csv(g, tmp_path / "csv")}
    assert {"nodes_Person.csv", "relationships_INSPECTED.csv", "relationships_HOLDS_TITLE.csv"} <= files
    header = (tmp_path / "csv" / "nodes_Person.csv").read_text("utf-8").splitlines()[0]
    assert header.startswith("id:ID,") and header.endswith(",:LABEL") and "articles:string[]" in header


def test_graph_is_deterministic(extractions_records: list[dict]) -> None:
    a = json.dumps(build_graph(copy.deepcopy(extractions_records)).nodes(data=True).__repr__())
    b = json.dumps(build_graph(copy.deepcopy(extractions_records)).nodes(data=True).__repr__())
    assert a == b

"""Visits and meetings as event nodes; reporters out of network measures (graph and library queries)."""

from __future__ import annotations

import copy
from collections import Counter

import networkx as nx
import pytest

from kg.events import record_events, visit_id
from kg.graph import build_graph
from kg.queries import load_query


def person(name: str, *titles: str, role: str = "official") -> dict:
    return {"name": name, "titles": list(titles), "role": role}


def rel(typ: str, source: str, target: str, sentence: int, event: str | None = None) -> dict:
    return {"type": typ, "source": source, "target": target, "sentence": sentence, "event": event}


def mention(typ: str, text: str, sentence: int) -> dict:
    return {"type": typ, "text": text, "sentence": sentence, "component": "test"}


def visit_record(art: str = "p.txt#1", date: str = "2021-05-06", leaders: tuple[str, ...] = ("甲一", "甲二"),
                 companion: str = "丙三", targets: tuple[str, ...] = ("东湖项目", "西湖项目", "南山项目"),
                 with_events: bool = True) -> dict:
    """One article: two leaders visit three projects, one companion accompanies the first leader."""
    sentences = ["标题", f"{'、'.join(leaders)}调研{'、'.join(targets)}。", f"{companion}陪同。"]
    relations = [rel("INSPECTED", who, t, 1, "V1") for who in leaders for t in targets]
    relations.append(rel("ACCOMPANIED", companion, leaders[0], 2, "V1"))
    record = {"article_id": art, "district": "中原区", "date": date, "headline": f"标题{art}", "file": art,
              "people": [person(n, "副区长") for n in (*leaders, companion)] + [person("记者甲", role="reporter")],
              "organizations": [], "places": [], "projects": list(targets), "relations": relations,
              "mentions": [mention("person", n, 1) for n in leaders] + [mention("project", t, 1) for t in targets],
              "sentences": sentences}
    record["relations"].append(rel("REPORTED", "记者甲", record["headline"], 0))
    if with_events:
        record["events"] = [{"id": "V1", "kind": "visit", "sentence": 1, "name": None, "leaders": list(leaders),
                             "participants": [], "companions": [companion], "targets": list(targets)}]
    return record


def meeting_record(art: str = "p.txt#2") -> dict:
    sentences = ["标题", "甲一主持召开推进会。", "甲二、丙三参加推进会。"]
    relations = [rel("CHAIRED", "甲一", "推进会", 1, "M1"), rel("ATTENDED", "甲二", "推进会", 2, "M1"),
                 rel("ATTENDED", "丙三", "推进会", 2, "M1")]
    return {"article_id": art, "district": "中原区", "date": "2021-05-07", "headline": "会议", "file": art,
            "people": [person("甲一", "区长"), person("甲二", "副区长"), person("丙三", "副区长")],
            "organizations": [], "places": [], "projects": [], "relations": relations, "mentions": [],
            "sentences": sentences,
            "events": [{"id": "M1", "kind": "meeting", "sentence": 1, "name": "推进会", "leaders": ["甲一"],
                        "participants": ["甲二", "丙三"], "companions": [], "targets": []}]}


def edges(g: nx.MultiDiGraph, typ: str) -> list[tuple[str, str, dict]]:
    return [(u, v, d) for u, v, d in g.edges(data=True) if d["type"] == typ]


def name(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes[node]["name"]


def test_a_visit_is_one_node_with_its_roles_targets_and_article() -> None:
    g = build_graph([visit_record()])
    (vid,) = [n for n, d in g.nodes(data=True) if d["label"] == "Visit"]
    assert vid == visit_id("p.txt#1", "V1")
    visit = g.nodes[vid]
    assert visit["leaders"] == ["甲一", "甲二"] and visit["companions"] == ["丙三"]
    assert visit["date"] == "2021-05-06" and visit["article"] == "p.txt#1" and visit["event"] == "V1"
    assert sorted(name(g, u) for u, v, _ in edges(g, "LED") if v == vid) == ["甲一", "甲二"]
    assert sorted(name(g, v) for u, v, _ in edges(g, "VISITED") if u == vid) == ["东湖项目", "南山项目", "西湖项目"]
    ((comp, _, on),) = edges(g, "ACCOMPANIED_ON")
    assert name(g, comp) == "丙三" and [name(g, p) for p in on["accompanied"]] == ["甲一"]
    assert on["evidence_sentence"] == ["丙三陪同。"]  # the 陪同 sentence, not the visit's
    assert [(u, v) for u, v, _ in edges(g, "REPORTED_IN")] == [(vid, "Article:p.txt#1")]
    # the direct facts stay: six INSPECTED edges (2 leaders × 3 projects) for one trip
    assert len(edges(g, "INSPECTED")) == 6 and len(edges(g, "ACCOMPANIED")) == 1
    led = next(d for u, v, d in edges(g, "LED") if v == vid)
    assert led["evidence_sentence"] and led["evidence_headline"] == ["标题p.txt#1"]


def test_trips_are_counted_once_however_many_places() -> None:
    records = [visit_record("a.txt#1", "2021-05-06"), visit_record("b.txt#1", "2021-06-01", leaders=("甲一",),
                                                                  targets=("北山项目",))]
    g = build_graph(records)
    trips = Counter(name(g, u) for u, _, _ in edges(g, "LED"))
    inspected = Counter(name(g, u) for u, _, _ in edges(g, "INSPECTED"))
    assert trips == {"甲一": 2, "甲二": 1}
    assert inspected["甲一"] == 4  # four places, two trips


def test_event_ids_are_deterministic_and_local_to_their_article() -> None:
    one = build_graph([visit_record("a.txt#1")])
    two = build_graph([meeting_record(), visit_record("a.txt#1"), visit_record("b.txt#1")])
    visits_one = {n for n, d in one.nodes(data=True) if d["label"] == "Visit"}
    visits_two = {n for n, d in two.nodes(data=True) if d["label"] == "Visit"}
    assert visits_one < visits_two and len(visits_two) == 2
    assert {k for *_, k in one.edges(keys=True)} <= {k for *_, k in two.edges(keys=True)}


def test_records_without_an_events_list_get_them_from_relation_event_ids() -> None:
    with_list = build_graph([visit_record()])
    without = build_graph([visit_record(with_events=False)])
    def shape(g: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
        return sorted((d["type"], u, v) for u, v, d in g.edges(data=True) if d["type"] in
                      ("LED", "VISITED", "ACCOMPANIED_ON", "REPORTED_IN"))
    assert shape(with_list) == shape(without)
    assert [e["id"] for e in record_events(visit_record(with_events=False))] == ["V1"]


def test_a_meeting_node_gets_its_chair_attendees_and_article() -> None:
    g = build_graph([meeting_record()])
    (mid,) = [n for n, d in g.nodes(data=True) if d["label"] == "Meeting"]
    meeting = g.nodes[mid]
    assert meeting["event"] == "M1" and meeting["chairs"] == ["甲一"] and meeting["attendees"] == ["甲二", "丙三"]
    assert [name(g, u) for u, v, _ in edges(g, "CHAIRED")] == ["甲一"]
    assert [(u, v) for u, v, _ in edges(g, "REPORTED_IN")] == [(mid, "Article:p.txt#2")]


def test_an_event_with_nobody_and_nothing_resolved_makes_no_node() -> None:
    record = visit_record()
    record["events"].append({"id": "V2", "kind": "visit", "sentence": 1, "name": None, "leaders": ["无名氏"],
                             "participants": [], "companions": [], "targets": ["不存在的地方"]})
    g = build_graph([record])
    assert [n for n, d in g.nodes(data=True) if d["label"] == "Visit"] == [visit_id("p.txt#1", "V1")]


def test_a_target_nobody_of_the_party_inspected_is_not_visited() -> None:
    record = visit_record()
    record["relations"] = [r for r in record["relations"] if r["target"] != "南山项目"]
    g = build_graph([record])
    assert sorted(name(g, v) for _, v, _ in edges(g, "VISITED")) == ["东湖项目", "西湖项目"]


def test_reporters_stay_out_of_co_occurrence_unless_asked() -> None:
    g = build_graph([visit_record()])
    (reporter,) = [n for n, d in g.nodes(data=True) if d["label"] == "Person" and d["reporter"]]
    assert name(g, reporter) == "记者甲"
    assert not [1 for u, v, _ in edges(g, "CO_OCCURS") if reporter in (u, v)]
    assert edges(g, "REPORTED")  # the byline fact itself stays
    wide = build_graph([visit_record()], include_reporters=True)
    assert [1 for u, v, _ in edges(wide, "CO_OCCURS") if reporter in (u, v)]


def test_seeds_every_event_inspection_lies_on_a_visit(extractions_records: list[dict]) -> None:
    g = build_graph(copy.deepcopy(extractions_records))
    party = {(u, v) for u, v, d in g.edges(data=True) if d["type"] in ("LED", "PARTICIPATED")}
    visited = {(u, v) for u, v, _ in edges(g, "VISITED")}
    tagged = [(r, rel_) for r in extractions_records for rel_ in r["relations"]
              if rel_["type"] == "INSPECTED" and rel_.get("event")]
    assert tagged, "the seeds have visits"
    for r, fact in tagged:
        vid = visit_id(r["article_id"], fact["event"])
        people = {u for u, v in party if v == vid}
        assert {name(g, p) for p in people} & {fact["source"]}, (vid, fact)
        assert fact["target"] in {name(g, t) for v, t in visited if v == vid} | {
            a for v, t in visited if v == vid for a in g.nodes[t]["aliases"]}, (vid, fact)
    assert len(edges(g, "LED")) + len(edges(g, "PARTICIPATED")) < len(edges(g, "INSPECTED"))
    reporters = {n for n, d in g.nodes(data=True) if d["label"] == "Person" and d["reporter"]}
    assert reporters and not [1 for u, v, _ in edges(g, "CO_OCCURS") if {u, v} & reporters]


# -- the library queries on the embedded store ------------------------------------------------------


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    from kg.store import BoltStore, EmbeddedServer

    with EmbeddedServer(tmp_path_factory.mktemp("events-store")) as srv, BoltStore(srv.connection) as st:
        yield st


def run(store, query: str, **params: str) -> list[dict]:
    q = load_query(query)
    return store.query(q.text, q.bind(params))


def test_queries_count_events_and_never_route_through_a_reporter(store) -> None:
    trip_a = visit_record("a.txt#1", "2021-05-06")
    trip_b = visit_record("b.txt#1", "2021-06-01", leaders=("甲一",), targets=("北山项目",))
    other = {"article_id": "c.txt#1", "district": "二七区", "date": "2021-07-01", "headline": "另一区", "file": "c.txt",
             "people": [person("丁四", "区长"), person("记者甲", role="reporter")], "organizations": [], "places": [],
             "projects": [], "relations": [rel("REPORTED", "记者甲", "另一区", 0)], "mentions": [],
             "sentences": ["另一区", "丁四讲话。"]}
    bridge = {"article_id": "d.txt#1", "district": "二七区", "date": "2021-07-02", "headline": "桥", "file": "d.txt",
              "people": [person("丁四", "区长"), person("戊五", "区长")], "organizations": [], "places": [],
              "projects": [], "relations": [rel("ACCOMPANIED", "戊五", "丁四", 1)], "mentions": [],
              "sentences": ["桥", "丁四、戊五座谈,戊五陪同。"]}
    store.clear()
    store.sync(build_graph([trip_a, trip_b, meeting_record(), other, bridge]))

    rows = {r["official"]: r for r in run(store, "most-active-officials")}
    assert rows["甲一"]["visits"] == 2 and rows["甲一"]["chaired"] == 1 and rows["甲一"]["activities"] == 3
    assert rows["甲二"]["visits"] == 1 and rows["甲二"]["attended"] == 1
    assert "记者甲" not in rows
    assert all(r["sentence"] and r["headline"] and r["date"] and r["source"] and r["evidence"] for r in rows.values())

    pairs = run(store, "who-accompanies-whom")
    assert [(r["companion"], r["accompanied"], r["visits"]) for r in pairs] == [("丙三", "甲一", 2), ("戊五", "丁四", 0)]
    assert pairs[0]["sentence"] == "丙三陪同。" and pairs[0]["source"] == "b.txt#1"  # the latest visit
    assert (pairs[0]["first_seen"], pairs[0]["last_seen"]) == ("2021-05-06", "2021-06-01")
    assert pairs[0]["on_visits"][0].startswith("2021-06-01 甲一")
    assert pairs[1]["articles"] == 1 and pairs[1]["sentence"] == "丁四、戊五座谈,戊五陪同。"  # no visit frame

    trips = run(store, "visits", name="甲一")
    assert [(r["date"], r["places"]) for r in trips] == [("2021-06-01", 1), ("2021-05-06", 3)]
    assert trips[1]["leaders"] == ["甲一", "甲二"] and trips[1]["companions"] == ["丙三"] and trips[1]["sentence"]
    (meeting,) = run(store, "who-attended-which-meeting", name="丙三")
    assert (meeting["meeting"], meeting["chairs"], meeting["attendees"]) == ("推进会", ["甲一"], ["甲二", "丙三"])

    # 甲一 and 丁四 share only a reporter: no chain by default, a chain through the byline when asked
    assert run(store, "shortest-connection", a="甲一", b="丁四") == []
    (through,) = run(store, "shortest-connection", a="甲一", b="丁四", reporters="true")
    assert "记者甲" in through["path"]
    (plain,) = run(store, "shortest-connection", a="丙三", b="甲二")
    assert plain["hops"] >= 1 and all(plain["headline"]) and len(plain["evidence"]) == plain["hops"]


def test_event_nodes_load_idempotently_and_leave_with_their_article(store) -> None:
    trips = [visit_record("a.txt#1"), visit_record("b.txt#1", "2021-06-01", leaders=("甲一",), targets=("北山项目",))]
    store.clear()
    store.sync(build_graph(trips))
    again = store.sync(build_graph(copy.deepcopy(trips)))
    assert again["deleted_nodes"] == again["deleted_edges"] == 0
    assert store.query("MATCH (v:Visit) RETURN v.id AS id ORDER BY id") == [
        {"id": visit_id("a.txt#1", "V1")}, {"id": visit_id("b.txt#1", "V1")}]
    store.sync(build_graph(trips[:1]))  # article b is gone: so is its visit and its role edges
    assert store.query("MATCH (v:Visit) RETURN v.id AS id") == [{"id": visit_id("a.txt#1", "V1")}]
    assert store.query("MATCH (:Person)-[e:LED]->(v:Visit) RETURN count(e) AS c") == [{"c": 2}]

"""Issue 10: districts from evidence, event vs publication dates, one node per real person, title timelines.

Unit tests run on made-up records (generic names, no article text); the ratchet builds
../shared/gold/timeline with the CLI and scores it with the shared reference scorer.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg import gazetteer
from kg.graph import build_graph, career
from kg.ingest.dates import event_date, in_range, kind, publication_date, sort_key
from kg.ingest.district import detect_district, district_evidence
from kg.resolve import place_articles, read_title, resolve
from tests.conftest import ROOT

TIMELINE = ROOT.parent / "shared" / "gold" / "timeline"
TIMELINE_SCORER = ROOT.parent / "shared" / "tools" / "timeline_score.py"


def rec(art: str, district: str | None, date: str | None = None, people=(), sentences=(), **fields) -> dict:
    base = {"article_id": art, "district": district, "date": date, "headline": f"标题{art}",
            "people": [{"name": n, "titles": list(t), "role": r} for n, t, r in people],
            "organizations": [], "places": [], "projects": [], "relations": [], "mentions": [],
            "sentences": list(sentences)}
    base.update(fields)
    return base


# --- gazetteer ----------------------------------------------------------------------------------------------

def test_gazetteer_is_complete_and_offline() -> None:
    names = gazetteer.county_names()
    assert len(names) > 2700  # every county-level division of the data package
    assert gazetteer.is_county("兰考县") and gazetteer.is_county("中原区") and not gazetteer.is_county("代表县")
    assert gazetteer.prefecture_of("兰考县") == "开封市" and gazetteer.province_of("兰考县") == "河南省"
    assert gazetteer.prefecture_of("鼓楼区") is None  # four 鼓楼区: ambiguous, so no parent is guessed


# --- districts ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("headline", "body", "expected"), [
    (None, "代表们一致推选县委书记张三。要闻县长李四讲话,信息县情通报。", None),  # no X县 substring counts
    (None, "来源:兰考县人民政府 2021-05-18 5月17日,县政府召开常务会议。", "兰考县"),
    ("兰考县召开会议", "5月17日,县长张三主持会议。", "兰考县"),
    (None, "5月17日,杞县党政代表团来我县考察。杞县县委书记王五一行参观了兰考县的项目。兰考县委书记张三陪同。", "兰考县"),
    (None, "县委书记张三主持会议。", None),  # unknown is an answer
])
def test_district_from_evidence(headline: str | None, body: str, expected: str | None) -> None:
    assert detect_district(headline, body) == expected


def test_title_prefix_of_own_official_outweighs_destination_mentions() -> None:
    body = ("兰考县政府副县长张三带队赴杞县考察。考察组参观杞县产业园、杞县水库、杞县茶园,对杞县发展给予肯定。"
            "兰考县农业局陪同。")
    assert district_evidence(None, body)["兰考县"] > district_evidence(None, body).get("杞县", 0)
    assert detect_district(None, body) == "兰考县"


# --- dates --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("您所在的位置: 新闻网 >> 正文 标题 2016-03-04 15:40:25 来源:县电视台 【字号 新闻网讯 3月3日,召开2015年度表彰大会。",
     "2016-03-03"),  # year of the publication line, not of "2015年度"
    ("标题 发布时间: 2020年11月25日 11月19日下午,市长来我县调研。", "2020-11-19"),
    ("标题 2025-01-14 18:14:52 融媒讯(记者 王五)12月17日,县长参加审议。", "--12-17"),  # event after publication
    ("标题 来源:县政府 2016-03-14 00:00 浏览量:1 | | |310日下午,司令员来我县调研。", "2016-03-10"),  # 月 dropped
    ("标题 来源:县政府 2016-02-03 00:00 浏览量:1 22日上午,召开座谈会。", None),  # no month: no date
    ("2023-05-08 10:00 来源:融媒 昨日,县委召开会议。", "2023-05-07"),
    ("2023-05-08 10:00 来源:融媒 网5月8日讯 前天,县委召开会议。", "2023-05-06"),
    ("8月18日,副县长带队考察。乡村振兴促进科 2023年8月21日", "--08-18"),  # a footer date is not a year source
    ("7月8日上午,县长候选人调研座谈。2021年来,县政协强化引领。", "2021-07-08"),
    ("首页 上一条 2024-11-23 关闭", None),
])
def test_event_date_vs_publication_date(body: str, expected: str | None) -> None:
    assert event_date(body) == expected


def test_publication_date_only_from_header() -> None:
    assert publication_date("5月1日,调研。 版权所有 2008-2024 2024-11-23 12:00")[0] is None
    assert str(publication_date("发布时间:2021-05-18 点击: 5月17日,开会。")[0]) == "2021-05-18"


def test_partial_dates_are_typed_not_text() -> None:
    assert kind("--05-05") == "partial" and kind("2020-05-05") == "full" and kind("junk") is None
    assert sorted(["--05-05", "2020-01-01", "2019-03-02"], key=sort_key) == ["2019-03-02", "2020-01-01", "--05-05"]
    assert in_range("--05-05", None, "2000-01-01") is None  # flagged, never "--05-05" < "2000"
    assert in_range("2020-05-05", None, "2000-01-01") is False
    assert in_range("2020-05-05", "2020-01-01") is True


# --- titles -------------------------------------------------------------------------------------------------

def test_titles_are_post_and_unit_written_one_way() -> None:
    printed = read_title("兰考县委书记", None)
    bare = read_title("县委书记", "兰考县")
    assert printed.title == bare.title == "兰考县委书记" and bare.post == "县委书记" and bare.unit == "兰考县"
    assert read_title("区长", "中原区").title == read_title("中原区区长", None).title == "中原区区长"
    assert read_title("副区长", "中原区").title == "中原区副区长"
    assert read_title("市长", "兰考县").unit == "开封市" and read_title("省委书记", "兰考县").unit == "河南省"
    assert read_title("公司董事长", "兰考县").unit is None


# --- resolution ---------------------------------------------------------------------------------------------

def test_same_name_same_county_is_one_node_across_titles_and_untitled_lists() -> None:
    g = build_graph([
        rec("a", "兰考县", "2021-05-17", [("张三", ["县委副书记", "县长"], "official")]),
        rec("b", "兰考县", "2022-07-21", [("张三", [], "other")]),  # 县领导张三、李四参加
        rec("c", "兰考县", "--10-29", [("张三", ["县委书记"], "official")]),
    ])
    people = [n for n, d in g.nodes(data=True) if d["label"] == "Person"]
    assert people == ["Person:兰考县:张三"]
    assert g.nodes["Person:兰考县:张三"]["articles"] == ["a", "b", "c"]
    assert any("same name in the same county" in why for why in g.nodes["Person:兰考县:张三"]["resolution"])


def test_unknown_district_article_joins_the_one_candidate_county() -> None:
    records = [
        rec("a", "兰考县", "2021-05-17", [("张三", ["县长"], "official"), ("李四", ["副县长"], "official")]),
        rec("x", None, "--04-30", [("张三", ["县长"], "official"), ("李四", [], "other")]),
    ]
    placed = place_articles(records)
    assert placed["x"].district == "兰考县" and placed["x"].source == "inferred" and "张三" in placed["x"].reason
    g = build_graph(records)
    assert set(g.nodes["Person:兰考县:张三"]["articles"]) == {"a", "x"}
    assert g.nodes["Article:x"]["district"] == "兰考县"


def test_a_county_named_in_passing_yields_to_the_county_of_the_articles_people() -> None:
    records = [
        rec("a", "兰考县", "2021-05-17", [("张三", ["县长"], "official"), ("李四", ["副县长"], "official")]),
        rec("b", "兰考县", "2021-06-17", [("张三", ["县长"], "official"), ("李四", ["副县长"], "official")]),
        rec("x", "杞县", "2021-07-01", [("张三", ["县长"], "official"), ("李四", [], "other")],
            ["标题", "县长张三、李四考察了杞县的产业园。"]),  # 杞县: a place visited, named once
    ]
    placed = place_articles(records)
    assert placed["x"].district == "兰考县" and "only in passing" in placed["x"].reason
    assert placed["a"].district == "兰考县" and placed["a"].source == "text"


def test_namesakes_in_different_counties_stay_apart_and_ambiguity_stays_unknown() -> None:
    records = [
        rec("a", "兰考县", "2021-05-17", [("张三", ["县长"], "official")]),
        rec("b", "杞县", "2021-06-01", [("张三", ["副县长"], "official")]),
        rec("x", None, None, [("张三", [], "other")]),  # which 张三? no other evidence: stays unknown
    ]
    ents, _ = resolve(records)
    ids = sorted(e.id for e in ents.values() if e.label == "Person")
    assert ids == ["Person:*:张三", "Person:兰考县:张三", "Person:杞县:张三"]
    assert place_articles(records)["x"].district is None


def test_visitors_keep_their_own_unit() -> None:
    ents, _ = resolve([rec("a", "兰考县", "2024-04-08", [("王五", ["杞县县委书记"], "official"),
                                                          ("张三", ["县委书记"], "official"),
                                                          ("赵六", ["市长"], "official")])])
    ids = sorted(e.id for e in ents.values() if e.label == "Person")
    assert ids == ["Person:兰考县:张三", "Person:开封市:赵六", "Person:杞县:王五"]


def test_holds_title_dates_are_full_dates_with_partial_apart_and_evidence() -> None:
    s1 = ["标题a", "县委书记张三主持会议。"]
    s2 = ["标题b", "县委书记张三调研。"]
    g = build_graph([
        rec("a", "兰考县", "2023-02-15", [("张三", ["县委书记"], "official")], s1),
        rec("b", "兰考县", "--05-05", [("张三", ["县委书记"], "official")], s2),
        rec("c", "兰考县", "2024-04-08", [("张三", ["县委书记"], "official")], s1),
    ])
    (edge,) = [d for _, _, d in g.out_edges("Person:兰考县:张三", data=True) if d["type"] == "HOLDS_TITLE"]
    assert (edge["title"], edge["post"], edge["unit"]) == ("兰考县委书记", "县委书记", "兰考县")
    assert (edge["first_seen"], edge["last_seen"]) == ("2023-02-15", "2024-04-08")
    assert edge["partial_dates"] == ["--05-05"] and edge["undated_articles"] == ["b"]
    assert edge["citations"][0] == "a · 2023-02-15 · 《标题a》: 县委书记张三主持会议。"
    assert career(g, "张三") == [("2023-02-15", "2024-04-08", "兰考县委书记")]


# --- queries on the embedded store --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def timeline_store(tmp_path_factory: pytest.TempPathFactory):
    from kg.store import BoltStore, EmbeddedServer

    records = [
        rec("a", "兰考县", "2016-03-03", [("张三", ["县长"], "official")], ["t", "县长张三主持。"]),
        rec("b", "兰考县", "2019-01-11", [("李四", ["县长"], "official"), ("张三", ["县委书记"], "official")],
            ["t", "县委书记张三、县长李四出席。"]),
        rec("c", "兰考县", "--05-05", [("王五", ["县长"], "official")], ["t", "县长王五调研。"]),
        rec("d", "兰考县", "2020-06-01", [("李四", ["县长"], "official")], ["t", "县长李四调研。"]),
    ]
    with EmbeddedServer(tmp_path_factory.mktemp("tlstore")) as srv, BoltStore(srv.connection) as st:
        st.clear()
        st.sync(build_graph(records))
        yield st


def _run(store, query: str, **params) -> list[dict]:
    from kg.queries import load_query

    q = load_query(query)
    return store.query(q.text, q.bind(params))


def test_post_holders_in_order_with_evidence(timeline_store) -> None:
    rows = _run(timeline_store, "post-holders", post="县长", district="兰考县")
    assert [(r["person"], r["first_seen"], r["last_seen"]) for r in rows] == [
        ("张三", "2016-03-03", "2016-03-03"), ("李四", "2019-01-11", "2020-06-01"), ("王五", None, None)]
    assert rows[-1]["year_unknown"] is True and rows[-1]["partial_dates"] == ["--05-05"]
    assert all(r["evidence"] for r in rows)


def test_person_career_orders_full_dates_before_partial(timeline_store) -> None:
    rows = _run(timeline_store, "person-career", name="张三")
    assert [(r["title"], r["first_seen"]) for r in rows] == [("兰考县县长", "2016-03-03"), ("兰考县委书记", "2019-01-11")]
    assert rows[0]["evidence"] == [{"date": "2016-03-03", "headline": "标题a", "source": "a", "sentence": "县长张三主持。"}]


def test_title_changes_between_dates_never_compare_partial_dates_as_text(timeline_store) -> None:
    rows = _run(timeline_store, "title-changes", **{"from": "2019-01-01", "to": "2019-12-31", "district": "兰考县"})
    assert {(r["person"], r["post"], r["change"]) for r in rows} == {
        ("李四", "县长", "first seen"), ("张三", "县委书记", "first seen"), ("张三", "县委书记", "last seen")}
    assert _run(timeline_store, "title-changes", to="2000-01-01") == []  # "--05-05" is not before 2000
    old = _run(timeline_store, "officials-inspected-projects", to="2000-01-01")
    assert old == []


# --- ratchet on ../shared/gold/timeline ---------------------------------------------------------------------

# Levels reached on the timeline dev set (raise them as resolution improves; the bars are
# kept whole >= 31/34, B-cubed F1 >= .95, careers found >= .95, exact first/last dates >= .85).
RATCHET = {"whole": 34, "f1": 0.995, "found": 0.99, "exact": 0.99}


@pytest.mark.skipif(not (TIMELINE / "articles.jsonl").exists() or not TIMELINE_SCORER.exists(),
                    reason="../shared/gold/timeline is not beside the repository")
def test_timeline_ratchet(tmp_path: Path) -> None:
    out = tmp_path / "tl"
    build = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(TIMELINE / "articles.jsonl"), "--out",
                            str(out), "--no-store", "--no-html", "-q"], capture_output=True, text=True, check=False)
    assert build.returncode == 0, build.stderr[-2000:]
    score = subprocess.run([sys.executable, str(TIMELINE_SCORER), str(out / "graph.json"), str(TIMELINE)],
                           capture_output=True, text=True, check=True).stdout
    whole = int(re.search(r"kept whole (\d+)/", score).group(1))
    f1 = float(re.search(r"B-cubed P [\d.]+ R [\d.]+ F1 ([\d.]+)", score).group(1))
    found = float(re.search(r"found \d+ \(([\d.]+)\)", score).group(1))
    exact = float(re.search(r"exact first/last dates \d+ \(([\d.]+)\)", score).group(1))
    got = {"whole": whole, "f1": f1, "found": found, "exact": exact}
    assert all(got[k] >= v for k, v in RATCHET.items()), f"timeline scores fell below the ratchet: {got}\n{score}"

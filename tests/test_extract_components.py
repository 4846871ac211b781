"""Extraction components on sentences written for the tests (not from data/)."""

from __future__ import annotations

import pytest

from kg.extract import Extractor
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Pipeline, registered
from kg.models import Article, Extraction

RULES_ONLY = {"components": ["sentences", "byline", "titles", "leader_lists", "organizations", "projects",
                             "places", "meetings", "visit_lists", "name_propagation", "relations", "visits"]}


@pytest.fixture(scope="module")
def rules() -> Extractor:
    return Extractor.from_config(RULES_ONLY)


@pytest.fixture(scope="module")
def full() -> Extractor:
    """The default pipeline, tagger included."""
    return Extractor.from_config(None)


def county_article(ex: Extractor, text: str) -> Extraction:
    """``text`` extracted as an article of 金水区."""
    return ex(Article(id="t", headline="标题", district="金水区", text=text))


def run(ex: Extractor, text: str, district: str = "金水区", headline: str = "标题", **kw) -> dict:
    return ex(Article(id="t", text=text, headline=headline, district=district, **kw)).to_dict()


def people(rec: dict) -> dict[str, list[str]]:
    return {p["name"]: p["titles"] for p in rec["people"]}


def rels(rec: dict, typ: str) -> set[tuple[str, str]]:
    return {(r["source"], r["target"]) for r in rec["relations"] if r["type"] == typ}


def test_registry_lists_components() -> None:
    assert {"titles", "relations", "hanlp_ner", "projects"} <= set(registered())
    with pytest.raises(ValueError, match="unknown extraction components"):
        Pipeline.from_config({"components": ["nope"]})


def test_title_chain_with_district_prefix(rules: Extractor) -> None:
    rec = run(rules, "日前,金水区委副书记、区长王建国,区委常委、组织部长孙丽华到区发改委调研。")
    assert people(rec) == {"王建国": ["区委副书记", "区长"], "孙丽华": ["区委常委", "组织部长"]}


def test_dangling_title_across_comma_and_org_scoped_title(rules: Extractor) -> None:
    rec = run(rules, "金水区文化广电和旅游局局长赵明远,区委常委、宣传部长钱文出席。")
    assert people(rec)["赵明远"] == ["区文化广电和旅游局局长"]
    assert people(rec)["钱文"] == ["区委常委", "宣传部长"]


def test_title_shared_by_a_list_and_name_before_title(rules: Extractor) -> None:
    rec = run(rules, "副区长周强、吴海对工作进行点评。会上,大家学习了习近平总书记的重要讲话。")
    assert people(rec)["周强"] == ["副区长"] and people(rec)["吴海"] == ["副区长"]
    assert people(rec)["习近平"] == ["总书记"]
    assert {p["name"]: p["role"] for p in rec["people"]}["习近平"] == "other"


def test_leader_list_attended_and_chaired(rules: Extractor) -> None:
    rec = run(rules, "3月2日,区委书记李明主持召开安全生产工作会议。区领导张华、刘洋、陈静参加会议。")
    assert rels(rec, "CHAIRED") == {("李明", "安全生产工作会议")}
    assert {s for s, _ in rels(rec, "ATTENDED")} == {"张华", "刘洋", "陈静"}


def test_inspection_of_projects_and_group(rules: Extractor) -> None:
    rec = run(rules, "近日,区委常委、常务副区长高峰,区政协副主席林涛一行实地调研重点项目。"
                     "高峰一行先后来到绿城桂语江南项目、滨河路道路改造工程、“智慧园区”一期项目。")
    assert set(rec["projects"]) == {"绿城桂语江南项目", "滨河路道路改造工程", "智慧园区一期项目"}
    assert rels(rec, "INSPECTED") == {(p, x) for p in ("高峰", "林涛") for x in rec["projects"]}


def test_campaigns_and_generic_projects_are_not_projects(rules: Extractor) -> None:
    rec = run(rules, "要扎实推进强基固本工程,抓好重点项目和招商引资项目,力促项目落地。")
    assert rec["projects"] == []


def test_accompanied_and_inspected_places_and_orgs(rules: Extractor) -> None:
    rec = run(rules, "5月3日,区委书记郑伟到丰产路街道、区市场监督管理局调研。"
                     "区委副书记、区委办主任冯刚,副区长许多陪同调研。")
    assert rels(rec, "INSPECTED") == {("郑伟", "丰产路街道"), ("郑伟", "区市场监督管理局")}
    assert rels(rec, "ACCOMPANIED") == {("冯刚", "郑伟"), ("许多", "郑伟")}
    assert "区市场监督管理局" in rec["organizations"] and "丰产路街道" in rec["places"]


def test_speech_is_not_an_inspection(rules: Extractor) -> None:
    rec = run(rules, "区长王建国表示,要深入调研辖区企业,把各项工作落实到位。")
    assert rels(rec, "INSPECTED") == set()


def test_organizations_by_suffix_and_coordination(rules: Extractor) -> None:
    rec = run(rules, "区总工会和区妇联联合金水区建设和交通局、文化路第一小学开展活动,郑州东方集团参加。")
    assert {"区总工会", "区妇联", "区建设和交通局", "文化路第一小学", "郑州东方集团"} <= set(rec["organizations"])


def test_variants_merge_to_the_longest(rules: Extractor) -> None:
    rec = run(rules, "区卫生计生委举办竞赛。区卫计委主任马林出席。")
    assert rec["organizations"] == ["区卫生计生委"]


def test_byline_people_and_reported(rules: Extractor) -> None:
    from kg.models import Byline

    rec = run(rules, "近日,区里召开会议。", headline="区里召开会议",
              byline=Byline(["王五"], ["赵六"]))
    assert {(p["name"], p["role"]) for p in rec["people"]} == {("王五", "reporter"), ("赵六", "correspondent")}
    assert rels(rec, "REPORTED") == {("王五", "区里召开会议"), ("赵六", "区里召开会议")}


def test_mentions_carry_component_and_sentence(rules: Extractor) -> None:
    rec = run(rules, "第一句。区委书记李明到区商务局调研。")
    title = next(m for m in rec["mentions"] if m["type"] == "title")
    assert title["component"] == "titles" and title["sentence"] == 2
    text = "标题\n第一句。区委书记李明到区商务局调研。"
    assert text[title["start"]:title["end"]] == "区委书记"


def test_lexicon_files_hold_only_general_words() -> None:
    lex = Lexicon.load()
    assert "书记" in lex.title_cores and "项目" in lex.project_suffixes and "街道" not in lex.stop_words


def test_page_records_are_keyed_like_the_gold(extractor: Extractor) -> None:
    rec = extractor(Article(id="p.txt#0", text="近日,区里召开会议。", file="p.txt", index=0)).to_dict()
    assert rec["id"] is None and rec["article_id"] == "p.txt#0" and rec["file"] == "p.txt"


def test_county_article_with_parenthesised_byline(rules: Extractor) -> None:
    from kg.ingest.sources import IngestOptions, article_from_record

    art = article_from_record({"id": "c1", "title": "县委书记调研", "text": (
        "本报讯(记者 王芳 通讯员 李强)4月12日上午,县委书记张伟带领县直有关部门负责人深入城关镇、石桥乡,"
        "实地调研建设情况。县委常委、县委办主任刘洋,副县长陈明陪同调研。随后,张伟一行来到县人民医院新院区建设项目工地。")},
        "c1", "t.jsonl", IngestOptions())
    assert art.district is None and art.byline.reporters == ["王芳"] and art.byline.correspondents == ["李强"]
    rec = rules(art).to_dict()
    assert people(rec) == {"张伟": ["县委书记"], "刘洋": ["县委常委", "县委办主任"], "陈明": ["副县长"],
                           "王芳": [], "李强": []}
    assert {"城关镇", "石桥乡"} <= set(rec["places"])
    assert rels(rec, "INSPECTED") == {("张伟", "城关镇"), ("张伟", "石桥乡"), ("张伟", "县人民医院新院区建设项目")}


def test_escort_clause_and_cross_level_chain(rules: Extractor) -> None:
    rec = run(rules, "3月9日,市委常委、区委书记王强在区委副书记、区长刘建华的陪同下,深入万达广场项目调研。"
                     "王强书记指出,要倒排工期。", district=None)
    assert people(rec) == {"王强": ["市委常委", "区委书记"], "刘建华": ["区委副书记", "区长"]}
    assert rels(rec, "ACCOMPANIED") == {("刘建华", "王强")}
    assert rels(rec, "INSPECTED") == {("王强", "万达广场项目")}


def test_joining_a_visit_is_inspecting_not_attending(rules: Extractor) -> None:
    # GUIDELINES convention 1: 参加督导 makes 孙浩 a participant of the visit, not an attendee of a meeting.
    rec = run(rules, "6月3日,市长赵立新带队到城关镇督导防汛工作,市政府秘书长孙浩参加督导。", district=None)
    assert rels(rec, "ATTENDED") == set()
    assert rels(rec, "INSPECTED") == {("赵立新", "城关镇"), ("孙浩", "城关镇")}


def test_descriptors_and_title_prefixes_are_not_organizations(rules: Extractor) -> None:
    rec = run(rules, "黄山镇党委书记何平走访辖区企业浙江华丰科技有限公司。区政协召开十三届十次常委会议。"
                     "各乡镇参加。", district=None)
    assert "浙江华丰科技有限公司" in rec["organizations"]
    assert not {"镇党委", "十三届十次常委", "辖区企业浙江华丰科技有限公司"} & set(rec["organizations"])
    assert "各乡镇" not in rec["places"]


def test_other_districts_counties_and_cities_are_places(rules: Extractor) -> None:
    rec = run(rules, "近日,区委书记张三带队赴兰考县、确山县考察学习,并与信阳市浉河区签订协议。"
                     "会上宣读了《关于表彰郑州市先进集体的通知》。", district=None)
    assert set(rec["places"]) == {"兰考县", "确山县", "信阳市", "浉河区"}
    assert ("张三", "兰考县") in rels(rec, "INSPECTED")


def test_org_words_inside_titles_and_names(rules: Extractor) -> None:
    rec = run(rules, "县人大常委会主任郑国强出席。要加快城北污水处理厂提标改造工程建设,打造杨柳镇美丽乡村示范带。",
              district=None)
    assert people(rec)["郑国强"] == ["县人大常委会主任"]
    assert "城北污水处理厂提标改造工程" in rec["projects"]
    assert "杨柳镇" in rec["places"] and "美丽乡村" not in rec["places"]


def test_units_led_along_are_not_inspected_and_companion_in_same_sentence(rules: Extractor) -> None:
    rec = run(rules, "5月6日,城关镇党委书记李华带领镇派出所、镇司法所负责同志走访东关社区居委会和城关镇卫生院,"
                     "区消防救援大队大队长王刚陪同。", district=None)
    assert {"镇派出所", "镇司法所", "东关社区居委会", "城关镇卫生院"} <= set(rec["organizations"])
    assert rels(rec, "INSPECTED") == {("李华", "东关社区居委会"), ("李华", "城关镇卫生院")}
    assert rels(rec, "ACCOMPANIED") == {("王刚", "李华")}


def test_chaired_by_and_attendees_with_group_label(rules: Extractor) -> None:
    rec = run(rules, "区政府召开第5次常务会议。会议由区委副书记王明主持。"
                     "区委常委、区纪委书记、区监委主任赵丽出席会议并讲话。", district=None)
    assert people(rec)["赵丽"] == ["区委常委", "区纪委书记", "区监委主任"]
    assert rels(rec, "CHAIRED") == {("王明", "第5次常务会议")}
    assert rels(rec, "ATTENDED") == {("赵丽", "第5次常务会议")}
    unnamed = run(rules, "会议由区委副书记王明主持。区委常委赵丽出席会议。", district=None)
    assert rels(unnamed, "CHAIRED") == rels(unnamed, "ATTENDED") == set()  # no meeting name printed
    other = run(rules, "4月2日,棚户区改造项目开工仪式举行。市领导周涛、吴刚等出席开工仪式。", district=None)
    assert rels(other, "ATTENDED") == {("周涛", "棚户区改造项目开工仪式"), ("吴刚", "棚户区改造项目开工仪式")}


def test_units_brought_along_are_not_targets(rules: Extractor) -> None:
    rec = run(rules, "区长张伟带领区发改委、区财政局负责同志到金桥产业园调研,区政府办主任刘敏陪同。"
                     "张伟一行来到华星光电项目现场。", district=None)
    assert rels(rec, "INSPECTED") == {("张伟", "金桥产业园"), ("张伟", "华星光电项目")}
    assert rels(rec, "ACCOMPANIED") == {("刘敏", "张伟")}


def test_title_then_space_then_name_and_nominees(rules: Extractor) -> None:
    rec = run(rules, "■连江县委书记 周应忠  连江县代县长 郑立敏", district="连江县")
    assert people(rec) == {"周应忠": ["县委书记"], "郑立敏": ["代县长"]}
    nominee = run(rules, "湘阴县委副书记、县长候选人刘世奇出席会议。", district="湘阴县")
    assert people(nominee)["刘世奇"] == ["县委副书记", "县长候选人"]


def test_district_visited_versus_district_as_qualifier(rules: Extractor) -> None:
    visited = run(rules, "2月19日,市长王明到阜城县、武邑县调研。", district="阜城县")
    assert rels(visited, "INSPECTED") == {("王明", "阜城县"), ("王明", "武邑县")}
    qualifier = run(rules, "5月11日上午,县委书记王明到阜城县部分小学调研复学复课工作。", district="阜城县")
    assert ("王明", "阜城县") not in rels(qualifier, "INSPECTED")


def test_visits_and_meetings_are_events_their_facts_point_to() -> None:
    ex = Extractor.from_config({"components": [c for c in RULES_ONLY["components"] if c != "relations"]
                                + ["relations"]})
    rec = run(ex, "4月5日,区委书记王建国一行到滨河花园项目、东风路小学调研,区长孙丽华、副区长赵刚陪同。"
                  "随后,王建国主持召开区委常委会会议,孙丽华出席会议。"
                  "6日,副区长赵刚到城北污水处理厂扩建项目调研。")
    by_id = {e["id"]: e for e in rec["events"]}
    first, second = by_id["V1"], by_id["V2"]
    assert first["leaders"] == ["王建国"] and set(first["companions"]) == {"孙丽华", "赵刚"}
    assert "滨河花园项目" in first["targets"]
    assert second["leaders"] == ["赵刚"] and second["targets"] == ["城北污水处理厂扩建项目"]
    meeting = by_id["M1"]
    assert meeting["kind"] == "meeting" and meeting["name"] == "区委常委会会议"
    assert meeting["leaders"] == ["王建国"] and meeting["participants"] == ["孙丽华"]
    for r in rec["relations"]:
        expected = {"INSPECTED": "V", "ACCOMPANIED": "V", "CHAIRED": "M", "ATTENDED": "M"}.get(r["type"])
        if expected:
            assert r["event"] and r["event"].startswith(expected), r
            event = by_id[r["event"]]
            assert r["source"] in event["leaders"] + event["participants"] + event["companions"]


@pytest.mark.parametrize(("record", "medium"), [
    ("梨树时报讯(实习记者 王小明)1月10日,县长李平到城关镇调研。", "梨树时报"),
    ("晋江新闻网8月26日讯 近日,县长李平到城关镇调研。", "晋江新闻网"),
    ("城关网4月25日消息 (记者 王小明)县长李平到城关镇调研。", "城关网"),
    ("红网城关县分站12月26日讯(通讯员 王小明)县长李平到城关镇调研。", "红网城关县分站"),
    ("城关日报记者 王小明\n1月10日,县长李平到城关镇调研。", "城关日报"),
    ("2024年03月15日15:02 | 来源:人民网-城关频道\n\n日前,县长李平到城关镇调研。", "人民网-城关频道"),
    ("来源:城关在线编辑:王小明\n\n日前,县长李平到城关镇调研。", "城关在线"),
    ("据城关日报客户端丨记者王小明\n日前,县长李平到城关镇调研。", "城关日报客户端"),
])
def test_source_credit_is_an_organization_even_when_ingest_cuts_the_dateline(record: str, medium: str) -> None:
    from kg.ingest.sources import IngestOptions, article_from_record

    rules = Extractor.from_config({"components": ["sentences", "chrome", *RULES_ONLY["components"][1:]]})
    article = article_from_record({"id": "c", "text": record}, "c", "t.jsonl", IngestOptions())
    assert "李平" in article.text
    rec = rules(article).to_dict()
    assert medium in rec["organizations"], rec["organizations"]
    assert "李平" in {p["name"] for p in rec["people"]}


def test_leaders_named_by_their_post_or_their_thought(rules: Extractor) -> None:
    rec = run(rules, "王建国强调,要认真贯彻落实赵立明总书记重要讲话精神,深入学习钱安国新时代中国特色社会主义思想,"
                     "坚持孙平思想,加强基础理论研究。")
    found = people(rec)
    assert found.get("赵立明") == ["总书记"]
    assert "钱安国" in found and "孙平思" not in found
    assert not any(n.endswith("基础") or n == "强基础" for n in found)


def test_attendees_on_the_rostrum_and_short_back_references(rules: Extractor) -> None:
    ex = Extractor.from_config({"components": [c for c in RULES_ONLY["components"] if c != "relations"]
                                + ["relations"]})
    rec = run(ex, "当日,金水区举行“城乡融合”示范项目工作队出征仪式。区长王建国主持出征仪式。孙丽华、赵刚等区领导参加仪式。"
                  "9月2日,金水区第十二届人民代表大会第七次会议召开。区人大常委会主任李明、区政协主席周红在主席台前排就座。"
                  "区委副书记孙丽华,副区长赵刚列席会议。")
    full = "城乡融合示范项目工作队出征仪式"
    assert ("王建国", full) in rels(rec, "CHAIRED")
    attended = rels(rec, "ATTENDED")
    assert {("孙丽华", full), ("赵刚", full)} <= attended
    assert {p for p, m in attended if "人民代表大会" in m} >= {"李明", "周红", "孙丽华", "赵刚"}
    assert "赵刚列" not in people(rec)


def test_a_visit_organized_by_a_body_is_joined_by_the_officials_listed_next() -> None:
    ex = Extractor.from_config({"components": [c for c in RULES_ONLY["components"] if c != "relations"]
                                + ["relations"]})
    rec = run(ex, "10月30日,金水区政协组织委员视察重点工程项目。区政协主席王建国,副主席孙丽华参加。"
                  "视察组一行先后来到滨河花园项目、城北污水处理厂扩建项目等地。")
    inspected = rels(rec, "INSPECTED")
    for person in ("王建国", "孙丽华"):
        assert {(person, "滨河花园项目"), (person, "城北污水处理厂扩建项目")} <= inspected


def test_a_meeting_named_in_full_by_the_headline_keeps_the_headline_form() -> None:
    ex = Extractor.from_config({"components": [c for c in RULES_ONLY["components"] if c != "relations"]
                                + ["relations"]})
    rec = run(ex, "6月29日下午,金水区第十二届人民代表大会第七次会议第一次全体会议召开。区长王建国出席会议。",
              headline="金水区十二届人大七次会议第一次全体会议召开")
    assert {m for _, m in rels(rec, "ATTENDED")} == {"区十二届人大七次会议第一次全体会议"}


def test_padded_two_character_names_and_credits_before_another_bracket() -> None:
    from kg.ingest.sources import IngestOptions, article_from_record

    text = ("1月18日,县长李平到城关镇调研。本报记者 凌 聪\n把发展推向新阶段。(王小宁 卢嘉玉 李千千)\n"
            "(责编:罗娜、帅筠)\n分享")
    article = article_from_record({"id": "c", "text": text}, "c", "t.jsonl", IngestOptions())
    rec = Extractor.from_config({"components": ["sentences", "chrome", *RULES_ONLY["components"][1:]]})(article)
    roles = {p.name: p.role for p in rec.people}
    assert roles.get("凌聪") == "reporter"
    assert {roles.get(n) for n in ("王小宁", "卢嘉玉", "李千千")} == {"correspondent"}


def test_short_names_counted_after_their_list_are_full_divisions() -> None:
    ex = Extractor.from_config(None)
    rec = ex(Article(id="t", headline="标题", text="6月13日,县委书记王建国率党政代表团赴安徽省金寨、霍山、岳西三县开展考察学习活动。"))
    assert {"金寨县", "霍山县", "岳西县"} <= set(rec.places)
    assert not any("三县" in p for p in rec.places)


def test_announced_attendee_lists_and_titles_scoped_by_a_tagged_body() -> None:
    ex = Extractor.from_config(None)
    rec = ex(Article(id="t", headline="标题", district="金水区", text=(
        "16日上午,金水区政协第十届委员会第二次会议在区人民会堂召开。出席会议并在主席台就座的领导有区委书记王建国,"
        "区人大常委会主任孙丽华,区政协主席赵刚等。李明主持会议。"
        "7月29日,金水区三季度重大招商项目集中签约仪式举行。市发改委副县级干部刘大强,副区长周红出席签约仪式。")))
    attended = {(r.source, r.target) for r in rec.relations if r.type == "ATTENDED"}
    assert {p for p, m in attended if "第二次会议" in m} >= {"王建国", "孙丽华", "赵刚"}
    assert {p for p, m in attended if "签约仪式" in m} >= {"刘大强", "周红"}
    assert "市发改委副县级干部" in {t for p in rec.people if p.name == "刘大强" for t in p.titles}


def test_joining_a_reception_is_attending_it() -> None:
    ex = Extractor.from_config(None)
    rec = ex(Article(id="t", headline="标题", text=(
        "11月4日,市委书记王建国亲切会见了来考察的企业家。市政协副主席孙丽华、副市长赵刚等参加会见。")))
    assert {(r.source, r.target) for r in rec.relations if r.type == "ATTENDED"} >= {("孙丽华", "会见"), ("赵刚", "会见")}


def test_place_words_cut_out_of_phrases_and_kinds_of_places_are_no_places(full: Extractor) -> None:
    rec = county_article(full, (
        "该村投资1000多万元进行了村容村貌改造,加快建设美丽河湖,为八都乡村振兴出力。"
        "王建国先后来到和平镇六斗村、精品示范村和汭丰镇龙王村乡村振兴示范村调研。在和平镇,他察看了绿水青山。"))
    places = set(rec.places)
    assert {"和平镇", "六斗村", "汭丰镇", "龙王村"} <= places
    assert not places & {"村容村", "丽河湖", "八都乡村", "精品示范村", "平镇六斗村", "青山"}


def test_sessions_posts_and_document_titles_hold_no_listed_body(full: Extractor) -> None:
    rec = county_article(full, (
        "9月28日,金水区十七届人大常委会举行第五次会议。会议传达学习了省委十四届九次全会精神,"
        "审议了《关于迁址新建实验小学的建议方案》。市人大代表李明参加会议。"))
    orgs = set(rec.organizations)
    assert "区十七届人大常委会" in orgs
    assert not orgs & {"省委", "市人大", "迁址新建实验小学"}


def test_companies_listed_before_a_group_label_and_trade_names(full: Extractor) -> None:
    rec = county_article(full, (
        "调研首站走进广东创新精细化工实业有限公司。在随后的座谈环节,广东创新精细化工、樱兰智能服装、"
        "雅逸家具等多家辖区重点企业负责人发言。"))
    orgs = set(rec.organizations)
    assert {"广东创新精细化工实业有限公司", "樱兰智能服装", "雅逸家具"} <= orgs
    assert "广东创新精细化工" not in orgs and not any(o.startswith("走进") for o in orgs)


def test_kinds_of_works_and_a_places_projects_name_no_project(full: Extractor) -> None:
    rec = county_article(full, (
        "会议要求,要加快研学旅游项目和现代农业园区建设,抓好铁门关市项目,推进S21阿勒泰至乌鲁木齐高速公路工程建设。"))
    assert "S21阿勒泰至乌鲁木齐高速公路工程" in rec.projects
    assert not set(rec.projects) & {"研学旅游项目", "现代农业园区", "铁门关市项目"}


def test_a_county_by_its_short_name_and_the_corps_units_are_places(full: Extractor) -> None:
    rec = run(full, (
        "英山县委书记王建国说,要助推英山经济社会高质量发展,为建设美丽英山贡献力量。"
        "第八师石河子市150团党委组织干部到1连、南区17连观摩,在5连祥润玉米烘干厂听取汇报。"
        "会议要求,各地要深入学习“浦江经验”,加快渝中经济社会发展。"), district="英山县")
    places = set(rec["places"])
    assert {"英山", "1连", "南区17连", "5连"} <= places, places
    assert "渝中" in places  # a division named as the subject of its development
    assert "浦江" not in places  # cut out of a quoted term


def test_a_short_name_is_listed_by_the_full_form_the_article_prints_outside_a_title(full: Extractor) -> None:
    rec = run(full, "在英山县温泉镇,王建国察看了项目进展。他表示,这些成绩值得英山学习借鉴。", district="罗田县")
    assert "英山县" in rec["places"] and "英山" not in rec["places"]
    rec = run(full, "西城区委副书记王建国到大栅栏调研,要求助推西城经济高质量发展。", district="东城区")
    assert "西城" in rec["places"] and "西城区" not in rec["places"]


def test_site_menus_and_metadata_lines_are_furniture_and_name_the_paper(full: Extractor) -> None:
    text = ("飞卡阅读 头条 福州 原创 专题 图解 H5 福建 天下\n梧州日报 2018-05-03 17:33 大字\n"
            "4月2日,区委书记王建国到城北街道调研。")
    rec = run(full, text, district="万秀区", headline=None)
    assert not {"福州", "福建"} & set(rec["places"])
    assert "梧州日报" in rec["organizations"]


def test_photo_credits_and_relations_only_of_listed_people(full: Extractor) -> None:
    rec = run(full, "乡贤们在溪源村参观乡村振兴项目。任佳佳 摄\n省市县乡村振兴工作者齐观察、提建议。")
    assert "任佳佳" in people(rec) and people(rec)["任佳佳"] == []
    assert "齐观察" not in people(rec)
    names = set(people(rec))
    assert all(r["source"] in names for r in rec["relations"])


def test_a_rostrum_list_attends_the_plenum_and_its_members_are_people(full: Extractor) -> None:
    rec = run(full, ("8月12日,中共金水区委三届十三次全会召开。区委书记王建国出席并讲话。"
                     "刘振国、王大学、张言苍在主席台就坐。"))
    plenum = "中共金水区委三届十三次全会"
    assert {(n, plenum) for n in ("王建国", "刘振国", "王大学", "张言苍")} <= rels(rec, "ATTENDED")
    assert "王大学" not in rec["organizations"]


def test_a_greedy_meeting_name_ends_before_the_clause_after_it(full: Extractor) -> None:
    rec = run(full, "7月29日,金水区第十四届人民代表大会第三次会议开幕。区人大常委会主任王建国主持会议并宣布大会开幕。")
    assert rels(rec, "CHAIRED") == {("王建国", "区第十四届人民代表大会第三次会议")}


def test_batched_extraction_gives_the_records_of_one_at_a_time(full: Extractor) -> None:
    articles = [Article(id=f"a{i}", headline="标题", district="金水区", text=text) for i, text in enumerate((
        "日前,金水区委副书记、区长王建国到区发改委调研。", "", "李晓雷先后调研了融信奥体世纪项目、华侨城文旅项目。",
        "9月28日,区十七届人大常委会举行第五次会议,王建国主持会议。"))]
    one_by_one = [full.try_extract(a) for a in articles]
    assert full.try_extract_many(articles) == one_by_one
    assert [e.to_dict() for e in full.pipe(articles, batch_size=3)] == [r for r, _ in one_by_one]


def test_a_township_named_after_a_village_keeps_its_village_word(full: Extractor) -> None:
    rec = run(full, "工厂位于河北魏县西南部的大马村乡康南村,地理位置偏僻。")
    assert {"大马村乡", "康南村"} <= set(rec["places"]) and "乡康南村" not in rec["places"]

"""Page layouts of other newspapers and crawlers: synthetic pages, one per layout.

Every page below is made up (general newspaper wording, invented names); each test
says which layout cue it exercises. The last test measures the shared gold pages
(another paper, a crawler's layout) when they are beside the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.ingest.segment import segment_page
from kg.ingest.text import decode

IND = "\u3000\u3000"


def _heads(page: str) -> list[str | None]:
    return [a.headline for a in segment_page(page, "p.txt")]


# A crawler's layout: three header lines per article (kicker, main line, subtitle; a missing
# one is a blank line), body paragraphs indented with ideographic spaces, no blank line
# between articles, indented subheads inside an article, an editor line at the foot.
CRAWLER = (
    "\n"
    "开放合作迈上新台阶\n"
    "——写在第二届产业博览会闭幕之际\n"
    f"{IND}博览会日前在江城闭幕，来自四十多个国家的客商参会，签约项目金额创下新高。\n"
    f"{IND}展会期间，各地展馆人头攒动，洽谈活动一场接着一场。\n"
    f"{IND}深化务实合作\n"
    f"{IND}多家企业现场签约，合作领域涵盖农业、制造业和数字经济。\n"
    "江城持续放大展会平台效应\n"
    "面向世界  互利共赢\n"
    "\n"
    f"{IND}随着经贸往来不断深化，江城企业的身影越来越多地出现在海外市场。\n"
    f"{IND}去年，全市对外贸易额同比增长百分之二十。\n"
    "\n"
    "青年创新创业基地揭牌\n"
    "\n"
    f"{IND}本报江城7月2日电  （记者林小川、周一鸣）在日前举办的青年创新创业论坛上，基地正式揭牌。\n"
    f"{IND}论坛是博览会系列活动之一。\n"
    "\n"
    "本版责编：吴  同  郑小雨\n"
)


def test_crawler_header_slots_pick_the_main_line_and_skip_furniture() -> None:
    arts = segment_page(CRAWLER, "c.txt")
    assert [a.headline for a in arts] == ["开放合作迈上新台阶", "面向世界  互利共赢", "青年创新创业基地揭牌"]
    assert arts[0].headlines == ["开放合作迈上新台阶", "——写在第二届产业博览会闭幕之际"]
    assert arts[0].text.startswith("博览会日前在江城闭幕")
    assert "深化务实合作" in arts[0].text  # an indented subhead stays in its article
    assert arts[1].headlines[0] == "江城持续放大展会平台效应"  # the kicker
    assert arts[2].byline.reporters == ["林小川", "周一鸣"]
    assert arts[2].text.startswith("在日前举办的") and "责编" not in arts[2].text


def test_two_line_heads_without_slots_use_kicker_and_subtitle_cues() -> None:
    page = (
        "市长在全市安全生产会议上强调\n"
        "压实责任 守牢底线\n"
        f"{IND}7月3日，全市安全生产工作会议召开。\n"
        "高新区：营商环境再优化——\n"
        "一站式服务让企业少跑腿\n"
        f"{IND}企业开办时间压缩至一个工作日。\n"
        "夏粮收购进度过半\n"
        "——收购价格总体平稳\n"
        f"{IND}今年夏粮收购工作有序推进。\n"
        "“把论文写在大地上”（人物特写）\n"
        "扎根山区二十年\n"
        f"{IND}他是一名农技推广员。\n"
    )
    assert _heads(page) == ["压实责任 守牢底线", "一站式服务让企业少跑腿", "夏粮收购进度过半",
                            "“把论文写在大地上”（人物特写）"]


def test_photo_item_and_advertisement_are_no_articles() -> None:
    page = (
        "老街焕新颜\n"
        f"{IND}改造后的老街吸引了众多游客。近日，老街完成提升改造，沿街店铺陆续开业。\n"
        f"{IND}改造工程历时一年。\n"
        "\n"
        "荷花盛开\n"
        "\n"
        f"{IND}7月1日，游客在公园赏荷。\n"
        f"{IND}李明摄（城市影像）\n"
        "夏季防汛演练举行\n"
        f"{IND}本报讯  7月2日，全县举行防汛应急演练。\n"
        "某某电器  品质生活\n"
        "全新一代节能空调\n"
    )
    arts = segment_page(page, "ad.txt")
    assert [a.headline for a in arts] == ["老街焕新颜", "夏季防汛演练举行"]
    assert "空调" not in arts[1].text and "赏荷" not in arts[0].text


def test_end_marks_and_agency_datelines() -> None:
    page = (
        "多国加紧应对高温\n"
        f"{IND}近期，多国气温持续走高，各地采取措施应对。\n"
        f"{IND}（本报驻外记者站7月2日电）\n"
        "新规实施首日秩序良好\n"
        f"{IND}据新华社北京7月1日电  （陈立）新规自7月1日起施行。\n"
        f"{IND}有关部门表示将加强监督检查。（下转第二版）\n"
    )
    arts = segment_page(page, "w.txt")
    assert [a.headline for a in arts] == ["多国加紧应对高温", "新规实施首日秩序良好"]
    assert "本报" not in arts[0].text
    assert arts[1].text.startswith("新规自7月1日起施行。") and arts[1].byline.correspondents == ["陈立"]
    assert "下转" not in arts[1].text


# Paragraphs on consecutive lines, articles separated by a blank line, no indentation, and
# only some articles with a dateline.
TIGHT = (
    "全县召开项目建设推进会\n"
    "本报讯（记者 赵山）7月5日，全县召开项目建设推进会。\n"
    "会议通报了上半年项目建设情况。\n"
    "\n"
    "乡村夜市人气旺\n"
    "夜幕降临，镇上的夜市热闹起来。\n"
    "小吃摊前排起了长队，摊主们忙个不停。\n"
    "\n"
    "社区开展消防演练\n"
    "日前，社区组织居民开展消防演练。\n"
    "居民们学习了灭火器的使用方法。\n"
)


def test_blank_line_between_articles_in_a_tight_layout() -> None:
    arts = segment_page(TIGHT, "t.txt")
    assert [a.headline for a in arts] == ["全县召开项目建设推进会", "乡村夜市人气旺", "社区开展消防演练"]
    assert arts[0].byline.reporters == ["赵山"]
    assert arts[1].text.startswith("夜幕降临")


def test_labelled_crawler_records_and_separators() -> None:
    page = (
        "标题：全市推进老旧小区改造\n"
        "副标题：年内完成改造三百个\n"
        "作者：钱文\n"
        "日期：2023-07-03\n"
        "来源：某某日报\n"
        "本市今年计划改造老旧小区三百个，目前已开工过半。\n"
        "改造内容包括管网更新、加装电梯等。\n"
        "--------------------\n"
        "标题：暑期文化活动丰富多彩\n"
        "作者：孙莉\n"
        "日期：2023-07-04\n"
        "图书馆、文化馆推出系列暑期活动。\n"
    )
    arts = segment_page(page, "l.txt")
    assert [a.headline for a in arts] == ["全市推进老旧小区改造", "暑期文化活动丰富多彩"]
    assert arts[0].byline.reporters == ["钱文"] and arts[1].byline.reporters == ["孙莉"]
    assert arts[0].text.startswith("本市今年计划") and "来源" not in arts[0].text
    assert "年内完成改造三百个" in arts[0].headlines


def test_cueless_page_splits_on_headlines_but_not_on_numbered_subheads() -> None:
    page = (
        "全区部署夏季治安工作\n\n"
        "近日，全区召开夏季治安工作会议。\n\n"
        "一、加强巡逻防控\n\n"
        "各派出所要增加巡逻频次。\n\n"
        "二、排查安全隐患\n\n"
        "要重点排查人员密集场所。\n\n"
        "城区新增停车位一千个\n\n"
        "为缓解停车难，城区今年新增停车位一千个。\n"
    )
    arts = segment_page(page, "n.txt")
    assert [a.headline for a in arts] == ["全区部署夏季治安工作", "城区新增停车位一千个"]
    assert "排查安全隐患" in arts[0].text


TRADITIONAL = (
    "區領導調研防汛工作\n\n"
    "本報訊（記者 張明 通訊員 李華）7月3日，區長到河道調研防汛工作。\n\n"
    "區政協召開常委會議\n\n"
    "本報訊 7月4日，區政協召開常委會議。記者 張明\n\n"
    "街道開展義診活動\n\n"
    "本報記者 王芳\n\n"
    "本報訊 近日，街道開展義診活動。\n\n"
    "新華社北京7月5日電（記者 陳剛）全國夏糧收購進度過半。\n"
)
SIMPLIFIED = (
    "区领导调研防汛工作\n\n"
    "本报讯（记者 张明 通讯员 李华）7月3日，区长到河道调研防汛工作。\n\n"
    "区政协召开常委会议\n\n"
    "本报讯 7月4日，区政协召开常委会议。记者 张明\n\n"
    "街道开展义诊活动\n\n"
    "本报记者 王芳\n\n"
    "本报讯 近日，街道开展义诊活动。\n\n"
    "新华社北京7月5日电（记者 陈刚）全国夏粮收购进度过半。\n"
)


def test_traditional_page_splits_like_its_simplified_version() -> None:
    trad, simp = segment_page(TRADITIONAL, "t.txt"), segment_page(SIMPLIFIED, "s.txt")
    assert len(trad) == len(simp) == 4
    assert [a.headline for a in trad] == ["區領導調研防汛工作", "區政協召開常委會議", "街道開展義診活動", None]
    assert trad[0].byline.reporters == ["張明"] and trad[0].byline.correspondents == ["李華"]
    assert trad[1].byline.reporters == ["張明"] and trad[2].byline.reporters == ["王芳"]
    assert trad[3].text == "全國夏糧收購進度過半。" and trad[3].byline.reporters == ["陳剛"]
    assert [len(a.text) for a in trad] == [len(a.text) for a in simp]


def test_ids_do_not_depend_on_position() -> None:
    full = segment_page(SIMPLIFIED, "s.txt")
    cut = segment_page(SIMPLIFIED.split("区政协召开常委会议")[0] + SIMPLIFIED.split("记者 张明\n\n", 1)[1], "s.txt")
    assert [a.headline for a in cut] == ["区领导调研防汛工作", "街道开展义诊活动", None]
    assert [a.id for a in cut] == [full[0].id, full[2].id, full[3].id]
    assert [a.index for a in cut] == [0, 1, 2]


SHARED = Path(__file__).resolve().parents[2] / "shared" / "gold" / "pages"


@pytest.mark.skipif(not (SHARED / "gold.jsonl").exists(), reason="shared gold pages not beside the repo")
def test_shared_gold_pages_meet_the_bar() -> None:
    def key(s: str | None) -> str:
        return re.sub(r"\s+", "", s or "")
    gold = [json.loads(line) for line in (SHARED / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()]
    found = extra = 0
    for name in sorted({g["file"] for g in gold}):
        want = [key(g["headline"]) for g in gold if g["file"] == name]
        got = [key(a.headline) for a in segment_page(decode((SHARED / "raw" / name).read_bytes(), name), name)]
        hits = [h for h in got if h in want]
        found += len(set(hits))
        extra += len(got) - len(hits)
    assert found >= 24 and extra <= 2


def test_repeated_headlines_get_distinct_ids() -> None:
    page = ("简讯\n\n本报讯 区里召开会议。\n\n" * 300)
    ids = [a.id for a in segment_page(page, "r.txt")]
    assert len(ids) == 300 == len(set(ids)) and ids[1] == ids[0] + "-2"


def test_digital_edition_cues_bullets_web_datelines_review_lines() -> None:
    page = (
        "第A03版：要闻\n\n"
        "全市夏季招聘会举办\n\n"
        "■本报记者 周航\n\n"
        "7月2日，全市夏季招聘会举办，三百余家企业参加。\n\n"
        "城市书房新增十家\n\n"
        "晚报网讯 记者从市文旅局获悉，城市书房今年新增十家。\n\n"
        "晨练\n\n"
        "7月3日清晨，市民在江边晨练。张伟/摄\n\n"
        "一审：王一 二审：李二 三审：赵三\n"
    )
    arts = segment_page(page, "d.txt")
    assert [a.headline for a in arts] == ["全市夏季招聘会举办", "城市书房新增十家"]
    assert arts[0].byline.reporters == ["周航"] and arts[1].text.startswith("记者从市文旅局获悉")
    assert "一审" not in arts[1].text


_PIECES = ["本报讯 ", "本報訊 ", "标题:", "副标题:", "作者:张三", "-----", "\n", "\n\n", IND, "记者 张三",
           "(完)", "(本报北京7月2日电)", "区领导调研", "——副题", "引题——", "张三摄", "。", ",", "核心阅读",
           "本版责编:李四", "# 标题", "(下转第2版)", "日期:2023-07-03", "\x00", "\ufffd", "１２３", "第A03版",
           "■", "\r\n", "\t", "区委书记张三到区商务局调研。"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_any_mix_of_layout_cues_segments_without_error(pieces: list[str]) -> None:
    page = "".join(pieces)
    for art in segment_page(page, "f.txt"):
        assert art.text and art.id.startswith("f.txt#")
        assert art.start is not None and art.end is not None and 0 <= art.start < art.end <= len(page)


def test_tight_layout_two_line_header_is_one_block() -> None:
    page = (
        "全县召开项目建设推进会\n"
        "本报讯（记者 赵山）7月5日，全县召开项目建设推进会。\n"
        "\n"
        "聚焦重点 加快进度\n"
        "全县重大项目上半年完成投资超过预期\n"
        "上半年，全县重大项目建设进展顺利。\n"
        "一面回应群众关切，一面也提出了下一步打算——\n"
        "“要把项目建设放在突出位置。”\n"
    )
    arts = segment_page(page, "t2.txt")
    assert [a.headline for a in arts] == ["全县召开项目建设推进会", "全县重大项目上半年完成投资超过预期"]
    assert arts[1].headlines[0] == "聚焦重点 加快进度" and "提出了下一步打算" in arts[1].text


def test_paragraph_joining_respects_indents_dashes_and_corner_quotes() -> None:
    from kg.ingest.text import paragraphs
    indented = f"标题\n{IND}第一段，没有句号\n{IND}第二段。\n"
    assert [p.text for p in paragraphs(indented)] == ["标题", "第一段,没有句号", "第二段。"]
    assert [p.indented for p in paragraphs(indented)] == [False, True, True]
    assert [p.text for p in paragraphs("营林造林，发展林下经济——\n因林而兴\n")] == ["营林造林,发展林下经济——", "因林而兴"]
    assert len(paragraphs("他说：「真好。」\n下一段，接着。\n")) == 2
    assert [p.gap for p in paragraphs("甲\n\n\n乙\n")] == [0, 2]
    broken = "要提高认识，全\n\n区各级组织要协作。\n"  # a line broken mid-word still joins
    assert [p.text for p in paragraphs(broken)] == ["要提高认识,全区各级组织要协作。"]


def test_dateline_release_date_anchors_relative_days() -> None:
    page = "区里召开会议\n\n本报北京7月2日电（记者 张三）昨天，区里召开会议。\n"
    (art,) = segment_page(page, "rel.txt")
    assert art.text == "昨天,区里召开会议。" and art.date == "--07-01"

"""Page segmentation into articles."""

from __future__ import annotations

from kg.ingest.segment import segment_page

TWO_ARTICLES = """

区领导到区商务局调研 打好招商引资主动仗

本报讯 日前,区委书记张三到区商务局调研招商引资工作。

张三表示,招商引资工作是区委的中心工作,全

区各级各类组织要通力协作。

记者 王五

通讯员 赵六 钱七

劳动最光荣 奋斗最幸福

区政协理论学习中心组举行集体学习

本报讯 近日,区政协举行集体学习。记者 王五
"""


def test_two_articles_with_kicker_and_split_byline() -> None:
    first, second = segment_page(TWO_ARTICLES, "p.txt")
    assert first.headline == "区领导到区商务局调研 打好招商引资主动仗"
    assert first.byline.reporters == ["王五"] and first.byline.correspondents == ["赵六", "钱七"]
    assert "全区各级各类组织" in first.text and "记者" not in first.text
    assert first.text.startswith("日前,")
    assert second.headline == "区政协理论学习中心组举行集体学习"
    assert second.headlines == ["劳动最光荣 奋斗最幸福", "区政协理论学习中心组举行集体学习"]
    assert second.byline.reporters == ["王五"] and second.text == "近日,区政协举行集体学习。"
    assert first.id.startswith("p.txt#") and first.id != second.id and second.index == 1
    # ids are content-based: the second article keeps its id when the first one is gone
    (alone,) = segment_page(TWO_ARTICLES.split("记者 王五\n\n通讯员 赵六 钱七")[1], "p.txt")
    assert alone.id == second.id and alone.index == 0


def test_lead_printed_before_its_headline_joins_that_article() -> None:
    page = ("今年以来,全区紧紧围绕工作总格局,推动开放招商总量与质量双提升。记者 王五 通讯员 赵六\n\n"
            "创新工作思路 推动开放招商\n\n坚持创新驱动与开放带动相结合\n\n紧紧抓住开放发展的独特优势,探索新模式。\n\n"
            "区政府采购网上商城 交易额突破1500万元\n\n本报讯 按照总体部署,网上商城全面推广。\n\n记者 王五\n")
    first, second = segment_page(page, "lead.txt")
    assert first.headline == "创新工作思路 推动开放招商"
    assert first.text.startswith("今年以来") and "坚持创新驱动" in first.text
    assert first.byline.reporters == ["王五"] and first.byline.correspondents == ["赵六"]
    assert second.headline == "区政府采购网上商城 交易额突破1500万元"


def test_equal_length_kicker_and_main_line_picks_the_main_line() -> None:
    page = "不断加大研发投入 提高能力\n\n区举办研发费用入统业务培训会\n\n本报讯 2月7日,区里举办培训会。\n"
    (art,) = segment_page(page, "x.txt")
    assert art.headline == "区举办研发费用入统业务培训会"
    assert art.date == "--02-07"


def test_articles_without_dateline_are_split_after_bylines() -> None:
    page = ("区里召开防汛会议\n\n5月8日,区里召开防汛会议,部署工作。\n\n记者 王五\n\n"
            "区里召开人才会议\n\n近日,区里召开人才会议。\n\n记者 王五\n")
    arts = segment_page(page, "y.txt")
    assert [a.headline for a in arts] == ["区里召开防汛会议", "区里召开人才会议"]


def test_district_detection_and_forced_district() -> None:
    page = "中原区召开会议\n\n本报讯 中原区委书记张三主持召开会议。中原区各街道参加。\n"
    assert segment_page(page, "d.txt")[0].district == "中原区"
    assert segment_page(page, "d.txt", district="二七区")[0].district == "二七区"


def test_body_offsets_point_into_the_page() -> None:
    (art,) = segment_page(TWO_ARTICLES.split("劳动最光荣")[0], "o.txt")
    assert art.start is not None and art.end is not None
    assert TWO_ARTICLES[art.start:art.start + 3] == "本报讯"


def test_reporter_line_after_headline_and_fullwidth_dateline() -> None:
    page = "区领导督导防汛工作\n本报记者 张三\n本报讯（通讯员 李四）5月8日，区长王五督导防汛工作。\n"
    (art,) = segment_page(page, "z.txt")
    assert art.headline == "区领导督导防汛工作"
    assert art.byline.reporters == ["张三"] and art.byline.correspondents == ["李四"]
    assert art.text == "5月8日,区长王五督导防汛工作。" and art.date == "--05-08"


def test_dateline_without_headline_is_its_own_article() -> None:
    page = ("县委常委会召开会议\n\n本报讯(记者 陈晓东)3月2日,县委书记周立军主持召开会议。\n\n"
            "本报讯(记者 陈晓东)近日,县市场监管局开展食品安全专项检查。\n")
    first, second = segment_page(page, "h.txt")
    assert first.headline == "县委常委会召开会议" and "专项检查" not in first.text
    assert second.headline is None and second.text == "近日,县市场监管局开展食品安全专项检查。"


def test_page_header_line_gives_the_year_and_is_not_a_headline() -> None:
    page = "2020年3月17日 星期二 第2版\n\n区领导调研复工复产\n\n本报讯 3月16日下午,区长张三到莲湖街道调研。\n"
    (art,) = segment_page(page, "h.txt")
    assert art.headline == "区领导调研复工复产" and art.date == "2020-03-16"
    assert segment_page(page, "h.txt", default_year=2021)[0].date == "2020-03-16"
    assert segment_page(page.split("\n", 2)[2], "h.txt", default_year=2021)[0].date == "2021-03-16"

"""Bylines and event dates."""

from __future__ import annotations

import pytest

from kg.ingest.byline import split_byline, split_leading_byline
from kg.ingest.dates import event_date


@pytest.mark.parametrize(("para", "rest", "reporters", "correspondents"), [
    ("记者 张改华", "", ["张改华"], []),
    ("记者 张三 通讯员 李四 王五", "", ["张三"], ["李四", "王五"]),
    ("营造良好氛围。记者 张三", "营造良好氛围。", ["张三"], []),
    ("通讯员 木坤坤 郝欢欢", "", [], ["木坤坤", "郝欢欢"]),
    ("本报记者 欧阳明", "", ["欧阳明"], []),
])
def test_trailing_bylines(para: str, rest: str, reporters: list[str], correspondents: list[str]) -> None:
    got_rest, byline = split_byline(para)
    assert byline is not None
    assert (got_rest, byline.reporters, byline.correspondents) == (rest, reporters, correspondents)


@pytest.mark.parametrize("para", ["接受记者采访时说。", "记者们纷纷表示赞同。", "区委书记张三主持会议。"])
def test_prose_is_not_a_byline(para: str) -> None:
    assert split_byline(para)[1] is None


def test_leading_parenthesised_byline() -> None:
    rest, byline = split_leading_byline("(记者 张三 通讯员 李四)5月7日,区里召开会议。")
    assert rest == "5月7日,区里召开会议。"
    assert byline is not None and byline.reporters == ["张三"] and byline.correspondents == ["李四"]


@pytest.mark.parametrize(("body", "year", "expected"), [
    ("5月7日上午,二七区召开会议。", None, "--05-07"),
    ("2月11日,中原区举行2023年第二次项目观摩活动。", None, "2023-02-11"),
    ("2023年2月11日,中原区举行观摩活动。", None, "2023-02-11"),
    ("5月7日上午,二七区召开会议。", 2020, "2020-05-07"),
    ("近日,区里召开会议。会上观看了4月30日《新闻联播》。", None, None),
    ("信息采集工作全面展开。9月20日,召开会议;11月5日,全面展开。", None, "--11-05"),
    ("2月30日,召开会议。", None, None),
])
def test_event_date(body: str, year: int | None, expected: str | None) -> None:
    assert event_date(body, year) == expected

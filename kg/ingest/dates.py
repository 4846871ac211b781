"""Event dates and publication dates of an article, and typed handling of partial dates.

The *event date* is the date of the dateline sentence (the lead): the first ``M月D日``
of the article's first sentence after the page chrome, else the latest date of the body
written as a dateline ("11月5日,…"). Relative datelines (昨日/昨天, 前日/前天, 今日/今天)
count from the dateline's release date (``4月10日讯``) or the publication date.

The *publication date* comes only from the page header before the lead: a ``发布时间``/
``时间``/``日期`` line or a time stamp (``2016-03-04 15:40:25``, ``2021-11-02 点击数``).
Dates after the lead (footers, copyright lines, "上一条" menus) never count.

The year of a month-day dateline comes, in order, from: a full date in the lead
(``2023年2月15日下午``); the publication date when the event is not later in the year
than it (an event of 12月17日 published on 2025-01-14 keeps no year: ``--12-17``); a
year printed in the lead (not ``…年度``); a year-to-date phrase (``2021年来``) when it is
the only year of the body; the caller's metadata year. Otherwise the date stays
partial (``--MM-DD``), which :func:`kind`, :func:`sort_key` and :func:`in_range` treat
as its own type: never compared as text with a full date.

>>> event_date("本报讯 5月7日上午,二七区召开会议。2022年全区…")
'--05-07'
>>> event_date("2月11日,中原区举行2023年第二次项目观摩活动。")
'2023-02-11'
>>> event_date("5月7日上午,召开会议。", default_year=2020)
'2020-05-07'
>>> event_date("近日,召开会议。") is None
True
>>> event_date("首页>>正文 标题 来源:县政府 2016-03-04 15:40 【字号 连江讯 3月3日,召开2015年度表彰大会。")
'2016-03-03'
>>> event_date("发布时间: 2020年11月25日 11月19日下午,市长来我县调研。")
'2020-11-19'
>>> event_date("2025-01-14 18:14:52 融媒讯 12月17日,县长参加审议。")
'--12-17'
>>> event_date("2024-04-10 16:47 来源:东南网 东南网4月10日讯(通讯员 王五)4月8日,代表团来访。")
'2024-04-08'
>>> event_date("2023-05-08 10:00 来源:县融媒 昨日,县委召开会议。")
'2023-05-07'
"""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_YEAR = re.compile(r"(?<![\d—\-–~至到])(?P<y>(?:19|20)\d{2})\s*年(?!度|[前后]|\s*[—\-–~至到])")
_YEAR_TO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年以?来")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
_SENTENCE = re.compile(r"^[^。!?！？]*")
# A date used as a dateline: followed by a time of day or a comma, not by a title (4月30日《新闻联播》).
_DATELINE = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?=\s*(?:上午|下午|晚上?|早上|凌晨|中午|,|，))")
# A release date in a dateline credit (东南网4月10日讯, 新华社北京5月7日电): not the event.
_RELEASE = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:讯|电)")
# Publication stamps of the page header.
_ISO = r"(?P<y>(?:19|20)\d{2})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
_CN = r"(?P<y2>(?:19|20)\d{2})\s*年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日"
_STAMP = re.compile(rf"(?:(?:发布|发表|更新|出版)?(?:时间|日期)\s*[:：]\s*(?:{_ISO}|{_CN})"
                    rf"(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
                    rf"|{_ISO.replace('?P<', '?P<i_')}(?:\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)")
# Page chrome that may sit before the lead: navigation, counters, source lines, share buttons.
_CHROME = re.compile(r"(?:您所在的位置|当前位置|您当前位置)[:：]?[^\n。]*?(?:正文|>>|>)"
                     r"|【字号|字号[:：]?[ \t]*[大中小]*|浏览量?[:：]?[ \t]*\d*|点击(?:数|量)?[:：]?[ \t]*\d*|阅读(?:次数|量)?[:：]?[ \t]*\d*"
                     r"|分享到[:：]?|我来说两句|责任编辑[:：]\s*\S+|(?:稿件|信息)?来源[:：][ \t]*[^\s。,，]*"
                     r"|[|｜](?:[\s|｜]*[|｜])?|打印|收藏|关闭")
_RELATIVE = {"昨日": 1, "昨天": 1, "前日": 2, "前天": 2, "今日": 0, "今天": 0}
_RELATIVE_LEAD = re.compile(r"^[^,，。]{0,30}?(?P<w>昨日|昨天|前日|前天|今日|今天)")
# A dateline whose 月 the page dropped: "310日下午" on a page published 2016-03-14 is 3月10日.
_NO_MONTH = re.compile(r"^\W{0,3}(?P<md>\d{3,4})\s*日(?=\s*(?:上午|下午|晚上?|早上|凌晨|中午|,|，))")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _iso(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def publication_date(text: str) -> tuple[dt.date | None, int]:
    """The publication date of the page header, and where the header ends (0 when none).

    Only stamps and chrome before the first full stop count: a date in a footer,
    a menu after the article or a copyright line is never the publication date.

    >>> publication_date("标题 来源:县政府 2014-01-21 00:00 浏览量:1 1月18日,开幕。")[0]
    datetime.date(2014, 1, 21)
    >>> publication_date("1月18日,开幕。乡村振兴促进科 2023年8月21日")
    (None, 0)
    """
    stop = re.search(r"[。!?！？]", text)
    limit = stop.start() if stop else len(text)
    date: dt.date | None = None
    end = 0
    for m in _STAMP.finditer(text, 0, limit):
        groups = {k: v for k, v in m.groupdict().items() if v}
        y = groups.get("y") or groups.get("y2") or groups.get("i_y")
        mo = groups.get("m") or groups.get("m2") or groups.get("i_m")
        d = groups.get("d") or groups.get("d2") or groups.get("i_d")
        if y and mo and d and _valid(int(y), int(mo), int(d)):
            date = dt.date(int(y), int(mo), int(d))  # the last stamp before the lead
            end = max(end, m.end())
    if date is None:
        return None, 0
    for m in _CHROME.finditer(text, 0, limit):
        end = max(end, m.end())
    return date, end


def _lead(body: str, start: int) -> str:
    rest = body[start:].lstrip(" \t\n:：")
    m = _SENTENCE.match(rest)
    return m.group(0) if m else rest


def _year_to_date(body: str) -> int | None:
    """The year of a year-to-date phrase (2021年来) when the body mentions no other year."""
    years = {int(y) for y in _ANY_YEAR.findall(body)}
    m = _YEAR_TO_DATE.search(body)
    if m and years == {int(m["y"])}:
        return int(m["y"])
    return None


def event_date(body: str, default_year: int | None = None, published: str | None = None) -> str | None:
    """ISO date (``YYYY-MM-DD``), partial date (``--MM-DD``) or ``None``.

    Parameters
    ----------
    body : str
        The article body, page chrome included if the source had it.
    default_year : int, optional
        A year from page or record metadata, used only when the text has none.
    published : str, optional
        A publication date from metadata (``YYYY-MM-DD``: a crawler's field, a dated URL
        path), used like a page header stamp when the page itself prints none.

    >>> event_date("12月17日,县长参加审议。", published="2025-01-14"), event_date("1月3日,开会。", published="2025-01-14")
    ('--12-17', '2025-01-03')
    """
    pub, header_end = publication_date(body)
    if pub is None and published and kind(published.strip()[:10]) == "full":
        y, m, d = (int(x) for x in published.strip()[:10].split("-"))
        pub = dt.date(y, m, d) if _valid(y, m, d) else None
    sentence = _lead(body, header_end)
    release = _RELEASE.search(sentence)
    masked = _RELEASE.sub(lambda m: "□" * len(m.group(0)), sentence)
    full = _FULL.search(masked)
    if full:
        y, m, d = int(full["y"]), int(full["m"]), int(full["d"])
        if _valid(y, m, d):
            return _iso(y, m, d)
    md = _MONTH_DAY.search(masked)
    if md:
        m, d = int(md["m"]), int(md["d"])
    elif (rel := _RELATIVE_LEAD.search(masked)) and (release or pub):
        return _relative(_RELATIVE[rel["w"]], release, pub)
    elif pub and (glitch := _NO_MONTH.search(masked)) and (fixed := _month_dropped(glitch["md"], pub)):
        m, d = fixed
    else:  # no date in the lead: the latest dateline-shaped date of the body after the header
        found = [(int(x["m"]), int(x["d"])) for x in _DATELINE.finditer(body, header_end)]
        if not found:
            return None
        m, d = max(found)
    if not _valid(2000, m, d):
        return None
    year = _year_for(m, d, pub, masked, body, default_year)
    if year and _valid(year, m, d):
        return _iso(year, m, d)
    return f"--{m:02d}-{d:02d}"


def _year_for(m: int, d: int, pub: dt.date | None, lead: str, body: str, default_year: int | None) -> int | None:
    if pub is not None:  # an event later in the year than its publication is from an earlier year
        return pub.year if (m, d) <= (pub.month, pub.day) else None
    year_match = _YEAR.search(lead)
    if year_match:
        return int(year_match["y"])
    return _year_to_date(body) or default_year


def _relative(days: int, release: re.Match[str] | None, pub: dt.date | None) -> str | None:
    if release is not None:
        m, d = int(release["m"]), int(release["d"])
        year = pub.year if pub and (m, d) <= (pub.month, pub.day) else None
        if not _valid(year or 2001, m, d):
            return None
        ref = dt.date(year or 2001, m, d) - dt.timedelta(days=days)
        return ref.isoformat() if year else f"--{ref.month:02d}-{ref.day:02d}"
    assert pub is not None
    return (pub - dt.timedelta(days=days)).isoformat()


def _month_dropped(digits: str, pub: dt.date) -> tuple[int, int] | None:
    """``310`` on a page of 2016-03-14 → (3, 10): the split that falls shortly before publication."""
    for cut in (1, 2):
        m, d = int(digits[:cut]), int(digits[cut:])
        if len(digits[cut:]) == 2 and 1 <= m <= 12 and _valid(pub.year, m, d):
            lag = (pub - dt.date(pub.year, m, d)).days
            if 0 <= lag <= 31:
                return m, d
    return None


def year_of(value: str | int | None) -> int | None:
    """The year of a metadata date ("2023-02-11", "2023", 2023), if any.

    >>> year_of("2023-02-11"), year_of(None), year_of("--05-07")
    (2023, None, None)
    """
    if value is None:
        return None
    m = re.match(r"\s*((?:19|20)\d{2})", str(value))
    return int(m.group(1)) if m else None


_FULL_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_ISO = re.compile(r"^--\d{2}-\d{2}$")


def kind(value: str | None) -> str | None:
    """``"full"`` (2023-02-11), ``"partial"`` (--02-11, no year known) or ``None`` for anything else.

    >>> kind("2023-02-11"), kind("--02-11"), kind("2023"), kind(None)
    ('full', 'partial', None, None)
    """
    if not value:
        return None
    if _FULL_ISO.match(value):
        return "full"
    if _PARTIAL_ISO.match(value):
        return "partial"
    return None


def sort_key(value: str | None) -> tuple[int, str]:
    """Sort key: full dates chronologically, then partial dates by month-day, then unknown.

    >>> sorted(["--05-05", "2020-01-01", None, "2019-12-31"], key=sort_key)
    ['2019-12-31', '2020-01-01', '--05-05', None]
    """
    k = kind(value)
    if k == "full":
        return (0, str(value))
    if k == "partial":
        return (1, str(value)[2:])
    return (2, "")


def in_range(value: str | None, start: str | None = None, end: str | None = None) -> bool | None:
    """Whether a date lies in ``[start, end]``: True/False for full dates, ``None`` (unknown) for partial ones.

    A partial date is in range only when no bound is set; with a bound its year is
    unknown, so the answer is ``None`` — callers keep or flag it, never compare it as text.

    >>> in_range("2020-03-01", "2020-01-01", "2020-12-31"), in_range("--05-05", None, "2000-01-01")
    (True, None)
    """
    k = kind(value)
    if k is None:
        return None if (start or end) else True
    if k == "partial":
        return None if (start or end) else True
    assert value is not None
    return (start is None or value >= start) and (end is None or value <= end)

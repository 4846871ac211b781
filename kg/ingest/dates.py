"""Event dates from an article's dateline sentence.

The event date is the first ``M月D日`` of the body's first sentence (else the latest
date of the body written as a dateline, "11月5日,…"). The year is
taken from that sentence ("2月11日,中原区举行2023年…" → 2023) or, when the text
states none, from page/record metadata; otherwise the date stays partial.

>>> event_date("本报讯 5月7日上午,二七区召开会议。2022年全区…")
'--05-07'
>>> event_date("2月11日,中原区举行2023年第二次项目观摩活动。")
'2023-02-11'
>>> event_date("5月7日上午,召开会议。", default_year=2020)
'2020-05-07'
>>> event_date("近日,召开会议。") is None
True
"""

from __future__ import annotations

import datetime as dt
import re

_FULL = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_MONTH_DAY = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*年(?!度?[前后]\d)")
_FIRST_SENTENCE = re.compile(r"^[^。!?]*")
# A date used as a dateline: followed by a time of day or a comma, not by a title (4月30日《新闻联播》).
_DATELINE = re.compile(r"(?<!\d)(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日(?=\s*(?:上午|下午|晚上?|早上|凌晨|中午|,|，))")


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def event_date(body: str, default_year: int | None = None) -> str | None:
    """ISO date (``YYYY-MM-DD``), partial date (``--MM-DD``) or ``None``.

    Parameters
    ----------
    body : str
        The article body (the dateline is its first sentence).
    default_year : int, optional
        A year from page or record metadata, used only when the text has none.
    """
    first = _FIRST_SENTENCE.match(body)
    sentence = first.group(0) if first else body
    full = _FULL.search(sentence)
    if full:
        y, m, d = int(full["y"]), int(full["m"]), int(full["d"])
        if _valid(y, m, d):
            return f"{y:04d}-{m:02d}-{d:02d}"
    md = _MONTH_DAY.search(sentence)
    if md:
        m, d = int(md["m"]), int(md["d"])
    else:  # no date in the dateline sentence: the latest dateline-shaped date of the body
        found = [(int(x["m"]), int(x["d"])) for x in _DATELINE.finditer(body)]
        if not found:
            return None
        m, d = max(found)
    if not _valid(2000, m, d):
        return None
    year_match = _YEAR.search(sentence)
    year = int(year_match["y"]) if year_match else default_year
    if year and _valid(year, m, d):
        return f"{year:04d}-{m:02d}-{d:02d}"
    return f"--{m:02d}-{d:02d}"


def year_of(value: str | int | None) -> int | None:
    """The year of a metadata date ("2023-02-11", "2023", 2023), if any.

    >>> year_of("2023-02-11"), year_of(None), year_of("--05-07")
    (2023, None, None)
    """
    if value is None:
        return None
    m = re.match(r"\s*((?:19|20)\d{2})", str(value))
    return int(m.group(1)) if m else None

"""Splitting a newspaper page dump into articles.

A page holds several articles. An article opens with one to three headline
lines (a kicker line and the main line) followed by a body that starts with a
dateline marker (本报讯), or follows a byline that closed the previous article.
A lead paragraph printed before its headline (a paragraph with no headline of
its own) is joined to the article whose headline follows it.

>>> page = "劳动最光荣\\n\\n政协举行集体学习\\n\\n本报讯 近日举行学习。\\n\\n记者 张三\\n\\n"
>>> [a.headline for a in segment_page(page, "p.txt")]
['政协举行集体学习']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ingest.byline import merge, split_byline, split_leading_byline
from kg.ingest.dates import event_date
from kg.ingest.district import detect_district
from kg.ingest.text import CJK, TERMINAL, Paragraph, paragraphs
from kg.models import Article, Byline

MARKER = re.compile(r"^(?:本报讯|本报[^\s,。]{1,10}讯|本报记者)[ \t:]*")
_HEADLINE_MAX = 64
# A page header line: "2023年2月11日 星期六", "第3版 要闻", "2023年2月11日 第3版".
_PAGE_HEADER = re.compile(r"^(?=.{0,40}$)(?:.*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*(?:星期|周).)?"
                          r"(?:\s*第?\s*\d+\s*版.*)?|第\s*\d+\s*版.*)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_HEADLINE_PUNCT = re.compile(r"[,，。;；:：]")


@dataclass
class _Kind:
    marker: bool
    byline_only: bool
    ends_with_byline: bool
    headline_like: bool


def _classify(p: Paragraph) -> _Kind:
    rest, byline = split_byline(p.text)
    byline_only = byline is not None and not rest
    marker = bool(MARKER.match(p.text)) and not byline_only  # "本报记者 张三" alone is a byline line
    headline_like = (
        not marker
        and not byline_only
        and len(p.text) <= _HEADLINE_MAX
        and not p.text.endswith(tuple(TERMINAL))
        and not _HEADLINE_PUNCT.search(p.text)
        and bool(CJK.search(p.text))
    )
    return _Kind(marker, byline_only, byline is not None, headline_like)


def _starts(kinds: list[_Kind]) -> list[int]:
    """Indices of paragraphs that open an article (its first headline line)."""
    starts: set[int] = set()
    n = len(kinds)
    for i, k in enumerate(kinds):
        if k.marker or (k.byline_only and i + 1 < n and not kinds[i + 1].headline_like
                        and not kinds[i + 1].byline_only and i > 0 and kinds[i - 1].headline_like):
            j = i
            if k.marker and j > 1 and kinds[j - 1].byline_only and kinds[j - 2].headline_like:
                j -= 1  # a reporter line between the headline and the dateline
            top = j
            while j > 0 and top - j < 3 and kinds[j - 1].headline_like:
                j -= 1
            starts.add(j)
        if k.ends_with_byline and i + 1 < n and kinds[i + 1].headline_like:
            starts.add(i + 1)
    return sorted(starts)


def _segments(kinds: list[_Kind]) -> list[tuple[int, int]]:
    """``(start, end)`` paragraph ranges of articles.

    A range with no headline joins the next one (a lead printed before its
    headline) — unless it opens with a dateline, which makes it an article of its
    own even without a headline.
    """
    bounds = _starts(kinds)
    if not bounds or bounds[0] != 0:
        bounds = [0, *bounds]
    ranges = [(b, e) for b, e in zip(bounds, [*bounds[1:], len(kinds)], strict=True)]
    merged: list[tuple[int, int]] = []
    pending: int | None = None
    for b, e in ranges:
        if pending is not None:
            b, pending = pending, None
        if not any(kinds[i].headline_like or kinds[i].marker for i in range(b, e)):
            if (b, e) == ranges[-1] and merged:  # trailing fragment: part of the last article
                merged[-1] = (merged[-1][0], e)
            else:
                pending = b
            continue
        merged.append((b, e))
    if pending is not None and merged:
        merged[-1] = (merged[-1][0], len(kinds))
    return merged


def _headline_range(kinds: list[_Kind], paras: list[Paragraph], b: int, e: int) -> tuple[int, int]:
    """The ``[start, end)`` paragraph indices of an article's headline lines (empty if none)."""
    if kinds[b].marker:
        return b, b
    h = b
    while h < e and not kinds[h].headline_like:  # a lead printed before the headline
        h += 1
    end = h + 1
    while end < e and end - h < 3 and kinds[end].headline_like:
        end += 1
    if end < e and kinds[end].marker:
        return h, end  # every line before the dateline is headline
    # No dateline follows: a second line is the main line only if clearly longer than the
    # first (a kicker); otherwise it is a subhead of the body.
    if end - h >= 2 and len(paras[h + 1].text) >= len(paras[h].text) + 4:
        return h, h + 2
    return h, min(h + 1, e)


def split_body(paras: Iterable[Paragraph]) -> tuple[list[Paragraph], Byline]:
    """Body paragraphs without datelines (本报讯) and bylines, and the merged byline.

    >>> body, by = split_body(paragraphs("本报记者 张三\\n本报讯(通讯员 李四)近日召开会议。记者 王五"))
    >>> [p.text for p in body], by.reporters, by.correspondents
    (['近日召开会议。'], ['张三', '王五'], ['李四'])
    """
    byline = Byline()
    body: list[Paragraph] = []
    for para in paras:
        rest, whole = split_byline(para.text)
        if whole is not None and not rest:  # a byline line, e.g. "本报记者 张三"
            byline = merge(byline, whole)
            continue
        content = MARKER.sub("", para.text, count=1)
        content, lead = split_leading_byline(content)
        content, tail = split_byline(content)
        for found in (lead, tail):
            if found:
                byline = merge(byline, found)
        if content:
            body.append(Paragraph(content, para.start, para.end))
    return body, byline


def segment_page(
    text: str,
    file: str,
    *,
    id_prefix: str | None = None,
    default_year: int | None = None,
    district: str | None = None,
) -> list[Article]:
    """Split decoded page ``text`` into :class:`~kg.models.Article` records.

    Parameters
    ----------
    text : str
        The decoded page.
    file : str
        File name recorded on each article (``file`` field).
    id_prefix : str, optional
        Prefix of the article ids (defaults to ``file``); ids are ``PREFIX#INDEX``.
    default_year : int, optional
        Year from config, used when an article states none; a page header line
        ("2023年2月11日 星期六 第3版"), being specific to the page, takes precedence.
    district : str, optional
        Force the district instead of detecting it from the text.
    """
    paras = paragraphs(text)
    headers = [p for p in paras if _PAGE_HEADER.match(p.text) and not MARKER.match(p.text)]
    if headers:  # page metadata: its year dates articles whose text states none
        year = next((int(m.group(1)) for h in headers if (m := _YEAR.search(h.text))), None)
        default_year = year or default_year  # the page's own date is more specific than config
        paras = [p for p in paras if p not in headers]
    kinds = [_classify(p) for p in paras]
    articles: list[Article] = []
    for index, (b, e) in enumerate(_segments(kinds)):
        hb, he = _headline_range(kinds, paras, b, e)
        heads = [paras[i].text for i in range(hb, he)]
        # The main line is the longer one, counting printed characters (a kicker is often two
        # short phrases split by a space); on a tie, the main line is the last.
        headline = max(reversed(heads), key=lambda h: len(h.replace(" ", ""))) if heads else None
        body, byline = split_body(paras[i] for i in [*range(b, hb), *range(he, e)])
        body_text = "\n".join(p.text for p in body)
        articles.append(
            Article(
                id=f"{id_prefix or file}#{index}",
                text=body_text,
                headline=headline,
                headlines=heads,
                date=event_date(body_text, default_year),
                district=district or detect_district(headline, body_text),
                byline=byline,
                file=file,
                index=index,
                start=body[0].start if body else None,
                end=body[-1].end if body else None,
            )
        )
    return articles

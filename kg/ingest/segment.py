"""Splitting a newspaper page dump into articles.

A page holds several articles. An article opens with one to three headline
lines (kicker, main line, subtitle) followed by its body. What marks the start
of an article depends on the paper and on the tool that dumped the page, so the
rules are layout cues, each general (:mod:`kg.ingest.cues` holds the words):

* a dateline opening the body (本报讯, 本报长沙7月2日电, 新华社北京7月1日电, X网讯),
  with the headline lines above it, or a byline line between headline and body;
* a paragraph that closes the previous article: a byline (记者 X 通讯员 Y), an end
  mark ("(本报X电)", "(完)", "(作者为…)");
* a kicker ending in a dash, a subtitle opening with one, a column tag ("(人民论坛)");
* crawler labels ("标题:", "副标题:", "作者:", "来源:") and separator lines;
* the page's paragraph layout: where bodies are indented, flush lines are
  headlines; where body paragraphs are not blank-separated, a blank line next to
  headline lines closes an article (a crawler's empty kicker/subtitle slot);
* on a page with none of these, any headline line above a body paragraph that
  is not a numbered subhead.

A lead paragraph printed before its headline (a paragraph with no headline of
its own) is joined to the article whose headline follows it. Page furniture
(headers, editor lines, "(下转第2版)"), advertisements (headline lines with no
body) and photo items (a title over a caption ending in a photo credit) are no
articles. Cue words are matched on :func:`~kg.ingest.cues.fold` text, so a page
in traditional characters splits like its simplified version.

>>> page = "劳动最光荣\\n\\n政协举行集体学习\\n\\n本报讯 近日举行学习。\\n\\n记者 张三\\n\\n"
>>> [a.headline for a in segment_page(page, "p.txt")]
['政协举行集体学习']
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from kg.ingest.byline import merge, split_byline, split_leading_byline
from kg.ingest.cues import (
    BOX_LABEL,
    COLUMN_TAG,
    DATELINE,
    END_MARK,
    FURNITURE,
    HEADLINE_LABELS,
    JUMP,
    KICKER_END,
    KICKER_LABELS,
    LABEL,
    META_LABELS,
    NUMBERED,
    PHOTO_CREDIT,
    SEPARATOR,
    SUBTITLE_LABELS,
    SUBTITLE_START,
    dateline_medium,
    fold,
)
from kg.ingest.dates import event_date
from kg.ingest.district import detect_district
from kg.ingest.text import CJK, TERMINAL, Paragraph, indented_layout, paragraphs
from kg.models import Article, Byline

log = logging.getLogger(__name__)

#: A dateline opening a body paragraph (kept under its old name; see :data:`kg.ingest.cues.DATELINE`).
MARKER = DATELINE
_HEADLINE_MAX = 64
# A page header line: "2023年2月11日 星期六", "第3版 要闻", "2023年2月11日 第3版".
_PAGE_HEADER = re.compile(r"^(?=.{0,40}$)(?:.*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*(?:星期|周).)?"
                          r"(?:\s*第?\s*[A-Z]?\d+\s*版.*)?|第\s*[A-Z]?\d+\s*版.*)$")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|[-/.]\d{1,2}[-/.]\d{1,2})")
_HEADLINE_PUNCT = re.compile(r"[,，。;；:：]")
# A caption item: a photo with a title and a line or two of text, not an article.
_CAPTION_MAX_CHARS = 300


@dataclass
class _Kind:
    marker: bool
    byline_only: bool
    ends_with_byline: bool
    headline_like: bool
    end_mark: bool = False
    caption: bool = False
    numbered: bool = False
    role: str | None = None  # "kicker" | "main" | "subtitle" when a label or a cue says so
    labelled: bool = False  # the role comes from a crawler label ("标题:") or a "#" heading
    after_break: bool = False  # the first paragraph after a separator line


@dataclass
class _Layout:
    """How a page sets its paragraphs apart.

    ``indents``: body paragraphs are indented, headline lines flush. ``tight``: body
    paragraphs follow one another with no blank line, so a blank line means something
    (the end of an article, or an empty kicker/subtitle slot of a crawler's header).
    """

    indents: bool = False
    tight: bool = False


def _classify(p: Paragraph, indents: bool = False, role: str | None = None) -> _Kind:
    """What a paragraph is; ``indents`` says the page indents its body paragraphs."""
    labelled = role is not None
    folded = fold(p.text)
    rest, byline = split_byline(p.text)
    byline_only = byline is not None and not rest
    marker = bool(DATELINE.match(folded)) and not byline_only  # "本报记者 张三" alone is a byline line
    end_mark = bool(END_MARK.match(folded))
    caption = not marker and bool(PHOTO_CREDIT.search(folded))
    if role is None:
        if SUBTITLE_START.match(p.text):
            role = "subtitle"
        elif KICKER_END.search(p.text):
            role = "kicker"
        elif COLUMN_TAG.search(p.text):
            role = "main"
    plain = (
        not marker and not byline_only and not end_mark and not caption
        and len(p.text) <= _HEADLINE_MAX
        and not p.text.endswith(tuple(TERMINAL))
        and bool(CJK.search(p.text))
    )
    if labelled:
        headline_like = bool(p.text)
    elif indents:  # a flush line among indented paragraphs is a headline line; an indented one is body
        headline_like = plain and not p.indented
    else:
        headline_like = plain and (not _HEADLINE_PUNCT.search(p.text)
                                   or (role in ("kicker", "subtitle") and not p.text.endswith(":")))
    return _Kind(marker and not labelled, byline_only and not labelled, byline is not None and not labelled,
                 headline_like, end_mark and not labelled, caption and not labelled, bool(NUMBERED.match(p.text)),
                 role, labelled)


def _starts(kinds: list[_Kind], paras: list[Paragraph] | None = None,
            layout: _Layout | None = None) -> list[int]:
    """Indices of paragraphs that open an article (its first headline line).

    Cues, in any layout: a dateline (本报讯, 本报长沙7月2日电…) with the headline
    lines above it; a byline line between a headline and its body; a headline after
    a paragraph that closes an article (a byline, "(本报X电)", "(完)"); a labelled
    headline ("标题:…"); a separator line; above a body, a kicker ending in a dash
    or a subtitle opening with one ("…——" / "——…"), or a headline closed by a column
    tag ("…(人民论坛)"). In a page that indents its body
    paragraphs, flush headline lines above an indented body; in a page whose body
    paragraphs are not blank-separated, headline lines next to a blank line. In a page
    with none of these cues, headline lines above a body paragraph (not a numbered
    subhead).
    """
    layout = layout or _Layout()
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
        if (k.ends_with_byline or k.end_mark) and i + 1 < n and kinds[i + 1].headline_like:
            starts.add(i + 1)
        if k.after_break:
            starts.add(i)
    # A page with no cue at all and no layout to read: every headline run above a body opens one.
    cueless = not layout.tight and not any(k.marker or k.ends_with_byline or k.end_mark or k.labelled
                                           for k in kinds)
    for i, j in _runs(kinds):
        labelled = [x for x in range(i, j) if kinds[x].labelled and kinds[x].role in ("main", "kicker")]
        if labelled:
            starts.add(labelled[0])
            continue
        if j >= n or kinds[j].headline_like or paras is None:
            continue  # no body follows: an advertisement or an orphan line
        if layout.indents:
            if paras[j].indented or kinds[j].marker or kinds[j].byline_only:
                starts.add(max(i, j - 3))
            continue
        if kinds[i].numbered or paras[j - 1].text.endswith(":"):
            continue
        dashed = any((x < j - 1 and paras[x].text.endswith("—"))  # a kicker "…——" above its main line
                     or (x > i and kinds[x].role == "subtitle")  # a subtitle "——…" below it
                     for x in range(i, j))
        tagged = any(kinds[x].role == "main" for x in range(i, j))  # "…(人民论坛)": a column's headline
        blank = i > 0 and (paras[i].gap > 0 or paras[j].gap > 0)  # a blank line before or after
        if cueless or dashed or tagged or (layout.tight and blank):
            starts.add(max(i, j - 3))
    return sorted(starts)


def _runs(kinds: list[_Kind]) -> list[tuple[int, int]]:
    """``[i, j)`` ranges of consecutive headline-like paragraphs."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(kinds):
        if kinds[i].headline_like:
            j = i
            while j < len(kinds) and kinds[j].headline_like:
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    return runs


def _segments(kinds: list[_Kind], paras: list[Paragraph] | None = None, layout: _Layout | None = None
              ) -> list[tuple[int, int]]:
    """``(start, end)`` paragraph ranges of articles.

    A range with no headline joins the next one (a lead printed before its
    headline) — unless it opens with a dateline, which makes it an article of its
    own even without a headline.
    """
    bounds = _starts(kinds, paras, layout)
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


def _headline_range(kinds: list[_Kind], paras: list[Paragraph], b: int, e: int,
                    layout: _Layout | None = None) -> tuple[int, int]:
    """The ``[start, end)`` paragraph indices of an article's headline lines (empty if none)."""
    if kinds[b].marker:
        return b, b
    h = b
    while h < e and not kinds[h].headline_like:  # a lead printed before the headline
        h += 1
    if h >= e:
        return e, e
    end = h + 1
    while end < e and end - h < 3 and kinds[end].headline_like:
        end += 1
    layout = layout or _Layout()
    if layout.indents or (end < e and kinds[end].marker):
        return h, end  # every flush line / every line before the dateline is headline
    if layout.tight and (h == 0 or paras[h].gap > 0 or (end < e and paras[end].gap > 0)):
        return h, end  # a blank line opens or closes the header block
    if any(kinds[i].role in ("kicker", "subtitle") or kinds[i].labelled for i in range(h, end)):
        return h, end  # a dash or a label marks the lines as one headline group
    # No dateline follows: a second line is the main line only if clearly longer than the
    # first (a kicker); otherwise it is a subhead of the body.
    if end - h >= 2 and len(paras[h + 1].text) >= len(paras[h].text) + 4:
        return h, h + 2
    return h, min(h + 1, e)


def _cells(paras: list[Paragraph], hb: int, he: int, next_gap: int) -> list[int | None]:
    """The header block of headline lines ``[hb, he)``: each line, ``None`` for each blank line."""
    cells: list[int | None] = [None] * paras[hb].gap
    for i in range(hb, he):
        if i > hb:
            cells += [None] * paras[i].gap
        cells.append(i)
    return cells + [None] * next_gap


def _slotted(kinds: list[_Kind], paras: list[Paragraph]) -> bool:
    """Whether the page prints every header as a crawler's three slots (kicker, main,
    subtitle; a blank line for an empty one): most header blocks next to a blank line
    are exactly three lines, blank ones included, and some have the blank line
    between headline and body."""
    blocks = [(i, j) for i, j in _runs(kinds) if j < len(kinds) and not kinds[j].headline_like
              and (paras[i].gap or paras[j].gap)]  # header blocks next to a blank line
    three = [len(_cells(paras, i, j, paras[j].gap)) == 3 for i, j in blocks]
    # A blank line between headline and body is an empty slot; articles merely set apart by
    # blank lines have none there.
    return (bool(blocks) and sum(three) >= 0.8 * len(three)
            and any(paras[j].gap for _i, j in blocks))


def _main_line(kinds: list[_Kind], paras: list[Paragraph], hb: int, he: int, next_gap: int | None,
               slots: bool) -> int:
    """Index of the main line among the headline lines ``[hb, he)``.

    In order: a line labelled or marked as main (a column tag); the middle slot of a
    crawler's kicker/main/subtitle triple (``slots``: empty slots are blank lines);
    else, leaving out lines marked as kicker (…强调, ending in a dash) or subtitle
    (opening with a dash), the longest line counting printed characters, the last
    one on a tie (half-width digits and letters count half).
    """
    lines = list(range(hb, he))
    labelled = [i for i in lines if kinds[i].role == "main"]
    if len(labelled) == 1:
        return labelled[0]
    if slots and next_gap is not None:
        cells = _cells(paras, hb, he, next_gap)
        if len(cells) == 3 and cells[1] is not None:
            return cells[1]
    candidates = [i for i in lines if kinds[i].role not in ("kicker", "subtitle")] or lines
    return max(reversed(candidates), key=lambda i: _width(paras[i].text))


def _printed(text: str, p: Paragraph) -> str:
    """A headline line as printed on the page (full-width brackets kept), else as cleaned."""
    raw = text[p.start:p.end]
    return raw if len(raw) == len(p.text) and "\n" not in raw and "\r" not in raw else p.text


def _width(line: str) -> float:
    """Printed width of a headline line: a half-width character is half a cell, spaces none."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line if not ch.isspace())


def _is_caption(kinds: list[_Kind], paras: list[Paragraph], body: list[int]) -> bool:
    """A photo with its title: one or two short paragraphs, the last a photo credit."""
    text = [i for i in body if not kinds[i].byline_only]
    return (0 < len(text) <= 2 and kinds[text[-1]].caption and not any(kinds[i].marker for i in text)
            and sum(len(paras[i].text) for i in text) <= _CAPTION_MAX_CHARS)


def article_id(prefix: str, headline: str | None, body: str, seen: dict[str, int]) -> str:
    """A stable id from the article's content, not its position: ``PREFIX#LABEL-HASH``.

    The label is the headline's first word characters and the hash that of the
    headline (of the body's first 40 characters when there is none). Deleting or
    inserting another article of the page leaves the id unchanged; a repeated key
    gets ``-2``, ``-3`` suffixes.

    >>> seen = {}
    >>> a = article_id("p.txt", "标题", "第一句。", seen)
    >>> a, article_id("p.txt", "标题", "另一句。", seen)
    ('p.txt#标题-748d7d', 'p.txt#标题-748d7d-2')
    """
    key = headline or body[:40]
    digest = hashlib.sha1(key.encode("utf-8", "replace")).hexdigest()[:6]
    label = re.sub(r"\W+", "", key)[:8]
    base = f"{prefix}#{label}-{digest}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


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
        folded = fold(para.text)
        if END_MARK.match(folded):  # "(本报X电)", "(完)", "(记者 张三)" closing the article
            found = split_leading_byline(para.text)[1]
            byline = merge(byline, found) if found else byline
            continue
        dateline = DATELINE.match(folded)
        medium = dateline_medium(dateline) if dateline else None
        if medium:  # "梨树时报讯": the medium is the article's source credit (read from the original text)
            at = dateline.start("agency") if dateline.group("agency") else dateline.start("medium")
            byline = merge(byline, Byline(media=[para.text[at:at + len(medium)]]))
        content = para.text[dateline.end():] if dateline else para.text
        content = JUMP.sub("", content).strip()  # "(下转第二版)": the rest is on another page
        content, lead = split_leading_byline(content, after_dateline=dateline is not None)
        content, tail = split_byline(content)
        for found in (lead, tail):
            if found:
                byline = merge(byline, found)
        if content:
            body.append(Paragraph(content, para.start, para.end))
    return body, byline


def _page_lines(paras: list[Paragraph]) -> tuple[list[Paragraph], list[str | None], list[bool], int | None]:
    """Drop page furniture and crawler metadata; read crawler labels.

    Returns the remaining paragraphs; the headline role a label gives each one
    ("标题:" or a "# " heading: main, "引题:" kicker, "副标题:" subtitle; else
    ``None``); whether each one follows a separator line ("-----"); and the year of a
    page header line ("2023年2月11日 星期六 第3版", "日期:2023-02-11"), if any.
    """
    year: int | None = None
    kept: list[Paragraph] = []
    roles: list[str | None] = []
    breaks: list[bool] = []
    broken = False

    def keep(p: Paragraph, role: str | None) -> None:
        nonlocal broken
        kept.append(p)
        roles.append(role)
        breaks.append(broken and len(kept) > 1)
        broken = False

    for p in paras:
        folded = fold(p.text)
        if SEPARATOR.match(p.text):
            broken = True
            continue
        label = LABEL.match(folded)
        if label:
            name = label.group("label") or "#"
            value = p.text[label.start("value" if label.group("label") else "hash"):].strip()
            if name in META_LABELS:
                if year is None and (m := _YEAR.search(value)):
                    year = int(m.group(1))
                continue
            if not value:
                continue
            if name == "作者":
                keep(Paragraph(f"记者 {value}", p.start, p.end, p.indented, p.gap), None)
                continue
            role = ("kicker" if name in KICKER_LABELS else "subtitle" if name in SUBTITLE_LABELS
                    else "main" if name in HEADLINE_LABELS or name == "#" else None)
            keep(Paragraph(value, p.end - len(value), p.end, p.indented, p.gap), role)
            continue
        if _PAGE_HEADER.match(p.text) and not DATELINE.match(folded):
            if year is None and (m := _YEAR.search(p.text)):
                year = int(m.group(1))
            continue
        if FURNITURE.match(folded) or BOX_LABEL.match(folded):
            continue
        keep(p, None)
    return kept, roles, breaks, year


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
        Prefix of the article ids (defaults to ``file``); ids are ``PREFIX#HASH``
        (:func:`article_id`: headline and first sentence), ``index`` is the position.
    default_year : int, optional
        Year from config, used when an article states none; a page header line
        ("2023年2月11日 星期六 第3版"), being specific to the page, takes precedence.
    district : str, optional
        Force the district instead of detecting it from the text.

    Headlines keep the characters printed on the page (full-width brackets stay);
    bodies are width-folded like every paragraph. Page furniture (editor lines,
    "(下转第2版)"), advertisements (headline lines with no body) and photo items
    (a title over a caption ending in a photo credit) are no articles.
    """
    paras, roles, breaks, year = _page_lines(paragraphs(text))
    default_year = year or default_year  # the page's own date is more specific than config
    indents = indented_layout(paras)
    kinds = [_classify(p, indents, role) for p, role in zip(paras, roles, strict=True)]
    for i, (kind, after_break) in enumerate(zip(kinds, breaks, strict=True)):
        kind.after_break = after_break
        if (not indents and kind.headline_like and not kind.labelled and kind.role == "kicker"
                and _HEADLINE_PUNCT.search(paras[i].text) and not (i + 1 < len(kinds) and kinds[i + 1].headline_like)):
            kind.headline_like = False  # "…, 也提出了诉求——" above a body paragraph is prose
    gaps = [paras[i].gap for i in range(1, len(paras)) if not kinds[i].headline_like
            and not kinds[i - 1].headline_like]
    slots = bool(gaps) and sorted(gaps)[len(gaps) // 2] == 0  # body paragraphs not blank-separated
    layout = _Layout(indents, slots)
    slotted = slots and _slotted(kinds, paras)
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for b, e in _segments(kinds, paras, layout):
        hb, he = _headline_range(kinds, paras, b, e, layout)
        rest = [*range(b, hb), *range(he, e)]
        while rest and kinds[rest[-1]].headline_like and rest[-1] >= he:
            rest.pop()  # trailing headline lines with no body: an advertisement or orphan line
        if hb < he and _is_caption(kinds, paras, rest):
            log.debug("%s: photo caption %r is no article", file, paras[hb].text)
            continue
        heads = [_printed(text, paras[i]) for i in range(hb, he)]
        main = _main_line(kinds, paras, hb, he, paras[he].gap if he < e else None, slotted) if heads else None
        headline = heads[main - hb] if main is not None else None
        body, byline = split_body(paras[i] for i in rest)
        body_text = "\n".join(p.text for p in body)
        if not body_text:
            log.debug("%s: headline %r has no body", file, headline)
            continue
        # The dateline is no body text, but its release date ("本报北京7月2日电") anchors 昨天/今天.
        lead = next((paras[i].text for i in rest if kinds[i].marker), "")
        dateline = DATELINE.match(fold(lead))
        dated = f"{lead[:dateline.end()]}{body_text}" if dateline else body_text
        index = len(articles)
        articles.append(
            Article(
                id=article_id(id_prefix or file, headline, body_text, seen),
                text=body_text,
                headline=headline,
                headlines=heads,
                date=event_date(dated, default_year),
                district=district or detect_district(headline, body_text, byline.media),
                byline=byline,
                file=file,
                index=index,
                start=body[0].start if body else None,
                end=body[-1].end if body else None,
            )
        )
    return articles

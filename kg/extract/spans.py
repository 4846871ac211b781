"""Span helpers shared by the rule components: name boundaries and left edges.

>>> from kg.extract.lexicon import Lexicon
>>> lex = Lexicon.load()
>>> text = "日前,中原区委书记乔耸到区商务局调研"
>>> text[left_edge(text, text.index("书记"), 0, lex):text.index("书记")]
'中原区委'
>>> end = name_end(text, text.index("乔"), lex)
>>> text[text.index("乔"):end]
'乔耸'
>>> strip_district("中原区教育局", "中原区"), strip_district("郑州市中原区文明办", "中原区")
('区教育局', '区文明办')
"""

from __future__ import annotations

import re
from collections.abc import Container

from kg.extract.lexicon import Lexicon

NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）“”·\-]")
HAN = re.compile(r"[\u4e00-\u9fff]")
#: Leading words that situate a phrase in time or place but are not part of a name.
LEADING = re.compile(r"^(?:日前|近日|目前|当天|今天|昨天|随后|同时|此外|其间|期间|会上|会前|会后|会中|上午|下午|晚上|"
                     r"典礼上|活动中|现场|实地|特别是|其中|尤其是|以及|及|和|与|暨)+")
# A character after a two-character name that shows the name has ended.
_AFTER_NAME = set("到在陪主出参一带先深实对表说指强要等和及就率调察来走为与向前赴是将也还又作代宣领讲介汇提详听了的以"
                  "所们会专分已此之告发称看督检认希副书局部常区县市省党委院长任席记理志、,。;:!?()“”\"")


def left_edge(text: str, pos: int, floor: int, lexicon: Lexicon, max_len: int = 24,
              blocked: Container[int] = ()) -> int:
    """Start of the name that ends at ``pos``'s left, walking back over name characters.

    The walk stops at ``floor``, at a non-name character, after a stop word
    (的, 到, 调研…), at a position in ``blocked`` (ends of other entities) or
    after ``max_len`` characters.
    """
    start = pos
    while start > floor and pos - start < max_len and start not in blocked:
        if not NAME_CHAR.match(text[start - 1]):
            break
        if lexicon.stop_re.search(text[max(floor, start - 4):start]):
            break
        start -= 1
    lead = LEADING.match(text, start, pos)
    if lead and lead.end() < pos:
        start = lead.end()
    return start


def name_end(text: str, pos: int, lexicon: Lexicon, ner_ends: dict[int, int] | None = None) -> int | None:
    """End of a personal name starting at ``pos``, or ``None`` when none starts there.

    A HanLP person span starting at ``pos`` decides the length; otherwise the
    name is a family name plus one or two characters, three when the third
    character cannot start the words that follow a name (到, 陪同, 一行…).
    """
    if ner_ends and pos in ner_ends and 2 <= ner_ends[pos] - pos <= 4:
        end = ner_ends[pos]
        return end if lexicon.is_surname(text[pos:end]) else None
    chunk = text[pos:pos + 4]
    if len(chunk) < 2 or not all(HAN.match(c) for c in chunk[:2]) or not lexicon.is_surname(chunk):
        return None
    base = 2 if chunk[:2] in lexicon.surnames else 1
    size = base + 1
    if len(chunk) > size and HAN.match(chunk[size]) and chunk[size] not in _AFTER_NAME:
        size += 1
    if chunk[base] in _AFTER_NAME:
        return None
    return pos + size


def district_base(district: str | None) -> str | None:
    """"中原区" -> "中原" (the part a title or organization drops)."""
    if not district:
        return None
    return district[:-1] if len(district) > 2 and district[-1] in "区县市旗州镇乡" else district


def strip_district(phrase: str, district: str | None) -> str:
    """Drop the district name (and anything before it) from ``phrase``, keeping the level char.

    ``"中原区委书记"`` in a 中原区 article becomes ``"区委书记"``.
    """
    base = district_base(district)
    if not base:
        return phrase
    i = phrase.find(base)
    if i < 0 or len(phrase) <= i + len(base) or phrase[i + len(base)] not in "区县市旗州镇乡":
        return phrase
    if i and not phrase[:i].endswith(("市", "省", "州")):  # 共青团中原区委 keeps its name
        return phrase
    return phrase[i + len(base):]


def clean_name(text: str) -> str:
    """An entity name as listed: quote marks removed, brackets kept."""
    return re.sub(r"[“”\"《》‘’]", "", text).strip()

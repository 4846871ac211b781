"""Parsing bylines: 记者 X 通讯员 Y Z, alone on a line or at the end of a paragraph.

>>> split_byline("营造良好氛围。记者 张改华")
('营造良好氛围。', Byline(reporters=['张改华'], correspondents=[], media=[]))
>>> split_byline("记者 张改华 通讯员 彭智慧 吴奕璐")[1].correspondents
['彭智慧', '吴奕璐']
>>> split_byline("接受记者采访时说。")[1] is None
True
"""

from __future__ import annotations

import re

from kg.ingest.cues import fold
from kg.models import Byline

#: A name: two to four characters, or two printed with a space between (凌 聪: a padded two-character name).
_NAME = r"(?!通讯员|记者|本报|特约|(?:首席|实习|见习)记者|编辑|摄影)(?:[\u4e00-\u9fff·]{2,4}|[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff](?![\u4e00-\u9fff]))"
_NAMES = rf"{_NAME}(?:[ \t、,]+{_NAME})*"
_REPORTER = rf"(?:本报|(?P<media>新华社|中新社|[\u4e00-\u9fff]{{1,6}}(?:社|网|台|日报|晚报)))?(?:首席|特约|实习|见习)?记者[ \t:]*(?P<rep>{_NAMES})"
_CORRESPONDENT = rf"(?:本报)?(?:特约)?通讯员[ \t:]*(?P<cor>{_NAMES})"
_TAIL = re.compile(
    rf"(?:^|(?<=[。!?”\"\s■□●○◆◇▲△★☆※•▪▶►]))[ \t]*(?:{_REPORTER})?[ \t]*(?:{_CORRESPONDENT})?[ \t]*$"
)
_LEADING = re.compile(
    rf"^\s*[(（]\s*(?:{_REPORTER})?[ \t]*(?:{_CORRESPONDENT})?\s*[)）]"
)


_BULLETS = "■□●○◆◇▲△★☆※•▪▶► \t"
#: "(王慧)", "(林志鑫 见习记者 魏庭飞)": names in brackets before the text, a reporter's label possibly between.
_BARE = re.compile(rf"^\s*[(（]\s*(?P<cor>{_NAMES})\s*(?:(?:首席|特约|实习|见习)?记者[ \t:]*(?P<rep>{_NAMES}))?\s*[)）]")


def _names(group: str | None) -> list[str]:
    """The names of a credit, split at spaces and 、; two single characters in a row are one padded
    two-character name ("凌 聪").

    >>> _names("凌 聪 王五"), _names("张三、李四")
    (['凌聪', '王五'], ['张三', '李四'])
    """
    out: list[str] = []
    single = False
    for token in re.split(r"[ \t\u3000、,]+", group or ""):
        if not token:
            continue
        if len(token) == 1 and single:
            out[-1] += token
            single = False
            continue
        out.append(token)
        single = len(token) == 1
    return [n for n in out if len(n) >= 2]


def _byline(text: str, m: re.Match[str]) -> Byline:
    """The names of match ``m`` (found on folded text), read from the original ``text``."""
    def group(name: str) -> str | None:
        return text[m.start(name):m.end(name)] if name in m.re.groupindex and m.group(name) else None
    return Byline(_names(group("rep")), _names(group("cor")), _names(group("media")))


def split_byline(paragraph: str) -> tuple[str, Byline | None]:
    """Split a trailing byline off ``paragraph``.

    Returns the text before the byline (stripped) and the :class:`Byline`, or
    the paragraph unchanged and ``None`` when it does not end with a byline.
    """
    m = _TAIL.search(fold(paragraph))
    if not m or not (m.group("rep") or m.group("cor")):
        return paragraph, None
    return paragraph[: m.start()].rstrip().rstrip(_BULLETS), _byline(paragraph, m)


def split_leading_byline(text: str, *, after_dateline: bool = False) -> tuple[str, Byline | None]:
    """Split a parenthesised byline off the start of ``text``: ``(记者 X 通讯员 Y)正文``.

    Right ``after_dateline`` (新华社北京7月1日电 (张三)), bare names in parentheses
    are credited as correspondents.

    >>> split_leading_byline("(张三)近日召开会议。", after_dateline=True)
    ('近日召开会议。', Byline(reporters=[], correspondents=['张三'], media=[]))
    """
    folded = fold(text)
    m = _LEADING.match(folded)
    if m and (m.group("rep") or m.group("cor")):
        return text[m.end():].lstrip(), _byline(text, m)
    if after_dateline and (m := _BARE.match(folded)):
        return text[m.end():].lstrip(), _byline(text, m)
    return text, None


def merge(a: Byline, b: Byline) -> Byline:
    """Union of two bylines, order kept, no duplicates."""
    return Byline(
        list(dict.fromkeys(a.reporters + b.reporters)),
        list(dict.fromkeys(a.correspondents + b.correspondents)),
        list(dict.fromkeys(a.media + b.media)),
    )

"""Decoding bytes and cleaning the lines of a newspaper page dump.

>>> normalize_width("ＡＢＣ，１２３")
'ABC,123'
>>> [p.text for p in paragraphs("要提高认识。全\\n\\n区各级组织。\\n\\n标题")]
['要提高认识。全区各级组织。', '标题']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.ingest.byline import split_byline

#: Characters that end a sentence; a line ending with one is a complete paragraph.
TERMINAL = "。！？!?…"
#: Characters that only occur inside running prose, never in a headline.
PROSE_PUNCT = re.compile(r"[,，。；;：:！？]")
CJK = re.compile(r"[\u3400-\u9fff]")


def decode(data: bytes, source: str) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), else GB18030, else detect.

    Raises :class:`~kg.errors.InputError` for empty, binary or undecodable input.
    """
    if not data.strip():
        raise InputError(source, None, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(source, None, "binary file (NUL bytes), not a text page")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    best = from_bytes(data).best()
    if best is not None:
        text = str(best)
        if _looks_like_text(text):
            return text
    raise InputError(source, None, "cannot decode as UTF-8, GB18030 or any detected encoding")


def _looks_like_text(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls <= max(2, len(text) // 200)


_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Keep full-width punctuation that Chinese text uses as a word boundary marker.
for _ch in "（）：；，！？":
    _WIDTH.pop(ord(_ch), None)
# ...but fold the full-width comma and colon family into the page's usual forms.
_WIDTH.update({ord("，"): ord(","), ord("："): ord(":"), ord("；"): ord(";"),
               ord("！"): ord("!"), ord("？"): ord("?")})
_WIDTH.update({ord("（"): ord("("), ord("）"): ord(")")})


def normalize_width(text: str) -> str:
    """Fold full-width ASCII and the ideographic space to half width, keeping length."""
    return text.translate(_WIDTH)


@dataclass
class Paragraph:
    """A logical line of a page after joining lines broken by the layout."""

    text: str
    start: int
    end: int


def paragraphs(text: str) -> list[Paragraph]:
    """Split page text into paragraphs, joining lines the layout broke mid-sentence.

    A line is joined to the next one when it reads as prose (it has sentence
    punctuation) but does not end a sentence, and the next line does not open a
    new article or byline.
    """
    lines: list[Paragraph] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Paragraph(normalize_width(stripped), pos + lead, pos + lead + len(stripped)))
        pos += len(raw)
    out: list[Paragraph] = []
    for line in lines:
        if out and _continues(out[-1].text, line.text):
            prev = out[-1]
            out[-1] = Paragraph(prev.text + line.text, prev.start, line.end)
        else:
            out.append(line)
    return out


_OPENERS = re.compile(r"^(本报讯|本报[^\s,]{0,8}讯|记者|通讯员|本报记者)")


def _continues(prev: str, nxt: str) -> bool:
    if prev.endswith(tuple(TERMINAL)) or prev.endswith(("。”", "!”", "?”", "。\"")):
        return False
    if _OPENERS.match(nxt):
        return False
    if split_byline(prev)[1] is not None:
        return False
    return bool(PROSE_PUNCT.search(prev))

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
from kg.ingest.cues import DATELINE, END_MARK, FURNITURE, LABEL, PHOTO_CREDIT, SUBTITLE_START, fold

#: Characters that end a sentence; a line ending with one is a complete paragraph.
TERMINAL = "。！？!?…"
#: Characters that only occur inside running prose, never in a headline.
PROSE_PUNCT = re.compile(r"[,，。；;：:！？]")
CJK = re.compile(r"[\u3400-\u9fff]")


def decode(data: bytes, source: str, problems: list[str] | None = None) -> str:
    """Decode a file's bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030, else detect.

    A page with a few bytes that are invalid in its encoding is still read: those
    bytes become U+FFFD and a note saying how many and where is appended to
    ``problems`` (when given). Control characters other than tab, newline, carriage
    return and form feed become spaces (offsets are kept). Raises
    :class:`~kg.errors.InputError` for empty, binary or undecodable input.

    >>> decode("中".encode("utf-16"), "p.txt")
    '中'
    >>> notes = []
    >>> decode("本报讯 会议召开。".encode() + b"\\xff" + "完。".encode(), "p.txt", notes)
    '本报讯 会议召开。\\ufffd完。'
    >>> notes
    ['1 undecodable byte(s) replaced by U+FFFD (first at byte 25); the rest was read as utf-8']
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) and not data.startswith(b"\xff\xfe\x00\x00"):
        try:
            return _clean_controls(_require_text(data.decode("utf-16"), source))
        except UnicodeDecodeError as exc:
            raise InputError(source, None, f"UTF-16 file with invalid data at byte {exc.start}") from exc
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
            return _clean_controls(text)
    # A few bad bytes in an otherwise valid file: keep what is readable, report the rest.
    best: tuple[int, str, str, int] | None = None
    for encoding in ("utf-8-sig", "gb18030"):
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd") - data.decode(encoding, errors="ignore").count("\ufffd")
        if bad <= max(8, len(text) // 500) and _looks_like_text(text) and (best is None or bad < best[0]):
            first = _first_bad_byte(data, encoding)
            best = (bad, text, encoding.removesuffix("-sig"), first)
    if best is not None:
        bad, text, encoding, first = best
        if problems is not None:
            problems.append(f"{bad} undecodable byte(s) replaced by U+FFFD (first at byte {first}); "
                            f"the rest was read as {encoding}")
        return _clean_controls(text)
    detected = from_bytes(data).best()
    # UTF-16/32 without a byte order mark is what a detector reports for random bytes.
    if detected is not None and not detected.encoding.startswith(("utf_16", "utf_32")):
        text = str(detected)
        if _looks_like_text(text):
            return _clean_controls(text)
    raise InputError(source, None, "cannot decode as UTF-8, GB18030 or any detected encoding")


def _require_text(text: str, source: str) -> str:
    if not text.strip():
        raise InputError(source, None, "empty file")
    if not _looks_like_text(text):
        raise InputError(source, None, "binary file (control characters), not a text page")
    return text


def _first_bad_byte(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _clean_controls(text: str) -> str:
    """Control characters (never part of a news page) become spaces, keeping offsets."""
    return _CONTROLS.sub(" ", text)


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
    """A logical line of a page after joining lines broken by the layout.

    ``indented`` says the first line was indented (a paragraph opening in a layout
    that indents body paragraphs); ``gap`` counts the blank lines before it.
    """

    text: str
    start: int
    end: int
    indented: bool = False
    gap: int = 0


_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,}|\t)")


def indented_layout(paras: list[Paragraph]) -> bool:
    """Whether the page indents its body paragraphs (most prose lines indented, not all lines).

    In such a page an indented line opens a paragraph, and a line that is not
    indented is a headline, a kicker or page furniture — never body text.
    """
    prose = [p for p in paras if len(p.text) >= 6 and PROSE_PUNCT.search(p.text)]
    flush = [p for p in paras if not p.indented]
    return bool(prose) and bool(flush) and sum(p.indented for p in prose) >= 0.6 * len(prose)


def paragraphs(text: str) -> list[Paragraph]:
    """Split page text into paragraphs, joining lines the layout broke mid-sentence.

    A line is joined to the next one when it reads as prose (it has sentence
    punctuation) but does not end a sentence, the next line follows it directly
    (no blank line between, unless every line is followed by one) and does not open
    a new article, byline or (in a page that indents its paragraphs) paragraph.
    """
    lines: list[Paragraph] = []
    pos = 0
    gap = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            lines.append(Paragraph(normalize_width(stripped), pos + lead, pos + lead + len(stripped),
                                   bool(_INDENT.match(raw)), gap))
            gap = 0
        else:
            gap += 1
        pos += len(raw)
    indents = indented_layout(lines)
    # A blank line ends a paragraph, unless the page puts one after every line (double spacing).
    spaced_paragraphs = sum(1 for line in lines[1:] if line.gap) < 0.5 * max(1, len(lines) - 1)
    out: list[Paragraph] = []
    for line in lines:
        if out and not (line.gap and spaced_paragraphs) and _continues(out[-1].text, line.text) \
                and not (indents and line.indented):
            prev = out[-1]
            out[-1] = Paragraph(prev.text + line.text, prev.start, line.end, prev.indented, prev.gap)
        else:
            out.append(line)
    return out


#: A metadata line of a web page ("2024-03-15 15:02 | 来源:X", "作者:X 编辑:Y"): never prose broken mid-sentence.
_META = re.compile(r"(?:来源|稿源|作者|编辑|责编|发布时间|发布日期)[:：]")
_SENTENCE_END = re.compile(rf"[{TERMINAL}][”’\"'」』)]*$")
_STAMP_START = re.compile(r"\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}|$)")
_OPENERS = re.compile(r"^(本报讯|本报[^\s,]{0,8}讯|记者|通讯员|本报记者)")


def _continues(prev: str, nxt: str) -> bool:
    if _SENTENCE_END.search(prev) or prev.endswith(("——", "—")):
        return False
    folded_prev, folded = fold(prev), fold(nxt)
    if _OPENERS.match(folded) or DATELINE.match(folded) or SUBTITLE_START.match(nxt):
        return False
    if any(p.match(f) for p in (FURNITURE, LABEL, END_MARK) for f in (folded_prev, folded)):
        return False
    if PHOTO_CREDIT.search(folded_prev) or split_byline(prev)[1] is not None or _META.search(folded_prev):
        return False
    if _META.search(folded) or _STAMP_START.match(folded):
        return False  # the next line is a metadata line ("2024-09-29 17:52 来源:X"), not the sentence's end
    return bool(PROSE_PUNCT.search(prev))

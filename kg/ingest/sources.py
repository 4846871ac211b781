"""Reading inputs: page dumps (.txt), folders of them, crawler JSONL, or stdin.

Every input yields :class:`~kg.models.Article` records or, for what cannot be
read, :class:`~kg.models.Rejection` records naming the file and line; a bad
input never stops the rest of the batch. A source that could not be read at all
(missing, unmounted, permission or I/O error) is an :class:`Unreadable`
rejection: callers that retract facts must keep what such a source gave before.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kg.errors import InputError
from kg.ingest.byline import merge
from kg.ingest.dates import event_date, year_of
from kg.ingest.district import detect_district
from kg.ingest.segment import segment_page, split_body
from kg.ingest.text import decode, normalize_width, paragraphs
from kg.models import Article, Byline, Rejection

#: Suffixes read as page dumps when walking a folder.
PAGE_SUFFIXES = (".txt",)
#: Suffixes read as crawler JSONL.
JSONL_SUFFIXES = (".jsonl", ".ndjson")


@dataclass
class IngestOptions:
    """Settings of the ingest stage (config over code).

    Attributes
    ----------
    max_page_bytes : int
        A page file larger than this is rejected (a real page is ~10 KB).
    default_year : int, optional
        Year used for dates when neither the text nor the record states one.
    district : str, optional
        Force this district on every article instead of detecting it.
    """

    max_page_bytes: int = 2_000_000
    default_year: int | None = None
    district: str | None = None


class Unreadable(Rejection):
    """A source that could not be read at all (missing, unmounted, permission, I/O error).

    Unlike a source that was read and holds no article, it says nothing about the
    articles it held before: they must not be retracted.
    """


#: Bad lines of one JSONL file reported one by one; the rest are summed up in one message.
MAX_REPORTED_LINES = 20


@dataclass
class Source:
    """One input unit: a page file, a JSONL file, or stdin."""

    path: Path | None  # None for stdin
    kind: str  # "page" | "jsonl"
    id_prefix: str

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "<stdin>"


def expand_inputs(inputs: Iterable[str]) -> Iterator[Source | Rejection]:
    """Expand CLI inputs (files, folders, ``-``) into :class:`Source` units, sorted per folder.

    Missing inputs, empty folders (an unmounted share looks like one) and sub-folders
    that cannot be listed are :class:`Unreadable` rejections.
    """
    for item in inputs:
        if item == "-":
            yield Source(None, "jsonl", "stdin")
            continue
        path = Path(item)
        if path.is_dir():
            files, errors = _walk(path)
            yield from errors
            if not files and not errors:
                yield Unreadable(item, None, "folder holds no .txt or .jsonl files (nothing read; is it mounted?)")
            for f in files:
                yield _source_for(f, f.relative_to(path).as_posix())
        elif path.is_file():
            yield _source_for(path, path.name)
        elif os.path.lexists(path):
            yield Unreadable(item, None, "not a regular file or folder (or a broken link)")
        else:
            yield Unreadable(item, None, "no such file or folder")


def _walk(root: Path) -> tuple[list[Path], list[Rejection]]:
    """Page and JSONL files under ``root`` (sorted), and a rejection per folder that cannot be listed."""
    files: list[Path] = []
    errors: list[Rejection] = []

    def failed(exc: OSError) -> None:
        errors.append(Unreadable(str(exc.filename or root), None,
                                 f"cannot read folder: {exc.strerror or exc}; its files were skipped"))

    for folder, _dirs, names in os.walk(root, onerror=failed):
        for name in names:
            f = Path(folder) / name
            if f.suffix.lower() in PAGE_SUFFIXES + JSONL_SUFFIXES and f.is_file():
                files.append(f)
    return sorted(files), sorted(errors, key=lambda r: r.source)


def _source_for(path: Path, prefix: str) -> Source:
    kind = "jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "page"
    return Source(path, kind, prefix)


def read_source(source: Source, options: IngestOptions, stdin: IO[str] | IO[bytes] | None = None,
                seen: dict[str, str] | None = None) -> Iterator[Article | Rejection]:
    """Articles of one source, with a :class:`Rejection` for each unreadable part.

    ``seen`` maps article ids already read (in this batch) to where they were read;
    an article whose id is in it is rejected as a duplicate (the first one is kept).
    """
    items = _read_jsonl(source, options, stdin) if source.kind == "jsonl" else _read_page(source, options)
    for item in items:
        if isinstance(item, tuple):
            article, where = item
            if seen is not None:
                if article.id in seen:
                    yield Rejection(*_split_where(where), f"duplicate article id {article.id!r} (first read "
                                    f"from {seen[article.id]}); this one was skipped — ids must be unique")
                    continue
                seen[article.id] = where
            yield article
        else:
            yield item


def _split_where(where: str) -> tuple[str, int | None]:
    name, _, line = where.rpartition(":")
    return (name, int(line)) if name and line.isdigit() else (where, None)


def _read_page(source: Source, options: IngestOptions) -> Iterator[tuple[Article, str] | Rejection]:
    assert source.path is not None
    problems: list[str] = []
    text = _read_text(source, options.max_page_bytes, problems)
    if isinstance(text, Rejection):
        yield text
        return
    for problem in problems:
        yield Rejection(source.name, None, problem)
    articles = segment_page(text, source.path.name, id_prefix=source.id_prefix,
                            default_year=options.default_year, district=options.district)
    if not articles:
        yield Rejection(source.name, None, "no article found in page")
    for article in articles:  # ids are content-based already (segment.article_id)
        article.source = source.name
        yield article, source.name


def _read_bytes(source: Source, max_bytes: int | None) -> bytes | Rejection:
    assert source.path is not None
    try:
        size = source.path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return Rejection(source.name, None, f"page is {size:,} bytes, over the limit of "
                             f"{max_bytes:,} (set --max-page-bytes to accept it)")
        return source.path.read_bytes()
    except OSError as exc:
        return Unreadable(source.name, None, f"cannot read: {exc.strerror or exc}")


def _read_text(source: Source, max_bytes: int | None, problems: list[str] | None = None) -> str | Rejection:
    """The decoded text of a source file, or the Rejection saying why it cannot be read."""
    data = _read_bytes(source, max_bytes)
    if isinstance(data, Rejection):
        return data
    try:
        return decode(data, source.name, problems)
    except InputError as exc:
        return Rejection(exc.source, exc.line, exc.reason)


def _read_jsonl(source: Source, options: IngestOptions, stdin: IO[str] | IO[bytes] | None
                ) -> Iterator[tuple[Article, str] | Rejection]:
    if source.path is None:
        handle: Any = stdin if stdin is not None else sys.stdin.buffer
        yield from _jsonl_records(handle, source, options)
        return
    data = _read_bytes(source, None)
    if isinstance(data, Rejection):
        yield data
        return
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with a byte order mark
        try:
            lines: Iterable[str | bytes] = data.decode("utf-16").splitlines()
        except UnicodeDecodeError as exc:
            yield Rejection(source.name, None, f"UTF-16 file with invalid data at byte {exc.start}")
            return
    else:
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    yield from _jsonl_records(lines, source, options)


def _decode_line(line: str | bytes) -> str:
    """One JSONL line as text: UTF-8, else GB18030 (a GBK crawler); raises ValueError otherwise."""
    if isinstance(line, str):
        return line
    if b"\x00" in line:
        raise ValueError("NUL byte in the line (binary data)")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as exc:
        try:
            return line.decode("gb18030")
        except UnicodeDecodeError:
            raise ValueError(f"not valid UTF-8 or GB18030 (bad byte at column {exc.start + 1})") from None


def _jsonl_records(lines: Iterable[str | bytes], source: Source, options: IngestOptions
                   ) -> Iterator[tuple[Article, str] | Rejection]:
    bad = 0

    def rejection(lineno: int, reason: str) -> Iterator[Rejection]:
        nonlocal bad
        bad += 1
        if bad <= MAX_REPORTED_LINES:
            yield Rejection(source.name, lineno, reason)

    for lineno, raw in enumerate(lines, 1):
        try:
            line = _decode_line(raw)
        except ValueError as exc:
            yield from rejection(lineno, str(exc))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield from rejection(lineno, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            yield from rejection(lineno, "malformed JSON: nested too deeply")
            continue
        try:
            article = article_from_record(record, f"{source.id_prefix}#{lineno}", source.name, options)
        except InputError as exc:
            yield from rejection(lineno, exc.reason)
            continue
        yield article, f"{source.name}:{lineno}"
    if bad > MAX_REPORTED_LINES:
        yield Rejection(source.name, None, f"{bad - MAX_REPORTED_LINES} more bad lines not shown "
                        f"({bad} in all)")


def _invalid_unicode(value: Any) -> str | None:
    """The first lone surrogate in a JSON value (JSON allows ``"\\ud800"``, UTF-8 does not)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"\\u{ord(value[exc.start]):04x}"
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list):
        for item in value:
            found = _invalid_unicode(item)
            if found:
                return found
    return None


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _clean(text: str) -> str:
    """Control characters (never part of an article) become spaces."""
    return _CONTROLS.sub(" ", text)


def article_from_record(record: Any, fallback_id: str, source: str, options: IngestOptions) -> Article:
    """One crawler record ``{"id", "text", "title"?, "date"?, "url"?, "source"?, "district"?}``."""
    if not isinstance(record, dict):
        raise InputError(source, None, "record is not a JSON object")
    surrogate = _invalid_unicode(record)
    if surrogate:
        raise InputError(source, None, f"record holds a lone surrogate {surrogate} (not valid Unicode)")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, None, 'record has no "text" string')
    text = _clean(text)
    if len(text.encode("utf-8")) > options.max_page_bytes:
        raise InputError(source, None, f'record "text" is over the limit of {options.max_page_bytes:,} bytes')
    title = record.get("title") or record.get("headline")
    title = _clean(title) if isinstance(title, str) else None
    headline = normalize_width(title.strip()) if title and title.strip() else None
    paras, byline = split_body(paragraphs(text))
    body_text = "\n".join(p.text for p in paras)
    meta_date = record.get("date")
    date = event_date(body_text, year_of(meta_date) or options.default_year)
    if date is None and isinstance(meta_date, str) and meta_date.strip():
        date = meta_date.strip()
    district = record.get("district") or options.district or detect_district(headline, body_text, byline.media)
    given = record.get("byline")
    if isinstance(given, dict):  # a record written by `kg ingest`
        byline = merge(Byline(list(given.get("reporters") or []), list(given.get("correspondents") or []),
                              list(given.get("media") or [])), byline)
    rid = record.get("id")
    return Article(
        id=str(rid) if rid is not None else fallback_id,
        text=body_text,
        headline=headline,
        headlines=[headline] if headline else [],
        date=date,
        district=district,
        byline=byline,
        source=str(record.get("source") or source),
        url=record.get("url"),
        file=record.get("file") if isinstance(record.get("file"), str) else None,
        index=record.get("index") if isinstance(record.get("index"), int) else None,
    )


def read_inputs(inputs: Iterable[str], options: IngestOptions | None = None,
                stdin: IO[str] | IO[bytes] | None = None) -> Iterator[Article | Rejection]:
    """All articles of all ``inputs`` in order, interleaved with rejections (duplicate ids included).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"id": "x1", "text": "乔耸到区商务局调研。"}\\n{bad\\n', "utf-8")
    >>> [type(r).__name__ for r in read_inputs([str(d)])]
    ['Article', 'Rejection']
    """
    options = options or IngestOptions()
    seen: dict[str, str] = {}
    for source in expand_inputs(inputs):
        if isinstance(source, Rejection):
            yield source
            continue
        yield from read_source(source, options, stdin, seen)

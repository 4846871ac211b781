"""Reading inputs: page dumps (.txt), folders of them, crawler JSONL, or stdin.

Every input yields :class:`~kg.models.Article` records or, for what cannot be
read, :class:`~kg.models.Rejection` records naming the file and line; a bad
input never stops the rest of the batch.
"""

from __future__ import annotations

import json
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
    """Expand CLI inputs (files, folders, ``-``) into :class:`Source` units, sorted per folder."""
    for item in inputs:
        if item == "-":
            yield Source(None, "jsonl", "stdin")
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower()
                           in PAGE_SUFFIXES + JSONL_SUFFIXES)
            if not files:
                yield Rejection(item, None, "folder holds no .txt or .jsonl files")
            for f in files:
                yield _source_for(f, f.relative_to(path).as_posix())
        elif path.is_file():
            yield _source_for(path, path.name)
        else:
            yield Rejection(item, None, "no such file or folder")


def _source_for(path: Path, prefix: str) -> Source:
    kind = "jsonl" if path.suffix.lower() in JSONL_SUFFIXES else "page"
    return Source(path, kind, prefix)


def read_source(source: Source, options: IngestOptions, stdin: IO[str] | None = None
                ) -> Iterator[Article | Rejection]:
    """Articles of one source, with a :class:`Rejection` for each unreadable part."""
    if source.kind == "jsonl":
        yield from _read_jsonl(source, options, stdin)
        return
    assert source.path is not None
    text = _read_text(source, options.max_page_bytes)
    if isinstance(text, Rejection):
        yield text
        return
    articles = segment_page(text, source.path.name, id_prefix=source.id_prefix,
                            default_year=options.default_year, district=options.district)
    if not articles:
        yield Rejection(source.name, None, "no article found in page")
    for article in articles:
        article.source = source.name
        yield article


def _read_text(source: Source, max_bytes: int | None) -> str | Rejection:
    """The decoded text of a source file, or the Rejection saying why it cannot be read."""
    assert source.path is not None
    try:
        size = source.path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(source.name, None, f"page is {size:,} bytes, over the limit of "
                             f"{max_bytes:,} (set --max-page-bytes to accept it)")
        return decode(source.path.read_bytes(), source.name)
    except InputError as exc:
        return Rejection(exc.source, exc.line, exc.reason)
    except OSError as exc:
        return Rejection(source.name, None, f"cannot read: {exc.strerror or exc}")


def _read_jsonl(source: Source, options: IngestOptions, stdin: IO[str] | None
                ) -> Iterator[Article | Rejection]:
    if source.path is None:
        handle: IO[str] = stdin or sys.stdin
        yield from _jsonl_records(handle, source, options)
        return
    text = _read_text(source, None)
    if isinstance(text, Rejection):
        yield text
        return
    yield from _jsonl_records(text.splitlines(), source, options)


def _jsonl_records(lines: Iterable[str], source: Source, options: IngestOptions
                   ) -> Iterator[Article | Rejection]:
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(source.name, lineno, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        try:
            yield article_from_record(record, f"{source.id_prefix}#{lineno}", source.name, options)
        except InputError as exc:
            yield Rejection(source.name, lineno, exc.reason)


def article_from_record(record: Any, fallback_id: str, source: str, options: IngestOptions) -> Article:
    """One crawler record ``{"id", "text", "title"?, "date"?, "url"?, "source"?, "district"?}``."""
    if not isinstance(record, dict):
        raise InputError(source, None, "record is not a JSON object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, None, 'record has no "text" string')
    if len(text.encode("utf-8")) > options.max_page_bytes:
        raise InputError(source, None, f'record "text" is over the limit of {options.max_page_bytes:,} bytes')
    title = record.get("title") or record.get("headline")
    headline = normalize_width(title.strip()) if isinstance(title, str) and title.strip() else None
    paras, byline = split_body(paragraphs(text))
    body_text = "\n".join(p.text for p in paras)
    meta_date = record.get("date")
    date = event_date(body_text, year_of(meta_date) or options.default_year)
    if date is None and isinstance(meta_date, str) and meta_date.strip():
        date = meta_date.strip()
    district = record.get("district") or options.district or detect_district(headline, body_text)
    given = record.get("byline")
    if isinstance(given, dict):  # a record written by `kg ingest`
        byline = merge(Byline(list(given.get("reporters") or []), list(given.get("correspondents") or [])), byline)
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
                stdin: IO[str] | None = None) -> Iterator[Article | Rejection]:
    """All articles of all ``inputs`` in order, interleaved with rejections.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.jsonl").write_text('{"id": "x1", "text": "乔耸到区商务局调研。"}\\n{bad\\n', "utf-8")
    >>> [type(r).__name__ for r in read_inputs([str(d)])]
    ['Article', 'Rejection']
    """
    options = options or IngestOptions()
    for source in expand_inputs(inputs):
        if isinstance(source, Rejection):
            yield source
            continue
        yield from read_source(source, options, stdin)

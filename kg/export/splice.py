"""Rewriting a large file after a few of its elements changed: the unchanged byte ranges are copied.

A graph file (GraphML, node-link JSON, a neo4j-admin CSV) is a head, then *sections* — elements in
key order, each section ``lead + fragment + sep + fragment + … `` (nothing when empty), with fixed
text between sections — then a tail. When a job changes k of a file's n elements, :func:`splice`
writes the new file from the old one: runs of unchanged elements are copied by the kernel
(``os.copy_file_range``, no Python string of them), the changed ones are written from their new
fragments. The caller keeps each section's *layout* — the byte length of every element's fragment,
by key — and the old file's size and time, and falls back to writing the file whole when the file
on disk is not the one the layout describes (edited, replaced, a crash between the rename and the
layout update).

>>> import tempfile
>>> d = Path(tempfile.mkdtemp())
>>> old = d / "old.txt"
>>> _ = old.write_bytes(b"[a,b,c]")
>>> section = Section(lead=b"", sep=b",", old=[("1", 1), ("2", 1), ("3", 1)], start=1,
...                   changes={"2": b"B", "25": b"x", "3": None})
>>> with (d / "new.txt").open("wb") as out:
...     starts = splice(old, out, [b"[", section, b"]"])
>>> (d / "new.txt").read_bytes(), starts, section.count
(b'[a,B,x]', [1], 3)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO


@dataclass
class Section:
    """One section of a file: how its elements are joined, where it starts in the old file and what
    it held (``old``: ``(key, length)`` in key order — or ``(first key, length, count)`` for a *run* of
    ``count`` unchanged elements whose bytes, separators between them included, are ``length`` long:
    no change may fall inside a run), and what changes (``changes``: key → the new fragment's bytes,
    or None for a deleted element; a key the old section lacks is inserted)."""

    lead: bytes
    sep: bytes
    old: Iterable[tuple[str, int] | tuple[str, int, int]]
    start: int
    changes: Mapping[str, bytes | None] = field(default_factory=dict)
    count: int = 0  # elements in the new section (set by splice)


def _copy(src: int, dst: int, offset: int, length: int) -> None:
    """Copy ``length`` bytes at ``offset`` of ``src`` to the current position of ``dst``."""
    while length > 0:
        done = os.copy_file_range(src, dst, length, offset)
        if done <= 0:  # a file system without it: a plain read and write
            data = os.pread(src, length, offset)
            os.write(dst, data)
            done = len(data)
        offset += done
        length -= done


def _merged(section: Section) -> Iterator[tuple[int, int | None, bytes | None, int]]:
    """``(old offset, old length or None, new bytes or None, elements)`` of every element (or kept run) of the
    new section, in key order: old elements and runs kept (new bytes None), changed ones (new bytes) and
    inserted ones (offset -1)."""
    changes = sorted(section.changes.items())
    i = 0
    offset = section.start + len(section.lead)
    for entry in section.old:
        key, length = entry[0], entry[1]
        count = entry[2] if len(entry) > 2 else 1  # type: ignore[misc]
        if not count:
            continue
        while i < len(changes) and changes[i][0] < key:
            if changes[i][1] is not None:
                yield -1, None, changes[i][1], 1
            i += 1
        if count == 1 and i < len(changes) and changes[i][0] == key:
            if changes[i][1] is not None:
                yield offset, length, changes[i][1], 1
            i += 1
        else:
            yield offset, length, None, count
        offset += length + len(section.sep)
    for _key, data in changes[i:]:
        if data is not None:
            yield -1, None, data, 1


def splice(old: Path, out: BinaryIO, parts: list[bytes | Section]) -> list[int]:
    """Write ``parts`` — fixed bytes and :class:`Section` s — to ``out``, copying kept elements' bytes from
    ``old``. Returns the start of each section in the new file; each section's ``count`` is set."""
    starts: list[int] = []
    out.flush()
    dst = out.fileno()
    position = os.lseek(dst, 0, os.SEEK_CUR)
    with open(old, "rb") as source:
        src = source.fileno()
        for part in parts:
            if isinstance(part, bytes):
                os.write(dst, part)
                position += len(part)
                continue
            starts.append(position)
            run_start, run_end = -1, -1  # the pending run of kept elements, in the old file
            count = 0

            def flush_run() -> None:
                nonlocal run_start, run_end, position
                if run_start >= 0:
                    _copy(src, dst, run_start, run_end - run_start)
                    position += run_end - run_start
                    run_start = run_end = -1

            for offset, length, data, elements in _merged(part):
                joint = part.sep if count else part.lead
                if data is None and length is not None:  # kept: extend the run (with the separator before it)
                    if run_start >= 0 and run_end + len(part.sep) == offset:
                        run_end = offset + length
                    else:
                        flush_run()
                        os.write(dst, joint)
                        position += len(joint)
                        run_start, run_end = offset, offset + length
                else:
                    flush_run()
                    assert data is not None
                    os.write(dst, joint + data)
                    position += len(joint) + len(data)
                count += elements
            flush_run()
            part.count = count
    return starts

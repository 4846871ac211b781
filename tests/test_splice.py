"""kg.export.splice: a file spliced from its old version equals the file written whole."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.export.splice import Section, splice

fragments = st.dictionaries(st.text("abcde", min_size=1, max_size=3), st.binary(min_size=0, max_size=6), max_size=12)


def _whole(head: bytes, sections: list[tuple[bytes, bytes, dict[str, bytes]]], middle: bytes, tail: bytes) -> bytes:
    out = [head]
    for i, (lead, sep, elements) in enumerate(sections):
        if i:
            out.append(middle)
        if elements:
            out.append(lead + sep.join(elements[k] for k in sorted(elements)))
    out.append(tail)
    return b"".join(out)


@settings(max_examples=200, deadline=None)
@given(old_a=fragments, old_b=fragments, new_a=fragments, new_b=fragments, seps=st.sampled_from(
    [(b"\n", b",\n"), (b"", b""), (b"\n", b"")]))
def test_spliced_file_equals_the_file_written_whole(old_a, old_b, new_a, new_b, seps) -> None:
    lead, sep = seps
    head, middle, tail = b'{"nodes": [', b'\n], "links": [', b"\n]}\n"
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        old.write_bytes(_whole(head, [(lead, sep, old_a), (lead, sep, old_b)], middle, tail))
        start_a = len(head)
        start_b = start_a + (len(lead + sep.join(old_a[k] for k in sorted(old_a))) if old_a else 0) + len(middle)
        sections = []
        for before, after, start in ((old_a, new_a, start_a), (old_b, new_b, start_b)):
            changes: dict[str, bytes | None] = {k: v for k, v in after.items() if before.get(k) != v}
            changes.update({k: None for k in before if k not in after})
            old_entries: list[tuple[str, int] | tuple[str, int, int]] = []
            for k in sorted(before):  # unchanged neighbours as runs of two, as a block index gives them
                if (old_entries and len(old_entries[-1]) == 2 and old_entries[-1][0] not in changes
                        and k not in changes and not any(old_entries[-1][0] < c < k for c in changes)):
                    first, length = old_entries.pop()[:2]
                    old_entries.append((first, length + len(sep) + len(before[k]), 2))
                else:
                    old_entries.append((k, len(before[k])))
            sections.append(Section(lead, sep, old_entries, start, changes))
        new = Path(tmp) / "new"
        with new.open("wb") as out:
            starts = splice(old, out, [head, sections[0], middle, sections[1], tail])
        want = _whole(head, [(lead, sep, new_a), (lead, sep, new_b)], middle, tail)
        assert new.read_bytes() == want
        assert starts[0] == len(head) and [s.count for s in sections] == [len(new_a), len(new_b)]

"""The flat facts table: one row per statement of a fact, with its evidence, for spreadsheets.

A fact is an edge of the graph (``李晓雷 INSPECTED 融信奥体世纪项目``); each article sentence that
states it is one row, carrying the sentence, the article's headline, date and source (page file or
URL). Co-occurrence and mention edges are context, not facts: left out unless ``context=True``.
Written as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese) or Parquet
(pyarrow), each replaced atomically.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("P", label="Person", name="甲", district="中原区")
>>> g.add_node("X", label="Project", name="乙项目")
>>> _ = g.add_edge("P", "X", key="k", type="INSPECTED", evidence_sentence=["甲调研乙项目。"],
...                evidence_headline=["H"], evidence_date=["2023-02-11"], evidence_source=["003.txt"])
>>> [(r["subject"], r["relation"], r["object"], r["sentence"], r["source"]) for r in fact_rows(g)]
[('甲', 'INSPECTED', '乙项目', '甲调研乙项目。', '003.txt')]
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.elements import Elements, elements_of
from kg.evidence import CONTEXT_TYPES, evidence_items
from kg.export.files import atomic_write

#: Columns of the facts table, in order.
COLUMNS = ("relation", "subject", "subject_type", "object", "object_type", "detail", "district", "date",
           "headline", "sentence", "source", "subject_id", "object_id")
FORMATS = ("csv", "parquet")


def _detail(data: dict[str, Any]) -> str:
    """What the relation adds to its ends: the title of HOLDS_TITLE, the role or name of an event edge."""
    for key in ("title", "role", "meeting", "name"):
        if data.get(key):
            return str(data[key])
    return ""


def fact_rows(g: nx.MultiDiGraph | Elements, context: bool = False) -> Iterator[dict[str, Any]]:
    """One dict per (fact, evidence statement), in a stable order (relation, subject, object, date).

    ``g`` is a graph or :class:`~kg.elements.Elements` (the graph index's streams): only the name, kind
    and district of each node are held, and the rows."""
    elements = elements_of(g)
    ends = {n: {"name": d.get("name"), "label": d.get("label"), "district": d.get("district")}
            for n, d in elements.nodes()}
    rows = []
    for u, v, _key, data in elements.edges():
        if data.get("type") in CONTEXT_TYPES and not context:
            continue
        su, ob = ends.get(u, {}), ends.get(v, {})
        base = {"relation": data.get("type"), "subject": su.get("name") or u, "subject_type": su.get("label"),
                "object": ob.get("name") or v, "object_type": ob.get("label"), "detail": _detail(data),
                "district": su.get("district") or ob.get("district") or "", "subject_id": u, "object_id": v}
        items = evidence_items(data) or [{"sentence": "", "headline": "", "date": "", "source": ""}]
        rows.extend({**base, **item} for item in items)
    rows.sort(key=lambda r: (r["relation"], r["subject"], r["object"], r["detail"], r["date"], r["source"],
                             r["sentence"]))
    yield from ({c: row.get(c, "") for c in COLUMNS} for row in rows)


def write_facts(g: nx.MultiDiGraph | Elements, path: Path, fmt: str | None = None, context: bool = False) -> Path:
    """Write the facts table to ``path`` as ``fmt`` (default: from the suffix), atomically."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    rows = list(fact_rows(g, context=context))
    if fmt == "csv":
        def write_csv(tmp: Path) -> None:
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows(rows)

        return atomic_write(path, write_csv)
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
            raise ValueError("Parquet needs pyarrow (pip install pyarrow)") from exc
        table = pa.table({c: pa.array([r[c] for r in rows], type=pa.string()) for c in COLUMNS})
        return atomic_write(path, lambda tmp: pq.write_table(table, tmp))
    raise ValueError(f"unknown facts format {fmt!r}; use one of {', '.join(FORMATS)}")

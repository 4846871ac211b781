"""Evidence of every edge: the sentence, headline, date and source (file or URL) behind it.

:func:`attach_evidence` gives each edge of a graph four aligned lists, one entry per
statement of the fact (one article's sentence), in date order:

* ``evidence_sentence`` — the sentence that states it ("" when the fact has no single
  sentence, e.g. a co-occurrence in an article or a mention);
* ``evidence_headline`` — the article's headline;
* ``evidence_date`` — the article's date (ISO, ``--MM-DD`` when the year is unknown, "" when undated);
* ``evidence_source`` — where the article came from: its URL when known, else its page file
  (``003_6c199235f94af08b.txt``), else its record id.

Neo4j and ArcadeDB keep no maps inside properties, hence parallel lists; :func:`evidence_items`
zips them back into dicts and :data:`EVIDENCE_CYPHER` does the same inside a query.
Article nodes get ``source`` too, and every other node up to :data:`MAX_CONTEXT` entries of
its own (the sentences of its facts first, then its other articles). Co-occurrence and mention edges keep at most
:data:`MAX_CONTEXT` entries (they can have hundreds of articles and no sentence); every
other relation keeps all its statements, so the flat facts export (:mod:`kg.export.facts`)
can list each one.

>>> import networkx as nx
>>> from kg.resolve import Fact
>>> g = nx.MultiDiGraph()
>>> g.add_node("Article:a#1", label="Article", headline="H", date="2023-02-11", file="003.txt")
>>> _ = g.add_edge("P", "X", key="k", type="INSPECTED", articles=["a#1"])
>>> attach_evidence(g, {"k": [Fact("INSPECTED", "P", "X", "a#1", "2023-02-11", 1, "甲调研了乙。", headline="H")]})
>>> evidence_items(g.edges["P", "X", "k"])
[{'sentence': '甲调研了乙。', 'headline': 'H', 'date': '2023-02-11', 'source': '003.txt'}]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kept out of the import: `kg query` formats evidence without loading networkx
    import networkx as nx

#: Edge types whose evidence is context, not a stated fact: only the first few statements are kept.
CONTEXT_TYPES = frozenset({"CO_OCCURS", "MENTIONED_IN"})
MAX_CONTEXT = 3
FIELDS = ("sentence", "headline", "date", "source")

#: A Cypher expression turning the evidence lists of relationship ``e`` into a list of maps
#: (at most three); library queries return it as their ``evidence`` column.
EVIDENCE_CYPHER = (
    "[i IN range(0, size(coalesce(e.evidence_sentence, [])) - 1) WHERE i < 3 | "
    "{date: e.evidence_date[i], headline: e.evidence_headline[i], source: e.evidence_source[i], "
    "sentence: e.evidence_sentence[i]}]"
)


def article_source(data: Mapping[str, Any], article: str = "") -> str:
    """Where an article came from: its URL, else its page file, else its id.

    >>> article_source({"file": "003_x.txt"}), article_source({"url": "http://e.cn/1"}), article_source({}, "r7")
    ('003_x.txt', 'http://e.cn/1', 'r7')
    """
    return str(data.get("url") or data.get("file") or data.get("source") or article)


def _statement(g: nx.MultiDiGraph, article: str, date: str | None, headline: str | None,
               sentence: str | None) -> tuple[str, str, str, str]:
    node = g.nodes.get(f"Article:{article}") or {}
    return (sentence or "", headline or node.get("headline") or "", date or node.get("date") or "",
            article_source(node, article))


def attach_evidence(g: nx.MultiDiGraph, grouped: Mapping[str, Iterable[Any]] | None = None) -> None:
    """Set ``evidence_*`` on every edge of ``g`` (and ``source`` on its Article nodes), in place.

    ``grouped`` maps edge keys to the :class:`kg.resolve.Fact` statements behind each
    edge; an edge without them (or built elsewhere) is given the headline, date and
    source of each of its ``articles``, with the edge's first evidence sentence if any.
    """
    from kg.ingest.dates import sort_key

    grouped = grouped or {}
    for node, data in g.nodes(data=True):
        if data.get("label") == "Article":
            data["source"] = article_source(data, node.split(":", 1)[-1])
    for _u, _v, key, data in g.edges(keys=True, data=True):
        facts = list(grouped.get(key) or ())
        rows: list[tuple[str, str, str, str]] = []
        if facts:
            ordered = sorted(facts, key=lambda f: (sort_key(f.date), f.article, f.sentence or 0))
            rows = [_statement(g, f.article, f.date, f.headline, f.evidence) for f in ordered]
        else:
            sentences = list(data.get("evidence") or [])
            for i, article in enumerate(data.get("articles") or []):
                node = g.nodes.get(f"Article:{article}") or {}
                rows.append(_statement(g, article, node.get("date"), node.get("headline"),
                                       sentences[i] if i < len(sentences) else None))
            rows.sort(key=lambda r: (sort_key(r[2] or None), r[3]))
        rows = list(dict.fromkeys(rows))
        if data.get("type") in CONTEXT_TYPES:
            rows = rows[:MAX_CONTEXT]
        for index, name in enumerate(FIELDS):
            data[f"evidence_{name}"] = [r[index] for r in rows]
    _attach_node_evidence(g, sort_key)


def _attach_node_evidence(g: nx.MultiDiGraph, sort_key: Any) -> None:
    """Every node but an article gets up to :data:`MAX_CONTEXT` evidence entries of its own.

    First the sentences of the facts it takes part in (one per article, in date order), then the
    headline, date and source of its other articles — so a node row of any export says where
    the entity is told.
    """
    stated: dict[str, list[tuple[str, str, str, str]]] = {}
    for u, v, data in g.edges(data=True):
        if data.get("type") in CONTEXT_TYPES:
            continue
        for node in (u, v):
            stated.setdefault(node, []).extend(
                zip(*(data.get(f"evidence_{name}") or [] for name in FIELDS), strict=False))
    for node, data in g.nodes(data=True):
        if data.get("label") == "Article":
            continue
        rows = sorted((r for r in stated.get(node, []) if r[0]), key=lambda r: (sort_key(r[2] or None), r[3]))
        seen = {r[3] + r[1] for r in rows}

        def others(articles: list[str], seen: set[str] = seen) -> Iterator[tuple[str, str, str, str]]:
            for article in articles:
                row = _statement(g, article, None, None, None)
                if row[3] + row[1] not in seen:
                    seen.add(row[3] + row[1])
                    yield row

        # One entry per article: the stated sentences first, then the node's other articles, read only
        # until enough are kept (a hub entity is in thousands of articles).
        picked: list[tuple[str, str, str, str]] = []
        for row in itertools.chain(rows, others(data.get("articles") or [])):
            if all((p[1], p[3]) != (row[1], row[3]) for p in picked):
                picked.append(row)
                if len(picked) == MAX_CONTEXT:
                    break
        for index, name in enumerate(FIELDS):
            data[f"evidence_{name}"] = [r[index] for r in picked]


def evidence_items(data: Mapping[str, Any], limit: int | None = None) -> list[dict[str, str]]:
    """The evidence of an edge's attributes as dicts ``{sentence, headline, date, source}``."""
    columns = [list(data.get(f"evidence_{name}") or []) for name in FIELDS]
    items = [dict(zip(FIELDS, values, strict=True)) for values in zip(*columns, strict=False)]
    return items[:limit] if limit is not None else items


def format_evidence(item: Mapping[str, Any]) -> str:
    """One evidence entry as a line: ``date 《headline》 (source): sentence``.

    >>> format_evidence({"date": "2023-02-11", "headline": "H", "source": "a.txt", "sentence": "S。"})
    '2023-02-11 《H》 (a.txt): S。'
    """
    head = f"《{item.get('headline')}》" if item.get("headline") else ""
    parts = [str(item.get("date") or "undated"), head, f"({item.get('source')})" if item.get("source") else ""]
    line = " ".join(p for p in parts if p)
    return f"{line}: {item['sentence']}" if item.get("sentence") else line

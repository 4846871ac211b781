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
from collections.abc import Callable, Iterable, Iterator, Mapping
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


#: An article's statement of a fact: (sentence, headline, date, source).
Row = tuple[str, str, str, str]
#: Looks up an Article node's attributes by article id (None when there is no such node).
ArticleLookup = Callable[[str], "Mapping[str, Any] | None"]


def _statement(article_node: ArticleLookup, article: str, date: str | None, headline: str | None,
               sentence: str | None) -> Row:
    node = article_node(article) or {}
    return (sentence or "", headline or node.get("headline") or "", date or node.get("date") or "",
            article_source(node, article))


def edge_evidence(data: dict[str, Any], facts: Iterable[Any], article_node: ArticleLookup) -> None:
    """Set the ``evidence_*`` lists of one edge's attributes ``data`` from its facts (statements), in date
    order; without facts, from the edge's own ``articles`` and ``evidence``."""
    from kg.ingest.dates import sort_key

    facts = list(facts)
    rows: list[Row] = []
    if facts:
        ordered = sorted(facts, key=lambda f: (sort_key(f.date), f.article, f.sentence or 0))
        rows = [_statement(article_node, f.article, f.date, f.headline, f.evidence) for f in ordered]
    else:
        sentences = list(data.get("evidence") or [])
        for i, article in enumerate(data.get("articles") or []):
            node = article_node(article) or {}
            rows.append(_statement(article_node, article, node.get("date"), node.get("headline"),
                                   sentences[i] if i < len(sentences) else None))
        rows.sort(key=lambda r: (sort_key(r[2] or None), r[3]))
    rows = list(dict.fromkeys(rows))
    if data.get("type") in CONTEXT_TYPES:
        rows = rows[:MAX_CONTEXT]
    for index, name in enumerate(FIELDS):
        data[f"evidence_{name}"] = [r[index] for r in rows]


def edge_rows(data: Mapping[str, Any]) -> list[Row]:
    """The statements an edge gives its ends' node evidence (none for co-occurrence and mention edges)."""
    if data.get("type") in CONTEXT_TYPES:
        return []
    return list(zip(*(data.get(f"evidence_{name}") or [] for name in FIELDS), strict=False))


def node_evidence(data: dict[str, Any], stated: Iterable[Row], article_node: ArticleLookup) -> None:
    """Set up to :data:`MAX_CONTEXT` ``evidence_*`` entries on a node's attributes ``data``: first the
    sentences of the facts it takes part in (``stated``: :func:`edge_rows` of its edges in the graph's edge
    order, :func:`graph_edge_order`; one per article, in date order, ties in that order), then the
    headline, date and source of its other articles — read only until enough are kept (a hub entity is
    in thousands of articles)."""
    from kg.ingest.dates import sort_key

    rows = sorted((r for r in stated if r[0]), key=lambda r: (sort_key(r[2] or None), r[3]))
    seen = {r[3] + r[1] for r in rows}

    def others(articles: list[str]) -> Iterator[Row]:
        for article in articles:
            row = _statement(article_node, article, None, None, None)
            if row[3] + row[1] not in seen:
                seen.add(row[3] + row[1])
                yield row

    picked: list[Row] = []
    for row in itertools.chain(rows, others(data.get("articles") or [])):
        if all((p[1], p[3]) != (row[1], row[3]) for p in picked):
            picked.append(row)
            if len(picked) == MAX_CONTEXT:
                break
    for index, name in enumerate(FIELDS):
        data[f"evidence_{name}"] = [r[index] for r in picked]


def graph_edge_order(edges: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """``(source, target, key)`` triples in the order a graph assembled by :func:`kg.graph.graph_from`
    (nodes by id, edges added by key) iterates them: by source, then by the first key of each
    (source, target) pair, then by key — what :func:`node_evidence` needs of edges kept elsewhere.

    >>> graph_edge_order([("a", "c", "k1"), ("a", "b", "k2"), ("a", "c", "k3"), ("A", "b", "k9")])
    [('A', 'b', 'k9'), ('a', 'c', 'k1'), ('a', 'c', 'k3'), ('a', 'b', 'k2')]
    """
    edges = list(edges)
    first: dict[tuple[str, str], str] = {}
    for u, v, k in edges:
        if (u, v) not in first or k < first[u, v]:
            first[u, v] = k
    return sorted(edges, key=lambda e: (e[0], first[e[0], e[1]], e[2]))


def attach_evidence(g: nx.MultiDiGraph, grouped: Mapping[str, Iterable[Any]] | None = None) -> None:
    """Set ``evidence_*`` on every edge of ``g`` (and ``source`` on its Article nodes), in place.

    ``grouped`` maps edge keys to the :class:`kg.resolve.Fact` statements behind each
    edge (:func:`edge_evidence`); an edge without them (or built elsewhere) is given the headline,
    date and source of each of its ``articles``, with the edge's first evidence sentence if any.
    Then every node but an article gets its own (:func:`node_evidence`).
    """
    grouped = grouped or {}
    nodes = g.nodes

    def article_node(article: str) -> Mapping[str, Any] | None:
        return nodes.get(f"Article:{article}")

    for node, data in g.nodes(data=True):
        if data.get("label") == "Article":
            data["source"] = article_source(data, node.split(":", 1)[-1])
    stated: dict[str, list[Row]] = {}
    for u, v, key, data in g.edges(keys=True, data=True):
        edge_evidence(data, grouped.get(key) or (), article_node)
        rows = edge_rows(data)
        if rows:
            stated.setdefault(u, []).extend(rows)
            stated.setdefault(v, []).extend(rows)
    for node, data in g.nodes(data=True):
        if data.get("label") != "Article":
            node_evidence(data, stated.get(node, ()), article_node)


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

"""Stage 4: the knowledge graph as a networkx MultiDiGraph.

Nodes carry ``label`` (Person, Organization, Place, Project, Article, Meeting)
and their properties; edges carry ``type`` (HOLDS_TITLE, INSPECTED, ACCOMPANIED,
CHAIRED, ATTENDED, REPORTED, MENTIONED_IN, CO_OCCURS), the articles stating
them, first/last dates and evidence sentences. Statements of the same fact in
several articles become one edge whose ``articles`` list grows.

>>> recs = [{"article_id": "a#0", "district": "中原区", "date": "--03-16", "headline": "H",
...          "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"}],
...          "projects": ["融信奥体世纪项目"], "organizations": [], "places": [],
...          "relations": [{"type": "INSPECTED", "source": "李晓雷", "target": "融信奥体世纪项目", "sentence": 1}],
...          "sentences": ["H", "李晓雷调研了融信奥体世纪项目。"]}]
>>> g = build_graph(recs)
>>> [(d["type"], g.nodes[v]["name"]) for _, v, d in g.out_edges("Person:中原区:李晓雷", data=True)
...  if d["type"] == "INSPECTED"]
[('INSPECTED', '融信奥体世纪项目')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.resolve import Entity, Fact, resolve

MAX_EVIDENCE = 3


def _date_range(dates: list[str]) -> tuple[str | None, str | None]:
    """(first, last) preferring full ISO dates over partial ones (--MM-DD)."""
    full = sorted(d for d in dates if d and not d.startswith("-"))
    part = sorted(d for d in dates if d and d.startswith("-"))
    pool = full or part
    return (pool[0], pool[-1]) if pool else (None, None)


def edge_key(fact: Fact) -> str:
    """Stable identity of an edge: its type, ends and (for titles) the title."""
    extra = fact.props.get("title", "") if fact.type == "HOLDS_TITLE" else ""
    return f"{fact.type}|{fact.source}|{fact.target}|{extra}"


def build_graph(records: Iterable[dict[str, Any]]) -> nx.MultiDiGraph:
    """The resolved graph of extraction records (``kg extract`` output)."""
    entities, facts = resolve(records)
    return graph_from(entities, facts)


def graph_from(entities: dict[str, Entity], facts: list[Fact]) -> nx.MultiDiGraph:
    """Assemble resolved entities and facts into a MultiDiGraph (one edge per edge_key)."""
    g = nx.MultiDiGraph()
    for ent in sorted(entities.values(), key=lambda e: e.id):
        g.add_node(ent.id, label=ent.label, name=ent.name, district=ent.district, aliases=sorted(ent.aliases),
                   articles=sorted(ent.articles), **ent.props)
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        grouped.setdefault(edge_key(fact), []).append(fact)
    for key in sorted(grouped):
        group = grouped[key]
        first = group[0]
        articles = sorted({f.article for f in group})
        dates = [f.date for f in group if f.date]
        first_seen, last_seen = _date_range(dates)
        attrs: dict[str, Any] = {
            "type": first.type, "edge_key": key, "articles": articles, "first_seen": first_seen, "last_seen": last_seen,
            "sentences": sorted({f"{f.article}#{f.sentence}" for f in group if f.sentence is not None}),
            "evidence": list(dict.fromkeys(f.evidence for f in group if f.evidence))[:MAX_EVIDENCE],
        }
        for name, value in first.props.items():
            if name != "sentences":
                attrs[name] = value
        if first.type == "CO_OCCURS":
            attrs["weight"] = len(articles)
            attrs["shared_sentences"] = sum(f.props.get("sentences", 0) for f in group)
        else:
            attrs["weight"] = len(group)
        g.add_edge(first.source, first.target, key=key, **attrs)
    return g


def summary(g: nx.MultiDiGraph) -> dict[str, dict[str, int]]:
    """Counts of nodes by label and edges by type."""
    nodes: dict[str, int] = {}
    for _, d in g.nodes(data=True):
        nodes[d["label"]] = nodes.get(d["label"], 0) + 1
    edges: dict[str, int] = {}
    for _, _, d in g.edges(data=True):
        edges[d["type"]] = edges.get(d["type"], 0) + 1
    return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}


def career(g: nx.MultiDiGraph, person: str) -> list[tuple[str | None, str | None, str]]:
    """A person's titles over time: ``(first_seen, last_seen, title)`` sorted by date.

    ``person`` is a node id or a name (every node of that name is included).
    """
    ids = [person] if person in g else [n for n, d in g.nodes(data=True)
                                        if d["label"] == "Person" and d["name"] == person]
    rows = [(d["first_seen"], d["last_seen"], d["title"]) for pid in ids
            for _, _, d in g.out_edges(pid, data=True) if d["type"] == "HOLDS_TITLE"]
    return sorted(rows, key=lambda r: (r[0] is None, (r[0] or "").lstrip("-"), r[2]))

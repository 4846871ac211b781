"""Stage 4: the knowledge graph as a networkx MultiDiGraph.

Nodes carry ``label`` (Person, Organization, Place, Project, Article, Meeting,
Visit) and their properties; edges carry ``type`` (HOLDS_TITLE, INSPECTED, ACCOMPANIED,
CHAIRED, ATTENDED, REPORTED, MENTIONED_IN, CO_OCCURS, and the event edges LED,
PARTICIPATED, ACCOMPANIED_ON, VISITED, REPORTED_IN of :mod:`kg.events`), the articles
stating them, first/last dates and evidence sentences. Statements of the same fact in
several articles become one edge whose ``articles`` list grows. Reporters and
correspondents stay out of co-occurrence (see :func:`graph_from`).

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
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.events import event_layer
from kg.evidence import attach_evidence
from kg.ingest.dates import kind as date_kind
from kg.ingest.dates import sort_key
from kg.perf import paused_gc
from kg.resolve import Entity, Fact, resolve

if TYPE_CHECKING:
    from kg.corrections import Corrections

MAX_EVIDENCE = 3


def _date_range(dates: list[str | None]) -> tuple[str | None, str | None]:
    """(first, last) over full ISO dates only; partial dates (--MM-DD) never set them.

    >>> _date_range(["--05-05", "2020-03-16", "2019-01-11", None])
    ('2019-01-11', '2020-03-16')
    >>> _date_range(["--05-05"])
    (None, None)
    """
    full = sorted(d for d in dates if date_kind(d) == "full")
    return (full[0], full[-1]) if full else (None, None)


def _partial_range(dates: list[str | None]) -> tuple[str | None, str | None]:
    """(first, last) of the partial dates, by month-day (their year is unknown)."""
    part = sorted((d for d in dates if date_kind(d) == "partial"), key=sort_key)
    return (part[0], part[-1]) if part else (None, None)


def citation(fact: Fact) -> str:
    """One evidence line: ``article · date · 《headline》: sentence``."""
    head = f"《{fact.headline}》" if fact.headline else ""
    return f"{fact.article} · {fact.date or 'undated'} · {head}: {fact.evidence or ''}".replace(" · :", ":")


def edge_key(fact: Fact) -> str:
    """Stable identity of an edge: its type, ends and (for titles) the title."""
    extra = fact.props.get("title", "") if fact.type == "HOLDS_TITLE" else ""
    return f"{fact.type}|{fact.source}|{fact.target}|{extra}"


@paused_gc()  # millions of small objects and no cycles: collections would make the build superlinear
def build_graph(records: Iterable[dict[str, Any]], corrections: Corrections | None = None,
                include_reporters: bool = False) -> nx.MultiDiGraph:
    """The resolved graph of extraction records (``kg extract`` output).

    ``corrections`` (a user's :class:`kg.corrections.Corrections`) are applied to the
    resolved entities and facts before events are built, so every later stage sees them.
    Reporters and correspondents have no CO_OCCURS edges unless ``include_reporters``.
    """
    records = list(records)
    entities, facts = resolve(records)
    if corrections is not None:
        entities, facts = corrections.apply(entities, facts)
    facts.extend(event_layer(records, entities, facts))
    del records  # read by nothing after the event layer: freed (when the caller streamed them) before assembly
    return graph_from(entities, facts, include_reporters=include_reporters)


def reporters_of(facts: Iterable[Fact]) -> set[str]:
    """Ids of the people credited as reporters or correspondents (sources of REPORTED facts)."""
    return {f.source for f in facts if f.type == "REPORTED"}


@paused_gc()
def graph_from(entities: dict[str, Entity], facts: list[Fact], include_reporters: bool = False) -> nx.MultiDiGraph:
    """Assemble resolved entities and facts into a MultiDiGraph (one edge per edge_key).

    Person nodes get ``reporter`` (credited as reporter or correspondent); their
    co-occurrences are left out unless ``include_reporters``, so network measures
    (degree, neighbours, shortest paths) are about the people the news is about.
    """
    reporters = reporters_of(facts)
    g = nx.MultiDiGraph()
    for ent in sorted(entities.values(), key=lambda e: e.id):
        g.add_node(ent.id, **node_attrs(ent, ent.id in reporters))
    grouped: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.type == "CO_OCCURS" and not include_reporters and (fact.source in reporters or
                                                                    fact.target in reporters):
            continue
        grouped.setdefault(edge_key(fact), []).append(fact)
    for key in sorted(grouped):
        group = grouped[key]
        g.add_edge(group[0].source, group[0].target, key=key, **edge_attrs(key, group))
    attach_evidence(g, grouped)  # evidence_sentence/_headline/_date/_source on every edge (kg.evidence)
    return g


def node_attrs(ent: Entity, reporter: bool) -> dict[str, Any]:
    """A node's attributes: label, name, district, sorted aliases and articles, the entity's properties,
    and for a person whether it is credited as reporter or correspondent (evidence comes later)."""
    extra = {"reporter": reporter} if ent.label == "Person" else {}
    return {"label": ent.label, "name": ent.name, "district": ent.district, "aliases": sorted(ent.aliases),
            "articles": sorted(ent.articles), **ent.props, **extra}


def edge_attrs(key: str, group: list[Fact]) -> dict[str, Any]:
    """An edge's attributes from the facts that state it (``group``, in corpus order; evidence comes later):
    its articles, full and partial date ranges, sentences, evidence and citations, weight."""
    first = group[0]
    if len(group) == 1:  # most edges (a co-occurrence or mention in one article): no sets, no sorts
        return _single_fact_attrs(key, first)
    articles = sorted({f.article for f in group})
    dates = [f.date for f in group]
    first_seen, last_seen = _date_range(dates)
    first_partial, last_partial = _partial_range(dates)
    ordered = sorted(group, key=lambda f: (sort_key(f.date), f.article))
    attrs: dict[str, Any] = {
        "type": first.type, "edge_key": key, "articles": articles, "first_seen": first_seen, "last_seen": last_seen,
        "dated_articles": sorted({f.article for f in group if date_kind(f.date) == "full"}),
        "undated_articles": sorted({f.article for f in group if date_kind(f.date) != "full"}),
        "sentences": sorted({f"{f.article}#{f.sentence}" for f in group if f.sentence is not None}),
        "evidence": list(dict.fromkeys(f.evidence for f in ordered if f.evidence))[:MAX_EVIDENCE],
    }
    if first_partial:  # month-day only: kept apart from the full dates, never compared with them
        attrs["partial_dates"] = sorted({d for d in dates if date_kind(d) == "partial"}, key=sort_key)
        attrs["first_partial"], attrs["last_partial"] = first_partial, last_partial
    if first.type not in ("CO_OCCURS", "MENTIONED_IN"):
        attrs["citations"] = list(dict.fromkeys(citation(f) for f in ordered if f.evidence))[:MAX_EVIDENCE]
    for name, value in first.props.items():
        if name != "sentences":
            attrs[name] = value
    if first.type == "CO_OCCURS":
        attrs["weight"] = len(articles)
        attrs["shared_sentences"] = sum(f.props.get("sentences", 0) for f in group)
    else:
        attrs["weight"] = len(group)
    return attrs


def _single_fact_attrs(key: str, f: Fact) -> dict[str, Any]:
    """The attributes :func:`graph_from` gives an edge stated by one fact (the same, key for key and in the
    same order, as its general case computes for a group of one)."""
    kind = date_kind(f.date)
    full = kind == "full"
    attrs: dict[str, Any] = {
        "type": f.type, "edge_key": key, "articles": [f.article], "first_seen": f.date if full else None,
        "last_seen": f.date if full else None, "dated_articles": [f.article] if full else [],
        "undated_articles": [] if full else [f.article],
        "sentences": [f"{f.article}#{f.sentence}"] if f.sentence is not None else [],
        "evidence": [f.evidence] if f.evidence else [],
    }
    if kind == "partial" and f.date:
        attrs["partial_dates"] = [f.date]
        attrs["first_partial"], attrs["last_partial"] = f.date, f.date
    if f.type not in ("CO_OCCURS", "MENTIONED_IN"):
        attrs["citations"] = [citation(f)] if f.evidence else []
    for name, value in f.props.items():
        if name != "sentences":
            attrs[name] = value
    if f.type == "CO_OCCURS":
        attrs["weight"] = 1
        attrs["shared_sentences"] = sum((f.props.get("sentences", 0),))
    else:
        attrs["weight"] = 1
    return attrs


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

    ``person`` is a node id or a name (every node of that name is included). Full dates
    come first in date order; a title seen only on month-day dates (``--05-05``) follows.
    """
    ids = [person] if person in g else [n for n, d in g.nodes(data=True)
                                        if d["label"] == "Person" and d["name"] == person]
    rows = [(d["first_seen"] or d.get("first_partial"), d["last_seen"] or d.get("last_partial"), d["title"])
            for pid in ids for _, _, d in g.out_edges(pid, data=True) if d["type"] == "HOLDS_TITLE"]
    return sorted(rows, key=lambda r: (sort_key(r[0]), r[2]))

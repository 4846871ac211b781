"""``kg schema``: node labels, relationship types, their properties and the id scheme, read off a graph.

Nothing here is a hand-kept list: :func:`schema` walks a built graph (``OUT/graph.json``, or
:func:`kg.graph.build_graph` of any records) and reports what is really there — each label's
properties with their value types, each relationship type with the labels it joins and its
properties, and each label's id pattern, inferred by writing an id's parts as the node's own
properties (``Person:中原区:李晓雷`` → ``Person:{district}:{name}``). The README's schema section is
this module's Markdown of the data/raw graph, and a test keeps the two equal.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("Person:中原区:李晓雷", label="Person", name="李晓雷", district="中原区", titles=["区长"])
>>> g.add_node("Project:X项目", label="Project", name="X项目", district=None)
>>> _ = g.add_edge("Person:中原区:李晓雷", "Project:X项目", key="k", type="INSPECTED", articles=["a"], weight=1)
>>> s = schema(g)
>>> s["nodes"]["Person"]["id"], s["nodes"]["Person"]["properties"]["titles"]
('Person:{district}:{name}', 'list of string')
>>> s["relationships"]["INSPECTED"]["between"]
['Person → Project']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import networkx as nx

#: Properties of every node and relationship in a store, set by the loader rather than the graph.
STORE_PROPERTIES = {"id": "string (node id, unique per label)", "kg_graph": "string (the --graph name)",
                    "kg_hash": "string (hash of the other properties: what tells a changed one)",
                    "key": "string (relationship id)"}


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (list, tuple, set)):
        inner = sorted({_type(v) for v in value if v is not None})
        return f"list of {'/'.join(inner) if inner else 'string'}"
    return "string"


def _types(values: list[Any]) -> str:
    """One type name for a property's values across nodes (null values say nothing)."""
    seen = Counter(_type(v) for v in values if v is not None)
    if not seen:
        return "null"
    lists = [t for t in seen if t.startswith("list of")]
    if lists and len(lists) < len(seen):
        return " | ".join(sorted(seen))
    if len(lists) > 1:  # an empty list says nothing of its items
        known = [t for t in lists if t != "list of string"] or lists
        return known[0] if len(known) == 1 else " | ".join(sorted(known))
    return " | ".join(sorted(seen))


def id_pattern(node: str, data: dict[str, Any]) -> str:
    """``node`` with the node's own property values in it written as ``{property}`` (longest first).

    >>> id_pattern("Meeting:a.txt#1:座谈会", {"label": "Meeting", "name": "座谈会", "articles": ["a.txt#1"]})
    'Meeting:{article}:{name}'
    >>> id_pattern("Visit:a.txt#1#V1", {"label": "Visit", "article": "a.txt#1", "event": "V1"})
    'Visit:{article}#{event}'
    """
    label = str(data.get("label") or "")
    rest = node[len(label) + 1:] if label and node.startswith(label + ":") else node
    candidates: dict[str, str] = {}
    for k, v in sorted(data.items(), key=lambda kv: (kv[0] != "name", kv[0])):  # name first when values agree
        if k != "label" and isinstance(v, str) and v:
            candidates.setdefault(v, k)
    for a in data.get("articles") or []:
        if isinstance(a, str):
            candidates.setdefault(a, "article")
    out, i = "", 0
    ordered = sorted(candidates, key=lambda v: -len(v))
    while i < len(rest):
        value = next((v for v in ordered if rest.startswith(v, i)), None)
        if value is not None:
            out += f"{{{candidates[value]}}}"
            i += len(value)
        else:
            out += rest[i]
            i += 1
    return f"{label}:{out}" if label else out


def schema(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Labels, relationship types, their properties (name → type) and id patterns of ``g``."""
    values: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    patterns: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    for node, data in g.nodes(data=True):
        label = str(data.get("label"))
        counts[label] += 1
        patterns[label][id_pattern(node, data)] += 1
        for key, value in data.items():
            if key != "label":
                values[label][key].append(value)
    rel_values: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    between: dict[str, Counter[str]] = defaultdict(Counter)
    rel_counts: Counter[str] = Counter()
    for u, v, data in g.edges(data=True):
        typ = str(data.get("type"))
        rel_counts[typ] += 1
        between[typ][f"{g.nodes[u].get('label')} → {g.nodes[v].get('label')}"] += 1
        for key, value in data.items():
            if key not in ("type", "edge_key"):
                rel_values[typ][key].append(value)
    node_common = set.intersection(*(set(v) for v in values.values())) if values else set()
    rel_common = set.intersection(*(set(v) for v in rel_values.values())) if rel_values else set()
    return {
        "node_properties": {k: _types([x for v in values.values() for x in v[k]]) for k in sorted(node_common)},
        "nodes": {label: {"count": counts[label],
                          "id": " or ".join(p for p, _ in patterns[label].most_common()),
                          "properties": {k: _types(vs) for k, vs in sorted(values[label].items())
                                         if k not in node_common}}
                  for label in sorted(counts)},
        "relationship_properties": {k: _types([x for v in rel_values.values() for x in v[k]])
                                    for k in sorted(rel_common)},
        "relationships": {typ: {"count": rel_counts[typ], "between": sorted(between[typ]),
                                "properties": {k: _types(vs) for k, vs in sorted(rel_values[typ].items())
                                               if k not in rel_common}}
                          for typ in sorted(rel_counts)},
        "store": STORE_PROPERTIES,
    }


def markdown(s: dict[str, Any], counts: bool = False) -> str:
    """The schema as Markdown (the README section; ``counts`` adds how many of each)."""
    lines = ["**Nodes.** Every node has " + ", ".join(f"`{k}` {t}" for k, t in s["node_properties"].items())
             + "; by label (id pattern, other properties):", ""]
    lines += ["| label | id | properties |", "|---|---|---|"]
    for label, node in s["nodes"].items():
        props = ", ".join(f"`{k}` {t}" for k, t in node["properties"].items())
        name = f"{label} ({node['count']})" if counts else label
        lines.append(f"| {name} | `{node['id']}` | {props} |")
    lines += ["", "**Relationships.** Every relationship has "
              + ", ".join(f"`{k}` {t}" for k, t in s["relationship_properties"].items())
              + "; by type (from → to, other properties):", ""]
    lines += ["| type | between | properties |", "|---|---|---|"]
    for typ, rel in s["relationships"].items():
        props = ", ".join(f"`{k}` {t}" for k, t in rel["properties"].items())
        name = f"{typ} ({rel['count']})" if counts else typ
        lines.append(f"| {name} | {', '.join(rel['between'])} | {props} |")
    lines += ["", "In a store every node also has " + ", ".join(f"`{k}` {v}" for k, v in s["store"].items()
                                                                if k != "key")
              + f"; every relationship `key` {s['store']['key']}, `kg_graph` and `kg_hash`."]
    return "\n".join(lines) + "\n"


BEGIN, END = "<!-- kg schema: begin (generated by `kg schema --update-readme README.md`) -->", "<!-- kg schema: end -->"


def update_readme(text: str, section: str) -> str:
    """``text`` (a README) with the part between the schema markers replaced by ``section``."""
    if BEGIN not in text or END not in text:
        raise ValueError(f"the README has no schema markers ({BEGIN} … {END})")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{section}{END}{tail}"

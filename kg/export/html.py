"""The interactive HTML viewer: one self-contained, offline pyvis page.

* **A bounded, chosen subgraph.** :func:`select` picks what the page shows — by
  district, period and focus (an ego graph over fact edges that never passes
  through articles, co-occurrence or reporters), capped at ``max_nodes`` nodes
  AND ``max_edges`` edges — in time linear in the graph (one pass, then heaps of
  size ``max_nodes``/``max_edges``). The pyvis ``Network`` is filled by assigning
  its ``nodes``/``edges`` lists directly: ``Network.add_edge`` checks each end
  against a list of node ids, which made 10^5 edges quadratic.
* **A readable overview.** The page opens on officials, projects, visits and
  meetings joined by fact edges (inspections, visits, chairing, companions);
  organizations, places, articles, reporters and the other relations are one
  click away (checkboxes, search, focus). Districts are clusters: each is laid
  out on its own and drawn inside a labelled circle.
* **Reproducible layout.** Positions are computed in Python (seeded spring
  layout per district, then every other node placed beside a neighbour), rounded,
  and every collection is sorted: the same graph gives the same HTML byte for
  byte, whatever ``PYTHONHASHSEED``.
* **Offline and escaped.** vis-network is inlined (pyvis ``cdn_resources="in_line"``)
  and every external ``<link>``/``<script src>`` pyvis adds is removed. Article
  strings reach the page only inside JSON (``<``, ``>``, ``&`` escaped) and are
  shown through ``textContent`` or vis-network's plain-text tooltips.
* **Chinese interface, ISO dates.** Dates are ISO (``2023-02-10``) or, when no
  text states the year, typed partial dates (``--03-16``) that sort after the
  full ones and are never compared with them. A timeline slider replays facts
  by date.
"""

from __future__ import annotations

import heapq
import html
import json
import math
import re
import zlib
from collections import Counter, deque
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.ingest.dates import kind as date_kind
from kg.ingest.dates import sort_key

#: Node kinds: colour, shape and the Chinese name shown on the page. ``Reporter`` is a
#: Person who only reports (bylines, credits); reporters are never officials.
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("#e15759", "dot", "官员"),
    "Project": ("#f28e2b", "diamond", "项目"),
    "Visit": ("#17becf", "hexagon", "视察活动"),
    "Meeting": ("#b07aa1", "star", "会议"),
    "Organization": ("#4e79a7", "square", "机构"),
    "Place": ("#59a14f", "triangle", "地点"),
    "Article": ("#9c9c9c", "dot", "文章"),
    "Reporter": ("#c9a0a0", "dot", "记者/通讯员"),
}
_OTHER_NODE = ("#777777", "dot")
#: Edge types: style and Chinese name. Event edges (visits, meetings) are styled when present.
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "INSPECTED": {"color": "#f28e2b", "width": 2, "zh": "视察"},
    "ACCOMPANIED": {"color": "#e15759", "width": 1.5, "dashes": True, "zh": "陪同"},
    "CHAIRED": {"color": "#b07aa1", "width": 2, "zh": "主持"},
    "ATTENDED": {"color": "#d4a6c8", "width": 1, "zh": "出席"},
    "LED": {"color": "#17becf", "width": 2, "zh": "带队视察"},
    "PARTICIPATED": {"color": "#6fc9d6", "width": 1.5, "zh": "参加视察"},
    "ACCOMPANIED_ON": {"color": "#e15759", "width": 1.5, "dashes": True, "zh": "陪同视察"},
    "VISITED": {"color": "#f28e2b", "width": 2, "zh": "视察对象"},
    "HOLDS_TITLE": {"color": "#4e79a7", "width": 1.5, "zh": "任职"},
    "REPORTED": {"color": "#bab0ac", "width": 1, "dashes": True, "zh": "报道"},
    "MENTIONED_IN": {"color": "#dddddd", "width": 0.5, "zh": "见于文章"},
    "REPORTED_IN": {"color": "#dddddd", "width": 0.5, "zh": "报道于"},
    "CO_OCCURS": {"color": "#cfcfcf", "width": 0.5, "dashes": True, "zh": "共现"},
}
_OTHER_EDGE: dict[str, Any] = {"color": "#999999", "width": 1}
#: What the page shows when it opens (when the graph has any of it); the rest is one click away.
DEFAULT_KINDS = ("Person", "Project", "Visit")
DEFAULT_RELS = ("INSPECTED", "ACCOMPANIED")
#: With visit events (kg.events) the first view goes through them instead of the direct edges.
EVENT_RELS = ("LED", "PARTICIPATED", "ACCOMPANIED_ON", "VISITED")
#: Edges that are no fact about their ends: never walked by ``focus``/``hops``, ranked last.
WEAK_RELS = ("REPORTED", "REPORTED_IN", "MENTIONED_IN", "CO_OCCURS")
#: Default caps of the page (``kg build`` writes this much at most, whatever the corpus).
DEFAULT_MAX_NODES = 500
DEFAULT_MAX_EDGES = 4000
REPORTER_ROLES = ("reporter", "correspondent")
FONT_SIZE = 18
_SPACING = 80.0  # pixels per overview node (side of the square it gets)
_SKELETON = 450  # nodes laid out by the spring layout in one district; the rest beside a neighbour
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EXTERNAL = re.compile(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*>|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
                       re.IGNORECASE | re.DOTALL)


# --------------------------------------------------------------------------- selection

def is_reporter(g: nx.MultiDiGraph, n: str) -> bool:
    """A person who reports and holds no title: a ``role`` of reporter/correspondent, or a
    resolution that says so, or REPORTED edges without any fact of an official."""
    d = g.nodes[n]
    if d.get("label") != "Person":
        return False
    if d.get("role") in REPORTER_ROLES:
        return True
    official = False
    reported = bool(d.get("reporter")) or any(r in str(why) for why in d.get("resolution") or () for r in REPORTER_ROLES)
    for _, _, e in g.out_edges(n, data=True):
        if e["type"] == "REPORTED":
            reported = True
        elif e["type"] not in WEAK_RELS:
            official = True
    return reported and not official


def node_kind(g: nx.MultiDiGraph, n: str) -> str:
    """The viewer's kind of a node: its label, or ``Reporter`` for reporters."""
    return "Reporter" if is_reporter(g, n) else str(g.nodes[n].get("label") or "")


def _check_limits(max_nodes: int | None, max_edges: int | None, hops: int) -> None:
    for flag, value in (("--max-nodes", max_nodes), ("--max-edges", max_edges)):
        if value is not None and value <= 0:
            raise ValueError(f"{flag} must be a positive number of {flag[6:]}, not {value}")
    if hops < 0:
        raise ValueError(f"--hops must be 0 or more, not {hops}")


def _check_date(flag: str, value: str | None) -> None:
    if value is not None and not _ISO.match(value):
        raise ValueError(f"{flag} takes an ISO date (YYYY-MM-DD), not {value!r}")


def _edge_in_period(d: dict[str, Any], since: str | None, until: str | None) -> bool:
    """Whether an edge has a full date inside [since, until] (partial and missing dates never do)."""
    if since is None and until is None:
        return True
    first, last = d.get("first_seen"), d.get("last_seen") or d.get("first_seen")
    if not first or date_kind(first) != "full":
        return False
    return (since is None or str(last) >= since) and (until is None or str(first) <= until)


def _centres(g: nx.MultiDiGraph, focus: str) -> list[str]:
    if focus in g:
        return [focus]
    named = sorted(n for n, d in g.nodes(data=True) if d.get("name") == focus)
    return named or sorted(n for n, d in g.nodes(data=True) if focus in (d.get("aliases") or ()))


def _fact_neighbours(g: nx.MultiDiGraph, n: str) -> Iterable[str]:
    """Neighbours of ``n`` over fact edges (not REPORTED, MENTIONED_IN, CO_OCCURS)."""
    for _, v, e in g.out_edges(n, data=True):
        if e["type"] not in WEAK_RELS:
            yield v
    for u, _, e in g.in_edges(n, data=True):
        if e["type"] not in WEAK_RELS:
            yield u


def select(g: nx.MultiDiGraph, max_nodes: int | None = None, focus: str | None = None, hops: int = 1, *,
           max_edges: int | None = None, district: str | None = None, since: str | None = None,
           until: str | None = None, reporters: bool = False) -> nx.MultiDiGraph:
    """The bounded part of ``g`` to draw, chosen in time linear in ``g``.

    ``district`` keeps that district's nodes and the district-less ones (places,
    projects) they touch; ``since``/``until`` (ISO dates) keep facts with a full date
    in the period and the nodes they join; ``focus`` (node id, name or alias) keeps
    the nodes within ``hops`` fact edges of it, never walking through articles,
    co-occurrence or reporters. Reporters are left out unless ``reporters``.
    Then the ``max_nodes`` nodes closest to the focus / best connected by facts, and
    the ``max_edges`` strongest edges between them (facts first). Caps default to
    :data:`DEFAULT_MAX_NODES` / :data:`DEFAULT_MAX_EDGES`; 0 or less is a ValueError,
    an unknown focus a KeyError.
    """
    _check_limits(max_nodes, max_edges, hops)
    _check_date("--since", since)
    _check_date("--until", until)
    node_cap = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    edge_cap = DEFAULT_MAX_EDGES if max_edges is None else max_edges
    memo: dict[str, bool] = {}

    def reporter(n: str) -> bool:
        if n not in memo:
            memo[n] = g.nodes[n].get("label") == "Person" and is_reporter(g, n)
        return memo[n]

    distance: dict[str, int] = {}
    if focus:  # a walk from the focus: time proportional to the neighbourhood, not the graph
        centres = _centres(g, focus)
        if not centres:
            raise KeyError(f"no node named {focus!r} in the graph")
        queue = deque(centres)
        distance = dict.fromkeys(centres, 0)
        while queue:
            n = queue.popleft()
            if distance[n] >= hops or (n not in centres and g.nodes[n].get("label") == "Article"):
                continue
            for m in _fact_neighbours(g, n):
                if m in distance or (not reporters and reporter(m)):
                    continue
                if district is not None and g.nodes[m].get("district") not in (district, None, ""):
                    continue
                distance[m] = distance[n] + 1
                queue.append(m)
        allowed = set(distance)
    else:
        allowed = {n for n in g if reporters or not reporter(n)}
        if district is not None:
            own = {n for n in allowed if g.nodes[n].get("district") == district}
            touched = {m for n in own for m in nx.all_neighbors(g, n)
                       if m in allowed and not g.nodes[m].get("district")}
            allowed = own | touched
    if since is not None or until is not None:
        dated: set[str] = set()
        for u in allowed:
            for _, v, d in g.out_edges(u, data=True):
                if v in allowed and _edge_in_period(d, since, until):
                    dated.update((u, v))
        allowed = dated
    fact_degree: Counter[str] = Counter()
    for u in allowed:
        for _, v, d in g.out_edges(u, data=True):
            if d["type"] not in WEAK_RELS and v in allowed:
                fact_degree[u] += 1
                fact_degree[v] += 1
    tier = {"Article": 2}

    def rank(n: str) -> tuple[int, int, int, int, str]:
        label = g.nodes[n].get("label")
        return (distance.get(n, 0), 3 if reporter(n) else tier.get(str(label), 1), -fact_degree[n], -g.degree(n), n)

    keep = heapq.nsmallest(node_cap, allowed, key=rank) if len(allowed) > node_cap else sorted(allowed, key=rank)
    kept = set(keep)
    strength = {t: i for i, t in enumerate(WEAK_RELS, start=1)}
    candidates: list[tuple[int, float, str, str, str]] = []
    for u in keep:
        for v, keyed in g.succ[u].items():
            if v not in kept:
                continue
            for key, d in keyed.items():
                if _edge_in_period(d, since, until):
                    candidates.append((strength.get(d["type"], 0), -float(d.get("weight") or 1), str(key), u, v))
    edges = heapq.nsmallest(edge_cap, candidates) if len(candidates) > edge_cap else sorted(candidates)
    sub = nx.MultiDiGraph()
    for n in sorted(kept):
        sub.add_node(n, **g.nodes[n])
    for _, _, key, u, v in sorted(edges, key=lambda e: e[2]):
        sub.add_edge(u, v, key=key, **g.edges[u, v, key])
    if focus:
        sub.graph["focus"] = [n for n in _centres(g, focus) if n in kept]
    return sub


# --------------------------------------------------------------------------- layout

def _jitter(n: str, salt: str = "") -> float:
    """A stable number in [0, 1) from a node id (no ``hash()``: it changes with PYTHONHASHSEED)."""
    return zlib.crc32((salt + n).encode("utf-8")) / 2**32


def default_view(g: nx.MultiDiGraph, kinds: dict[str, str]) -> tuple[list[str], list[str], set[str]]:
    """(kinds shown first, relations shown first, nodes of that first view).

    The first view is the overview kinds joined by overview relations; a graph with
    none of it opens on every kind and relation instead.
    """
    present_kinds = sorted(set(kinds.values()))
    present_rels = sorted({d["type"] for _, _, d in g.edges(data=True)})
    on_kinds = [k for k in DEFAULT_KINDS if k in present_kinds]
    on_rels = [r for r in (EVENT_RELS if "Visit" in present_kinds else DEFAULT_RELS) if r in present_rels]
    core: set[str] = set()
    for u, v, d in g.edges(data=True):
        if d["type"] in on_rels and kinds[u] in on_kinds and kinds[v] in on_kinds and u != v:
            core.update((u, v))
    if not core:
        on_kinds, on_rels = present_kinds, [r for r in present_rels if r != "CO_OCCURS"] or present_rels
        core = {n for u, v, d in g.edges(data=True) if d["type"] in on_rels for n in (u, v)} or set(g)
    return on_kinds, on_rels, core


def _clusters(g: nx.MultiDiGraph) -> dict[str, str]:
    """The district cluster of every node: its own, else the commonest among its fact neighbours."""
    cluster: dict[str, str] = {}
    for n, d in g.nodes(data=True):
        if d.get("district"):
            cluster[n] = str(d["district"])
    for n in sorted(g):
        if n not in cluster:
            votes = Counter(cluster[m] for m in _fact_neighbours(g, n) if m in cluster)
            if not votes:
                votes = Counter(cluster[m] for m in nx.all_neighbors(g, n) if m in cluster)
            cluster[n] = min(votes, key=lambda c: (-votes[c], c)) if votes else ""
    return cluster


def _snap(g: nx.Graph, pos: dict[str, tuple[float, float]], cell: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """Move every node to its own cell of a grid, the free cell nearest to where the spring
    layout put it (best-connected nodes first): no two labels overlap, the shape stays."""
    if len(pos) < 2:
        return pos
    cw, ch = cell
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    spread = max(max(xs) - min(xs), 1e-9), max(max(ys) - min(ys), 1e-9)
    side = math.sqrt(1.4 * len(pos))  # grid cells across: a few more cells than nodes
    fx, fy = side * cw / spread[0], side * ch / spread[1]
    f = min(fx, fy) if min(fx, fy) * 3 > max(fx, fy) else math.sqrt(fx * fy)
    taken: set[tuple[int, int]] = set()
    out: dict[str, tuple[float, float]] = {}
    for n in sorted(pos, key=lambda m: (-g.degree(m), m)):
        x, y = pos[n][0] * f / cw, pos[n][1] * f / ch
        best: tuple[float, int, int] | None = None
        ring = 0
        while best is None or ring <= 1 + math.ceil(math.sqrt(best[0])):
            ci, cj = round(x), round(y)
            for i in range(ci - ring, ci + ring + 1):
                for j in range(cj - ring, cj + ring + 1):
                    if max(abs(i - ci), abs(j - cj)) != ring or (i, j) in taken:
                        continue
                    d = (i - x) ** 2 + (j - y) ** 2
                    if best is None or (d, i, j) < best:
                        best = (d, i, j)
            ring += 1
        taken.add(best[1:])
        out[n] = (best[1], best[2])
    # Empty grid columns and rows are dropped: the same order, no holes.
    col = {c: k for k, c in enumerate(sorted({c for c, _ in out.values()}))}
    row = {r: k for k, r in enumerate(sorted({r for _, r in out.values()}))}
    return {n: (col[c] * cw, row[r] * ch) for n, (c, r) in out.items()}


_CELL = (_SPACING * 1.95, _SPACING * 1.0)  # one node and its two-line label


def _layout_component(g: nx.Graph, nodes: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """One connected component: a seeded spring layout snapped to the label grid (the best
    connected ``_SKELETON`` nodes; the others beside a neighbour)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    ranked = sorted(nodes, key=lambda n: (-g.degree(n), n))
    skeleton = sorted(ranked[:_SKELETON])
    sub = nx.Graph()
    sub.add_nodes_from(skeleton)
    sub.add_edges_from(sorted((min(u, v), max(u, v)) for u, v in g.subgraph(skeleton).edges()))
    raw = nx.spring_layout(sub, seed=seed, iterations=80 if len(skeleton) < 150 else 50)
    pos = _snap(g, {n: (float(x), float(y)) for n, (x, y) in raw.items()}, _CELL)
    _place_beside(g, ranked[_SKELETON:], pos)
    return pos


def _layout_cluster(g: nx.Graph, nodes: list[str], seed: int) -> dict[str, tuple[float, float]]:
    """Positions of one district's first-view nodes, in pixels: its connected components
    laid out one by one and packed in rows (largest first), so none drifts away."""
    sub = g.subgraph(nodes)
    components = sorted((sorted(c) for c in nx.connected_components(sub)), key=lambda c: (-len(c), c[0]))
    boxes: list[_Box] = []
    for comp in components:
        local = _layout_component(sub, comp, seed)
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        local = {n: (x - min(xs), y - min(ys)) for n, (x, y) in local.items()}
        boxes.append((comp[0], local, max(xs) - min(xs) + _CELL[0], max(ys) - min(ys) + _CELL[1]))
    pos: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in _pack_rows(boxes, 0.0):
        x = 0.0
        for _, local, w, _ in row:
            for n, (px, py) in local.items():
                pos[n] = (x + px, y + py)
            x += w
        y += max(b[3] for b in row)
    return pos


def _place_beside(g: nx.Graph, todo: Iterable[str], pos: dict[str, tuple[float, float]]) -> list[str]:
    """Place nodes on rings around an already placed neighbour, breadth first; return those with none."""
    pending = set(todo) - set(pos)
    children: Counter[str] = Counter()
    queue = deque(sorted(n for n in pos if any(m in pending for m in g[n])))
    while queue:
        anchor = queue.popleft()
        for m in sorted(g[anchor]):
            if m not in pending:
                continue
            pending.discard(m)
            k = children[anchor]
            children[anchor] += 1
            ring, slot = divmod(k, 10)
            angle = 2 * math.pi * (slot / 10 + _jitter(anchor) + ring * 0.05)
            r = 70.0 + 45.0 * ring
            ax, ay = pos[anchor]
            pos[m] = (ax + r * math.cos(angle), ay + r * math.sin(angle))
            queue.append(m)
    return sorted(pending)


_Box = tuple[str, dict[str, tuple[float, float]], float, float]


def _pack_rows(boxes: list[_Box], gap: float, aspect: float = 1.45) -> list[list[_Box]]:
    """Boxes in rows (largest first), the row width chosen so that the whole fits a landscape
    screen (width/height ``aspect``) at the largest scale."""
    best: tuple[float, list[list[_Box]]] | None = None
    widths = sorted({sum(b[2] + gap for b in boxes[:k]) for k in range(1, min(len(boxes), 60) + 1)})
    for row_width in widths:
        rows: list[list[_Box]] = [[]]
        x = 0.0
        for box in boxes:
            if rows[-1] and x + box[2] > row_width + 1e-6:
                rows.append([])
                x = 0.0
            rows[-1].append(box)
            x += box[2] + gap
        width = max(sum(b[2] + gap for b in row) for row in rows)
        height = sum(max(b[3] for b in row) + gap for row in rows)
        size = max(width / aspect, height)
        if best is None or size < best[0]:
            best = (size, rows)
    return best[1] if best else [[]]


def layout(g: nx.MultiDiGraph, seed: int = 7, kinds: dict[str, str] | None = None,
           core: set[str] | None = None) -> tuple[dict[str, tuple[float, float]], list[dict[str, Any]]]:
    """(positions in pixels, district boxes): each district's first-view nodes by a seeded
    spring layout, district boxes packed in rows, the other nodes beside a neighbour."""
    if g.number_of_nodes() == 0:
        return {}, []
    if kinds is None or core is None:
        kinds = {n: node_kind(g, n) for n in g}
        core = default_view(g, kinds)[2]
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g))
    simple.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v, d in g.edges(data=True)
                                  if d["type"] != "CO_OCCURS" and u != v}))
    core_graph = nx.Graph()
    core_graph.add_nodes_from(sorted(core))
    core_graph.add_edges_from(sorted({(min(u, v), max(u, v)) for u, v, d in g.edges(data=True)
                                      if u in core and v in core and d["type"] not in WEAK_RELS and u != v}))
    cluster = _clusters(g)
    members: dict[str, list[str]] = {}
    for n in sorted(core):
        members.setdefault(cluster[n], []).append(n)
    boxes = []  # (cluster, local positions, width, height): node positions relative to the box's corner
    # Room around the nodes: a label's half width at the sides, its two lines below, the district's name on top.
    pad_x, pad_top, pad_bottom, head = _SPACING * 0.75, _SPACING * 0.25, _SPACING * 0.7, _SPACING * 0.55
    for name in sorted(members, key=lambda c: (-len(members[c]), c)):
        local = _layout_cluster(core_graph, members[name], seed)
        _place_beside(core_graph.subgraph(members[name]), members[name], local)
        for i, n in enumerate(sorted(set(members[name]) - set(local))):  # no edge inside the district
            local[n] = (_SPACING * (i % 8), _SPACING * (1 + i // 8))
        xs, ys = [p[0] for p in local.values()], [p[1] for p in local.values()]
        local = {n: (x - min(xs) + pad_x, y - min(ys) + pad_top + head) for n, (x, y) in local.items()}
        boxes.append((name, local, max(xs) - min(xs) + 2 * pad_x, max(ys) - min(ys) + pad_top + pad_bottom + head))
    gap = _SPACING * 0.4
    rows = _pack_rows(boxes, gap)
    pos: dict[str, tuple[float, float]] = {}
    circles: list[dict[str, Any]] = []
    y = row_height = 0.0
    for row in rows:
        row_height = max(h for _, _, _, h in row)
        x = 0.0
        for name, local, w, h in row:
            top = y + (row_height - h) / 2
            for n, (px, py) in local.items():
                pos[n] = (x + px, top + py)
            circles.append({"name": name, "x": round(x, 1), "y": round(top, 1), "w": round(w, 1), "h": round(h, 1)})
            x += w + gap
        y += row_height + gap
    y -= row_height + gap
    rest = _place_beside(simple, (n for n in g if n not in pos), pos)
    per_row = max(int(max((c["x"] + c["w"] for c in circles), default=0.0) // _SPACING), 8)
    for i, n in enumerate(rest):  # nothing placed nearby: rows under the districts
        pos[n] = (_SPACING * (i % per_row), y + row_height + _SPACING * (1.5 + i // per_row))
    return {n: (round(px, 1), round(py, 1)) for n, (px, py) in pos.items()}, circles


# --------------------------------------------------------------------------- page data

def _date_key(d: dict[str, Any]) -> str | None:
    """The date a fact is replayed at: its first full date, else its first month-day date."""
    if d.get("first_seen") and date_kind(d["first_seen"]) == "full":
        return str(d["first_seen"])
    return str(d["first_partial"]) if d.get("first_partial") else None


def _titles(g: nx.MultiDiGraph, n: str) -> list[tuple[str, str, str]]:
    """(title, post, span) of a person's HOLDS_TITLE edges, latest first."""
    rows = []
    for _, _, e in g.out_edges(n, data=True):
        if e["type"] == "HOLDS_TITLE" and e.get("title"):
            first = e.get("first_seen") or e.get("first_partial") or ""
            last = e.get("last_seen") or e.get("last_partial") or ""
            span = first if first == last else f"{first} 至 {last}".strip()
            rows.append((str(e["title"]), str(e.get("post") or e["title"]), span, sort_key(last or first or None)))
    rows.sort(key=lambda r: (r[3], r[0]), reverse=True)
    return [(t, p, s) for t, p, s, _ in rows]


def _evidence(g: nx.MultiDiGraph, n: str, limit: int = 4) -> list[str]:
    """Citations (article · date · 《headline》: sentence) of the node's fact edges."""
    out: list[str] = []
    for _, _, e in sorted(list(g.out_edges(n, data=True)) + list(g.in_edges(n, data=True)),
                          key=lambda t: str(t[2].get("edge_key"))):
        if e["type"] in ("CO_OCCURS", "MENTIONED_IN"):
            continue
        for line in e.get("citations") or e.get("evidence") or []:
            line = str(line).replace(" · undated · ", " · 日期不详 · ")
            if line not in out:
                out.append(line)
        if len(out) >= limit:
            break
    return out[:limit]


def _node_label(d: dict[str, Any], kind: str, titles: list[tuple[str, str, str]]) -> str:
    name = str(d.get("name") or "") or NODE_STYLE.get(kind, ("", "", kind))[2]
    if kind == "Visit":  # its leaders are its neighbours; the label says what and when
        return "视察" + (f"\n{d['date']}" if d.get("date") else "")
    if kind == "Meeting" and d.get("date"):
        return f"{name[:8]}{'…' if len(name) > 8 else ''}\n{d['date']}"
    label = name if len(name) <= 8 else name[:8] + "\n" + name[8:15] + ("…" if len(name) > 15 else "")
    if kind == "Person" and titles:
        label += "\n" + titles[0][1][:8]
    return label


def page_data(g: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """(vis nodes, vis edges, viewer settings) of the selected graph, all sorted."""
    kinds = {n: node_kind(g, n) for n in sorted(g)}
    on_kinds, on_rels, core = default_view(g, kinds)
    pos, circles = layout(g, kinds=kinds, core=core)
    cluster = _clusters(g)
    full = sorted({k for _, _, d in g.edges(data=True) if (k := _date_key(d)) and date_kind(k) == "full"})
    partial = sorted({k for _, _, d in g.edges(data=True) if (k := _date_key(d)) and date_kind(k) != "full"},
                     key=sort_key)
    dates = full + partial
    date_index = {k: i for i, k in enumerate(dates)}
    fact_degree: Counter[str] = Counter()
    for u, v, d in g.edges(data=True):
        if d["type"] not in WEAK_RELS:
            fact_degree[u] += 1
            fact_degree[v] += 1
    nodes: list[dict[str, Any]] = []
    for n in sorted(g):
        d = g.nodes[n]
        kind = kinds[n]
        colour, shape = NODE_STYLE[kind][:2] if kind in NODE_STYLE else _OTHER_NODE
        titles = _titles(g, n) if d.get("label") == "Person" else []
        aliases = sorted({str(a) for a in d.get("aliases") or () if a and a != d.get("name")})
        x, y = pos.get(n, (0.0, 0.0))
        nodes.append({
            "id": n, "label": _node_label(d, kind, titles), "shape": shape, "color": colour,
            "size": round(8 + 3 * math.log1p(fact_degree[n]), 1), "x": x, "y": y, "physics": False,
            "kind": kind, "name": str(d.get("name") or n), "district": str(d.get("district") or ""),
            "cluster": cluster.get(n, ""), "aliases": aliases, "titles": [t for t, _, _ in titles],
            "spans": [f"{t}({s})" if s else t for t, _, s in titles], "date": str(d.get("date") or ""),
            "evidence": _evidence(g, n), "headline": str(d.get("headline") or ""),
            "focus": n in g.graph.get("focus", ()),
        })
    edges: list[dict[str, Any]] = []
    for i, (u, v, _key, d) in enumerate(sorted(g.edges(keys=True, data=True), key=lambda e: str(e[2]))):
        style = EDGE_STYLE.get(d["type"], _OTHER_EDGE)
        when = _date_key(d)
        tip = [style.get("zh", d["type"]) + (f": {d['title']}" if d.get("title") else "") + (f" · {when}" if when else "")]
        tip.extend(str(s) for s in (d.get("evidence") or [])[:2])
        edges.append({
            "id": f"e{i}", "from": u, "to": v, "kind": d["type"], "color": style["color"], "width": style["width"],
            "dashes": bool(style.get("dashes")), "date": date_index[when] if when else -1, "tip": "\n".join(tip),
            "hidden": d["type"] not in on_rels,
        })
    settings = {
        "dates": dates, "clusters": circles, "kinds": on_kinds, "rels": on_rels,
        "presentKinds": _ordered(set(kinds.values()), NODE_STYLE),
        "presentRels": _ordered({d["type"] for _, _, d in g.edges(data=True)}, EDGE_STYLE),
        "kindNames": {k: v[2] for k, v in NODE_STYLE.items()},
        "relNames": {k: v["zh"] for k, v in EDGE_STYLE.items()},
        "fontSize": FONT_SIZE, "focus": list(g.graph.get("focus", ())),
    }
    return nodes, edges, settings


def to_network(g: nx.MultiDiGraph) -> tuple[Network, dict[str, Any]]:
    """A pyvis Network of ``g`` (its node and edge lists filled directly) and the viewer settings."""
    nodes, edges, settings = page_data(g)
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    # Filled directly: Network.add_node/add_edge check ids against a list, O(V) per call.
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [n["id"] for n in nodes]
    net.node_map = {n["id"]: n for n in nodes}
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}},
        "nodes": {"font": {"size": FONT_SIZE, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False},
    }, sort_keys=True))
    return net, settings


def _script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` left unescaped."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(g: nx.MultiDiGraph, title: str = "kg graph") -> str:
    """The viewer page of ``g`` (draw :func:`select`'s output for a bounded page) as a string."""
    net, settings = to_network(g)
    page = net.generate_html(notebook=False)
    page = _EXTERNAL.sub("", page)
    page = page.replace("<center>\n<h1></h1>\n</center>", "").replace("<center>\n          <h1></h1>\n        </center>", "")
    page = page.replace("<html>", '<html lang="zh-CN">', 1)
    controls = _CONTROLS.replace("__TITLE__", html.escape(title)).replace("__LEGEND__", _legend(settings))
    page = page.replace("<body>", "<body>\n" + controls, 1)
    page = page.replace("</body>", f"<script>var kgSettings = {_script_json(settings)};\n{_SCRIPT}</script>\n</body>", 1)
    page = page.replace("<head>", f"<head>\n<title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", f"<style>{_CSS}</style>\n</head>", 1)
    return page


def write_html(g: nx.MultiDiGraph, path: Path, title: str = "kg graph", max_nodes: int | None = None,
               focus: str | None = None, hops: int = 1, *, max_edges: int | None = None,
               district: str | None = None, since: str | None = None, until: str | None = None,
               reporters: bool = False) -> Path:
    """Write the offline viewer of the part of ``g`` that :func:`select` chooses to ``path``."""
    sub = select(g, max_nodes, focus, hops, max_edges=max_edges, district=district, since=since, until=until,
                 reporters=reporters)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(sub, title), encoding="utf-8")
    return path


def _ordered(present: set[str], known: dict[str, Any]) -> list[str]:
    """``present`` in the order of ``known``, unknown names after them, sorted."""
    return [k for k in known if k in present] + sorted(present - set(known))


def _legend(settings: dict[str, Any]) -> str:
    """Checkboxes of the kinds and relations on the page (in Chinese), checked for the first view."""
    kinds = "".join(
        f'<label><input type="checkbox" class="kg-type" value="{html.escape(kind)}"'
        f'{" checked" if kind in settings["kinds"] else ""}><span class="kg-swatch" style="background:'
        f'{NODE_STYLE.get(kind, _OTHER_NODE)[0]}"></span>{html.escape(NODE_STYLE[kind][2] if kind in NODE_STYLE else kind)}'
        f'</label>' for kind in settings["presentKinds"])
    rels = "".join(
        f'<label><input type="checkbox" class="kg-rel" value="{html.escape(typ)}"'
        f'{" checked" if typ in settings["rels"] else ""}><span class="kg-line" style="border-color:'
        f'{EDGE_STYLE.get(typ, _OTHER_EDGE)["color"]}"></span>{html.escape(EDGE_STYLE.get(typ, {}).get("zh", typ))}'
        f'</label>' for typ in settings["presentRels"])
    return (f'<div class="kg-group"><b>节点类型</b>{kinds}</div>'
            f'<div class="kg-group"><b>关系类型</b>{rels}</div>')


_CSS = """
body{margin:0;font:13px "Noto Sans CJK SC","Microsoft YaHei",sans-serif}
#kg-panel{position:fixed;top:0;left:0;bottom:0;width:300px;box-sizing:border-box;z-index:10;background:#fafafa;
 border-right:1px solid #ccc;padding:8px 10px;overflow:auto}
.card{position:fixed!important;top:0;left:300px;right:0;bottom:0;width:auto!important}
#mynetwork{width:100%!important;height:100%!important;border:none!important;float:none!important}
#kg-panel h2{font-size:15px;margin:0 0 6px;word-break:break-all}
#kg-panel label{display:inline-block;white-space:nowrap;margin-right:8px}
#kg-panel input[type=text],#kg-panel select{width:100%;box-sizing:border-box;margin:2px 0}
#kg-panel input[type=range]{width:100%}
.kg-group{margin-top:8px}.kg-group b{display:block}
.kg-swatch{display:inline-block;width:10px;height:10px;margin:0 4px;border-radius:2px}
.kg-line{display:inline-block;width:16px;margin:0 4px 3px;border-top:2px solid}
#kg-results{list-style:none;margin:4px 0;padding:0;max-height:220px;overflow:auto}
#kg-results li{cursor:pointer;padding:2px 4px;border-bottom:1px solid #eee}
#kg-results li:hover{background:#eef}
#kg-detail{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #ddd;padding:4px;display:none}
div.vis-tooltip{white-space:pre-wrap;max-width:420px;font:12px sans-serif}
#kg-status{color:#555;margin-top:6px}
button{margin:2px 4px 2px 0}
"""

_CONTROLS = """
<div id="kg-panel">
 <h2>__TITLE__</h2>
 <input type="text" id="kg-search" placeholder="搜索姓名、职务或别名,回车" autocomplete="off">
 <div id="kg-count"></div>
 <ul id="kg-results"></ul>
 <div id="kg-detail"></div>
 <button id="kg-clear" type="button">清除焦点</button><button id="kg-fit" type="button">适应窗口</button>
 <div class="kg-group"><b>地区</b><select id="kg-district"><option value="">全部地区</option></select></div>
 <div class="kg-group"><b>时间轴</b>
  <input type="range" id="kg-time" min="0" max="0" value="0" step="1">
  <span id="kg-time-label"></span> <button id="kg-play" type="button">▶ 回放</button></div>
 __LEGEND__
 <div id="kg-status"></div>
</div>
"""

_SCRIPT = r"""
(function () {
  var S = kgSettings, focusId = null, lastFit = [];
  function ready(fn) { if (typeof network !== 'undefined' && network) { fn(); } else { setTimeout(function () { ready(fn); }, 50); } }
  ready(function () {
    var status = document.getElementById('kg-status'), slider = document.getElementById('kg-time'),
        timeLabel = document.getElementById('kg-time-label'), districtSelect = document.getElementById('kg-district'),
        results = document.getElementById('kg-results'), detail = document.getElementById('kg-detail'),
        count = document.getElementById('kg-count');
    var byId = {}, adj = {}, base = {}, districts = {};
    nodes.forEach(function (n) {
      byId[n.id] = n; adj[n.id] = [];
      base[n.id] = {size: n.size, borderWidth: 1, color: n.color};
      if (n.cluster) { districts[n.cluster] = true; }
    });
    var edgeColour = {};
    edges.forEach(function (e) { adj[e.from].push(e); if (e.to !== e.from) { adj[e.to].push(e); } edgeColour[e.id] = e.color; });
    nodes.update(nodes.get().map(function (n) {
      var tip = [n.name + ' · ' + (S.kindNames[n.kind] || n.kind) + (n.district ? ' · ' + n.district : '')];
      if (n.spans.length) { tip.push('职务: ' + n.spans.join('; ')); }
      if (n.aliases.length) { tip.push('别名: ' + n.aliases.join('、')); }
      if (n.date) { tip.push('日期: ' + n.date); }
      if (n.evidence.length) { tip.push(''); tip = tip.concat(n.evidence.slice(0, 3)); }
      else if (n.headline) { tip.push(n.headline); }
      return {id: n.id, title: tip.join('\n')};
    }));
    edges.update(edges.get().map(function (e) { return {id: e.id, title: e.tip}; }));
    Object.keys(districts).sort().forEach(function (d) {
      var o = document.createElement('option'); o.value = d; o.textContent = d; districtSelect.appendChild(o);
    });
    slider.max = String(S.dates.length); slider.value = String(S.dates.length);
    function dateText(i) {
      if (i >= S.dates.length) { return '全部日期'; }
      var d = S.dates[i]; return d.charAt(0) === '-' ? '截至 ' + d + '(年份不详)' : '截至 ' + d;
    }
    function checked(cls) {
      var on = {}; document.querySelectorAll('.' + cls).forEach(function (c) { on[c.value] = c.checked; }); return on;
    }
    // Fit the view to ids; on the first view and on a focus, never below 12 px labels.
    window.kgFit = function (ids, legible) {
      lastFit = ids;
      if (!ids.length) { return; }
      network.fit({nodes: ids, animation: false});
      var minScale = 12 / S.fontSize;
      if (legible && network.getScale() < minScale) {  // legible labels first: zoom in on the centre (or the focus)
        var p = focusId ? network.getPositions([focusId])[focusId] : network.getViewPosition();
        network.moveTo({position: p, scale: minScale, animation: false});
      }
    };
    window.kgVisible = function () {
      return nodes.get({filter: function (n) { return !n.hidden; }}).map(function (n) { return n.id; });
    };
    // One pass over nodes and edges: kinds, relations, district, timeline; nodes left without edges hide.
    window.kgApplyFilters = function (refit) {
      var types = checked('kg-type'), rels = checked('kg-rel'), district = districtSelect.value,
          t = parseInt(slider.value, 10), all = t >= S.dates.length;
      timeLabel.textContent = dateText(t);
      var near = {};
      if (focusId) { near[focusId] = true; adj[focusId].forEach(function (e) { if (e.kind !== 'CO_OCCURS' || rels.CO_OCCURS) { near[e.from] = true; near[e.to] = true; } }); }
      function nodeOk(n) {
        return (types[n.kind] || near[n.id]) && (!district || !n.cluster || n.cluster === district || near[n.id]);
      }
      var degree = {}, edgeUpdates = [], nodeUpdates = [], shownEdges = 0, shown = [];
      edges.forEach(function (e) {
        var a = byId[e.from], b = byId[e.to];
        var viaFocus = focusId && (e.from === focusId || e.to === focusId) && near[e.from] && near[e.to];
        var show = (rels[e.kind] || viaFocus) && nodeOk(a) && nodeOk(b) && (all || (e.date >= 0 && e.date <= t));
        if (show) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; shownEdges++; }
        var faint = !!focusId && !(near[e.from] && near[e.to]);
        if (e.hidden !== !show || !!e.faint !== faint) {
          edgeUpdates.push({id: e.id, hidden: !show, faint: faint,
                            color: {color: edgeColour[e.id], highlight: edgeColour[e.id], hover: edgeColour[e.id],
                                    opacity: faint ? 0.12 : 1}});
        }
      });
      nodes.forEach(function (n) {
        var show = nodeOk(n) && (degree[n.id] > 0 || (all && adj[n.id].length === 0) || n.id === focusId);
        if (show) { shown.push(n.id); }
        var dim = focusId && !near[n.id];
        var look = n.id === focusId
          ? {size: base[n.id].size * 1.8, borderWidth: 5, color: {background: base[n.id].color, border: '#111111'}, opacity: 1,
             font: {size: S.fontSize + 6, bold: true}}
          : {size: base[n.id].size, borderWidth: 1, color: base[n.id].color, opacity: dim ? 0.2 : 1,
             font: {size: S.fontSize, bold: false, color: dim ? 'rgba(0,0,0,0.25)' : '#222222'}};
        look.id = n.id; look.hidden = !show; look.focused = n.id === focusId; look.dimmed = !!dim;
        if (n.hidden !== look.hidden || n.focused !== look.focused || n.dimmed !== look.dimmed) { nodeUpdates.push(look); }
      });
      nodes.update(nodeUpdates); edges.update(edgeUpdates);
      status.textContent = '显示 ' + shown.length + ' 个节点、' + shownEdges + ' 条关系(共 ' + nodes.length + ' 个节点、' + edges.length + ' 条关系)';
      if (refit !== false) {
        kgFit(focusId ? shown.filter(function (id) { return near[id]; }) : shown, refit === 'first');
      }
      return shown.length;
    };
    function describe(n) {
      var lines = [n.name + ' · ' + (S.kindNames[n.kind] || n.kind) + (n.district ? ' · ' + n.district : '')];
      if (n.spans.length) { lines.push('职务: ' + n.spans.join('; ')); }
      if (n.aliases.length) { lines.push('别名: ' + n.aliases.join('、')); }
      if (n.date) { lines.push('日期: ' + n.date); }
      var rel = {};
      adj[n.id].forEach(function (e) { rel[e.kind] = (rel[e.kind] || 0) + 1; });
      lines.push('关系: ' + Object.keys(rel).sort().map(function (k) { return (S.relNames[k] || k) + ' ' + rel[k]; }).join(', '));
      if (n.evidence.length) {
        lines.push('');
        n.evidence.forEach(function (c) { var p = c.split(' · '); lines.push('• ' + (p.length > 2 && p[0].indexOf('#') >= 0 ? p.slice(1).join(' · ') : c)); });
      }
      return lines.join('\n');
    }
    var moved = {};
    function restore() {
      var back = Object.keys(moved).map(function (k) { return {id: k, x: moved[k][0], y: moved[k][1]}; });
      moved = {}; nodes.update(back);
    }
    // The focused node's neighbours come to a ring around it (sorted by kind, then name);
    // clearing the focus puts them back.
    function gather(id) {
      var rels = checked('kg-rel'), out = [], seen = {};
      adj[id].forEach(function (e) {
        var m = e.from === id ? e.to : e.from;
        if (m !== id && !seen[m] && (e.kind !== 'CO_OCCURS' || rels.CO_OCCURS)) { seen[m] = true; out.push(m); }
      });
      var order = S.presentKinds;
      out.sort(function (a, b) {
        var ka = order.indexOf(byId[a].kind), kb = order.indexOf(byId[b].kind);
        return ka !== kb ? ka - kb : (byId[a].name < byId[b].name ? -1 : byId[a].name > byId[b].name ? 1 : (a < b ? -1 : 1));
      });
      var c = network.getPositions([id])[id], r = Math.max(170, out.length * 125 / (2 * Math.PI)), updates = [];
      var now = network.getPositions(out);
      out.forEach(function (m, i) {
        var a = 2 * Math.PI * i / out.length - Math.PI / 2;
        moved[m] = [now[m].x, now[m].y];
        updates.push({id: m, x: c.x + r * Math.cos(a), y: c.y + r * Math.sin(a)});
      });
      nodes.update(updates);
    }
    window.kgFocus = function (id) {
      if (!byId[id]) { return null; }
      restore(); focusId = null; kgApplyFilters(false);
      gather(id);
      focusId = id;
      var n = nodes.get(id);
      detail.style.display = 'block'; detail.textContent = describe(n);
      kgApplyFilters();
      network.selectNodes([id]);
      return id;
    };
    window.kgClearFocus = function () {
      focusId = null; restore(); detail.style.display = 'none'; detail.textContent = ''; network.unselectAll(); kgApplyFilters();
    };
    // Every match of a name, title or alias, best first (exact name, name prefix, name, title, alias).
    window.kgSearch = function (text) {
      text = (text || '').trim().toLowerCase();
      results.textContent = ''; count.textContent = '';
      if (!text) { return []; }
      var hits = [];
      nodes.forEach(function (n) {
        var name = n.name.toLowerCase(), rank = -1;
        if (name === text) { rank = 0; } else if (name.indexOf(text) === 0) { rank = 1; }
        else if (name.indexOf(text) > 0) { rank = 2; }
        else if (n.titles.some(function (t) { return t.toLowerCase().indexOf(text) >= 0; })) { rank = 3; }
        else if (n.aliases.some(function (t) { return t.toLowerCase().indexOf(text) >= 0; })) { rank = 4; }
        if (rank >= 0) { hits.push([rank, n.kind === 'Article' ? 1 : 0, n.name, n.id, n]); }
      });
      hits.sort(function (a, b) { for (var i = 0; i < 4; i++) { if (a[i] < b[i]) { return -1; } if (a[i] > b[i]) { return 1; } } return 0; });
      count.textContent = hits.length ? '找到 ' + hits.length + ' 个结果' : '没有找到:' + text;
      hits.slice(0, 300).forEach(function (h) {
        var n = h[4], li = document.createElement('li');
        li.textContent = n.name + ' · ' + (n.titles[0] ? n.titles[0] + ' · ' : '') + (S.kindNames[n.kind] || n.kind) + (n.district ? ' · ' + n.district : '');
        li.dataset.id = n.id;
        li.addEventListener('click', function () { kgFocus(n.id); });
        results.appendChild(li);
      });
      var box = document.getElementById('kg-search');
      if (box.value.trim().toLowerCase() !== text) { box.value = text; }
      if (hits.length && hits[0][0] === 0) { kgFocus(hits[0][3]); }
      else { network.selectNodes(hits.map(function (h) { return h[3]; }).filter(function (id) { return !nodes.get(id).hidden; })); }
      return hits.map(function (h) { return h[3]; });
    };
    // The timeline keeps the camera still, so a replay shows facts appearing in place.
    window.kgTimeline = function (i) { slider.value = String(i); return kgApplyFilters(false); };
    var playing = null;
    document.getElementById('kg-play').addEventListener('click', function () {
      if (playing) { clearInterval(playing); playing = null; return; }
      kgTimeline(0);
      playing = setInterval(function () {
        var i = parseInt(slider.value, 10) + 1;
        if (i > S.dates.length) { clearInterval(playing); playing = null; return; }
        kgTimeline(i);
      }, 800);
    });
    network.on('beforeDrawing', function (ctx) {
      var on = {};
      nodes.forEach(function (n) { if (!n.hidden) { on[n.cluster] = true; } });
      S.clusters.forEach(function (c) {
        if (!on[c.name]) { return; }
        var r = 24;
        ctx.beginPath(); ctx.moveTo(c.x + r, c.y); ctx.arcTo(c.x + c.w, c.y, c.x + c.w, c.y + c.h, r);
        ctx.arcTo(c.x + c.w, c.y + c.h, c.x, c.y + c.h, r); ctx.arcTo(c.x, c.y + c.h, c.x, c.y, r);
        ctx.arcTo(c.x, c.y, c.x + c.w, c.y, r); ctx.closePath();
        ctx.fillStyle = 'rgba(120,140,170,0.07)'; ctx.fill();
        ctx.strokeStyle = 'rgba(120,140,170,0.5)'; ctx.lineWidth = 2; ctx.stroke();
        ctx.font = 'bold 28px sans-serif'; ctx.fillStyle = 'rgba(70,80,100,0.75)'; ctx.textAlign = 'center';
        ctx.fillText(c.name || '地区不详', c.x + c.w / 2, c.y + 36);
      });
    });
    network.on('click', function (p) { if (p.nodes.length) { kgFocus(p.nodes[0]); } });
    document.getElementById('kg-search').addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { kgSearch(ev.target.value); } });
    document.getElementById('kg-clear').addEventListener('click', kgClearFocus);
    document.getElementById('kg-fit').addEventListener('click', function () { kgFit(lastFit); });
    slider.addEventListener('input', function () { kgApplyFilters(false); });
    document.querySelectorAll('#kg-panel input[type=checkbox], #kg-panel select')
      .forEach(function (el) { el.addEventListener('change', function () { kgApplyFilters(); }); });
    if (S.focus.length) { kgFocus(S.focus[0]); } else { kgApplyFilters('first'); }
    window.kgReady = true;
  });
})();
"""

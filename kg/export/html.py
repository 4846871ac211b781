"""The interactive HTML viewer: one self-contained, offline pyvis page.

* vis-network is inlined (pyvis ``cdn_resources="in_line"``) and every external
  ``<link>``/``<script src>`` pyvis adds (Bootstrap from a CDN) is removed: the
  page makes no network request.
* Nodes are coloured and shaped by type (``color=``/``shape=``, never ``group=``,
  which would override the colour), sized by degree; edges are styled by type.
* The layout is computed in Python and physics is off, so thousands of nodes
  draw at once; ``max_nodes`` keeps the best-connected nodes, ``focus``/``hops``
  an ego graph.
* Every string from an article reaches the page only inside JSON (escaped for
  ``<script>`` by Jinja's ``tojson``) or through ``textContent``; vis-network 9
  shows tooltip strings as text, never as HTML.
"""

from __future__ import annotations

import html
import json
import math
import random
import re
from pathlib import Path
from typing import Any

import networkx as nx
from pyvis.network import Network

NODE_STYLE: dict[str, tuple[str, str]] = {  # label -> (colour, shape)
    "Person": ("#e15759", "dot"),
    "Organization": ("#4e79a7", "square"),
    "Place": ("#59a14f", "triangle"),
    "Project": ("#f28e2b", "diamond"),
    "Meeting": ("#b07aa1", "star"),
    "Article": ("#9c9c9c", "dot"),
}
EDGE_STYLE: dict[str, dict[str, Any]] = {
    "HOLDS_TITLE": {"color": "#4e79a7", "width": 2},
    "INSPECTED": {"color": "#f28e2b", "width": 2},
    "ACCOMPANIED": {"color": "#e15759", "width": 1.5, "dashes": True},
    "CHAIRED": {"color": "#b07aa1", "width": 2},
    "ATTENDED": {"color": "#d4a6c8", "width": 1},
    "REPORTED": {"color": "#bab0ac", "width": 1, "dashes": True},
    "MENTIONED_IN": {"color": "#dddddd", "width": 0.5},
    "CO_OCCURS": {"color": "#cfcfcf", "width": 0.5, "dashes": True},
}
#: Edge types shown when the page opens (the others are one click away).
DEFAULT_EDGES = ("HOLDS_TITLE", "INSPECTED", "ACCOMPANIED", "CHAIRED", "ATTENDED", "REPORTED")
_EXTERNAL = re.compile(r"<link[^>]*href=\"https?://[^\"]*\"[^>]*>|<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>",
                       re.IGNORECASE | re.DOTALL)
_SKELETON = 1500


def select(g: nx.MultiDiGraph, max_nodes: int | None = None, focus: str | None = None,
           hops: int = 1) -> nx.MultiDiGraph:
    """The part of ``g`` to draw: an ego graph around ``focus`` (node id or name), then the top nodes by degree."""
    sub = g
    if focus:
        centres = [focus] if focus in g else [n for n, d in g.nodes(data=True) if d.get("name") == focus]
        if not centres:
            raise KeyError(f"no node named {focus!r} in the graph")
        undirected = g.to_undirected(as_view=True)
        keep: set[str] = set()
        for c in centres:
            keep |= set(nx.ego_graph(undirected, c, radius=hops))
        sub = g.subgraph(keep)
    if max_nodes and sub.number_of_nodes() > max_nodes:
        ranked = sorted(sub.degree, key=lambda nd: (-nd[1], nd[0]))[:max_nodes]
        sub = sub.subgraph(n for n, _ in ranked)
    return nx.MultiDiGraph(sub)


def layout(g: nx.MultiDiGraph, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Positions in pixels: spring layout of the best-connected nodes, the rest beside a neighbour.

    Spring layout is quadratic, so above ``_SKELETON`` nodes only that many are laid
    out; every other node is placed near its best-connected placed neighbour.
    """
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(g.to_undirected(as_view=True))
    ranked = [n for n, _ in sorted(simple.degree, key=lambda nd: (-nd[1], nd[0]))]
    skeleton = simple.subgraph(ranked[:_SKELETON])
    scale = 60 * math.sqrt(g.number_of_nodes())
    pos = {n: (float(x) * scale, float(y) * scale)
           for n, (x, y) in nx.spring_layout(skeleton, seed=seed, iterations=50).items()}
    rng = random.Random(seed)
    for n in ranked[_SKELETON:]:
        placed = [m for m in simple[n] if m in pos]
        if placed:
            ax, ay = pos[max(placed, key=lambda m: simple.degree[m])]
        else:
            ax, ay = rng.uniform(-scale, scale), rng.uniform(-scale, scale)
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(20, 60)
        pos[n] = (ax + radius * math.cos(angle), ay + radius * math.sin(angle))
    return pos


def _node_title(g: nx.MultiDiGraph, n: str, d: dict[str, Any]) -> str:
    """Hover text (plain text): name, type, titles with dates, a few source sentences with headlines."""
    lines = [f"{d.get('name', n)} ({d['label']})"]
    if d.get("district"):
        lines.append(f"地区: {d['district']}")
    for _, _, e in g.out_edges(n, data=True):
        if e["type"] == "HOLDS_TITLE":
            span = " – ".join(x for x in (e.get("first_seen"), e.get("last_seen")) if x)
            lines.append(f"职务: {e.get('title')}" + (f" ({span})" if span else ""))
    if d.get("aliases") and len(d["aliases"]) > 1:
        lines.append("别名: " + "、".join(d["aliases"]))
    evidence: list[str] = []
    for _, _, e in list(g.out_edges(n, data=True)) + list(g.in_edges(n, data=True)):
        if e["type"] in ("CO_OCCURS", "MENTIONED_IN"):
            continue
        for sentence in e.get("evidence") or []:
            article = next((a for a in e.get("articles") or []), None)
            headline = g.nodes.get(f"Article:{article}", {}).get("headline") if article else None
            item = f"• {sentence}" + (f"\n  ——《{headline}》" if headline else "")
            if item not in evidence:
                evidence.append(item)
    if evidence:
        lines.append("")
        lines.extend(evidence[:3])
    elif d.get("headline"):
        lines.append(d["headline"])
    return "\n".join(lines)


def _dates(g: nx.MultiDiGraph, n: str, d: dict[str, Any]) -> list[str]:
    if d["label"] == "Article":
        return [d["date"]] if d.get("date") else []
    return sorted({g.nodes[f"Article:{a}"].get("date") for a in d.get("articles") or []
                   if f"Article:{a}" in g and g.nodes[f"Article:{a}"].get("date")})


def to_network(g: nx.MultiDiGraph) -> Network:
    """A pyvis Network of ``g`` with positions, styles and filter data on every node and edge."""
    net = Network(height="100vh", width="100%", directed=True, cdn_resources="in_line", heading="")
    pos = layout(g)
    degree = dict(g.degree)
    for n, d in g.nodes(data=True):
        colour, shape = NODE_STYLE.get(d["label"], ("#777777", "dot"))
        x, y = pos.get(n, (0.0, 0.0))
        dates = _dates(g, n, d)
        net.add_node(n, label=str(d.get("name") or n)[:24], title=_node_title(g, n, d), color=colour, shape=shape,
                     size=8 + 4 * math.log1p(degree.get(n, 0)), x=x, y=y, physics=False,
                     kind=d["label"], district=d.get("district") or "", name=str(d.get("name") or n),
                     first=dates[0] if dates else "", last=dates[-1] if dates else "")
    for u, v, d in g.edges(data=True):
        style = EDGE_STYLE.get(d["type"], {"color": "#999999"})
        title = d["type"] + (f": {d['title']}" if d.get("title") else "")
        if d.get("evidence"):
            title += "\n" + "\n".join(d["evidence"][:2])
        net.add_edge(u, v, title=title, kind=d["type"], hidden=d["type"] not in DEFAULT_EDGES,
                     first=d.get("first_seen") or "", last=d.get("last_seen") or "", **style)
    net.set_options(json.dumps({
        "physics": {"enabled": False},
        "edges": {"smooth": False, "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}},
        "nodes": {"font": {"size": 12}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False},
    }))
    return net


def render(g: nx.MultiDiGraph, title: str = "kg graph") -> str:
    """The viewer page as a string."""
    page = to_network(g).generate_html(notebook=False)
    page = _EXTERNAL.sub("", page)
    page = page.replace("<center>\n<h1></h1>\n</center>", "").replace("<center>\n          <h1></h1>\n        </center>", "")
    controls = _CONTROLS.replace("__TITLE__", html.escape(title)).replace("__LEGEND__", _legend())
    page = page.replace("<body>", "<body>\n" + controls, 1)
    page = page.replace("</body>", f"<script>{_SCRIPT}</script>\n</body>", 1)
    page = page.replace("</head>", f"<style>{_CSS}</style>\n</head>", 1)
    return page


def write_html(g: nx.MultiDiGraph, path: Path, title: str = "kg graph", max_nodes: int | None = None,
               focus: str | None = None, hops: int = 1) -> Path:
    """Write the offline viewer of ``g`` (or the selected part of it) to ``path``."""
    sub = select(g, max_nodes, focus, hops)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(sub, title), encoding="utf-8")
    return path


def _legend() -> str:
    nodes = "".join(
        f'<label><input type="checkbox" class="kg-type" value="{label}" checked>'
        f'<span class="kg-swatch" style="background:{colour}"></span>{label}</label>'
        for label, (colour, _) in NODE_STYLE.items())
    edges = "".join(
        f'<label><input type="checkbox" class="kg-rel" value="{typ}"{" checked" if typ in DEFAULT_EDGES else ""}>'
        f'<span class="kg-line" style="border-color:{style["color"]}"></span>{typ}</label>'
        for typ, style in EDGE_STYLE.items())
    return f'<div class="kg-group"><b>Nodes</b>{nodes}</div><div class="kg-group"><b>Relations</b>{edges}</div>'


_CSS = """
#kg-panel{position:fixed;top:8px;left:8px;z-index:10;background:rgba(255,255,255,.95);border:1px solid #ccc;
 border-radius:6px;padding:8px 10px;font:12px sans-serif;max-width:260px;max-height:95vh;overflow:auto}
#kg-panel h2{font-size:14px;margin:0 0 6px}
#kg-panel label{display:block;white-space:nowrap}
#kg-panel label input[type=date]{width:auto;max-width:170px}
#kg-panel input[type=text],#kg-panel input[type=date],#kg-panel select{width:100%;box-sizing:border-box;margin:2px 0}
.kg-group{margin-top:6px}.kg-swatch{display:inline-block;width:10px;height:10px;margin:0 4px;border-radius:2px}
.kg-line{display:inline-block;width:16px;margin:0 4px 3px;border-top:2px solid}
div.vis-tooltip{white-space:pre-wrap;max-width:420px;font:12px sans-serif}
#kg-status{color:#555;margin-top:4px}
"""

_CONTROLS = """
<div id="kg-panel">
 <h2>__TITLE__</h2>
 <input type="text" id="kg-search" placeholder="Search a name…" list="kg-names" autocomplete="off">
 <datalist id="kg-names"></datalist>
 <select id="kg-district"><option value="">All districts</option></select>
 <label>From <input type="date" id="kg-from"></label>
 <label>To <input type="date" id="kg-to"></label>
 __LEGEND__
 <div id="kg-status"></div>
</div>
"""

_SCRIPT = r"""
(function () {
  function ready(fn) { if (typeof network !== 'undefined' && network) { fn(); } else { setTimeout(function () { ready(fn); }, 50); } }
  ready(function () {
    var status = document.getElementById('kg-status');
    var names = document.getElementById('kg-names');
    var districtSelect = document.getElementById('kg-district');
    var districts = {};
    nodes.forEach(function (n) {
      var o = document.createElement('option'); o.value = n.name; names.appendChild(o);
      if (n.district) { districts[n.district] = true; }
    });
    Object.keys(districts).sort().forEach(function (d) {
      var o = document.createElement('option'); o.value = d; o.textContent = d; districtSelect.appendChild(o);
    });
    function checked(cls) {
      var on = {}; document.querySelectorAll('.' + cls).forEach(function (c) { on[c.value] = c.checked; }); return on;
    }
    function inRange(first, last, from, to) {
      if (!from && !to) { return true; }
      if (!first || first.charAt(0) === '-') { return false; }
      return (!from || last >= from) && (!to || first <= to);
    }
    window.kgApplyFilters = function () {
      var types = checked('kg-type'), rels = checked('kg-rel');
      var district = districtSelect.value, from = document.getElementById('kg-from').value,
          to = document.getElementById('kg-to').value;
      var hiddenNode = {}, nodeUpdates = [], edgeUpdates = [], shown = 0;
      nodes.forEach(function (n) {
        var hide = !types[n.kind] || (district && n.district && n.district !== district) ||
                   (n.kind === 'Article' && !inRange(n.first, n.last, from, to));
        hiddenNode[n.id] = hide; if (!hide) { shown++; }
        if (n.hidden !== hide) { nodeUpdates.push({id: n.id, hidden: hide}); }
      });
      edges.forEach(function (e) {
        var hide = !rels[e.kind] || hiddenNode[e.from] || hiddenNode[e.to] || !inRange(e.first, e.last, from, to);
        if (e.hidden !== hide) { edgeUpdates.push({id: e.id, hidden: hide}); }
      });
      nodes.update(nodeUpdates); edges.update(edgeUpdates);
      status.textContent = shown + ' nodes shown';
    };
    window.kgSearch = function (text) {
      text = (text || '').trim().toLowerCase();
      if (!text) { return null; }
      var hit = nodes.get({filter: function (n) { return !n.hidden && n.name.toLowerCase() === text; }})[0] ||
                nodes.get({filter: function (n) { return !n.hidden && n.name.toLowerCase().indexOf(text) >= 0; }})[0];
      if (!hit) { status.textContent = 'not found: ' + text; return null; }
      network.selectNodes([hit.id]);
      network.focus(hit.id, {scale: 1.5, animation: false});
      status.textContent = hit.name + ' (' + hit.kind + ')';
      return hit.id;
    };
    document.getElementById('kg-search').addEventListener('change', function (ev) { kgSearch(ev.target.value); });
    document.getElementById('kg-search').addEventListener('keydown', function (ev) { if (ev.key === 'Enter') { kgSearch(ev.target.value); } });
    document.querySelectorAll('#kg-panel input[type=checkbox], #kg-panel select, #kg-panel input[type=date]')
      .forEach(function (el) { el.addEventListener('change', kgApplyFilters); });
    kgApplyFilters();
    window.kgReady = true;
  });
})();
"""

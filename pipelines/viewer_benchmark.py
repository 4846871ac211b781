"""Viewer build time vs graph size (printed, never asserted).

    python pipelines/viewer_benchmark.py [--sizes 1000,4000,16000,64000] [--max-nodes 500] [--max-edges 4000]

For synthetic graphs of N articles whose names keep growing (a new person or project every few
articles, a long tail of districts), it times :func:`kg.export.html.select` (choosing the bounded
subgraph: linear in the graph) and :func:`kg.export.html.render` (layout and page: bounded by the
caps), and prints the growth exponent between sizes. ``focus`` is the selection of ``--focus 人30
--hops 2`` (a walk from the focus: it grows with the neighbourhood, not the graph). For the smaller sizes it also times the old
path — every node and edge of the whole graph through pyvis ``add_node``/``add_edge``, which checks
each end against a list of node ids — to show why the viewer no longer does that.
"""

from __future__ import annotations

import argparse
import math
import random
import time

import networkx as nx
from pyvis.network import Network

from kg.export.html import render, select


def synthetic_graph(articles: int, seed: int = 11) -> nx.MultiDiGraph:
    """A kg-shaped graph of ``articles`` articles: people, projects, organizations, facts, co-occurrence."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    districts = [f"县{i}" for i in range(max(2, articles // 400))]
    people: list[str] = []
    projects: list[str] = []
    for a in range(articles):
        district = districts[min(int(rng.paretovariate(1.2)) - 1, len(districts) - 1)]
        art = f"Article:a{a}"
        date = f"20{20 + a % 4}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        g.add_node(art, label="Article", name=f"标题{a}", district=district, date=date, articles=[f"a{a}"])
        if a % 3 == 0 or not people:
            people.append(f"Person:{district}:人{len(people)}")
            g.add_node(people[-1], label="Person", name=f"人{len(people) - 1}", district=district, aliases=[],
                       articles=[])
            org = f"Organization:{district}政府"
            g.add_node(org, label="Organization", name=f"{district}政府", district=district, aliases=[], articles=[])
            g.add_edge(people[-1], org, key=f"HOLDS_TITLE|{people[-1]}", type="HOLDS_TITLE", title=f"{district}县长",
                       first_seen=date, last_seen=date, weight=1)
        if a % 2 == 0 or not projects:
            projects.append(f"Project:工程{len(projects)}")
            g.add_node(projects[-1], label="Project", name=f"工程{len(projects) - 1}", district=None, aliases=[],
                       articles=[])
        cast = {people[min(int(rng.paretovariate(0.8)) - 1, len(people) - 1)], rng.choice(people)}
        targets = {rng.choice(projects) for _ in range(3)}
        for p in sorted(cast):
            g.add_edge(p, art, key=f"MENTIONED_IN|{p}|{art}", type="MENTIONED_IN", first_seen=date, last_seen=date,
                       weight=1)
            for t in sorted(targets):
                g.add_edge(p, t, key=f"INSPECTED|{p}|{t}|{a}", type="INSPECTED", first_seen=date, last_seen=date,
                           weight=1, evidence=[f"{p}调研{t}。"])
        members = sorted(cast | targets)
        for i, u in enumerate(members):
            for v in members[i + 1:]:
                g.add_edge(u, v, key=f"CO_OCCURS|{u}|{v}|{a}", type="CO_OCCURS", first_seen=date, last_seen=date,
                           weight=1)
    return g


def pyvis_old_path(g: nx.MultiDiGraph) -> float:
    """CPU seconds to feed the whole graph to pyvis node by node and edge by edge (the old viewer)."""
    started = time.process_time()
    net = Network(directed=True, cdn_resources="in_line")
    for n, d in g.nodes(data=True):
        net.add_node(n, label=str(d.get("name")))
    for u, v, d in g.edges(data=True):
        net.add_edge(u, v, title=d["type"])
    return time.process_time() - started


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,4000,16000,64000", help="articles per synthetic graph")
    parser.add_argument("--max-nodes", type=int, default=500)
    parser.add_argument("--max-edges", type=int, default=4000)
    parser.add_argument("--old-up-to", type=int, default=4000, help="time the old pyvis path up to this size")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"caps: {args.max_nodes} nodes, {args.max_edges} edges; CPU seconds of this process "
          "(process_time: a busy shared machine does not inflate them)")
    print(f"{'articles':>8} {'nodes':>8} {'edges':>9} {'select':>8} {'render':>8} {'total':>8} {'shown n/e':>11}"
          f" {'focus':>7} {'old pyvis':>10}")
    rows = []
    for size in sizes:
        g = synthetic_graph(size)
        started = time.process_time()
        sub = select(g, args.max_nodes, max_edges=args.max_edges)
        chosen = time.process_time()
        page = render(sub, title="benchmark")
        done = time.process_time()
        started_focus = time.process_time()
        select(g, args.max_nodes, focus="人30", hops=2, max_edges=args.max_edges)
        focus = time.process_time() - started_focus
        old = f"{pyvis_old_path(g):10.2f}" if size <= args.old_up_to else f"{'-':>10}"
        rows.append((size, g.number_of_edges(), done - started))
        print(f"{size:>8} {g.number_of_nodes():>8} {g.number_of_edges():>9} {chosen - started:8.2f} {done - chosen:8.2f}"
              f" {done - started:8.2f} {sub.number_of_nodes():>5}/{sub.number_of_edges():<5} {focus:7.2f} {old}"
              f"  ({len(page) / 1e6:.1f} MB page)")
    for (a, ea, ta), (b, eb, tb) in zip(rows, rows[1:], strict=False):
        print(f"growth exponent {a}→{b} articles: {math.log(tb / ta) / math.log(b / a):.2f} in articles, "
              f"{math.log(tb / ta) / math.log(eb / ea):.2f} in edges")


if __name__ == "__main__":
    main()

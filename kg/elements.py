"""A graph as streams of elements: what the exports and the store read.

The exports (:mod:`kg.export.files`) and the store sync (:mod:`kg.store`) need to go over a graph's
nodes and edges, not to hold it. :class:`Elements` is that view: a networkx graph is one
(:class:`GraphElements`), and so is the job's SQLite graph index (:mod:`kg.jobs.graphindex`), whose
graph never has to be in memory at once. Each call of :meth:`Elements.nodes` / :meth:`Elements.edges`
starts a fresh pass, so a writer may go over the graph twice (headers first, rows second).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("P:a", label="Person", name="甲")
>>> _ = g.add_edge("P:a", "P:a", key="k", type="CO_OCCURS")
>>> els = elements_of(g)
>>> list(els.nodes()), [(u, v, k, d["type"]) for u, v, k, d in els.edges()], els.number_of_edges()
([('P:a', {'label': 'Person', 'name': '甲'})], [('P:a', 'P:a', 'k', 'CO_OCCURS')], 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol, runtime_checkable

import networkx as nx

#: A node: its id and attributes (``label`` among them).
Node = tuple[str, dict[str, Any]]
#: An edge: source id, target id, edge key and attributes (``type`` among them).
Edge = tuple[str, str, str, dict[str, Any]]


@runtime_checkable
class Elements(Protocol):
    """A directed multigraph read as element streams (a fresh pass per call)."""

    def nodes(self) -> Iterator[Node]:
        """Every node with its attributes."""
        ...

    def edges(self) -> Iterator[Edge]:
        """Every edge ``(source, target, key, attributes)``."""
        ...

    def number_of_nodes(self) -> int:
        ...

    def number_of_edges(self) -> int:
        ...


class GraphElements:
    """The elements of a networkx ``MultiDiGraph``, in the graph's own order."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g

    def nodes(self) -> Iterator[Node]:
        return iter(self.g.nodes(data=True))

    def edges(self) -> Iterator[Edge]:
        return iter(self.g.edges(keys=True, data=True))

    def number_of_nodes(self) -> int:
        return int(self.g.number_of_nodes())

    def number_of_edges(self) -> int:
        return int(self.g.number_of_edges())


def elements_of(graph: nx.MultiDiGraph | Elements) -> Elements:
    """``graph`` as :class:`Elements` (a networkx graph is wrapped, anything else returned as is)."""
    if isinstance(graph, nx.Graph):
        return GraphElements(graph)
    return graph

"""`kg build` out of core: the extraction records staged in SQLite, the graph assembled in the graph index.

A one-shot build used to hold every extraction record and the whole graph in one Python heap (6 GB at
16,000 articles, its cost per element rising with the heap). It now takes the job's path
(:mod:`kg.jobs.graphindex`): records go, as they are extracted, to a :class:`Staging` state beside the
outputs; the index resolves them article by article against the corpus context and keeps the graph in
SQLite; the files, the viewer and the store are written from the index as streams. Peak memory is bounded
by the graph's per-entity aggregates, not by the corpus, and every stage is linear in articles.

A corrections file or ``--reporters-in-network`` act on the whole graph, so those builds assemble it in
memory (:func:`kg.graph.build_graph`), reading the staged records one page at a time.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> rec = {"article_id": "a#0", "district": "中原区", "headline": "H", "date": "2020-03-16",
...        "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"}], "organizations": [],
...        "places": [], "projects": [], "relations": [], "sentences": ["H", "区长李晓雷调研。"]}
>>> with Staging(out) as staging:
...     staging.add(rec)
...     index = staging.index()
...     counts = graph_counts(index)
>>> counts["nodes"]
{'Article': 1, 'Organization': 1, 'Person': 1}
>>> sorted(p.name for p in out.iterdir())  # the staging directory is gone
[]
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from kg.jobs.graphindex import GraphIndex, UpdateReport
from kg.jobs.state import State

if TYPE_CHECKING:
    import networkx as nx

#: Prefix of the staging directory a build makes inside its output directory (removed when it ends).
STAGING_PREFIX = ".kg-build-"


class Staging:
    """The extraction records of one build, in a temporary SQLite state inside ``out`` (same disk as the
    outputs), and the graph index built from them. A context manager: the directory is removed on exit.

    Records are keyed by ``article_id``: an id seen twice keeps its last record (as a job does), and
    :attr:`duplicates` counts those.
    """

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.dir = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
        self.state = State(self.dir / "state.sqlite")
        self.count = 0
        self._index: GraphIndex | None = None
        self.report: UpdateReport | None = None  # what building the index did (its stages' seconds)

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the state and the index and remove the staging directory."""
        if self._index is not None:
            self._index.close()
            self._index = None
        self.state.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def add(self, record: dict[str, Any]) -> None:
        """Stage one extraction record (committed at once: nothing of it stays in memory)."""
        article_id = str(record.get("article_id") or record.get("id") or f"record-{self.count}")
        self.count += 1
        self.state.save_result(article_id, str(record.get("source") or ""), str(self.count), None, record, None)

    @property
    def duplicates(self) -> int:
        """Records staged under an id staged before (each replaced the earlier record)."""
        return self.count - sum(self.state.counts().values())

    def records(self) -> Iterator[dict[str, Any]]:
        """The staged records by id, slimmed, one page at a time (:meth:`kg.jobs.state.State.graph_records`)."""
        return self.state.graph_records()

    def index(self) -> GraphIndex:
        """The graph index of the staged records (built on the first call)."""
        if self._index is None:
            self._index, self.report = index_state(self.state, self.dir / "graph.sqlite")
        return self._index


def index_state(state: State, path: Path) -> tuple[GraphIndex, UpdateReport]:
    """A graph index at ``path`` brought up to every done article of ``state`` (at a new path, its first
    build: every article resolved, every node and edge aggregated), and what the update did."""
    index = GraphIndex(path)
    return index, index.update(state.stamps(), state.record)


def write_files(graph: nx.MultiDiGraph | GraphIndex, out: Path) -> None:
    """GraphML, GEXF, node-link JSON, neo4j-admin CSV and the facts table (CSV, Parquet) of ``graph``, each
    replaced atomically. From an index, GraphML, JSON and CSV are the index's streaming writers (the job's
    files) and GEXF and facts read its element streams; no networkx graph of the whole corpus is made."""
    from kg.export.facts import write_facts
    from kg.export.files import write_gexf, write_graphml, write_neo4j_csv, write_node_link

    if isinstance(graph, GraphIndex):
        graph.write_graphml(out / "graph.graphml")
        graph.write_node_link(out / "graph.json")
        graph.write_neo4j_csv(out / "neo4j-import")
        elements: Any = graph.elements()
    else:
        write_graphml(graph, out / "graph.graphml")
        write_node_link(graph, out / "graph.json")
        write_neo4j_csv(graph, out / "neo4j-import")
        elements = graph
    write_gexf(elements, out / "graph.gexf")
    write_facts(elements, out / "facts.csv")
    write_facts(elements, out / "facts.parquet")


def graph_counts(graph: nx.MultiDiGraph | GraphIndex) -> dict[str, dict[str, int]]:
    """Counts of nodes by label and edges by type (:func:`kg.graph.summary`), of a graph or an index."""
    if isinstance(graph, GraphIndex):
        return graph.summary()
    from kg.graph import summary

    return summary(graph)


__all__ = ["STAGING_PREFIX", "Staging", "graph_counts", "index_state", "write_files"]

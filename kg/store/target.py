"""Keeping a job's store target equal to its graph, writing only what changed.

``target`` is ``embedded`` (the ArcadeDB store under ``out/store``) or a Bolt URI (credentials from
``NEO4J_*``). The ledger (:mod:`kg.store.ledger`) lives in ``out/store-ledger.sqlite``: when it shows
the store already holds the graph, the store is not touched at all — the embedded server is not even
started, or, when :func:`launch_embedded` started it early (so that it boots while the graph is built),
it is stopped without having been written to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.store.bolt import BoltStore, connection_from_env, graph_rows, in_sync, split_credentials
from kg.store.embedded import EmbeddedServer
from kg.store.ledger import Ledger

LEDGER = "store-ledger.sqlite"
#: Rows per UNWIND round trip for job syncs (large: the first load of a corpus is a bulk load).
BULK_BATCH = 10_000


@dataclass
class EarlyServer:
    """An embedded store's server launched ahead of the sync (:func:`launch_embedded`)."""

    server: EmbeddedServer
    fresh: bool  # the store held no database before the launch (the ledger describes nothing then)


def launch_embedded(out: Path) -> EarlyServer | None:
    """Launch the embedded store's server of ``out`` now, without waiting for it, so that it boots while
    the caller builds the graph; None when ``kg serve`` holds the store (the sync writes through it).

    The caller hands the result to :func:`sync_target` and stops ``server`` when done.
    """
    from kg.serve import connections

    root = out / "store"
    if connections(root) is not None:
        return None
    fresh = not (root / "databases").exists()
    server = EmbeddedServer(root)
    server.launch()
    return EarlyServer(server, fresh)


def sync_target(g: nx.MultiDiGraph, out: Path, target: str, graph: str = "kg",
                progress: Callable[[str, int], None] | None = None,
                early: EarlyServer | None = None) -> dict[str, int] | None:
    """Make ``target`` hold ``g``; None when it already did (the store was not touched), else the
    counts of :meth:`BoltStore.sync`. ``early``: the embedded server, already launched."""
    root = out / "store"
    if target == "embedded":
        key = f"embedded:{root.resolve()}"
    else:
        connection = connection_from_env(uri=target)
        assert connection is not None
        key = f"{split_credentials(connection.uri)[0]}|{connection.database or ''}|{graph}"
    with Ledger(out / LEDGER, key) as ledger:
        if target == "embedded" and (early.fresh if early is not None else not (root / "databases").exists()):
            ledger.reset()  # the store was deleted: whatever the ledger says is gone with it
        rows = graph_rows(g, graph)
        if in_sync(rows, ledger):
            return None
        if target == "embedded":
            from kg.serve import connections

            if early is not None:
                with BoltStore(early.server.wait(), graph=graph, exclusive=True, batch_size=BULK_BATCH) as store:
                    return store.sync(g, progress=progress, ledger=ledger, rows=rows)
            served = connections(root)  # `kg serve` holds the store: write through it, never start a second
            if served is not None:
                with BoltStore(served[0], graph=graph, exclusive=True, batch_size=BULK_BATCH) as store:
                    return store.sync(g, progress=progress, ledger=ledger, rows=rows)
            with EmbeddedServer(root) as server, BoltStore(server.connection, graph=graph, exclusive=True,
                                                           batch_size=BULK_BATCH) as store:
                return store.sync(g, progress=progress, ledger=ledger, rows=rows)
        with BoltStore(connection, graph=graph, batch_size=BULK_BATCH) as store:
            return store.sync(g, progress=progress, ledger=ledger, rows=rows)

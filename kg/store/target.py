"""Keeping a job's store target equal to its graph, writing only what changed.

``target`` is ``embedded`` (the ArcadeDB store under ``out/store``) or a Bolt URI (credentials from
``NEO4J_*``). The ledger (:mod:`kg.store.ledger`) lives in ``out/store-ledger.sqlite``: when it shows
the store already holds the graph, the store is not touched at all — the embedded server is not even
started, or, when :func:`launch_embedded` started it early (so that it boots while the graph is built),
it is stopped without having been written to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.elements import Elements, elements_of
from kg.store.bolt import (
    BoltStore,
    Changes,
    connection_from_env,
    in_sync,
    incremental_ready,
    split_credentials,
)
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


def sync_target(g: nx.MultiDiGraph | Elements, out: Path, target: str, graph: str = "kg",
                progress: Callable[[str, int], None] | None = None,
                early: EarlyServer | None = None) -> dict[str, int] | None:
    """Make ``target`` hold ``g`` (a networkx graph or :class:`~kg.elements.Elements`); None when it already
    did (the store was not touched), else the counts of :meth:`BoltStore.sync`. ``early``: the embedded
    server, already launched."""
    with Ledger(out / LEDGER, _ledger_key(out, target, graph)) as ledger:
        _forget_deleted_store(ledger, out, target, early)
        return _sync_full(elements_of(g), out, target, graph, progress, early, ledger)


def sync_target_changes(elements: nx.MultiDiGraph | Elements, out: Path, target: str, changes: Changes,
                        graph: str = "kg", early: EarlyServer | None = None,
                        progress: Callable[[str, int], None] | None = None) -> dict[str, int] | None:
    """Make ``target`` hold ``elements`` (the whole graph) by writing only ``changes`` (what this run changed
    in it), looking up in the ledger only their keys (:func:`~kg.store.bolt.changes_plan`).

    None when nothing changed and the ledger is to be trusted (the store is not touched, not even started).
    Where an incremental sync is not safe — the ledger never recorded a sync, a killed sync left keys pending
    that ``changes`` lack, the embedded store is new (``early.fresh``, or no ``databases`` folder), and, once
    the store is reached, its token is not the ledger's or a node changes label — this is
    :func:`sync_target` of ``elements``: a full sync, that may read the store. Returns the counts of
    :meth:`BoltStore.sync` (nodes, edges: of ``elements``).
    """
    els = elements_of(elements)
    with Ledger(out / LEDGER, _ledger_key(out, target, graph)) as ledger:
        if _forget_deleted_store(ledger, out, target, early) or not incremental_ready(ledger, changes):
            return _sync_full(els, out, target, graph, progress, early, ledger)
        if changes.empty():
            return None
        with _open_store(out, target, graph, early) as store:
            return store.sync_changes(els, changes, ledger, progress=progress)


def target_recorded(out: Path, target: str, graph: str = "kg") -> bool:
    """Whether the ledger records a finished sync to ``target`` (and, for the embedded store, its database is
    there): when not — a store added to a job, or deleted, or a sync killed — the next sync must be a full one
    even if the graph did not change. Asked without the store.

    >>> import tempfile, pathlib
    >>> target_recorded(pathlib.Path(tempfile.mkdtemp()), "embedded")
    False
    """
    if target == "embedded" and not (out / "store" / "databases").exists():
        return False
    if not (out / LEDGER).exists():
        return False
    with Ledger(out / LEDGER, _ledger_key(out, target, graph)) as ledger:
        return ledger.token is not None and not any(ledger.pending())


def _ledger_key(out: Path, target: str, graph: str) -> str:
    """What names the store ``target`` in its ledger."""
    if target == "embedded":
        return f"embedded:{(out / 'store').resolve()}"
    connection = connection_from_env(uri=target)
    assert connection is not None
    return f"{split_credentials(connection.uri)[0]}|{connection.database or ''}|{graph}"


def _forget_deleted_store(ledger: Ledger, out: Path, target: str, early: EarlyServer | None) -> bool:
    """Empty the ledger when the embedded store holds no database (deleted, or never made): whatever the ledger
    said is gone with it. Whether it did."""
    root = out / "store"
    if target == "embedded" and (early.fresh if early is not None else not (root / "databases").exists()):
        ledger.reset()
        return True
    return False


def _sync_full(els: Elements, out: Path, target: str, graph: str, progress: Callable[[str, int], None] | None,
               early: EarlyServer | None, ledger: Ledger) -> dict[str, int] | None:
    """:meth:`BoltStore.sync` of the whole graph (streamed in chunks), unless the ledger shows the store holds
    it (None)."""
    if in_sync(els, ledger, graph):
        return None
    with _open_store(out, target, graph, early) as store:
        return store.sync(els, progress=progress, ledger=ledger)


@contextmanager
def _open_store(out: Path, target: str, graph: str, early: EarlyServer | None) -> Iterator[BoltStore]:
    """The store of ``target``: the early-launched embedded server, else the one ``kg serve`` runs (never a
    second), else one started here for the sync; or the Bolt URI ``target``."""
    if target == "embedded":
        from kg.serve import connections

        root = out / "store"
        if early is not None:
            with BoltStore(early.server.wait(), graph=graph, exclusive=True, batch_size=BULK_BATCH) as store:
                yield store
            return
        served = connections(root)  # `kg serve` holds the store: write through it, never start a second
        if served is not None:
            with BoltStore(served[0], graph=graph, exclusive=True, batch_size=BULK_BATCH) as store:
                yield store
            return
        with EmbeddedServer(root) as server, BoltStore(server.connection, graph=graph, exclusive=True,
                                                       batch_size=BULK_BATCH) as store:
            yield store
        return
    connection = connection_from_env(uri=target)
    assert connection is not None
    with BoltStore(connection, graph=graph, batch_size=BULK_BATCH) as store:
        yield store

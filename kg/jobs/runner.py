"""One run of a job: extract only what is new, changed or stale; retract what is gone.

1. Scan the sources. A file whose size and mtime are unchanged since the last
   run is not even read (its article ids come from the state), unless one of
   its articles failed or was extracted by another extractor version.
2. Articles that are new, changed (content hash) or stale (extractor version)
   or that failed before are extracted — in ``workers`` processes — and each
   result is committed to SQLite as it arrives.
3. Articles that a source which *was read* no longer holds are removed from the
   state. A source that could not be read (missing, unmounted, permission or I/O
   error, a glob that matches nothing) keeps the articles it gave before, and a run
   that read no source at all changes nothing and writes nothing.
4. If anything changed (or an earlier run died before finishing its graph),
   the graph is rebuilt from every stored record, written atomically, and the
   store is synced (upsert + delete of what the graph no longer has).

Killing a run at any point loses nothing: the next run redoes what was not
committed, and steps 4's outputs are a function of the committed state only.
Worker processes die with the run (``PR_SET_PDEATHSIG``) and never hold the
job's lock, so a killed run leaves no process behind that blocks the next one.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import fnmatch
import hashlib
import json
import logging
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.corrections import corrections_changed, mark_corrections
from kg.errors import KGError
from kg.export.files import atomic_write
from kg.ingest import IngestOptions
from kg.ingest.sources import Unreadable, expand_inputs, read_source
from kg.jobs.config import JobConfig
from kg.jobs.graphindex import UpdateReport
from kg.jobs.state import State
from kg.models import Article, Rejection

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]
#: The job's graph index (kg.jobs.graphindex), beside its state.
INDEX = "graph.sqlite"


@dataclass
class RunReport:
    """What one run did."""

    articles: int = 0
    extracted: int = 0
    failed: int = 0
    removed: int = 0
    unchanged: int = 0
    graph_written: bool = False
    store: dict[str, int] | None = None  # what the store sync wrote (None: the store was not touched)
    index: UpdateReport | None = None  # what the graph index re-resolved and rewrote (None: corrections, built whole)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


#: The open lock file's descriptor in this process (closed in forked children).
_LOCK_FD: int | None = None


class JobLock:
    """An exclusive, non-blocking lock on ``out/job.lock`` (released by the OS if the process dies).

    The file holds the owner's pid. When the lock is busy and that pid is gone, the
    holders are processes left over from a dead run: they are named in the error.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: Any = None

    def __enter__(self) -> JobLock:
        global _LOCK_FD
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.path.open("a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.fh.seek(0)
            owner = self.fh.read().strip()
            self.fh.close()
            raise KGError(self._busy_message(owner)) from exc
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"{os.getpid()}\n")
        self.fh.flush()
        _LOCK_FD = self.fh.fileno()
        return self

    def _busy_message(self, owner: str) -> str:
        pid = int(owner) if owner.isdigit() else None
        if pid is not None and _alive(pid):
            return f"another run of this job (pid {pid}) holds {self.path}; not starting a second one"
        holders = lock_holders(self.path)
        who = f"pid(s) {', '.join(map(str, holders))}" if holders else "processes not visible to this user"
        return (f"stale lock {self.path}: the run that took it (pid {owner or '?'}) is gone, but {who} "
                f"left over from it still hold it; stop them (kill {' '.join(map(str, holders)) or 'PID'}) "
                f"and run again")

    def __exit__(self, *exc: object) -> None:
        global _LOCK_FD
        _LOCK_FD = None
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_holders(path: Path) -> list[int]:
    """Pids of the processes (of this user) that have ``path`` open."""
    target = os.path.realpath(path)
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if any(os.path.realpath(fd) == target for fd in (entry / "fd").iterdir()):
                pids.append(int(entry.name))
        except OSError:
            continue
    return sorted(pids)


def die_with_parent(parent: int) -> None:
    """In a child process: be killed when ``parent`` dies, and let go of the job lock."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent's shutdown still stops the pool
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    if _LOCK_FD is not None:
        with contextlib.suppress(OSError):
            os.close(_LOCK_FD)  # a forked copy of the lock's descriptor would keep the lock held


def content_hash(article: Article) -> str:
    """Hash of what extraction reads (offsets and position in the page left out: an edit above
    must not make the articles below look changed)."""
    fields = {k: v for k, v in article.to_dict().items() if k not in ("start", "end", "index")}
    data = json.dumps(fields, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def extractor_config(job: JobConfig) -> dict[str, Any]:
    config = dict(job.extract)
    if job.model:
        config.setdefault("settings", {})["model"] = job.model
    return config


def extractor_version(job: JobConfig) -> str:
    """The version articles are extracted with: code version, components and model."""
    from kg.extract import EXTRACTOR_VERSION
    from kg.extract.pipeline import DEFAULT_COMPONENTS

    config = extractor_config(job)
    components = config.get("components") or DEFAULT_COMPONENTS
    return f"{EXTRACTOR_VERSION}:{'+'.join(components)}:{job.model or 'shipped'}"


# -- extraction workers ---------------------------------------------------------------------
_EXTRACTOR: Any = None


def _init_worker(config: dict[str, Any], parent: int | None = None) -> None:
    global _EXTRACTOR
    if parent is not None:
        die_with_parent(parent)
    os.environ["OMP_NUM_THREADS"] = "1"
    from kg.extract import Extractor

    _EXTRACTOR = Extractor.from_config(config)


def _extract_one(article: Article) -> tuple[dict[str, Any] | None, str | None]:
    return _EXTRACTOR.try_extract(article)  # an error is recorded and retried next run


def extract_many(articles: list[Article], config: dict[str, Any], workers: int, executor: str = "local",
                 scheduler: str | None = None) -> Iterator[tuple[Article, dict[str, Any] | None, str | None]]:
    """Extraction results in input order, from ``workers`` processes (1 = in this process), or from a
    Dask cluster (``executor="dask"``: the scheduler at ``scheduler``, else a LocalCluster of ``workers``)."""
    if not articles:
        return
    if executor == "dask" or scheduler:
        from kg.executor import DaskExecutor

        with DaskExecutor(config, workers=workers, scheduler=scheduler) as cluster:
            yield from cluster.map(articles)
        return
    if workers <= 1 or len(articles) == 1:  # one article: no pool whose workers would each load the model
        _init_worker(config)
        for article in articles:
            yield (article, *_extract_one(article))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(config, os.getpid())) as pool:
        chunk = max(1, min(16, len(articles) // (workers * 4)))
        for article, result in zip(articles, pool.map(_extract_one, articles, chunksize=chunk), strict=True):
            yield (article, *result)


# -- the run ----------------------------------------------------------------------------------
def run_job(job: JobConfig, workers: int | None = None, progress: Progress | None = None) -> RunReport:
    """Run ``job`` once (see the module docstring)."""
    started = time.monotonic()
    job.out.mkdir(parents=True, exist_ok=True)
    with JobLock(job.out / "job.lock"):
        state = State(job.out / "state.sqlite")
        try:
            report = _run(job, state, workers or job.workers, progress)
        finally:
            state.close()
    report.seconds = time.monotonic() - started
    return report


def _blocked(path: str, unreadable: list[str]) -> bool:
    """Whether ``path`` lies in (or matches) something that could not be read."""
    for item in unreadable:
        if any(c in item for c in "*?["):
            if fnmatch.fnmatch(path, item):
                return True
        elif path == item or path.startswith(item.rstrip("/") + "/"):
            return True
    return False


def _run(job: JobConfig, state: State, workers: int, progress: Progress | None) -> RunReport:
    report = RunReport()
    pending_graph = state.graph_pending()
    run_id = state.start_run()
    version = extractor_version(job)
    known = state.known()
    current: dict[str, str] = {}
    seen: dict[str, str] = {}
    todo: list[Article] = []
    options = IngestOptions(default_year=job.year)
    read_paths: set[str] = set()
    unreadable: list[str] = []
    moved = False  # an unchanged article's position in its page changed
    for source in expand_inputs(job.expand_sources()):
        if isinstance(source, Rejection):
            report.errors.append(str(source))
            if isinstance(source, Unreadable):
                unreadable.append(source.source)
            continue
        assert source.path is not None
        path = str(source.path)
        try:
            stat = source.path.stat()
        except OSError as exc:
            report.errors.append(f"{path}: cannot read: {exc.strerror or exc}")
            unreadable.append(path)
            continue
        cached = state.source(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size) and cached[3] is None \
                and all(known.get(i, ("", None, ""))[1:] == (version, "done") for i in cached[2]) \
                and not any(i in seen for i in cached[2]):
            for article_id in cached[2]:
                current[article_id] = path
                seen[article_id] = path
            report.unchanged += len(cached[2])
            read_paths.add(path)
            continue
        ids: list[str] = []
        articles: list[Article] = []
        error = None
        failed_read = False
        for item in read_source(source, options, seen=seen):
            if isinstance(item, Rejection):
                report.errors.append(str(item))
                if isinstance(item, Unreadable):
                    failed_read = True
                    break
                error = error or str(item)
                continue
            ids.append(item.id)
            articles.append(item)
        if failed_read:  # keeps what it gave before (see below)
            unreadable.append(path)
            continue
        read_paths.add(path)
        for item in articles:
            current[item.id] = path
            if known.get(item.id) == (content_hash(item), version, "done"):
                report.unchanged += 1
                moved = moved or state.set_index(item.id, item.index)
            else:
                todo.append(item)
        if error and not ids:
            state.save_result(f"{path}#!", path, "", version, None, error)
            current[f"{path}#!"] = path
        state.save_source(path, stat.st_mtime_ns, stat.st_size, ids, error)

    if not read_paths:  # read nothing: retract nothing, leave every output as it was
        report.articles = len(known)
        report.errors.append("no source could be read: nothing was retracted and the outputs were left as they were")
        state.finish_run(run_id, 0, 0, 0, graph_written=True)
        return report

    for path in state.source_paths():
        if path in read_paths:
            continue
        cached = state.source(path)
        if _blocked(path, unreadable) and cached:  # could not be read: keep its articles
            for article_id in cached[2]:
                current.setdefault(article_id, path)
            if f"{path}#!" in known:
                current.setdefault(f"{path}#!", path)
        else:  # read and gone (or no longer a source of the job)
            state.forget_source(path)
    report.articles = len(current)
    removed = [i for i in known if i not in current]
    state.remove(removed)
    report.removed = len(removed)

    early = None
    if job.store == "embedded" and not job.corrections and (todo or removed):
        from kg.store.target import launch_embedded

        early = launch_embedded(job.out)  # the store's JVM boots while articles are extracted and the graph updated
    try:
        _extract_and_write(job, state, report, todo, version, workers, progress, pending_graph, moved, early)
    finally:
        if early is not None:
            early.server.stop()
    state.finish_run(run_id, report.extracted, report.failed, report.removed, graph_written=True)
    return report


def _extract_and_write(job: JobConfig, state: State, report: RunReport, todo: list[Article], version: str,
                       workers: int, progress: Progress | None, pending_graph: bool, moved: bool,
                       early: Any) -> None:
    """Extract ``todo`` (each result committed as it arrives), then bring the outputs up to the state."""
    for done, (article, record, error) in enumerate(extract_many(todo, extractor_config(job), workers,
                                                                        job.executor, job.scheduler), 1):
        state.save_result(article.id, article.source or "", content_hash(article), version, record, error)
        if error:
            report.failed += 1
            report.errors.append(f"{article.source}: article {article.id}: {error}")
        else:
            report.extracted += 1
        if progress:
            progress("extracting", done, len(todo))

    if job.corrections:  # a corrections file acts on the whole graph: built in memory, as `kg build` does
        for name in (INDEX, f"{INDEX}-wal", f"{INDEX}-shm"):  # rebuilt whole when the corrections go
            (job.out / name).unlink(missing_ok=True)
        changed = bool(report.extracted or report.failed or report.removed or pending_graph or moved) \
            or corrections_changed(job.corrections, job.out)  # an edited corrections file rebuilds the graph
        if changed or not (job.out / "graph.json").exists():
            report.store = write_outputs(job, state.graph_records(), progress)  # streamed, slimmed
            report.graph_written = True
    else:
        report.store, report.graph_written, report.index = update_outputs(job, state, progress, early)


def update_outputs(job: JobConfig, state: State, progress: Progress | None = None, early: Any = None
                   ) -> tuple[dict[str, int] | None, bool, UpdateReport]:
    """Bring the graph index (:mod:`kg.jobs.graphindex`) up to the state's articles, then write what it changed:
    the graph files (re-derived from the index, never from the extractions), the viewer, and the store (only the
    changed nodes and relationships). Returns (what the store sync wrote, whether outputs were written, the
    index's report). ``early``: the embedded store's server, launched by the caller (who stops it)."""
    from kg.jobs.graphindex import GraphIndex
    from kg.store.bolt import Changes
    from kg.store.target import launch_embedded, sync_target, sync_target_changes, target_recorded

    out = job.out
    index = GraphIndex(out / INDEX)
    try:
        if corrections_changed(None, out):  # the last outputs had corrections applied: every element is rewritten
            index.reset()
        update = index.update(state.stamps(), state.record)
        dirty, everything = index.dirty()
        # a store target the ledger has no finished sync of (added to the job, deleted, a sync killed)
        store_behind = job.store != "none" and not target_recorded(out, job.store)
        if not (dirty or everything or store_behind or not (out / "graph.json").exists()):
            return None, False, update
        own = early is None and job.store == "embedded"
        if own:
            early = launch_embedded(out)
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            update.seconds[name] = now - clock
            clock = now

        try:
            elements = index.elements()
            known = None if everything else dirty  # what changed since the files were written (None: all)
            index.write_graphml(out / "graph.graphml", known)
            lap("graphml")
            index.write_node_link(out / "graph.json", known)
            lap("json")
            index.write_neo4j_csv(out / "neo4j-import", known)
            lap("csv")
            if job.html:
                index.write_viewer(out / "graph.html", f"kg job {job.name}")  # only when what it draws changed
                lap("viewer")
            mark_corrections(None, out)
            written = None
            if job.store != "none":
                if everything or store_behind:
                    written = sync_target(elements, out, job.store, early=early)
                else:
                    changes = Changes()
                    for node_id in sorted(dirty.nodes):
                        data = index.node(node_id)
                        if data is None:
                            changes.deleted_nodes.add(node_id)
                        else:
                            changes.nodes[node_id] = data
                    for key in sorted(dirty.edges):
                        edge = index.edge(key)
                        if edge is None:
                            changes.deleted_edges.add(key)
                        else:
                            changes.edges[key] = edge
                    written = sync_target_changes(elements, out, job.store, changes, early=early)
                lap("store")
        finally:
            if own and early is not None:
                early.server.stop()
        index.clear_dirty()
        if progress:
            progress("graph", 1, 1)
        return written, True, update
    finally:
        index.close()


def write_outputs(job: JobConfig, records: Iterable[dict[str, Any]], progress: Progress | None = None
                  ) -> dict[str, int] | None:
    """Graph files (atomically replaced), the viewer, and the store sync (returns what the sync wrote,
    None when the store was not touched: no store, or it already held the graph).

    The GraphML and JSON files are written by streaming writers (:func:`kg.export.files.write_graphml`,
    :func:`kg.export.files.write_node_link`): no second copy of the graph, no element tree. The embedded
    store's server is launched first (:func:`kg.store.target.launch_embedded`), so it boots while the
    graph is built and written.
    """
    from kg.corrections import load_corrections
    from kg.export.files import write_graphml, write_neo4j_csv, write_node_link
    from kg.graph import build_graph
    from kg.store.target import launch_embedded, sync_target

    out = job.out
    early = launch_embedded(out) if job.store == "embedded" else None
    try:
        g = build_graph(records, corrections=load_corrections(job.corrections) if job.corrections else None)
        write_graphml(g, out / "graph.graphml")
        write_node_link(g, out / "graph.json")
        write_neo4j_csv(g, out / "neo4j-import")
        if job.html:
            from kg.export.html import write_html

            atomic_write(out / "graph.html", lambda p: write_html(g, p, title=f"kg job {job.name}"))
        mark_corrections(job.corrections, out)
        if job.store == "none":
            return None
        written = sync_target(g, out, job.store, early=early)  # only what the store lacks; None: store untouched
    finally:
        if early is not None:
            early.server.stop()
    if progress:
        progress("graph", 1, 1)
    return written

"""One run of a job: extract only what is new, changed or stale; retract what is gone.

1. Scan the sources. A file whose size and mtime are unchanged since the last
   run is not even read (its article ids come from the state), unless one of
   its articles failed or was extracted by another extractor version.
2. Articles that are new, changed (content hash) or stale (extractor version)
   or that failed before are extracted — in ``workers`` processes — and each
   result is committed to SQLite as it arrives.
3. Articles no longer in any source are removed from the state.
4. If anything changed (or an earlier run died before finishing its graph),
   the graph is rebuilt from every stored record, written atomically, and the
   store is synced (upsert + delete of what the graph no longer has).

Killing a run at any point loses nothing: the next run redoes what was not
committed, and steps 4's outputs are a function of the committed state only.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.ingest import IngestOptions
from kg.ingest.sources import expand_inputs, read_source
from kg.jobs.config import JobConfig
from kg.jobs.state import State
from kg.models import Article, Rejection

log = logging.getLogger(__name__)
Progress = Callable[[str, int, int], None]


@dataclass
class RunReport:
    """What one run did."""

    articles: int = 0
    extracted: int = 0
    failed: int = 0
    removed: int = 0
    unchanged: int = 0
    graph_written: bool = False
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)


class JobLock:
    """An exclusive, non-blocking lock on ``out/job.lock`` (released by the OS if the process dies)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fh: Any = None

    def __enter__(self) -> JobLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self.path.open("a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self.fh.close()
            raise KGError(f"another run of this job holds {self.path}; not starting a second one") from exc
        return self

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def content_hash(article: Article) -> str:
    """Hash of what extraction reads (offsets in the page left out: an edit above must not
    make the articles below look changed)."""
    fields = {k: v for k, v in article.to_dict().items() if k not in ("start", "end")}
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


def _init_worker(config: dict[str, Any]) -> None:
    global _EXTRACTOR
    os.environ["OMP_NUM_THREADS"] = "1"
    from kg.extract import Extractor

    _EXTRACTOR = Extractor.from_config(config)


def _extract_one(article: Article) -> tuple[dict[str, Any] | None, str | None]:
    return _EXTRACTOR.try_extract(article)  # an error is recorded and retried next run


def extract_many(articles: list[Article], config: dict[str, Any], workers: int
                 ) -> Iterator[tuple[Article, dict[str, Any] | None, str | None]]:
    """Extraction results in input order, from ``workers`` processes (1 = in this process)."""
    if not articles:
        return
    if workers <= 1:
        _init_worker(config)
        for article in articles:
            yield (article, *_extract_one(article))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(config,)) as pool:
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


def _run(job: JobConfig, state: State, workers: int, progress: Progress | None) -> RunReport:
    report = RunReport()
    pending_graph = state.graph_pending()
    run_id = state.start_run()
    version = extractor_version(job)
    known = state.known()
    current: dict[str, str] = {}
    todo: list[Article] = []
    options = IngestOptions(default_year=job.year)
    seen_sources: set[str] = set()
    for source in expand_inputs(job.expand_sources()):
        if isinstance(source, Rejection):
            report.errors.append(str(source))
            continue
        assert source.path is not None
        path = str(source.path)
        seen_sources.add(path)
        stat = source.path.stat()
        cached = state.source(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size) and cached[3] is None \
                and all(known.get(i, ("", None, ""))[1:] == (version, "done") for i in cached[2]):
            for article_id in cached[2]:
                current[article_id] = path
            report.unchanged += len(cached[2])
            continue
        ids: list[str] = []
        error = None
        for item in read_source(source, options):
            if isinstance(item, Rejection):
                error = str(item)
                report.errors.append(error)
                continue
            ids.append(item.id)
            current[item.id] = path
            if known.get(item.id) == (content_hash(item), version, "done"):
                report.unchanged += 1
            else:
                todo.append(item)
        if error and not ids:
            state.save_result(f"{path}#!", path, "", version, None, error)
            current[f"{path}#!"] = path
        state.save_source(path, stat.st_mtime_ns, stat.st_size, ids, error)
    report.articles = len(current)

    removed = [i for i in known if i not in current]
    state.remove(removed)
    for path in state.source_paths():
        if path not in seen_sources:
            state.forget_source(path)
    report.removed = len(removed)

    for done, (article, record, error) in enumerate(extract_many(todo, extractor_config(job), workers), 1):
        state.save_result(article.id, article.source or "", content_hash(article), version, record, error)
        if error:
            report.failed += 1
            report.errors.append(f"{article.source}: article {article.id}: {error}")
        else:
            report.extracted += 1
        if progress:
            progress("extracting", done, len(todo))

    changed = bool(report.extracted or report.failed or report.removed or pending_graph)
    if changed or not (job.out / "graph.json").exists():
        write_outputs(job, state.records(), progress, workers)
        report.graph_written = True
    state.finish_run(run_id, report.extracted, report.failed, report.removed, graph_written=True)
    return report


def write_outputs(job: JobConfig, records: list[dict[str, Any]], progress: Progress | None = None,
                  workers: int = 1) -> None:
    """Graph files (atomically replaced), the viewer, and the store sync.

    With ``workers > 1`` the GraphML file (the slowest export) is written by a forked
    process while this one writes the others.
    """
    import multiprocessing

    from kg.export.files import write_graphml, write_neo4j_csv, write_node_link
    from kg.graph import build_graph

    g = build_graph(records)
    out = job.out
    graphml = None
    if workers > 1:
        graphml = multiprocessing.get_context("fork").Process(
            target=_atomic, args=(out / "graph.graphml", lambda p: write_graphml(g, p)))
        graphml.start()
    else:
        _atomic(out / "graph.graphml", lambda p: write_graphml(g, p))
    _atomic(out / "graph.json", lambda p: write_node_link(g, p))
    _atomic_dir(out / "neo4j-import", lambda p: write_neo4j_csv(g, p))
    if graphml is not None:
        graphml.join()
        if graphml.exitcode != 0:
            raise KGError(f"writing {out / 'graph.graphml'} failed (exit code {graphml.exitcode})")
    if job.html:
        from kg.export.html import write_html

        _atomic(out / "graph.html", lambda p: write_html(g, p, title=f"kg job {job.name}"))
    if job.store == "none":
        return
    from kg.store import BoltStore, EmbeddedServer, connection_from_env

    if job.store == "embedded":
        with EmbeddedServer(out / "store") as server, BoltStore(server.connection) as store:
            store.sync(g)
    else:
        connection = connection_from_env(uri=job.store)
        assert connection is not None
        with BoltStore(connection) as store:
            store.sync(g)
    if progress:
        progress("graph", 1, 1)


def _atomic(path: Path, write: Callable[[Path], Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def _atomic_dir(path: Path, write: Callable[[Path], Any]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    write(tmp)
    old = path.with_name(f".{path.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        os.replace(path, old)
    os.replace(tmp, path)
    shutil.rmtree(old, ignore_errors=True)

"""Where extraction runs: in this process, in a process pool, or on a Dask cluster.

Extraction is the only stage that is embarrassingly parallel (one article in, one
record out, no shared state), so it is the only one that leaves the coordinator:
every executor yields ``(article, record, error)`` **in input order**, so the
records written (``extractions.jsonl``, the job's SQLite state) are byte-identical
whichever executor produced them. Resolution, the graph, the files, the store and
the job's state stay on the coordinator.

* :class:`LocalExecutor` — one extractor in this process.
* :class:`ProcessExecutor` — ``workers`` processes of this machine, the model loaded
  once per process (the pool initializer).
* :class:`DaskExecutor` — a ``dask.distributed`` cluster: a ``LocalCluster`` of
  ``workers`` processes when no scheduler address is given, else the scheduler at
  ``tcp://host:8786``. A worker plugin loads the model once per worker process when
  it joins; articles travel in batches, a bounded number in flight; a task whose
  worker dies is run again elsewhere by the scheduler, and one that raises is retried
  (``retries``), so a lost worker costs only its batch.

>>> ex = make_executor("local", {"components": ["sentences", "byline", "titles"]})
>>> from kg.models import Article
>>> [(a.id, rec["people"][0]["name"]) for a, rec, err in ex.map([Article("a", "县委书记张三调研。")])]
[('a', '张三')]
>>> ex.close()
"""

from __future__ import annotations

import json
import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from kg.errors import KGError
from kg.models import Article

log = logging.getLogger(__name__)

#: One extraction result: the article, its record (``None`` on failure) and the error message.
Result = tuple[Article, dict[str, Any] | None, str | None]
EXECUTORS = ("local", "process", "dask")

# -- the per-process extractor (built once per process and configuration) ----------------------
_EXTRACTORS: dict[str, Any] = {}


def _config_key(config: dict[str, Any]) -> str:
    return json.dumps(config, sort_keys=True, ensure_ascii=False)


def cached_extractor(config: dict[str, Any]) -> Any:
    """The :class:`kg.extract.Extractor` of ``config`` in this process, built on first use."""
    key = _config_key(config)
    extractor = _EXTRACTORS.get(key)
    if extractor is None:
        os.environ.setdefault("OMP_NUM_THREADS", "1")
        from kg.extract import Extractor

        extractor = _EXTRACTORS[key] = Extractor.from_config(config)
    return extractor


def extract_batch(config: dict[str, Any], articles: list[Article]) -> list[tuple[dict[str, Any] | None, str | None]]:
    """``(record, error)`` for each article, with this process's extractor (a Dask task)."""
    return cached_extractor(config).try_extract_many(articles)


class Executor(Protocol):
    """Runs extraction somewhere; results come back in input order."""

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        """``(article, record, error)`` for every article, in the order given."""
        ...

    def close(self) -> None:
        """Release processes, clients and clusters."""
        ...


class LocalExecutor:
    """Extraction in this process, ``batch`` articles at a time (tagged together, results in order)."""

    def __init__(self, config: dict[str, Any] | None = None, extractor: Any = None, batch: int = 16) -> None:
        self.extractor = extractor if extractor is not None else cached_extractor(config or {})
        self.batch = max(1, batch)

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        chunk: list[Article] = []
        for article in articles:
            chunk.append(article)
            if len(chunk) >= self.batch:
                yield from self._extract(chunk)
                chunk = []
        if chunk:
            yield from self._extract(chunk)

    def _extract(self, articles: list[Article]) -> Iterator[Result]:
        many = getattr(self.extractor, "try_extract_many", None)
        results = many(articles) if many is not None else [self.extractor.try_extract(a) for a in articles]
        for article, (record, error) in zip(articles, results, strict=True):
            yield (article, record, error)

    def close(self) -> None:
        return None

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _init_process(config: dict[str, Any]) -> None:
    os.environ["OMP_NUM_THREADS"] = "1"
    cached_extractor(config)


def _extract_in_process(args: tuple[dict[str, Any], Article]) -> tuple[dict[str, Any] | None, str | None]:
    config, article = args
    return cached_extractor(config).try_extract(article)


class ProcessExecutor:
    """Extraction in ``workers`` processes of this machine (the model loaded once per process)."""

    def __init__(self, config: dict[str, Any], workers: int = 2) -> None:
        self.config, self.workers = config, max(1, workers)
        self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_init_process, initargs=(config,))

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        pending: deque[tuple[Article, Any]] = deque()
        window = self.workers * 16
        for article in articles:
            pending.append((article, self.pool.submit(_extract_in_process, (self.config, article))))
            if len(pending) >= window:
                done, future = pending.popleft()
                yield (done, *future.result())
        while pending:
            done, future = pending.popleft()
            yield (done, *future.result())

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _extractor_plugin(config: dict[str, Any]) -> Any:
    """A Dask worker plugin that builds the extractor when a worker starts (once per worker)."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class ExtractorPlugin(WorkerPlugin):
        name = "kg-extractor"

        def __init__(self, config: dict[str, Any]) -> None:
            self.config = config

        def setup(self, worker: Any) -> None:
            cached_extractor(self.config)

    return ExtractorPlugin(config)


class DaskExecutor:
    """Extraction on a ``dask.distributed`` cluster.

    ``scheduler`` is the address of a running scheduler (``tcp://host:8786``); without
    it a ``LocalCluster`` of ``workers`` single-threaded processes is started here and
    stopped by :meth:`close`. Articles go out in batches of ``batch_size``, at most
    ``in_flight`` batches per worker at a time (so memory on the coordinator is bounded
    however large the corpus), and come back in input order.
    """

    def __init__(self, config: dict[str, Any], workers: int = 2, scheduler: str | None = None,
                 batch_size: int = 16, in_flight: int = 4, retries: int = 2) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - a dependency of kg
            raise KGError("the dask executor needs dask.distributed (pip install 'dask[distributed]')") from exc
        self.config, self.batch_size, self.retries = config, max(1, batch_size), retries
        self.cluster: Any = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="30s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=logging.ERROR,
                                            env={"OMP_NUM_THREADS": "1"})
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise KGError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {exc}") from exc
        self.client.register_plugin(_extractor_plugin(config))
        self.in_flight = max(1, in_flight)

    def workers(self) -> int:
        """How many workers the cluster has now."""
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def _batches(self, articles: Iterable[Article]) -> Iterator[list[Article]]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def map(self, articles: Iterable[Article]) -> Iterator[Result]:
        window = self.workers() * self.in_flight
        pending: deque[tuple[list[Article], Any]] = deque()
        for batch in self._batches(articles):
            pending.append((batch, self.client.submit(extract_batch, self.config, batch, pure=False,
                                                      retries=self.retries)))
            if len(pending) >= window:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    @staticmethod
    def _collect(batch: list[Article], future: Any) -> Iterator[Result]:
        results = future.result()
        future.release()
        for article, (record, error) in zip(batch, results, strict=True):
            yield (article, record, error)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(kind: str, config: dict[str, Any] | None = None, workers: int = 1,
                  scheduler: str | None = None, extractor: Any = None) -> LocalExecutor | ProcessExecutor | DaskExecutor:
    """The executor named ``kind`` (``local``, ``process`` or ``dask``) for an extraction ``config``.

    ``local`` with ``workers > 1`` is a process pool; ``scheduler`` implies ``dask``.
    ``extractor``: an already built extractor for the local executor.
    """
    config = config or {}
    if scheduler and kind == "local":
        kind = "dask"
    if kind not in EXECUTORS:
        raise KGError(f"unknown executor {kind!r} (one of {', '.join(EXECUTORS)})")
    if kind == "dask":
        return DaskExecutor(config, workers=workers, scheduler=scheduler)
    if kind == "process" or workers > 1:
        return ProcessExecutor(config, workers)
    return LocalExecutor(config, extractor)


def check_config(config: dict[str, Any]) -> None:
    """Fail on the coordinator, before any worker starts, when the model is not on this machine
    (:class:`kg.errors.ModelNotFoundError`) or a component is unknown (``ValueError``).

    Workers load the same model path: on a cluster it must exist on every worker machine
    (the shipped model does, inside the installed package).
    """
    from kg.extract.hanlp_ner import resolve_model_path
    from kg.extract.pipeline import DEFAULT_COMPONENTS, registered

    names = config.get("components") or DEFAULT_COMPONENTS
    unknown = [n for n in names if n not in registered()]
    if unknown:
        raise ValueError(f"unknown extraction components {unknown}; known: {registered()}")
    if "hanlp_ner" in names:
        resolve_model_path((config.get("settings") or {}).get("model"))

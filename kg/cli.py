"""The ``kg`` command line.

Exit codes: 0 success; 1 done, but some inputs were rejected (see the summary);
2 usage error; 3 nothing could be processed; 4 a store or model is unavailable.

Every string that comes from the user or the data (paths, ids, store messages) is
printed literally: never read as Rich markup, control characters shown escaped.
"""

from __future__ import annotations

import functools
import inspect
import json
import logging
import os
import shutil
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from kg.errors import InputError, KGError, ModelNotFoundError, StoreError
from kg.models import Article, Rejection

app = typer.Typer(help="Turn Chinese local-government news into a knowledge graph.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
err = Console(stderr=True, soft_wrap=True)

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_EMPTY, EXIT_UNAVAILABLE = 0, 1, 2, 3, 4


class State:
    quiet = False


VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Log what each stage does.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only print errors.")]


def set_verbosity(verbose: bool, quiet: bool) -> None:
    """-v: kg's own stages (DEBUG of the ``kg`` loggers); libraries (the neo4j driver…) stay at WARNING."""
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    logging.basicConfig(level=logging.ERROR if quiet else logging.WARNING, format="%(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr, force=True)
    logging.getLogger("kg").setLevel(level)
    State.quiet = State.quiet or quiet


@contextmanager
def stage(what: str) -> Iterator[None]:
    """Log (with -v) the start and the duration of one stage of a command."""
    import time

    log = logging.getLogger("kg.cli")
    log.info("%s…", what)
    started = time.perf_counter()
    yield
    log.info("%s: done in %.2f s", what, time.perf_counter() - started)


def verbosity(func: Any) -> Any:
    """Give a command its own -v/--verbose and -q/--quiet switches (as well as the global ones)."""
    @functools.wraps(func)
    def wrapper(*args: Any, verbose: bool = False, quiet: bool = False, **kwargs: Any) -> Any:
        if verbose or quiet:
            set_verbosity(verbose, quiet)
        return func(*args, **kwargs)

    extra = [inspect.Parameter("verbose", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=VerboseOpt),
             inspect.Parameter("quiet", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=QuietOpt)]
    signature = inspect.signature(func, eval_str=True)
    wrapper.__signature__ = signature.replace(parameters=[*signature.parameters.values(), *extra])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {**{k: v.annotation for k, v in signature.parameters.items()},
                               "verbose": VerboseOpt, "quiet": QuietOpt}
    return wrapper


@app.callback()
def main(verbose: VerboseOpt = False, quiet: QuietOpt = False) -> None:
    """kg: ingest → extract → resolve → graph → store/export, with a re-extraction job."""
    State.quiet = False  # each invocation starts loud: a -q of an earlier one (same process, tests) is gone
    set_verbosity(verbose, quiet)
    os.environ.setdefault("OMP_NUM_THREADS", "1")


def progress() -> Progress:
    """A progress bar on stderr (hidden with --quiet or when stderr is not a terminal)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=State.quiet, transient=True)


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x2028, 0x2029, 0x202e, 0x200e, 0x200f, 0x061c)})


def literal(text: object) -> str:
    """``text`` safe for a terminal: control characters (escape sequences…) shown as ``\\xNN``."""
    return str(text).translate(_CONTROL)


def info(message: str) -> None:
    if not State.quiet:
        err.print(Text(literal(message)), highlight=False)


def error(message: object) -> None:
    """``error: MESSAGE`` on stderr, the message printed literally."""
    err.print(Text.assemble(("error", "red"), ": ", literal(message)), highlight=False)


def report_rejection(rejection: Rejection) -> None:
    error(rejection)


InputsArg = Annotated[list[str], typer.Argument(help="Page .txt files, folders of them, .jsonl crawler files, or -.")]


def _ingest_options(year: int | None, district: str | None, max_page_bytes: int) -> Any:
    from kg.ingest import IngestOptions

    return IngestOptions(max_page_bytes=max_page_bytes, default_year=year, district=district)


def iter_articles(inputs: Iterable[str], options: Any, counts: dict[str, int], label: str = "reading"
                  ) -> Iterator[Article]:
    """Articles of ``inputs`` with a progress bar; rejections are reported and counted."""
    from kg.ingest.sources import Unreadable, expand_inputs, read_source

    sources = list(expand_inputs(inputs))
    seen: dict[str, str] = {}
    with progress() as bar:
        task = bar.add_task(label, total=len(sources))
        for source in sources:
            items = [source] if isinstance(source, Rejection) else read_source(source, options, seen=seen)
            for item in items:
                if isinstance(item, Rejection):
                    counts["rejected"] += 1
                    if isinstance(item, Unreadable):
                        counts["unreadable"] = counts.get("unreadable", 0) + 1
                    report_rejection(item)
                else:
                    counts["read"] += 1
                    yield item
            bar.advance(task)


def _finish(counts: dict[str, int], noun: str = "articles") -> None:
    info(f"{noun}: read {counts['read']}, written {counts['written']}, rejected {counts['rejected']}")
    if counts["written"] == 0:
        raise typer.Exit(EXIT_EMPTY)
    if counts["rejected"]:
        raise typer.Exit(EXIT_PARTIAL)


YearOpt = Annotated[int | None, typer.Option("--year", help="Year for dates when the text states none.")]
DistrictOpt = Annotated[str | None, typer.Option("--district", help="Force this district on every article.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-page-bytes", help="Reject page files larger than this.")]


@app.command()
@verbosity
def ingest(
    inputs: InputsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="articles.jsonl to write (- for stdout).")] = "-",
    year: YearOpt = None,
    district: DistrictOpt = None,
    max_page_bytes: MaxBytesOpt = 2_000_000,
) -> None:
    """Split pages and crawler records into articles (headline, date, district, byline, body)."""
    from kg.jsonl import AtomicJsonl

    counts = {"read": 0, "written": 0, "rejected": 0}
    with AtomicJsonl(output) as out:
        for article in iter_articles(inputs, _ingest_options(year, district, max_page_bytes), counts):
            out.write(article.to_dict())
            counts["written"] += 1
    _finish(counts)


ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="NER model: a local HanLP model folder or a HanLP pretrained id under $HANLP_HOME "
                    "(default: the model shipped with kg).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Extraction config JSON "
                                                "{\"components\": [...], \"settings\": {...}}.")]


def extraction_config(model: str | None, config: Path | None) -> dict[str, Any]:
    """The extraction config of ``--config`` and ``--model`` (exit 2 when the file cannot be read)."""
    try:
        cfg: dict[str, Any] = json.loads(config.read_text("utf-8")) if config else {}
    except (OSError, ValueError) as exc:
        error(f"{config}: cannot read the extraction config: {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    if model:
        cfg.setdefault("settings", {})["model"] = model
    return cfg


def load_extractor(model: str | None, config: Path | None) -> Any:
    """The extraction pipeline of the options, or exit 4 with a clear message."""
    from kg.extract import Extractor

    cfg = extraction_config(model, config)
    try:
        return Extractor.from_config(cfg)
    except ModelNotFoundError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from exc


ExecutorOpt = Annotated[str | None, typer.Option(
    "--executor", help="Where extraction runs: local (this process), process (--workers processes here) or "
                       "dask (a Dask LocalCluster of --workers processes, or the cluster of --scheduler).")]
SchedulerOpt = Annotated[str | None, typer.Option(
    "--scheduler", help="Address of a running Dask scheduler (tcp://host:8786); implies --executor dask.")]


def open_executor(kind: str, workers: int, scheduler: str | None, model: str | None, config: Path | None) -> Any:
    """The extraction executor of the options (kg.executor), or exit 2/4 with a clear message.

    The local executor loads the model here; the others check it here and load it once per worker.
    """
    from kg.executor import EXECUTORS, check_config, make_executor

    if kind not in EXECUTORS:
        error(f"--executor must be one of {', '.join(EXECUTORS)}, not {kind!r}")
        raise typer.Exit(EXIT_USAGE)
    if workers < 1:
        error(f"--workers must be at least 1, not {workers}")
        raise typer.Exit(EXIT_USAGE)
    if kind == "local" and not scheduler and workers == 1:
        return make_executor("local", extractor=load_extractor(model, config))
    cfg = extraction_config(model, config)
    try:
        check_config(cfg)
        return make_executor(kind, cfg, workers=workers, scheduler=scheduler)
    except ModelNotFoundError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from exc
    except ValueError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from exc
    except KGError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from exc


def extract_all(extractor: Any, articles: Iterable[Article], counts: dict[str, int]) -> Iterator[dict[str, Any]]:
    """Extraction records in input order; an article whose extraction fails is reported and skipped.

    ``extractor`` is an Extractor or an executor of :mod:`kg.executor` (anything with ``map``).
    """
    results = extractor.map(articles) if hasattr(extractor, "map") else (
        (article, *extractor.try_extract(article)) for article in articles)
    for article, record, error in results:
        if record is None:
            counts["rejected"] += 1
            report_rejection(Rejection(article.source or article.id, None,
                                       f"extraction failed for article {article.id}: {error}"))
            continue
        counts["written"] += 1
        yield record


@app.command()
@verbosity
def extract(
    inputs: InputsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="extractions.jsonl to write (- for stdout).")] = "-",
    model: ModelOpt = None,
    config: ConfigOpt = None,
    year: YearOpt = None,
    district: DistrictOpt = None,
    max_page_bytes: MaxBytesOpt = 2_000_000,
) -> None:
    """Extract people, titles, organizations, places, projects and relations (gold schema)."""
    from kg.jsonl import AtomicJsonl

    extractor = load_extractor(model, config)
    counts = {"read": 0, "written": 0, "rejected": 0}
    articles = iter_articles(inputs, _ingest_options(year, district, max_page_bytes), counts, "extracting")
    with AtomicJsonl(output) as out:
        for record in extract_all(extractor, articles, counts):
            out.write(record)
    _finish(counts)


@app.command("eval")
@verbosity
def eval_(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL (data/gold/seeds_gold.jsonl schema).")],
    pred: Annotated[Path, typer.Argument(help="Predicted JSONL (kg extract output).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
) -> None:
    """Precision/recall/F1 per field, as the reference scorer computes them."""
    from kg.evaluate import format_table, load_docs, score

    try:
        result = score(load_docs(gold), load_docs(pred))
    except (InputError, OSError, ValueError) as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from exc
    typer.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else format_table(result))


# -- graph: build, load, query --------------------------------------------------------------

OutOpt = Annotated[Path, typer.Option("--out", help="Output folder (extractions, graph files, embedded store).")]
UriOpt = Annotated[str | None, typer.Option("--uri", help="Bolt URI of a Neo4j (or Bolt) server; default: "
                                            "$NEO4J_URI, else the embedded store of --out.")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Bolt user (default $NEO4J_USER or neo4j).")]
PasswordFileOpt = Annotated[Path | None, typer.Option(
    "--password-file", help="File holding the Bolt password (default: $NEO4J_PASSWORD, else --ask-password, "
                            "else none). Never printed.", show_default=False)]
AskPasswordOpt = Annotated[bool, typer.Option("--ask-password", help="Prompt for the Bolt password (not echoed).")]
PasswordOpt = Annotated[str | None, typer.Option("--password", hidden=True, show_default=False,
                                                 help="Refused: a password on the command line shows in `ps`.")]


def resolve_password(password: str | None, password_file: Path | None, ask: bool) -> str | None:
    """The Bolt password from --password-file or a prompt (None: $NEO4J_PASSWORD or the URI's).

    ``--password VALUE`` is refused: every user of the machine can read it in ``ps``.
    """
    if password is not None:
        error("--password is not accepted (it would show in `ps` and in the shell history); "
              "use $NEO4J_PASSWORD, --password-file FILE or --ask-password")
        raise typer.Exit(EXIT_USAGE)
    if password_file is not None:
        try:
            return password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            error(f"{password_file}: cannot read the password file: {getattr(exc, 'strerror', None) or exc}")
            raise typer.Exit(EXIT_USAGE) from exc
    if ask:
        import getpass

        return getpass.getpass("Bolt password: ")
    return None
DatabaseOpt = Annotated[str | None, typer.Option("--database", help="Database name on the server.")]


@contextmanager
def open_store(out: Path, uri: str | None, user: str | None, password: str | None, database: str | None,
               create: bool, graph: str = "kg", read_only: bool = False) -> Iterator[Any]:
    """A BoltStore on --uri / $NEO4J_URI, else on the embedded ArcadeDB store under ``out/store``.

    ``read_only``: on the embedded store, connect as its read-only user (the server
    refuses writes); on a Bolt server, queries run in read-access sessions (give a
    read-only --user for the server to enforce it).
    """
    from kg.store import BoltStore, EmbeddedServer, connection_from_env

    connection = connection_from_env(uri, user, password, database)
    try:
        if connection:
            with BoltStore(connection, graph=graph) as store:
                yield store
            return
        root = out / "store"
        if not create and not (root / "databases").exists():
            raise StoreError(f"no embedded store at {root}; run `kg build … --out {out}` or pass --uri")
        from kg.serve import connections

        served = connections(root)  # `kg serve` keeps this store up: no start-up to wait for
        if served is not None:
            logging.getLogger("kg.cli").info("using the store served at %s", served[0].uri)
            with BoltStore(served[1] if read_only else served[0], graph=graph, exclusive=True) as store:
                yield store
            return
        logging.getLogger("kg.cli").info("starting the embedded store %s (4–5 s; `kg serve` keeps it up)", root)
        with EmbeddedServer(root) as server, BoltStore(server.reader if read_only else server.connection,
                                                       graph=graph, exclusive=True) as store:
            yield store
    except StoreError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from None


def sync_store(store: Any, g: Any) -> dict[str, int]:
    with progress() as bar:
        task = bar.add_task("loading graph", total=g.number_of_nodes() + g.number_of_edges())
        return store.sync(g, progress=lambda _label, n: bar.advance(task, n))


CorrectionsOpt = Annotated[Path | None, typer.Option(
    "--corrections", help="Corrections file (TOML or CSV: merges, splits, blocks, fact fixes) applied after "
    "extraction and resolution; see README, Corrections. `kg review` writes it.")]
ReportersOpt = Annotated[bool, typer.Option(
    "--reporters-in-network", help="Keep reporters' and correspondents' co-occurrences (left out by default, so "
    "degree, neighbours and paths are about the people the news is about).")]


def read_corrections(path: Path | None) -> Any:
    """The corrections of ``path`` (None when not given); a bad file exits with a usage error."""
    if path is None:
        return None
    from kg.corrections import CorrectionsError, load_corrections

    try:
        return load_corrections(path)
    except CorrectionsError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from None


def report_corrections(fixes: Any) -> None:
    """Say what the corrections did; a rule that matched nothing is an error line (the build goes on)."""
    if fixes is None:
        return
    info(f"corrections: {len(fixes.applied)} rule(s) applied from {fixes.source}")
    for line in fixes.unmatched:
        error(f"{fixes.source}: rule matched nothing: {line}")


@app.command()
@verbosity
def build(
    inputs: InputsArg,
    out: OutOpt = Path("out"),
    model: ModelOpt = None,
    config: ConfigOpt = None,
    year: YearOpt = None,
    district: DistrictOpt = None,
    max_page_bytes: MaxBytesOpt = 2_000_000,
    store: Annotated[bool, typer.Option("--store/--no-store", help="Load the embedded graph store.")] = True,
    viewer: Annotated[bool, typer.Option("--html/--no-html", help="Write the offline viewer out/graph.html.")] = True,
    corrections: CorrectionsOpt = None,
    reporters: ReportersOpt = False,
    executor: ExecutorOpt = "local",
    workers: Annotated[int, typer.Option("--workers", "-w", help="Extraction processes (process or dask "
                                         "executor; a Dask LocalCluster's worker count).")] = 1,
    scheduler: SchedulerOpt = None,
) -> None:
    """Run everything: ingest → extract → resolve → graph → files and embedded store under --out.

    The outputs in --out are replaced only when every input could be read and at
    least one article was extracted; otherwise they are left exactly as they were.
    Out of core: records are staged in SQLite as they are extracted and the graph is
    assembled in the graph index (kg.jobs.build); --corrections and
    --reporters-in-network build the graph in memory (they act on the whole graph).
    """
    from kg.export.files import atomic_write
    from kg.jobs.build import Staging, graph_counts, write_files
    from kg.jsonl import AtomicJsonl

    fixes = read_corrections(corrections)
    extractor = open_executor(executor or "local", workers, scheduler, model, config)
    counts = {"read": 0, "written": 0, "rejected": 0}
    articles = iter_articles(inputs, _ingest_options(year, district, max_page_bytes), counts, "extracting")
    existed = out.exists()
    with Staging(out) as staging:
        try:
            with stage("reading and extracting articles"), AtomicJsonl(out / "extractions.jsonl") as fh:
                for record in extract_all(extractor, articles, counts):
                    fh.write(record)
                    staging.add(record)
                if counts.get("unreadable") or not staging.count:
                    raise _NothingWritten  # the new extractions.jsonl is discarded
        except _NothingWritten:
            why = (f"{counts['unreadable']} input(s) could not be read" if counts.get("unreadable")
                   else "no article was extracted")
            error(f"{why}; nothing written, the outputs in {out} were left as they were")
            info(f"articles: read {counts['read']}, written 0, rejected {counts['rejected']}")
            staging.close()
            if not existed:
                shutil.rmtree(out, ignore_errors=True)
            raise typer.Exit(EXIT_EMPTY) from None
        finally:
            extractor.close()
        if staging.duplicates:
            info(f"{staging.duplicates} record(s) repeated an earlier article id: the last one of each was kept")
        in_memory = fixes is not None or reporters
        with stage("resolving entities and building the graph"):
            if in_memory:
                from kg.graph import build_graph

                graph: Any = build_graph(staging.records(), corrections=fixes, include_reporters=reporters)
            else:
                graph = staging.index()
        report_corrections(fixes)
        with stage("writing graph files"):
            write_files(graph, out)
        info(f"graph: {graph_counts(graph)}")
        if viewer:
            title = "kg: " + ", ".join(map(str, inputs))[:80]
            with stage("writing the viewer"):
                if in_memory:
                    from kg.export.html import write_html

                    atomic_write(out / "graph.html", lambda p: write_html(graph, p, title=title))
                else:
                    graph.write_viewer(out / "graph.html", title)
            info(f"viewer: {out / 'graph.html'}")
        if store:
            elements = graph if in_memory else graph.elements()
            with stage("loading the embedded store"), open_store(out, None, None, None, None, create=True) as bolt:
                result = sync_store(bolt, elements)
            info(f"store: {out / 'store'} ({result['nodes']} nodes, {result['edges']} relationships)")
    _finish(counts)


class _NothingWritten(Exception):
    """A build read an input it could not read, or extracted nothing: its outputs are left as they were."""


@app.command()
@verbosity
def load(
    source: Annotated[Path, typer.Argument(help="extractions.jsonl (kg extract) or graph.json (kg build).")],
    out: OutOpt = Path("out"),
    uri: UriOpt = None,
    user: UserOpt = None,
    password_file: PasswordFileOpt = None,
    ask_password: AskPasswordOpt = False,
    database: DatabaseOpt = None,
    graph: Annotated[str, typer.Option("--graph", help="Name kg marks its nodes and relationships with "
                                       "(property kg_graph); only those are ever pruned.")] = "kg",
    password: PasswordOpt = None,
    corrections: CorrectionsOpt = None,
    reporters: ReportersOpt = False,
) -> None:
    """Load extractions or a graph into a Bolt target (idempotent; stale facts of this graph are removed).

    Only nodes and relationships kg wrote under the same --graph name are pruned;
    other data in a shared database is left alone.
    """
    from kg.export.files import read_node_link
    from kg.graph import build_graph
    from kg.jsonl import read_jsonl

    secret = resolve_password(password, password_file, ask_password)
    if not source.exists():
        error(f"{source}: no such file")
        raise typer.Exit(EXIT_USAGE)
    fixes = read_corrections(corrections)
    if fixes is not None and source.suffix == ".json":
        error(f"{source}: a built graph already holds its corrections; --corrections applies to extractions")
        raise typer.Exit(EXIT_USAGE)
    try:
        g = read_node_link(source) if source.suffix == ".json" else build_graph(
            read_jsonl(source), corrections=fixes, include_reporters=reporters)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        error(f"{source}: cannot read a graph or extractions from it: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    report_corrections(fixes)
    with open_store(out, uri, user, secret, database, create=True, graph=graph) as bolt:
        result = sync_store(bolt, g)
        total = bolt.counts()
    info(f"loaded {result['nodes']} nodes and {result['edges']} relationships "
         f"(deleted {result['deleted_nodes']} stale nodes, {result['deleted_edges']} stale relationships); "
         f"store now holds {total['nodes']} nodes, {total['relationships']} relationships")


@app.command()
@verbosity
def query(
    name: Annotated[str | None, typer.Argument(help="A library query (see --list).")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the library's queries.")] = False,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="KEY=VALUE parameter (repeatable).")] = None,
    cypher: Annotated[str | None, typer.Option("--cypher", help="An ad-hoc read-only Cypher query.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Print at most N rows (says so when rows "
                                              "are cut); sets the query's own limit parameter if it has one.")] = None,
    keep: Annotated[bool, typer.Option("--serve", help="Leave the embedded store up after this query (kg serve "
                                       "in the background, stopping after 15 idle minutes), so the next "
                                       "queries answer at once.")] = False,
    out: OutOpt = Path("out"),
    uri: UriOpt = None,
    user: UserOpt = None,
    password_file: PasswordFileOpt = None,
    ask_password: AskPasswordOpt = False,
    database: DatabaseOpt = None,
    password: PasswordOpt = None,
) -> None:
    """Answer a question from the query library (or an ad-hoc read query) against a store.

    `kg serve --out OUT` keeps the embedded store up; while it runs, queries answer at once.
    """
    from kg.queries import check_read_only, list_queries, load_query, near_matches

    if list_:
        for q in list_queries():
            params = ", ".join(f"{p.name}{'' if p.required else '?'}" for p in q.params)
            typer.echo(f"{q.name:<28} {q.description}  [{params}]")
        return
    if fmt not in ("table", "json", "csv"):
        raise typer.BadParameter("--format must be table, json or csv")
    values: dict[str, Any] = {}
    for item in param or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"--param {item!r} is not KEY=VALUE")
        values[key.strip()] = value
    try:
        if cypher:
            check_read_only(cypher)
            text, bound = cypher, values
        elif name:
            lib = load_query(name)
            own = next((p for p in lib.params if p.name == "limit"), None)
            if own is not None:  # --limit, else -p limit=N, else the query's default: one more row is asked
                if limit is None:  # for, so that a cut is told, never silent
                    given = str(values.get("limit", own.default or ""))
                    limit = int(given) if given.isdigit() else None
                if limit is not None:
                    values["limit"] = str(limit + 1)
            text, bound = lib.text, lib.bind(values)
        else:
            raise typer.BadParameter("give a query NAME, --cypher or --list")
    except KGError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from exc
    secret = resolve_password(password, password_file, ask_password)
    hints: list[str] = []

    def ask(bolt: Any) -> list[dict[str, Any]]:
        try:
            with stage(f"query {name or 'ad hoc'}"):
                rows = bolt.query(text, bound, read_only=bool(cypher))
            if not rows and not cypher:
                for pname, label in lib.suggest.items():
                    if bound.get(pname):
                        names = [r["name"] for r in bolt.query(lib.names_query(label)) if r["name"]]
                        close = near_matches(str(bound[pname]), names)
                        if close and str(bound[pname]) not in names:  # a known name: the answer is no row
                            hints.append(f"no {label} named {bound[pname]!r}; did you mean: {', '.join(close)}?")
        except StoreError as exc:
            error(exc)
            raise typer.Exit(EXIT_USAGE) from exc
        return rows

    from kg.serve import client

    served = None if uri or os.environ.get("NEO4J_URI") else client(out / "store")
    if served is None and keep and not (uri or os.environ.get("NEO4J_URI")) and (out / "store" / "databases").exists():
        from kg.serve import start_background

        try:
            with stage("starting kg serve in the background"):
                served = start_background(out, idle_timeout=15 * 60)
        except StoreError as exc:
            error(exc)
            raise typer.Exit(EXIT_UNAVAILABLE) from exc
    if served is not None:  # `kg serve` runs for this store: one local round trip, no JVM, no driver
        logging.getLogger("kg.cli").info("asking the kg serve process on port %s", served.port)
        rows = ask(served)
    else:
        with stage("opening the store"), open_store(out, uri, user, secret, database, create=False,
                                                     read_only=True) as bolt:
            rows = ask(bolt)
    cut = limit is not None and len(rows) > limit
    print_rows(rows[:limit] if limit is not None else rows, fmt)
    if cut:
        info(f"showing the first {limit} rows; more rows match (--limit {limit})")
    for hint in hints:
        info(hint)


@app.command()
@verbosity
def show(
    article: Annotated[str, typer.Argument(help="Article id, FILE#INDEX (as in the gold files), or a piece of "
                                           "an id or a headline.")],
    out: OutOpt = Path("out"),
    extractions: Annotated[Path | None, typer.Option("--extractions", "-x", help="extractions.jsonl to read "
                                                      "(default OUT/extractions.jsonl).")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Also write the article as an offline HTML "
                                                  "page (displaCy-like) to this file.")] = None,
) -> None:
    """Show one article with its extracted mentions and relations highlighted in the text."""
    from kg.export.files import atomic_write
    from kg.export.show import build, find, render_html, render_terminal
    from kg.jsonl import read_jsonl

    source = extractions or out / "extractions.jsonl"
    if not source.exists():
        error(f"{source}: no such file (run kg build or kg extract first)")
        raise typer.Exit(EXIT_USAGE)
    try:
        found = find(list(read_jsonl(source)), article)
    except (OSError, ValueError) as exc:
        error(f"{source}: cannot read extractions: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if len(found) != 1:
        error(f"{len(found)} articles match {article!r}" + (": " if found else ""))
        for rec in found[:20]:
            error(f"  {rec.get('article_id') or rec.get('id')}  {rec.get('headline')}")
        raise typer.Exit(EXIT_USAGE)
    shown = build(found[0])
    render_terminal(shown, Console(highlight=False))
    if html_out is not None:
        atomic_write(html_out, lambda p: p.write_text(render_html(shown), encoding="utf-8"))
        info(f"wrote {html_out}")


@app.command()
@verbosity
def schema(
    out: OutOpt = Path("out"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown or json.")] = "markdown",
    update_readme: Annotated[Path | None, typer.Option("--update-readme", help="Rewrite the schema section of "
                                                       "this README (between its kg schema markers).")] = None,
) -> None:
    """Node labels, relationship types, their properties and id patterns, read off the built graph."""
    from kg.export.schema import markdown
    from kg.export.schema import schema as graph_schema
    from kg.export.schema import update_readme as rewrite

    if fmt not in ("markdown", "json"):
        raise typer.BadParameter("--format must be markdown or json")
    described = graph_schema(read_graph(out))
    if update_readme is not None:
        try:
            text = rewrite(update_readme.read_text(encoding="utf-8"), markdown(described))
        except (OSError, ValueError) as exc:
            error(f"{update_readme}: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        update_readme.write_text(text, encoding="utf-8")
        info(f"updated the schema section of {update_readme}")
        return
    typer.echo(json.dumps(described, ensure_ascii=False, indent=1) if fmt == "json"
               else markdown(described, counts=True))


@app.command()
@verbosity
def serve(
    out: OutOpt = Path("out"),
    stop: Annotated[bool, typer.Option("--stop", help="Stop the server running for --out and exit.")] = False,
    status: Annotated[bool, typer.Option("--status", help="Say whether a server runs for --out and exit.")] = False,
    background: Annotated[bool, typer.Option("--background", help="Start it detached (log in "
                                             "OUT/store/serve.log) and return once it answers.")] = False,
    idle_timeout: Annotated[float | None, typer.Option("--idle-timeout", help="Stop after this many seconds "
                                                       "without a query.")] = None,
) -> None:
    """Keep the embedded store of --out up, so `kg query` answers without the 4–5 s start-up.

    Runs in the foreground until Ctrl-C or SIGTERM (or `kg serve --stop`). While it runs,
    `kg query`, `kg load` and `kg build` on the same --out connect to it; its address is in
    OUT/store/.serve.json (the passwords stay in the store's owner-only files).
    """
    from kg.serve import running, start_background, stop_serving
    from kg.serve import serve as run_server

    root = out / "store"
    if stop:
        pid = stop_serving(root)
        info(f"stopped the server of {root} (pid {pid})" if pid else f"no server runs for {root}")
        return
    if status:
        current = running(root)
        if current is None:
            info(f"no server runs for {root}")
            raise typer.Exit(EXIT_EMPTY)
        typer.echo(f"serving {root} at {current['uri']} (pid {current['pid']}, since {current.get('started')})")
        return
    if not (root / "databases").exists():
        error(f"no embedded store at {root}; run `kg build … --out {out}` first")
        raise typer.Exit(EXIT_UNAVAILABLE)
    try:
        if background:
            current = running(root)
            served = start_background(out, idle_timeout) if current is None else None
            info(f"serving {root} in the background (port {served.port if served else current['http_port']}); "
                 f"`kg serve --stop --out {out}` stops it")
            return
        run_server(root, on_ready=lambda uri: info(f"serving {root} at {uri}; kg query --out {out} uses it "
                                                   "(Ctrl-C or `kg serve --stop` to stop)"),
                   idle_timeout=idle_timeout)
    except StoreError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from exc
    info("server stopped")


@app.command()
@verbosity
def html(
    graph: Annotated[Path, typer.Argument(help="graph.json, extractions.jsonl, or a kg build --out folder.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("graph.html"),
    max_nodes: Annotated[int | None, typer.Option(
        "--max-nodes", help="At most N nodes, closest to --focus / best connected by facts (default 500).")] = None,
    max_edges: Annotated[int | None, typer.Option(
        "--max-edges", help="At most N edges, facts before co-occurrence (default 4000).")] = None,
    focus: Annotated[str | None, typer.Option(
        "--focus", help="Only the neighbourhood of this name, id or alias (never through reporters).")] = None,
    hops: Annotated[int, typer.Option("--hops", help="Radius of --focus.")] = 1,
    district: Annotated[str | None, typer.Option("--district", help="Only this district (e.g. 中原区).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only facts dated on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only facts dated on or before YYYY-MM-DD.")] = None,
    reporters: Annotated[bool, typer.Option(
        "--reporters/--no-reporters", help="Include reporters and correspondents.")] = False,
    title: Annotated[str, typer.Option("--title", help="Title shown on the page.")] = "kg graph",
) -> None:
    """Write the interactive offline viewer (pyvis) of a bounded, chosen subgraph: overview, search, focus, timeline."""
    from kg.export.files import read_node_link
    from kg.export.html import write_html
    from kg.graph import build_graph
    from kg.jsonl import read_jsonl

    for flag, value in (("--max-nodes", max_nodes), ("--max-edges", max_edges)):
        if value is not None and value <= 0:
            error(f"{flag} must be a positive number, not {value}")
            raise typer.Exit(EXIT_USAGE)
    source = graph / "graph.json" if graph.is_dir() else graph
    if not source.exists():
        error(f"{source}: no such file (run kg build first)")
        raise typer.Exit(EXIT_USAGE)
    try:
        g = read_node_link(source) if source.suffix == ".json" else build_graph(read_jsonl(source))
    except (OSError, ValueError, TypeError) as exc:
        error(f"{source}: cannot read a graph or extractions from it: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    from kg.export.files import atomic_write

    try:
        atomic_write(output, lambda p: write_html(g, p, title=title, max_nodes=max_nodes, focus=focus, hops=hops,
                                                  max_edges=max_edges, district=district, since=since, until=until,
                                                  reporters=reporters))
    except (KeyError, ValueError) as exc:
        error(exc.args[0])
        raise typer.Exit(EXIT_USAGE) from exc
    info(f"wrote {output}")


export_app = typer.Typer(help="Write one export of a built graph (facts table, GEXF, GraphML).",
                         no_args_is_help=True)
app.add_typer(export_app, name="export")
GraphArg = Annotated[Path, typer.Argument(help="A kg build --out folder, its graph.json, or extractions.jsonl.")]
CooccurrenceOpt = Annotated[bool, typer.Option("--cooccurrence/--no-cooccurrence",
                                               help="Include the CO_OCCURS edges.")]


def read_graph(source: Path) -> Any:
    """The graph of a --out folder, a graph.json or an extractions.jsonl (exit 2 when unreadable).

    A graph.json written before edges carried evidence gets it from its Article nodes.
    """
    from kg.evidence import attach_evidence
    from kg.export.files import read_node_link
    from kg.graph import build_graph
    from kg.jsonl import read_jsonl

    path = source / "graph.json" if source.is_dir() else source
    if not path.exists():
        error(f"{path}: no such file (run kg build first)")
        raise typer.Exit(EXIT_USAGE)
    try:
        with stage(f"reading {path}"):
            g = read_node_link(path) if path.suffix == ".json" else build_graph(read_jsonl(path))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        error(f"{path}: cannot read a graph or extractions from it: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if any("evidence_source" not in d for *_, d in g.edges(data=True)):
        attach_evidence(g)
    return g


@export_app.command("facts")
@verbosity
def export_facts(
    source: GraphArg = Path("out"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or parquet.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default OUT/facts.FORMAT).")
                      ] = None,
    context: Annotated[bool, typer.Option("--context", help="Also co-occurrence and mention edges.")] = False,
) -> None:
    """One row per fact and statement: relation, subject, object, date, headline, sentence, source."""
    from kg.export.facts import FORMATS, fact_rows, write_facts

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    g = read_graph(source)
    target = output or (source if source.is_dir() else source.parent) / f"facts.{fmt}"
    write_facts(g, target, fmt, context=context)
    info(f"wrote {target} ({sum(1 for _ in fact_rows(g, context=context))} rows)")


@export_app.command("gexf")
@verbosity
def export_gexf(source: GraphArg = Path("out"),
                output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("graph.gexf"),
                cooccurrence: CooccurrenceOpt = True) -> None:
    """GEXF for Gephi: names as labels, kinds as `type`, edges dated for Gephi's timeline."""
    from kg.export.files import write_gexf

    write_gexf(read_graph(source), output, cooccurrence=cooccurrence)
    info(f"wrote {output}")


@export_app.command("graphml")
@verbosity
def export_graphml(source: GraphArg = Path("out"),
                   output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")
                                     ] = Path("graph.graphml"),
                   cooccurrence: CooccurrenceOpt = True) -> None:
    """GraphML: names as labels, kinds as `type`; --no-cooccurrence keeps only the stated facts."""
    from kg.export.files import write_graphml

    write_graphml(read_graph(source), output, cooccurrence=cooccurrence)
    info(f"wrote {output}")


job_app = typer.Typer(help="The scheduled re-extraction job (incremental, crash-safe).", no_args_is_help=True)
app.add_typer(job_app, name="job")
JobArg = Annotated[Path, typer.Argument(help="Job definition TOML (e.g. pipelines/sample-job.toml).")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", "-w", help="Extraction processes (default: the job's).")]


@app.command()
@verbosity
def review(
    source: Annotated[Path, typer.Argument(help="An --out folder of kg build (its extractions.jsonl) or an "
                                           "extractions.jsonl.")] = Path("out"),
    corrections: Annotated[Path, typer.Option("--corrections", help="The corrections file the decisions go to "
                                              "(TOML; created when missing).")] = Path("kg-corrections.toml"),
    accept_ids: Annotated[list[str] | None, typer.Option("--accept", help="Accept review item ID: its merge, "
                                                         "or a confirmation (repeatable).")] = None,
    reject_ids: Annotated[list[str] | None, typer.Option("--reject", help="Reject review item ID: a block, a fact "
                                                         "removal, or 'distinct' (repeatable).")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds: near-duplicate, "
                                                   "low-confidence, tagger-only, singleton.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="List at most N items.")] = None,
) -> None:
    """List doubtful facts and entities (least confident first); --accept/--reject write the decision.

    Decisions are rules of the corrections file, applied by `kg build --corrections FILE`
    and by jobs with a `corrections` key on every run, so re-extraction never undoes them.
    """
    from kg.corrections import CorrectionsError, load_corrections
    from kg.jsonl import read_jsonl
    from kg.review import KINDS, accept, doubtful, reject

    path = source / "extractions.jsonl" if source.is_dir() else source
    if not path.exists():
        error(f"{path}: no such file; run `kg build … --out {source}` first or give an extractions.jsonl")
        raise typer.Exit(EXIT_USAGE)
    unknown = sorted(set(kind or ()) - set(KINDS))
    if unknown:
        error(f"unknown --kind {', '.join(unknown)}; known: {', '.join(KINDS)}")
        raise typer.Exit(EXIT_USAGE)
    try:
        fixes = load_corrections(corrections) if corrections.exists() else None
        records = list(read_jsonl(path))
        items = doubtful(records, fixes, kind or KINDS)
        for item_id in accept_ids or ():
            done = accept(corrections, item_id, items)
            info(f"accepted {done.id} ({done.kind} {' / '.join(done.names)}) → {corrections}")
        for item_id in reject_ids or ():
            done = reject(corrections, item_id, items)
            info(f"rejected {done.id} ({done.kind} {' / '.join(done.names)}) → {corrections}")
    except CorrectionsError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from None
    if accept_ids or reject_ids:
        return
    rows = [i.row() for i in items[:limit]]
    if limit is not None and len(items) > limit:
        info(f"showing {limit} of {len(items)} items (--limit)")
    print_rows(rows, fmt)


def _load_job(path: Path) -> Any:
    from kg.jobs import load_job

    try:
        return load_job(path)
    except KGError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from exc


def _job_executor(job: Any, executor: str | None, scheduler: str | None) -> Any:
    """The job with ``--executor``/``--scheduler`` overriding its TOML (``executor``, ``scheduler`` keys)."""
    from kg.executor import EXECUTORS

    if executor is not None and executor not in EXECUTORS:
        error(f"--executor must be one of {', '.join(EXECUTORS)}, not {executor!r}")
        raise typer.Exit(EXIT_USAGE)
    if scheduler:
        job.scheduler, job.executor = scheduler, "dask"
    if executor:
        job.executor = executor
        if executor != "dask":
            job.scheduler = None
    return job


def _run_job_once(job: Any, workers: int | None) -> Any:
    from kg.jobs import run_job

    with progress() as bar:
        task = bar.add_task("job", total=None)

        def update(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        report = run_job(job, workers=workers, progress=update)
    for message in report.errors:
        error(message)
    info(f"job {job.name}: {report.articles} articles, extracted {report.extracted}, failed {report.failed}, "
         f"removed {report.removed}, unchanged {report.unchanged}; graph "
         f"{'rewritten' if report.graph_written else 'unchanged'} ({report.seconds:.1f} s)")
    return report


@job_app.command("run")
@verbosity
def job_run(job_file: JobArg, workers: WorkersOpt = None, executor: ExecutorOpt = None,
            scheduler: SchedulerOpt = None) -> None:
    """Extract new, changed or stale articles, retract removed ones, update graph and store."""
    job = _job_executor(_load_job(job_file), executor, scheduler)
    try:
        report = _run_job_once(job, workers)
    except KGError as exc:
        error(exc)
        raise typer.Exit(EXIT_UNAVAILABLE) from exc
    if report.failed or report.errors:
        raise typer.Exit(EXIT_PARTIAL)


@job_app.command("status")
@verbosity
def job_status(job_file: JobArg) -> None:
    """Article counts by status, the last run and the last errors."""
    from kg.jobs import State

    job = _load_job(job_file)
    path = job.out / "state.sqlite"
    if not path.exists():
        typer.echo(f"job {job.name}: never run (no {path})")
        return
    state = State(path)
    counts = state.counts()
    typer.echo(f"job {job.name}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) if counts
               else f"job {job.name}: no articles")
    last = state.last_run()
    if last:
        import datetime as dt

        when = dt.datetime.fromtimestamp(last["started_at"]).isoformat(timespec="seconds")
        finished = "finished" if last["finished_at"] else "did not finish"
        typer.echo(f"last run {when} ({finished}): extracted {last['extracted']}, failed {last['failed']}, "
                   f"removed {last['removed']}")
    for where, message in state.last_errors():
        typer.echo(literal(f"  {where}: {message}"))
    state.close()


@job_app.command("schedule")
@verbosity
def job_schedule(
    job_file: JobArg,
    every: Annotated[str | None, typer.Option("--every", help="Interval: 30m, 2h, 1d…")] = None,
    cron: Annotated[str | None, typer.Option("--cron", help='Crontab line, e.g. "0 2 * * *".')] = None,
    workers: WorkersOpt = None,
    executor: ExecutorOpt = None,
    scheduler: SchedulerOpt = None,
) -> None:
    """Run the job now and then on a schedule (APScheduler); runs never overlap."""
    from kg.jobs.schedule import schedule

    job = _job_executor(_load_job(job_file), executor, scheduler)
    try:
        schedule(lambda: _run_job_once(job, workers), every=every, cron=cron)
    except KGError as exc:
        error(exc)
        raise typer.Exit(EXIT_USAGE) from exc
    except KeyboardInterrupt:
        info("scheduler stopped")


def print_rows(rows: list[dict[str, Any]], fmt: str) -> None:
    """Rows as a table, JSON or CSV on stdout."""
    if fmt == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for v in row.values()])
        return
    from rich.table import Table

    table = Table(show_lines=True)
    for c in columns:  # headers as Text (no markup), added one by one: Table(*Text) fails in rich
        table.add_column(Text(literal(c)), overflow="fold", ratio=4 if c == "evidence" else None,
                         min_width=4)
    for row in rows:
        table.add_row(*[Text(literal(_cell_text(v))) for v in row.values()])
    # Long cells (CJK sentences) wrap inside their column; a pipe or file gets a wide page, not a cut one.
    width = None if sys.stdout.isatty() else int(os.environ.get("COLUMNS", "160"))
    console = Console(width=width)
    if console.width < 9 * len(columns):  # too narrow for a CJK column each: rich would drop characters
        console = Console(width=9 * len(columns))
    console.print(table)
    info(f"{len(rows)} rows")


def _cell_text(value: Any) -> str:
    """A table cell: evidence maps as ``date 《headline》 (source): sentence`` lines, lists joined."""
    from kg.evidence import format_evidence

    if value is None:
        return ""
    if isinstance(value, dict):
        return format_evidence(value) if "sentence" in value or "headline" in value else json.dumps(
            value, ensure_ascii=False)
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value):
            return "\n".join(_cell_text(v) for v in value)
        return ", ".join(map(str, value))
    return str(value)


def run() -> None:
    """Entry point that turns kg's own errors into messages and exit codes."""
    try:
        app()
    except KGError as exc:
        error(exc)
        sys.exit(EXIT_UNAVAILABLE)


if __name__ == "__main__":
    run()

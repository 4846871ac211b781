"""Scale benchmark (issue 13): stage times at N articles and their growth exponents (printed, never asserted).

Usage: python pipelines/scale_benchmark.py [--sizes 1000,4000] [--repeat 1] [--dask-size N]
                                           [--no-dask] [--workdir DIR] [--seed 1]

For each size N a fresh process generates a growing-names corpus (pipelines/synth_corpus.py)
and times, with the functions `kg build` and `kg job run` call:

* extraction — the job's first full run (kg.jobs.run_job, one process, store and viewer on),
  from its start to its last extracted article (reading the sources included);
* resolve and graph build — the graph index's first build from the job's state, as `kg build` makes it
  (kg.jobs.build.index_state): resolve = the articles' summaries, the corpus context and each article's
  resolution; graph build = the aggregation of every node and edge;
* file exports — kg.jobs.build.write_files of that index (GraphML, GEXF, JSON, CSV, facts);
* viewer — the index's viewer page (GraphIndex.write_viewer) as `kg build` writes it;
* first store load and store re-sync with nothing changed — kg.cli.open_store + sync_store of the
  index's elements on the embedded store (server start included), with relationships per second;
* job run after one changed article — kg.jobs.run_job after one article's text was edited (a new
  official visiting a new project: the graph, files, viewer and store all change), the median of three
  such runs (another article each), and its share of the full first run; every job run starts with the
  page cache's dirty pages flushed (``os.sync``: an earlier stage's writeback is not timed with it); both
  job runs also print their own stages (the graph index's summaries,
  context, re-resolution and aggregation; the files; the viewer; the store);
* peak memory — the size's process (ru_maxrss; the store's JVM is a child and not counted).

Stage times are the median of ``--repeat`` runs (extraction and the job's full run once). The growth
exponent between sizes a < b is log(t_b / t_a) / log(b / a): 1.0 is linear. With Dask
(default on, the first size or ``--dask-size``), extraction runs on a
LocalCluster of 1 and of 2 worker processes; the speed-up and whether the records equal
the local executor's are printed. Times are wall clock; a CPU column (this process only)
is printed too because a shared machine inflates wall times.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = [
    ("extraction", "extraction"),
    ("resolve", "resolve"),
    ("graph", "graph build"),
    ("exports", "file exports"),
    ("viewer", "viewer"),
    ("store_load", "first store load"),
    ("store_resync", "store re-sync, no change"),
    ("job_one_changed", "job run after 1 changed article"),
    ("job_full", "job full first run"),
    ("peak_mb", "peak memory (MB)"),
]


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, float, Any]:
    """(median wall seconds, median CPU seconds of this process, last result) of ``fn()``."""
    walls, cpus, result = [], [], None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


#: What the benchmark's edits add to an article: a new official visiting a new project, so that the graph, the
#: files, the viewer and the store all change (an edit that changes no fact leaves every output untouched). One
#: per measured run, each to another article.
EDITS = [
    "\n同日,副县长甄新民带队到新港物流园项目调研,实地察看了项目建设情况。",
    "\n当天下午,副县长柏立恒到滨江文旅综合体项目调研,听取项目进展汇报。",
    "\n随后,副县长苗振宇一行来到东城智造产业园项目,详细了解项目推进情况。",
]


def edit_one_article(corpus: Path, run: int = 0) -> str:
    """Append ``EDITS[run]`` to one article of the corpus (the ``3 + 10·run``-th of its first file); its id."""
    path = sorted(corpus.glob("*.jsonl"))[0]
    lines = path.read_text("utf-8").splitlines()
    at = 3 + 10 * run
    record = json.loads(lines[at])
    record["text"] += EDITS[run % len(EDITS)]
    lines[at] = json.dumps(record, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(record["id"])


def settled() -> None:
    """Flush the page cache's dirty pages before a timed job run, so that the writeback of what an earlier stage
    wrote (gigabytes of exports) does not share the disk with the run being timed."""
    os.sync()


def measure_size(n: int, workdir: Path, seed: int, repeat: int, dask_workers: list[int]) -> dict[str, Any]:
    """Every stage at ``n`` articles (run in a process of its own)."""
    from kg.cli import open_store, sync_store
    from kg.jobs import run_job
    from kg.jobs.build import index_state, write_files
    from kg.jobs.config import JobConfig
    from kg.jobs.state import State
    from pipelines.synth_corpus import generate

    out: dict[str, Any] = {"n": n, "wall": {}, "cpu": {}}
    corpus = workdir / f"corpus-{n}"
    generate(n, corpus, seed=seed)

    # the job's first full run: extraction (one process), graph, files, viewer, store
    job = JobConfig(name=f"scale-{n}", sources=[corpus], out=workdir / f"job-{n}", store="embedded", html=True)
    marks: dict[str, float] = {}

    def progress(label: str, done: int, total: int) -> None:
        if label == "extracting":
            marks["extracted"] = time.perf_counter()

    settled()
    started, cpu = time.perf_counter(), time.process_time()
    report = run_job(job, progress=progress)
    out["wall"]["job_full"] = time.perf_counter() - started
    out["cpu"]["job_full"] = time.process_time() - cpu
    out["wall"]["extraction"] = marks.get("extracted", started) - started
    out["extracted"] = report.extracted
    out["job_full_stages"] = report.index.seconds if report.index else {}
    state = State(job.out / "state.sqlite")

    def first_build() -> Any:  # a new index each time: the first build `kg build` makes of these records
        path = workdir / f"index-{n}" / "graph.sqlite"
        for name in (path.name, f"{path.name}-wal", f"{path.name}-shm"):
            (path.parent / name).unlink(missing_ok=True)
        built, report = index_state(state, path)
        built.close()
        return report

    reports = [first_build() for _ in range(max(1, repeat))]
    report = sorted(reports, key=lambda r: r.seconds["aggregate"])[len(reports) // 2]  # the median build
    out["wall"]["resolve"], out["cpu"]["resolve"] = report.seconds["resolve"], report.cpu_seconds["resolve"]
    out["wall"]["graph"] = report.seconds["aggregate"] - report.seconds["resolve"]
    out["cpu"]["graph"] = report.cpu_seconds["aggregate"] - report.cpu_seconds["resolve"]
    index, _ = index_state(state, workdir / f"index-{n}" / "graph.sqlite")  # the last build, opened again
    out["nodes"], out["edges"] = index.elements().number_of_nodes(), index.elements().number_of_edges()
    counts = index.summary()
    out["entities"] = sum(c for label, c in counts["nodes"].items() if label != "Article")

    build = workdir / f"build-{n}"
    build.mkdir(parents=True, exist_ok=True)
    out["wall"]["exports"], out["cpu"]["exports"], _ = timed(lambda: write_files(index, build), repeat)

    def viewer() -> None:
        (build / "graph.html").unlink(missing_ok=True)  # written only when it changed: gone, so written again
        index.write_viewer(build / "graph.html", f"kg: scale {n}")

    out["wall"]["viewer"], out["cpu"]["viewer"], _ = timed(viewer, repeat)

    def load() -> dict[str, int]:
        with open_store(build, None, None, None, None, create=True) as bolt:
            return sync_store(bolt, index.elements())

    out["wall"]["store_load"], out["cpu"]["store_load"], _ = timed(load)
    out["wall"]["store_resync"], out["cpu"]["store_resync"], _ = timed(load, repeat)
    out["rels_per_s"] = out["edges"] / out["wall"]["store_load"] if out["wall"]["store_load"] else None
    index.close()
    records = state.records() if dask_workers else []
    state.close()

    if dask_workers:  # before the edit below: the records compared with are the job's
        out["dask"] = measure_dask(corpus, records, dask_workers)

    runs = []  # (wall, cpu, report, article) of each run after one changed article: another article each time
    for run in range(len(EDITS)):
        changed = edit_one_article(corpus, run)
        settled()
        started, cpu = time.perf_counter(), time.process_time()
        again = run_job(job)
        runs.append((time.perf_counter() - started, time.process_time() - cpu, again, changed))
    wall_one, cpu_one, again, out["changed"] = sorted(runs, key=lambda r: r[0])[len(runs) // 2]  # the median
    out["wall"]["job_one_changed"], out["cpu"]["job_one_changed"] = wall_one, cpu_one
    out["job_one_changed_runs"] = [r[0] for r in runs]
    out["job_one_changed_extracted"] = again.extracted
    out["job_one_changed_stages"] = again.index.seconds if again.index else {}
    out["job_one_changed_written"] = again.store
    out["wall"]["peak_mb"] = out["cpu"]["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return out


def measure_dask(corpus: Path, records: list[dict[str, Any]], workers: list[int]) -> dict[str, Any]:
    """Extraction of ``corpus`` on a Dask LocalCluster of each worker count: seconds, start-up, and whether
    the records equal the job's (extracted earlier in this process: a code change in between shows here)
    and each other."""
    from kg.cli import iter_articles
    from kg.executor import DaskExecutor
    from kg.ingest import IngestOptions

    expected = {r.get("article_id") or r.get("id"): json.dumps(r, ensure_ascii=False, sort_keys=True)
                for r in records}
    result: dict[str, Any] = {}
    outputs: list[list[tuple[str, str]]] = []
    for w in workers:
        started = time.perf_counter()
        with DaskExecutor({}, workers=w) as cluster:
            ready = time.perf_counter()
            counts = {"read": 0, "written": 0, "rejected": 0}
            got = [(a.id, rec) for a, rec, _ in cluster.map(iter_articles([str(corpus)], IngestOptions(), counts))]
            seconds = time.perf_counter() - ready
        texts = [(i, json.dumps(rec, ensure_ascii=False, sort_keys=True)) for i, rec in got]
        same = len(got) == len(expected) and all(expected.get(i) == text for i, text in texts)
        result[str(w)] = {"seconds": seconds, "startup": ready - started, "articles": len(got), "identical": same}
        outputs.append(texts)
    result["workers_agree"] = all(o == outputs[0] for o in outputs)
    return result


def exponent(a: float | None, b: float | None, n_a: int, n_b: int) -> str:
    if not a or not b or a <= 0 or b <= 0:
        return "–"
    return f"{math.log(b / a) / math.log(n_b / n_a):.2f}"


def fmt(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:,.0f} MB" if key == "peak_mb" else f"{value:.2f} s"


def print_table(results: list[dict[str, Any]], clock: str) -> None:
    sizes = [r["n"] for r in results]
    head = ["stage", *[f"{n:,} articles" for n in sizes],
            *[f"exp {a:,}→{b:,}" for a, b in zip(sizes, sizes[1:], strict=False)]]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for key, label in STAGES:
        if clock == "cpu" and key in ("extraction", "peak_mb"):
            continue
        values = [r[clock].get(key) for r in results]
        exps = [exponent(values[i], values[i + 1], sizes[i], sizes[i + 1]) for i in range(len(sizes) - 1)]
        print("| " + " | ".join([label, *[fmt(v, key) for v in values], *exps]) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,4000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per stage, median (extraction and job: one)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=None, help="where corpora and outputs go (default: a temp dir)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask 1 vs 2 workers measurement")
    ap.add_argument("--dask-size", type=int, default=None,
                    help="size whose corpus the Dask measurement extracts (default: the first size)")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)  # internal: measure one size
    ap.add_argument("--dask-workers", default="", help=argparse.SUPPRESS)
    ap.add_argument("--json-out", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)

    if args.one is not None:
        workers = [int(w) for w in args.dask_workers.split(",") if w]
        result = measure_size(args.one, workdir, args.seed, args.repeat, workers)
        assert args.json_out is not None
        args.json_out.write_text(json.dumps(result, ensure_ascii=False), "utf-8")
        return

    sizes = [int(s) for s in args.sizes.split(",") if s]
    dask_size = None if args.no_dask else (args.dask_size or sizes[0])
    print(f"workdir {workdir}; sizes {sizes}; seed {args.seed}; repeat {args.repeat}", flush=True)
    results = []
    for n in sizes:
        path = workdir / f"result-{n}.json"
        cmd = [sys.executable, __file__, "--one", str(n), "--workdir", str(workdir), "--seed", str(args.seed),
               "--repeat", str(args.repeat), "--json-out", str(path)]
        if n == dask_size:
            cmd += ["--dask-workers", "1,2"]
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
        results.append(json.loads(path.read_text("utf-8")))
        r = results[-1]
        print(f"{n:,} articles measured in {time.perf_counter() - started:.0f} s: {r['entities']:,} entities, "
              f"{r['nodes']:,} nodes, {r['edges']:,} edges", flush=True)

    print("\nwall clock (median of --repeat; extraction and the job once):\n")
    print_table(results, "wall")
    print("\nCPU seconds of the measuring process (no store server, no workers):\n")
    print_table(results, "cpu")
    print()
    for r in results:
        share = r["wall"]["job_one_changed"] / r["wall"]["job_full"] if r["wall"]["job_full"] else float("nan")
        rate = f"{r['rels_per_s']:,.0f}" if r.get("rels_per_s") else "–"
        each = ", ".join(f"{w:.2f}" for w in r.get("job_one_changed_runs", []))
        print(f"{r['n']:,} articles: job after 1 changed article = {share:.1%} of the full run "
              f"(median of runs {each} s, each after another article changed; re-extracted "
              f"{r['job_one_changed_extracted']}); first store load {rate} rels/s")
        for run in ("job_full_stages", "job_one_changed_stages"):
            stages = r.get(run) or {}
            laps, last = [], 0.0
            for name, mark in stages.items():  # cumulative marks up to "aggregate", then laps
                if name in ("summaries", "context", "resolve", "aggregate"):
                    laps.append(f"{name} {mark - last:.2f}")
                    last = mark
                else:
                    laps.append(f"{name} {mark:.2f}")
            label = "full run" if run == "job_full_stages" else "after 1 changed article"
            print(f"{r['n']:,} articles: job {label}, seconds by stage: {', '.join(laps)}")
        if "dask" in r:
            d = r["dask"]
            one, two = d["1"], d["2"]
            print(f"{r['n']:,} articles: Dask LocalCluster extraction 1 worker {one['seconds']:.1f} s, "
                  f"2 workers {two['seconds']:.1f} s → speed-up {one['seconds'] / two['seconds']:.2f}× "
                  f"(start-up {one['startup']:.1f} s / {two['startup']:.1f} s; 1 and 2 workers identical: "
                  f"{d.get('workers_agree')}; identical to the job's local extraction: "
                  f"{one['identical'] and two['identical']})")


if __name__ == "__main__":
    main()

"""Benchmark of the re-extraction job on a synthetic corpus, with the store and the viewer ON (speed only;
ratios printed, nothing asserted).

Usage: python pipelines/job_benchmark.py [--articles 1000] [--store embedded|none] [--no-html]
                                         [--workers-compare] [--store-load]

Measures, each with the real CLI (`kg job run`) in a fresh process, on a corpus written by
pipelines/synth_corpus.py:
  1. a full first run (extraction, graph, files, viewer, store load);
  2. a second run with nothing changed (goal: the store is not touched, ≤ 5 % of the full run);
  3. one article edited → the run's time and its ratio to the full run (bar: ≤ 2 % at 16k articles),
     and how many articles were re-extracted (goal: exactly 1);
  4. --store-load: the first store load alone, in this process, into a fresh embedded store:
     relationships per second (bar: ≥ 4k rels/s at 16k articles);
  5. --workers-compare: --workers 2 vs --workers 1 on fresh outputs (goal: ≥ 1.7× faster).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def job_file(tmp: Path, name: str, sources: Path, store: str, workers: int, html: bool) -> Path:
    """A job TOML for the corpus."""
    path = tmp / f"{name}.toml"
    path.write_text(f'[job]\nname = "{name}"\nsources = ["{sources}"]\nout = "{tmp / name}"\n'
                    f'store = "{store}"\nhtml = {str(html).lower()}\nworkers = {workers}\n', encoding="utf-8")
    return path


def timed_run(toml: Path, workers: int | None = None) -> tuple[float, str, float]:
    """Wall seconds of one `kg job run` in a fresh process, its summary line, and the CPU seconds (user +
    system) of that process and its children (the embedded store's server): on a shared machine the
    CPU time is the steadier measure."""
    cmd = [sys.executable, "-m", "kg.cli", "job", "run", str(toml)]
    if workers:
        cmd += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                            env={**os.environ, "OMP_NUM_THREADS": "1"})
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, (result.stderr.strip().splitlines() or [""])[-1], cpu


def edit_one_article(files: list[Path]) -> None:
    """Append a sentence to the fourth article of the first file (one article changed)."""
    lines = files[0].read_text("utf-8").splitlines()
    record = json.loads(lines[3])
    record["text"] = record["text"] + "区委书记张三到区商务局调研。"
    lines[3] = json.dumps(record, ensure_ascii=False)
    files[0].write_text("\n".join(lines) + "\n", encoding="utf-8")


def store_load(out: Path, tmp: Path) -> tuple[int, int, float]:
    """(nodes, relationships, seconds) of loading the job's graph into a fresh embedded store."""
    from kg.graph import build_graph
    from kg.jobs.state import State
    from kg.store import BoltStore, EmbeddedServer
    from kg.store.target import BULK_BATCH

    state = State(out / "state.sqlite")
    g = build_graph(state.records())
    state.close()
    with EmbeddedServer(tmp / "load-store") as server, \
            BoltStore(server.connection, exclusive=True, batch_size=BULK_BATCH) as store:
        started = time.perf_counter()
        store.sync(g)
        elapsed = time.perf_counter() - started
    return g.number_of_nodes(), g.number_of_edges(), elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--store", default="embedded", help="embedded (default), none, or a Bolt URI")
    ap.add_argument("--no-html", dest="html", action="store_false", help="turn the viewer off")
    ap.add_argument("--workers", type=int, default=1, help="workers of the measured runs")
    ap.add_argument("--workers-compare", action="store_true", help="also time --workers 2 vs 1")
    ap.add_argument("--store-load", action="store_true", help="also time a first store load alone")
    ap.add_argument("--tmp", type=Path, default=None, help="work folder (default: a new temporary one)")
    args = ap.parse_args()

    tmp = args.tmp or Path(tempfile.mkdtemp(prefix="kg-job-bench-"))
    corpus = tmp / "corpus"
    subprocess.run([sys.executable, str(ROOT / "pipelines" / "synth_corpus.py"), str(args.articles), str(corpus)],
                   check=True, capture_output=True, cwd=ROOT)
    files = sorted(corpus.glob("*.jsonl"))
    print(f"corpus: {args.articles} synthetic articles in {len(files)} files ({tmp}); "
          f"store {args.store}, viewer {'on' if args.html else 'off'}, workers {args.workers}")

    toml = job_file(tmp, "incremental", corpus, args.store, args.workers, args.html)
    first, line1, cpu1 = timed_run(toml)
    second, line2, cpu2 = timed_run(toml)
    edit_one_article(files)
    third, line3, cpu3 = timed_run(toml)
    print(f"full run             {first:8.2f} s  (CPU {cpu1:7.2f} s)   {line1}")
    print(f"nothing changed      {second:8.2f} s  (CPU {cpu2:7.2f} s)   {second / first:6.1%} of the full run "
          f"(CPU {cpu2 / cpu1:6.1%})   {line2}")
    print(f"1 article changed    {third:8.2f} s  (CPU {cpu3:7.2f} s)   {third / first:6.1%} of the full run "
          f"(CPU {cpu3 / cpu1:6.1%}; bar ≤ 2% at 16k)   {line3}")

    if args.store_load:
        nodes, rels, seconds = store_load(tmp / "incremental", tmp)
        print(f"first store load     {seconds:8.2f} s   {nodes} nodes, {rels} relationships: "
              f"{rels / seconds:,.0f} rels/s (bar ≥ 4,000 at 16k)")

    if args.workers_compare:
        one, *_ = timed_run(job_file(tmp, "w1", corpus, "none", 1, False))
        two, *_ = timed_run(job_file(tmp, "w2", corpus, "none", 2, False))
        print(f"--workers 1          {one:8.2f} s")
        print(f"--workers 2          {two:8.2f} s")
        print(f"speed-up             {one / two:8.2f}×  (goal ≥ 1.7×)")


if __name__ == "__main__":
    main()

"""Benchmark of the re-extraction job on a synthetic corpus (speed only; ratios printed).

Usage: python pipelines/job_benchmark.py [--articles 1000] [--store none|embedded]

Measures, each with the real CLI (`kg job run`) in a fresh process:
  1. first run vs. a second run with nothing changed (goal: second ≤ 5 % of first);
  2. one article edited → how many articles are re-extracted (goal: exactly 1);
  3. --workers 2 vs --workers 1 on fresh outputs (goal: ≥ 1.7× faster).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def job_file(tmp: Path, name: str, sources: Path, store: str, workers: int) -> Path:
    path = tmp / f"{name}.toml"
    path.write_text(f'[job]\nname = "{name}"\nsources = ["{sources}"]\nout = "{tmp / name}"\n'
                    f'store = "{store}"\nhtml = false\nworkers = {workers}\n', encoding="utf-8")
    return path


def timed_run(toml: Path, workers: int | None = None) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "kg.cli", "job", "run", str(toml)]
    if workers:
        cmd += ["--workers", str(workers)]
    started = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        raise SystemExit(result.stderr)
    return elapsed, result.stderr.strip().splitlines()[-1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--store", default="none")
    args = ap.parse_args()
    from pipelines.synth_corpus import generate

    tmp = Path(tempfile.mkdtemp(prefix="kg-job-bench-"))
    corpus = tmp / "corpus"
    files = generate(args.articles, corpus)
    print(f"corpus: {args.articles} synthetic articles in {len(files)} files ({tmp})")

    toml = job_file(tmp, "incremental", corpus, args.store, 1)
    first, line1 = timed_run(toml)
    second, line2 = timed_run(toml)
    print(f"first run            {first:7.2f} s   {line1}")
    print(f"second run           {second:7.2f} s   {line2}")
    print(f"second / first       {second / first:7.1%}   (goal ≤ 5%)")

    lines = files[0].read_text("utf-8").splitlines()
    record = json.loads(lines[3])
    record["text"] = record["text"] + "区委书记张三到区商务局调研。"
    lines[3] = json.dumps(record, ensure_ascii=False)
    files[0].write_text("\n".join(lines) + "\n", encoding="utf-8")
    third, line3 = timed_run(toml)
    print(f"one article edited   {third:7.2f} s   {line3}")

    one, _ = timed_run(job_file(tmp, "w1", corpus, "none", 1))
    two, _ = timed_run(job_file(tmp, "w2", corpus, "none", 2))
    print(f"--workers 1          {one:7.2f} s")
    print(f"--workers 2          {two:7.2f} s")
    print(f"speed-up             {one / two:7.2f}×  (goal ≥ 1.7×)")


if __name__ == "__main__":
    main()

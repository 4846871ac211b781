"""Cold vs warm `kg query` times (printed, never asserted).

    python pipelines/query_benchmark.py [--out OUT] [--runs N] [--query NAME -p k=v …]

Cold: each `kg query` process starts the embedded store itself (the JVM, ArcadeDB, Bolt).
Warm: `kg serve --out OUT` keeps the store up and each `kg query` process asks it over a local
HTTP endpoint. Both are whole `kg query` processes (interpreter start and imports included),
timed from the outside, with their CPU time (user + system, the JVM a cold query starts included):
on a busy machine a short process mostly waits for a core, and its CPU time is its wall time on an
idle one. "round trip" is one query sent by an already-running Python process.
Without --out, data/raw is built into a temporary folder first (--no-html).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KG = [sys.executable, "-m", "kg.cli"]


#: CPU seconds (user + system) of each timed process, by label: on a busy machine the wall time of a
#: short process is mostly waiting for a core; its CPU time is what it costs on an idle one.
CPU: dict[str, list[float]] = {}


def timed(command: list[str], env: dict[str, str], label: str = "") -> float:
    """Wall seconds ``command`` took (it must succeed); its CPU seconds go to ``CPU[label]``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.setdefault(label, []).append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall


def summary(label: str, times: list[float], key: str = "") -> str:
    cpu = f"   CPU median {statistics.median(CPU[key]):6.3f} s" if key in CPU else ""
    return (f"{label:<34} median {statistics.median(times):6.3f} s   min {min(times):6.3f} s   "
            f"max {max(times):6.3f} s{cpu}   ({len(times)} runs)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="a kg build --out folder (default: build data/raw)")
    parser.add_argument("--runs", type=int, default=5, help="warm runs (cold runs: min(3, runs))")
    parser.add_argument("--query", default="person-career")
    parser.add_argument("-p", "--param", action="append", default=None)
    args = parser.parse_args()
    params = args.param if args.param is not None else ["name=李晓雷"]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    with tempfile.TemporaryDirectory(prefix="kg-qbench-") as tmp:
        out = args.out
        if out is None:
            out = Path(tmp) / "out"
            print(f"building data/raw into {out} …", flush=True)
            subprocess.run([*KG, "-q", "build", str(ROOT / "data" / "raw"), "--out", str(out), "--no-html"],
                           check=True, env=env)
        query = [*KG, "query", args.query, *(x for p in params for x in ("-p", p)), "--out", str(out), "-f", "json"]
        cold = [timed(query, env, "cold") for _ in range(min(3, args.runs))]
        print(summary("cold kg query (starts the store)", cold, "cold"), flush=True)

        server = subprocess.Popen([*KG, "serve", "--out", str(out)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            sys.path.insert(0, str(ROOT))
            from kg.serve import client

            started = time.perf_counter()
            while (served := client(out / "store")) is None:
                if server.poll() is not None or time.perf_counter() - started > 120:
                    raise SystemExit("kg serve did not start")
                time.sleep(0.1)
            print(f"kg serve up in {time.perf_counter() - started:.2f} s (once)")
            warm = [timed(query, env, "warm") for _ in range(args.runs)]
            print(summary("warm kg query (kg serve running)", warm, "warm"))
            from kg.queries import load_query

            q = load_query(args.query)
            bound = q.bind(dict(p.split("=", 1) for p in params))
            trips = []
            for _ in range(args.runs):
                t = time.perf_counter()
                served.query(q.text, bound)
                trips.append(time.perf_counter() - t)
            print(summary("round trip (query only)", trips))
            baseline = [timed([*KG, "query", "--list"], env, "list") for _ in range(min(3, args.runs))]
            print(summary("kg query --list (no store at all)", baseline, "list"))
            print(f"warm/cold: {statistics.median(warm) / statistics.median(cold):.2f}; "
                  f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        finally:
            server.terminate()
            server.wait(60)


if __name__ == "__main__":
    main()

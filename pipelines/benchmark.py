"""Benchmark: extraction speed on data/raw (chars/s), printed, never asserted.

Usage: python pipelines/benchmark.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "raw")])
    args = ap.parse_args()
    from kg.extract import Extractor
    from kg.ingest import read_inputs
    from kg.models import Article

    started = time.perf_counter()
    extractor = Extractor.from_config()
    load = time.perf_counter() - started
    articles = [a for a in read_inputs(args.inputs) if isinstance(a, Article)]
    chars = sum(len(a.text) + len(a.headline or "") for a in articles)
    rules = Extractor.from_config({"components": [n for n in extractor.pipeline.names if n != "hanlp_ner"]})
    for label, ex in (("full pipeline", extractor), ("rules only (no NER)", rules)):
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for a in articles:
                ex(a)
            best = min(best, time.perf_counter() - t)
        print(f"{label:<22} {chars / best:>10,.0f} chars/s  ({len(articles)} articles, {chars:,} chars, best of {args.repeat})")
    print(f"model load             {load:>10.2f} s")


if __name__ == "__main__":
    main()

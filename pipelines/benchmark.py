"""Benchmark: extraction speed on data/raw (chars/s), printed, never asserted.

Usage: python pipelines/benchmark.py [--repeat 5] [--scaling]

``--scaling`` also times one article of 50k and of 200k characters (data/raw repeated) and prints
the ratio: extraction must stay linear in article length (issue #11: 200k ≤ 4.5× the time of 50k).
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
    ap.add_argument("--scaling", action="store_true", help="time a 50k and a 200k-character article")
    ap.add_argument("--model", help="a NER model folder to time instead of the shipped one")
    ap.add_argument("inputs", nargs="*", default=[str(ROOT / "data" / "raw")])
    args = ap.parse_args()
    from kg.extract import DEFAULT_COMPONENTS, Extractor
    from kg.ingest import read_inputs
    from kg.models import Article

    started = time.perf_counter()
    extractor = Extractor.from_config({"components": DEFAULT_COMPONENTS, "settings": {"model": args.model}}
                                      if args.model else None)
    load = time.perf_counter() - started
    articles = [a for a in read_inputs(args.inputs) if isinstance(a, Article)]
    chars = sum(len(a.text) + len(a.headline or "") for a in articles)
    rules = Extractor.from_config({"components": [n for n in extractor.pipeline.names if n != "hanlp_ner"]})

    def one_by_one(ex: Extractor) -> None:
        for a in articles:
            ex(a)

    def batched(ex: Extractor) -> None:  # as kg extract / kg build run it (LocalExecutor: 16 at a time)
        for _ in ex.pipe(articles, batch_size=16):
            pass

    for label, ex, run in (("full pipeline", extractor, batched), ("  one article at a time", extractor, one_by_one),
                           ("rules only (no NER)", rules, one_by_one)):
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            run(ex)
            best = min(best, time.perf_counter() - t)
        print(f"{label:<24} {chars / best:>10,.0f} chars/s  ({len(articles)} articles, {chars:,} chars, best of {args.repeat})")
    print(f"model load               {load:>10.2f} s")
    if args.scaling:
        import re
        import resource

        body = "\n".join(a.text for a in articles)
        one_sentence = re.sub(r"[。！？!?；;\n]", "，", body)  # a page with no full stop at all
        for label, source in (("sentences", body), ("one sentence", one_sentence)):
            times = {}
            for size in (50_000, 200_000):
                text = (source * (size // len(source) + 1))[:size]
                best = float("inf")
                for _ in range(2):
                    t = time.perf_counter()
                    extractor(Article(id="big", headline="标题", text=text))
                    best = min(best, time.perf_counter() - t)
                times[size] = best
                print(f"{label:<13} {size:>7,} chars {best:>8.2f} s")
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{label:<13} 200k / 50k time ratio {times[200_000] / times[50_000]:.2f} "
                  f"(linear: 4.0; peak memory so far {peak:,.0f} MB)")


if __name__ == "__main__":
    main()

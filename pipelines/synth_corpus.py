"""A synthetic corpus for speed benchmarks: sentences and names of data/raw recombined.

For measuring speed only — never for accuracy (the text is shuffled prose).

Usage: python pipelines/synth_corpus.py N OUT_DIR [--per-file 50] [--seed 1]
Writes OUT_DIR/part-XXX.jsonl crawler files with N articles in all.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sentences_of_raw() -> tuple[list[str], list[str]]:
    from kg.ingest import read_inputs
    from kg.models import Article

    sents, heads = [], []
    for art in read_inputs([str(ROOT / "data" / "raw")]):
        if isinstance(art, Article):
            sents += [s for s in re.findall(r"[^。!?]+[。!?]", art.text) if len(s) > 8]
            heads.append(art.headline or "")
    return sents, heads


def generate(n: int, out: Path, per_file: int = 50, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    sents, heads = sentences_of_raw()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(0, n, per_file):
        path = out / f"part-{part // per_file:03d}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i in range(part, min(n, part + per_file)):
                body = "".join(rng.sample(sents, k=min(len(sents), rng.randint(6, 14))))
                record = {"id": f"synth-{i:05d}", "title": rng.choice(heads), "text": body,
                          "district": rng.choice(["中原区", "二七区"]), "date": f"2023-{rng.randint(1, 12):02d}-01"}
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--per-file", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    paths = generate(a.n, a.out, a.per_file, a.seed)
    print(f"wrote {a.n} articles in {len(paths)} files under {a.out}")


if __name__ == "__main__":
    main()

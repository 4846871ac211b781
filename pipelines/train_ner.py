"""Train the character NER model kg ships (HanLP BiLSTM-CRF) from CLUENER2020-style data.

Usage::

    python pipelines/train_ner.py [--data ../shared/data/cluener2020/train.json ...]
                                  [--out kg/extract/model] [--epochs 20]

Each --data file is JSONL in the CLUENER format
``{"text": ..., "label": {TYPE: {MENTION: [[start, end_inclusive], ...]}}}``;
add your own annotations in the same format to adapt the model. Labels are mapped
to kg's tags by LABEL_MAP; unmapped types become O. A fixed 5% of sentences (by
hash, so reruns agree) is held out for model selection. Training runs on one CPU
thread (two threads were ~50x slower on the 2-core machine).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HANLP_HOME", str(Path(tempfile.gettempdir()) / "kg-hanlp-home"))

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest.text import normalize_width  # noqa: E402

LABEL_MAP = {
    "name": "PER",
    "position": "TITLE",
    "government": "ORG",
    "organization": "ORG",
    "company": "ORG",
    "address": "LOC",
    "scene": "LOC",
}


def to_bio(record: dict) -> list[tuple[str, str]]:
    """Characters of one CLUENER record with BIO tags of kg's label set."""
    text = normalize_width(record["text"])
    tags = ["O"] * len(text)
    for ctype, mentions in (record.get("label") or {}).items():
        tag = LABEL_MAP.get(ctype)
        if not tag:
            continue
        for spans in mentions.values():
            for start, end in spans:
                if any(t != "O" for t in tags[start:end + 1]):
                    continue
                tags[start] = f"B-{tag}"
                for i in range(start + 1, end + 1):
                    tags[i] = f"I-{tag}"
    return [(ch, t) for ch, t in zip(text, tags, strict=True) if not ch.isspace()]


def write_tsv(records: list[list[tuple[str, str]]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            for ch, tag in rec:
                fh.write(f"{ch}\t{tag}\n")
            fh.write("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", default=[str(ROOT.parent / "shared/data/cluener2020/train.json")])
    ap.add_argument("--out", default=str(ROOT / "kg/extract/model"))
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--embed", type=int, default=100)
    ap.add_argument("--dev-percent", type=int, default=5)
    args = ap.parse_args()

    import torch

    torch.set_num_threads(1)
    torch.manual_seed(1)
    from kg.extract.hanlp_ner import CRFRNNNamedEntityRecognizer

    train, dev = [], []
    for data in args.data:
        with open(data, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                record = json.loads(line)
                bucket = int(hashlib.md5(record["text"].encode()).hexdigest(), 16) % 100
                (dev if bucket < args.dev_percent else train).append(to_bio(record))
    work = Path(tempfile.mkdtemp(prefix="kg-ner-"))
    write_tsv(train, work / "train.tsv")
    write_tsv(dev, work / "dev.tsv")
    print(f"train {len(train)} sentences, dev {len(dev)}; TSV in {work}", flush=True)
    started = time.time()
    tagger = CRFRNNNamedEntityRecognizer()
    tagger.fit(str(work / "train.tsv"), str(work / "dev.tsv"), args.out, epochs=args.epochs,
               embed=args.embed, rnn_hidden=args.hidden, crf=True, batch_size=32, patience=5,
               tagging_scheme="BIO",
               devices=-1)
    print(f"trained in {time.time() - started:.0f} s; model saved to {args.out}", flush=True)


if __name__ == "__main__":
    main()

"""The quality table: extraction on the seeds and devB, the tagger on every held-out split.

Usage::

    python pipelines/quality_table.py [--shared ../shared] [--model kg/extract/model] [--no-tagger]

Prints one Markdown table per suite (the same numbers as ``shared/tools/kg_score.py``,
computed by :mod:`kg.evaluate`), then the tagger's exact-span F1 per type on the held-out
splits that ``pipelines/train_ner.py`` never trains on (5 % of MSRA, CLUENER and Resume
train, 15 % of trainB's articles) and on Resume's own dev file. Nothing is asserted: the
ratchet tests hold the levels; this script shows them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HANLP_HOME", str(Path(tempfile.gettempdir()) / "kg-hanlp-home"))
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FIELDS = ["person", "person+title", "organization", "place", "project", "INSPECTED", "ACCOMPANIED",
          "CHAIRED", "ATTENDED", "REPORTED", "ENTITIES", "RELATIONS"]


def extraction_scores(articles: list, gold: Path, model: str | None) -> dict:
    """kg's scores of ``articles`` against ``gold`` (a JSONL of the gold schema)."""
    from kg.evaluate import load_docs, score
    from kg.extract import Extractor

    extractor = Extractor.from_config({"settings": {"model": model}} if model else None)
    pred: dict[str, list[dict]] = {}
    for article in articles:
        record = extractor(article).to_dict()
        key = str(record["id"]) if record.get("id") is not None else str(record.get("file"))
        pred.setdefault(key, []).append(record)
    return score(load_docs(gold), pred)


def suites(shared: Path) -> list[tuple[str, list[str], Path]]:
    """(name, inputs, gold) of every suite present on this machine."""
    out = [("seeds (data/raw)", [str(ROOT / "data/raw")], ROOT / "data/gold/seeds_gold.jsonl")]
    devb = shared / "gold/devB"
    if (devb / "articles.jsonl").exists():
        out.append(("devB (90 articles, 87 sites)", [str(devb / "articles.jsonl")], devb / "gold.jsonl"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--model", default=None, help="a NER model folder (default: the shipped one)")
    ap.add_argument("--no-tagger", action="store_true", help="skip the tagger's held-out table")
    args = ap.parse_args()
    from kg.ingest import read_inputs
    from kg.models import Article

    shared = Path(args.shared)
    columns = []
    for name, inputs, gold in suites(shared):
        articles = [a for a in read_inputs(inputs) if isinstance(a, Article)]
        columns.append((name, extraction_scores(articles, gold, args.model)["fields"]))
    print("| field | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for field in FIELDS:
        cells = [f"{fields[field]['f1']:.3f}" if field in fields else "–" for _, fields in columns]
        print(f"| {field} | " + " | ".join(cells) + " |")
    if args.no_tagger:
        return
    sys.path.insert(0, str(ROOT / "pipelines"))
    from train_ner import held_out_table

    table = held_out_table(args.model or str(ROOT / "kg/extract/model"), shared)
    kinds = ["PER", "TITLE", "ORG", "LOC", "PROJ"]
    print()
    print("| tagger, held-out split | " + " | ".join(kinds) + " |")
    print("|---|" + "---|" * len(kinds))
    for split, scores in table.items():
        cells = [f"{scores[k]['f1']:.3f}" if k in scores and scores[k]["n"] else "–" for k in kinds]
        print(f"| {split} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()

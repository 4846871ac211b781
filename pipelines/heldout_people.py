"""People found by the whole extractor vs the tagger alone, on the held-out splits of the public corpora.

The tagger's own scores (``kg/extract/model/metrics.json``) say how well it tags; this script says how much
of that the full pipeline keeps (rules may drop or add names). Each held-out sentence is extracted as an
article of its own and its ``people`` are compared with the corpus' PER strings (set per sentence)::

    python pipelines/heldout_people.py [--shared ../shared] [--corpora msra,cluener,trainB] [-n 800]

Prints P/R/F1 of both per corpus. Uses the same fixed hash splits as ``pipelines/train_ner.py`` (never the
corpora's test files).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.train_ner import chunk, load_corpora, spans_of  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 rounded to three places."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0.0, 3)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    ap.add_argument("--corpora", default="msra,cluener,trainB")
    ap.add_argument("-n", type=int, default=800, help="sentences per corpus (first N of the held-out split)")
    args = ap.parse_args()

    from kg.extract import Extractor
    from kg.models import Article

    extractor = Extractor.from_config(None)
    corpora = load_corpora(args.shared)
    for name in args.corpora.split(","):
        if name not in corpora:
            print(f"{name}: not found under {args.shared}")
            continue
        counts = {"pipeline": [0, 0, 0], "tagger": [0, 0, 0]}
        for i, (chars, tags) in enumerate(list(chunk(corpora[name][1]))[: args.n]):
            text = "".join(chars)
            gold = {text[b:e] for b, e, label in spans_of(tags) if label == "PER"}
            rec = extractor(Article(id=str(i), text=text))
            found = {"pipeline": {p.name for p in rec.people},
                     "tagger": {m.text for m in rec.mentions if m.type == "person" and m.component == "hanlp_ner"}}
            for kind, names in found.items():
                counts[kind][0] += len(gold & names)
                counts[kind][1] += len(names - gold)
                counts[kind][2] += len(gold - names)
        print(f"{name:8} PER  pipeline P/R/F1 {prf(*counts['pipeline'])}   tagger alone {prf(*counts['tagger'])}")


if __name__ == "__main__":
    main()

"""Score page segmentation against a gold file of headlines.

For every page of a folder that the gold file names, the page is split with
:func:`kg.ingest.segment.segment_page` and its headlines are matched to the gold
headlines of that page (whitespace and character width ignored; "exact" also
counts the headlines that match character for character). Prints, per corpus,
found / extra / missing headlines, and with ``-v`` the misses and extras.

    python pipelines/segment_score.py                       # seeds + ../shared/gold/pages if present
    python pipelines/segment_score.py PAGES_DIR GOLD.jsonl  # any other corpus
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.segment import segment_page
from kg.ingest.text import decode, normalize_width

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = [
    (ROOT / "data/raw", ROOT / "data/gold/seeds_gold.jsonl"),
    (ROOT.parent / "shared/gold/pages/raw", ROOT.parent / "shared/gold/pages/gold.jsonl"),
]


def _key(text: str | None) -> str:
    """A headline as compared: width folded, no whitespace."""
    return re.sub(r"\s+", "", normalize_width(text or ""))


@dataclass
class Score:
    """Headline matching counts of one corpus."""

    gold: int = 0
    found: int = 0
    exact: int = 0
    extra: int = 0
    body_ok: int = 0
    missing: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    bad_bodies: list[str] = field(default_factory=list)


def score_corpus(pages: Path, gold_path: Path) -> Score:
    """Match the predicted headlines of every gold page in ``pages`` to ``gold_path``."""
    gold: dict[str, list[dict]] = {}
    for line in gold_path.read_text("utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            gold.setdefault(rec["file"], []).append(rec)
    score = Score()
    for name, records in sorted(gold.items()):
        text = decode((pages / name).read_bytes(), name)
        predicted = segment_page(text, name)
        by_key: dict[str, list] = {}
        for art in predicted:
            by_key.setdefault(_key(art.headline), []).append(art)
        used: Counter[int] = Counter()
        for rec in records:
            score.gold += 1
            candidates = [a for a in by_key.get(_key(rec["headline"]), []) if not used[id(a)]]
            if not candidates:
                score.missing.append(f"{name}: {rec['headline']}")
                continue
            art = candidates[0]
            used[id(art)] += 1
            score.found += 1
            score.exact += art.headline == rec["headline"]
            want = _key(rec.get("first_sentence"))
            if want and _key(art.text).startswith(want):
                score.body_ok += 1
            else:
                score.bad_bodies.append(f"{name}: {rec['headline']} | {art.text[:20]!r}")
        for art in predicted:
            if not used[id(art)]:
                score.extra += 1
                score.extras.append(f"{name}: {art.headline!r} | {art.text[:30]!r}")
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", help="PAGES_DIR GOLD.jsonl pairs (default: seeds and shared pages)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list missing and extra headlines")
    args = parser.parse_args(argv)
    if len(args.corpus) % 2:
        parser.error("give PAGES_DIR GOLD.jsonl pairs")
    corpora = ([(Path(a), Path(b)) for a, b in zip(args.corpus[::2], args.corpus[1::2], strict=True)]
               or [c for c in DEFAULT_CORPORA if c[1].exists()])
    for pages, gold_path in corpora:
        s = score_corpus(pages, gold_path)
        print(f"{pages}: gold {s.gold}  found {s.found} (exact {s.exact})  extra {s.extra}  "
              f"missing {len(s.missing)}  body starts right {s.body_ok}/{s.found}")
        if args.verbose:
            for label, items in (("missing", s.missing), ("extra", s.extras), ("body", s.bad_bodies)):
                for item in items:
                    print(f"  {label}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

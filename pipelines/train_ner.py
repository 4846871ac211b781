"""Train the character NER model kg ships (HanLP BiLSTM-CRF) on the public corpora and trainB.

Usage::

    python pipelines/train_ner.py [--shared ../shared] [--out kg/extract/model] [--epochs 8]
    python pipelines/train_ner.py --eval-only [--model kg/extract/model]   # the held-out table

Corpora (all read from ``--shared``, never copied into the repository), mapped to kg's
five tags PER / TITLE / ORG / LOC / PROJ:

* ``data/msra_ner`` (PER/ORG/LOC; no title type, so titles are silver-labelled from the
  title strings of the other corpora, see :func:`silver_titles`);
* ``data/cluener2020/train.json`` (name, position, government/organization/company,
  address/scene);
* ``data/resume_ner/train.char.bmes`` (NAME, TITLE, ORG, LOC);
* ``gold/trainB`` (people, titles, organizations, places, projects: gold strings projected
  onto the text, longest first, as its README says).

Held-out splits for model selection are fixed by a hash of each sentence (so reruns agree):
5 % of MSRA, CLUENER and Resume train, and 15 % of trainB's articles. Resume's own dev file
is never trained on nor selected on; it is reported as the title score. People's Daily dev
is not used (it overlaps MSRA train). The per-corpus held-out scores are written to
``metrics.json`` beside the model. Training runs on one CPU thread.

Options beyond the plain character tagger (see ``kg/extract/hanlp_ner.py``):

* ``--bigram-buckets N --bigram-dim D``: also embed the character bigrams on each side of a
  character, hashed into N rows of D dimensions (0 buckets: characters only). The bigram table
  is saved in float16 (N × D × 2 bytes).
* ``--init-from FOLDER``: start from the weights of a saved model (e.g. the shipped one) instead
  of random ones; characters and tags are matched by string, a bigram table is copied when the
  vocabulary is the same (its hashes are of character ids), otherwise bigram inputs start at zero.
* ``--weight CORPUS=N``: repeat a corpus's training sentences N times (after the base set, so the
  vocabulary stays that of an unweighted run); 0 leaves the corpus out.
* ``--select-on CORPUS``: select the model on these held-out splits only (repeatable).
* ``--seed``: seeds Python, torch and HanLP (default 1), so a rerun on the same data and
  options trains the same model.

The model shipped in ``kg/extract/model`` is a bigram model trained in three runs, each warm-started
from the previous one's best (one CPU thread; the first from the earlier character-only model)::

    python pipelines/train_ner.py --out /tmp/ner1 --epochs 30 --patience 5 --lr 0.004 \
        --bigram-buckets 65536 --bigram-dim 50 --init-from kg/extract/model   # stopped after 15 epochs
    python pipelines/train_ner.py --out /tmp/ner2 --epochs 12 --patience 4 --lr 0.0015 \
        --bigram-buckets 65536 --bigram-dim 50 --init-from /tmp/ner1          # best: epoch 2
    python pipelines/train_ner.py --out /tmp/ner3 --epochs 4 --patience 3 --lr 0.0008 \
        --bigram-buckets 65536 --bigram-dim 50 --init-from /tmp/ner2 --weight msra=2   # best: epoch 1
    python pipelines/train_ner.py --out /tmp/ner4 --epochs 3 --patience 2 --lr 0.0005 \
        --bigram-buckets 65536 --bigram-dim 50 --init-from /tmp/ner3 --weight msra=2 \
        --select-on msra                                                        # shipped: epoch 2
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HANLP_HOME", str(Path(tempfile.gettempdir()) / "kg-hanlp-home"))

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.ingest.text import normalize_width  # noqa: E402

Sentence = tuple[list[str], list[str]]  # characters, BIO tags

CLUENER_MAP = {
    "name": "PER", "position": "TITLE", "government": "ORG", "organization": "ORG",
    "company": "ORG", "address": "LOC", "scene": "LOC",
}
MSRA_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
RESUME_MAP = {"NAME": "PER", "TITLE": "TITLE", "ORG": "ORG", "LOC": "LOC"}
GOLD_FIELDS = (("projects", "PROJ"), ("organizations", "ORG"), ("places", "LOC"))
_SPLIT = re.compile(r"[^。!?;！？；\n]*(?:[。!?;！？；]+[”’\"]?|\n|$)")
LEVEL = "区县市旗州镇乡街盟"


def bucket(key: str) -> int:
    """A stable 0–99 bucket of a string (md5), for reproducible splits."""
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % 100


def _norm(chars: list[str], tags: list[str]) -> Sentence:
    text = normalize_width("".join(chars))
    if len(text) != len(chars):  # width folding never changes the length; be safe anyway
        text = "".join(chars)
    keep = [(c, t) for c, t in zip(text, tags, strict=True) if not c.isspace()]
    return [c for c, _ in keep], [t for _, t in keep]


def read_columns(path: Path, mapping: dict[str, str]) -> Iterator[Sentence]:
    """Sentences of a one-character-per-line file (BIO or BMES tags; tab or space)."""
    chars: list[str] = []
    tags: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip():
                if chars:
                    yield _norm(chars, _to_bio(tags, mapping))
                chars, tags = [], []
                continue
            parts = line.split("\t") if "\t" in line else line.split(" ")
            chars.append(parts[0] or " ")
            tags.append(parts[-1])
    if chars:
        yield _norm(chars, _to_bio(tags, mapping))


def _to_bio(tags: list[str], mapping: dict[str, str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        if tag == "O" or "-" not in tag:
            out.append("O")
            continue
        prefix, label = tag.split("-", 1)
        kind = mapping.get(label)
        if not kind:
            out.append("O")
        elif prefix in ("B", "S"):
            out.append(f"B-{kind}")
        else:
            out.append(f"I-{kind}" if out and out[-1] != "O" and out[-1][2:] == kind else f"B-{kind}")
    return out


def read_cluener(path: Path) -> Iterator[Sentence]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            chars = list(record["text"])
            tags = ["O"] * len(chars)
            for ctype, mentions in (record.get("label") or {}).items():
                kind = CLUENER_MAP.get(ctype)
                if not kind:
                    continue
                for spans in mentions.values():
                    for start, end in spans:
                        _mark(tags, start, end + 1, kind)
            yield _norm(chars, tags)


def _mark(tags: list[str], start: int, end: int, kind: str) -> bool:
    if start < 0 or end > len(tags) or any(t != "O" for t in tags[start:end]):
        return False
    tags[start] = f"B-{kind}"
    for i in range(start + 1, end):
        tags[i] = f"I-{kind}"
    return True


def project_gold(text: str, gold: dict) -> list[tuple[int, int, str]]:
    """Spans of a gold record's strings in ``text``, longest first, no overlaps.

    Titles lose the article's district in gold ("区委书记" for "中原区委书记"); a title
    printed with the district name before it is labelled with that name.
    """
    items: list[tuple[str, str]] = []
    for person in gold.get("people") or []:
        if person.get("name"):
            items.append((person["name"], "PER"))
        items.extend((t, "TITLE") for t in person.get("titles") or [] if t)
    for field, kind in GOLD_FIELDS:
        items.extend((s, kind) for s in gold.get(field) or [] if s)
    district = gold.get("district") or ""
    bases = {district, district[:-1] if len(district) > 2 and district[-1] in LEVEL else district} - {""}
    taken = [False] * len(text)
    spans: list[tuple[int, int, str]] = []
    for string, kind in sorted(set(items), key=lambda x: -len(x[0])):
        if len(string) < 2:
            continue
        for m in re.finditer(re.escape(string), text):
            start, end = m.span()
            if kind == "TITLE":
                for base in sorted(bases, key=len, reverse=True):
                    if text.startswith(base, start - len(base)) and string[0] in LEVEL + "委政人":
                        start -= len(base)
                        break
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            spans.append((start, end, kind))
    return spans


def read_trainb(folder: Path) -> Iterator[tuple[str, Sentence]]:
    """(article id, sentence) pairs of trainB with projected gold labels."""
    golds = {}
    with (folder / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                golds[record["id"]] = record
    with (folder / "articles.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            article = json.loads(line)
            gold = golds.get(article["id"])
            if gold is None:
                continue
            text = normalize_width(article["text"])
            tags = ["O"] * len(text)
            for start, end, kind in project_gold(text, gold):
                _mark(tags, start, end, kind)
            for m in _SPLIT.finditer(text):
                s, e = m.span()
                chars, sent_tags = _norm(list(text[s:e]), tags[s:e])
                # keep only sentences that are prose (page chrome lines are mostly short and untagged)
                if len(chars) >= 4:
                    yield article["id"], (chars, sent_tags)


def spans_of(tags: list[str]) -> set[tuple[int, int, str]]:
    out: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if start >= 0 and not (tag.startswith("I-") and tag[2:] == kind):
            out.add((start, i, kind))
            start = -1
        if tag.startswith("B-") or (tag.startswith("I-") and start < 0):
            start, kind = i, tag[2:]
    return out


def silver_titles(sentences: Iterable[Sentence], lexicon: set[str]) -> int:
    """Label title strings of ``lexicon`` in the O stretches of ``sentences`` (in place).

    MSRA has no title type (国家主席 in 国家主席江泽民 is O); left as O it would teach the
    model that titles are not entities. Only exact strings seen as titles elsewhere are
    marked, longest first, and only when they touch a person or a sentence edge-free O run.
    """
    by_len = sorted(lexicon, key=len, reverse=True)
    first = {}
    for t in by_len:
        first.setdefault(t[0], []).append(t)
    marked = 0
    for chars, tags in sentences:
        text = "".join(chars)
        i = 0
        while i < len(text):
            hit = None
            if tags[i] == "O":
                for t in first.get(text[i], ()):
                    if text.startswith(t, i) and all(x == "O" for x in tags[i:i + len(t)]):
                        hit = t
                        break
            if hit:
                _mark(tags, i, i + len(hit), "TITLE")
                marked += 1
                i += len(hit)
            else:
                i += 1
    return marked


def title_lexicon(corpora: Iterable[Sentence], min_count: int = 3) -> set[str]:
    counts: Counter[str] = Counter()
    for chars, tags in corpora:
        for s, e, kind in spans_of(tags):
            if kind == "TITLE" and 2 <= e - s <= 12:
                counts["".join(chars[s:e])] += 1
    # Keep strings that end in one of kg's own title cores (书记, 局长, 主任…): CLUENER's
    # "position" also covers 战士, 笔者, 党员, 领导, which news text must not learn as titles.
    cores = [w for line in (ROOT / "kg/extract/lexicons/title_cores.txt").read_text(encoding="utf-8").splitlines()
             if not line.startswith("#") for w in line.split()]
    return {t for t, n in counts.items() if n >= min_count and t.endswith(tuple(cores))}


def write_tsv(sentences: Iterable[Sentence], path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for chars, tags in sentences:
            if not chars:
                continue
            for ch, tag in zip(chars, tags, strict=True):
                fh.write(f"{ch}\t{tag}\n")
            fh.write("\n")
            n += 1
    return n


def chunk(sentences: Iterable[Sentence], limit: int = 150) -> Iterator[Sentence]:
    """Cut over-long sentences at a comma (never inside an entity) so batches stay small."""
    for chars, tags in sentences:
        while len(chars) > limit:
            cut = next((i + 1 for i in range(limit - 1, limit // 2, -1)
                        if chars[i] in ",，、;；" and not tags[i + 1 if i + 1 < len(tags) else i].startswith("I-")),
                       limit)
            while cut < len(tags) and tags[cut].startswith("I-"):
                cut -= 1
            if cut <= 0:
                break
            yield chars[:cut], tags[:cut]
            chars, tags = chars[cut:], tags[cut:]
        yield chars, tags


def load_corpora(shared: Path) -> dict[str, tuple[list[Sentence], list[Sentence]]]:
    """{corpus: (train, held-out)} for every corpus that is present under ``shared``."""
    out: dict[str, tuple[list[Sentence], list[Sentence]]] = {}

    def split(items: Iterable[Sentence], percent: int) -> tuple[list[Sentence], list[Sentence]]:
        train, held = [], []
        for s in items:
            (held if bucket("".join(s[0])) < percent else train).append(s)
        return train, held

    msra = shared / "data/msra_ner/msra_train_bio_filtered.txt"
    if msra.exists():
        out["msra"] = split(read_columns(msra, MSRA_MAP), 5)
    cluener = shared / "data/cluener2020/train.json"
    if cluener.exists():
        out["cluener"] = split(read_cluener(cluener), 5)
    resume = shared / "data/resume_ner/train.char.bmes"
    if resume.exists():
        out["resume"] = split(read_columns(resume, RESUME_MAP), 5)
    trainb = shared / "gold/trainB"
    if (trainb / "gold.jsonl").exists():
        train, held = [], []
        for article_id, s in read_trainb(trainb):
            (held if bucket(article_id) < 15 else train).append(s)
        out["trainB"] = (train, held)
    return out


def evaluate(tagger, sentences: list[Sentence]) -> dict[str, dict[str, float]]:
    """Exact-span P/R/F1 per tag of ``tagger`` on ``sentences``."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    batch = [chars for chars, _ in sentences]
    predicted = tagger(batch, batch_size=128) if batch else []
    for (_chars, tags), spans in zip(sentences, predicted, strict=True):
        gold = spans_of(tags)
        pred = {(b, e, label) for _t, label, b, e in spans}
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    table = {}
    for kind in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[kind] / (tp[kind] + fp[kind]) if tp[kind] + fp[kind] else 0.0
        r = tp[kind] / (tp[kind] + fn[kind]) if tp[kind] + fn[kind] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        table[kind] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "n": tp[kind] + fn[kind]}
    return table


def held_out_table(model: str, shared: Path) -> dict[str, dict[str, dict[str, float]]]:
    """Scores of ``model`` on every held-out split (and on Resume dev, never trained on)."""
    from kg.extract.hanlp_ner import load_tagger

    tagger = load_tagger(model)
    corpora = load_corpora(shared)
    results = {name: evaluate(tagger, list(chunk(held))) for name, (_train, held) in corpora.items()}
    resume_dev = shared / "data/resume_ner/dev.char.bmes"
    if resume_dev.exists():
        results["resume-dev"] = evaluate(tagger, list(chunk(read_columns(resume_dev, RESUME_MAP))))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--out", default=str(ROOT / "kg/extract/model"))
    ap.add_argument("--model", help="with --eval-only: the model to score (default --out)")
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--embed", type=int, default=100)
    ap.add_argument("--lr", type=float, default=0.001)
    ap.add_argument("--msra-fraction", type=float, default=1.0, help="use this share of MSRA train")
    ap.add_argument("--bigram-buckets", type=int, default=0,
                    help="hashed character-bigram embedding rows (0: characters only)")
    ap.add_argument("--bigram-dim", type=int, default=50, help="dimensions of a bigram embedding")
    ap.add_argument("--init-from", help="a saved model folder whose weights start the training")
    ap.add_argument("--patience", type=int, default=3, help="epochs without a better dev score before stopping")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--weight", action="append", default=[], metavar="CORPUS=N",
                    help="repeat a corpus's training sentences N times (e.g. msra=2); 0 leaves it out")
    ap.add_argument("--select-on", action="append", metavar="CORPUS",
                    help="select the model on these corpora's held-out splits only (default: all)")
    ap.add_argument("--eval-only", action="store_true")
    args = ap.parse_args()
    shared = Path(args.shared)

    import torch

    torch.set_num_threads(1)
    if args.eval_only:
        print(json.dumps(held_out_table(args.model or args.out, shared), ensure_ascii=False, indent=1))
        return
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    from kg.extract.hanlp_ner import CRFRNNNamedEntityRecognizer

    corpora = load_corpora(shared)
    if not corpora:
        raise SystemExit(f"no training corpora under {shared}")
    titled = [s for name, (train, _) in corpora.items() if name != "msra" for s in train]
    lexicon = title_lexicon(titled)
    if "msra" in corpora:
        train, held = corpora["msra"]
        if args.msra_fraction < 1:
            train = [s for s in train if bucket("m" + "".join(s[0])) < args.msra_fraction * 100]
        marked = silver_titles(train, lexicon)
        corpora["msra"] = (train, held)
        print(f"silver titles: {len(lexicon)} strings, {marked} marked in MSRA train", flush=True)
    weights = dict(w.split("=", 1) for w in args.weight)
    unknown = set(weights) - set(corpora)
    if unknown:
        raise SystemExit(f"--weight names no loaded corpus: {sorted(unknown)} (corpora: {sorted(corpora)})")
    train_all = [s for name, (train, _) in corpora.items() if weights.get(name, "1") != "0" for s in chunk(train)]
    random.Random(1).shuffle(train_all)  # the same order (and so the same vocabulary) for every seed
    # Repeated corpora go after the base set, so the vocabulary (built in order of first appearance) and
    # the character ids the bigram hashes use stay those of an unweighted run: a warm start keeps its bigrams.
    extra_copies = [s for name, (train, _) in corpora.items() for _ in range(int(weights.get(name, 1)) - 1)
                    for s in chunk(train)]
    random.Random(2).shuffle(extra_copies)
    train_all += extra_copies
    select = set(args.select_on or corpora)
    dev_all = [s for name, (_, held) in corpora.items() if name in select for s in chunk(held[:1500])]
    work = Path(tempfile.mkdtemp(prefix="kg-ner-"))
    n_train = write_tsv(train_all, work / "train.tsv")
    n_dev = write_tsv(dev_all, work / "dev.tsv")
    print(f"train {n_train} sentences, dev {n_dev} ({', '.join(corpora)}); TSV in {work}", flush=True)
    started = time.time()
    extra = {"bigram_buckets": args.bigram_buckets, "bigram_dim": args.bigram_dim} if args.bigram_buckets else {}
    if args.init_from:
        extra["init_from"] = str(Path(args.init_from).resolve())
    tagger = CRFRNNNamedEntityRecognizer()
    tagger.fit(str(work / "train.tsv"), str(work / "dev.tsv"), args.out, epochs=args.epochs,
               embed=args.embed, rnn_hidden=args.hidden, crf=True, batch_size=32, patience=args.patience,
               lr=args.lr, tagging_scheme="BIO", devices=-1, seed=args.seed, **extra)
    print(f"trained in {time.time() - started:.0f} s; model saved to {args.out}", flush=True)
    table = held_out_table(args.out, shared)
    (Path(args.out) / "metrics.json").write_text(json.dumps(table, ensure_ascii=False, indent=1) + "\n",
                                                 encoding="utf-8")
    print(json.dumps(table, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

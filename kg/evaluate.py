"""Scoring extractions against gold annotations (the rules of data/gold/GUIDELINES.md).

Agrees with the reference scorer (``shared/tools/kg_score.py``): records are pooled
per document (``id``, else ``file``); strings are NFKC-folded with quotes and
spaces removed; titles, organizations and INSPECTED/ACCOMPANIED targets lose a
leading district name; CHAIRED and ATTENDED are (person, meeting) pairs whose meeting
names match when one contains the other and keeps at least half of it (scorer v2);
REPORTED is compared by its source.

>>> gold = {"d": [{"district": "中原区", "people": [{"name": "乔耸", "titles": ["区委书记"]}]}]}
>>> pred = {"d": [{"people": [{"name": "乔耸", "titles": ["中原区委书记"]}]}]}
>>> score(gold, pred)["fields"]["person+title"]["f1"]
1.0
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

from kg.errors import InputError

_QUOTES = re.compile(r"[\s“”\"‘’'「」『』《》〈〉]")
_LEVEL = "区县市旗州镇乡街盟"

FIELDS = ["person", "title", "person+title", "organization", "place", "project",
          "INSPECTED", "ACCOMPANIED", "CHAIRED", "ATTENDED", "REPORTED"]
ENTITY_FIELDS = ["person", "organization", "place", "project"]
RELATION_FIELDS = ["person+title", "INSPECTED", "ACCOMPANIED", "CHAIRED", "ATTENDED", "REPORTED"]

Docs = dict[str, list[dict[str, Any]]]


def fold(value: Any) -> str:
    """NFKC, without quote marks and spaces."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(value or "")))


def district_bases(districts: Any) -> list[str]:
    """District names without their level character, longest first."""
    bases = set()
    for d in districts:
        d = fold(d)
        if d:
            bases.add(d[:-1] if len(d) > 2 and d[-1] in _LEVEL else d)
    return sorted(bases, key=len, reverse=True)


def strip_district(text: str, bases: list[str]) -> str:
    for b in bases:
        if text.startswith(b) and len(text) > len(b) and text[len(b)] in _LEVEL:
            return text[len(b):]
    return text


def load_docs(path: str | Path) -> Docs:
    """Records of a JSONL file grouped by document key; a bad line raises InputError."""
    docs: Docs = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(str(path), n, f"not JSON: {exc.msg}") from exc
            key = str(rec["id"]) if rec.get("id") is not None else str(rec.get("file"))
            docs[key].append(rec)
    return docs


def facts(records: list[dict[str, Any]], bases: list[str]) -> dict[str, set[Any]]:
    """Comparable facts of one document, by field."""
    out: dict[str, set[Any]] = defaultdict(set)
    for r in records:
        for p in r.get("people") or []:
            name = fold(p.get("name"))
            if not name:
                continue
            out["person"].add(name)
            for t in p.get("titles") or []:
                t = strip_district(fold(t), bases)
                if t:
                    out["title"].add(t)
                    out["person+title"].add((name, t))
        for t in r.get("titles_free") or []:
            t = strip_district(fold(t), bases)
            if t:
                out["title"].add(t)
        for o in r.get("organizations") or []:
            o = strip_district(fold(o), bases)
            if o:
                out["organization"].add(o)
        for field, kind in (("places", "place"), ("projects", "project")):
            for x in r.get(field) or []:
                if fold(x):
                    out[kind].add(fold(x))
        for rel in r.get("relations") or []:
            typ = str(rel.get("type", "")).upper()
            src = fold(rel.get("source"))
            if not src:
                continue
            if typ in ("INSPECTED", "ACCOMPANIED"):
                out[typ].add((src, strip_district(fold(rel.get("target")), bases)))
            elif typ in MEETING_TYPES:
                out[typ].add((src, fold(rel.get("target"))))
            elif typ == "REPORTED":
                out[typ].add(src)
    return out


#: Relation types whose target is a meeting name, matched leniently (:func:`same_meeting`).
MEETING_TYPES = ("CHAIRED", "ATTENDED")


def same_meeting(a: str, b: str) -> bool:
    """Meeting names match when equal, or when one contains the other and keeps at least half of it.

    >>> same_meeting("常务会议", "区政府常务会议"), same_meeting("常务会议", "区政府第12次常务会议")
    (True, False)
    """
    if a == b:
        return True
    short, long_ = sorted((a or "", b or ""), key=len)
    return bool(short) and short in long_ and 2 * len(short) >= len(long_)


def match_counts(field: str, gold: set[Any], pred: set[Any]) -> tuple[int, int, int]:
    """(tp, fp, fn) of one field of one document; meetings pair up one to one, greedily."""
    if field not in MEETING_TYPES:
        tp = len(gold & pred)
        return tp, len(pred - gold), len(gold - pred)
    left = list(pred)
    tp = 0
    for src, meeting in sorted(gold):
        hit = next((p for p in left if p[0] == src and same_meeting(p[1], meeting)), None)
        if hit is not None:
            left.remove(hit)
            tp += 1
    return tp, len(pred) - tp, len(gold) - tp


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (1.0 where nothing was expected and nothing found)."""
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: Docs, pred: Docs) -> dict[str, Any]:
    """Micro-averaged P/R/F1 per field plus ENTITIES and RELATIONS totals."""
    counts = {f: [0, 0, 0] for f in FIELDS}
    for key, grecs in gold.items():
        bases = district_bases(r.get("district") for r in grecs)
        g = facts(grecs, bases)
        p = facts(pred.get(key, []), bases)
        for f in FIELDS:
            for i, c in enumerate(match_counts(f, g[f], p[f])):
                counts[f][i] += c
    result: dict[str, Any] = {
        "documents": len(gold),
        "n_missing": sum(1 for k in gold if k not in pred),
        "n_extra": sum(1 for k in pred if k not in gold),
        "fields": {},
    }
    groups = [(f, [f]) for f in FIELDS] + [("ENTITIES", ENTITY_FIELDS), ("RELATIONS", RELATION_FIELDS)]
    for name, group in groups:
        tp, fp, fn = (sum(counts[f][i] for f in group) for i in range(3))
        if tp + fp + fn:
            p, r, f1 = prf(tp, fp, fn)
            result["fields"][name] = {"p": p, "r": r, "f1": f1, "tp": tp, "fp": fp, "fn": fn}
    return result


def format_table(result: dict[str, Any]) -> str:
    """The score as the reference scorer prints it."""
    lines = [f"documents: {result['documents']}  missing from prediction: {result['n_missing']}  "
             f"extra: {result['n_extra']}",
             f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for f, v in result["fields"].items():
        lines.append(f"{f:<14}{v['p']:7.3f}{v['r']:7.3f}{v['f1']:7.3f}{v['tp']:6d}{v['fp']:6d}{v['fn']:6d}")
    return "\n".join(lines)

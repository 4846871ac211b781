"""The review list: doubtful entities and facts to confirm or reject into the corrections file.

:func:`doubtful` reads extraction records (with the corrections already made) and lists:

* ``near-duplicate`` — two nodes of one kind whose names differ by a generic ending only
  (郑州 / 郑州市, 嵩山路 / 嵩山路工程 of one kind, 区妇联 / 区妇女联合会 in one district), or one
  person under two units, one of them unknown. Accept: a ``[[merge]]`` rule. Reject: they are
  distinct (a ``[[confirm]]``).
* ``tagger-only`` — an entity only the statistical tagger saw (no rule of the domain layer
  confirmed it): the least certain kind of entity. Accept: ``[[confirm]]``. Reject: ``[[block]]``.
* ``singleton`` — an organization, place or project named once, in one sentence of one article,
  with no fact of its own. Accept: ``[[confirm]]``. Reject: ``[[block]]``.
* ``low-confidence`` — a fact whose evidence sentence does not name both its ends (the name was
  carried over from an earlier sentence): confidence 0.5 when one end is missing, 0.2 when both
  are. Accept: ``[[confirm]]``. Reject: a ``[[fact]]`` removal for that article.

Every item has a stable id (a digest of what it is about, not of its position), so
``kg review --accept ID`` and ``--reject ID`` work across runs, and a decided item is not
listed again (its rule carries ``review = ID``).

>>> recs = [{"article_id": "a", "district": "中原区", "places": ["郑州"]},
...         {"article_id": "b", "district": "中原区", "places": ["郑州市"]}]
>>> [(i.kind, i.names) for i in doubtful(recs) if i.kind == "near-duplicate"]
[('near-duplicate', ['郑州市', '郑州'])]
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.corrections import Corrections, CorrectionsError, append_rule
from kg.resolve import Entity, Fact, resolve

#: Endings that make a longer name of the same thing (郑州市, 嵩山路工程): one differing ending → near-duplicate.
GENERIC_ENDINGS = ("市", "县", "区", "省", "镇", "乡", "村", "街道", "社区", "项目", "工程", "一期", "二期",
                   "公司", "有限公司", "集团", "委员会", "联合会", "办公室", "管委会")
#: Mention components of the statistical tagger (kg.extract): an entity seen by these alone is tagger-only.
TAGGER_COMPONENTS = frozenset({"hanlp_ner", "ner_entities"})
#: Relation types whose evidence is checked for both ends.
CHECKED_FACTS = ("INSPECTED", "ACCOMPANIED", "CHAIRED", "ATTENDED")
KINDS = ("near-duplicate", "low-confidence", "tagger-only", "singleton")
_NAMED = ("Person", "Organization", "Place", "Project")


@dataclass
class Item:
    """One doubtful thing, with what accepting and rejecting it write into the corrections file."""

    id: str
    kind: str
    label: str
    names: list[str]
    reason: str
    confidence: float
    articles: list[str] = field(default_factory=list)
    evidence: str = ""
    on_accept: tuple[str, dict[str, Any]] = ("confirm", {})
    on_reject: tuple[str, dict[str, Any]] = ("confirm", {})

    def row(self) -> dict[str, Any]:
        """A printable row (``kg review`` table/json)."""
        return {"id": self.id, "kind": self.kind, "label": self.label, "names": " / ".join(self.names),
                "confidence": round(self.confidence, 2), "reason": self.reason,
                "accept": _show(self.on_accept), "reject": _show(self.on_reject),
                "articles": ", ".join(self.articles[:3]) + (" …" if len(self.articles) > 3 else ""),
                "evidence": self.evidence}


def _show(rule: tuple[str, dict[str, Any]]) -> str:
    kind, body = rule
    shown = ", ".join(f"{k}={v}" for k, v in body.items() if k != "review")
    return f"[[{kind}]] {shown}".strip()


def _digest(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:10]


def doubtful(records: Iterable[dict[str, Any]], corrections: Corrections | None = None,
             kinds: Iterable[str] = KINDS) -> list[Item]:
    """The review list of ``records`` after ``corrections``, least confident first, decided items left out."""
    records = list(records)
    entities, facts = resolve(records)
    if corrections is not None:
        entities, facts = corrections.apply(entities, facts)
    wanted = set(kinds)
    items: list[Item] = []
    if "near-duplicate" in wanted:
        items += _near_duplicates(entities)
    if "low-confidence" in wanted:
        items += _low_confidence(entities, facts)
    if "tagger-only" in wanted or "singleton" in wanted:
        items += [i for i in _weak_entities(records, entities, facts) if i.kind in wanted]
    done = corrections.reviewed() if corrections is not None else set()
    unique = {i.id: i for i in items if i.id not in done}
    return sorted(unique.values(), key=lambda i: (i.confidence, KINDS.index(i.kind), i.names, i.id))


def _near_duplicates(entities: dict[str, Entity]) -> list[Item]:
    by_name: dict[tuple[str, str | None, str], list[Entity]] = defaultdict(list)
    for e in entities.values():
        if e.label in _NAMED:
            scope_key = e.district if e.label == "Organization" else None
            by_name[(e.label, scope_key, e.name)].append(e)
    out: list[Item] = []
    for (label, scope_key, name), ents in sorted(by_name.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", kv[0][2])):
        if label == "Person":
            continue
        for ending in GENERIC_ENDINGS:
            shorter = name[: -len(ending)] if name.endswith(ending) and len(name) - len(ending) >= 2 else None
            if not shorter or (label, scope_key, shorter) not in by_name:
                continue
            longer_ent, shorter_ent = ents[0], by_name[(label, scope_key, shorter)][0]
            key = _digest("near-duplicate", label, scope_key or "", name, shorter)
            rule: dict[str, Any] = {"names": [name, shorter], "label": label, "review": key}
            if scope_key:
                rule["district"] = scope_key
            out.append(Item(key, "near-duplicate", label, [name, shorter],
                            f"{label} names that differ only by the ending {ending}", 0.5,
                            sorted({*longer_ent.articles, *shorter_ent.articles}),
                            on_accept=("merge", rule), on_reject=("confirm", {"review": key,
                                                                              "note": f"{name} ≠ {shorter}"})))
    out += _abbreviations(entities)
    people: dict[str, list[Entity]] = defaultdict(list)
    for e in entities.values():
        if e.label == "Person" and e.id.startswith("Person:"):
            people[e.name].append(e)
    for name, ents in sorted(people.items()):
        unknown = [e for e in ents if e.id.startswith("Person:*:")]
        known = [e for e in ents if not e.id.startswith("Person:*:")]
        if len(known) == 1 and unknown:
            key = _digest("near-duplicate", "Person", name, known[0].id, unknown[0].id)
            out.append(Item(key, "near-duplicate", "Person", [name], (
                f"{name} of {known[0].district} and {name} of no known unit may be one person"), 0.5,
                sorted({*known[0].articles, *unknown[0].articles}),
                on_accept=("merge", {"ids": [known[0].id, unknown[0].id], "review": key}),
                on_reject=("confirm", {"review": key, "note": f"{name}: two people"})))
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _abbreviations(entities: dict[str, Entity]) -> list[Item]:
    """Organizations of one district where one name abbreviates the other (中原区妇联 / 中原区妇女联合会).

    Names are compared only within a bucket of (district, first character after the
    district's name), so the work stays near-linear in the number of organizations.
    """
    buckets: dict[tuple[str | None, str], list[Entity]] = defaultdict(list)
    for e in entities.values():
        if e.label == "Organization":
            rest = e.name[len(e.district):] if e.district and e.name.startswith(e.district) else e.name
            if len(rest) >= 2:
                buckets[(e.district, rest[0])].append(e)
    out: list[Item] = []
    for (district, _), ents in sorted(buckets.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        ents.sort(key=lambda e: (len(e.name), e.name))
        for i, short in enumerate(ents):
            for long in ents[i + 1:]:
                if len(long.name) <= len(short.name) or long.name.startswith(short.name) \
                        or short.name[-1] not in long.name[-3:] or not _subsequence(short.name, long.name):
                    continue
                key = _digest("near-duplicate", "Organization", district or "", long.name, short.name)
                rule: dict[str, Any] = {"names": [long.name, short.name], "label": "Organization", "review": key}
                if district:
                    rule["district"] = district
                out.append(Item(key, "near-duplicate", "Organization", [long.name, short.name],
                                "one name may abbreviate the other", 0.5, sorted({*long.articles, *short.articles}),
                                on_accept=("merge", rule),
                                on_reject=("confirm", {"review": key, "note": f"{long.name} ≠ {short.name}"})))
    return out


def _low_confidence(entities: dict[str, Entity], facts: list[Fact]) -> list[Item]:
    out: list[Item] = []
    for f in facts:
        if f.type not in CHECKED_FACTS or f.source not in entities or f.target not in entities:
            continue
        src, tgt = entities[f.source], entities[f.target]
        sentence = f.evidence or ""
        has_src = any(n in sentence for n in (src.name, *src.aliases))
        has_tgt = f.type in ("CHAIRED", "ATTENDED") or any(n in sentence for n in (tgt.name, *tgt.aliases))
        if has_src and has_tgt:
            continue
        confidence = 0.5 if has_src or has_tgt else 0.2
        missing = " and ".join(n for n, ok in ((src.name, has_src), (tgt.name, has_tgt)) if not ok)
        key = _digest("low-confidence", f.type, f.source, f.target, f.article)
        out.append(Item(key, "low-confidence", f.type, [src.name, tgt.name],
                        f"{f.type}: the evidence sentence does not name {missing}", confidence, [f.article], sentence,
                        on_accept=("confirm", {"review": key, "note": f"{f.type} {src.name} → {tgt.name}"}),
                        on_reject=("fact", {"action": "remove", "type": f.type, "source": src.name,
                                            "target": tgt.name, "article": f.article, "review": key})))
    return out


def _weak_entities(records: list[dict[str, Any]], entities: dict[str, Entity], facts: list[Fact]) -> list[Item]:
    components: dict[str, set[str]] = defaultdict(set)
    sentences: dict[str, set[tuple[str, Any]]] = defaultdict(set)
    for r in records:
        art = str(r.get("article_id") or r.get("id") or "")
        for m in r.get("mentions") or []:
            for text in {m.get("text"), m.get("label")} - {None}:
                components[str(text)].add(str(m.get("component")))
                sentences[str(text)].add((art, m.get("sentence")))
    in_fact = {end for f in facts if f.type not in ("MENTIONED_IN", "CO_OCCURS") for end in (f.source, f.target)}
    out: list[Item] = []
    for e in sorted(entities.values(), key=lambda e: e.id):
        if e.label not in _NAMED or (e.label == "Person" and e.id.startswith("Person:*:") and e.id in in_fact):
            continue
        names = [e.name, *e.aliases]
        seen = set().union(*(components.get(n, set()) for n in names))
        where = set().union(*(sentences.get(n, set()) for n in names))
        block = ("block", {"name": e.name, "label": e.label, **({"district": e.district} if e.district and
                                                                e.label != "Place" else {})})
        if seen and seen <= TAGGER_COMPONENTS:
            key = _digest("tagger-only", e.id)
            out.append(Item(key, "tagger-only", e.label, [e.name], "only the statistical tagger found it", 0.4,
                            sorted(e.articles), on_accept=("confirm", {"review": key, "note": e.name}),
                            on_reject=(block[0], {**block[1], "review": key})))
        elif e.label != "Person" and len(e.articles) == 1 and len(where) <= 1 and e.id not in in_fact:
            key = _digest("singleton", e.id)
            out.append(Item(key, "singleton", e.label, [e.name], "named once, in one article, in no fact", 0.7,
                            sorted(e.articles), on_accept=("confirm", {"review": key, "note": e.name}),
                            on_reject=(block[0], {**block[1], "review": key})))
    return out


def _decide(path: Path | str, item_id: str, items: list[Item], accepted: bool) -> Item:
    item = next((i for i in items if i.id == item_id), None)
    if item is None:
        raise CorrectionsError(f"no review item {item_id!r} in the current list (already decided, or the data "
                               "changed); run `kg review` to list them")
    kind, rule = item.on_accept if accepted else item.on_reject
    verdict = "accepted" if accepted else "rejected"
    append_rule(path, kind, rule, comment=f"kg review {item.id} {verdict}: {item.kind} {' / '.join(item.names)} "
                                          f"({item.reason})")
    return item


def accept(path: Path | str, item_id: str, items: list[Item]) -> Item:
    """Write what accepting review item ``item_id`` means into the corrections file ``path``."""
    return _decide(path, item_id, items, True)


def reject(path: Path | str, item_id: str, items: list[Item]) -> Item:
    """Write what rejecting review item ``item_id`` means into the corrections file ``path``."""
    return _decide(path, item_id, items, False)

"""User corrections that survive re-runs: a TOML (or CSV) file applied after resolution.

``kg build --corrections FILE``, the job's ``corrections`` key and ``kg review`` use one
file, by default ``kg-corrections.toml``. It is read every time a graph is built, after
extraction and resolution and before events, files and the store, so re-extracting an
article never undoes it: the extractor writes the facts, the file has the last word.

.. code-block:: toml

    [[merge]]                      # aliases: one entity, named by the first name
    names = ["郑州市", "郑州"]
    label = "Place"                # optional: Person, Organization, Place, Project, Meeting
    # district = "中原区"          # optional: only entities of this district (unit, for people)
    # across_districts = true      # merge entities of different districts too (default: per district)

    [[merge]]                      # or exact node ids, the one to keep first (kg review writes these for people)
    ids = ["Person:中原区:刘斌", "Person:*:刘斌"]

    [[merge]]
    names = ["区妇女联合会", "区妇联"]   # in each district: 中原区妇联 → 中原区妇女联合会

    [[split]]                      # same-name people: these articles' mentions are someone else
    name = "刘斌"
    district = "中原区"
    articles = ["003_6c199235f94af08b.txt"]   # article ids, or a page file (all its articles)
    as = "刘斌(区人大)"            # optional display name of the new node
    # by = "article" | "district"  # instead of articles: one node per article / per article district

    [[block]]                      # false entities: the node and every fact touching it go
    name = "能够增强城乡"
    label = "Place"                # optional

    [[fact]]                       # remove a fact (all articles, or one)
    action = "remove"
    type = "INSPECTED"
    source = "陈红民"
    target = "背街支路"
    # article = "002_c691d486a3cfc023.txt"

    [[fact]]                       # fix a fact: change its type, source or target
    action = "fix"
    type = "ATTENDED"
    source = "习近平"
    target = "集体学习会议"
    new_type = "MENTIONED"         # or: new_source = "…", new_target = "…"; MENTIONED drops the fact

    [[fact]]                       # add a fact the extractor missed
    action = "add"
    type = "INSPECTED"
    source = "李晓雷"
    target = "华侨城文旅项目"
    article = "003_6c199235f94af08b.txt#中原区领导调研项-fc27be"
    evidence = "李晓雷调研华侨城文旅项目。"      # optional
    # event = "V1"                 # the visit of the article it belongs to (default: the source's visits there)
    # title = "区长"               # for type = "HOLDS_TITLE": the title as printed

    [[confirm]]                    # kg review: checked and right; not listed again
    review = "d3f1a2b4c5"

The CSV form has the header ``rule,label,district,name,other,article`` with one rule per
row: ``merge`` (name = the name to keep, other = aliases separated by ``|``), ``block``
(name), ``split`` (name, article = ids separated by ``|``, other = display name),
``remove-fact`` (label = relation type, name = source, other = target, article optional)
and ``confirm`` (name = review id).

Rules match entities by name or alias (and label and district when given); a rule that
matches nothing is reported in :attr:`Corrections.unmatched` (kg build prints it), so a
typo or an entity that re-extraction renamed does not pass unnoticed.

>>> from kg.resolve import resolve
>>> recs = [{"article_id": "a", "district": "中原区", "places": ["郑州"], "organizations": ["区妇联"]},
...         {"article_id": "b", "district": "中原区", "places": ["郑州市"], "organizations": []}]
>>> ents, facts = resolve(recs)
>>> fix = parse_corrections({"merge": [{"names": ["郑州市", "郑州"]}, {"names": ["区妇女联合会", "区妇联"]}]})
>>> ents, facts = fix.apply(ents, facts)
>>> sorted(e.id for e in ents.values() if e.label in ("Place", "Organization"))
['Organization:中原区妇女联合会', 'Place:郑州市']
>>> ents["Place:郑州市"].articles, ents["Place:郑州市"].aliases
(['a', 'b'], ['郑州', '郑州市'])
"""

from __future__ import annotations

import csv
import json
import tomllib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.names import scope
from kg.resolve import Entity, Fact, clean_evidence, read_title, set_person_titles, title_organization

DEFAULT_FILE = "kg-corrections.toml"
#: Labels a rule may name (articles and visits are not corrected by name).
LABELS = ("Person", "Organization", "Place", "Project", "Meeting")
FACT_TYPES = ("HOLDS_TITLE", "INSPECTED", "ACCOMPANIED", "CHAIRED", "ATTENDED", "REPORTED")
#: ``new_type`` that removes the fact (it was a mere mention).
DROP_TYPE = "MENTIONED"
_KEYS = {
    "merge": {"names", "ids", "label", "district", "across_districts", "review", "note"},
    "split": {"name", "label", "district", "articles", "as", "by", "review", "note"},
    "block": {"name", "label", "district", "review", "note"},
    "fact": {"action", "type", "source", "target", "article", "title", "evidence", "sentence", "event", "new_type",
             "new_source", "new_target", "review", "note"},
    "confirm": {"review", "note"},
}


class CorrectionsError(KGError):
    """A corrections file that cannot be read or holds a rule kg does not understand."""


@dataclass
class Corrections:
    """The rules of a corrections file, applied by :meth:`apply`."""

    merge: list[dict[str, Any]] = field(default_factory=list)
    split: list[dict[str, Any]] = field(default_factory=list)
    block: list[dict[str, Any]] = field(default_factory=list)
    fact: list[dict[str, Any]] = field(default_factory=list)
    confirm: list[dict[str, Any]] = field(default_factory=list)
    source: str = ""
    applied: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.merge) + len(self.split) + len(self.block) + len(self.fact) + len(self.confirm)

    def reviewed(self) -> set[str]:
        """Review ids already decided (accepted or rejected) in this file."""
        return {str(r["review"]) for kind in _KEYS for r in getattr(self, kind) if r.get("review")}

    def apply(self, entities: dict[str, Entity], facts: list[Fact]) -> tuple[dict[str, Entity], list[Fact]]:
        """Entities and facts with every rule applied: blocks, merges, splits, fact removals, other fact rules.

        The inputs are not changed. :attr:`applied` and :attr:`unmatched` say what each rule did.
        """
        self.applied, self.unmatched = [], []
        ents = {k: _copy(e) for k, e in entities.items()}
        self._names: dict[str, set[str]] = defaultdict(set)  # name or alias -> ids (only grows; checked on use)
        for e in ents.values():
            self._index(e)
        out = list(facts)
        gone: set[str] = set()
        for rule in self.block:
            gone |= self._block(rule, ents)
        if gone:  # one pass over the facts for every block rule
            out = [f for f in out if f.source not in gone and f.target not in gone]
        mapping: dict[str, str] = {}  # merged id -> the id it went into (chains followed below)
        for rule in self.merge:
            self._merge(rule, ents, mapping)
        out = _remap(out, {old: _final(mapping, old) for old in mapping})
        for rule in self.split:
            out = self._split(rule, ents, out)
        removals = [r for r in self.fact if _removes(r)]
        out = self._remove_facts(removals, ents, out)
        for rule in self.fact:
            if not _removes(rule):
                out = self._fact(rule, ents, out)
        out = _tidy(ents, out)
        return ents, out

    def _remove_facts(self, rules: list[dict[str, Any]], ents: dict[str, Entity], facts: list[Fact]) -> list[Fact]:
        """Every removal rule in one pass over the facts (rules indexed by type and source or target name)."""
        by_source: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_target: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, rule in enumerate(rules):
            typ = str(rule["type"]).upper()
            if rule.get("source"):
                by_source[(typ, str(rule["source"]))].append(i)
            else:
                by_target[(typ, str(rule["target"]))].append(i)
        hits = [0] * len(rules)
        out = []
        for f in facts:
            src, tgt = ents.get(f.source), ents.get(f.target)
            candidates: set[int] = set()
            for n in ({src.name, *src.aliases} if src else ()):
                candidates.update(by_source.get((f.type, n), ()))
            for n in ({tgt.name, *tgt.aliases, tgt.props.get("headline")} - {None} if tgt else ()):
                candidates.update(by_target.get((f.type, str(n)), ()))
            matched = [i for i in sorted(candidates) if _fact_matches(rules[i], f, ents)]
            for i in matched:
                hits[i] += 1
            if not matched:
                out.append(f)
        for rule, n in zip(rules, hits, strict=True):
            action = rule.get("action", "remove")
            self._note(rule, f"fact {action}", f"{n} statement(s) removed" if n else "no such fact", bool(n))
        return out

    # -- entity rules --------------------------------------------------------------------------
    def _index(self, e: Entity) -> None:
        for n in (e.name, *e.aliases):
            self._names[n].add(e.id)

    def _find(self, ents: dict[str, Entity], name: str, label: str | None = None, district: str | None = None
              ) -> list[Entity]:
        """:func:`find` through the name index (no scan of every entity per rule)."""
        found = [ents[i] for i in self._names.get(name, ()) if i in ents]
        return find({e.id: e for e in found}, name, label, district)

    def _note(self, rule: dict[str, Any], kind: str, what: str, matched: bool) -> None:
        (self.applied if matched else self.unmatched).append(f"{kind} {_describe(rule)}: {what}")

    def _block(self, rule: dict[str, Any], ents: dict[str, Entity]) -> set[str]:
        """Remove the matched entities; their ids (the caller drops the facts touching them)."""
        gone = {e.id for e in self._find(ents, rule["name"], rule.get("label"), rule.get("district"))}
        for eid in gone:
            del ents[eid]
        self._note(rule, "block", f"{len(gone)} node(s) removed" if gone else "no such entity", bool(gone))
        return gone

    def _merge(self, rule: dict[str, Any], ents: dict[str, Entity], mapping: dict[str, str]) -> None:
        """Merge the matched entities in ``ents``; record old id -> new id in ``mapping`` (facts remapped later)."""
        found: dict[str, Entity] = {}
        if rule.get("ids"):  # exact node ids: these nodes and no others (one group)
            found = {i: ents[i] for i in map(str, rule["ids"]) if i in ents}
            names = [str(n) for n in rule.get("names") or []] or [e.name for e in found.values()][:1]
        else:
            names = [str(n) for n in rule["names"]]
            for n in names:
                for e in self._find(ents, n, rule.get("label"), rule.get("district")):
                    found.setdefault(e.id, e)
        groups: dict[tuple[str, str | None], list[Entity]] = defaultdict(list)
        for e in found.values():
            across = rule.get("across_districts") or rule.get("ids")
            groups[(e.label, None if across else e.district)].append(e)
        if len(groups) > 1 and rule.get("ids"):
            self._note(rule, "merge", "the ids name nodes of different kinds", False)
            return
        for (label, district), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            rank = {n: i for i, n in reversed(list(enumerate(names)))}
            order = [str(i) for i in rule.get("ids") or []]
            members.sort(key=lambda e: (order.index(e.id) if e.id in order else 0,
                                        min([rank[n] for n in [e.name, *e.aliases] if n in rank] or [len(names)]),
                                        e.name not in rank, e.district is None, e.id))
            keep = members[0]
            new_name = scope(names[0], district) if label == "Organization" else names[0]
            new_id = _renamed_id(keep, new_name)
            target = ents.get(new_id) if new_id != keep.id else None
            if target is None:
                target = Entity(new_id, keep.label, new_name, keep.district, list(keep.aliases), list(keep.articles),
                                dict(keep.props))
                if keep.id != new_id:
                    mapping[keep.id] = new_id
                    del ents[keep.id]
                ents[new_id] = target
            target.name = new_name
            for other in members:
                if other.id == target.id:
                    continue
                _absorb(target, other)
                mapping[other.id] = target.id
                ents.pop(other.id, None)
            seen = {a for e in members for a in (e.name, *e.aliases)}
            target.aliases = sorted({*target.aliases, new_name, *(n for n in names if n in seen)})
            self._index(target)
            mapping.pop(target.id, None)  # a live node again (a later rule may merge back into an earlier name)
        self._note(rule, "merge", f"{len(found)} node(s) into {len(groups)}" if found else "no such entity",
                   bool(found))

    def _split(self, rule: dict[str, Any], ents: dict[str, Entity], facts: list[Fact]) -> list[Fact]:
        matched = self._find(ents, rule["name"], rule.get("label") or "Person", rule.get("district"))
        moved_total = 0
        for ent in matched:
            groups = self._split_groups(rule, ent, ents)
            for new_id, (new_name, district, arts) in groups.items():
                if new_id == ent.id or not arts:
                    continue
                moved_total += len(arts)
                into = ents.get(new_id)
                if into is None:
                    into = ents[new_id] = Entity(new_id, ent.label, new_name, district, list(ent.aliases), [], {
                        k: v for k, v in ent.props.items() if k != "resolution"})
                into.articles = sorted(set(into.articles) | arts)
                self._index(into)
                moves = [r for r in ent.props.get("resolution", []) if r.split(":", 1)[0] in arts]
                into.props["resolution"] = sorted({*into.props.get("resolution", []), *moves,
                                                   f"split from {ent.id} by the corrections file"})
                ent.articles = [a for a in ent.articles if a not in arts]
                ent.props["resolution"] = [r for r in ent.props.get("resolution", []) if r not in moves]
                facts = [_moved(f, ent.id, new_id) if f.article in arts else f for f in facts]
            if not ent.articles:
                del ents[ent.id]
        self._note(rule, "split", f"{moved_total} article mention(s) moved" if moved_total else
                   "no such entity or article", bool(moved_total))
        return facts

    def _split_groups(self, rule: dict[str, Any], ent: Entity, ents: dict[str, Entity]
                      ) -> dict[str, tuple[str, str | None, set[str]]]:
        """New node id -> (name, district, articles) for one matched entity."""
        out: dict[str, tuple[str, str | None, set[str]]] = {}
        by = rule.get("by")
        if by == "article":
            for art in sorted(ent.articles)[1:]:  # the first article keeps the node
                out[f"{ent.id}@{art}"] = (ent.name, ent.district, {art})
        elif by == "district":
            for art in ent.articles:
                district = (ents.get(f"Article:{art}") or ent).district
                new_id = (f"Person:{district or '*'}:{ent.name}" if ent.label == "Person"
                          else f"{ent.id}@{district or '*'}")
                out.setdefault(new_id, (ent.name, district, set()))[2].add(art)
        else:
            arts = {a for a in ent.articles if _article_in(a, rule.get("articles") or [])}
            name = str(rule.get("as") or ent.name)
            out[f"{ent.id}~{name}" if name != ent.name else f"{ent.id}~split"] = (name, ent.district, arts)
        return out

    # -- fact rules ----------------------------------------------------------------------------
    def _fact(self, rule: dict[str, Any], ents: dict[str, Entity], facts: list[Fact]) -> list[Fact]:
        action = rule.get("action", "remove")
        if action == "add":
            fact = _new_fact(rule, ents, facts)
            self._note(rule, "fact add", "added" if fact else "source or target not found", fact is not None)
            return [*facts, fact] if fact else facts
        hits = [i for i, f in enumerate(facts) if _fact_matches(rule, f, ents)]
        out = list(facts)
        changed = 0
        for i in hits:
            f = out[i]
            source = _pick(ents, rule.get("new_source"), f.article, facts, "Person") if rule.get("new_source") \
                else f.source
            target = _pick(ents, rule.get("new_target"), f.article, facts, ents[f.target].label
                           if f.target in ents else None) if rule.get("new_target") else f.target
            if not source or not target:
                continue
            out[i] = Fact(str(rule.get("new_type") or f.type).upper(), source, target, f.article, f.date, f.sentence,
                          f.evidence, {**f.props, "corrected": True}, f.headline)
            changed += 1
        self._note(rule, "fact fix", f"{changed} statement(s) changed" if changed else "no such fact", bool(changed))
        return out


# -- matching helpers ---------------------------------------------------------------------------
def find(ents: dict[str, Entity], name: str, label: str | None = None, district: str | None = None) -> list[Entity]:
    """Entities named ``name`` (or with it as an alias), of ``label`` and ``district`` when given, by id."""
    return sorted((e for e in ents.values() if e.label in LABELS and (label is None or e.label == label)
                   and (district is None or e.district == district) and (e.name == name or name in e.aliases)),
                  key=lambda e: e.id)


def _removes(rule: dict[str, Any]) -> bool:
    """Whether a fact rule removes statements (``remove``, or a ``fix`` to MENTIONED); these run first, in one pass."""
    action = rule.get("action", "remove")
    return action == "remove" or (action == "fix" and str(rule.get("new_type") or "").upper() == DROP_TYPE)


def _article_in(article: str, wanted: Iterable[str]) -> bool:
    """Whether ``article`` is one of ``wanted``: an article id, or the page file it came from."""
    return any(article == w or article.startswith(f"{w}#") for w in wanted)


def _fact_matches(rule: dict[str, Any], f: Fact, ents: dict[str, Entity]) -> bool:
    if f.type != str(rule["type"]).upper():
        return False
    if rule.get("article") and not _article_in(f.article, [str(rule["article"])]):
        return False
    src, tgt = ents.get(f.source), ents.get(f.target)
    if rule.get("source") and not (src and (src.name == rule["source"] or rule["source"] in src.aliases)):
        return False
    if rule.get("target") and not (tgt and (tgt.name == rule["target"] or rule["target"] in tgt.aliases
                                            or tgt.props.get("headline") == rule["target"])):
        return False
    title = rule.get("title")
    return not title or title in (f.props.get("title"), f.props.get("post"), f.props.get("printed"))


def _pick(ents: dict[str, Entity], name: str | None, article: str, facts: list[Fact], label: str | None
          ) -> str | None:
    """The entity ``name`` refers to in ``article``: one the article mentions, else the only one of that name."""
    if not name:
        return None
    mentioned = {f.source for f in facts if f.type == "MENTIONED_IN" and f.article == article}
    found = find(ents, name, label if label in LABELS else None)
    local = [e for e in found if e.id in mentioned]
    pick = local or (found if len(found) == 1 else [])
    return pick[0].id if pick else None


def _new_fact(rule: dict[str, Any], ents: dict[str, Entity], facts: list[Fact]) -> Fact | None:
    art = str(rule.get("article") or "")
    article = ents.get(f"Article:{art}")
    typ = str(rule["type"]).upper()
    if article is None:
        return None
    source = _pick(ents, rule.get("source"), art, facts, "Person")
    if not source:
        return None
    date, headline = article.props.get("date"), article.props.get("headline")
    sentence = rule.get("sentence") if isinstance(rule.get("sentence"), int) else None
    evidence = clean_evidence(rule.get("evidence")) or None
    props: dict[str, Any] = {"corrected": True}
    if rule.get("event"):
        props["event"] = str(rule["event"])
    target: str | None
    if typ in ("CHAIRED", "ATTENDED"):
        name = str(rule.get("target") or "")
        target = f"Meeting:{art}:{name}"
        ents.setdefault(target, Entity(target, "Meeting", name, article.district, [], [art], {"date": date}))
    elif typ == "REPORTED":
        target = article.id
    elif typ == "HOLDS_TITLE":
        t = read_title(str(rule.get("title") or ""), ents[source].district)
        org = title_organization(t.title) or t.unit
        target = _pick(ents, rule.get("target") or org, art, facts, "Organization")
        if target is None and org:
            target = f"Organization:{org}"
            ents.setdefault(target, Entity(target, "Organization", org, t.unit, [org], [art]))
        props.update({"title": t.title, "post": t.post, "unit": t.unit, "printed": str(rule.get("title")),
                      "organization": org})
    else:
        target = _pick(ents, rule.get("target"), art, facts, None)
    if not target:
        return None
    return Fact(typ, source, target, art, date, sentence, evidence, props, headline)


# -- entity surgery -----------------------------------------------------------------------------
def _copy(e: Entity) -> Entity:
    return Entity(e.id, e.label, e.name, e.district, list(e.aliases), list(e.articles),
                  {k: (list(v) if isinstance(v, list) else v) for k, v in e.props.items()})


def _renamed_id(ent: Entity, name: str) -> str:
    """The id ``ent`` has under a new name: ``Person:UNIT:NAME``, ``Meeting:ARTICLE:NAME``, ``LABEL:NAME``."""
    if ent.name == name:
        return ent.id
    if ent.label in ("Person", "Meeting"):
        return ent.id.rsplit(":", 1)[0] + ":" + name
    return f"{ent.label}:{name}"


def _absorb(into: Entity, other: Entity) -> None:
    into.aliases = sorted({*into.aliases, *other.aliases, other.name})
    into.articles = sorted({*into.articles, *other.articles})
    for key in ("resolution", "titles"):
        if key in other.props or key in into.props:
            into.props[key] = sorted({*into.props.get(key, []), *other.props.get(key, [])})
    if into.label == "Person":
        into.props["resolution"] = sorted({*into.props.get("resolution", []),
                                           f"merged with {other.id} by the corrections file"})


def _final(mapping: dict[str, str], eid: str) -> str:
    """Where ``eid`` ended up after a chain of merges (a → b, then b → c: c)."""
    seen = {eid}
    while eid in mapping and mapping[eid] not in seen:
        eid = mapping[eid]
        seen.add(eid)
    return eid


def _remap(facts: list[Fact], mapping: dict[str, str]) -> list[Fact]:
    if not mapping:
        return facts
    return [Fact(f.type, mapping.get(f.source, f.source), mapping.get(f.target, f.target), f.article, f.date,
                 f.sentence, f.evidence, f.props, f.headline) if f.source in mapping or f.target in mapping else f
            for f in facts]


def _moved(f: Fact, old: str, new: str) -> Fact:
    if old not in (f.source, f.target):
        return f
    return Fact(f.type, new if f.source == old else f.source, new if f.target == old else f.target, f.article,
                f.date, f.sentence, f.evidence, f.props, f.headline)


def _tidy(ents: dict[str, Entity], facts: list[Fact]) -> list[Fact]:
    """Facts whose ends exist, no self-loops, no duplicate statements; people's titles recomputed."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for f in facts:
        key = (f.type, f.source, f.target, f.article, f.sentence, f.props.get("title"))
        if f.source == f.target or f.source not in ents or f.target not in ents or key in seen:
            continue
        seen.add(key)
        out.append(f)
    set_person_titles(ents, out)
    return out


def _describe(rule: dict[str, Any]) -> str:
    shown = {k: v for k, v in rule.items() if k not in ("note", "review")}
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


# -- reading and writing the file ---------------------------------------------------------------
def parse_corrections(data: dict[str, Any], source: str = "<corrections>") -> Corrections:
    """Corrections from parsed TOML data; unknown tables, keys or values are errors naming the rule."""
    out = Corrections(source=source)
    for kind, rules in data.items():
        if kind not in _KEYS:
            raise CorrectionsError(f"{source}: unknown table [[{kind}]]; known: {', '.join(_KEYS)}")
        if not isinstance(rules, list):
            raise CorrectionsError(f"{source}: write [[{kind}]] (an array of tables), not [{kind}]")
        for i, rule in enumerate(rules, 1):
            where = f"{source}: [[{kind}]] #{i}"
            unknown = set(rule) - _KEYS[kind]
            if unknown:
                raise CorrectionsError(f"{where}: unknown key(s) {sorted(unknown)}; known: {sorted(_KEYS[kind])}")
            _validate(kind, rule, where)
            getattr(out, kind).append(dict(rule))
    return out


def _validate(kind: str, rule: dict[str, Any], where: str) -> None:
    def need(key: str) -> None:
        if not rule.get(key):
            raise CorrectionsError(f"{where}: `{key}` is required")
    if rule.get("label") and rule["label"] not in LABELS:
        raise CorrectionsError(f"{where}: label must be one of {', '.join(LABELS)}")
    if kind == "merge":
        names, ids = rule.get("names"), rule.get("ids")
        if ids is not None:
            if not isinstance(ids, list) or len(ids) < 2 or not all(isinstance(i, str) and i for i in ids):
                raise CorrectionsError(f"{where}: `ids` must list at least two node ids")
        elif not isinstance(names, list) or len(names) < 2 or not all(isinstance(n, str) and n for n in names):
            raise CorrectionsError(f"{where}: `names` must list at least two names, the one to keep first")
    elif kind in ("split", "block"):
        need("name")
        if kind == "split":
            if rule.get("by") not in (None, "article", "district"):
                raise CorrectionsError(f"{where}: `by` is \"article\" or \"district\"")
            if not rule.get("by") and not rule.get("articles"):
                raise CorrectionsError(f"{where}: give `articles` (the mentions that are someone else) or `by`")
            if rule.get("articles") is not None and not isinstance(rule["articles"], list):
                raise CorrectionsError(f"{where}: `articles` must be a list")
    elif kind == "fact":
        action = rule.get("action", "remove")
        if action not in ("remove", "fix", "add"):
            raise CorrectionsError(f"{where}: action is remove, fix or add")
        need("type")
        if str(rule["type"]).upper() not in FACT_TYPES:
            raise CorrectionsError(f"{where}: type must be one of {', '.join(FACT_TYPES)}")
        if action == "add":
            need("source")
            need("article")
            if str(rule["type"]).upper() == "HOLDS_TITLE":
                need("title")
            elif str(rule["type"]).upper() != "REPORTED":
                need("target")
        if action == "fix" and not (rule.get("new_type") or rule.get("new_source") or rule.get("new_target")):
            raise CorrectionsError(f"{where}: a fix needs new_type, new_source or new_target")
        if action in ("remove", "fix") and not (rule.get("source") or rule.get("target")):
            raise CorrectionsError(f"{where}: name the fact's source or target (or both)")
        new_type = str(rule.get("new_type") or "").upper()
        if new_type and new_type not in (*FACT_TYPES, DROP_TYPE):
            raise CorrectionsError(f"{where}: new_type must be one of {', '.join((*FACT_TYPES, DROP_TYPE))}")
    elif kind == "confirm":
        need("review")


def _csv_rules(path: Path) -> dict[str, list[dict[str, Any]]]:
    data: dict[str, list[dict[str, Any]]] = defaultdict(list)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), 2):
            rule = (row.get("rule") or "").strip()
            get = {k: (v or "").strip() for k, v in row.items() if k}
            name, other, label, district, article = (get.get("name", ""), get.get("other", ""), get.get("label", ""),
                                                     get.get("district", ""), get.get("article", ""))
            scope_keys = {k: v for k, v in (("label", label), ("district", district)) if v}
            if not rule or rule.startswith("#"):
                continue
            if rule == "merge":
                data["merge"].append({"names": [name, *[o for o in other.split("|") if o]], **scope_keys})
            elif rule == "block":
                data["block"].append({"name": name, **scope_keys})
            elif rule == "split":
                data["split"].append({"name": name, "articles": [a for a in article.split("|") if a],
                                      **({"as": other} if other else {}), **scope_keys})
            elif rule == "remove-fact":
                data["fact"].append({"action": "remove", "type": label, "source": name, "target": other,
                                     **({"article": article} if article else {})})
            elif rule == "confirm":
                data["confirm"].append({"review": name})
            else:
                raise CorrectionsError(f"{path}:{n}: unknown rule {rule!r}; known: merge, block, split, "
                                       "remove-fact, confirm")
    return data


def load_corrections(path: Path | str) -> Corrections:
    """Read a corrections file (``.toml``, or ``.csv``); a missing file is an error naming it."""
    path = Path(path)
    try:
        if path.suffix.lower() == ".csv":
            data: dict[str, Any] = _csv_rules(path)
        else:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorrectionsError(f"{path}: no such corrections file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, csv.Error) as exc:
        raise CorrectionsError(f"{path}: cannot read corrections: {exc}") from None
    return parse_corrections(data, str(path))


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def append_rule(path: Path | str, kind: str, rule: dict[str, Any], comment: str | None = None) -> None:
    """Append one rule to a TOML corrections file (created when missing), keeping what is there.

    The file is checked to parse with the new rule before it is written (atomically).
    """
    if kind not in _KEYS:
        raise CorrectionsError(f"unknown rule kind {kind!r}")
    path = Path(path)
    if path.suffix.lower() == ".csv":
        raise CorrectionsError(f"{path}: kg review writes TOML; give a .toml corrections file")
    old = path.read_text(encoding="utf-8") if path.exists() else (
        "# kg corrections: applied after extraction and resolution on every build (see README, Corrections)\n")
    lines = [""]
    if comment:
        lines += [f"# {line}" for line in comment.replace("\r", " ").splitlines()]
    lines.append(f"[[{kind}]]")
    lines += [f"{key} = {_toml_value(value)}" for key, value in rule.items() if value is not None]
    text = old.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
    parse_corrections(tomllib.loads(text), str(path))
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


# -- the job: rebuild the graph when the corrections file changed --------------------------------
#: File in a job's out folder holding the digest of the corrections its graph was built with.
STAMP = "corrections.sha256"


def corrections_digest(path: Path | None) -> str:
    """SHA-256 of a corrections file's bytes ("" for none); a missing file reads as a digest of nothing found."""
    import hashlib

    if path is None:
        return ""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "missing"


def corrections_changed(path: Path | None, out: Path) -> bool:
    """Whether the graph in ``out`` was built with other corrections than ``path`` holds now."""
    stamp = Path(out) / STAMP
    built = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else ""
    return built != corrections_digest(path)


def mark_corrections(path: Path | None, out: Path) -> None:
    """Record (atomically) which corrections the graph in ``out`` was built with."""
    stamp = Path(out) / STAMP
    tmp = stamp.with_name(f".{STAMP}.tmp")
    tmp.write_text(corrections_digest(path) + "\n", encoding="utf-8")
    tmp.replace(stamp)

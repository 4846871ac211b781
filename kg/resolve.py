"""Stage 3: resolving per-article mentions into entities with stable ids, and facts between them.

* Organizations and titles are scoped by the article's district (区商务局 in a
  中原区 article is 中原区商务局); variants of one district's organization merge
  to the longest form, keeping every alias (区卫计委 / 区卫生计生委).
* A person is identified by name within a district; reporters and
  correspondents (who write for the whole paper) by name alone.
* Places and projects are identified by name.

Ids depend only on the entity's own name and scope, so adding unrelated
articles never changes them.

>>> recs = [{"article_id": "a#0", "district": "中原区", "date": "2020-03-16",
...          "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"}],
...          "organizations": ["区卫计委", "区卫生计生委"], "places": [], "projects": [], "relations": []}]
>>> entities, facts = resolve(recs)
>>> sorted(e.id for e in entities.values() if e.label == "Organization")
['Organization:中原区卫生计生委']
>>> entities["Organization:中原区卫生计生委"].aliases
['区卫计委', '区卫生计生委']
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from kg.names import is_variant, scope

_ORG_END = re.compile(r"(局|委|办|厅|部|院|政府|政协|人大|党组|党委|党工委|管委会|委员会|指挥部|办公室|中心|小组|中心组|"
                      r"公司|集团|学校|小学|中学|医院|街道办事处)")


@dataclass
class Entity:
    """A resolved node: one person, organization, place, project, article or meeting."""

    id: str
    label: str
    name: str
    district: str | None = None
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fact:
    """One statement of one article: ``source -[type]-> target`` with provenance."""

    type: str
    source: str
    target: str
    article: str
    date: str | None = None
    sentence: int | None = None
    evidence: str | None = None
    props: dict[str, Any] = field(default_factory=dict)


def article_key(rec: dict[str, Any]) -> str:
    """The stable article id of an extraction record."""
    return str(rec.get("article_id") or rec.get("id") or f"{rec.get('file')}#{rec.get('index')}")


def person_id(name: str, district: str | None, role: str | None) -> str:
    if role in ("reporter", "correspondent"):
        return f"Person:*:{name}"
    return f"Person:{district or '*'}:{name}"


def title_organization(title: str) -> str | None:
    """The organization a title names (区委副书记 → 区委, 区教育局局长 → 区教育局), if any."""
    best = None
    for m in _ORG_END.finditer(title):
        if len(title) - m.end() >= 2:  # leave a whole title word (局长, 主任), not "长" of 局长
            best = title[: m.end()]
    return best


class _OrgIndex:
    """Canonical scoped organization names per district, merging variants."""

    def __init__(self) -> None:
        self.names: dict[str | None, set[str]] = defaultdict(set)
        self._cache: dict[tuple[str, str | None], str] = {}

    def add(self, name: str, district: str | None) -> None:
        self.names[district].add(scope(name, district))
        self._cache.clear()

    def canonical(self, name: str, district: str | None) -> str:
        key = (name, district)
        if key not in self._cache:
            scoped = scope(name, district)
            longer = [n for n in self.names[district] if is_variant(scoped, n, any_tail=False)]
            self._cache[key] = max(longer, key=len) if longer else scoped
        return self._cache[key]


def resolve(records: Iterable[dict[str, Any]]) -> tuple[dict[str, Entity], list[Fact]]:
    """Entities (by id) and facts of a set of extraction records."""
    records = list(records)
    orgs = _OrgIndex()
    for rec in records:
        for org in rec.get("organizations") or []:
            orgs.add(org, rec.get("district"))
        for person in rec.get("people") or []:
            for title in person.get("titles") or []:
                org = title_organization(title)
                if org:
                    orgs.add(org, rec.get("district"))

    entities: dict[str, Entity] = {}
    facts: list[Fact] = []

    def entity(eid: str, label: str, name: str, district: str | None, alias: str | None, art: str) -> str:
        ent = entities.get(eid)
        if ent is None:
            ent = entities[eid] = Entity(eid, label, name, district)
        if alias and alias not in ent.aliases:
            ent.aliases.append(alias)
        if art not in ent.articles:
            ent.articles.append(art)
        return eid

    for rec in records:
        art = article_key(rec)
        district = rec.get("district")
        date = rec.get("date")
        sentences = rec.get("sentences") or []
        art_id = f"Article:{art}"
        entities[art_id] = Entity(art_id, "Article", rec.get("headline") or art, district, [], [art], {
            "headline": rec.get("headline"), "date": date, "file": rec.get("file"), "index": rec.get("index")})
        names: dict[str, str] = {}  # surface name in this article -> entity id
        roles = {}
        for person in rec.get("people") or []:
            name, role = person["name"], person.get("role")
            pid = entity(person_id(name, district, role), "Person", name, district, name, art)
            names.setdefault(name, pid)
            roles[pid] = role
            for title in person.get("titles") or []:
                org = title_organization(title)
                org_id = f"Organization:{orgs.canonical(org, district)}" if org else None
                if org_id:  # 区教育局局长 → the 区教育局 node
                    target: str | None = entity(org_id, "Organization", org_id.split(":", 1)[1], district, org, art)
                elif district:  # 区长, 副区长 → the district itself
                    target = entity(f"Place:{district}", "Place", district, None, district, art)
                else:
                    target = None
                if target:
                    facts.append(Fact("HOLDS_TITLE", pid, target, art, date, props={
                        "title": scope(title, district), "printed": title,
                        "organization": org_id.split(":", 1)[1] if org_id else None}))
        for org in rec.get("organizations") or []:
            canonical = orgs.canonical(org, district)
            names[org] = entity(f"Organization:{canonical}", "Organization", canonical, district, org, art)
        for label, field_name in (("Place", "places"), ("Project", "projects")):
            for name in rec.get(field_name) or []:
                names.setdefault(name, entity(f"{label}:{name}", label, name, None, name, art))
        for eid in set(names.values()):
            facts.append(Fact("MENTIONED_IN", eid, art_id, art, date))
        for rel in rec.get("relations") or []:
            fact = _relation_fact(rel, rec, art, names, entities, entity, sentences)
            if fact:
                facts.append(fact)
        facts.extend(_co_occurrences(rec, art, names, date))
    titles: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.type == "HOLDS_TITLE":
            titles[f.source].add(f.props["title"])
    for ent in entities.values():
        if ent.label == "Person":
            ent.props["titles"] = sorted(titles.get(ent.id, ()))
    return entities, facts


def _relation_fact(rel: dict[str, Any], rec: dict[str, Any], art: str, names: dict[str, str],
                   entities: dict[str, Entity], entity: Any, sentences: list[str]) -> Fact | None:
    typ = str(rel.get("type", "")).upper()
    source = names.get(rel.get("source", ""))
    if not source:
        return None
    sentence = rel.get("sentence")
    evidence = sentences[sentence] if isinstance(sentence, int) and 0 <= sentence < len(sentences) else None
    target_name = rel.get("target") or ""
    if typ in ("INSPECTED", "ACCOMPANIED"):
        target = names.get(target_name)
    elif typ in ("CHAIRED", "ATTENDED"):
        target = entity(f"Meeting:{art}:{target_name}", "Meeting", target_name, rec.get("district"), None, art)
        entities[target].props.setdefault("date", rec.get("date"))
    elif typ == "REPORTED":
        target = f"Article:{art}"
    else:
        return None
    if not target:
        return None
    return Fact(typ, source, target, art, rec.get("date"), sentence, evidence)


def _co_occurrences(rec: dict[str, Any], art: str, names: dict[str, str], date: str | None) -> list[Fact]:
    """CO_OCCURS facts: once per article for each pair, plus the number of shared sentences."""
    by_sentence: dict[str, set[int]] = defaultdict(set)
    for m in rec.get("mentions") or []:
        eid = names.get(m.get("label") or "") or names.get(m.get("text") or "")
        if eid and m.get("component") != "hanlp_ner":
            by_sentence[eid].add(m.get("sentence"))
    ids = sorted(set(names.values()))
    out = []
    for a, b in combinations(ids, 2):
        shared = len(by_sentence.get(a, set()) & by_sentence.get(b, set()))
        out.append(Fact("CO_OCCURS", a, b, art, date, props={"sentences": shared}))
    return out

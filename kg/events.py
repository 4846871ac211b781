"""Visits and meetings as event nodes of the graph.

An extraction record lists its events (``events``: visits ``V1``, ``V2``… and meetings
``M1``…, each with leaders, participants, companions, targets or a name) and tags the
facts of each with ``Relation.event``. :func:`event_layer` turns them, after
resolution, into nodes and role edges:

* ``(:Visit)`` — one per visit frame of one article, id ``Visit:ARTICLE#V1`` (the
  article id and the article-local event id, so re-runs give the same ids). Properties:
  ``event``, ``article``, ``date``, ``date_kind``, ``headline``, ``sentence`` (where the
  article first tells it), ``source``, and the names in each role (``leaders``,
  ``participants``, ``companions``, ``targets``).
* ``(:Person)-[:LED]->(:Visit)`` for its leaders (the officials who 调研/察看/来到),
  ``-[:PARTICIPATED]->`` for the others of the party (参加调研, 带领…), and
  ``-[:ACCOMPANIED_ON]->`` for companions (陪同), whose ``accompanied`` property lists the
  ids of the people of the visit they accompanied.
* ``(:Visit)-[:VISITED]->(target)`` — a Place, Project or Organization visited: a target of
  the frame that one of its leaders or participants has an INSPECTED fact for, so a
  correction that removes the INSPECTED fact removes the target from the visit too; an
  INSPECTED fact a correction added or fixed joins the visits of its source in that article
  (only visit ``event`` when the rule names one).
* ``(:Visit)-[:REPORTED_IN]->(:Article)`` and ``(:Meeting)-[:REPORTED_IN]->(:Article)``.
* A meeting is the ``Meeting`` node resolution already makes per article and meeting
  name (``Meeting:ARTICLE:NAME``), with CHAIRED/ATTENDED edges; it gains ``event``,
  ``article``, ``headline``, ``sentence``, ``source``, ``chairs`` and ``attendees``.

The direct edges (INSPECTED, ACCOMPANIED, CHAIRED, ATTENDED) stay: events add to them.
Records written before events were extracted (no ``events`` list) get their events
from the ``event`` ids of their relations.

>>> from kg.resolve import resolve
>>> rec = {"article_id": "a#0", "district": "中原区", "date": "2020-03-16", "headline": "H",
...        "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"},
...                   {"name": "王五", "titles": ["副区长"], "role": "official"}],
...        "projects": ["融信项目"], "sentences": ["H", "李晓雷调研融信项目,王五陪同。"],
...        "relations": [{"type": "INSPECTED", "source": "李晓雷", "target": "融信项目", "sentence": 1, "event": "V1"},
...                      {"type": "ACCOMPANIED", "source": "王五", "target": "李晓雷", "sentence": 1, "event": "V1"}]}
>>> entities, facts = resolve([rec])
>>> new = event_layer([rec], entities, facts)
>>> sorted((f.type, f.source, f.target) for f in new if f.type != "REPORTED_IN")
... # doctest: +NORMALIZE_WHITESPACE
[('ACCOMPANIED_ON', 'Person:中原区:王五', 'Visit:a#0#V1'), ('LED', 'Person:中原区:李晓雷', 'Visit:a#0#V1'),
 ('VISITED', 'Visit:a#0#V1', 'Project:融信项目')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from kg.evidence import article_source
from kg.ingest.dates import kind as date_kind
from kg.resolve import Entity, Fact, article_key, clean_evidence

#: Role lists of a visit and the edge type each becomes, in precedence order (a person in two
#: roles of one visit keeps the first).
VISIT_ROLES = (("leaders", "LED"), ("participants", "PARTICIPATED"), ("companions", "ACCOMPANIED_ON"))
#: Edge types the event layer adds.
EVENT_EDGE_TYPES = ("LED", "PARTICIPATED", "ACCOMPANIED_ON", "VISITED", "REPORTED_IN")
#: Edge types that make a person one of a visit's party (they go; companions go along).
PARTY_TYPES = ("LED", "PARTICIPATED")


def visit_id(article: str, event: str) -> str:
    """The node id of a visit: ``Visit:ARTICLE#EVENT`` (deterministic across runs)."""
    return f"Visit:{article}#{event}"


def record_events(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """A record's events: its ``events`` list, else grouped from the ``event`` ids of its relations.

    >>> record_events({"relations": [{"type": "CHAIRED", "source": "甲", "target": "会", "event": "M1"},
    ...                              {"type": "INSPECTED", "source": "乙", "target": "丙", "event": "V1"}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'id': 'M1', 'kind': 'meeting', 'sentence': None, 'name': '会', 'leaders': ['甲'], 'participants': [],
      'companions': [], 'targets': []},
     {'id': 'V1', 'kind': 'visit', 'sentence': None, 'name': None, 'leaders': ['乙'], 'participants': [],
      'companions': [], 'targets': ['丙']}]
    """
    if rec.get("events"):
        return [dict(e) for e in rec["events"]]
    events: dict[str, dict[str, Any]] = {}
    role = {"INSPECTED": "leaders", "ACCOMPANIED": "companions", "CHAIRED": "leaders", "ATTENDED": "participants"}
    for rel in rec.get("relations") or []:
        eid, typ = rel.get("event"), str(rel.get("type", "")).upper()
        if not eid or typ not in role:
            continue
        meeting = typ in ("CHAIRED", "ATTENDED")
        ev = events.setdefault(eid, {"id": eid, "kind": "meeting" if meeting else "visit", "sentence": None,
                                     "name": rel.get("target") if meeting else None, "leaders": [],
                                     "participants": [], "companions": [], "targets": []})
        if rel.get("sentence") is not None and (ev["sentence"] is None or rel["sentence"] < ev["sentence"]):
            ev["sentence"] = rel["sentence"]
        for name, key in ((rel.get("source"), role[typ]), (None if meeting or typ != "INSPECTED" else
                                                            rel.get("target"), "targets")):
            if name and name not in ev[key]:
                ev[key].append(name)
    return [events[k] for k in sorted(events)]


def _article_names(entities: dict[str, Entity], facts: Iterable[Fact]
                   ) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Per article: (person surface name → id, other entity surface name → id), from MENTIONED_IN facts.

    Names win over the aliases printed in that article (all of an entity's aliases when a correction
    made it), and smaller ids win ties, so the map is the same on every run and depends on the
    article alone.
    """
    mentioned: dict[str, list[Entity]] = defaultdict(list)
    for f in facts:
        if f.type == "MENTIONED_IN" and f.source in entities:
            mentioned[f.article].append(entities[f.source])
    out: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for art, ents in mentioned.items():
        people: dict[str, str] = {}
        others: dict[str, str] = {}
        ordered = sorted(ents, key=lambda e: e.id)
        for use_aliases in (False, True):
            for ent in ordered:
                table = people if ent.label == "Person" else others
                for name in (ent.local_aliases.get(art, ent.aliases) if use_aliases else [ent.name]):
                    table.setdefault(name, ent.id)
        out[art] = (people, others)
    return out


def event_layer(records: Iterable[dict[str, Any]], entities: dict[str, Entity], facts: list[Fact]) -> list[Fact]:
    """Add Visit entities to ``entities``, event properties to Meeting entities, and return the role facts.

    ``entities`` and ``facts`` are the resolved (and corrected) ones; the returned facts
    are to be added to ``facts`` before the graph is assembled.
    """
    names = _article_names(entities, facts)
    inspected: dict[str, set[tuple[str, str]]] = defaultdict(set)
    corrected: dict[str, list[Fact]] = defaultdict(list)  # INSPECTED facts a corrections rule added or changed
    inspected_sentence: dict[tuple[str, str, str], tuple[int | None, str | None]] = {}  # also ACCOMPANIED
    accompanied: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in facts:
        if f.type in ("INSPECTED", "ACCOMPANIED"):
            inspected_sentence.setdefault((f.article, f.source, f.target), (f.sentence, f.evidence))
            (inspected if f.type == "INSPECTED" else accompanied)[f.article].add((f.source, f.target))
            if f.type == "INSPECTED" and f.props.get("corrected"):
                corrected[f.article].append(f)
    out: list[Fact] = []
    for rec in records:
        art = article_key(rec)
        article = entities.get(f"Article:{art}")
        if article is None:  # a corrected-away or unknown article
            continue
        people, others = names.get(art, ({}, {}))
        sentences = rec.get("sentences") or []
        date = article.props.get("date")
        headline = article.props.get("headline")
        base = {"article": art, "date": date, "date_kind": date_kind(date), "headline": headline,
                "source": article_source({**article.props, "url": rec.get("url")}, art)}
        for ev in record_events(rec):
            index = ev.get("sentence")
            evidence = clean_evidence(sentences[index]) if isinstance(index, int) and 0 <= index < len(sentences) \
                else None
            stated = {"article": art, "date": date, "sentence": index if isinstance(index, int) else None,
                      "evidence": evidence, "headline": headline}
            if ev.get("kind") == "meeting" or str(ev.get("id", "")).startswith("M"):
                out.extend(_meeting(ev, art, entities, people, base, stated))
            else:
                out.extend(_visit(ev, art, entities, people, others, base, stated, inspected[art],
                                  inspected_sentence, accompanied[art], corrected[art]))
    return out


def _meeting(ev: dict[str, Any], art: str, entities: dict[str, Entity], people: dict[str, str],
             base: dict[str, Any], stated: dict[str, Any]) -> list[Fact]:
    mid = f"Meeting:{art}:{ev.get('name') or ''}"
    meeting = entities.get(mid)
    if meeting is None:  # no chair or attendee resolved (or corrected away)
        return []
    chairs = [n for n in ev.get("leaders") or [] if n in people]
    attendees = [n for n in ev.get("participants") or [] if n in people and n not in chairs]
    meeting.props.update({**base, "event": ev.get("id"), "sentence": stated["evidence"], "chairs": chairs,
                          "attendees": attendees})
    return [Fact("REPORTED_IN", mid, f"Article:{art}", **stated)]


def _visit(ev: dict[str, Any], art: str, entities: dict[str, Entity], people: dict[str, str],
           others: dict[str, str], base: dict[str, Any], stated: dict[str, Any], inspected: set[tuple[str, str]],
           inspected_sentence: dict[tuple[str, str, str], tuple[int | None, str | None]],
           accompanied: set[tuple[str, str]], corrected: list[Fact]) -> list[Fact]:
    vid = visit_id(art, str(ev.get("id")))
    roles: dict[str, str] = {}  # person id -> edge type
    role_names: dict[str, list[str]] = {key: [] for key, _ in VISIT_ROLES}
    for key, typ in VISIT_ROLES:
        for name in ev.get(key) or []:
            pid = people.get(name)
            if pid and pid not in roles:
                roles[pid] = typ
                role_names[key].append(entities[pid].name)
    party = [p for p, typ in roles.items() if typ in PARTY_TYPES]
    targets: list[str] = []
    for name in ev.get("targets") or []:
        tid = others.get(name)
        if tid and tid not in targets and any((p, tid) in inspected for p in party):
            targets.append(tid)
    for f in corrected:  # a fact the user added or fixed joins its visit (the one named, else the source's)
        if f.source in party and f.target not in targets and f.props.get("event", ev.get("id")) == ev.get("id"):
            targets.append(f.target)
    if not roles and not targets:
        return []
    leaders = role_names["leaders"] or role_names["participants"]
    shown = "、".join(entities[t].name for t in targets[:3]) + ("…" if len(targets) > 3 else "")
    name = f"{base['date'] or ''} {'、'.join(leaders) or '?'}" + (f" → {shown}" if shown else "")
    entities[vid] = Entity(vid, "Visit", name.strip(), entities[f"Article:{art}"].district, [], [art], {
        **base, "event": ev.get("id"), "sentence": stated["evidence"], **role_names,
        "targets": [entities[t].name for t in targets]})
    out = [Fact("REPORTED_IN", vid, f"Article:{art}", **stated)]
    for pid, typ in roles.items():
        props: dict[str, Any] = {}
        where = stated
        if typ == "ACCOMPANIED_ON":
            whom = sorted(b for a, b in accompanied if a == pid and b in roles and b != pid)
            props["accompanied"] = whom or sorted(p for p, t in roles.items() if t == "LED") or party[:1]
            sentence, evidence = inspected_sentence.get((art, pid, props["accompanied"][0]), (None, None)) \
                if props["accompanied"] else (None, None)
            if evidence:  # the 陪同 sentence itself
                where = {**stated, "sentence": sentence, "evidence": evidence}
        out.append(Fact(typ, pid, vid, props=props, **where))
    for tid in targets:
        sentence, evidence = next((inspected_sentence[(art, p, tid)] for p in party
                                   if (art, p, tid) in inspected_sentence), (stated["sentence"], stated["evidence"]))
        out.append(Fact("VISITED", vid, tid, **{**stated, "sentence": sentence, "evidence": evidence}))
    return out

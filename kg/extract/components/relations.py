"""Component ``relations``: INSPECTED, ACCOMPANIED, CHAIRED, ATTENDED and REPORTED.

Works sentence by sentence over the mentions the other components found:

* INSPECTED — an official followed by a visit trigger (调研, 察看, 来到, 深入…)
  inspected every project, place and organization named after the trigger,
  up to a speech verb (表示, 强调…). ``X一行`` stands for the group that X led.
* ACCOMPANIED — people before 陪同 accompanied the current inspectors (or the
  people after ``在…陪同下``).
* CHAIRED — the person right before 主持; ATTENDED — people before 参加/出席.
* REPORTED — every byline name reported the headline.
"""

from __future__ import annotations

import re

from kg.extract.doc import Doc, Sentence
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Context, register
from kg.models import Mention, Relation

_SPEECH = re.compile(r"表示|说|指出|强调|要求|认为|提出|希望|讲话|听取|汇报|总结|部署|宣读|领学|发言|点评")


class Relations:
    """Finds relation triggers and links the mentions around them."""

    name = "relations"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        words = lexicon.triggers
        self.inspect = re.compile("|".join(sorted(words.get("INSPECTED", []), key=len, reverse=True)))
        self.accompany = re.compile("|".join(words.get("ACCOMPANIED", ["陪同"])))
        self.chair = re.compile("|".join(words.get("CHAIRED", ["主持"])))
        self.attend = re.compile("|".join(words.get("ATTENDED", ["参加", "出席"])))

    def __call__(self, doc: Doc) -> Doc:
        persons = [m for m in doc.of_type("person") if m.component != "hanlp_ner"]
        targets = [m for m in doc.of_type("project", "place", "organization") if m.component != "hanlp_ner"]
        # A place inside an organization or project name (伊河路小学) is not a target of its own.
        targets = [t for t in targets if not any(o is not t and o.start <= t.start and t.end <= o.end
                                                 and (o.start, o.end) != (t.start, t.end) for o in targets)]
        meetings = doc.of_type("meeting")
        main_meeting = meetings[0].label if meetings else None
        groups: list[list[str]] = []
        actors: list[str] = []
        for sentence in doc.sentences:
            people = [p for p in persons if sentence.start <= p.start < sentence.end]
            if not people:
                continue
            here = [t for t in targets if sentence.start <= t.start < sentence.end]
            acc = self.accompany.search(doc.text, sentence.start, sentence.end)
            self._groups(doc, people, groups)
            if acc:
                self._accompanied(doc, sentence, people, acc, actors)
            chairs = self._chaired(doc, sentence, people, meetings, main_meeting)
            self._attended(doc, sentence, people, acc, chairs, meetings, main_meeting)
            inspectors = self._inspected(doc, sentence, people, here, acc, groups)
            if inspectors:
                actors = inspectors
        title = doc.article.headline or ""
        for name in doc.article.byline.names():
            doc.relations.append(Relation("REPORTED", name, title, None, "byline"))
        return doc

    def _official(self, doc: Doc, name: str) -> bool:
        return doc.roles.get(name) == "official"

    def _groups(self, doc: Doc, people: list[Mention], groups: list[list[str]]) -> None:
        for i, p in enumerate(people):
            if doc.text.startswith("一行", p.end):
                before = [q.text for q in people[:i] if q.text != p.text]
                if before:
                    groups.append(list(dict.fromkeys([*before, p.text])))

    def _expand(self, doc: Doc, person: Mention, groups: list[list[str]]) -> list[str]:
        if doc.text.startswith("一行", person.end):
            for group in reversed(groups):
                if person.text in group:
                    return group
        return [person.text]

    def _accompanied(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str],
                     actors: list[str]) -> None:
        before = [p.text for p in people if p.end <= acc.start()]
        after = [p.text for p in people if p.start >= acc.end()]
        if doc.text.startswith("下", acc.end()) or doc.text.startswith("的陪同下", acc.start() - 1):
            hosts = after  # 在X陪同下,Y调研: X accompanied Y
        elif after and after[0] == doc.text[acc.end():acc.end() + len(after[0])]:
            hosts = after[:1]  # X陪同Y调研
        else:
            hosts = actors
        for source in dict.fromkeys(before):
            for target in hosts:
                if source != target:
                    doc.relations.append(Relation("ACCOMPANIED", source, target, sentence.index, acc.group(0)))

    def _chaired(self, doc: Doc, sentence: Sentence, people: list[Mention], meetings: list[Mention],
                 main_meeting: str | None) -> set[str]:
        chairs: set[str] = set()
        for trig in self.chair.finditer(doc.text, sentence.start, sentence.end):
            before = [p for p in people if p.end <= trig.start() and trig.start() - p.end <= 2]
            if not before:
                continue
            chair = before[-1].text
            chairs.add(chair)
            target = self._meeting_after(trig.end(), sentence, meetings) or main_meeting or "会议"
            doc.relations.append(Relation("CHAIRED", chair, target, sentence.index, trig.group(0)))
        return chairs

    def _attended(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str] | None,
                  chairs: set[str], meetings: list[Mention], main_meeting: str | None) -> None:
        trig = self.attend.search(doc.text, sentence.start, sentence.end)
        if not trig:
            return
        floor = acc.end() if acc and acc.end() <= trig.start() else sentence.start
        chair_at = self.chair.search(doc.text, sentence.start, trig.start())
        if chair_at:
            floor = max(floor, doc.text.find(",", chair_at.end(), trig.start()) + 1 or floor)
        sources = [p.text for p in people if floor <= p.start and p.end <= trig.start() and p.text not in chairs]
        if not sources:
            return
        target = self._meeting_after(trig.end(), sentence, meetings) or main_meeting or "会议"
        for source in dict.fromkeys(sources):
            doc.relations.append(Relation("ATTENDED", source, target, sentence.index, trig.group(0)))

    def _meeting_after(self, pos: int, sentence: Sentence, meetings: list[Mention]) -> str | None:
        for m in meetings:
            if pos <= m.start < sentence.end and m.start - pos <= 4:
                return m.label
        return None

    def _inspected(self, doc: Doc, sentence: Sentence, people: list[Mention], targets: list[Mention],
                   acc: re.Match[str] | None, groups: list[list[str]]) -> list[str]:
        first = people[0]
        trig = self.inspect.search(doc.text, first.end, sentence.end)
        if not trig:
            return []
        if acc and acc.start() < trig.end() + 2 and any(p.end <= acc.start() for p in people):
            return []  # "X陪同调研": the visitors are someone else
        subjects = [p for p in people if p.end <= trig.start()]
        gap = doc.text[subjects[-1].end:trig.start()] if subjects else ""
        if not subjects or len(gap) > 30 or _SPEECH.search(gap):
            return []
        names: list[str] = []
        for p in subjects:
            if self._official(doc, p.text):
                names.extend(self._expand(doc, p, groups))
        names = list(dict.fromkeys(names))
        if not names:
            return []
        stop = _SPEECH.search(doc.text, trig.end(), sentence.end)
        limit = stop.start() if stop else sentence.end
        for i, t in enumerate(targets):
            if t.start < subjects[-1].end or t.start >= limit or t.text == doc.district:
                continue
            nxt = targets[i + 1] if i + 1 < len(targets) else None
            if t.type == "place" and nxt and nxt.type == "project" and nxt.start == t.end:
                continue  # "嵩山路街道刘砦社区改造项目": the street only locates the project
            label = t.label or t.text
            for name in names:
                doc.relations.append(Relation("INSPECTED", name, label, sentence.index, trig.group(0)))
        return names


@register("relations")
def make_relations(context: Context) -> Relations:
    return Relations(context.lexicon)

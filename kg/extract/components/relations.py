"""Component ``relations``: ACCOMPANIED, CHAIRED, ATTENDED and REPORTED.

Works sentence by sentence over the mentions the other components found:

* INSPECTED is emitted by the ``visits`` component (visit frames across sentences);
  this one only tracks who the visitors of each sentence are, as the hosts of 陪同.
* ACCOMPANIED — the people listed right before 陪同 accompanied this sentence's
  subject, else the inspectors of the sentences before; in ``Y在X(的)陪同下``
  the people inside that clause accompanied Y.
* CHAIRED — the person right before 主持; ATTENDED — people before 参加/出席.
* REPORTED — every byline name reported the headline.
"""

from __future__ import annotations

import bisect
import re

from kg.extract.doc import Doc, Sentence
from kg.extract.lexicon import Lexicon, alternation
from kg.extract.pipeline import Context, register
from kg.extract.spans import SPEECH
from kg.models import Event, Mention, Relation

_LIST_GAP = re.compile(r"[\s,，、和及与同志等]*(?:拟任|拟提名)?|[\s,，、]*(?:[区市县省镇乡]级?)?领导(?:同志)?[\s,，、]*")
_LIST_TAIL = re.compile(r"[,，、]|等|及|以及|和|与|同志|一同|一起|也|分别|均|应邀|受邀|特邀")
#: After 参加/出席: a visit or a vague activity, not a named meeting.
_NOT_MEETING = re.compile(r"(?:了)?(?:调研|考察|视察|督导|督查|检查|观摩|参观|走访|慰问|相关活动|有关活动|活动)")
#: A reception or talks joined by name of its kind: "…等参加会见。", "参加洽谈".
_RECEPTION = re.compile(r"(?:了)?(会见|会谈|洽谈)(?=[,，。;；]|$)")
#: An announced list of attendees: "出席会议并在主席台就座的领导有", "参加会议的还有", "出席仪式的有:".
_ATTENDEE_LIST = re.compile(r"(?P<verb>出席|参加|列席|就[座坐])[^,，。;；:：]{0,16}?的(?:领导|人员|嘉宾|同志)?(?:还)?(?:有|是|包括)[:：]?"
                            r"|(?P<chairs>执行主席)(?:是|为|有)(?:[(（][^()（）]{0,12}[)）])?[:：]?")
#: What follows a meeting that was studied, not held: "…推进大会精神", "…全会决策部署".
_STUDIED = re.compile(r"[”\"》]?(?:精神|决策部署|部署要求|重要精神)")
#: A sentence that tells what a meeting said or did: "会议指出,…", "会议传达学习了…".
_REPORTED_CONTENT = re.compile(r"\s*(?:会议|会上|大会)(?:还|并|同时)?(?:指出|强调|要求|认为|传达|学习|听取|审议|研究|通报|部署|号召)")
#: A sentence set at a meeting: "会上,", "在随后召开的座谈会上,".
_AT_MEETING = re.compile(r"(?:在[^,，。;；]{0,30})?(?:会上|会议上|座谈会上|汇报会上|推进会上|调度会上|见面会上|恳谈会上|"
                         r"大会上|仪式上|典礼上)[,，]?")
#: A person who convenes a meeting attends it: "X召开座谈会".
_CONVENE = re.compile(r"(?:并|随后|还|又)?(?:组织)?召开(?:了)?")


class Relations:
    """Finds relation triggers and links the mentions around them."""

    name = "relations"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        words = lexicon.triggers
        self.inspect = re.compile(alternation(words.get("INSPECTED", ["调研"])))
        self.accompany = re.compile(alternation(words.get("ACCOMPANIED", ["陪同"])))
        self.chair = re.compile(alternation(words.get("CHAIRED", ["主持"])))
        # "A、B在主席台(前排)就座": seated on the rostrum of the meeting told before
        self.attend = re.compile(alternation(words.get("ATTENDED", ["参加", "出席"])) + r"|在主席台(?:前排|上)?就[座坐]")

    def __call__(self, doc: Doc) -> Doc:
        persons = [m for m in doc.of_type("person") if m.component != "hanlp_ner"]
        # Meetings the article reports as studied ("传达学习…推进大会精神") or as the content of the meeting
        # it tells ("会议指出,省委召开…推进大会") are not the one a later "出席会议" refers back to.
        meetings = [m for m in doc.of_type("meeting") if not _STUDIED.match(doc.text, m.end)
                    and not _REPORTED_CONTENT.match(doc.sentences[m.sentence].text if m.sentence is not None else "")]
        main_meeting = meetings[0].label if meetings else None
        groups: list[list[str]] = []
        actors: list[str] = []
        starts = [p.start for p in persons]
        for sentence in doc.sentences:
            people = persons[bisect.bisect_left(starts, sentence.start):bisect.bisect_left(starts, sentence.end)]
            if not people:
                continue
            acc = self.accompany.search(doc.text, sentence.start, sentence.end)
            self._groups(doc, people, groups)
            if acc:
                self._accompanied(doc, sentence, people, acc, actors)
            chairs = self._chaired(doc, sentence, people, meetings, main_meeting)
            self._attended(doc, sentence, people, acc, chairs, meetings, main_meeting)
            self._convened(doc, sentence, people, chairs, meetings)
            self._at_meeting(doc, sentence, people, meetings)
            self._listed_attendees(doc, sentence, people, chairs, meetings, main_meeting)
            inspectors = self._visitors(doc, sentence, people, acc, groups)
            if inspectors:
                actors = inspectors
        title = doc.article.headline or ""
        credited = [n for n, role in doc.credits.items() if role in ("reporter", "correspondent")]
        for name in dict.fromkeys([*doc.article.byline.names(), *credited]):
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

    def _under_escort(self, doc: Doc, sentence: Sentence, acc: re.Match[str]) -> tuple[int, int] | None:
        """The span of "在X(的)陪同下" around ``acc``, if the sentence says so."""
        if not doc.text.startswith("下", acc.end()):
            return None
        at = doc.text.rfind("在", sentence.start, acc.start())
        return (at, acc.end() + 1) if at >= 0 else None

    def _accompanied(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str],
                     actors: list[str]) -> None:
        listed = self._attendee_list(doc, [p for p in people if p.end <= acc.start()], acc.start())
        before = listed
        after = [p.text for p in people if p.start >= acc.end()]
        others = [p.text for p in people if p.end <= acc.start() and p.text not in listed]
        escort = self._under_escort(doc, sentence, acc)
        if escort:  # "Y在X的陪同下调研" / "在X陪同下,Y调研": X accompanied Y
            before = [p.text for p in people if escort[0] <= p.start and p.end <= escort[1]]
            hosts = [p.text for p in people if not (escort[0] <= p.start and p.end <= escort[1])][:1]
        elif after and after[0] == doc.text[acc.end():acc.end() + len(after[0])]:
            hosts = after[:1]  # X陪同Y调研
        else:  # "A调研X,B陪同": this sentence's subject, else the visitors of the sentences before
            hosts = [o for o in others if self._official(doc, o)][:1] or self._visit_leaders(doc, sentence) or actors
        for source in dict.fromkeys(before):
            for target in hosts:
                if source != target:
                    event = self._visit_of(doc, sentence, target)
                    doc.relations.append(Relation("ACCOMPANIED", source, target, sentence.index, acc.group(0),
                                                  event.id if event else None))
                    if event and source not in event.companions:
                        event.companions.append(source)

    def _visit_leaders(self, doc: Doc, sentence: Sentence) -> list[str]:
        """Whom companions accompany on the visit under way at ``sentence`` (from the ``visits``
        component): its leaders, else its first (highest-ranking) participant."""
        under_way = [v for v in doc.visits if (v.sentence or 0) <= sentence.index]
        return list(under_way[-1].leaders or under_way[-1].participants[:1]) if under_way else []

    def _visit_of(self, doc: Doc, sentence: Sentence, host: str) -> Event | None:
        """The latest visit begun by ``sentence`` that ``host`` leads or joins."""
        for visit in reversed(doc.visits):
            if (visit.sentence or 0) <= sentence.index and (host in visit.leaders or host in visit.participants):
                return visit
        return None

    def _chaired(self, doc: Doc, sentence: Sentence, people: list[Mention], meetings: list[Mention],
                 main_meeting: str | None) -> set[str]:
        chairs: set[str] = set()
        for trig in self.chair.finditer(doc.text, sentence.start, sentence.end):
            before = [p for p in people if p.end <= trig.start() and trig.start() - p.end <= 2]
            if not before:
                continue
            chair = before[-1].text
            chairs.add(chair)
            target = self._meeting_after(trig.end(), sentence, meetings) or main_meeting
            if not target:
                continue
            doc.relations.append(Relation("CHAIRED", chair, target, sentence.index, trig.group(0)))
        return chairs

    def _attended(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str] | None,
                  chairs: set[str], meetings: list[Mention], main_meeting: str | None) -> None:
        """Each 出席/参加/列席 of the sentence: the people listed right before it attended
        ("A主持会议,B列席会议,C、D参加会议")."""
        previous = sentence.start
        for trig in self.attend.finditer(doc.text, sentence.start, sentence.end):
            self._attended_at(doc, sentence, people, acc, chairs, meetings, main_meeting, trig, previous)
            previous = trig.end()

    def _attended_at(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str] | None,
                     chairs: set[str], meetings: list[Mention], main_meeting: str | None, trig: re.Match[str],
                     previous: int) -> None:
        floor = acc.end() if acc and acc.end() <= trig.start() else sentence.start
        floor = max(floor, previous)
        chair_at = self.chair.search(doc.text, floor, trig.start())
        if chair_at:
            floor = max(floor, doc.text.find(",", chair_at.end(), trig.start()) + 1 or floor)
        before = [p for p in people if floor <= p.start and p.end <= trig.start() and p.text not in chairs]
        sources = self._attendee_list(doc, before, trig.start())
        if not sources and acc and re.fullmatch(r"[^,，。;；]{0,6}并", doc.text[acc.end():trig.start()]):
            # "A、B陪同调研并参加会议": the companions attend too
            sources = self._attendee_list(doc, [p for p in people if p.end <= acc.start()], acc.start())
        if not sources:
            return
        if _NOT_MEETING.match(doc.text, trig.end()):
            return  # "参加调研" / "参加考察活动": joining a visit (the visits component), not a meeting
        reception = _RECEPTION.match(doc.text, trig.end())
        if reception:  # "参加会见": the reception (or talks) the article told, named by its kind
            target = reception.group(1)
        else:
            target = self._meeting_after(trig.end(), sentence, meetings) \
                or self._meeting_before(trig.start(), meetings) or main_meeting
        if not target:
            return
        for source in dict.fromkeys(sources):
            doc.relations.append(Relation("ATTENDED", source, target, sentence.index, trig.group(0)))

    def _convened(self, doc: Doc, sentence: Sentence, people: list[Mention], chairs: set[str],
                  meetings: list[Mention]) -> None:
        """"X(到…调研,并)召开座谈会": X attended the meeting it convened (主持 is CHAIRED instead)."""
        for m in _CONVENE.finditer(doc.text, sentence.start, sentence.end):
            if doc.text[max(sentence.start, m.start() - 2):m.start()].endswith("主持"):
                continue
            target = self._meeting_after(m.end(), sentence, meetings)
            officials = [p for p in people if p.end <= m.start() and self._official(doc, p.text)
                         and p.text not in chairs]
            if not target or not officials:
                continue
            subject = officials[0]
            if SPEECH.search(doc.text, subject.end, m.start()) or "陪同" in doc.text[subject.end:m.start()]:
                continue
            doc.relations.append(Relation("ATTENDED", subject.text, target, sentence.index, "召开"))

    def _attendee_list(self, doc: Doc, before: list[Mention], trigger: int) -> list[str]:
        """The people listed right before an attend trigger: "A、B,C及…负责同志参加".

        Walking back from the trigger, a person joins while what separates it from the
        next is only list punctuation, titles or group labels — so "X带队督导…,Y参加"
        gives Y alone.
        """
        return doc.listed_before(before, trigger, lambda gap: not gap or _LIST_TAIL.match(gap), _LIST_GAP.fullmatch)

    def _meeting_before(self, pos: int, meetings: list[Mention]) -> str | None:
        """The latest meeting named before ``pos`` ("…会议召开。…出席会议": 会议 refers back to it);
        a short form of it ("主持出征仪式" after "举行X出征仪式") stands for its full name."""
        earlier = [m.label or m.text for m in meetings if m.end <= pos]  # meetings come in text order
        if not earlier:
            return None
        latest = earlier[-1]
        fuller = [e for e in earlier if len(e) > len(latest) and e.endswith(latest)]
        return fuller[-1] if fuller else latest

    def _at_meeting(self, doc: Doc, sentence: Sentence, people: list[Mention], meetings: list[Mention]) -> None:
        """"(在随后召开的)座谈会上,X听取/表示…": the officials speaking at a meeting attended it."""
        frame = _AT_MEETING.match(doc.text, sentence.start, sentence.end)
        if not frame:
            return
        named = [m for m in meetings if sentence.start <= m.start < frame.end()]
        target = (named[0].label or named[0].text) if named else self._meeting_before(sentence.start, meetings)
        kind = re.search(r"^在随后(?:召开)?的(座谈会|汇报会|推进会|调度会|见面会|恳谈会)上", frame.group(0))
        if not target and kind:
            target = kind.group(1)  # "在随后的座谈会上,X…": the meeting that closed the visit, named by its kind
        if not target:
            return
        speakers = [p for p in people if p.start >= frame.end() and self._official(doc, p.text)
                    and not SPEECH.search(doc.text, frame.end(), p.start)]
        for p in speakers[:1]:
            doc.relations.append(Relation("ATTENDED", p.text, target, sentence.index, "会上"))

    def _listed_attendees(self, doc: Doc, sentence: Sentence, people: list[Mention], chairs: set[str],
                          meetings: list[Mention], main_meeting: str | None) -> None:
        """"出席会议并在主席台就座的领导有A,B…": the people listed after the announcement attended."""
        frame = _ATTENDEE_LIST.search(doc.text, sentence.start, sentence.end)
        if not frame:
            return
        verb = frame.group("verb") or frame.group("chairs")  # the executive chairs of a congress attend it
        target = (self._meeting_after(frame.start("verb") + 2, sentence, meetings) if frame.group("verb") else None) \
            or self._meeting_before(frame.start(), meetings) or main_meeting
        if not target:
            return
        for p in people:
            if p.start >= frame.end() and p.text not in chairs:
                doc.relations.append(Relation("ATTENDED", p.text, target, sentence.index, verb))

    def _meeting_after(self, pos: int, sentence: Sentence, meetings: list[Mention]) -> str | None:
        """The meeting named right after a trigger; a short back-reference ("参加推进会", "出席颁奖活动")
        stands for the fuller name printed before it."""
        for m in meetings:
            if pos <= m.start < sentence.end and m.start - pos <= 4:
                label = m.label or m.text
                if len(label) <= 4:
                    earlier = [e for e in meetings if e.start < m.start and len(e.label or e.text) > len(label)]
                    if earlier:
                        return earlier[-1].label or earlier[-1].text
                return label
        return None

    def _visitors(self, doc: Doc, sentence: Sentence, people: list[Mention],
                  acc: re.Match[str] | None, groups: list[list[str]]) -> list[str]:
        escort = self._under_escort(doc, sentence, acc) if acc else None
        if escort:  # the escorts inside "在…陪同下" are not the visitors
            people = [p for p in people if not (escort[0] <= p.start and p.end <= escort[1])]
            if not people:
                return []
        first = people[0]
        trig = self.inspect.search(doc.text, escort[1] if escort else first.end, sentence.end)
        if not trig:
            return []
        if acc and not escort and acc.start() < trig.end() + 2 and any(p.end <= acc.start() for p in people):
            return []  # "X陪同调研": the visitors are someone else
        subjects = [p for p in people if p.end <= trig.start()]
        start = escort[1] if escort and escort[1] > subjects[-1].end else subjects[-1].end if subjects else 0
        gap = doc.text[start:trig.start()] if subjects else ""
        if not subjects or len(gap) > 30 or SPEECH.search(gap):
            return []
        names: list[str] = []
        for p in subjects:
            if self._official(doc, p.text):
                names.extend(self._expand(doc, p, groups))
        return list(dict.fromkeys(names))


@register("relations")
def make_relations(context: Context) -> Relations:
    return Relations(context.lexicon)

"""Visits: who inspected what, as frames that span sentences (INSPECTED).

An inspection article tells one or more visits. A visit has leaders (the officials
who 调研/察看/来到…), participants (people who 参加调研, members of the group a
leader 带领, ``X一行``), companions (陪同: they get ACCOMPANIED, not INSPECTED) and
targets: every project, place and organization the visit went to, in the sentence
that opens it and in the sentences that continue it ("考察团先后到A、B、C",
"在A,他强调…", "随后,一行人来到B").

Two components live here:

* ``visit_lists`` — the members of a target list after a visit verb
  ("先后来到A、B、C等地", "深入A、B等项目施工现场") are entities even when no
  suffix names their kind; each becomes a project, organization or place mention.
* ``visits`` — builds the frames and emits one INSPECTED per (visitor, target)
  (GUIDELINES conventions 1, 2, 6 and 7).

>>> from kg.models import Article
>>> from kg.extract import Extractor
>>> ex = Extractor.from_config({"components": ["sentences", "titles", "organizations", "projects", "places",
...                                            "visit_lists", "visits"]})
>>> rec = ex(Article(id="x", headline=None, text="3月2日,县长王明到城关镇调研。"
...                          "随后,王明一行先后来到红星农机公司、东风新村项目。"))
>>> sorted(r.target for r in rec.relations if r.type == "INSPECTED")
['东风新村项目', '城关镇', '红星农机公司']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from kg import gazetteer
from kg.extract.doc import Doc, Sentence
from kg.extract.kinds import INDUSTRY, kind_by_suffix, split_places
from kg.extract.lexicon import Lexicon, alternation
from kg.extract.pipeline import Context, register
from kg.extract.spans import SPEECH, SpanIndex
from kg.models import Event, Mention, Relation

#: Verbs that open a visit's target list ("先后来到A、B", "察看了A、B").
_LIST_OPEN = re.compile(
    r"(?:先后|分别|相继|依次|一同|一起|还|又|再|也|并|随后|接着|重点|专程|实地|一行)*"
    r"(?:来到|走进|深入到?|前往|走访了?|调研了|考察了|察看了|查看了|视察了|观摩了|参观了|检查了|督导了|督查了|"
    r"巡查了|慰问了|看望了|分别是|分别为|(?<=[先后别继次来又还再])到|赴|参观(?![了学考调交])|感受)"
)
#: What ends a target list.
_LIST_END = re.compile(
    r"等(?:地|处|点|单位|企业|项目|重点项目|场所|点位|部门|乡镇|村|社区|学校|园区|现场|工地|基地|公司|地方)?|"
    r"[,，。;；:：!?！？]|进行|实地|调研|考察|察看|查看|视察|检查|督导|督查|观摩|参观|了解|开展|看望|慰问|走访|宣讲"
)
_ITEM_SEP = re.compile(r"[、]|以及|及")
#: What closes a list of companies: "A、B、C等多家辖区重点企业".
_COMPANY_LIST_END = re.compile(r"(?<=[\u4e00-\u9fff])等(?:多家|\d+家|[一二三四五六七八九十几]+家)?"
                               r"(?:辖区|本地|当地|全市|全县|全区|区内|县内|市内)?"
                               r"(?:重点|规上|规模以上|龙头|骨干|优质|知名|民营|外资|科技型|高新技术)*企业")
#: How a company named without 公司 ends: its trade (樱兰智能服装) or a body's word (华泰集团).
_COMPANY_END = re.compile(r"(?:公司|集团|厂|合作社|企业)$")
#: How a name of something visited ends (a list member without one needs 等项目/等企业 or the tagger).
_NAME_END = re.compile(
    r"(?:项目|工程|基地|园区|园|产业园|示范区|小镇|综合体|公司|集团|厂|中心|局|院|所|站|学校|小学|中学|大学|学院|"
    r"幼儿园|银行|合作社|协会|商会|委员会|村|社区|镇|乡|街道|路|街|馆|广场|公园|大厦|小区|市场|港|场|区|县|市|"
    r"嘎查|苏木|连|团|楼|厅|点|站|库|桥|口|湖|河|山|寺|庙|景区|庄园|农庄|牧场|车间|超市|酒店|宾馆|大院|家属院|"
    r"花海|湿地|古城|古镇|遗址|故居|旧址|政府|办事处)$")
_ITEM_TRIM = re.compile(r"^(?:了|的|在|到|位于|建设中的|正在建设的|新建的)+|"
                        r"(?:的|等|现场|施工现场|建设现场|工地|一线|门前|门口|附近|周边|一带)+$")
#: "嵩山路汝河路口": an intersection names two roads.
_CROSSING = re.compile(r"^([\u4e00-\u9fff]{1,8}?(?:路|街|大道))([\u4e00-\u9fff]{1,8}?(?:路|街|大道))口$")
#: Words for the group a leader took along: "调研组一行先后来到…" continues the visit.
_GROUP = re.compile(r"一行|调研组|考察组|考察团|督导组|督查组|检查组|观摩团|观摩组|代表团|调研团|工作组|视察组|视察团|他们|大家|"
                    r"委员们|代表们|与会人员|[他她]|(?:组织|开展|举行)[^,，。;；]{0,16}$")
#: After a county named as the area of a visit ("到阜城县、武邑县调研"), not as a qualifier.
_VISITED_AREA_END = re.compile(r"[、,，。;；和及与]|调研|考察|视察|督导|督查|检查|开展|指导|慰问|走访|察看|参观|进行|$")
#: Names of the visiting group itself or of committees, never a place visited.
_GROUP_NAME = re.compile(r"(?:考察团|调研组|考察组|督导组|督查组|检查组|观摩团|代表团|工作组|两委|班子)$")
#: An enumeration of what the visit saw: "观摩的项目有十一个,分别是A、B", "包括A、B".
_ENUMERATION = re.compile(r"(?:观摩|调研|考察|察看|视察|督导|检查|参观)(?:的|了)[^,，。;；]{0,16}[,，]?(?:分别是|分别为|包括|有)")
#: What ends the targets of a visit verb: speech, and people who join or accompany.
_STOP = re.compile(f"{SPEECH.pattern}|参加|陪同|出席|列席|[。;；]|"
                   # "就A项目建设进行了交流": the topic of a talk, not a place visited
                   r"就(?=[^,，。;；]{2,40}?(?:进行|开展|展开)?(?:了)?(?:交流|探讨|座谈|对接|洽谈))")
#: What may separate the names of one list ("A、B,县委副书记C": titles are removed first).
_LIST_GAP = re.compile(r"[\s,，、和及与]*(?:(?:[区市县省镇乡旗州]级?)?领导(?:同志)?[\s,，、]*)?|[\s,，、]*以及[\s,，、]*")
_LIST_TAIL = re.compile(r"[\s,，、]*(?:同志)?(?:等|等人|等同志|及有关[^,，。]{0,12}|以及[^,，。]{0,16}|和[^,，。]{0,16})?"
                        r"(?:[,，、]?(?:以及|及|和)?[^,，。;；]{0,24}(?:负责人|负责同志|同志|干部|代表|成员|领导|委员|"
                        r"人员|秘书长))?"
                        r"(?:(?:会见|迎接|欢迎|接待)[^,，。;；]{0,10}并)?"  # hosts: "A、B会见考察团并一同考察"
                        r"(?:也|均|一同|一起|全程|分别|共同)?")
#: People joining the visit led by someone else (convention 1): "A、B参加调研", "A一同调研".
_JOIN = re.compile(r"(?:等|分别|一同|一起|全程|也|共同)?(?:参加|随同|一同|一起|共同)(?:了)?(?:调研|考察|视察|督导|督查|检查|观摩|活动|参加)?")
_LEAD = re.compile(r"带领|率领|率")
_SPLIT_GROUPS = re.compile(r"分别带队|分组|分别带领|兵分")
_FRAME = re.compile(r"在|来到|走进")  # used with .match(text, pos): anchored at pos
_DEICTIC = re.compile(r"^(?:我|本|该|当地|全)")
_PROJECT_END = re.compile(r"(?:项目|工程|基地|园区|产业园|示范园|示范区|小镇|综合体|改扩建|新建|扩建|提升|改造|建设)$")

def _spans_of(doc: Doc, *types: str) -> list[Mention]:
    return [m for m in doc.mentions if m.type in types and m.component != "hanlp_ner"]


@dataclass
class _Found:
    """What the list members of one doc are checked against (built once per doc)."""

    people: SpanIndex  # persons and titles
    tagged: dict[tuple[int, int], list[str]]  # the tagger's spans and their types
    entities: dict[tuple[int, int], list[Mention]]  # projects, organizations, places found so far
    index: SpanIndex  # the spans of ``entities``


class VisitLists:
    """Members of a target list after a visit verb become entity mentions."""

    name = "visit_lists"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        people = SpanIndex((m.start, m.end) for m in _spans_of(doc, "person", "title"))
        tagged: dict[tuple[int, int], list[str]] = {}
        for m in doc.mentions:
            if m.component == "hanlp_ner":
                tagged.setdefault((m.start, m.end), []).append(m.type)
        entities: dict[tuple[int, int], list[Mention]] = {}
        for m in _spans_of(doc, "project", "organization", "place"):
            entities.setdefault((m.start, m.end), []).append(m)
        found = _Found(people, tagged, entities, SpanIndex(entities))
        for sentence in doc.sentences:
            for opener in _LIST_OPEN.finditer(text, sentence.start, sentence.end):
                end_m = _LIST_END.search(text, opener.end(), sentence.end)
                stop = end_m.start() if end_m else sentence.end
                kind_hint = end_m.group(0) if end_m else ""
                if not kind_hint and opener.group(0).startswith("分别") \
                        and "企业" in text[max(sentence.start, opener.start() - 8):opener.start()]:
                    kind_hint = "等企业"  # "…企业,分别是佶龙机械、中策光电、展宏节能": the members are companies
                self._members(doc, opener.end(), stop, kind_hint, found)
            # "广东创新精细化工、樱兰智能服装、雅逸家具等多家辖区重点企业": a list of companies needs no visit verb
            for closer in _COMPANY_LIST_END.finditer(text, sentence.start, sentence.end):
                opens = [m.end() for m in re.finditer(r"[,，。;；:：]", text[sentence.start:closer.start()])]
                begin = sentence.start + (opens[-1] if opens else 0)
                members = text[begin:closer.start()].split("、")
                if len(members) > 1 and all(INDUSTRY.search(m) or _COMPANY_END.search(m) for m in members):
                    self._members(doc, begin, closer.start(), "等企业", found)  # every member reads as a company
        return doc

    def _members(self, doc: Doc, begin: int, stop: int, kind_hint: str, found: _Found) -> None:
        """Add the members of the list printed in ``text[begin:stop]``."""
        text = doc.text
        segment = text[begin:stop]
        if "、" not in segment and not kind_hint.startswith("等"):
            return  # a single place after 到: the entity finders decide
        pos = begin
        for piece in _ITEM_SEP.split(segment):
            start = text.find(piece, pos)
            pos = start + len(piece)
            trimmed = _ITEM_TRIM.sub("", piece)
            if not trimmed:
                continue
            start += piece.index(trimmed)
            for s, e in self._parts(trimmed):
                self._add(doc, start + s, start + e, kind_hint, found)

    def _parts(self, item: str) -> list[tuple[int, int]]:
        """Offsets of the names in one list member: two roads of a crossing, "A和B" of two names."""
        crossing = _CROSSING.match(item)
        if crossing:
            return [crossing.span(1), crossing.span(2)]
        for m in re.finditer(r"[和与]", item):
            left, right = item[:m.start()], item[m.end():]
            # "下梁镇政府和融欣矿业公司", "现代农业示范园和潭丘乡海木源" (a town's spot need not end like a name)
            if len(left) >= 3 and len(right) >= 3 and _NAME_END.search(left) \
                    and (_NAME_END.search(right) or re.fullmatch(r"[\u4e00-\u9fff]{2,6}(?:镇|乡|村)[\u4e00-\u9fff]{2,8}", right)):
                return [(0, m.start()), (m.end(), len(item))]
        return [(0, len(item))]

    def _add(self, doc: Doc, start: int, end: int, hint: str, found: _Found) -> None:
        if "的" in doc.text[start:end]:  # "北京援建的尼木县环城路工程": the name follows what qualifies it
            start += doc.text.rindex("的", start, end) - start + 1
        name = doc.text[start:end]
        if not (3 <= len(name) <= 30) or not re.search(r"[\u4e00-\u9fff]{2}", name):
            return
        if self.lex.is_generic(name) or _DEICTIC.match(name) or self.lex.stop_re.search(name[:2]):
            return
        if re.search(r"[两二三四五六七八九十]+[县区市旗镇乡]$", name):
            return  # "金寨、霍山、岳西三县": the count closes the list (the places component reads it)
        if re.search(r"[,，。“”]|情况|工作|问题|发展|进展", name) or self.lex.stop_re.search(
                re.sub(r"(?<=..)[和与及](?=..)", "", name)):
            return
        ner = found.tagged.get((start, end), [])
        if not (_NAME_END.search(name) or INDUSTRY.search(name) or len(hint) > 1 and hint.startswith("等") or ner):
            return
        if found.people.overlaps(start, end):
            return
        existing = [m for span in found.index.overlapping(start, end) for m in found.entities.get(span, ())]
        if any(m.start <= start and end <= m.end for m in existing):
            return  # already found whole (or inside a longer name)
        if any(m.type == "project" and m.end == end and re.search(r"(?:街道|办事处)$", doc.text[start:m.start])
               for m in existing):
            return  # "嵩山路街道刘砦社区改造项目": the street only locates the project
        for m in existing:  # a shorter guess inside the list member: the member wins
            doc.mentions.remove(m)
            found.entities[(m.start, m.end)].remove(m)
        kind = kind_by_suffix(name) or ("project" if _PROJECT_END.search(name) else None)
        if hint.endswith("项目") and kind != "place":
            kind = "project"
        elif kind is None:
            kind = "organization" if hint.endswith(("企业", "公司", "单位")) or "organization" in ner \
                else "project" if "project" in ner else "place"
        mention = doc.add(kind, start, end, self.name, label=re.sub(r"[“”\"]", "", name))
        found.entities.setdefault((start, end), []).append(mention)
        found.index.add(start, end)


@dataclass
class Visit:
    """One visit: who led it, who joined it, where it went."""

    leaders: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    targets: list[tuple[str, int]] = field(default_factory=list)  # (label, sentence)
    split: bool = False
    first_sentence: int = 0

    def visitors(self) -> list[str]:
        return list(dict.fromkeys([*self.leaders, *([] if self.split else self.participants)]))


class Visits:
    """Builds visit frames over the sentences of a doc and emits INSPECTED."""

    name = "visits"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        words = [w for w in lexicon.triggers.get("INSPECTED", ["调研"]) if w not in ("到", "赴", "实地")]
        self.trigger = re.compile(alternation([*words, "走进", "来到", "前往", "巡查", "督查", "慰问", "看望", "参观",
                                               "实地查看", "现场查看", "莅临"]) +
                                  # "到X" visits X, but not 划转到/得到/看到… (moved to, obtained, seen)
                                  r"|(?<![达得直转送落拿找感看受做遇提用学想收听见涉移迁划])到(?!了解|位|达|底|期)|赴")
        self.accompany = re.compile(alternation(lexicon.triggers.get("ACCOMPANIED", ["陪同"])))

    def __call__(self, doc: Doc) -> Doc:
        persons = [m for m in doc.of_type("person") if m.component != "hanlp_ner"]
        targets = [m for m in doc.of_type("project", "place", "organization") if m.component != "hanlp_ner"
                   and m.sentence not in doc.chrome]  # page furniture and source credits are visited by nobody
        spans = SpanIndex([(t.start, t.end) for t in targets]
                          + [(m.start, m.end) for m in doc.of_type("meeting") if m.component != "hanlp_ner"])
        project_starts = {t.start for t in targets if t.type == "project"}
        # A place inside a name, or one that only locates the project printed right after it
        # ("嵩山路街道刘砦社区改造项目"), is not a target of its own.
        targets = [t for t in targets if not spans.inside(t.start, t.end)
                   and not (t.type == "place" and t.end in project_starts)]
        visits: list[Visit] = []
        current: Visit | None = None
        persons.sort(key=lambda m: m.start)
        targets.sort(key=lambda m: m.start)
        person_starts = [p.start for p in persons]
        target_starts = [t.start for t in targets]
        for sentence in doc.sentences:
            people = persons[bisect.bisect_left(person_starts, sentence.start):
                             bisect.bisect_left(person_starts, sentence.end)]
            here = targets[bisect.bisect_left(target_starts, sentence.start):
                           bisect.bisect_left(target_starts, sentence.end)]
            current = self._sentence(doc, sentence, people, here, visits, current)
        doc.visits = [Event(f"V{i}", "visit", v.first_sentence, leaders=list(v.leaders),
                            participants=list(v.participants), targets=[label for label, _ in v.targets])
                      for i, v in enumerate(visits, 1)]
        for event, visit in zip(doc.visits, visits, strict=True):
            for name in visit.visitors():
                for label, index in visit.targets:
                    doc.relations.append(Relation("INSPECTED", name, label, index, "visit", event.id))
        return doc

    # -- one sentence -------------------------------------------------------------------------------------
    def _sentence(self, doc: Doc, sentence: Sentence, people: list[Mention], here: list[Mention],
                  visits: list[Visit], current: Visit | None) -> Visit | None:
        text = doc.text
        start, end = sentence.start, sentence.end
        acc = self.accompany.search(text, start, end)
        escort = self._escort(doc, sentence, acc)
        officials = [p for p in people if doc.roles.get(p.text) == "official"]
        if escort:
            officials = [p for p in officials if not (escort[0] <= p.start < escort[1])]
        elif acc:  # "A陪同B调研" / "A、B陪同": the people before 陪同 are companions
            officials = [p for p in officials if p.start >= acc.end()] if self._hosts_after(doc, acc, people) \
                else [p for p in officials if p.end <= acc.start() and not self._in_companion_list(doc, p, acc)]
        joined = self._joiners(doc, sentence, people, acc)
        officials = [p for p in officials if p.text not in joined]
        frame_end = self._frame(text, sentence)
        triggers = self._triggers(text, max(start, frame_end), end)
        first = triggers[0] if triggers else None
        def gap(p: Mention) -> str:  # what separates a subject from the verb, escort clause left out
            if escort and p.end <= escort[0] and first and escort[1] <= first.start():
                return text[p.end:escort[0]] + text[escort[1]:first.start()]
            return text[p.end:first.start()] if first else ""

        subjects = [p for p in officials if first and p.end <= first.start() and p.start >= frame_end
                    and not _STOP.search(gap(p)) and len(gap(p)) <= (70 if _LEAD.match(gap(p)) else 40)]
        if subjects:
            # "X一行…": the leader is the first official of the clause (the rest are led)
            leaders = list(dict.fromkeys(p.text for p in subjects))
            if current and set(leaders) <= set(current.visitors()):
                visit = current
            else:
                visit = Visit(leaders=leaders, first_sentence=sentence.index)
                visits.append(visit)
        elif first and current is None and (joined or _GROUP.search(text, start, first.start())):
            # "…组织参观考察X,A、B参加考察活动" / "南川区党政代表团一行来彭考察": led by nobody named (yet)
            visit = Visit(participants=[], first_sentence=sentence.index)
            visits.append(visit)
        elif current is not None and _ENUMERATION.search(text, start, end):
            visit = current  # "这次观摩的重点项目有十一个,分别是A、B…"
            triggers = [_ENUMERATION.search(text, start, end)]
        elif current is not None and (not officials or _GROUP.search(text, start, end)
                                      or all(p.text in current.visitors() for p in officials)):
            visit = current
        else:
            visit = None
        if visit is None and current is not None and not first:
            # "A、B率队。": the officials who lead the group that is visiting
            lead = [p.text for p in officials if re.match(r"(?:同志)?(?:率队|带队|领队|带领)", text[p.end:p.end + 4])]
            if lead:
                listed = self._listed_before(doc, officials, officials[-1].end) if len(lead) == 1 else lead
                for name in listed:
                    if name not in current.leaders:
                        current.leaders.append(name)
                return current
        if visit is None:
            if joined and visits:
                self._join(visits[-1], joined)
            return current
        if _SPLIT_GROUPS.search(text, start, end):
            visit.split = True
        self._join(visit, joined)
        if subjects:
            self._join(visit, self._led(doc, sentence, people, subjects))
        subject_end = subjects[-1].end if subjects else max(start, frame_end)
        for t in here:
            if t.end <= frame_end:
                self._add_target(doc, visit, t, sentence)
        for trig in triggers:
            stop = _STOP.search(text, trig.end(), end)
            limit = stop.start() if stop else end
            for t in here:
                if trig.start() <= t.start < limit:
                    self._add_target(doc, visit, t, sentence)
        if not subjects and not triggers and _GROUP.match(text, start):
            # "代表团一行沿着阿依河边走边看…": the visiting group is the subject; where it goes is a target
            stop = _STOP.search(text, start, end)
            for t in here:
                if t.start < (stop.start() if stop else end):
                    self._add_target(doc, visit, t, sentence)
        for t in here:  # "X在A调研" / "X到A调研"
            before = text[max(subject_end, t.start - 3):t.start]
            if t.start >= subject_end and first and t.end <= first.start() \
                    and re.search(r"(?:到|在|赴|深入|走进|来到|前往)[^,，。]{0,2}$", before):
                self._add_target(doc, visit, t, sentence)
        return visit

    def _join(self, visit: Visit, names: list[str]) -> None:
        for name in names:
            if name not in visit.leaders and name not in visit.participants:
                visit.participants.append(name)

    def _frame(self, text: str, sentence: Sentence) -> int:
        """End of a leading "在A、B," / "在A调研时," frame that names where the visit is (else -1)."""
        if not _FRAME.match(text, sentence.start):
            return -1
        comma = re.compile(r"[,，]").search(text, sentence.start, sentence.end)
        if not comma or comma.start() - sentence.start > 60:
            return -1
        return comma.start()

    def _triggers(self, text: str, start: int, end: int) -> list[re.Match[str]]:
        """Visit verbs of ``text[start:end]`` that are not "陪同调研" / "参加调研"."""
        return [m for m in self.trigger.finditer(text, start, end)
                if not re.search(r"(?:陪同|参加|随同|一同|一起|共同)$", text[max(start, m.start() - 3):m.start()])]

    def _add_target(self, doc: Doc, visit: Visit, t: Mention, sentence: Sentence) -> None:
        if _DEICTIC.match(t.text) or _GROUP_NAME.search(t.text):
            return
        if t.type == "place" and (t.text == doc.district or gazetteer.counties(t.text)) \
                and not _VISITED_AREA_END.match(doc.text, t.end):
            return  # "到中原区部分小学调研": the district only qualifies what was visited
        if t.type == "place" and self._broad(t.text) and not re.search(
                r"(?:到|赴|来到|前往|走进|深入|在|莅临|抵达|、)$", doc.text[max(0, t.start - 2):t.start]):
            return  # "山西", "天津市" named in passing: the region, not a place the visit went to
        labels = split_places(t.label or t.text) if t.type == "place" else [t.label or t.text]
        for label in labels:
            if label not in (x for x, _ in visit.targets):
                visit.targets.append((label, sentence.index))

    def _broad(self, name: str) -> bool:
        """A province or city named by itself (山西, 天津市, 苏州), not a county, town or site."""
        base = name[:-1] if name[-1:] in "省市" else name
        if name.endswith(("县", "区", "镇", "乡", "旗")):
            return False
        return base in self.lex.gazetteer or gazetteer.names_division(name)

    # -- people ---------------------------------------------------------------------------------------------
    def _escort(self, doc: Doc, sentence: Sentence, acc: re.Match[str] | None) -> tuple[int, int] | None:
        """The span of "在X(的)陪同下" around ``acc``."""
        if not acc or not doc.text.startswith("下", acc.end()):
            return None
        at = doc.text.rfind("在", sentence.start, acc.start())
        return (at, acc.end() + 1) if at >= 0 else None

    def _hosts_after(self, doc: Doc, acc: re.Match[str], people: list[Mention]) -> bool:
        """"A陪同B调研": the person right after 陪同 is the visitor."""
        after = [p for p in people if p.start >= acc.end()]
        return bool(after) and after[0].start - acc.end() <= 12 and not doc.text.startswith("下", acc.end())

    def _in_companion_list(self, doc: Doc, p: Mention, acc: re.Match[str]) -> bool:
        """Whether ``p`` is in the list that ends right before 陪同 ("A、B陪同")."""
        return not self._triggers(doc.text, p.end, acc.start())

    def _joiners(self, doc: Doc, sentence: Sentence, people: list[Mention], acc: re.Match[str] | None) -> list[str]:
        """People who joined the visit: the list right before 参加(调研)/一同调研 in this sentence."""
        text = doc.text
        out: list[str] = []
        for m in _JOIN.finditer(text, sentence.start, sentence.end):
            if "参加" not in m.group(0) and not re.search(r"调研|考察|视察|督导|督查|检查|观摩", m.group(0)):
                continue
            after = text[m.end():m.end() + 6]
            if re.match(r"[^,，。;；]{0,6}(?:会议|会|座谈|仪式|典礼|培训|学习)|(?:了)?(?:相关|有关)活动", after) \
                    and "调研" not in m.group(0):
                continue  # 参加会议: attendance of a meeting, not of the visit
            floor = acc.end() if acc and acc.end() <= m.start() else sentence.start
            for name in self._listed_before(doc, [p for p in people if floor <= p.start], m.start()):
                if name not in out:
                    out.append(name)
        return out

    def _listed_before(self, doc: Doc, people: list[Mention], pos: int) -> list[str]:
        """The people listed right before ``pos``: "A、B,县委副书记C等" (titles and group labels may
        stand between them; a clause may not)."""
        return doc.listed_before(people, pos, _LIST_TAIL.fullmatch, _LIST_GAP.fullmatch)

    def _led(self, doc: Doc, sentence: Sentence, people: list[Mention], subjects: list[Mention]) -> list[str]:
        """People a leader took along: "X带领A、B…" and "X一行" members named in the sentence."""
        text = doc.text
        out: list[str] = []
        for m in _LEAD.finditer(text, subjects[0].end, sentence.end):
            stop = self.trigger.search(text, m.end(), sentence.end)
            stop_at = stop.start() if stop else sentence.end
            for p in people:
                if m.end() <= p.start < stop_at and p.text not in out:
                    out.append(p.text)
        return out


@register("visit_lists")
def make_visit_lists(context: Context) -> VisitLists:
    return VisitLists(context.lexicon)


@register("visits")
def make_visits(context: Context) -> Visits:
    return Visits(context.lexicon)

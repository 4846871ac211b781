"""People and their titles: bylines, title chains, leader lists, name propagation.

Title grammar handled by :class:`TitleChains` (one sentence is cut into chunks at
``, 、 ; :``):

* ``区委副书记、区委办主任杜建强`` — titles that end a chunk wait for the name
  that closes the chain;
* ``副区长符维、刘斌`` — a bare name right after a titled one shares its title;
* ``习近平总书记`` / ``吴萍局长`` — a tagged name directly before a title word.
"""

from __future__ import annotations

import re

from kg import gazetteer
from kg.extract.doc import Doc
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Context, register
from kg.extract.spans import HAN, SpanIndex, ill_formed, left_edge, name_end, strip_district

_CHUNK = re.compile(r"[^,、;:，；：]+")
_PLACE_OR_ORG_END = set("村镇乡区县市省委局办部院会组司团校府协社队所处科室站厂行店馆街路道")
#: Role nouns after a name: "滕艾同学", "张三老师".
_ROLE_AFTER = re.compile(r"同学|同志|老师|教授|先生|女士|医生|律师|专家|院士|主播|记者")
#: After a post: the person is its nominee ("县长候选人", "副主席提名人选").
_NOMINEE = re.compile(r"(?:候选人|提名人选|人选)")
#: Spaces a page may print between a title and the name ("县委书记 周应忠").
_NAME_GAP = re.compile(r"[ \u3000\xa0]{1,3}")
#: What ends a dotted name the rule would otherwise run on into: "…则在", "…先生", "…所说".
_AFTER_DOTTED = re.compile(r"[则所在是的和与及等说将也]|先生|博士|女士|教授|总统|总理|主席|议长|部长")
#: A transliterated name (Uyghur, Kazakh, Tibetan…): parts joined by a middle dot.
_DOTTED = re.compile(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}")
#: What may follow a tagged name for the tagger's guess to be kept.
_NAME_CONTEXT = re.compile(r"[,、。;:!?“”]|同学|同志|老师|教授|先生|女士|等|说|表示|指出|介绍|强调|代表|认为|告诉")


#: A national leader named by the post or the body of thought that bears the name: "学习X总书记重要讲话",
#: "贯彻X新时代中国特色社会主义思想", "X生态文明思想", "X理论".
_LEADER_REF = re.compile(r"(?P<name>[\u4e00-\u9fff]{3})(?:同志)?(?P<title>总书记)"
                         r"|(?P<theory>[\u4e00-\u9fff]{3})(?:新时代中国特色社会主义|生态文明|法治|外交|强军|经济|文化)?"
                         r"(?:思想|理论)")
#: What precedes such a reference: a verb of study and practice, or a list.
_REF_LEAD = ("贯彻", "落实", "学习", "践行", "领会", "宣传", "遵循", "运用", "坚持", "按照", "根据", "牢记", "以", "用",
             "把", "和", "及", "、", "的", "是", "在", "将")


def _ner_person_ends(doc: Doc) -> dict[int, int]:
    return {m.start: m.end for m in doc.mentions if m.type == "person" and m.component == "hanlp_ner"}


#: A credit label and the names after it: "记者 X", "(全媒体记者 X Y)", "作者:X", "撰稿:X", "通讯员 X".
_CREDIT_LABELS = r"编辑|审核|责编|初审|二审|三审|终审|复审|校对|审校|监制|摄影|记者|通讯员|作者|撰稿|字号"
_CREDIT_NAME = rf"(?!{_CREDIT_LABELS})(?:[\u4e00-\u9fff]{{2,4}}|[\u4e00-\u9fff] [\u4e00-\u9fff](?![\u4e00-\u9fff]))"
_CREDIT = re.compile(
    r"(?P<label>(?:本报|本台|本网|全媒体|融媒体中心|融媒|首席|实习|见习|特约)*记者|通讯员|(?<![工读著创])作者|撰稿|撰文|供稿|"
    r"文/图|图/文|文图|图文|来源/供稿|责任编辑|编辑|责编|审核|摄影|审校|校对|初审|二审|三审|终审|复审|监制)"
    r"[ \t]*[:：/]?[ \t]*(?:[\u4e00-\u9fff]{2,20}?(?:融媒体中心|新闻中心|报社|电视台|日报)[ \t]+)?"  # 来源/供稿:X中心 周春银
    r"(?P<names>" + _CREDIT_NAME + r"(?:[ 、]+" + _CREDIT_NAME + r")*)"
    r"(?=报道|摄|/|[^\u4e00-\u9fff]|$)"  # a name ends the credit: "柴桑区融媒体中心" is not a name
)
#: A photo credit closing a caption: "…乡村振兴项目。任佳佳 摄", "张三 李四 摄".
_PHOTO_CREDIT = re.compile(r"(?:^|(?<=[。!！]))[ \t\u3000]*(?P<names>[\u4e00-\u9fff]{2,3}(?:[ 、][\u4e00-\u9fff]{2,3})*)"
                           r"[ \t\u3000]*摄(?=[ \t\u3000]*(?:\n|$))", re.MULTILINE)
#: "(徐蕾 陶怡)" / "(芮婉颖)" / "(谢彦妮/文图)" closing a paragraph or right after "…讯": unlabelled credits.
_BARE_CREDIT = re.compile(r"[(（【](?P<names>[\u4e00-\u9fff]{2,3}(?: [\u4e00-\u9fff]{1,3})*)(?:/?(?:文图|文/图|图文|文))?[)）】]")
_CREDIT_ROLES = {"记者": "reporter", "通讯员": "correspondent", "编辑": "other", "责编": "other", "审核": "other",
                 "摄影": "other", "审校": "other", "校对": "other", "审": "other", "监制": "other"}


class BylinePeople:
    """Reporters, correspondents and editors: the byline, and credits printed in the text.

    Web pages print credits anywhere: "本报讯(记者 X 通讯员 Y)", "作者:X", "撰稿:X 编辑:Y",
    "(X Y)" closing the article. Reporters and correspondents (unlabelled credits count as
    correspondents) REPORTED the article; editors and reviewers are people with role other.
    """

    name = "byline"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        for name in doc.article.byline.reporters:
            doc.roles.setdefault(name, "reporter")
        for name in doc.article.byline.correspondents:
            doc.roles.setdefault(name, "correspondent")
        text = doc.text
        for m in _CREDIT.finditer(text):
            label = m.group("label")
            role = next((r for k, r in _CREDIT_ROLES.items() if label.endswith(k)), "correspondent")
            for start, end in self._names(text, m.start("names"), m.end("names")):
                self._credit(doc, start, end, role, label)
        for m in _PHOTO_CREDIT.finditer(text):  # "…乡村振兴项目。任佳佳 摄": a photographer, role other
            for start, end in self._names(text, m.start("names"), m.end("names")):
                self._credit(doc, start, end, "other", "摄")
        for m in _BARE_CREDIT.finditer(text):
            after = text[m.end():m.end() + 1]
            before = text[max(0, m.start() - 1):m.start()]
            if not (after in ("", "\n", " ", "|", "(", "（") or before in ("讯", "息", "电") or text[m.start()] == "【"):
                continue
            names = self._names(text, m.start("names"), m.end("names"))
            if names and all(self.lex.is_surname(text[s:e].replace(" ", "")) for s, e in names):
                for start, end in names:
                    self._credit(doc, start, end, "correspondent", "")
        return doc

    def _names(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Name spans of a credit: split at 、 and spaces; "程 鹏" (one space inside a 2-character name) is one."""
        out: list[tuple[int, int]] = []
        for token in re.finditer(r"[^ 、]+", text[start:end]):
            t_end = start + token.end()
            if token.group(0).endswith(("报道", "摄影")) and len(token.group(0)) > 3:
                t_end -= 2  # "通讯员陈婉报道"
            out.append((start + token.start(), t_end))
        merged: list[tuple[int, int]] = []
        for s, e in out:
            if merged and e - s == 1 and merged[-1][1] - merged[-1][0] == 1:
                merged[-1] = (merged[-1][0], e)  # "程 鹏"
            else:
                merged.append((s, e))
        return [(s, e) for s, e in merged if 2 <= len(text[s:e].replace(" ", "")) <= 4
                and self.lex.is_surname(text[s:e].replace(" ", ""))
                and not self.lex.stop_re.search(text[s:e])]

    def _credit(self, doc: Doc, start: int, end: int, role: str, label: str) -> None:
        name = doc.text[start:end].replace(" ", "")
        if doc.roles.get(name) in ("official",):
            return
        doc.roles.setdefault(name, role)
        doc.credits.setdefault(name, role)
        doc.add("person", start, end, self.name, label=name)
        if role == "other" and label not in ("摄影", "摄"):  # an editor's only role word is their title
            doc.add_title(name, label)


class TitleChains:
    """Finds ``TITLE、TITLE NAME`` chains and records person and title mentions."""

    name = "titles"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon
        self._org_suffixes = tuple(lexicon.org_suffixes)

    def __call__(self, doc: Doc) -> Doc:
        ner_ends = _ner_person_ends(doc)
        ner_starts = {end: start for start, end in ner_ends.items()}  # a tagged name ending at a title word
        org_before = {m.end: m.start for m in doc.mentions if m.component == "hanlp_ner" and m.type == "organization"}
        text = doc.text
        for sentence in doc.sentences:
            pending: list[tuple[int, int]] = []
            last_titles: list[tuple[int, int]] = []
            prev_end = sentence.start
            for chunk in _CHUNK.finditer(text, sentence.start, sentence.end):
                cs, ce = chunk.span()
                delimiter = text[prev_end:cs]
                prev_end = ce
                found, pending, person_end = self._chunk(doc, cs, ce, pending, ner_ends, ner_starts, org_before)
                if found:
                    last_titles = found if person_end == ce else []
                    continue
                if "、" in delimiter and last_titles:
                    # "副区长符维、刘斌…": a bare name after a titled one shares its title.
                    end = name_end(text, cs, self.lex, ner_ends)
                    if end and text[end - 1] not in _PLACE_OR_ORG_END and (end == ce or not HAN.match(text[end])
                                or self.lex.stop_re.search(text[end:end + 2]) or text[end] in "对等和及出参陪"):
                        self._person(doc, cs, end, last_titles)
                        continue
                last_titles = []
        return doc

    def _chunk(self, doc: Doc, cs: int, ce: int, pending: list[tuple[int, int]], ner_ends: dict[int, int],
               ner_starts: dict[int, int], org_before: dict[int, int]
               ) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
        """Titles+name of one chunk: (titles given to a name, titles still pending, end of that name)."""
        text = doc.text
        floor = cs
        given: list[tuple[int, int]] = []
        person_end = -1
        for m in self.lex.title_core_re.finditer(text, cs, ce):
            if m.start() < floor:
                continue
            org = self.lex.org_suffix_re.match(text, m.start())
            if org and org.end() > m.end():
                continue  # "常委" inside "人大常委会主任": part of the organization
            ts = left_edge(text, m.start(), floor, self.lex, coordinated=self._org_suffixes)
            org = org_before.get(m.start())
            if org is not None and floor <= org < ts and not ill_formed(text[org:m.start()]):
                ts = org  # "市投资促进服务中心副主任": the tagged body is the scope
            # "习近平总书记": a tagged name right before the title word.
            start = ner_starts.get(m.start())
            if start is not None and ts <= start and self.lex.is_surname(text[start:m.start()]):
                if m.start() - start >= 2:  # "赵书记": a surname and a title refer to someone, they name nobody
                    self._person(doc, start, m.start(), [(m.start(), m.end())])
                ts = -1
            if ts < 0:
                floor = m.end()
                pending = []
                continue
            title_end = m.end()
            nominee = _NOMINEE.match(text, title_end, ce)
            if nominee:  # "县长候选人刘世奇": a nominee's post is his title
                title_end = nominee.end()
            if title_end == ce:  # a title ending the chunk waits for its name ("…在区委副书记、区长X的陪同下")
                pending = [*pending, (ts, title_end)]
                floor = title_end
                continue
            name_at = title_end
            gap = _NAME_GAP.match(text, title_end, ce)
            if gap and gap.end() < ce:  # "■连江县委书记 周应忠": a space between title and name
                name_at = gap.end()
            end = name_end(text, name_at, self.lex, ner_ends)
            if end is None:
                prefix = text[ts:m.start()]
                if self._name_before_title(text, ts, prefix):  # 习近平总书记: mentioned, not acting
                    doc.roles.setdefault(prefix, "other")
                    self._person(doc, ts, m.start(), [(m.start(), m.end())])
                pending = []
                floor = m.end()
                continue
            given = [*pending, (ts, title_end)]
            self._person(doc, name_at, end, given)
            pending = []
            floor = person_end = end
        return given, pending, person_end

    def _name_before_title(self, text: str, start: int, prefix: str) -> bool:
        """"习近平总书记", "吴萍局长": a bare name right before a title word, at a boundary."""
        if not (2 <= len(prefix) <= 3) or not self.lex.is_surname(prefix) or prefix[-1] in _PLACE_OR_ORG_END:
            return False
        return start == 0 or not HAN.match(text[start - 1]) or bool(self.lex.stop_re.search(text[max(0, start - 4):start]))

    def _person(self, doc: Doc, start: int, end: int, titles: list[tuple[int, int]]) -> None:
        add_official(doc, start, end, titles, self.name)


def add_official(doc: Doc, start: int, end: int, titles: list[tuple[int, int]], component: str) -> None:
    """Record the person at ``[start, end)`` as an official holding the posts printed at ``titles``
    (each listed without the article's own district)."""
    name = doc.text[start:end]
    doc.add("person", start, end, component)
    doc.roles.setdefault(name, "official")
    for ts, te in titles:
        label = strip_district(doc.text[ts:te], doc.district)
        doc.add("title", ts, te, component, label=label)
        doc.add_title(name, label)


#: Appointments and resignations of a standing committee's session: "任命A、B为T", "…,C为T2",
#: "决定接受A同志辞去T职务的请求", "免去A的T职务".
_APPOINT = re.compile(r"(?:(?:决定)?(?:任命|提名|选举|聘任)|决定(?=[\u4e00-\u9fff·]{2,6}?(?:同志)?为))(?P<rest>[^。;；]*)")
_NAMED_AS = re.compile(r"(?:^|[,，])(?P<names>[\u4e00-\u9fff·、]{2,40}?)(?:等\d+名)?(?:同志)?为"
                       r"(?P<titles>[\u4e00-\u9fff、()（）]{2,40}?)(?=[,，;；。]|$|的)")
_LEFT_POST = re.compile(r"(?:接受|同意)(?P<names>[\u4e00-\u9fff·]{2,6}?)(?:同志)?辞去(?P<titles>[\u4e00-\u9fff、]{2,40}?)职务"
                        r"|免去(?P<names2>[\u4e00-\u9fff·、]{2,20}?)(?:同志)?的?(?P<titles2>[\u4e00-\u9fff、]{2,40}?)职务")


class Appointments:
    """Posts given or left in a session's personnel decisions: "任命侯继军同志为区人民政府副区长、代理区长",
    "张东方为区教育体育局局长", "接受张伟同志辞去区人民政府区长职务的请求".

    >>> from kg.extract.doc import Doc, split_sentences
    >>> from kg.models import Article
    >>> doc = Doc.from_article(Article(id="a", headline=None, district="长宁区", text=(
    ...     "会议任命赵海洋、董冲为长宁区人民政府副区长,张东方为区教育体育局局长;"
    ...     "决定接受张伟同志辞去长宁区人民政府区长职务的请求,决定任命侯继军同志为长宁区人民政府副区长、代理区长。")))
    >>> doc.sentences = split_sentences(doc.text)
    >>> sorted(Appointments(Lexicon.load())(doc).titles.items())
    [('侯继军', ['区人民政府副区长', '代理区长']), ('张东方', ['区教育体育局局长']), ('张伟', ['区人民政府区长']), ('董冲', ['区人民政府副区长']), ('赵海洋', ['区人民政府副区长'])]
    """

    name = "appointments"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        for m in _APPOINT.finditer(text):
            base = m.start("rest")
            for a in _NAMED_AS.finditer(m.group("rest")):
                self._give(doc, base + a.start("names"), a.group("names"), base + a.start("titles"), a.group("titles"))
        for m in _LEFT_POST.finditer(text):
            key = "names" if m.group("names") else "names2"
            tkey = "titles" if m.group("titles") else "titles2"
            self._give(doc, m.start(key), m.group(key), m.start(tkey), m.group(tkey))
        return doc

    def _give(self, doc: Doc, names_at: int, names: str, titles_at: int, titles: str) -> None:
        posts: list[tuple[int, int]] = []
        pos = titles_at
        for post in titles.split("、"):
            core = list(self.lex.title_core_re.finditer(post))
            if core and core[-1].end() == len(post) and not ill_formed(post):
                posts.append((pos, pos + len(post)))
            pos += len(post) + 1
        if not posts:
            return
        pos = names_at
        for name in names.split("、"):
            if 2 <= len(name) <= 4 and self.lex.is_surname(name) and not self.lex.stop_re.search(name):
                add_official(doc, pos, pos + len(name), posts, self.name)
            pos += len(name) + 1


class LeaderLists:
    """Names listed after a group label: ``区领导杜建强、薛晓军、魏建民…``."""

    name = "leader_lists"
    LABEL = re.compile(r"(?:[区市县省镇乡州旗]级?)?领导(?:同志|干部)?(?:有)?")

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        ner_ends = _ner_person_ends(doc)
        text = doc.text
        for m in self.LABEL.finditer(text):
            pos = m.end()
            names: list[tuple[int, int]] = []
            while True:
                end = name_end(text, pos, self.lex, ner_ends)
                if end is None:
                    break
                names.append((pos, end))
                if end < len(text) and text[end] in "、和":
                    pos = end + 1
                    continue
                break
            # A single "name" after 领导 must be followed by a list end or a verb, else it is prose.
            if len(names) == 1 and not re.match(r"[等,及出参陪带一]", text[names[0][1]:names[0][1] + 1]):
                continue
            for start, end in names:
                doc.add("person", start, end, self.name)
                doc.roles[text[start:end]] = "official"
        return doc


class NamePropagation:
    """Finds every other occurrence of the names already found, and tagged names.

    Tagged (HanLP) names are kept when they start with a family name and are
    not part of an organization, place or project.
    """

    name = "name_propagation"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        names = {m.text for m in doc.mentions if m.type == "person" and m.component != "hanlp_ner"}
        covered_spans = [(m.start, m.end) for m in doc.mentions
                         if m.type in ("organization", "project", "place") and m.component != "hanlp_ner"]
        covered = SpanIndex(covered_spans)
        covered_set = set(covered_spans)
        covered_ends = {e for _, e in covered_spans}
        for m in doc.mentions:
            if m.type != "person" or m.component != "hanlp_ner" or m.text in names:
                continue
            size_ok = 2 <= len(m.text) <= 3 or (len(m.text) == 4 and m.text[:2] in self.lex.surnames)
            if not (size_ok and all(HAN.match(c) for c in m.text) and self.lex.is_surname(m.text)):
                continue
            if m.text in self.lex.gazetteer or not _NAME_CONTEXT.match(text, m.end):
                continue
            if any(full in text for full in gazetteer.full_forms(m.text)):
                continue  # "彭水全面贯彻…" where 彭水自治县 is printed: the division's short name
            if covered.inside(m.start, m.end) or (m.start, m.end) in covered_set:
                continue
            names.add(m.text)
            doc.roles.setdefault(m.text, "other")
        for role in _ROLE_AFTER.finditer(text):
            for size in (3, 2):
                start = role.start() - size
                name = text[start:role.start()]
                if start < 0 or not all(HAN.match(c) for c in name) or not self.lex.is_surname(name):
                    continue
                at_boundary = start == 0 or not HAN.match(text[start - 1]) or start in covered_ends
                if at_boundary and name not in names:
                    names.add(name)
                    doc.roles.setdefault(name, "other")
                    break
        for ref in _LEADER_REF.finditer(text):  # "贯彻落实X总书记…", "X新时代…思想", "X理论"
            name = ref.group("name") or ref.group("theory")
            start = ref.start("name") if ref.group("name") else ref.start("theory")
            before = text[max(0, start - 2):start]
            if not self.lex.is_surname(name) or self.lex.stop_re.search(name) or name in self.lex.gazetteer:
                continue
            if not (start == 0 or not HAN.match(text[start - 1]) or before.endswith(_REF_LEAD)):
                continue
            names.add(name)
            doc.roles[name] = "other"  # mentioned, not acting: leads no visit, attends no meeting
            if ref.group("title") and ref.group("title") not in doc.titles.setdefault(name, []):
                doc.titles[name].append(ref.group("title"))
        for m in [m for m in doc.mentions if m.type == "person" and m.component != "hanlp_ner"]:
            dotted = _DOTTED.match(text, m.start)
            if dotted and dotted.end() > m.end:  # "古丽努尔·阿布勒": the rule stopped at the dot
                stop = self.lex.stop_word_re.search(text, text.index("·", m.start), dotted.end())
                end = stop.start() if stop else dotted.end()
                after = _AFTER_DOTTED.search(text, max(m.end, text.index("·", m.start) + 2), end)
                end = after.start() if after else end  # "盖哈尔·卡斯帕尔|则在…", "乔治·雨瑞|先生"
                if end - text.index("·", m.start) < 2:
                    continue
                doc.mentions.remove(m)
                doc.add("person", m.start, end, m.component)
                doc.roles.setdefault(text[m.start:end], doc.roles.get(m.text, "other"))
                names.discard(m.text)
                names.add(text[m.start:end])
        seen_spans = {(m.start, m.end) for m in doc.mentions if m.type == "person" and m.component != "hanlp_ner"}
        seen = SpanIndex(seen_spans)
        for name in sorted(names, key=lambda n: (-len(n), n)):
            for found in re.finditer(re.escape(name), text):
                span = found.span()
                if span in seen_spans or seen.overlaps(span[0], span[0] + 1):
                    continue
                if covered.inside(*span) or span in covered_set:
                    continue
                doc.add("person", span[0], span[1], self.name)
                seen_spans.add(span)
                seen.add(*span)
        self._list_gaps(doc, covered)
        return doc

    def _list_gaps(self, doc: Doc, covered: SpanIndex) -> None:
        """Names between two names of one 、-list are names too ("刘振国、王大学、张言苍": 王大学 reads as a
        university to the tagger): a two- or three-character member that starts with a family name."""
        text = doc.text
        people = sorted((m for m in doc.mentions if m.type == "person" and m.component != "hanlp_ner"),
                        key=lambda m: m.start)
        for p, q in zip(people, people[1:], strict=False):
            gap = text[p.end:q.start]
            if not (gap.startswith("、") and gap.endswith("、")) or len(gap) > 40:
                continue
            pos = p.end + 1
            for token in gap[1:-1].split("、"):
                start, end = pos, pos + len(token)
                pos = end + 1
                if not (2 <= len(token) <= 3 and all(HAN.match(c) for c in token) and self.lex.is_surname(token)
                        and token not in self.lex.gazetteer):
                    continue
                tagged = any(m.type == "person" and m.component == "hanlp_ner" and (m.start, m.end) == (start, end)
                             for m in doc.mentions)
                if covered.overlaps(start, end) or self.lex.stop_re.search(token):
                    if not tagged:
                        continue
                    # the tagger's person among people, a rule's body by its ending ("王大学"): the list decides
                    kinds = ("organization", "place", "project")
                    doc.mentions = [m for m in doc.mentions if not (m.type in kinds and (m.start, m.end) == (start, end))]
                    if any(m.type in kinds and m.component != "hanlp_ner" and m.start <= start and end <= m.end
                           for m in doc.mentions):
                        continue  # inside a longer name
                doc.add("person", start, end, self.name)
                doc.roles.setdefault(token, doc.roles.get(q.text, "other"))


@register("byline")
def make_byline(context: Context) -> BylinePeople:
    return BylinePeople(context.lexicon)


@register("titles")
def make_titles(context: Context) -> TitleChains:
    return TitleChains(context.lexicon)


@register("appointments")
def make_appointments(context: Context) -> Appointments:
    return Appointments(context.lexicon)


@register("leader_lists")
def make_leader_lists(context: Context) -> LeaderLists:
    return LeaderLists(context.lexicon)


@register("name_propagation")
def make_name_propagation(context: Context) -> NamePropagation:
    return NamePropagation(context.lexicon)

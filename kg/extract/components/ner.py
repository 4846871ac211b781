"""Components ``hanlp_ner`` and ``ner_entities``: the shipped HanLP BiLSTM-CRF tagger.

``hanlp_ner`` tags every sentence and adds ``person``/``organization``/``place``/
``title``/``project`` mentions with component ``hanlp_ner`` (evidence the rule
components read: name boundaries, organizations without a suffix).
``ner_entities`` then makes the tagger's spans answers: every tagged person,
organization, place and project that no rule component has already claimed (and that
is well formed) becomes a final mention. Rules add what the tagger cannot see (title
chains, list members, projects after 等项目) and repair boundaries; they do not gate it.
"""

from __future__ import annotations

import re
from typing import Any

from kg import gazetteer
from kg.extract.doc import Doc
from kg.extract.kinds import INDUSTRY, kind_by_suffix, project_body
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Context, register
from kg.extract.spans import LATIN_NAME, SpanIndex, completes_name, cuts_word, foreign_name, strip_district
from kg.models import Mention

_LABELS = {"PER": "person", "ORG": "organization", "LOC": "place", "TITLE": "title", "PROJ": "project"}


class HanLPNER:
    """Tags every sentence of a doc with a HanLP sequence tagger (batched)."""

    name = "hanlp_ner"

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        from kg.extract.hanlp_ner import load_tagger

        self.tagger: Any = load_tagger(model)
        self.batch_size = batch_size

    #: The longest piece of text tagged at once: a sentence of 650k characters (no full stop in a
    #: page) would otherwise cost gigabytes in one LSTM pass.
    MAX_PIECE = 256

    def __call__(self, doc: Doc) -> Doc:
        return self.pipe([doc])[0]

    def pipe(self, docs: list[Doc]) -> list[Doc]:
        """Tags the sentences of all ``docs`` in one pass of the tagger (its batches then stay full;
        a sentence's tags do not depend on the sentences batched with it)."""
        pieces = [(doc, offset, text) for doc in docs for s in doc.sentences if s.text
                  for offset, text in self.pieces(s.start, s.text)]
        if not pieces:
            return docs
        results = self.tagger([list(text) for _, _, text in pieces], batch_size=self.batch_size)
        for (doc, offset, _text), spans in zip(pieces, results, strict=True):
            for _t, label, begin, end in spans:
                kind = _LABELS.get(label)
                if kind:
                    doc.add(kind, offset + begin, offset + end, self.name)
        return docs

    @classmethod
    def pieces(cls, start: int, text: str) -> list[tuple[int, str]]:
        """``text`` (at ``start``) cut into pieces of at most MAX_PIECE characters, at a comma when
        one is near the end of a piece.

        >>> [len(t) for _, t in HanLPNER.pieces(0, "甲" * 300 + "，" + "乙" * 10)]
        [256, 55]
        >>> [len(t) for _, t in HanLPNER.pieces(0, "甲" * 200 + "，" + "乙" * 100)]
        [201, 100]
        """
        out: list[tuple[int, str]] = []
        pos = 0
        while len(text) - pos > cls.MAX_PIECE:
            window = text[pos:pos + cls.MAX_PIECE]
            cut = max(window.rfind(c) for c in ",，、;；: 　") + 1
            if cut < cls.MAX_PIECE // 2:
                cut = cls.MAX_PIECE
            out.append((start + pos, window[:cut]))
            pos += cut
        out.append((start + pos, text[pos:]))
        return out


#: Characters a well-formed name never holds (clause punctuation, quotes left open).
_ILL_FORMED = re.compile(r"[,，。;；:：!?！？、\s]")
#: Words that show a verb phrase or clause was glued to a name (感受康复医院, 这与X党委).
_CLAUSE = re.compile(r"^(?:这|那|与|和|及|对|在|把|被|将|由|从|向|给|让|为|感受|锚定|首先|代表|一些|各|全|本|该|其)|"
                     r"(?:正文|要闻|首页|新闻|网站|来源|编辑|作者)")


_LATIN_NAME = re.compile(LATIN_NAME)
#: Verbs that follow a person's name, never a body's: "钱其琛代表…", "李瑞环会见…".
_AFTER_NAME_VERBS = set("代表 会见 会晤 率领 带领 主持 出席 参加 表示 指出 强调 宣布 签署 访问 看望 慰问 考察 调研 来到".split())
#: Characters that continue a place name when the tagger stopped before them.
_LEVEL_AFTER = set("省市县区镇乡村旗州盟")
#: Suffixes that name a kind, not an entity: "生产车间", "党支部" are generic once they are removed.
_STRIP_SUFFIX = re.compile(r"(?:车间|展厅|办公室|支部|中心|设施|区|厅|室)$")


class NEREntities:
    """Tagged spans become answers unless a rule already claimed the text or they are ill-formed."""

    name = "ner_entities"
    TYPES = ("person", "organization", "place", "project")

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        books = [b.span() for b in re.finditer(r"《[^》]{1,60}》", doc.text)]  # names inside a document title

        def claims() -> SpanIndex:
            return SpanIndex([(m.start, m.end) for m in doc.mentions if m.component != "hanlp_ner"
                              and m.type in ("person", "title", "organization", "place", "project", "meeting")] + books)

        claimed = claims()
        # A rule's organization that starts with a tagged person ("钱其琛代表中国政府", "李瑞环会见…小组") ran
        # its left edge into a clause: the person stands, the glued name goes.
        glued = {m.start: m for m in doc.mentions if m.component != "hanlp_ner"
                 and m.type in ("organization", "place", "project")}
        tagged = [m for m in doc.mentions if m.component == "hanlp_ner" and m.type in self.TYPES]
        named_after = self._named_after_people(doc, tagged)
        for m in sorted(tagged, key=lambda m: m.start):
            if id(m) in named_after:
                continue
            other = glued.get(m.start)
            if m.type == "person" and other is not None and other.end > m.end and len(m.text) >= 2 \
                    and self.lex.is_surname(m.text) and doc.text[m.end:m.end + 2] in _AFTER_NAME_VERBS:
                doc.mentions.remove(other)
                claimed = claims()
            if claimed.overlaps(m.start, m.end):
                continue
            if not self._well_formed(doc, m):
                continue
            if m.type == "person" and m.sentence in doc.chrome and not re.search(r"[\u4e00-\u9fff]", m.text):
                continue  # "Copyright ©", "Image": a Latin word of page furniture
            kind = m.type
            if kind == "person":
                m = _trim_person(doc.text, m)
                if m is None or _TRADE_AFTER.match(doc.text, m.end - 1) or _TRADE_AFTER.match(doc.text, m.end):
                    continue  # "樱兰智|能服装、": a company's trade name the tagger read as a person
                if len(m.text) in (3, 4) and (cuts_word(doc.text, m.start, m.end, self.lex.common_words) == "right"
                                              or doc.text.startswith("及", m.end) and m.text[-1] == "以"):
                    # "谢东仔|细察看", "李旭信|心", "张婕以|及": the last character starts the next word
                    m = Mention(m.type, m.text[:-1], m.start, m.end - 1, m.sentence, m.component, m.label)
                    if gazetteer.names_division(m.text) or gazetteer.counties(m.text):
                        continue  # "彭水|生态", "贞丰|良好": a county's name, no person
                extra = completes_name(doc.text, m.start, len(m.text))
                if extra:  # "冯健|身。": the tagger stopped one character short
                    m = Mention(m.type, doc.text[m.start:m.end + extra], m.start, m.end + extra, m.sentence,
                                m.component, m.label)
                    if claimed.overlaps(m.start, m.end):
                        continue
                doc.roles.setdefault(m.text, "other")
            else:
                kind = kind_by_suffix(m.text) or kind  # 豆罗工业园区 is a project, whatever the tagger says
                if kind == "place" and m.type == "place" and not self._known_place(m.text):
                    continue
                if kind == "project" and self.lex.is_project_kind(project_body(m.text)):
                    continue  # "爱国主义教育基地": a kind of works, not a project's name
            label = re.sub(r"[“”\"]", "", m.text)
            if kind == "person" and re.fullmatch(r"[\u4e00-\u9fff][ \u3000][\u4e00-\u9fff]", label):
                label = label[0] + label[2]  # "陈 薇": a two-character name padded with a space
            if kind == "organization":
                if self.lex.title_core_re.match(doc.text, m.end) and not re.search(r"(?:公司|集团|厂|社|行)$", m.text):
                    continue  # "区教育体育局|局长": the body only qualifies a post (a company is named: convention 3)
                label = strip_district(label, doc.district)
            doc.add(kind, m.start, m.end, self.name, label=label)
            claimed.add(m.start, m.end)
        return doc

    @staticmethod
    def _named_after_people(doc: Doc, tagged: list[Mention]) -> set[int]:
        """A venue named after a person ("张寒晖|文化广场", "邓稼先|生平陈列馆"): the tagger's person and place
        printed back to back are one place, added to ``tagged``; returns the ids of the mentions it replaces."""
        by_start = {m.start: m for m in tagged if m.type in ("place", "organization")}
        pairs = [(p, venue) for p in tagged if p.type == "person" and len(p.text) >= 2
                 and (venue := by_start.get(p.end)) is not None and _VENUE_NAMED.search(venue.text)]
        tagged.extend(doc.add("place", p.start, venue.end, "hanlp_ner") for p, venue in pairs)
        return {id(m) for pair in pairs for m in pair}

    def _known_place(self, text: str) -> bool:
        """A tagged place is kept when it ends like one or is known geography (not "加强城镇")."""
        if text in self.lex.gazetteer or (text[:-1] in self.lex.gazetteer and text[-1] in "省市县区"):
            return True
        if gazetteer.names_division(text) or gazetteer.counties(text):
            return True  # 定州, 忻州市, 穆棱: China's divisions, full or short name
        verbs = [w for w in self.lex.stop_word_re.findall(text) if len(w) > 1]  # "能够增强城乡", "召集街道"
        return kind_by_suffix(text) == "place" and len(text) >= 3 and not self.lex.stop_re.search(text) \
            and not verbs and not self.lex.stop_re.search(text[:1])

    def _well_formed(self, doc: Doc, m: Mention) -> bool:
        text = m.text
        if m.type == "person" and _LATIN_NAME.fullmatch(text):
            return True  # "Ron", "Peter Hill": a name in Latin letters the tagger found
        if _ILL_FORMED.search(text) or _CLAUSE.search(text) or not re.search(r"[\u4e00-\u9fff]", text):
            return False
        if m.type == "organization" and (text[-1] + doc.text[m.end:m.end + 1] in ("社会", "大多", "办实", "办案")
                                         or text.endswith(("社会", "机会", "体会"))):
            return False  # "筠连经济社|会", "年轻人大|多": the tagger cut a word in two
        if m.type == "place" and doc.text[m.end:m.end + 1] in _LEVEL_AFTER:
            return False  # "中原" of "中原区": the tagger cut a division's name
        if doc.text[max(0, m.start - 1):m.start + 1] in ("以上", "以下", "以内", "以外"):
            return False  # "500亩以|上坝区": the tagger cut a word of measure
        if m.type == "person":
            if len(text) > 1 and text[0] == text[1]:
                return False  # "殷殷嘱托": a reduplicated word, not a name
            core = self.lex.title_core_re.search(text)
            if core and core.end() == len(text) and core.start() <= 1:
                return False  # "姚部长", "张区长": a surname and a post refer to someone, they name nobody
            if gazetteer.names_division(text):
                return False  # "徐汇", "阿勒泰": a division's name
            if text in self.lex.gazetteer or self.lex.stop_re.search(text):
                return False
            return 2 <= len(text) <= 4 and all("\u4e00" <= c <= "\u9fff" or c == "·" for c in text) \
                or foreign_name(text)  # "奥尔布赖特", "阿尔均·辛格"
        if len(text) < 2 or self.lex.is_generic(text) or self.lex.is_generic(_STRIP_SUFFIX.sub("", text)):
            return False
        if m.type == "organization" and re.search(r"(?:组|小分队|专班|大局|格局|布局|全局|当局|常委|政委|委员)$", text):
            return False  # a working group (招商组), a word (发展大局) or a post (政协常委), not an organization
        if m.type == "organization" and len(text) == 2 and text[-1] not in "委局办院所厅部社行校":
            return False  # "招大": two characters name a body only with a body's suffix (省委, 市局)
        return not self.lex.stop_re.search(text[:1])


#: A verb whose second character the tagger takes as a surname: "任|命陶关锋", "免|去X", "提|名X".
_VERB_HEAD = {"命": "任", "去": "免", "名": "提"}
#: What follows a place or a work, never a person: "陈台子|泵站", "中山|路".
_NOT_AFTER_PERSON = re.compile(r"泵站|水库|公司|集团|大桥|小学|中学|医院|路(?![过上])|大道|街道")


#: A trade word closing a company's name in a list: "樱兰|智能服装、", "雅逸|家具等".
_TRADE_AFTER = re.compile(r"(?:" + INDUSTRY.pattern.removesuffix("$") + r")+(?=[、,，和及与等]|企业|公司)")


#: Venues commonly named after a person.
_VENUE_NAMED = re.compile(r"(?:文化广场|广场|公园|纪念馆|陈列馆|故居|纪念园|纪念亭|图书馆)$")


def _trim_person(text: str, m: Mention) -> Mention | None:
    """A tagged person with a verb's character cut off its front ("任命陶关锋" -> 陶关锋), or None when
    what follows shows a place or a work ("陈台子泵站").

    >>> _trim_person("决定任命陶关锋为副区长", Mention("person", "命陶关锋", 3, 7, 0, "hanlp_ner")).text
    '陶关锋'
    >>> _trim_person("在陈台子泵站", Mention("person", "陈台子", 1, 4, 0, "hanlp_ner")) is None
    True
    """
    if _NOT_AFTER_PERSON.match(text, m.end):
        return None
    if len(m.text) == 4 and m.start and _VERB_HEAD.get(m.text[0]) == text[m.start - 1]:
        return Mention(m.type, m.text[1:], m.start + 1, m.end, m.sentence, m.component, m.label)
    return m


@register("hanlp_ner")
def make_ner(context: Context) -> HanLPNER:
    return HanLPNER(context.settings.get("model"))


@register("ner_entities")
def make_ner_entities(context: Context) -> NEREntities:
    return NEREntities(context.lexicon)

"""Organizations, projects, places and meetings found by their suffix words.

Each finder looks for a suffix of its lexicon (局, 项目, 街道…) and walks left
to the start of the name (see :func:`kg.extract.spans.left_edge`); candidates
made only of generic words (重点项目, 各街道) are dropped and, where candidates
overlap, the longest wins.
"""

from __future__ import annotations

import functools
import re

from kg import gazetteer
from kg.extract.doc import Doc
from kg.extract.lexicon import Lexicon, alternation
from kg.extract.pipeline import Context, register
from kg.extract.spans import HAN, SpanIndex, left_edge, strip_district
from kg.ingest.district import is_district_name

_CHUNK = re.compile(r"[^,、;:，；：\s]+")
_ADMIN_START = re.compile(r"^(?:[区市省县镇乡]|团|共青团)")
_SINGLE_SUFFIX_OK = set("局委办厅")
# Characters that, after a one-character suffix, show it is part of another word (办法, 局面, 部署).
_CONTINUES = {"社": "会", "办": "法理公事学好实案了", "局": "面势限外内", "部": "署门分位长", "院": "落子区", "委": "托员婉",
              "厅": "堂"}
# Words ending with an organization suffix that are not organizations (and never end one).
_NOT_ORG_ENDINGS = tuple(
    "大局 格局 布局 结局 全局 开局 当局 举办 主办 承办 协办 创办 督办 交办 查办 转办 开办 兴办 代办 包办 "
    "干部 全部 内部 外部 局部 东部 西部 南部 北部 中部 一部 基部 之处 一处 各处 到处 好处 难处 用处 "
    "场所 住所 处所 厕所 教室 居室 楼院 庭院 宅院 团队 分队 小分队 车队 网站 车站 驿站 学科 "
    "本科 专科 外科 内科 妇产科 儿科 会议中心 市民中心 剧院 展厅 会议室 监控室 常委 政委".split()
)
# Bare words that are suffixes but not names on their own.
_NOT_ORG = set("中心 重心 核心 信心 决心 委 局 办 部 院 所 处 科 室 站 队".split())
# Names that are whole on their own (no body before the suffix).
_STANDALONE = {"党中央", "国务院", "中共中央", "全国人大", "全国政协", "中央军委"}


def _spans(doc: Doc, *types: str, exclude: str | None = None) -> list[tuple[int, int]]:
    return [(m.start, m.end) for m in doc.mentions if m.type in types and m.component != exclude]


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]] | SpanIndex) -> bool:
    if isinstance(others, SpanIndex):
        return others.overlaps(*span)
    return SpanIndex(others).overlaps(*span) if len(others) > 32 else \
        any(span[0] < e and s < span[1] for s, e in others)


@functools.lru_cache(maxsize=8)
def _suffix_scanner(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding every position where one of ``suffixes`` (longest first) starts."""
    return re.compile(f"(?=({alternation(suffixes)}))")


def _suffix_candidates(doc: Doc, lexicon: Lexicon, suffixes: set[str], blocked: set[int],
                       max_len: int = 24) -> list[tuple[int, int, str]]:
    """``(start, end, suffix)`` of every name ending with one of ``suffixes``."""
    text = doc.text
    found: list[tuple[int, int, str]] = []
    pattern = _suffix_scanner(tuple(sorted(suffixes)))
    coordinated = tuple(suffixes)
    for chunk in _CHUNK.finditer(text):
        cs, ce = chunk.span()
        for m in pattern.finditer(text, cs, ce):
            suffix = m.group(1)
            s_start, end = m.start(), m.start() + len(suffix)
            if end > ce:
                continue
            start = left_edge(text, s_start, cs, lexicon, max_len, blocked, coordinated=coordinated)
            if start < s_start or len(suffix) > 1:
                found.append((start, end, suffix))
    return found


def _strip_generic_lead(text: str, start: int, end: int, suffix: str, lexicon: Lexicon) -> int:
    """Move ``start`` past leading descriptors ("辖区企业浙江华丰公司" → "浙江华丰公司")."""
    words = lexicon.descriptors_longest_first
    moved = True
    while moved:
        moved = False
        for w in words:
            if text.startswith(w, start) and end - len(suffix) - (start + len(w)) >= 2:
                start += len(w)
                moved = True
                break
    return start


def _longest(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    chosen: list[tuple[int, int, str]] = []
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
        if not any(c[0] < e and s < c[1] for s, e, _ in chosen):
            chosen.append(c)
    return sorted(chosen)


class Organizations:
    """Government bodies, party committees, companies, schools… by suffix (局, 委, 公司, 小学)."""

    name = "organizations"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        titles = SpanIndex(_spans(doc, "title"))
        person_spans = _spans(doc, "person", exclude="hanlp_ner")
        persons = SpanIndex(person_spans)
        ner_orgs = SpanIndex((m.start, m.end) for m in doc.mentions
                             if m.type == "organization" and m.component == "hanlp_ner")
        blocked = {e for _, e in person_spans}
        cands = []
        # A place the left edge cut ("八都|镇人民政府": 都 reads as a stop word) gives the name its start.
        place_at = {i: m.start for m in doc.mentions if m.type == "place" for i in range(m.start + 1, m.end)}
        for start, end, suffix in _suffix_candidates(doc, self.lex, self.lex.org_suffixes, blocked):
            if start in place_at and text[start] in "镇乡县区市村":
                start = place_at[start]
            if not _ADMIN_START.match(text[start:end]):
                start = _strip_generic_lead(text, start, end, suffix, self.lex)
            name = text[start:end]
            if name in _NOT_ORG or name.endswith(_NOT_ORG_ENDINGS):
                continue
            if _overlaps((start, end), titles) or _overlaps((start, end), persons):
                continue
            if suffix == "产业园" or (end < len(text) and suffix == "中心" and text[end] in "工城任位环地"):
                continue
            label = strip_district(name, doc.district)
            body = re.sub(r"[“”\"]", "", label[: len(label) - len(suffix)])
            admin = bool(_ADMIN_START.match(label))
            nxt = text[end:end + 1]
            if len(suffix) == 1:
                if nxt and nxt in _CONTINUES.get(suffix, ""):
                    continue
                if admin and len(body) < 2 and suffix not in "委":
                    continue
                if not admin and (len(body) < 2 or (suffix not in _SINGLE_SUFFIX_OK
                                                     and not _overlaps((start, end), ner_orgs))):
                    continue
            if (suffix.endswith("组") and nxt == "会") or (suffix.endswith("会") and nxt == "议") \
                    or ("届" in name and not _TERM_BODY.search(name)):
                continue  # "领导小组会", "常委会议", "十三届十次常委会" are meetings ("县十七届人大常委会" is a body)
            if self.lex.title_core_re.match(text, end):
                continue  # "镇党委书记…": an organization only as the prefix of a title
            if not admin and (not body or self.lex.is_generic(body)) and name not in _STANDALONE:
                continue
            if admin and len(body) > 1 and (self.lex.is_generic(body[1:]) if len(suffix) > 1
                                            else re.match(r"[各相有该本全]", body[1:])):
                continue  # 区部分小学, 区各指挥部
            if admin and body[1:2] == "各":
                continue  # 区各指挥部办公室: "each of", never a name
            cands.append((start, end, suffix))
        for start, end, _ in _longest(cands):
            doc.add("organization", start, end, self.name, label=strip_district(text[start:end], doc.district))
        return doc


class Projects:
    """Construction and investment projects: …项目, …工程 (with a construction cue), …渡槽."""

    name = "projects"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        blocked = {e for s, e in _spans(doc, "person", exclude="hanlp_ner")}
        for m in re.finditer(r"街道|办事处", text):
            blocked.add(m.end())
        cands = []  # the article's own district stays in a project's name (凤凰县易地扶贫搬迁禾库安置区)
        for start, end, suffix in _suffix_candidates(doc, self.lex, self.lex.project_suffixes, blocked, _PROJECT_LEN):
            if end - len(suffix) - start >= _PROJECT_LEN and start and HAN.match(text[start - 1]):
                continue  # the walk was cut short: no name boundary within reach, no reliable name
            start = _strip_generic_lead(text, start, end, suffix, self.lex)
            if end < len(text) and text[end] == "区" and suffix in ("产业园",):
                continue
            printed = body = re.sub(r"[“”\"()（）]", "", text[start:end - len(suffix)])
            if doc.district and body.startswith(doc.district):
                body = body[len(doc.district):]  # "中原区重点项目": the district names no project
            if len(body) < 2 or self.lex.is_generic(body) or self.lex.is_project_kind(printed) \
                    or re.search(r"\d+[个项家]$|活动|会议|暨|工作|第.次", body):
                continue
            if suffix == "项目" and (re.fullmatch(r"[\u4e00-\u9fff]{1,8}[省市县旗]|[\u4e00-\u9fff]{1,3}区", re.sub(r"\(.*?\)", "", text[start:end - 2]))
                                   or gazetteer.names_division(printed)):
                continue  # "铁门关市项目", "梁山县(深圳)项目": the projects of a place, none named
            if suffix == "工程" and (not any(cue in body for cue in self.lex.project_cues) or body.endswith("项目")):
                continue  # "…基地建设项目|工程点": the project is named before 工程
            if start and text[start - 1] == "至" and _ROUTE.search(body):  # "S21阿勒泰至乌鲁木齐高速公路工程"
                start = _strip_generic_lead(text, left_edge(text, start - 1, 0, self.lex, 20, blocked), end,
                                            suffix, self.lex)
            cands.append((start, end, suffix))
        before = {m.end: m for m in doc.mentions if m.component != "hanlp_ner"
                  and m.type in ("organization", "place") and not _COMPANY_END.search(m.text)}
        for start, end, _ in _longest(cands):
            first = before.get(start - 1) if start and text[start - 1] in "及与" else None
            if first is not None:  # "特纳普电力电子研发中心及生产基地项目": one project of two parts
                doc.mentions.remove(first)
                start = first.start
            doc.add("project", start, end, self.name, label=re.sub(r"[“”\"]", "", text[start:end]))
        return doc


#: A body elected for a term: "县十七届人大常委会", "县政协第十届委员会" (no session number: "十三届十次常委会").
_TERM_BODY = re.compile(r"^[^次]*届(?:人大常委会|人民代表大会常务委员会|委员会|委员会常务委员会)(?:党组)?$")
#: How far back a project's name may reach from its suffix ("群英乡芬坡村委会祖装村污水处理设施及配套管网工程").
_PROJECT_LEN = 28
#: A route's project names both ends: "A至B高速公路工程", "河图镇至桃花冲林场交通道路项目".
_ROUTE = re.compile(r"公路|道路|铁路|高速|快速路|通道|干线|大道|管道|航道|线路|绿道")
#: A company is a party of its own, never the first part of a project ("X公司与Y项目").
_COMPANY_END = re.compile(r"(?:公司|集团|厂|合作社)$")
_ROAD = re.compile(r"(?:路|大道|大街|街)(?!道|区|办|头|边|上|面)")
_NOT_ROAD = set("思路 道路 出路 线路 套路 门路 前路 后路 来路 去路 老路 新路 弯路 一路 半路 网路 电路 "
                "铁路 公路 马路 水路 陆路 航路 进路 活路 找路 引路 领路 走路 修路 让路 商业街 步行街 美食街 "
                "水泥路 泥土路 砂石路 沙石路 柏油路 硬化路".split())
_ADMIN_AREA = re.compile(r"(?:区|县|旗)(?![委政府长级直属内外域属人大协法检局办])")
_BOOK_TITLE = re.compile(r"《[^》]*》")
#: Short names counted after the list: "金寨、霍山、岳西三县", "城关、城南两镇".
_COUNTED_LIST = re.compile(r"(?P<names>[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+)[两二三四五六七八九十]+(?P<level>[县区市旗])")
#: Venues and landmarks (GUIDELINES: places include venues, museums, parks, reservoirs, scenic spots).
#: (Parks, squares, reservoirs and stadiums are left out: a paper calls them projects as often as places.)
_VENUE = re.compile(r"(?:大厦|遗址|故居|旧址|寺|陈列馆|纪念馆|博物馆|展览馆|规划馆|检查站|码头|景区|古镇|老街|"
                    r"会议中心|市民中心|剧院|会堂|家属院|楼院|花苑)"
                    r"(?![\u4e00-\u9fff]{0,2}(?:项目|工程|建设))")
#: What may precede a county's short name standing alone as a place ("助推|英山经济", "美丽|积石", "到|上党").
_SHORT_BEFORE = re.compile(r"(?:^|[^\u4e00-\u9fff]|美丽|幸福|平安|健康|助推|推动|促进|服务|融入|学习|扎根|来到|走进|落户|"
                           r"投资|打造|建设|全面|为|到|在|赴|来|和|与|及|对|让|把|是|的)$")
#: What may follow it: "英山|经济社会", "常山|未来发展", "上党|建设", "陵水|分会场" is a venue's name.
_SHORT_AFTER = re.compile(r"[^\u4e00-\u9fff]|经济|发展|人民|群众|实践|建设|未来|高质量|全面|大地|城乡|上下|各地|全域|"
                          r"的|正|已|将|在|是|有|要|和|与|及|等|这|以|考察|调研|学习|工作")


#: A division's short name as the subject of its development: "助推|渝中|经济社会高质量发展", "为|陵水|发展注入".
_DIVISION_DEVELOPS = re.compile(r"(?:助推|加快|推动|促进|服务|融入|打造|为|把|让|实现|支持|扎根|投资|关心|推介)"
                                r"(?P<name>[\u4e00-\u9fff]{2,4}?)(?=经济|高质量|人民|群众|发展|实践|全域|城乡|未来)")


#: A division by its short name right after a visit verb: "调研|海西|重要指示", "赴|南京|考察", "莅临|永泰,".
_DIVISION_VISITED = re.compile(r"(?:调研|考察|视察|莅临|走进|来到|前往|赴)(?P<name>[\u4e00-\u9fff]{2,4}?)"
                               r"(?=[,，、。;；]|时|期间|重要|并|调研|考察|视察|指导|学习)")


#: Two places named as a pair: "长乐和永泰两地", "沪苏两地" is not (one character each).
_TWO_PLACES = re.compile(r"(?<![\u4e00-\u9fff])(?P<a>[\u4e00-\u9fff]{2,3}?)[和与、](?P<b>[\u4e00-\u9fff]{2,3}?)两[地县市区]")


def _after_its_province(text: str, start: int, short: str) -> bool:
    """Whether the county called ``short`` at ``start`` follows the name of its own province ("陕西旬阳").

    >>> _after_its_province("来自陕西旬阳的特产", 4, "旬阳"), _after_its_province("湖南旬阳", 2, "旬阳")
    (True, False)
    """
    provinces = {d.province for d in gazetteer.counties_by_short(short)}
    for size in (2, 3, 4):
        before = text[max(0, start - size):start]
        prov = gazetteer.province(before) if len(before) == size else None
        if prov is not None and prov.name in provinces:
            return True
    return False


#: The units of the Xinjiang Production and Construction Corps, places of their own: a division with its city
#: (第十四师昆玉市), a regiment farm (150团), a company (南区17连).
_CORPS_UNIT = re.compile(r"第[一二三四五六七八九十]{1,3}师[\u4e00-\u9fff]{2,4}?市"
                         r"|(?<![\d.%])\d{2,3}团(?![结队委员体长聚购])|(?:[东南西北中]区)?(?<![\d.%])\d{1,2}连"
                         r"(?![续接同日夜片冠胜败击号])")


#: Parts of any town that are also some district's name (城北区, 城关镇): "打造城北经济强镇" names no division.
_PART_OF_TOWN = re.compile(r"城[东南西北关中郊]|[东南西北]城|[东南西北中]区")


def _district_short_alone(text: str, district: str) -> list[tuple[int, int]]:
    """Where the article's own county is printed by its short name alone, as a place of its own.

    >>> text = "助推英山经济社会高质量发展。英山县委书记到英山中学"
    >>> [text[s:e] for s, e in _district_short_alone(text, "英山县")]
    ['英山']
    """
    divisions = gazetteer.counties(district)
    short = divisions[0].short if divisions else ""
    if len(short) < 2 or short == district:
        return []
    return [m.span() for m in re.finditer(re.escape(short), text)
            if _SHORT_BEFORE.search(text, max(0, m.start() - 2), m.start())
            and _SHORT_AFTER.match(text, m.end()) and not text.startswith(district, m.start())]


#: Development and administrative zones: 西宁经济技术开发区, 盐南高新区, 小蓝经开区, 海口综合保税区.
_ZONE = re.compile(r"(?:经济技术开发区|高新技术产业开发区|经济开发区|高新区|经开区|综合保税区|保税区|开发区|经济区|集中区)"
                   r"(?![委管办党工])")
_PLACE = re.compile(r"(?:街道|社区|村(?![民委级集]|乡(?!村))|镇(?![党政委长]|村(?!民))|乡(?![村镇亲土愁贤情间里长])|嘎查|苏木|(?<=[村乡镇区][\u4e00-\u9fff]{2})(?:屯|庄(?!园))(?![镇乡村街]))"
                    r"(?!办|委|党|居委|管委|卫生|中心|小学|中学|学校|干部|工作)")


class Places:
    """The article's district, streets (街道), communities, roads and tagged places."""

    name = "places"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lex = lexicon

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        taken = _spans(doc, "person", "title", "organization", "project", exclude="hanlp_ner")
        taken += [m.span() for m in _BOOK_TITLE.finditer(text)]  # 《…通知》: a document's name, not a place
        blocked = {e for _, e in taken}
        spans: list[tuple[int, int]] = []
        labelled: dict[tuple[int, int], str] = {}  # short names whose level is printed after the list
        taken_idx = SpanIndex(taken)  # what other kinds claimed
        found = SpanIndex()  # the places found so far

        def free(span: tuple[int, int]) -> bool:
            return not found.overlaps(*span) and not taken_idx.overlaps(*span)

        def keep(span: tuple[int, int]) -> None:
            spans.append(span)
            found.add(*span)

        def claim(span: tuple[int, int]) -> bool:
            """Keep ``span`` as a place when nothing holds it yet; a name ends there."""
            if not free(span):
                return False
            keep(span)
            blocked.add(span[1])
            return True
        if doc.district:
            for m in re.finditer(re.escape(doc.district), text):
                keep(m.span())
                blocked.add(m.end())
            for span in _district_short_alone(text, doc.district):  # "美丽积石", "到上党"
                claim(span)
        for m in _CORPS_UNIT.finditer(text):  # 兵团: "第十四师昆玉市", "150团", "1连"
            claim(m.span())
        for pattern in (_DIVISION_DEVELOPS, _DIVISION_VISITED):  # "助推渝中经济社会发展", "调研海西时": by short name
            for m in pattern.finditer(text):
                if gazetteer.names_division(m.group("name")) and not _PART_OF_TOWN.match(m.group("name")):
                    claim(m.span("name"))
        for m in self.lex.gazetteer_re.finditer(text):
            claim(m.span())
        for hit in gazetteer.county_scanner().finditer(text):  # every county-level division, full name
            if not (hit.start() and HAN.match(text[hit.start() - 1]) and text[hit.start() - 1] not in "省市州"):
                claim(hit.span())
        for m in _COUNTED_LIST.finditer(text):  # "金寨、霍山、岳西三县": each is a 县
            level = m.group("level")
            names = m.group("names").split("、")
            pos = m.end("names") - len(m.group("names"))
            for i, short in enumerate(names):
                at = pos
                pos += len(short) + 1
                if i == 0:  # the first name's left edge: the shortest ending that names a county
                    cut = next((k for k in range(2, len(short) + 1) if gazetteer.is_county(short[-k:] + level)), 0)
                    at, short = at + len(short) - cut, short[-cut:] if cut else ""
                span = (at, at + len(short))
                if short and gazetteer.is_county(short + level) and claim(span):
                    labelled[span] = short + level
        for hit in gazetteer.short_scanner().finditer(text):  # "陕西|旬阳", "湖北|赤壁": a county after its province
            if _after_its_province(text, hit.start(), hit.group()) \
                    and not re.match(r"[省市县区州旗]", text[hit.end():hit.end() + 1]):
                claim(hit.span())
        for m in _TWO_PLACES.finditer(text):  # "长乐和永泰两地": two divisions by their short names
            pair = [m.span("a"), m.span("b")]
            if all(gazetteer.names_division(text[s:e]) for s, e in pair):
                for span in pair:
                    claim(span)
        absorbed: set[tuple[int, int]] = set()  # places that became the qualifier of a zone or venue
        # Places named whole elsewhere in the article: "和平镇" there mends "和|平镇六斗村" here (和 reads as
        # a coordinator, 向 of 向阳乡 as a preposition).
        known = {m.text for m in doc.mentions if m.type == "place" and len(m.text) >= 3
                 and not (m.start and HAN.match(text[m.start - 1]))}  # printed with a clear left edge
        for pattern, max_len in ((_ZONE, 6), (_PLACE, 6), (_ADMIN_AREA, 3), (_ROAD, 4), (_VENUE, 6)):
            for chunk in _CHUNK.finditer(text):
                for m in pattern.finditer(text, *chunk.span()):
                    start = left_edge(text, m.start(), chunk.start(), self.lex, max_len, blocked)
                    if start > chunk.start() and start - 1 not in blocked and any(
                            text.startswith(k, start - 1) and start - 1 + len(k) <= m.end() for k in known):
                        start -= 1
                    qualifiers: list[tuple[int, int]] = []
                    if pattern in (_ZONE, _VENUE):  # "天水|经济技术开发区", "青海|原子城纪念馆": the place qualifies it
                        ends = {e: s for s, e in spans if (s, e) not in absorbed
                                and not re.search(r"(?:街道|社区|村|镇|乡|路|街|巷)$", text[s:e])}
                        while start in ends and start > chunk.start():
                            qualifiers.append((ends[start], start))
                            start = ends[start]
                    body = text[start:m.start()]
                    if len(body) == max_len and start > chunk.start() and HAN.match(text[start - 1]):
                        continue  # the walk was cut short: no name boundary found
                    name = text[start:m.end()]
                    # "工信局、开发区、发改局", "市经济技术开发区、忻府区": a zone named by its kind in a list
                    bare_zone = pattern is _ZONE and body in ("", "市", "县", "区", "省") \
                        and "、" in text[start - 1:start] + text[m.end():m.end() + 1]
                    # "在县会议中心举行": the county's own hall
                    own_venue = pattern is _VENUE and body in ("市", "县", "区", "镇", "乡")
                    if not (bare_zone or own_venue) and (len(body) < 2 or not all(HAN.match(c) for c in body)
                                          or self.lex.is_generic(body) or body[0] in "各全每该本此"):
                        continue
                    if name.endswith(tuple(_NOT_ROAD)) or name.endswith("乡村") \
                            or any(o not in absorbed and o not in qualifiers for o in found.overlapping(start, m.end())):
                        continue
                    if pattern is _ADMIN_AREA and not is_district_name(name):
                        continue
                    absorbed.update(qualifiers)
                    keep((start, m.end()))
                    blocked.add(m.end())
        for m in doc.mentions:
            # Tagged places are kept when they are known geography or end like a place name.
            if m.type == "place" and m.component == "hanlp_ner" and len(m.text) >= 2:
                known = m.text in self.lex.gazetteer or (m.text[:-1] in self.lex.gazetteer and m.text[-1] in "省市") \
                    or gazetteer.names_division(m.text)
                if known and free((m.start, m.end)):
                    keep((m.start, m.end))
        slogans = [m.span() for m in self.lex.phrase_re.finditer(text)]  # 绿水青山, 山水林田湖草
        for start, end in sorted(set(spans) - absorbed):
            if any(s <= start and end <= e for s, e in slogans):
                continue  # "绿水|青山|就是金山银山": a place's name inside a set phrase
            if (start, end) in labelled:
                doc.add("place", start, end, self.name, label=labelled[(start, end)])
                continue
            name = text[start:end]
            if (self.lex.is_generic(name) and not gazetteer.is_county(name) and not gazetteer.names_division(name)
                    and name not in ("经开区", "高新区", "开发区")) or "项目" in name:
                continue  # 办公区, 北部强镇, 项目落户家乡: no named place (a zone is called by its kind at home)
            doc.add("place", start, end, self.name)
        return doc


_MEETING = re.compile(
    r"(?:主持召开|主持|召开|举行|举办|组织召开|出席|参加)(?:了)?"
    r"(?P<name>[^,，。;；:：!?！？]{2,40}(?:会议|大会|座谈会|推进会|培训会|例会|工作会|动员会|(?<![社机体都理])会|活动|典礼|仪式|集体学习))")
#: A meeting named as the subject: "区委常委会(扩大)会议召开", "…开工仪式在小屯镇举行".
_MEETING_BEFORE = re.compile(
    r"(?:^|(?<=[,，。;；\s|]))(?:\d{1,2}月\d{1,2}日(?:上午|下午|晚上)?[,，]?)?"
    r"(?P<name>[^,，。;；:：!?！？\s]{2,50}?(?:会议|大会|全会|座谈会|推进会|培训会|例会|工作会|动员会|常委会|仪式|典礼|宣判|分红大会))"
    r"(?:在[^,，。;；]{1,20})?(?:隆重|顺利)?(?:召开|举行|举办|开幕)(?!制度|规则|程序|办法|方式|时间|地点|次数|情况|第)")
#: The body that holds a numbered session, printed before 召开/举行: "县十八届人大常委会举行第23次会议".
_ORGAN_BEFORE = re.compile(r"[\u4e00-\u9fff\d]{2,20}(?:常委会|委员会|政协|人大|党组|管委会|常务会)$")
#: Text after a greedy meeting name that shows it ran past the name ("会议,研究…" is fine; "会见" is not a 会).
_MEETING_STOP = re.compile(r"[^,，。;；:：!?！？、]*?(?:会议|大会|座谈会|推进会|培训会|例会|工作会|动员会|活动|典礼|仪式|集体学习)")


#: What follows a meeting's name inside a greedy match: "会议|并代表常委会", "会议|孙喆主持会议".
_MEETING_CLAUSE = re.compile(r"(?<=会议|大会)(?:并|[\u4e00-\u9fff]{2,3}(?:主持|出席|参加))")


_MEETING_LEAD = re.compile(r"(?:的|了|本次|此次|这次|一次)+")


def _meeting_label(name: str, district: str | None) -> str:
    """A meeting's name as listed: quotes and the article's district dropped ("县2019年…" → "2019年…")."""
    label = re.sub(r"[“”\"]", "", strip_district(name, district))
    if district and label.startswith(district):
        label = label[len(district):]
    if re.match(r"[区县市旗]\d", label):
        label = label[1:]
    return label


class Meetings:
    """Meetings and events named after 召开/举行/主持 (targets of CHAIRED and ATTENDED)."""

    name = "meetings"

    def __call__(self, doc: Doc) -> Doc:
        for m in _MEETING.finditer(doc.text):
            start, end = m.span("name")
            if re.search(r"研究|听取|传达|部署|强调|要求|审议|通报|会见|会同|会商", doc.text[start:end]):
                short = _MEETING_STOP.match(doc.text, start, end)  # the greedy name ran into the agenda
                if not short:
                    continue
                end = short.end()
            if doc.text.startswith("议", end):  # "…工作会" matched inside "…工作会议"
                end += 1
            clause = _MEETING_CLAUSE.search(doc.text, start, end)
            if clause:  # "主持会议|并宣布大会…", "第七十二次(扩大)会议|孙喆主持会议": the name ended before
                end = clause.start()
            if "、" in doc.text[start:end] and not re.search(r"、[^、]*(?:工作|专题|会议|大会)", doc.text[start:end]):
                continue
            organ = _ORGAN_BEFORE.search(doc.text, max(0, m.start() - 30), m.start())
            if organ and doc.text[start] == "第" and organ.end() == m.start() \
                    and organ.group(0) + doc.text[start:end] in doc.text:
                # "区十届人大常委会举行第三十六次会议", and the full name is printed elsewhere
                label = strip_district(organ.group(0) + doc.text[start:end], doc.district)
                doc.add("meeting", start, end, self.name, label=re.sub(r"[“”\"]", "", label))
                continue
            lead = _MEETING_LEAD.match(doc.text, start, end)
            if lead and lead.end() < end - 1:
                start = lead.end()  # "召开的座谈会", "举行本次签约仪式"
            label = _meeting_label(doc.text[start:end], doc.district)
            doc.add("meeting", start, end, self.name, label=label)
        taken = [(m.start, m.end) for m in doc.mentions if m.type == "meeting"]
        for m in _MEETING_BEFORE.finditer(doc.text):
            start, end = m.span("name")
            if any(s < end and start < e for s, e in taken) or re.search(r"研究|听取|传达|部署|强调", m.group("name")):
                continue
            doc.add("meeting", start, end, self.name, label=_meeting_label(m.group("name"), doc.district))
        return doc


@register("organizations")
def make_organizations(context: Context) -> Organizations:
    return Organizations(context.lexicon)


@register("projects")
def make_projects(context: Context) -> Projects:
    return Projects(context.lexicon)


@register("places")
def make_places(context: Context) -> Places:
    return Places(context.lexicon)


@register("meetings")
def make_meetings(context: Context) -> Meetings:
    return Meetings()

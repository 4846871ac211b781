"""Turning an annotated :class:`~kg.extract.doc.Doc` into an :class:`~kg.models.Extraction`."""

from __future__ import annotations

import re

from kg import gazetteer
from kg.extract.doc import Doc
from kg.extract.kinds import generic_organization, generic_place, generic_project, split_places, without_kind
from kg.extract.spans import LATIN_NAME, SpanIndex, clean_name, ill_formed
from kg.models import Event, Extraction, Mention, Person, Relation
from kg.names import is_variant

#: A person's name: two to four Han characters, a longer transliterated one (胡日沁必力格, 达娃·次仁) or a Latin one.
_PERSON = re.compile(rf"[\u4e00-\u9fff]{{2,4}}|[\u4e00-\u9fff·]{{5,17}}|{LATIN_NAME}")
_NOT_A_NAME = re.compile(r"^(?:强调|指出|表示|要求|全媒体|相关|新闻|关于|杜绝|列席|出席|应邀|受邀|介绍|来源|浏览)|(?:新闻|媒体|中心|记者|通讯员|微博|发布|融媒)$")


#: Kinds of places a visit goes to that name none (示范村, 示范点, 服务中心 of a community…) unless listed.
_UNLISTED_KIND = re.compile(r"^(?:[村乡镇]|社区|精品|美丽)?(?:示范村|示范点|党群服务中心|养老服务站|乡村)$")


#: A body named after the place or body that holds it: "石泉路街道品尊国际居委会", "区人民政府金家岭街道办事处",
#: "5连祥润玉米烘干厂" — the listed name is the body's own.
_HELD_BY = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}?(?:街道|镇|乡)(?=[\u4e00-\u9fff·]{2,12}?(?:居委会|居民委员会|党群服务站)$)"
                      r"|[区县市](?:人民)?政府(?=[\u4e00-\u9fff]{2,8}(?:街道办事处|街道办)$)|\d+连)")


#: What follows a place or body that only qualifies a session or a post: "省委|十四届九次全会",
#: "平江县|第十一次代表大会", "市人大|代表" (a deputy's title) — the name stands inside a meeting or a title
#: (convention 3), not alone.
_QUALIFIES_NEXT = re.compile(r"第?[一二三四五六七八九十百\d]+届|[(（]扩大[)）]|全会|全体会议")
#: A place that names the body holding a numbered session: "平江县|第十一次代表大会" (a body keeps its
#: session: "区人大常委会|第5次会议" lists the standing committee).
_PLACE_SESSION = re.compile(r"第[一二三四五六七八九十百\d]+次(?:代表大会|党代会|全体|全会|会议)")


#: A place printed as the first word of a medium's or a company's name: "湖南|日报", "四川|在线",
#: "黑龙江|北琪包装有限公司" (the place names no place of the article).
_PLACE_OF_BODY = re.compile(r"日报|晚报|时报|在线|新闻网|网|电视台|广播|客户端|频道")
#: A bare place name opening a company's registered name ("黑龙江北琪包装有限公司"; "重庆市|浙江企业联合会"
#: keeps its city).
_PLACE_OF_COMPANY = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:有限公司|有限责任公司|公司|集团|联合会|商会)")


#: A post named by the place that holds it, with or without its holder's name: "焦店镇|人大主席团主席",
#: "城关镇|党委书记" (convention 3: a place inside a title).
_PLACE_OF_POST = re.compile(r"(?:人大主席团|人大|党委|党工委|人民政府|政府|办事处)(?:常务)?副?(?:主席|书记|镇长|乡长|主任)")


#: Words before a place's name that only say where it lies: "辖内红梅小区", "市区升龙大厦".
_PLACE_LEAD = re.compile(r"^(?:辖内|辖区内|境内|市区内?|城区内)(?=[\u4e00-\u9fff]{3})")
#: A body's word opening a place's name or just before its end: a body or a post cut out ("溪镇人民政府镇(长)");
#: "米仓县政府旧址博物馆" is a place.
_NOT_PLACE_INSIDE = re.compile(r"^(?:政府|人大|党委)|(?:人民政府|政府|委员会|党委|党工委|人大)[\u4e00-\u9fff]{0,2}$")


def _qualifier_in_brackets(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start:end`` is a bracketed qualifier inside a longer name.

    >>> _qualifier_in_brackets("来到山西(长治)中药材商贸平台", 5, 7), _qualifier_in_brackets("在长治(山西)考察", 1, 3)
    (True, False)
    """
    return (start >= 2 and text[start - 1] in "(（" and text[end:end + 1] in (")", "）")
            and bool(re.match(r"[\u4e00-\u9fff]", text[start - 2])) and bool(re.match(r"[\u4e00-\u9fff]", text[end + 1:end + 2])))


def qualifies_next(text: str, end: int, label: str, kind: str = "organization") -> bool:
    """Whether the name ending at ``end`` only qualifies the session or post printed after it.

    >>> qualifies_next("省委十四届九次全会", 2, "省委"), qualifies_next("市人大代表乌日娜", 3, "市人大")
    (True, True)
    >>> qualifies_next("省委全会部署", 2, "省委"), qualifies_next("市委常委会(扩大)会议", 5, "市委常委会")
    (True, True)
    >>> qualifies_next("县人大常委会", 3, "县人大"), qualifies_next("平江县第一中学", 3, "平江县", "place")
    (False, False)
    >>> qualifies_next("平江县第十一次代表大会", 3, "平江县", "place"), qualifies_next("区人大常委会第5次会议", 6, "区人大常委会")
    (True, False)
    >>> qualifies_next("湖南日报记者", 2, "湖南", "place"), qualifies_next("在湖南考察", 3, "湖南", "place")
    (True, False)
    """
    if kind == "place" and (_PLACE_SESSION.match(text, end) or _PLACE_OF_BODY.match(text, end) or _PLACE_OF_POST.match(text, end)
                            or (label[-1] not in "省市县区州旗" and _PLACE_OF_COMPANY.match(text, end))):
        return True
    if "届" in label and re.match(r"[一二三四五六七八九十百\d]+次", text[end:end + 4]):
        return True  # "县十八届人大|四次会议": the congress's session, a meeting
    if label.endswith("人大") and text.startswith("代表", end) and not text.startswith("代表团", end):
        return True
    return bool(_QUALIFIES_NEXT.match(text, end))


def own_name(org: str) -> str:
    """The body's own name when the place or body holding it is printed before it.

    >>> own_name("石泉路街道品尊国际居委会"), own_name("区人民政府金家岭街道办事处"), own_name("金家岭街道社工站")
    ('品尊国际居委会', '金家岭街道办事处', '金家岭街道社工站')
    """
    held = _HELD_BY.match(org)
    rest = org[held.end():] if held else org
    return rest if len(rest) >= 4 else org


def _inside(m: Mention, spans: SpanIndex) -> bool:
    return spans.inside(m.start, m.end)


_LEVEL_TAIL = re.compile(r"(?:省|市|县|区|州|旗|盟|地区|[\u4e00-\u9fff]{0,8}自治[州县旗])$")


def longer_place(short: str, places: list[str]) -> str | None:
    """The fuller form of a division printed in the same article (GUIDELINES convention 4).

    >>> longer_place("南昌", ["南昌市", "南昌"]), longer_place("伊犁", ["伊犁哈萨克自治州"]), longer_place("福安", ["福安社区"])
    ('南昌市', '伊犁哈萨克自治州', None)
    >>> longer_place("里湖乡", ["里湖瑶族乡"])
    '里湖瑶族乡'
    """
    found = next((p for p in places if p != short and p.startswith(short) and _LEVEL_TAIL.fullmatch(p[len(short):])),
                 None)
    if found is None and short[-1:] in ("乡", "镇") and len(short) >= 3:  # 里湖乡 / 里湖瑶族乡
        found = next((p for p in places if re.fullmatch(re.escape(short[:-1]) + r"(?:[\u4e00-\u9fff]{1,3}族)+"
                                                        + short[-1], p)), None)
    return found


def tail_places(places: list[str]) -> tuple[list[str], dict[str, str]]:
    """Places printed as the tail of another: a place printed after a division is two places
    ("鹿城区滨江商务区" → 鹿城区, 滨江商务区); otherwise the tail was cut out of the longer name
    ("昆都楞镇" of "阿日昆都楞镇") and stands for it. Returns the list and what each cut tail stands for.

    >>> tail_places(["鹿城区滨江商务区", "滨江商务区"])
    (['鹿城区', '滨江商务区'], {})
    >>> tail_places(["阿日昆都楞镇", "昆都楞镇", "巴彦查干嘎查"])
    (['阿日昆都楞镇', '巴彦查干嘎查'], {'昆都楞镇': '阿日昆都楞镇'})
    """
    out: list[str] = []
    cut: dict[str, str] = {}
    for p in places:
        longer = next((q for q in places if q != p and q.endswith(p) and len(p) >= 3
                       and len(q) - len(p) <= 3), None)
        if longer is not None and not re.search(r"[省市县区镇乡村旗州]$", longer[: -len(p)]):
            cut[p] = longer
    for p in places:
        if p in cut:
            continue
        short = next((q for q in places if q != p and p.endswith(q) and len(q) >= 3 and q not in cut
                      and q not in ("经开区", "高新区", "开发区")), None)  # 岳阳市经开区: a zone named by its city
        head = p[: -len(short)] if short else ""
        parts = [head, short] if len(head) >= 3 and re.search(r"[省市县区镇乡旗州]$", head) else [p]
        out.extend(x for x in parts if x not in out)
    return out, cut


#: The legal form after a company's trade name: "广东创新精细化工|实业有限公司".
_LEGAL_FORM = re.compile(r"(?:实业|科技|股份|集团|控股|发展|投资)?(?:股份)?(?:有限责任公司|有限公司|公司)")


def merge_variants(names: list[str]) -> list[str]:
    """Keep the longest form of names that are variants of each other, in first-seen order; a company named
    by its trade name and by its registered name is listed once (convention 4).

    >>> merge_variants(["广东创新精细化工", "广东创新精细化工实业有限公司", "区商务局"])
    ['广东创新精细化工实业有限公司', '区商务局']
    """
    return [n for n in names if not any(is_variant(n, other) or (
        len(n) >= 4 and other.startswith(n) and _LEGAL_FORM.fullmatch(other[len(n):])) for other in names)]


def to_extraction(doc: Doc, extractor: str) -> Extraction:
    """The output record of one doc (gold schema plus mentions and sentences)."""
    art = doc.article
    container_spans = [(m.start, m.end) for m in doc.mentions
                       if m.type in ("organization", "project") and m.component != "hanlp_ner"]
    title_meeting_spans = [(m.start, m.end) for m in doc.mentions
                           if m.type in ("title", "meeting") and m.component != "hanlp_ner"]
    titles_meetings = SpanIndex(title_meeting_spans)
    # A place named only inside a title or a meeting's name is not listed (convention 3).
    place_containers = SpanIndex(container_spans + title_meeting_spans)
    # A document's title (《关于迁址新建实验小学的建议方案》) lists no body or project it names (convention 9);
    # a name that is the whole title (《人民日报》) or its issuer (《郑州市人民政府关于…》) is listed.
    documents = SpanIndex(m.span() for m in re.finditer(r"《[^》]{2,80}》", doc.text))
    # A quoted term (“浦江经验”, “书香政协•聚力项目”) is one name of its own: nothing cut out of its start or
    # middle is listed; a quoted slogan with commas (“领跑六安、融入长三角”) names what it names.
    quoted_terms = SpanIndex(m.span() for m in re.finditer(r"“[^”\n,，、。;；:：]{2,30}”", doc.text))
    # Page furniture names nothing of the article, but for its source credit (convention 5, 9).
    final = [m for m in doc.mentions if m.component != "hanlp_ner"
             and not (m.sentence in doc.chrome and m.type in ("organization", "place", "project")
                      and m.component != "chrome")]

    names: list[str] = []
    for m in sorted((m for m in final if m.type == "person"), key=lambda m: m.start):
        name = m.label or m.text
        if not _PERSON.fullmatch(name) or _NOT_A_NAME.search(name):
            continue  # "强调", "张": never a person's name
        if name not in names:
            names.append(name)
    for name in art.byline.names():
        if name not in names:
            names.append(name)
    people = []
    for name in names:
        titles = doc.titles.get(name, [])
        # "王强书记" after "区委书记王强": the bare title adds nothing.
        titles = [t for t in titles if not any(o != t and o.endswith(t) for o in titles)]
        role = doc.roles.get(name) or ("official" if titles else "other")
        people.append(Person(name, list(titles), role))

    person_starts = tuple(n for n in names if len(n) >= 2)

    holders: list[str] = []  # the street or town printed before a body it holds

    def labels(kind: str, drop_inside: bool) -> list[str]:
        out: list[str] = []
        for m in sorted((m for m in final if m.type == kind), key=lambda m: m.start):
            if drop_inside and _inside(m, place_containers):
                continue
            if kind != "place" and m.component != "chrome" and documents.inside(m.start - 1, m.end + 1) \
                    and not (doc.text[m.start - 1:m.start] == "《"
                             and (doc.text[m.end:m.end + 1] == "》" or doc.text.startswith("关于", m.end))):
                continue  # named inside a document's title, neither the title itself nor its issuer (《X关于…》)
            if m.component != "chrome" and quoted_terms.inside(m.start - 1, m.end + 1) \
                    and doc.text[m.end:m.end + 1] != "”":
                continue  # cut out of a quoted term: “浦江|经验” (not “美丽|天津”: a place at its end stays)
            label = clean_name(m.label or m.text)
            if kind == "place":
                if _qualifier_in_brackets(doc.text, m.start, m.end):
                    continue  # "山西(长治)中药材商贸平台", "梁山县(深圳)项目": a qualifier inside a longer name
                label = _PLACE_LEAD.sub("", label)  # "辖内|红梅小区", "市区|升龙大厦"
                if doc.text.startswith("长", m.end) and label.endswith("河"):  # "彭河|河长制": the river's chief
                    label = label[:-1]
                    if not label.endswith(("河", "江", "溪", "湖")):
                        continue  # "河道|河长": no river's name
                if _NOT_PLACE_INSIDE.search(label):
                    continue  # "滔溪镇人民政府镇(长)", "政府副苏木(达)": a body or a post, cut
            if kind != "project" and qualifies_next(doc.text, m.end, label, kind):
                continue  # "省委|十四届九次全会", "市人大|代表": inside a meeting's name or a title
            if len(label) < 2 or ill_formed(label) or label in names:
                continue  # a clause glued into a name, a lone character, a person's name: never listed
            if kind == "organization":
                own = own_name(label)
                holder = label[: len(label) - len(own)]
                if own != label and re.search(r"(?:街道|镇|乡|\d连)$", holder) and holder not in holders:
                    holders.append(holder)  # "石泉路街道|品尊国际居委会", "5连|祥润玉米烘干厂": a place of its own
                label = own
            if kind == "organization" and (generic_organization(label) or label.startswith(person_starts)):
                continue  # 党支部, 村两委, 观摩团: no particular body; 罗燕萍率政协: a person glued to one
            if kind == "project" and generic_project(label):
                continue  # 2023年招商引资项目: no particular project
            for part in split_places(without_kind(label)) if kind == "place" else [label]:
                if kind == "place" and generic_place(part):
                    continue  # 示范村, 八都乡村(振兴): a kind of place or a cut phrase, no place's name
                if part and part not in out:
                    out.append(part)
        return out

    organizations = merge_variants(labels("organization", True))
    places = labels("place", True)
    places += [p for h in holders for p in split_places(h) if p not in places]  # 亭湖区东亭湖街道: two places
    fuller = {p: long for p in places if (long := longer_place(p, places))}  # 南昌 / 南昌市 → 南昌市
    # A division printed alone by its short name and elsewhere by its full one, if only inside a body's or a
    # project's name ("上虞区人民政府" … "融入上虞"), is listed by the full name (convention 4); a full name
    # printed only inside a title or a meeting's name (西城区委副书记) leaves the short one.
    full_printed = {m.text for m in doc.mentions if m.type == "place" and not _inside(m, titles_meetings)
                    and m.sentence not in doc.chrome and not qualifies_next(doc.text, m.end, m.text, "place")}
    fuller.update((p, long) for p in places if p not in fuller
                  and (long := gazetteer.printed_full_form(p, full_printed)))
    places = list(dict.fromkeys(fuller.get(p, p) for p in places))
    places, tails = tail_places(places)
    fuller.update(tails)
    for m in doc.mentions:  # provenance: the printed "中原" stands for the listed 中原区
        if m.type == "place" and m.component != "hanlp_ner" and clean_name(m.label or m.text) in fuller:
            m.label = fuller[clean_name(m.label or m.text)]
    projects = labels("project", False)
    listed = {*organizations, *places, *projects}

    def inspected_targets(target: str) -> list[str]:
        """A visit's target as the entity lists name it: "湖西畲族乡赵家堡" was listed as two places;
        a collective noun (党支部) or a kind of place (精品示范村) that no list kept is no target."""
        if target in listed:
            return [target]
        if target in fuller:
            return [fuller[target]]
        own = own_name(target)
        if own != target and own in listed:  # "石泉路街道品尊国际居委会": the street and the committee
            return [p for p in (target[: len(target) - len(own)], own) if p in listed] or [own]
        parts = [p for p in split_places(without_kind(target)) if p in listed]
        if len(parts) > 1:
            return parts
        if generic_organization(target) or generic_project(target) or _UNLISTED_KIND.search(target):
            return []
        return [target]

    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    people_listed = set(names)
    for r in doc.relations:
        if r.source not in people_listed or r.type == "ACCOMPANIED" and r.target not in people_listed:
            continue  # "应邀", "强调并": a clause word a rule took for someone is nobody's relation
        target = clean_name(r.target) if r.type != "REPORTED" else r.target
        if r.type == "INSPECTED" and (len(target) < 2 or ill_formed(target) or target in names):
            continue
        for t in inspected_targets(target) if r.type == "INSPECTED" else [target]:
            key = (r.type, r.source, t)
            if key not in seen:
                seen.add(key)
                relations.append(Relation(r.type, r.source, t, r.sentence, r.trigger, r.event))

    _headline_meeting_names(doc, relations)
    return Extraction(
        id=art.id,
        headline=art.headline,
        date=art.date,
        district=art.district,
        file=art.file,
        index=art.index,
        people=people,
        organizations=organizations,
        places=places,
        projects=projects,
        relations=relations,
        events=events(doc, relations),
        mentions=sorted(doc.mentions, key=lambda m: (m.start, m.end)),
        sentences=[s.text for s in doc.sentences],
        extractor=extractor,
        url=art.url,
    )


def events(doc: Doc, relations: list[Relation]) -> list[Event]:
    """The visits and meetings of a doc, each with the article-local id its facts carry.

    Visits come from the ``visits`` component (targets as finally listed); a meeting is
    one per distinct meeting name of the CHAIRED/ATTENDED facts, numbered in the order
    the article first tells it — this also sets those facts' ``event``.
    """
    inspected: dict[str, list[str]] = {}
    for r in relations:
        if r.type == "INSPECTED" and r.event:
            targets = inspected.setdefault(r.event, [])
            if r.target not in targets:
                targets.append(r.target)
    out = [Event(v.id, "visit", v.sentence, leaders=list(v.leaders), participants=list(v.participants),
                 companions=list(v.companions), targets=inspected.get(v.id, []))
           for v in doc.visits if v.leaders or v.participants or v.companions]  # a frame nobody was named in: no visit
    meetings: dict[str, Event] = {}
    for r in sorted((r for r in relations if r.type in ("CHAIRED", "ATTENDED")),
                    key=lambda r: -1 if r.sentence is None else r.sentence):
        meeting = meetings.get(r.target)
        if meeting is None:
            meeting = meetings[r.target] = Event(f"M{len(meetings) + 1}", "meeting", r.sentence, name=r.target)
        r.event = meeting.id
        people = meeting.leaders if r.type == "CHAIRED" else meeting.participants
        if r.source not in people:
            people.append(r.source)
    return out + list(meetings.values())


def _meeting_key(name: str) -> str:
    """A meeting's name with its spelling variants folded: 第十二届人民代表大会第七次会议 and
    十二届人大七次会议 give the same key."""
    key = re.sub(r"^[\u4e00-\u9fff]{1,8}?[区县市旗](?=第?[一二三四五六七八九十\d]+届)", "", name)
    for long, short in (("人民代表大会", "人大"), ("常务委员会", "常委会"), ("政治协商会议", "政协")):
        key = key.replace(long, short)
    return re.sub(r"[第次]", "", key)


def _headline_meeting_names(doc: Doc, relations: list[Relation]) -> None:
    """A meeting the headline names in full is called by the headline's form ("双牌县十二届人大七次会议
    第一次全体会议召开" over the body's "第十二届人民代表大会第七次会议…")."""
    headline = [m.label or m.text for m in doc.mentions if m.type == "meeting" and m.sentence == 0
                and m.component != "hanlp_ner"]  # the headline, or the first line of a page that has none
    if not headline:
        return
    by_key = {_meeting_key(h): h for h in headline}
    for r in relations:
        if r.type in ("CHAIRED", "ATTENDED"):
            r.target = by_key.get(_meeting_key(r.target), r.target)


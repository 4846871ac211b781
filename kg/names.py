"""Name utilities shared by extraction and resolution (no pipeline stage of its own).

>>> is_variant("区卫计委", "区卫生计生委"), is_variant("圆方集团", "郑州圆方集团"), is_variant("区委", "区政府")
(True, True, False)
>>> district_base("中原区"), scope("区商务局", "中原区"), scope("伊河路小学", "中原区")
('中原', '中原区商务局', '伊河路小学')
"""

from __future__ import annotations

LEVELS = "区县市旗州镇乡"


def is_variant(short: str, long: str) -> bool:
    """Whether ``short`` abbreviates ``long`` (区卫计委 / 区卫生计生委) or is its tail (圆方集团)."""
    if short == long or len(short) >= len(long):
        return False
    if long.endswith(short) and len(short) >= 3:
        return True
    if short[0] != long[0] or short[-1] != long[-1] or len(short) < 3:
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

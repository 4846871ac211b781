"""Plain data classes shared by every stage of the pipeline.

The pipeline is ``ingest -> extract -> resolve -> graph -> store/export -> jobs``.
Each stage takes and returns the classes defined here, so a stage never needs to
know the internals of another one.

>>> art = Article(id="a1", text="本报讯 乔耸到区商务局调研。", headline="标题")
>>> Article.from_dict(art.to_dict()) == art
True
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Byline:
    """Reporters (记者) and correspondents (通讯员) credited for an article, and the media
    its dateline or byline names (梨树时报 of "梨树时报讯", 豫体网 of "豫体网记者 X"; never 本报)."""

    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)

    def names(self) -> list[str]:
        """All credited names, reporters first, without duplicates."""
        return list(dict.fromkeys(self.reporters + self.correspondents))


@dataclass
class Article:
    """One news article, as produced by :mod:`kg.ingest`.

    ``text`` is the cleaned body (broken lines joined, byline removed);
    ``start``/``end`` are the character offsets of the body in the decoded
    source file (page input only).
    """

    id: str
    text: str
    headline: str | None = None
    headlines: list[str] = field(default_factory=list)
    date: str | None = None
    district: str | None = None
    byline: Byline = field(default_factory=Byline)
    file: str | None = None
    index: int | None = None
    source: str | None = None
    start: int | None = None
    end: int | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the ``articles.jsonl`` record)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`; unknown keys are ignored."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        byline = known.get("byline") or {}
        known["byline"] = byline if isinstance(byline, Byline) else Byline(**byline)
        return cls(**known)


@dataclass
class Rejection:
    """An input that could not be read, with where and why."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


@dataclass
class Mention:
    """A typed span of an article's document text, with the component that found it.

    Offsets index :attr:`Extraction.doc_text` (headline, a newline, then body).
    """

    type: str
    text: str
    start: int
    end: int
    sentence: int
    component: str
    label: str | None = None  # canonical form, e.g. a title without district prefix


@dataclass
class Person:
    """A person of one article with the titles the article gives them."""

    name: str
    titles: list[str] = field(default_factory=list)
    role: str = "other"  # official | reporter | correspondent | other


@dataclass
class Relation:
    """A typed fact between two names of one article, with its sentence.

    ``event`` groups the facts of one visit or one meeting of the article: an
    article-local id (``"V1"``, ``"V2"``… for visits, ``"M1"``… for meetings),
    ``None`` for facts outside any event (titles, bylines, co-occurrence).
    """

    type: str
    source: str
    target: str
    sentence: int | None = None
    trigger: str | None = None
    event: str | None = None


@dataclass
class Event:
    """One visit or one meeting told by an article, with who took which part.

    ``id`` is article-local (``"V1"``… visits, ``"M1"``… meetings) and is the
    ``event`` of the :class:`Relation` facts it groups; ``sentence`` is where the
    article first tells it. A meeting has a ``name``, a chair (in ``leaders``) and
    attendees (in ``participants``); a visit has leaders, participants, companions
    and targets.

    >>> e = Event("V1", "visit", 2, leaders=["王强"], targets=["某某项目"])
    >>> Event(**e.__dict__) == e
    True
    """

    id: str
    kind: str  # visit | meeting
    sentence: int | None = None
    name: str | None = None
    leaders: list[str] = field(default_factory=list)
    participants: list[str] = field(default_factory=list)
    companions: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)


@dataclass
class Extraction:
    """Everything extracted from one article (one ``extractions.jsonl`` record)."""

    id: str
    headline: str | None
    date: str | None
    district: str | None
    file: str | None = None
    index: int | None = None
    people: list[Person] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    extractor: str | None = None
    url: str | None = None  # the crawler record's URL: the source evidence names

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict in the gold schema (plus provenance fields).

        Page articles are keyed by ``file`` + ``index`` like the gold files, so
        the document key the scorer pools on is the page; their stable article
        id is kept in ``article_id``.
        """
        data = asdict(self)
        data["article_id"] = self.id
        if self.file is not None:
            data["id"] = None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """Inverse of :meth:`to_dict`."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["id"] = data.get("article_id") or data.get("id") or ""
        known["people"] = [Person(**p) for p in data.get("people") or []]
        known["relations"] = [Relation(**r) for r in data.get("relations") or []]
        known["events"] = [Event(**e) for e in data.get("events") or []]
        known["mentions"] = [Mention(**m) for m in data.get("mentions") or []]
        return cls(**known)

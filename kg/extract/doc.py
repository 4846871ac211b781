"""The document object every extraction component reads and annotates."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.models import Article, Event, Mention, Relation

_SENTENCE_END = re.compile(r"[^。!?;！？；\n]*(?:[。!?;！？；]+[”’\"]?|\n|$)")


@dataclass
class Sentence:
    """A sentence of :attr:`Doc.text` and its character span."""

    index: int
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of ``text`` (split at 。!?; and line ends) with their spans.

    >>> [s.text for s in split_sentences("标题\\n第一句。第二句!")]
    ['标题', '第一句。', '第二句!']
    """
    out: list[Sentence] = []
    for m in _SENTENCE_END.finditer(text):
        chunk = m.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        out.append(Sentence(len(out), start, start + len(stripped), stripped))
    return out


@dataclass
class Doc:
    """An article being extracted: its text, sentences and the mentions found so far.

    ``text`` is the headline, a newline, then the body, so sentence 0 is the
    headline and offsets of every mention index this string.
    """

    article: Article
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list, repr=False)
    _title_positions: tuple[int, frozenset[int]] = field(default=(-1, frozenset()), repr=False)
    # name -> titles, in order of appearance
    titles: dict[str, list[str]] = field(default_factory=dict)
    # name -> role (official/reporter/correspondent/other)
    roles: dict[str, str] = field(default_factory=dict)
    # indexes of sentences that are page furniture (menus, footers, metadata lines)
    chrome: set[int] = field(default_factory=set)
    # the visits of the doc (ids V1, V2…), set by the ``visits`` component
    visits: list[Event] = field(default_factory=list)
    # name -> role of a credit printed in the text ("作者:X", "(记者 X)")
    credits: dict[str, str] = field(default_factory=dict)
    # name -> the names of the group "X一行" stands for
    groups: dict[str, list[str]] = field(default_factory=dict)
    # where the credit lines appended by :meth:`from_article` begin (None: the doc has none)
    credits_start: int | None = None

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        """A doc over ``headline + "\\n" + body``, then one line per medium the dateline or
        byline credits (梨树时报 of "梨树时报讯"), so that the source credit has a span too;
        offsets of the headline and body are those of the article either way."""
        text = f"{article.headline or ''}\n{article.text}"
        credits = "".join(f"\n{m}" for m in article.byline.media)
        return cls(article=article, text=text + credits, credits_start=len(text) if credits else None)

    @property
    def district(self) -> str | None:
        return self.article.district

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding character ``offset`` (the last one when none does)."""
        if len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.sentences[i].end:
            return self.sentences[i].index
        return len(self.sentences) - 1


    def without_titles(self, start: int, end: int) -> str:
        """``text[start:end]`` with the characters of title mentions left out.

        What separates two names of a list once their titles are gone ("A、县委副书记B" → "、").
        """
        if self._title_positions[0] != len(self.mentions):  # recomputed when mentions were added
            covered = frozenset(i for m in self.mentions if m.type == "title" and m.component != "hanlp_ner"
                                for i in range(m.start, m.end))
            self._title_positions = (len(self.mentions), covered)
        covered = self._title_positions[1]
        return "".join(ch for i, ch in enumerate(self.text[start:end], start) if i not in covered)

    def listed_before(self, people: list[Mention], pos: int, last_gap: Callable[[str], object],
                      gap: Callable[[str], object]) -> list[str]:
        """Names of ``people`` listed right before ``pos``: walking back from ``pos``, a person joins
        while what separates it from what follows (titles left out, :meth:`without_titles`) passes
        ``last_gap`` (after the last name) or ``gap`` (between two names).
        """
        out: list[str] = []
        nxt = pos
        for p in sorted((p for p in people if p.end <= pos), key=lambda p: -p.start):
            if not (gap if out else last_gap)(self.without_titles(p.end, nxt)):
                break
            out.append(p.text)
            nxt = p.start
        return list(dict.fromkeys(reversed(out)))

    def add(self, type_: str, start: int, end: int, component: str, label: str | None = None) -> Mention:
        """Record a mention of ``text[start:end]``."""
        mention = Mention(type_, self.text[start:end], start, end, self.sentence_at(start), component, label)
        self.mentions.append(mention)
        return mention

    def of_type(self, *types: str) -> list[Mention]:
        """Mentions of the given types, in text order."""
        return sorted((m for m in self.mentions if m.type in types), key=lambda m: (m.start, -m.end))

    def add_title(self, name: str, title: str) -> None:
        """Attach ``title`` to person ``name`` once."""
        titles = self.titles.setdefault(name, [])
        if title and title not in titles:
            titles.append(title)

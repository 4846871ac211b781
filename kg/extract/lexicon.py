"""General-word lexicons of the domain layer, loaded from ``lexicons/*.txt``.

The files are data, not code: users extend them for their own newspapers.
No lexicon holds names of people, projects or streets.

>>> lex = Lexicon.load()
>>> "局长" in lex.title_cores and "局" in lex.org_suffixes
True
>>> lex.is_surname("李晓雷"), lex.is_surname("区领导")
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

LEXICON_DIR = Path(__file__).parent / "lexicons"
#: How often (in jieba's corpus counts) a two-character word must occur to count as a common word.
COMMON_WORD_COUNT = 2000
#: Characters that glue to anything ("目的", "平等", "以及"): a word holding one says nothing about an edge.
_FUNCTION_CHARS = set("的等了和与及在是为对把被以之也")


def _words(path: Path) -> list[str]:
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        words.extend(line.split())
    return list(dict.fromkeys(words))


def alternation(words: list[str] | set[str] | tuple[str, ...]) -> str:
    """A regex alternation of ``words``, escaped, longest first (so the longest word wins)."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass
class Lexicon:
    """Word lists that drive the rule components."""

    surnames: set[str] = field(default_factory=set)
    title_cores: set[str] = field(default_factory=set)
    org_suffixes: set[str] = field(default_factory=set)
    project_suffixes: set[str] = field(default_factory=set)
    project_cues: set[str] = field(default_factory=set)
    generic_words: set[str] = field(default_factory=set)
    project_kinds: set[str] = field(default_factory=set)
    stop_words: set[str] = field(default_factory=set)
    gazetteer: set[str] = field(default_factory=set)
    descriptors: set[str] = field(default_factory=set)
    triggers: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = LEXICON_DIR) -> Lexicon:
        """Read every lexicon file of ``directory``."""
        triggers: dict[str, list[str]] = {}
        for line in (directory / "triggers.txt").read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                typ, words = line.split("\t", 1)
                triggers[typ.strip()] = words.split()
        return cls(
            surnames=set(_words(directory / "surnames.txt")),
            title_cores=set(_words(directory / "title_cores.txt")),
            org_suffixes=set(_words(directory / "org_suffixes.txt")),
            project_suffixes=set(_words(directory / "project_suffixes.txt")),
            project_cues=set(_words(directory / "project_cues.txt")),
            generic_words=set(_words(directory / "generic_words.txt")),
            project_kinds=set(_words(directory / "project_kinds.txt")),
            stop_words=set(_words(directory / "stop_words.txt")),
            gazetteer=set(_words(directory / "gazetteer.txt")),
            descriptors=set(_words(directory / "descriptors.txt")),
            triggers=triggers,
        )

    def is_surname(self, name: str) -> bool:
        """Whether ``name`` starts with a family name of the lexicon."""
        return name[:2] in self.surnames or name[:1] in self.surnames

    @cached_property
    def title_core_re(self) -> re.Pattern[str]:
        return re.compile(alternation(self.title_cores))

    @cached_property
    def org_suffix_re(self) -> re.Pattern[str]:
        return re.compile(f"(?:{alternation(self.org_suffixes)})")

    @cached_property
    def stop_re(self) -> re.Pattern[str]:
        """Matches a stop word ending exactly at the end of the string."""
        return re.compile(f"(?:{alternation(self.stop_words)})$")

    @cached_property
    def stop_word_re(self) -> re.Pattern[str]:
        """Finds a stop word anywhere (``stop_re`` only at the end of a string)."""
        return re.compile(alternation(self.stop_words))

    @cached_property
    def descriptors_longest_first(self) -> list[str]:
        return sorted(self.descriptors, key=lambda w: (-len(w), w))

    @cached_property
    def gazetteer_re(self) -> re.Pattern[str]:
        """Known geography, optionally with 省/市 (河南, 河南省, 郑州市)."""
        return re.compile(f"(?:{alternation(self.gazetteer)})(?:省|市)?" if self.gazetteer else r"(?!x)x")

    @cached_property
    def common_words(self) -> frozenset[str]:
        """Frequent two-character words of general Chinese (仔细, 良好, 美丽, 组织), read from the dictionary
        that ships with the ``jieba`` package (words with corpus counts); function characters (的, 等…)
        are left out. A mention whose edge splits one of them was cut in the wrong place.

        >>> "仔细" in Lexicon().common_words, "项目" in Lexicon().common_words, "目的" in Lexicon().common_words
        (True, True, False)
        """
        from importlib import resources

        words = set()
        with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
            for line in fh:
                word, count, _ = line.split(" ", 2)
                if len(word) == 2 and int(count) >= COMMON_WORD_COUNT and not _FUNCTION_CHARS & set(word):
                    words.add(word)
        return frozenset(words)

    @cached_property
    def phrase_re(self) -> re.Pattern[str]:
        """Set phrases of four or more characters among the generic words (绿水青山, 山水林田湖草沙)."""
        return re.compile(alternation([w for w in self.generic_words if len(w) >= 4]) or r"(?!x)x")

    def is_generic(self, text: str) -> bool:
        """Whether ``text`` is made only of generic modifiers (重点, 招商引资…)."""
        return self._only(text, self._generic_sorted)

    def is_project_kind(self, body: str) -> bool:
        """Whether a project's name before its suffix only says what kind of works it is
        (研学旅游, 现代农业, 防汛工程): generic words and kinds of projects, no name of its own."""
        return self._only(body, self._project_kinds_sorted)

    @staticmethod
    def _only(text: str, words: list[str]) -> bool:
        rest = re.sub(r"[“”\"()（）]", "", text)
        for _ in range(2):
            for word in words:
                rest = rest.replace(word, "")
            rest = re.sub(r"[\d一二三四五六七八九十百千万第批个项家座处年届区市省县]", "", rest)
        return not rest

    @cached_property
    def _generic_sorted(self) -> list[str]:
        return sorted(self.generic_words, key=lambda w: (-len(w), w))

    @cached_property
    def _project_kinds_sorted(self) -> list[str]:
        return sorted(self.generic_words | self.project_kinds, key=lambda w: (-len(w), w))

"""Component ``word_edges``: entity mentions whose edge splits a common word are dropped.

A rule's left walk or the tagger can start or end a name inside an ordinary word: "美丽|河湖" gives a
lake "丽河湖", "城市|学校" a body "市学校", "村党组|织" a body "村党组", "幸福河|湖" a river. When the two characters across
an edge of a mention form a frequent word of general Chinese (:attr:`Lexicon.common_words`), the mention
was cut in the wrong place and names nothing; so is one inside a set phrase of the generic words
(幸福河湖, 绿水青山). People are handled by ``ner_entities`` (a cut name loses
its last character there: "谢东仔|细" → 谢东); the article's source credit is kept as printed.

>>> from kg.extract.doc import Doc, split_sentences
>>> from kg.extract.lexicon import Lexicon
>>> from kg.models import Article
>>> doc = Doc.from_article(Article(id="a", headline=None, text="把村党组织建设好,建设美丽河湖。"))
>>> doc.sentences = split_sentences(doc.text)
>>> at = doc.text.find
>>> _ = doc.add("organization", at("村党组"), at("村党组") + 3, "organizations")
>>> _ = doc.add("place", at("丽河湖"), at("丽河湖") + 3, "places")
>>> _ = doc.add("place", at("丽河湖"), at("丽河湖") + 3, "hanlp_ner")
>>> [(m.text, m.component) for m in WordEdges(Lexicon.load())(doc).mentions]
[('丽河湖', 'hanlp_ner')]
"""

from __future__ import annotations

from kg.extract.doc import Doc
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Context, register
from kg.extract.spans import cuts_word
from kg.models import Mention

#: The kinds of mention checked (people are trimmed by ``ner_entities``, titles and meetings are phrases).
KINDS = ("organization", "place", "project")


class WordEdges:
    """Drops organization, place and project mentions that start or end inside a common word."""

    name = "word_edges"

    def __init__(self, lexicon: Lexicon) -> None:
        self.words = lexicon.common_words
        self.phrases = lexicon.phrase_re

    def __call__(self, doc: Doc) -> Doc:
        phrases = [m.span() for m in self.phrases.finditer(doc.text)]  # 幸福河湖, 绿水青山: set phrases

        def cut(m: Mention) -> bool:
            return bool(cuts_word(doc.text, m.start, m.end, self.words)) \
                or any(s <= m.start and m.end <= e and (s, e) != (m.start, m.end) for s, e in phrases)

        doc.mentions = [m for m in doc.mentions
                        if m.type not in KINDS or m.component in ("hanlp_ner", "chrome") or not cut(m)]
        return doc


@register("word_edges")
def make_word_edges(context: Context) -> WordEdges:
    return WordEdges(context.lexicon)

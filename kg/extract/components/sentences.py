"""Component ``sentences``: split the doc text into sentences."""

from __future__ import annotations

from kg.extract.doc import Doc, split_sentences
from kg.extract.pipeline import Context, register


class SentenceSplitter:
    """Splits :attr:`Doc.text` at sentence punctuation and line ends."""

    name = "sentences"

    def __call__(self, doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text)
        return doc


@register("sentences")
def make_sentences(context: Context) -> SentenceSplitter:
    return SentenceSplitter()

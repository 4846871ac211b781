"""Component ``hanlp_ner``: the shipped HanLP BiLSTM-CRF tagger over each sentence.

Adds ``person``/``organization``/``place``/``title`` mentions with component
``hanlp_ner``; the rule components use them as evidence (name boundaries,
organizations without a suffix) rather than as final answers.
"""

from __future__ import annotations

from typing import Any

from kg.extract.doc import Doc
from kg.extract.pipeline import Context, register

_LABELS = {"PER": "person", "ORG": "organization", "LOC": "place", "TITLE": "title"}


class HanLPNER:
    """Tags every sentence of a doc with a HanLP sequence tagger (batched)."""

    name = "hanlp_ner"

    def __init__(self, model: str | None = None, batch_size: int = 64) -> None:
        from kg.extract.hanlp_ner import load_tagger

        self.tagger: Any = load_tagger(model)
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        sentences = [s for s in doc.sentences if s.text]
        if not sentences:
            return doc
        batch = [list(s.text) for s in sentences]
        results = self.tagger(batch, batch_size=self.batch_size)
        for sentence, spans in zip(sentences, results, strict=True):
            for _text, label, begin, end in spans:
                kind = _LABELS.get(label)
                if kind:
                    doc.add(kind, sentence.start + begin, sentence.start + end, self.name)
        return doc


@register("hanlp_ner")
def make_ner(context: Context) -> HanLPNER:
    return HanLPNER(context.settings.get("model"))

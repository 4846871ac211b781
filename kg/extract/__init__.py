"""Stage 2: people, titles, organizations, places, projects and relations of articles.

>>> from kg.models import Article
>>> ex = Extractor.from_config({"components": ["sentences", "byline", "titles", "relations"]})
>>> rec = ex(Article(id="a", headline="", text="日前,中原区委书记乔耸到区商务局调研。", district="中原区"))
>>> [(p.name, p.titles) for p in rec.people]
[('乔耸', ['区委书记'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kg.extract.assemble import to_extraction
from kg.extract.doc import Doc
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import DEFAULT_COMPONENTS, Pipeline, registered
from kg.models import Article, Extraction

#: Bump when extraction output changes: the job re-extracts articles of older versions.
EXTRACTOR_VERSION = "1"


class Extractor:
    """A configured extraction pipeline: ``Article -> Extraction``."""

    def __init__(self, pipeline: Pipeline, version: str = EXTRACTOR_VERSION) -> None:
        self.pipeline = pipeline
        self.version = f"{version}:{'+'.join(pipeline.names)}"

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None, lexicon: Lexicon | None = None) -> Extractor:
        """Build from ``{"components": [...], "settings": {"model": ...}}``."""
        return cls(Pipeline.from_config(config, lexicon))

    def __call__(self, article: Article) -> Extraction:
        doc = self.pipeline(Doc.from_article(article))
        return to_extraction(doc, self.version)

    def try_extract(self, article: Article) -> tuple[dict[str, Any] | None, str | None]:
        """``(record, None)``, or ``(None, error)`` when extraction raised: one bad article
        must not stop a batch."""
        try:
            return self(article).to_dict(), None
        except Exception as exc:
            return None, f"{type(exc).__name__}: {exc}"

    def try_extract_many(self, articles: list[Article]) -> list[tuple[dict[str, Any] | None, str | None]]:
        """:meth:`try_extract` of each article, the batch run through the pipeline together (the tagger
        tags all their sentences in one pass: faster, same records). When the batch fails, each article
        is run alone, so one bad article costs only itself."""
        try:
            docs = list(self.pipeline.pipe((Doc.from_article(a) for a in articles), batch_size=max(1, len(articles))))
            return [(to_extraction(doc, self.version).to_dict(), None) for doc in docs]
        except Exception:
            return [self.try_extract(article) for article in articles]

    def pipe(self, articles: Iterable[Article], batch_size: int = 32) -> Iterator[Extraction]:
        """Extractions of ``articles`` in order, tagged ``batch_size`` articles at a time."""
        for doc in self.pipeline.pipe((Doc.from_article(a) for a in articles), batch_size=batch_size):
            yield to_extraction(doc, self.version)


__all__ = ["DEFAULT_COMPONENTS", "EXTRACTOR_VERSION", "Extractor", "registered"]

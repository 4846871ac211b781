"""Stage 1: reading pages and crawler records into :class:`~kg.models.Article` records."""

from kg.ingest.segment import segment_page
from kg.ingest.sources import IngestOptions, article_from_record, expand_inputs, read_inputs

__all__ = ["IngestOptions", "article_from_record", "expand_inputs", "read_inputs", "segment_page"]

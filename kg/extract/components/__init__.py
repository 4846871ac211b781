"""Built-in extraction components; importing this package registers them all."""

from kg.extract.components import chrome, edges, entities, ner, people, relations, sentences, visits  # noqa: F401

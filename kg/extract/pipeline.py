"""Extraction as a sequence of named components over one :class:`~kg.extract.doc.Doc`.

Components are registered by name and assembled from a config (a list of
names), in the manner of spaCy's pipelines:

>>> pipe = Pipeline.from_config({"components": ["sentences"]})
>>> pipe.names
['sentences']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from kg.extract.doc import Doc
from kg.extract.lexicon import Lexicon


class Component(Protocol):
    """A pipeline step: reads the doc, adds mentions/relations, returns the doc.

    A component may also have ``pipe(docs: list[Doc]) -> list[Doc]`` doing the same to many docs at
    once (:meth:`Pipeline.pipe` uses it).
    """

    name: str

    def __call__(self, doc: Doc) -> Doc: ...


@dataclass
class Context:
    """What factories may need to build a component (shared, read-only)."""

    lexicon: Lexicon
    settings: dict[str, Any] = field(default_factory=dict)


_REGISTRY: dict[str, Callable[[Context], Component]] = {}


def register(name: str) -> Callable[[Callable[[Context], Component]], Callable[[Context], Component]]:
    """Decorator registering a component factory under ``name``."""

    def wrap(factory: Callable[[Context], Component]) -> Callable[[Context], Component]:
        _REGISTRY[name] = factory
        return factory

    return wrap


def registered() -> list[str]:
    """Names of all registered components."""
    _load_builtin()
    return sorted(_REGISTRY)


def _load_builtin() -> None:
    # Importing the modules registers their components.
    from kg.extract import components  # noqa: F401


#: The default pipeline: the order matters (titles need NER, relations need everything).
DEFAULT_COMPONENTS = [
    "sentences", "chrome", "hanlp_ner", "byline", "titles", "appointments", "leader_lists", "organizations",
    "projects", "places", "meetings", "ner_entities", "visit_lists", "word_edges", "name_propagation", "visits",
    "relations",
]


class Pipeline:
    """An ordered list of components applied to each doc."""

    def __init__(self, components: list[Component]) -> None:
        self.components = components

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    @classmethod
    def from_config(cls, config: dict[str, Any] | None = None, lexicon: Lexicon | None = None) -> Pipeline:
        """Build from ``{"components": [...], "settings": {...}}`` (defaults for missing keys)."""
        _load_builtin()
        config = config or {}
        names = config.get("components") or DEFAULT_COMPONENTS
        context = Context(lexicon or Lexicon.load(), dict(config.get("settings") or {}))
        unknown = [n for n in names if n not in _REGISTRY]
        if unknown:
            raise ValueError(f"unknown extraction components {unknown}; known: {sorted(_REGISTRY)}")
        return cls([_REGISTRY[n](context) for n in names])

    def __call__(self, doc: Doc) -> Doc:
        for component in self.components:
            doc = component(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """The docs through every component, ``batch_size`` docs at a time: a component with a ``pipe``
        method (the tagger, which tags the sentences of many docs in one pass) gets the batch at once,
        the others one doc after another. The docs come out as calling the pipeline on each would make them.
        """
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, docs: list[Doc]) -> list[Doc]:
        for component in self.components:
            batched = getattr(component, "pipe", None)
            docs = list(batched(docs)) if batched is not None else [component(doc) for doc in docs]
        return docs

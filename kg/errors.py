"""Every user-facing error of kg, in one catalogue.

Messages say what was wrong and, where it helps, what to do about it.
"""

from __future__ import annotations


class KGError(Exception):
    """Base class of kg's own errors."""


class InputError(KGError):
    """An input file or record that cannot be read; names the file and line."""

    def __init__(self, source: str, line: int | None, reason: str) -> None:
        self.source = source
        self.line = line
        self.reason = reason
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {reason}")


class ModelNotFoundError(KGError):
    """A NER model that is neither shipped, nor a local path, nor cached offline."""


class StoreError(KGError):
    """The graph store could not be reached or refused a write."""


class QueryError(KGError):
    """An unknown library query, a missing parameter or a write in a read-only query."""

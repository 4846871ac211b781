"""The Cypher query library: ``kg/queries/*.cypher``, each with a header comment.

Header lines: ``// name: …``, ``// description: …`` and one ``// param: NAME | required|optional[=DEFAULT] | help``
per parameter. User values only ever travel as query parameters.

>>> [q.name for q in list_queries()][:2]
['co-occurrence-neighbours', 'most-active-officials']
>>> load_query("person-career").bind({"name": "李晓雷"})
{'name': '李晓雷'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import QueryError

QUERY_DIR = Path(__file__).parent
_WRITE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b|\bCALL\s+(dbms|db\.create|apoc)",
                    re.IGNORECASE)


@dataclass
class Param:
    name: str
    required: bool
    default: str | None
    help: str


@dataclass
class LibraryQuery:
    """One .cypher file of the library."""

    name: str
    description: str
    text: str
    params: list[Param] = field(default_factory=list)

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Parameters for a run: required ones checked, optional ones defaulted to their default or null."""
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            raise QueryError(f"query {self.name!r} has no parameter(s) {sorted(unknown)}; "
                             f"it takes {[p.name for p in self.params]}")
        bound: dict[str, Any] = {}
        for p in self.params:
            if p.name in values:
                bound[p.name] = values[p.name]
            elif p.required:
                raise QueryError(f"query {self.name!r} needs --param {p.name}=VALUE ({p.help})")
            else:
                bound[p.name] = p.default
        return bound


def parse_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    name, description, params = path.stem, "", []
    for line in text.splitlines():
        m = re.match(r"//\s*(name|description|param):\s*(.*)", line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        else:
            pname, spec, *rest = [part.strip() for part in value.split("|")]
            default = spec.split("=", 1)[1] if "=" in spec else None
            params.append(Param(pname, spec.startswith("required"), default, rest[0] if rest else ""))
    return LibraryQuery(name, description, text, params)


def list_queries(directory: Path = QUERY_DIR) -> list[LibraryQuery]:
    """Every query of the library, sorted by name."""
    return sorted((parse_query(p) for p in directory.glob("*.cypher")), key=lambda q: q.name)


def load_query(name: str, directory: Path = QUERY_DIR) -> LibraryQuery:
    """A library query by name; unknown names list the known ones."""
    for query in list_queries(directory):
        if query.name == name:
            return query
    raise QueryError(f"no query named {name!r}; known: {', '.join(q.name for q in list_queries(directory))}")


def check_read_only(cypher: str) -> None:
    """Refuse ad-hoc queries that write (they also run in a read transaction)."""
    m = _WRITE.search(re.sub(r"'[^']*'|\"[^\"]*\"", "''", cypher))
    if m:
        raise QueryError(f"ad-hoc queries are read-only; {m.group(0)!r} is not allowed")

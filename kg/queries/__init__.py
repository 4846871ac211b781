"""The Cypher query library: ``kg/queries/*.cypher``, each with a header comment.

Header lines: ``// name: …``, ``// description: …``, one ``// param: NAME | required|optional[=DEFAULT] | help``
per parameter and optionally ``// suggest: PARAM | LABEL``: when the query finds nothing, ``kg query`` lists the
names of LABEL nodes closest to PARAM's value (``person-career -p name=李晓`` → 李晓雷). User values only ever
travel as query parameters.

Ad-hoc queries (``kg query --cypher``) pass :func:`check_read_only` — the
graphglot Cypher lexer and parser, not a regex — and then run as a user the store
itself keeps read-only (see :mod:`kg.store.embedded`) in a read-access session.

>>> [q.name for q in list_queries()][:2]
['co-occurrence-neighbours', 'most-active-officials']
>>> load_query("person-career").bind({"name": "李晓雷"})["name"]
'李晓雷'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import QueryError

QUERY_DIR = Path(__file__).parent

#: Keywords that start a clause that writes, touches files, or leaves the query's database.
WRITE_KEYWORDS = frozenset({
    "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "DROP", "INSERT", "LOAD", "CSV", "FOREACH", "USE",
    "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "START", "STOP", "COMMIT", "ROLLBACK", "TERMINATE", "SHOW",
    "PERIODIC", "TRANSACTIONS", "FINISH", "ENABLE", "DEALLOCATE", "REALLOCATE", "COPY", "NODETACH", "IMPORT",
})
#: Procedures an ad-hoc query may CALL (they only read the schema).
READ_PROCEDURES = frozenset({"db.labels", "db.relationshipTypes", "db.propertyKeys"})
#: Namespaces of built-in functions that only compute (no other namespaced function is allowed).
PURE_NAMESPACES = frozenset({"date", "datetime", "time", "localtime", "localdatetime", "duration"})
#: graphglot AST nodes of statements that write, change the schema, or switch graph/session.
_WRITE_NODES = (
    "InsertStatement", "SetStatement", "RemoveStatement", "DeleteStatement", "MergeClause", "CreateClause",
    "CreateIndex", "DropIndex", "CreateConstraint", "DropConstraint", "CreateGraphStatement",
    "DropGraphStatement", "CreateGraphTypeStatement", "DropGraphTypeStatement", "CreateSchemaStatement",
    "DropSchemaStatement", "CallCatalogModifyingProcedureStatement", "CallDataModifyingProcedureStatement",
    "UseGraphClause", "SessionSetCommand", "SessionResetCommand", "SessionCloseCommand",
    "StartTransactionCommand", "EndTransactionCommand",
)


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
    suggest: dict[str, str] = field(default_factory=dict)

    def names_query(self, label: str) -> str:
        """The Cypher listing every name of ``label`` nodes (``*``: any node), for near-match hints."""
        if label != "*" and not re.fullmatch(r"[A-Za-z_]+", label):
            raise QueryError(f"query {self.name!r}: bad label {label!r} in its suggest header")
        node = "(n)" if label == "*" else f"(n:{label})"
        return f"MATCH {node} WHERE n.name IS NOT NULL RETURN DISTINCT n.name AS name"

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
    name, description, params, suggest = path.stem, "", [], {}
    for line in text.splitlines():
        m = re.match(r"//\s*(name|description|param|suggest):\s*(.*)", line.strip())
        if not m:
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            description = value.strip()
        elif key == "suggest":
            pname, _, label = (part.strip() for part in value.partition("|"))
            suggest[pname] = label or "*"
        else:
            pname, spec, *rest = [part.strip() for part in value.split("|")]
            default = spec.split("=", 1)[1] if "=" in spec else None
            params.append(Param(pname, spec.startswith("required"), default, rest[0] if rest else ""))
    return LibraryQuery(name, description, text, params, suggest)


def near_matches(value: str, names: list[str], n: int = 5) -> list[str]:
    """Names close to ``value``: those containing it (or contained in it) first, then difflib's closest.

    >>> near_matches("李晓", ["李晓雷", "王晓", "张三", "李小雷"])
    ['李晓雷', '王晓']
    """
    import difflib

    value = value.strip()
    if not value:
        return []
    unique = sorted(set(names))
    inside = sorted((x for x in unique if x != value and (value in x or x in value)),
                    key=lambda x: (abs(len(x) - len(value)), x))
    close = difflib.get_close_matches(value, unique, n=n, cutoff=0.5)
    return list(dict.fromkeys([*inside, *close]))[:n]


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
    """Refuse an ad-hoc query unless the Cypher parser shows it only reads.

    Three checks, each enough to refuse: the token stream (strings, backtick names
    and comments are tokens of their own, so ``'CREATE'`` or ``// SET`` never
    count, while ``LOAD/**/CSV`` does) holds no writing keyword, no ``;`` and no
    procedure or namespaced function outside a short allowlist; the query parses as
    exactly one statement; its syntax tree has no writing, schema or session node.
    A query the parser cannot read is refused too (kg runs only what it can check).

    >>> check_read_only("MATCH (n {name: 'CREATE'}) RETURN n.name AS name")
    >>> check_read_only("MATCH (n) // harmless'\\nDETACH DELETE n")
    Traceback (most recent call last):
    kg.errors.QueryError: ad-hoc queries are read-only: DETACH is not allowed (line 2)
    """
    from graphglot.dialect import Dialect
    from graphglot.error import GraphGlotError

    dialect = Dialect.get_or_raise("neo4j")
    try:
        tokens = dialect.tokenize(cypher)
    except GraphGlotError as exc:
        raise QueryError(f"ad-hoc query refused: it cannot be tokenized ({_first_line(exc)})") from None
    _check_tokens(tokens)
    try:
        statements = dialect.parse(cypher)
    except (GraphGlotError, RecursionError) as exc:
        raise QueryError("ad-hoc query refused: kg's Cypher parser (graphglot) cannot read it, so it cannot "
                         f"show it read-only ({_first_line(exc)}); library queries are not affected") from None
    if len(statements) != 1:
        raise QueryError("ad-hoc queries are read-only: exactly one statement is allowed")
    for node in statements[0].dfs():
        name = type(node).__name__
        if name in _WRITE_NODES:
            raise QueryError(f"ad-hoc queries are read-only: {name} is not allowed")


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


def _check_tokens(tokens: list[Any]) -> None:
    kinds = [t.token_type.name for t in tokens]
    for i, token in enumerate(tokens):
        kind = kinds[i]
        after_dot = i > 0 and kinds[i - 1] == "PERIOD"
        where = f" (line {token.line})" if getattr(token, "line", None) else ""
        if kind in WRITE_KEYWORDS and not after_dot:
            raise QueryError(f"ad-hoc queries are read-only: {kind} is not allowed{where}")
        if kind == "SEMICOLON" and any(k != "SEMICOLON" for k in kinds[i + 1:]):
            raise QueryError("ad-hoc queries are read-only: exactly one statement is allowed")
        if kind == "CALL" and i + 1 < len(tokens) and kinds[i + 1] not in ("LEFT_BRACE", "LEFT_PAREN"):
            name, _ = _dotted(tokens, i + 1)
            if name not in READ_PROCEDURES:
                raise QueryError(f"ad-hoc queries may only CALL {', '.join(sorted(READ_PROCEDURES))} "
                                 f"and subqueries; {name!r} is not allowed{where}")
        if not after_dot and kind not in ("PERIOD",) and (i == 0 or kinds[i - 1] != "CALL"):
            name, end = _dotted(tokens, i)
            if "." in name and end < len(tokens) and kinds[end] == "LEFT_PAREN" \
                    and name.split(".")[0].lower() not in PURE_NAMESPACES:
                raise QueryError(f"ad-hoc queries may not call the function {name!r}{where}")


def _dotted(tokens: list[Any], start: int) -> tuple[str, int]:
    """The dotted name starting at ``tokens[start]`` (``apoc.load.json``) and the index after it."""
    parts, i = [], start
    while i < len(tokens):
        kind = tokens[i].token_type.name
        if kind in ("STRING", "LEFT_PAREN", "RIGHT_PAREN", "LEFT_BRACE", "RIGHT_BRACE", "LEFT_BRACKET",
                    "RIGHT_BRACKET", "COMMA", "COLON", "SEMICOLON") or not str(tokens[i].text).strip():
            break
        parts.append(str(tokens[i].text))
        i += 1
        if i < len(tokens) and tokens[i].token_type.name == "PERIOD":
            parts.append(".")
            i += 1
        else:
            break
    return "".join(parts).replace("`", ""), i

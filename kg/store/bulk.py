"""Bulk creates through ArcadeDB's HTTP batch endpoint (``POST /api/v1/batch/<database>``, NDJSON).

The embedded store's first load is millions of new relationships; through Cypher (``UNWIND … MATCH … CREATE``)
the server spends its time planning and matching (≈ 3.5k relationships/s at 16k articles on 2 cores). The
batch endpoint (ArcadeDB's ``GraphBatch``) takes records as lines of JSON — a vertex ``{"@type": "vertex",
"@class": label, "@id": temporary id, …properties}``, an edge ``{"@type": "edge", "@class": type, "@from":
RID, "@to": RID, …properties}`` — and creates them with no query at all (≈ 7k relationships/s, WAL on).
The answer maps each vertex's temporary id to its record id (RID), which the relationships then name.

Only *creates* go this way (:meth:`kg.store.bolt.BoltStore.sync` decides, for large plans on a store that has
an HTTP address): updates, merges and deletes stay Cypher. A request the server refuses raises
:class:`BulkRefused`; the caller writes its rows again through Cypher's MERGE (some of them may have been
committed: the endpoint commits every 50,000 records). The write-ahead log stays on (``wal=true``): a kill
mid-load leaves a consistent database whose missing part the ledger repairs, as for Cypher writes.

>>> line = vertex_line("Person", "Person:a", {"id": "Person:a", "name": "甲"})
>>> line
'{"@type": "vertex", "@class": "Person", "@id": "Person:a", "id": "Person:a", "name": "甲"}'
>>> edge_line("KNOWS", "#1:0", "#1:1", {"key": "k"})
'{"@type": "edge", "@class": "KNOWS", "@from": "#1:0", "@to": "#1:1", "key": "k"}'
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from kg.errors import StoreError

log = logging.getLogger(__name__)

#: Records per request, and (encoded) bytes per request: the server refuses bodies past 100 MB by default and
#: holds a request's id mapping in memory until it answers. Several requests per chunk of a sync, so that the next
#: is built while the server writes one (fewer, larger requests leave the two cores taking turns).
REQUEST_ROWS = 10_000
REQUEST_BYTES = 32 << 20


T = TypeVar("T")


#: The largest edge line sent (bytes of UTF-8): the endpoint writes an edge record within one page of 64 KiB
#: ("Cannot write outside the page space"; a relationship citing hundreds of sentences), and refuses the whole
#: request; a larger one goes through Cypher, whose records may span pages.
EDGE_BYTES = 48_000


def too_big(line: str, limit: int = EDGE_BYTES) -> bool:
    """Whether the UTF-8 of ``line`` is longer than ``limit`` bytes (encoded only when it may be).

    >>> too_big("x" * 10, limit=12), too_big("中" * 5, limit=12)
    (False, True)
    """
    return len(line) > limit // 3 and len(line.encode("utf-8")) > limit


class BulkRefused(Exception):
    """The server refused a batch request (a bad record, a duplicate key): its rows are written another way.
    ``partial``: part of it may be committed (the endpoint commits as it goes; unknown counts as yes)."""

    def __init__(self, message: str, partial: bool = True) -> None:
        super().__init__(message)
        self.partial = partial


def vertex_line(label: str, temp_id: str, props: dict[str, Any]) -> str:
    """One NDJSON line creating a vertex of ``label`` with ``props``, named ``temp_id`` in the answer."""
    return json.dumps({"@type": "vertex", "@class": label, "@id": temp_id, **props}, ensure_ascii=False)


def edge_line(edge_type: str, source: str, target: str, props: dict[str, Any]) -> str:
    """One NDJSON line creating an edge of ``edge_type`` from RID ``source`` to RID ``target``."""
    return json.dumps({"@type": "edge", "@class": edge_type, "@from": source, "@to": target, **props},
                      ensure_ascii=False)


def request_groups(pairs: Iterable[tuple[T, str]], rows: int = REQUEST_ROWS, max_bytes: int = REQUEST_BYTES
                   ) -> Iterator[tuple[list[T], list[str]]]:
    """``pairs`` (an item and its line) in requests of at most ``rows`` lines and ``max_bytes`` bytes (estimated
    from above: 3 bytes a character; a longer line alone): each request's items and lines.

    >>> [len(lines) for _, lines in request_groups([(1, "a" * 4), (2, "b" * 4), (3, "c")], rows=2)]
    [2, 1]
    >>> [items for items, _ in request_groups([(1, "a" * 4), (2, "b" * 4), (3, "c")], max_bytes=20)]
    [[1], [2, 3]]
    """
    items: list[T] = []
    group: list[str] = []
    size = 0
    for item, line in pairs:
        n = 3 * len(line) + 1
        if group and (len(group) >= rows or size + n > max_bytes):
            yield items, group
            items, group, size = [], [], 0
        items.append(item)
        group.append(line)
        size += n
    if group:
        yield items, group


class BulkLoader:
    """A client of one ArcadeDB database's HTTP API (``url``: ``http://host:port``) for bulk creates."""

    def __init__(self, url: str, user: str, password: str, database: str, timeout: float = 3600.0) -> None:
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise StoreError(f"bulk loads need an http:// address of the store, not {url!r}")
        self.host, self.port = parts.hostname, parts.port or 2480
        self.database = database
        self.timeout = timeout
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        self._auth = f"Basic {token}"
        self._conn: http.client.HTTPConnection | None = None
        self._types: set[str] = set()  # edge types made sure of

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _post(self, path: str, body: bytes, content_type: str) -> tuple[int, dict[str, Any]]:
        """POST ``body``; (status, parsed answer). One keep-alive connection, opened again once if it broke."""
        for attempt in (0, 1):
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self._conn.request("POST", path, body, {"Authorization": self._auth, "Content-Type": content_type})
                response = self._conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError) as exc:
                self.close()
                if attempt:
                    raise StoreError(f"the store's HTTP API at {self.host}:{self.port} failed: {exc}") from None
        try:
            answer = json.loads(data.decode("utf-8")) if data else {}
        except ValueError:
            answer = {"error": data[:300].decode("utf-8", "replace")}
        return response.status, answer if isinstance(answer, dict) else {"result": answer}

    def command(self, sql: str) -> dict[str, Any]:
        """Run one SQL command (schema changes: ``CREATE EDGE TYPE …``)."""
        body = json.dumps({"language": "sql", "command": sql}).encode("utf-8")
        status, answer = self._post(f"/api/v1/command/{quote(self.database)}", body, "application/json")
        if status >= 300:
            raise StoreError(f"the store refused {sql!r}: {answer.get('detail') or answer.get('error')}")
        return answer

    def ensure_edge_types(self, types: Iterable[str]) -> None:
        """Create the edge types ``types`` (plain names) unless they exist: the endpoint creates no types."""
        for name in sorted(set(types) - self._types):
            self.command(f"CREATE EDGE TYPE `{name}` IF NOT EXISTS")
            self._types.add(name)

    def load(self, lines: list[str], id_mapping: bool = False) -> dict[str, Any]:
        """Send one request of NDJSON ``lines``; the server's answer (``verticesCreated``, ``edgesCreated``,
        with ``id_mapping`` the ``idMapping`` temporary id → RID). Raises :class:`BulkRefused` if refused."""
        query = "wal=true&lightEdges=false&bidirectional=true" + ("&idMapping=true" if id_mapping else "")
        body = ("\n".join(lines) + "\n").encode("utf-8")
        status, answer = self._post(f"/api/v1/batch/{quote(self.database)}?{query}", body, "application/x-ndjson")
        if status >= 300:
            raise BulkRefused(str(answer.get("detail") or answer.get("error") or f"HTTP {status}"),
                              partial=answer.get("partialCommit") is not False)
        return answer

    def create_vertices(self, lines: list[str]) -> dict[str, str]:
        """Create the vertices of ``lines`` (:func:`vertex_line`); their temporary id → RID."""
        answer = self.load(lines, id_mapping=True)
        mapping = answer.get("idMapping")
        if not isinstance(mapping, dict) or len(mapping) != len(lines):
            raise BulkRefused(f"the answer maps {len(mapping or {})} of {len(lines)} vertices")
        return {str(k): str(v) for k, v in mapping.items()}

    def create_edges(self, lines: list[str]) -> dict[str, str]:
        """Create the edges of ``lines`` (:func:`edge_line`); an empty mapping (the shape of
        :meth:`create_vertices`)."""
        created = int(self.load(lines).get("edgesCreated", 0))
        if created != len(lines):
            raise BulkRefused(f"the server created {created} of {len(lines)} relationships")
        return {}

    def pipelined(self, requests: Iterable[tuple[T, list[str]]], vertices: bool
                  ) -> Iterator[tuple[T, dict[str, str] | BulkRefused]]:
        """Send ``requests`` (a tag and its lines: vertices, else edges) one after another, the next one being
        built (by the caller's generator) while the server works on the one before; yields each tag with the
        answer of :meth:`create_vertices` / :meth:`create_edges`, or the :class:`BulkRefused` it raised.
        Other errors propagate."""
        send = self.create_vertices if vertices else self.create_edges

        def one(lines: list[str]) -> dict[str, str] | BulkRefused:
            try:
                return send(lines)
            except BulkRefused as exc:
                return exc

        with ThreadPoolExecutor(1, thread_name_prefix="kg-bulk") as pool:
            waiting: tuple[T, Future[dict[str, str] | BulkRefused]] | None = None
            for tag, lines in requests:
                sent = pool.submit(one, lines)
                if waiting is not None:
                    yield waiting[0], waiting[1].result()
                waiting = (tag, sent)
            if waiting is not None:
                yield waiting[0], waiting[1].result()

"""Job state in SQLite next to the outputs: per article its source, content hash,
extractor version, status, error, extraction record and timestamps.

Every write is its own transaction, so a job killed at any point leaves a state
that the next run completes (WAL mode; SQLite guarantees atomic commits).

>>> import tempfile, pathlib
>>> st = State(pathlib.Path(tempfile.mkdtemp()) / "state.sqlite")
>>> st.save_result("a#0", "a.txt", "h1", "v1", {"id": None}, None)
>>> st.counts()
{'done': 1}
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    extractor_version TEXT,
    status TEXT NOT NULL,          -- done | failed
    error TEXT,
    record TEXT,                   -- the extraction record (JSON) when done
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE TABLE IF NOT EXISTS sources (
    path TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    article_ids TEXT NOT NULL,     -- JSON list of the article ids it yielded
    error TEXT
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at REAL NOT NULL,
    finished_at REAL,
    extracted INTEGER DEFAULT 0,
    failed INTEGER DEFAULT 0,
    removed INTEGER DEFAULT 0,
    graph_written INTEGER DEFAULT 0
);
"""


class State:
    """The job's SQLite database."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    # -- sources ---------------------------------------------------------------------------
    def source(self, path: str) -> tuple[int, int, list[str], str | None] | None:
        row = self.db.execute("SELECT mtime_ns, size, article_ids, error FROM sources WHERE path = ?",
                              (path,)).fetchone()
        return (row[0], row[1], json.loads(row[2]), row[3]) if row else None

    def save_source(self, path: str, mtime_ns: int, size: int, article_ids: list[str], error: str | None) -> None:
        self.db.execute("INSERT INTO sources(path, mtime_ns, size, article_ids, error) VALUES (?,?,?,?,?) "
                        "ON CONFLICT(path) DO UPDATE SET mtime_ns=excluded.mtime_ns, size=excluded.size, "
                        "article_ids=excluded.article_ids, error=excluded.error",
                        (path, mtime_ns, size, json.dumps(article_ids, ensure_ascii=False), error))

    def forget_source(self, path: str) -> None:
        self.db.execute("DELETE FROM sources WHERE path = ?", (path,))

    def source_paths(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM sources")]

    # -- articles ----------------------------------------------------------------------------
    def known(self) -> dict[str, tuple[str, str | None, str]]:
        """id -> (content_hash, extractor_version, status)."""
        return {r[0]: (r[1], r[2], r[3]) for r in
                self.db.execute("SELECT id, content_hash, extractor_version, status FROM articles")}

    def save_result(self, article_id: str, source: str, content_hash: str, version: str | None,
                    record: dict[str, Any] | None, error: str | None) -> None:
        now = time.time()
        self.db.execute(
            "INSERT INTO articles(id, source, content_hash, extractor_version, status, error, record, created_at, "
            "updated_at) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET source=excluded.source, "
            "content_hash=excluded.content_hash, extractor_version=excluded.extractor_version, "
            "status=excluded.status, error=excluded.error, record=excluded.record, updated_at=excluded.updated_at",
            (article_id, source, content_hash, version, "failed" if error else "done", error,
             json.dumps(record, ensure_ascii=False) if record is not None else None, now, now))

    def set_index(self, article_id: str, index: int | None) -> bool:
        """Record a page article's new position (an article above it was added or removed).

        Returns whether the stored record changed; the extraction itself stays valid.
        """
        row = self.db.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if not row or row[0] is None:
            return False
        record = json.loads(row[0])
        if record.get("index") == index:
            return False
        record["index"] = index
        self.db.execute("UPDATE articles SET record = ?, updated_at = ? WHERE id = ?",
                        (json.dumps(record, ensure_ascii=False), time.time(), article_id))
        return True

    def remove(self, article_ids: list[str]) -> None:
        self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in article_ids])

    def records(self) -> list[dict[str, Any]]:
        """Extraction records of every done article, by id (deterministic)."""
        return [json.loads(r[0]) for r in
                self.db.execute("SELECT record FROM articles WHERE status = 'done' ORDER BY id")]

    def graph_records(self) -> Iterator[dict[str, Any]]:
        """The records of every done article, by id, as the graph build reads them, one at a time.

        Read from SQLite in pages, never all at once, and slimmed: mention offsets and the
        extractor's component list (read by no graph stage) are left out, and the strings that
        repeat across articles (mention types, components, names) are interned — the records of a
        corpus take a fraction of the memory :meth:`records` needs.
        """
        cursor = self.db.execute("SELECT record FROM articles WHERE status = 'done' ORDER BY id")
        while rows := cursor.fetchmany(500):
            for (text,) in rows:
                yield slim_record(json.loads(text))

    def stamps(self) -> dict[str, str]:
        """id -> a stamp of the stored record of every done article (changes whenever the record is written)."""
        return {r[0]: f"{r[1]}@{r[2]!r}" for r in
                self.db.execute("SELECT id, content_hash, updated_at FROM articles WHERE status = 'done'")}

    def record(self, article_id: str) -> dict[str, Any]:
        """The extraction record of one done article (KeyError if there is none)."""
        row = self.db.execute("SELECT record FROM articles WHERE id = ? AND status = 'done'", (article_id,)).fetchone()
        if row is None or row[0] is None:
            raise KeyError(article_id)
        return slim_record(json.loads(row[0]))

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, count(*) FROM articles GROUP BY status ORDER BY status"))

    def last_errors(self, limit: int = 10) -> list[tuple[str, str]]:
        rows = self.db.execute("SELECT id, error FROM articles WHERE status = 'failed' ORDER BY updated_at DESC "
                               "LIMIT ?", (limit,)).fetchall()
        rows += self.db.execute("SELECT path, error FROM sources WHERE error IS NOT NULL LIMIT ?", (limit,)).fetchall()
        return [(r[0], r[1]) for r in rows][:limit]

    # -- runs --------------------------------------------------------------------------------
    def start_run(self) -> int:
        cur = self.db.execute("INSERT INTO runs(started_at) VALUES (?)", (time.time(),))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, extracted: int, failed: int, removed: int, graph_written: bool) -> None:
        self.db.execute("UPDATE runs SET finished_at=?, extracted=?, failed=?, removed=?, graph_written=? WHERE id=?",
                        (time.time(), extracted, failed, removed, int(graph_written), run_id))

    def last_run(self) -> dict[str, Any] | None:
        row = self.db.execute("SELECT id, started_at, finished_at, extracted, failed, removed, graph_written "
                              "FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        keys = ("id", "started_at", "finished_at", "extracted", "failed", "removed", "graph_written")
        return dict(zip(keys, row, strict=True)) if row else None

    def graph_pending(self) -> bool:
        """Whether a run changed articles but died before the graph was written."""
        row = self.db.execute("SELECT count(*) FROM runs WHERE graph_written = 0").fetchone()
        return bool(row[0])


def slim_record(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` without what no graph stage reads (mention offsets, the extractor's component list),
    its repeated strings interned.

    >>> slim_record({"extractor": "x", "mentions": [{"type": "person", "text": "王五", "start": 3, "end": 5,
    ...                                               "sentence": 0, "component": "titles", "label": "王五"}]})
    {'mentions': [{'type': 'person', 'text': '王五', 'sentence': 0, 'component': 'titles', 'label': '王五'}]}
    """
    record.pop("extractor", None)
    intern = sys.intern
    mentions = []
    for m in record.get("mentions") or ():
        slim = {}
        for key, value in m.items():
            if key in ("start", "end"):
                continue
            slim[intern(key)] = intern(value) if type(value) is str else value
        mentions.append(slim)
    if "mentions" in record:
        record["mentions"] = mentions
    return record

"""``kg serve``: keep the embedded store up so that queries skip its 4–5 s start-up.

:func:`serve` starts the embedded ArcadeDB server of ``OUT/store`` once, opens a Bolt
session pool to it as the store's read-only user, and answers queries over a small
HTTP endpoint on 127.0.0.1 (``POST /query`` with a JSON body ``{"cypher", "params",
"read_only"}``). Where it listens is in ``OUT/store/.serve.json`` (mode 0600): the
Bolt URI (``kg build``/``kg load`` write through it), the HTTP port, a random token
every request must carry, and the pid of the serving process. The store's passwords
stay in its own owner-only files.

``kg query`` finds a live server with :func:`client` — the pid must be alive and the
port must accept connections; a stale file (a killed server) is removed — and sends
its query over HTTP, which needs neither the JVM nor the neo4j driver in the query
process: a warm query costs the interpreter start and one local round trip. Ad-hoc
queries are checked read-only again by the server, and every query runs as the
read-only user, as without the server.

>>> client(Path("/nonexistent/store")) is None
True
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the server's modules: `kg query` only needs the client
    from http.server import BaseHTTPRequestHandler

from kg.errors import KGError, StoreError

log = logging.getLogger(__name__)

SERVE_FILE = ".serve.json"
#: Largest request body the endpoint reads (a query and its parameters).
MAX_REQUEST = 1_000_000


def _started(pid: int) -> str | None:
    """When process ``pid`` started (clock ticks since boot, from /proc), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        return stat.rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _alive(pid: int, started: str | None = None) -> bool:
    """Whether ``pid`` runs — and, given its recorded start time, is still the same process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    now = _started(pid)
    return started is None or now is None or now == started


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def running(root: Path) -> dict[str, Any] | None:
    """What ``.serve.json`` of store folder ``root`` says, if its server is alive and answers; else None.

    A file left by a server whose process is gone is removed (never one of a live process that is
    slow to answer, which `kg serve --stop` must still find).
    """
    path = Path(root) / SERVE_FILE
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        pid, uri, http = int(info["pid"]), str(info["uri"]), int(info["http_port"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    parts = urlsplit(uri)
    if not _alive(pid, info.get("pid_started")):
        log.info("removing stale %s (pid %s is gone)", path, pid)
        path.unlink(missing_ok=True)
        return None
    if _listening("127.0.0.1", http) and _listening(parts.hostname or "127.0.0.1", parts.port or 0):
        return info
    log.info("%s: pid %s is alive but does not answer; not using it", path, pid)
    return None


def connections(root: Path) -> tuple[Any, Any] | None:
    """``(owner, reader)`` Bolt connections to the running server of ``root``, else None."""
    info = running(root)
    if info is None:
        return None
    from kg.store._arcadedb_child import READER
    from kg.store.bolt import Connection

    root = Path(root)
    try:
        owner = (root / ".root-password").read_text(encoding="utf-8").strip()
        reader = (root / ".reader-password").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    database = info.get("database")
    return (Connection(info["uri"], "root", owner, database, bulk=info.get("bulk")),
            Connection(info["uri"], READER, reader, database))


class Client:
    """Sends queries to a running ``kg serve`` (HTTP on 127.0.0.1); same ``query`` as a BoltStore."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.token = token

    def query(self, cypher: str, params: dict[str, Any] | None = None, read_only: bool = False
              ) -> list[dict[str, Any]]:
        """Rows of ``cypher``; a store or query error becomes :class:`StoreError`."""
        import http.client

        body = json.dumps({"cypher": cypher, "params": params or {}, "read_only": read_only}, ensure_ascii=False)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            conn.request("POST", "/query", body.encode("utf-8"),
                         {"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
            response = conn.getresponse()
            data = json.loads(response.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"the kg serve process on port {self.port} did not answer: {exc}") from None
        finally:
            conn.close()
        if response.status != 200:
            raise StoreError(str(data.get("error") or f"HTTP {response.status}"))
        return list(data["rows"])


def client(root: Path) -> Client | None:
    """A client of the server running for store folder ``root``, else None."""
    info = running(root)
    if info is None or not info.get("token"):
        return None
    return Client(int(info["http_port"]), str(info["token"]))


def _handler(store: Any, token: str, last: list[float] | None = None) -> type[BaseHTTPRequestHandler]:
    """The endpoint's request handler; ``last[0]`` is set to the time of each request."""
    from http.server import BaseHTTPRequestHandler

    from kg.queries import check_read_only

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            log.debug("serve: " + format, *args)

        def _reply(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload, ensure_ascii=False, default=str).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            if last is not None:
                last[0] = time.monotonic()
            if self.path != "/query":
                self._reply(404, {"error": "unknown path"})
                return
            if not secrets.compare_digest(self.headers.get("Authorization", ""), f"Bearer {token}"):
                self._reply(403, {"error": "bad token"})
                return
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_REQUEST:
                self._reply(413, {"error": "request too large"})
                return
            try:
                request = json.loads(self.rfile.read(length).decode("utf-8"))
                cypher, params = str(request["cypher"]), dict(request.get("params") or {})
                if request.get("read_only"):
                    check_read_only(cypher)
                rows = store.query(cypher, params, read_only=bool(request.get("read_only")))
            except (KGError, ValueError, KeyError, TypeError) as exc:
                self._reply(400, {"error": str(exc)})
                return
            self._reply(200, {"rows": rows})

    return Handler


def serve(root: Path, on_ready: Callable[[str], None] | None = None, stop: threading.Event | None = None,
          idle_timeout: float | None = None) -> None:
    """Run the embedded server of ``root`` and the query endpoint until SIGINT/SIGTERM (or ``stop``).

    ``idle_timeout``: also stop after that many seconds without a query.

    Raises :class:`StoreError` when a server already serves this store.
    """
    from http.server import ThreadingHTTPServer

    from kg.store import BoltStore, EmbeddedServer

    root = Path(root).resolve()
    current = running(root)
    if current is not None:
        raise StoreError(f"{root} is already served by process {current['pid']} at {current['uri']}")
    stop = stop or threading.Event()

    def quit_(*_: object) -> None:
        stop.set()

    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):  # SIGHUP: its terminal closed
            signal.signal(signum, quit_)
    path = root / SERVE_FILE
    with EmbeddedServer(root) as server, BoltStore(server.reader) as store:
        assert server.connection is not None
        token = secrets.token_urlsafe(24)
        last = [time.monotonic()]
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(store, token, last))
        httpd.daemon_threads = True
        worker = threading.Thread(target=httpd.serve_forever, name="kg-serve-http", daemon=True)
        worker.start()
        info = {"pid": os.getpid(), "pid_started": _started(os.getpid()), "uri": server.connection.uri,
                "database": server.database, "bulk": server.connection.bulk,
                "http_port": httpd.server_address[1], "token": token,
                "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        tmp = path.with_name(f"{SERVE_FILE}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, path)
        try:
            if on_ready:
                on_ready(server.connection.uri)
            while not stop.wait(0.5):
                if idle_timeout is not None and time.monotonic() - last[0] > idle_timeout:
                    log.info("no query for %.0f s: stopping", idle_timeout)
                    break
                if server.process is None or server.process.poll() is not None:
                    raise StoreError(f"the embedded ArcadeDB server stopped; see {root / 'server.log'}")
        finally:
            path.unlink(missing_ok=True)
            httpd.shutdown()
            httpd.server_close()


def start_background(out: Path, idle_timeout: float | None = None, wait: float = 180.0) -> Client:
    """Start ``kg serve --out OUT`` as a detached process (logging to OUT/store/serve.log) and wait for it.

    Raises :class:`StoreError` when it does not come up within ``wait`` seconds.
    """
    import subprocess
    import sys

    root = Path(out) / "store"
    command = [sys.executable, "-m", "kg.cli", "serve", "--out", str(out)]
    if idle_timeout is not None:
        command += ["--idle-timeout", str(idle_timeout)]
    with open(root / "serve.log", "ab") as log_file:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file,
                                   start_new_session=True)
    deadline = time.monotonic() + wait
    while (served := client(root)) is None:
        if process.poll() is not None:
            raise StoreError(f"kg serve exited with code {process.returncode}; see {root / 'serve.log'}")
        if time.monotonic() > deadline:
            process.terminate()
            raise StoreError(f"kg serve did not come up in {wait:.0f} s; see {root / 'serve.log'}")
        time.sleep(0.1)
    return served


def stop_serving(root: Path, timeout: float = 30.0) -> int | None:
    """Ask the server of ``root`` to stop (SIGTERM) and wait for it; its pid, or None if none ran.

    A server that is alive but does not answer is stopped too.
    """
    if running(root) is None and not (Path(root) / SERVE_FILE).exists():
        return None
    try:
        info = json.loads((Path(root) / SERVE_FILE).read_text(encoding="utf-8"))
        pid, started = int(info["pid"]), info.get("pid_started")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid, started):
        return None
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid, started) and (Path(root) / SERVE_FILE).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return pid

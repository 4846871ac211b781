"""The embedded graph store: ArcadeDB (PyPI ``arcadedb-embedded``) with its Bolt plugin.

The JVM runs in a supervised child process (``python -m kg.store._arcadedb_child``)
bound to 127.0.0.1 on free ports, so its log lines never reach kg's stdout and a
JVM that hangs on shutdown cannot hang kg: the parent stops it with SIGTERM,
then SIGKILL, on exit — and the child exits by itself if the parent dies.
The database persists under ``ROOT`` (an ``--out`` folder's ``store/``).
:attr:`EmbeddedServer.reader` connects as a user the server keeps read-only
(``kg query`` uses it), :attr:`EmbeddedServer.connection` as the owner, with the address of the server's
HTTP batch API (large creates go through it: :mod:`kg.store.bulk`).

>>> # with EmbeddedServer(Path("out/store")) as server:
>>> #     BoltStore(server.connection).counts()
"""

from __future__ import annotations

import atexit
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from kg.errors import StoreError
from kg.store._arcadedb_child import READER
from kg.store.bolt import Connection

DATABASE = "kg"
START_TIMEOUT = 90.0
#: The JVM's options (before any in ARCADEDB_JVM_ARGS, which win): C1 JIT only. The server lives for
#: one command and shares a small machine with kg, so C2's compile time never paid back (first load
#: of 1k articles: server CPU 15.7 → 9.2 s, wall −25 %; at 4k 25.8 → 18.2 s).
JVM_ARGS = "-XX:TieredStopAtLevel=1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _password(root: Path, name: str = ".root-password") -> str:
    path = root / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_urlsafe(18))
    return path.read_text(encoding="utf-8").strip()


class EmbeddedServer:
    """Context manager running ArcadeDB with Bolt for the store folder ``root``."""

    def __init__(self, root: Path | str, database: str = DATABASE, jvm_args: str = JVM_ARGS) -> None:
        self.root = Path(root).resolve()
        self.database = database
        self.jvm_args = jvm_args
        self.process: subprocess.Popen[bytes] | None = None
        self.connection: Connection | None = None
        self.reader: Connection | None = None
        self._ready = self.root / ".ready"
        self._ports: tuple[int, int, str, str] = (0, 0, "", "")  # bolt and HTTP ports, owner and reader passwords

    def start(self) -> Connection:
        """Start the server (≈2–3 s) and return a Bolt connection to its database."""
        self.launch()
        return self.wait()

    def launch(self) -> None:
        """Start the server's process and return at once (it boots while the caller works on);
        :meth:`wait` waits until it serves."""
        try:
            import arcadedb_embedded  # noqa: F401
        except ImportError as exc:
            raise StoreError("the embedded store needs the arcadedb-embedded package "
                             "(pip install arcadedb-embedded)") from exc
        self.root.mkdir(parents=True, exist_ok=True)
        password = _password(self.root)
        reader = _password(self.root, ".reader-password")
        bolt, http = _free_port(), _free_port()
        ready = self.root / ".ready"
        ready.unlink(missing_ok=True)
        log = open(self.root / "server.log", "ab")  # noqa: SIM115 - handed to the child
        env = dict(os.environ)
        env["ARCADEDB_JVM_ARGS"] = f"{self.jvm_args} {env.get('ARCADEDB_JVM_ARGS', '')}".strip()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.store._arcadedb_child", str(self.root), str(http), str(bolt),
             self.database, str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
            cwd=self.root, env=env)  # ArcadeDB writes ./log/ into its working directory
        log.close()
        atexit.register(self.stop)
        self._ready, self._ports = ready, (bolt, http, password, reader)

    def wait(self) -> Connection:
        """Wait until the launched server serves; return a Bolt connection to its database."""
        if self.connection is not None and self.process is not None:
            return self.connection
        if self.process is None:
            raise StoreError("the embedded ArcadeDB server was not launched")
        ready, (bolt, http, password, reader) = self._ready, self._ports
        deadline = time.monotonic() + START_TIMEOUT
        while not ready.exists():
            if self.process.poll() is not None:
                raise StoreError(f"the embedded ArcadeDB server exited with code {self.process.returncode}; "
                                 f"see {self.root / 'server.log'}")
            if time.monotonic() > deadline:
                self.stop()
                raise StoreError(f"the embedded ArcadeDB server did not start in {START_TIMEOUT:.0f} s; "
                                 f"see {self.root / 'server.log'}")
            time.sleep(0.1)
        self.connection = Connection(f"bolt://127.0.0.1:{bolt}", "root", password, self.database,
                                     bulk=f"http://127.0.0.1:{http}")
        self.reader = Connection(f"bolt://127.0.0.1:{bolt}", READER, reader, self.database)
        return self.connection

    def stop(self) -> None:
        """Stop the child: SIGTERM, then SIGKILL after 20 s. Safe to call twice."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def __enter__(self) -> EmbeddedServer:
        self.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

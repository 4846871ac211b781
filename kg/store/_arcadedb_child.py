"""Child process hosting ArcadeDB + Bolt for :class:`kg.store.embedded.EmbeddedServer`.

Usage (internal): python -m kg.store._arcadedb_child ROOT HTTP_PORT BOLT_PORT DATABASE PARENT_PID
Writes ROOT/.ready when the database accepts Bolt sessions; exits on SIGTERM or
when the parent process is gone, without waiting for the JVM to unwind.

It also keeps a read-only user (``kg_reader``, password in ROOT/.reader-password)
whose group may only read records of DATABASE: the server itself refuses any
write, schema change or file access that user's queries attempt.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

READER = "kg_reader"
READER_GROUP = "kg_reader"


def ensure_reader(server: Any, database: str, password: str) -> None:
    """A user of ``database`` that may read records and nothing else."""
    import jpype

    json_object = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    security = server._java_server.getSecurity()
    group = {"access": [], "resultSetLimit": -1, "readTimeout": -1, "types": {"*": {"access": ["readRecord"]}}}
    security.saveGroup(database, READER_GROUP, json_object(json.dumps(group)))
    if security.existsUser(READER):
        security.dropUser(READER)
    user = {"name": READER, "password": str(security.encodePassword(password)),
            "databases": {database: [READER_GROUP]}}
    security.createUser(json_object(json.dumps(user)))


def main() -> None:
    root, http, bolt, database, parent = sys.argv[1:6]
    import arcadedb_embedded

    password = (Path(root) / ".root-password").read_text(encoding="utf-8").strip()
    server = arcadedb_embedded.ArcadeDBServer(
        root_path=str(Path(root) / "databases"), root_password=password,
        config={"host": "127.0.0.1", "http_port": int(http),
                "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin", "bolt_port": int(bolt)})
    server.start()

    def shutdown(*_: object) -> None:
        try:
            server.stop()
        finally:
            os._exit(0)

    signal.signal(signal.SIGTERM, shutdown)
    signal.signal(signal.SIGINT, shutdown)
    if not (Path(root) / "databases" / "databases" / database).exists() \
            and not (Path(root) / "databases" / database).exists():
        server.create_database(database)
    ensure_reader(server, database, (Path(root) / ".reader-password").read_text(encoding="utf-8").strip())
    (Path(root) / ".ready").write_text(bolt, encoding="utf-8")
    while True:
        if os.getppid() != int(parent):
            shutdown()
        time.sleep(0.5)


if __name__ == "__main__":
    main()

"""Stage 5a: graph stores reached over Bolt — Neo4j, or the embedded ArcadeDB server."""

from kg.store.bolt import BoltStore, connection_from_env
from kg.store.embedded import EmbeddedServer

__all__ = ["BoltStore", "EmbeddedServer", "connection_from_env"]

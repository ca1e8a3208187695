"""The store: records in an embedded SQLite database, what it learns from them, alert rules and their outbox,
and the queries analysts run. Every SQL string of newsevents lives in this package."""

from .database import DEFAULT_DB, FURNITURE_MIN_ARTICLES, Store, default_db_path, ingest_digest
from .schema import MIGRATIONS, SCHEMA_VERSION

__all__ = [
    "DEFAULT_DB",
    "FURNITURE_MIN_ARTICLES",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Store",
    "default_db_path",
    "ingest_digest",
]

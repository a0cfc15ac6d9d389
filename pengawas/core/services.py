"""Shared services: rate limiting and keyed hashing of personal identifiers."""

import functools
import hashlib
import hmac
import ipaddress
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.http import HttpRequest

from pengawas.core.models import RateCounter


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    hits: int
    limit: int
    retry_after: int


def rate_hit(*, key: str, limit: int, window_seconds: int = 60) -> RateDecision:
    """Count one hit for key in the current fixed window; atomic across processes."""
    now = int(time.time())
    window_start = now - now % window_seconds
    if connection.vendor == "sqlite":
        hits = _sqlite_counters().hit(key=key, window_start=window_start, window=window_seconds)
    else:
        hits = _database_hit(key=key, window_start=window_start, window=window_seconds)
    return RateDecision(
        allowed=hits <= limit,
        hits=hits,
        limit=limit,
        retry_after=window_start + window_seconds - now,
    )


# One statement does insert-or-increment, so two processes can never both read the same
# count (SQLite 3.35+ and PostgreSQL both support ON CONFLICT ... RETURNING).
_UPSERT = (
    "INSERT INTO {table} (key, window_start, hits) VALUES ({mark}, {mark}, 1) "
    "ON CONFLICT (key, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits"
)


def _database_hit(*, key: str, window_start: int, window: int) -> int:
    """PostgreSQL: the counters live in the database (an UNLOGGED table, no disk flush)."""
    table = RateCounter._meta.db_table
    # Autocommit, no savepoint: this runs for every public lookup.
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT.format(table=table, mark="%s"), [key, window_start])
        ((hits,),) = cursor.fetchall()
    if hits == 1:
        # A new window has begun for this client: windows that have ended are no longer
        # needed by anyone, so the table stays as small as the number of active clients.
        RateCounter.objects.filter(window_start__lt=window_start - window).delete()
    return int(hits)


class _SqliteCounters:
    """SQLite: the counters live in a small database file of their own beside the main one.

    SQLite has one writer at a time; a voter-list import holds the main database's write
    lock for as long as it runs, and counters kept there would stall every public lookup
    until it ends. A file of their own keeps lookups answering during an import.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()  # sqlite3 connections stay in their own thread

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            db.execute("PRAGMA journal_mode=WAL")
            # Counts lost in a power cut only forgive a minute of lookups.
            db.execute("PRAGMA synchronous=OFF")
            db.execute(
                "CREATE TABLE IF NOT EXISTS counters (key TEXT NOT NULL, "
                "window_start INTEGER NOT NULL, hits INTEGER NOT NULL, "
                "PRIMARY KEY (key, window_start)) WITHOUT ROWID"
            )
            self._local.db = db
        return db

    def hit(self, *, key: str, window_start: int, window: int) -> int:
        db = self._connection()
        # fetchall() finishes the statement, and so releases the write lock, at once.
        ((hits,),) = db.execute(
            _UPSERT.format(table="counters", mark="?"), (key, window_start)
        ).fetchall()
        if hits == 1:
            db.execute("DELETE FROM counters WHERE window_start < ?", (window_start - window,))
        return int(hits)

    def rows(self) -> int:
        ((count,),) = self._connection().execute("SELECT COUNT(*) FROM counters").fetchall()
        return int(count)


@functools.cache
def _sqlite_counters_at(path: Path) -> _SqliteCounters:
    return _SqliteCounters(path)


def _sqlite_counters() -> _SqliteCounters:
    return _sqlite_counters_at(Path(settings.DATA_DIR) / "ratelimit.sqlite3")


def client_address(request: HttpRequest) -> str:
    """The client's address, trusting only as many X-Forwarded-For hops as configured."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return str(forwarded[-proxies])
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def client_ip(request: HttpRequest) -> str | None:
    """client_address when it is an IP address, else None (no REMOTE_ADDR: a Unix socket, a
    test request). For stores that type the column as an address (django-axes on PostgreSQL)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def keyed_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for logs: lets two log lines be matched without revealing the value."""
    return hmac.new(_purpose_key(purpose), value.encode(), hashlib.sha256).hexdigest()[:16]


@functools.cache
def _purpose_key(purpose: str) -> bytes:
    # One key per purpose, so a hash from one log cannot be matched against another's.
    return hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()

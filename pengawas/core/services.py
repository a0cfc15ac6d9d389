"""Shared services: rate limiting and keyed hashing of personal identifiers."""

import functools
import hashlib
import hmac
import time
from dataclasses import dataclass

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
    table = RateCounter._meta.db_table
    # One statement does insert-or-increment, so two processes can never both read
    # the same count (SQLite 3.35+ and PostgreSQL both support ON CONFLICT ... RETURNING).
    sql = (
        f"INSERT INTO {table} (key, window_start, hits) VALUES (%s, %s, 1) "  # noqa: S608
        "ON CONFLICT (key, window_start) DO UPDATE SET hits = "
        f"{table}.hits + 1 RETURNING hits"
    )
    # Autocommit, no savepoint: this runs for every public lookup. fetchall() lets SQLite
    # finish the statement, and so release its write lock, at once.
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, window_start])
        ((hits,),) = cursor.fetchall()
    if hits == 1:
        # A new window has begun for this client: windows that have ended are no longer
        # needed by anyone, so the table stays as small as the number of active clients.
        RateCounter.objects.filter(window_start__lt=window_start - window_seconds).delete()
    return RateDecision(
        allowed=hits <= limit,
        hits=hits,
        limit=limit,
        retry_after=window_start + window_seconds - now,
    )


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


def keyed_hash(value: str, *, purpose: str) -> str:
    """A keyed hash for logs: lets two log lines be matched without revealing the value."""
    return hmac.new(_purpose_key(purpose), value.encode(), hashlib.sha256).hexdigest()[:16]


@functools.cache
def _purpose_key(purpose: str) -> bytes:
    # One key per purpose, so a hash from one log cannot be matched against another's.
    return hashlib.sha256(f"{purpose}:{settings.SECRET_KEY}".encode()).digest()

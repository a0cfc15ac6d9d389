"""Writing the audit trail (audit_record) and checking it (audit_verify).

Callers pass ids and keyed hashes, never personal data: a voter is named by the voter's id
or by pengawas.core.services.keyed_hash(nik, purpose="audit"), never by NIK, name, address,
birth date or phone number. As a last line of defence audit_record masks every run of 16
digits (a NIK or NKK) in the text it stores.
"""

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from pengawas.audit.actions import Action
from pengawas.audit.models import GENESIS_HASH, AuditEntry
from pengawas.core.logging import mask_digits
from pengawas.core.services import client_address

# pg_advisory_xact_lock key that serialises appends to the chain ("AUDI").
CHAIN_LOCK_KEY = 0x41554449
# The serialised detail may not exceed this: entries are small by contract.
DETAIL_MAX_CHARS = 4000


@dataclass(frozen=True)
class AuditDraft:
    """One entry to append with audit_record_many (the same fields as audit_record's)."""

    action: Action | str
    target_type: str = ""
    target_id: str = ""
    target_label: str = ""
    detail: Mapping[str, Any] = field(default_factory=dict)


def audit_record(
    *,
    action: Action | str,
    request: HttpRequest | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain and return it.

    actor defaults to request.user (when logged in); the address comes from the request
    (pengawas.core.services.client_address). Inside a caller's transaction the entry is
    committed or rolled back with it, so the log never claims what did not happen.
    """
    draft = AuditDraft(action, target_type, target_id, target_label, detail or {})
    (entry,) = audit_record_many(drafts=[draft], request=request, actor=actor)
    return entry


def audit_user_event(
    *,
    action: Action | str,
    user: AbstractBaseUser,
    request: HttpRequest | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    detail: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """audit_record for something that happened to an account: it is the object."""
    return audit_record(
        action=action,
        request=request,
        actor=actor,
        target_type="user",
        target_id=str(user.pk),
        target_label=user.get_username(),
        detail=detail,
    )


def audit_record_many(
    *,
    drafts: Sequence[AuditDraft],
    request: HttpRequest | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
) -> list[AuditEntry]:
    """Append several entries by one actor in one go (an import of 2,278 accounts): the chain
    is locked and its end read once, and the entries are inserted together."""
    for draft in drafts:
        if draft.action not in Action.values:
            raise ValueError(f"Unknown audit action: {draft.action!r}")
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    user = actor if actor is not None and actor.is_authenticated else None
    actor_label = mask_digits(user.get_username())[:150] if user is not None else ""
    address = client_address(request)[:64] if request is not None else ""
    details = [_clean_detail(draft.detail) for draft in drafts]
    entries: list[AuditEntry] = []
    with transaction.atomic():
        _lock_chain()
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash", "at").first()
        seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
        # Taken while holding the lock, and never before the previous entry's time (a clock
        # set back holds the time still until it catches up): time never runs backwards
        # along the chain, so a range of days is a range of seq (selectors).
        at = max(timezone.now(), last[2]) if last else timezone.now()
        for draft, detail in zip(drafts, details, strict=True):
            seq += 1
            entry = AuditEntry(
                seq=seq,
                at=at,
                actor_id=user.pk if user is not None else None,
                actor_label=actor_label,
                action=str(draft.action),
                target_type=draft.target_type[:40],
                target_id=mask_digits(str(draft.target_id))[:64],
                target_label=mask_digits(draft.target_label)[:200],
                address=address,
                detail=detail,
                prev_hash=prev_hash,
            )
            entry.hash = prev_hash = entry.compute_hash()
            entries.append(entry)
        AuditEntry.objects.bulk_create(entries)
    return entries


def _lock_chain() -> None:
    """Serialise appends for the rest of the transaction, so no two share a prev_hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
    elif connection.vendor == "sqlite":
        # transaction_mode IMMEDIATE (settings.py): the transaction began with the
        # database's write lock, which no other writer can hold at the same time.
        pass
    else:  # pragma: no cover - other engines are not supported; lock the last row.
        list(AuditEntry.objects.select_for_update().order_by("-seq")[:1])


def _clean_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """Masked, JSON-normalised (as read back from either engine), and small."""
    masked = _mask(dict(detail))
    text = json.dumps(masked, sort_keys=True, ensure_ascii=True, allow_nan=False)
    if len(text) > DETAIL_MAX_CHARS:
        raise ValueError(f"Audit detail too large ({len(text)} characters)")
    # Tuples become lists, keys become strings: what the database will give back.
    normalised: dict[str, Any] = json.loads(text)
    return normalised


# A SHA-256 in hex is kept whole: one in a few hundred holds a run of 16 decimal digits,
# which the NIK mask would otherwise cut into, and a hash reveals no personal data.
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        if _SHA256_HEX.fullmatch(value):
            return value
        return mask_digits(value.replace("\x00", ""))
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return value
    if isinstance(value, int):
        text = str(value)
        masked = mask_digits(text)
        return value if masked == text else masked
    if isinstance(value, Mapping):
        return {mask_digits(str(key)): _mask(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask(item) for item in value]
    raise TypeError(f"Audit detail values must be JSON types, not {type(value).__name__}")


# Checking the chain lives in verify.py; callers may import it from here too.
from pengawas.audit.verify import audit_verify as audit_verify  # noqa: E402

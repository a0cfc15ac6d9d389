"""The audit trail: an append-only hash chain of security-relevant events.

Each entry carries the hash of the one before it (prev_hash) and its own hash over every
other field, so editing, deleting or reordering an entry breaks the chain where it happened
(`pengawas audit_verify` finds the first break). On PostgreSQL the database itself refuses
UPDATE, DELETE and TRUNCATE of the table (migration 0002); on both engines the model and
its queryset refuse them in Python.
"""

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.audit.actions import Action

# prev_hash of the first entry.
GENESIS_HASH = "0" * 64


class AuditEntryImmutable(RuntimeError):
    """Raised when code tries to change or remove an audit entry."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Jejak audit hanya dapat ditambah: {what} ditolak.")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditEntryImmutable("update()")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable("delete()")


def entry_digest(payload: dict[str, Any]) -> str:
    """sha256 (hex) of the canonical JSON of an entry's chained fields."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def chain_time(moment: datetime.datetime) -> str:
    """The timestamp as hashed: UTC, ISO 8601, always with microseconds."""
    return moment.astimezone(datetime.UTC).isoformat(timespec="microseconds")


class AuditEntry(models.Model):
    """One event. Written only by pengawas.audit.services.audit_record."""

    # The position in the chain: 1, 2, 3 ... with no gaps (appends are serialised).
    seq = models.PositiveBigIntegerField(_("nomor urut"), primary_key=True)
    at = models.DateTimeField(_("waktu"))
    # Accounts that appear in the log cannot be deleted, only deactivated.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    # The username at the time (a later rename does not rewrite history).
    actor_label = models.CharField(_("nama pengguna"), max_length=150, blank=True)
    # No choices on purpose: new actions are added without a migration (see actions.py).
    action = models.CharField(_("tindakan"), max_length=40)
    target_type = models.CharField(_("jenis objek"), max_length=40, blank=True)
    target_id = models.CharField(_("id objek"), max_length=64, blank=True)
    # Short and never personal data in clear (see audit_record).
    target_label = models.CharField(_("objek"), max_length=200, blank=True)
    address = models.CharField(_("alamat klien"), max_length=64, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("entri audit")
        verbose_name_plural = _("jejak audit")
        # The audit page filters by one of these and lists newest first (ORDER BY seq DESC):
        # each index ends with seq, so a filter walks its index backwards and stops after
        # one page, without sorting. The unfiltered page walks the primary key.
        indexes = [
            models.Index(fields=["action", "seq"], name="audit_action_seq"),
            models.Index(fields=["actor_label", "seq"], name="audit_actor_seq"),
            models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_seq"),
            # Date filters: at never decreases along seq (audit_record), so a range of days
            # becomes a range of seq found by two probes of this index (selectors.py).
            models.Index(fields=["at", "seq"], name="audit_at_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryImmutable("save() of an existing entry")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable("delete()")

    @property
    def action_label(self) -> str:
        return str(Action(self.action).label) if self.action in Action.values else self.action

    @property
    def detail_text(self) -> str:
        """The detail for people: compact JSON, keys sorted, letters as they are."""
        return json.dumps(self.detail, sort_keys=True, ensure_ascii=False) if self.detail else ""

    def chain_payload(self, *, seq: int | None = None) -> dict[str, Any]:
        """Every field except hash, as hashed (seq may be overridden to test a move)."""
        return {
            "seq": self.seq if seq is None else seq,
            "at": chain_time(self.at),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_label": self.target_label,
            "address": self.address,
            "detail": self.detail,
            "prev_hash": self.prev_hash,
        }

    def compute_hash(self, *, seq: int | None = None) -> str:
        return entry_digest(self.chain_payload(seq=seq))

"""The Putung checklist's rules: what a mark may be, and the Form A paragraph a step marked
not compliant drafts. Pure functions; the phone runs the same fill (guide-checklist.js)."""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MARKS = ("sesuai", "tidak_sesuai", "tidak_berlaku", "")
NOTE_MAX = 2000
JAKARTA = ZoneInfo("Asia/Jakarta")
MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
_FIELD = re.compile(r"\{(tps|waktu|catatan)\}")


class MarkRefused(ValueError):
    pass


@dataclass(frozen=True)
class IncomingMark:
    check_id: str
    mark: str
    note: str
    marked_at: datetime.datetime


def time_words(moment: datetime.datetime) -> str:
    """9 Desember 2020 pukul 10.15 WIB (Form A is written in words a reader trusts)."""
    local = moment.astimezone(JAKARTA)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} pukul {local:%H.%M} WIB"


def form_a_paragraph(
    *, template: str, tps_label: str, marked_at: datetime.datetime, note: str
) -> str:
    values = {
        "tps": tps_label,
        "waktu": time_words(marked_at),
        "catatan": note.strip() or "-",
    }
    return _FIELD.sub(lambda match: values[match.group(1)], template)


def mark_parse(raw: object, *, known_checks: set[str], now: datetime.datetime) -> IncomingMark:
    """One mark as the phone sends it; MarkRefused says why in Bahasa Indonesia."""
    if not isinstance(raw, dict):
        raise MarkRefused("butir harus berupa objek JSON")
    check_id = raw.get("check_id")
    if not isinstance(check_id, str) or check_id not in known_checks:
        raise MarkRefused(f"butir periksa tidak dikenal: {check_id!r}")
    mark = raw.get("mark", "")
    if mark not in MARKS:
        raise MarkRefused(
            f"tanda harus salah satu dari sesuai, tidak_sesuai, tidak_berlaku: {mark!r}"
        )
    note = raw.get("note", "")
    if not isinstance(note, str) or len(note) > NOTE_MAX:
        raise MarkRefused(f"catatan harus teks paling panjang {NOTE_MAX} karakter")
    try:
        marked_at = datetime.datetime.fromisoformat(str(raw.get("marked_at", "")))
    except ValueError:
        raise MarkRefused("waktu penandaan tidak terbaca (format ISO 8601)") from None
    if marked_at.tzinfo is None:
        raise MarkRefused("waktu penandaan harus menyertakan zona waktu")
    # A phone's clock may run ahead; a mark from "the future" would win every later one.
    return IncomingMark(check_id, str(mark), note, min(marked_at, now))

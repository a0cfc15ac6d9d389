"""The statuses of an enforcement case and the moves between them: a pure state machine.

The steps follow Perbawaslu 8/2020 on Penanganan Pelanggaran Pemilihan (as amended by
Perbawaslu 9/2024): a laporan is received (Formulir Model A.1), examined in a kajian awal for
its syarat formil and materiil, then registered or not registered; a registered case goes
through klarifikasi (pelapor, saksi, terlapor are invited) and kajian, and the pleno decides:
forwarded (diteruskan) to the body that can act on it, or stopped (dihentikan). A temuan (the
supervisors' own finding) follows the same steps.

Nothing here touches the database: `move_check` raises a coded CaseMoveError for every move
outside the machine.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DITERIMA = "diterima", _("Diterima")
    KAJIAN_AWAL = "kajian_awal", _("Kajian awal")
    DIREGISTRASI = "diregistrasi", _("Diregistrasi")
    TIDAK_DIREGISTRASI = "tidak_diregistrasi", _("Tidak diregistrasi")
    KLARIFIKASI = "klarifikasi", _("Klarifikasi")
    KAJIAN = "kajian", _("Kajian")
    DITERUSKAN = "diteruskan", _("Diteruskan")
    DIHENTIKAN = "dihentikan", _("Dihentikan")


class Destination(models.TextChoices):
    """Where a case is forwarded, by the kind of violation (facts §6): administrasi to KPU
    (rekomendasi), tindak pidana pemilihan to Sentra Gakkumdu (UU Pemilihan Pasal 152),
    kode etik penyelenggara to DKPP, other laws to the competent body (e.g. KASN)."""

    KPU = "kpu", _("KPU")
    GAKKUMDU = "gakkumdu", _("Sentra Gakkumdu")
    DKPP = "dkpp", _("DKPP")
    OTHER = "lain", _("Instansi lain")


# The allowed moves. Ends: tidak_diregistrasi, diteruskan, dihentikan.
MOVES: dict[str, tuple[str, ...]] = {
    Status.DITERIMA: (Status.KAJIAN_AWAL,),
    Status.KAJIAN_AWAL: (Status.DIREGISTRASI, Status.TIDAK_DIREGISTRASI),
    Status.DIREGISTRASI: (Status.KLARIFIKASI,),
    Status.KLARIFIKASI: (Status.KAJIAN,),
    Status.KAJIAN: (Status.DITERUSKAN, Status.DIHENTIKAN),
    Status.TIDAK_DIREGISTRASI: (),
    Status.DITERUSKAN: (),
    Status.DIHENTIKAN: (),
}
ENDS = frozenset(status for status, targets in MOVES.items() if not targets)
# Moves that must say why (the pemberitahuan status tells the pelapor the reasons).
NEEDS_REASON = frozenset({Status.TIDAK_DIREGISTRASI, Status.DIHENTIKAN})
# Statuses reached only by a decision (after a registration the decision deadline runs).
DECIDED = frozenset({Status.DITERUSKAN, Status.DIHENTIKAN})
REGISTERED = frozenset({Status.DIREGISTRASI, Status.KLARIFIKASI, Status.KAJIAN}) | DECIDED


class CaseMoveError(Exception):
    """A move the machine does not allow; `code` is stable, `message` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Move:
    """One proposed move, as the user asked for it."""

    current: str
    target: str
    on: datetime.datetime
    last_on: datetime.datetime | None = None  # the date/time of the case's latest event
    now: datetime.datetime | None = None  # to refuse moves dated in the future
    destination: str = ""
    destination_name: str = ""
    note: str = ""


def next_statuses(current: str) -> tuple[str, ...]:
    """Where a case in this status may go next (empty at an end)."""
    try:
        return MOVES[current]
    except KeyError:
        raise CaseMoveError("status.unknown", str(_("Status tidak dikenal."))) from None


def move_check(move: Move) -> None:
    """Raise CaseMoveError unless the move is allowed, completely described and dated.

    Codes: status.unknown, move.not_allowed, move.from_end, move.reason_required,
    move.destination_required, move.destination_name_required, move.destination_unexpected,
    move.before_last, move.in_future.
    """
    targets = next_statuses(move.current)
    if move.target not in MOVES:
        raise CaseMoveError("status.unknown", str(_("Status tujuan tidak dikenal.")))
    if not targets:
        raise CaseMoveError(
            "move.from_end", str(_("Perkara sudah selesai; statusnya tidak dapat diubah lagi."))
        )
    if move.target not in targets:
        raise CaseMoveError(
            "move.not_allowed",
            str(_("Perpindahan status ini tidak diizinkan dari status sekarang.")),
        )
    if move.target in NEEDS_REASON and not move.note.strip():
        raise CaseMoveError("move.reason_required", str(_("Tuliskan alasannya.")))
    if move.target == Status.DITERUSKAN:
        if move.destination not in Destination.values:
            raise CaseMoveError(
                "move.destination_required", str(_("Pilih instansi tujuan penerusan."))
            )
        if move.destination == Destination.OTHER and not move.destination_name.strip():
            raise CaseMoveError(
                "move.destination_name_required", str(_("Tuliskan nama instansi tujuan."))
            )
    elif move.destination or move.destination_name.strip():
        raise CaseMoveError(
            "move.destination_unexpected",
            str(_("Instansi tujuan hanya diisi ketika perkara diteruskan.")),
        )
    if move.last_on is not None and move.on < move.last_on:
        raise CaseMoveError(
            "move.before_last",
            str(_("Tanggal langkah ini tidak boleh sebelum langkah sebelumnya.")),
        )
    if move.now is not None and move.on > move.now:
        raise CaseMoveError("move.in_future", str(_("Tanggal langkah ini belum terjadi.")))

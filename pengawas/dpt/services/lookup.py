"""The public Cek DPT: look a NIK up in the current voter list of every election.

Privacy rules kept here, so that every caller (page, API) gets them for free:
- only exactly 16 digits are ever looked up (no partial NIK, no wildcard);
- the answer carries the masked name, TPS, desa and kecamatan, never the NIK, NKK, birth
  date or address;
- a known and an unknown NIK cost the same queries and produce answers of the same shape
  (one entry per election that has a voter list).
"""

import datetime
import re
import time
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from pengawas.core.logging import mask_digits
from pengawas.dpt.models import Snapshot, Stage
from pengawas.dpt.names import mask_name
from pengawas.dpt.selectors import snapshots_public
from pengawas.elections.models import Election, Kind

NIK_LENGTH = 16
# Separators people type or paste from a scanned card: spaces (also non-breaking), dots,
# hyphens. Nothing else is removed; whatever remains must be exactly 16 ASCII digits.
_SEPARATORS = re.compile(r"[\s.\-]+")
_ASCII_DIGITS = re.compile(r"[0-9]+")
# Longer input is refused before any other work: nobody types a NIK this long.
_MAX_RAW_LENGTH = 64

# The list on which an eligible person who is not registered is written down when they
# vote with their KTP-el in the last hour: DPTb in Pilkada 2020, DPK in Pemilu 2019/2024.
KTP_EL_LIST: dict[str, str] = {Kind.PILKADA: "DPTb", Kind.PEMILU: "DPK"}
# Marked for translation here, translated when an answer is built (see ktp_el_voting).
KTP_EL_LIST_NAME: dict[str, str] = {
    "DPTb": gettext_noop("Daftar Pemilih Tambahan"),
    "DPK": gettext_noop("Daftar Pemilih Khusus"),
}


class NikInvalid(Exception):
    """The input is not a NIK; `code` is stable for API clients, `message` is for people."""

    def __init__(self, *, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


def nik_clean(*, raw: str) -> str:
    """The 16-digit NIK in raw input, or NikInvalid saying what is wrong (active language)."""
    if len(raw) > _MAX_RAW_LENGTH:
        raise NikInvalid(
            code="nik_length",
            message=_("NIK harus tepat 16 digit angka. Isian Anda terlalu panjang."),
        )
    nik = _SEPARATORS.sub("", raw)
    if not nik:
        raise NikInvalid(
            code="nik_required",
            message=_("Masukkan NIK Anda: 16 digit angka yang tertera di KTP-el atau KK."),
        )
    if not _ASCII_DIGITS.fullmatch(nik):
        raise NikInvalid(
            code="nik_not_digits",
            message=_(
                "NIK hanya berisi angka 0 sampai 9. Periksa kembali: jangan ada huruf "
                "atau tanda lain."
            ),
        )
    if len(nik) != NIK_LENGTH:
        raise NikInvalid(
            code="nik_length",
            message=_(
                "NIK harus tepat 16 digit angka; yang Anda ketik %(count)d digit. "
                "Periksa kembali pada KTP-el atau KK Anda."
            )
            % {"count": len(nik)},
        )
    return nik


def nik_mask(*, nik: str) -> str:
    """A NIK as it may be shown back: "3505********0001"."""
    return mask_digits(nik)


@dataclass(frozen=True)
class KtpElVoting:
    """How an eligible, unregistered person can still vote: with KTP-el, in the last hour."""

    list_code: str  # "DPTb" (Pilkada) or "DPK" (Pemilu)
    list_name: str
    starts: datetime.time
    ends: datetime.time


def ktp_el_voting(*, election: Election) -> KtpElVoting:
    """The last hour of voting, derived from the election's closing time (13:00 → 12:00)."""
    closes, opens = election.voting_closes, election.voting_opens
    day = election.voting_day
    hour_before = datetime.datetime.combine(day, closes) - datetime.timedelta(hours=1)
    # Never before the polls open (a day shorter than an hour is not a real case).
    start_time = max(hour_before.time(), opens) if hour_before.date() == day else opens
    code = KTP_EL_LIST.get(election.kind, "DPTb")
    return KtpElVoting(
        list_code=code, list_name=_(KTP_EL_LIST_NAME[code]), starts=start_time, ends=closes
    )


@dataclass(frozen=True)
class PublicEntry:
    """The answer for one election. Every field exists whether or not the NIK was found."""

    election: Election
    stage: str
    # False when the election's current list came without NIKs (e.g. the 7-column soft
    # copy): such a list cannot be checked by NIK, and "not found" would mislead.
    searchable: bool
    found: bool
    name: str | None  # masked
    tps: str | None  # "TPS 003"
    desa: str | None
    kecamatan: str | None
    ktp_el: KtpElVoting

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage

    @property
    def stage_is_final(self) -> bool:
        return self.stage == Stage.DPT


@dataclass(frozen=True)
class PublicLookup:
    nik_masked: str
    entries: tuple[PublicEntry, ...]

    @property
    def found(self) -> bool:
        return any(entry.found for entry in self.entries)

    @property
    def found_count(self) -> int:
        return sum(entry.found for entry in self.entries)

    @property
    def message(self) -> str:
        if not self.entries:
            return _("Belum ada daftar pemilih yang dapat dicek saat ini.")
        if self.found:
            return _(
                "NIK terdaftar sebagai pemilih. Pastikan nama yang disamarkan sesuai dengan "
                "nama Anda, lalu datang ke TPS yang tertera dengan membawa KTP-el."
            )
        return _(
            "NIK tidak ditemukan di daftar pemilih. Periksa kembali 16 digit NIK pada KTP-el "
            "atau KK, lalu hubungi PPS di desa/kelurahan, PPK di kecamatan, atau KPU "
            "Kabupaten/Kota. Jika Anda memenuhi syarat, Anda tetap dapat memilih dengan "
            "KTP-el di TPS sesuai alamat pada KTP-el pada jam terakhir pemungutan suara, "
            "selama surat suara masih tersedia."
        )


# Every public lookup needs the current snapshot of each election. They change only when a
# list is imported or an election edited, so each process keeps them for a moment, and
# forgets them at once when this process saves a Snapshot or an Election (signals in
# apps.py); another process sees a change within PUBLIC_SNAPSHOTS_TTL seconds.
PUBLIC_SNAPSHOTS_TTL = 2.0
_snapshots_cache: tuple[float, list[Snapshot]] | None = None


def snapshots_public_forget(**_: object) -> None:
    global _snapshots_cache
    _snapshots_cache = None


def snapshots_public_current() -> list[Snapshot]:
    """selectors.snapshots_public(), kept for PUBLIC_SNAPSHOTS_TTL seconds."""
    global _snapshots_cache
    now = time.monotonic()
    if _snapshots_cache is None or now - _snapshots_cache[0] >= PUBLIC_SNAPSHOTS_TTL:
        _snapshots_cache = (now, snapshots_public())
    return _snapshots_cache[1]


# Raw SQL: this runs for every public lookup, and the ORM would cost more than the query.
_VOTERS_SQL = (
    "SELECT snapshot_id, name, tps_id FROM dpt_voter "
    "WHERE nik = %s AND snapshot_id IN ({ids}) ORDER BY snapshot_id, source_line"
)
_TPS_PLACE_SQL = (
    "SELECT t.number, d.name, k.name FROM elections_tps t "
    "JOIN regions_region d ON d.code = t.village_id "
    "LEFT JOIN regions_region k ON k.code = d.parent_id WHERE t.id = %s"
)
# Where each TPS is (number, desa, kecamatan): fixed once the TPS exists, so each process
# keeps what it has looked up, for at most TPS_PLACES_TTL seconds, and forgets it when it
# saves a TPS or a region itself (signals in apps.py). On PostgreSQL the join costs more
# than the lookup of the voter itself.
TPS_PLACES_TTL = 600.0
_tps_places: dict[int, tuple[int, str, str | None]] = {}
_tps_places_since = 0.0


def tps_places_forget(**_: object) -> None:
    global _tps_places_since
    _tps_places.clear()
    _tps_places_since = time.monotonic()


def _tps_place(tps_id: int) -> tuple[int, str, str | None]:
    if time.monotonic() - _tps_places_since > TPS_PLACES_TTL:
        tps_places_forget()
    place = _tps_places.get(tps_id)
    if place is None:
        with connection.cursor() as cursor:
            cursor.execute(_TPS_PLACE_SQL, [tps_id])
            number, desa, kecamatan = cursor.fetchone()
        place = _tps_places[tps_id] = (number, desa, kecamatan)
    return place


def voter_lookup_public(*, nik: str) -> PublicLookup:
    """Look an already cleaned NIK (see nik_clean) up in every election's current list.

    One query whatever the answer: the voters with this NIK in the current snapshots (the
    (nik, snapshot) index). The current snapshots and the places of the TPS come from short
    per-process caches (the first answer naming a TPS in a process reads its place).
    """
    if len(nik) != NIK_LENGTH or not _ASCII_DIGITS.fullmatch(nik):
        raise NikInvalid(code="nik_length", message=_("NIK harus tepat 16 digit angka."))
    snapshots = snapshots_public_current()
    searchable_ids = [s.pk for s in snapshots if s.has_field("nik")]
    found: dict[int, tuple[str, int]] = {}
    if searchable_ids:
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(searchable_ids))
            cursor.execute(_VOTERS_SQL.format(ids=marks), [nik, *searchable_ids])
            for snapshot_id, name, tps_id in cursor.fetchall():
                # A NIK listed twice in one list (data ganda) still gives one answer per
                # election: the first row in file order.
                found.setdefault(snapshot_id, (name, tps_id))
    entries = []
    for snapshot in snapshots:
        row = found.get(snapshot.pk)
        place = _tps_place(row[1]) if row else None
        entries.append(
            PublicEntry(
                election=snapshot.election,
                stage=snapshot.stage,
                searchable=snapshot.pk in searchable_ids,
                found=row is not None,
                name=mask_name(row[0]) if row else None,
                tps=f"TPS {place[0]:03d}" if place else None,
                desa=place[1] if place else None,
                kecamatan=place[2] if place else None,
                ktp_el=ktp_el_voting(election=snapshot.election),
            )
        )
    return PublicLookup(nik_masked=nik_mask(nik=nik), entries=tuple(entries))


def _hhmm(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def public_lookup_json(*, lookup: PublicLookup) -> dict[str, Any]:
    """The API answer (schema LookupResponse in dpt/openapi.py): the same keys whatever
    was found, and one entry per election."""
    return {
        "nik": lookup.nik_masked,
        "results": [
            {
                "election": {
                    "code": entry.election.code,
                    "name": entry.election.name,
                    "kind": entry.election.kind,
                    "voting_day": entry.election.voting_day.isoformat(),
                    "voting_opens": _hhmm(entry.election.voting_opens),
                    "voting_closes": _hhmm(entry.election.voting_closes),
                    "ktp_el_voting": {
                        "list": entry.ktp_el.list_code,
                        "list_name": entry.ktp_el.list_name,
                        "from": _hhmm(entry.ktp_el.starts),
                        "until": _hhmm(entry.ktp_el.ends),
                    },
                },
                "stage": entry.stage,
                "searchable": entry.searchable,
                "found": entry.found,
                "name": entry.name,
                "tps": entry.tps,
                "desa": entry.desa,
                "kecamatan": entry.kecamatan,
            }
            for entry in lookup.entries
        ],
        "message": lookup.message,
    }

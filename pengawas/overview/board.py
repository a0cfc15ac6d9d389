"""The live overview: one row per TPS of the user's area, with what the other apps know.

Everything is read in bulk (sources.py): one query for the TPS and a fixed number per source,
whatever the number of TPS, so a kabupaten's 2,278 TPS render in one request. The counts at
the top are taken over the TPS of the chosen area (kecamatan/desa), before the state filter,
so each count is also the size of the list its link opens.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election, Tps
from pengawas.overview import sources
from pengawas.overview.sources import FormAState, IncidentState

# Form A statuses that mean the PTPS has reported (a draft has not been sent).
REPORTED = frozenset({"submitted", "returned", "confirmed"})
FORM_A_LABELS = {
    None: _("belum ada"),
    "draft": _("draf"),
    "submitted": _("terkirim"),
    "returned": _("dikembalikan"),
    "confirmed": _("dikonfirmasi"),
}
SHEET_LABELS = {
    "none": _("belum ada"),
    "ok": _("sesuai"),
    "warnings": _("ada peringatan"),
    "errors": _("ada kesalahan"),
    "mismatch": _("entri PTPS dan PKD berbeda"),
}
# The state filter (GET "keadaan"): slug → label, in the order of the counts at the top.
STATES: dict[str, object] = {
    "belum-lapor": _("Belum lapor"),
    "sudah-lapor": _("Sudah lapor"),
    "belum-c-hasil": _("Belum ada C.Hasil"),
    "ada-kesalahan": _("Ada kesalahan C.Hasil"),
    "ada-peringatan": _("Ada peringatan C.Hasil"),
    "ada-keberatan": _("Ada keberatan"),
    "dugaan-pelanggaran": _("Dugaan pelanggaran"),
    "dugaan-sengketa": _("Dugaan sengketa"),
    "ada-kejadian": _("Ada kejadian"),
    "dasar-hitung-ulang": _("Dasar penghitungan suara ulang"),
    "dasar-psu": _("Dasar pemungutan suara ulang (PSU)"),
}


@dataclass(frozen=True)
class Row:
    tps_id: int
    number: int
    village_code: str
    village_name: str
    district_code: str
    district_name: str
    form_a: FormAState
    sheet: str
    incidents: IncidentState
    states: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"TPS {self.number:03d}"

    @property
    def form_a_label(self) -> object:
        return FORM_A_LABELS.get(self.form_a.status, self.form_a.status or "")

    @property
    def sheet_label(self) -> object:
        return SHEET_LABELS.get(self.sheet, self.sheet)


@dataclass(frozen=True)
class Board:
    rows: list[Row]  # after the state filter
    total: int  # TPS in the chosen area
    counts: dict[str, int]  # state → TPS in the chosen area
    available: dict[str, bool]


NO_FORM_A = FormAState(status=None)
NO_INCIDENTS = IncidentState(count=0, recount=False, revote=False)


def row_states(form_a: FormAState, sheet: str, incidents: IncidentState) -> frozenset[str]:
    states = {"sudah-lapor" if form_a.status in REPORTED else "belum-lapor"}
    if sheet == "none":
        states.add("belum-c-hasil")
    elif sheet in ("errors", "mismatch"):
        states.add("ada-kesalahan")
    elif sheet == "warnings":
        states.add("ada-peringatan")
    for flag, state in (
        ("keberatan", "ada-keberatan"),
        ("pelanggaran", "dugaan-pelanggaran"),
        ("sengketa", "dugaan-sengketa"),
    ):
        if flag in form_a.flags:
            states.add(state)
    if incidents.count:
        states.add("ada-kejadian")
    if incidents.recount:
        states.add("dasar-hitung-ulang")
    if incidents.revote:
        states.add("dasar-psu")
    return frozenset(states)


def board_build(*, election: Election, tps: QuerySet[Tps], state: str = "") -> Board:
    """The rows of the TPS in `tps` (already narrowed to the user's area and filters)."""
    places = list(
        tps.order_by("village__parent_id", "village_id", "number").values_list(
            "id", "number", "village_id", "village__name", "village__parent_id",
            "village__parent__name",
        )
    )  # fmt: skip
    ids: Sequence[int] = [place[0] for place in places]
    form_a = sources.form_a_states(ids)
    sheets = sources.sheet_statuses(ids)
    incidents = sources.incident_states(ids, election_kind=election.kind)
    rows: list[Row] = []
    counts: Counter[str] = Counter()
    for tps_id, number, village, village_name, district, district_name in places:
        report = form_a.get(tps_id, NO_FORM_A)
        sheet = sheets.get(tps_id, "none")
        happened = incidents.get(tps_id, NO_INCIDENTS)
        states = row_states(report, sheet, happened)
        counts.update(states)
        if state and state not in states:
            continue
        rows.append(
            Row(tps_id, number, village, village_name, district or "", district_name or "",
                report, sheet, happened, states)
        )  # fmt: skip
    return Board(
        rows=rows,
        total=len(places),
        counts={slug: counts.get(slug, 0) for slug in STATES},
        available=sources.available(),
    )

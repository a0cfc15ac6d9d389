"""What the overview reads from the other voting-day apps: one adapter per source.

Each adapter answers for many TPS at once (a kabupaten has 2,278), with a fixed number of
queries whatever the number of TPS, and means exactly what the app's own contract function
means for one TPS (tests/test_sources.py compares them):

- Form A (pengawas/form_a): `form_a_status(tps=…)` and `form_a_flags(tps=…)`;
- C.Hasil-KWK (pengawas/tally): `sheet_status(tps=…)`, the votes of `sheet_latest(tps=…)`,
  and the paslon (`Candidate`);
- incidents (pengawas/incidents): the number recorded and `tps_grounds(tps=…)`.

An app that has not landed yet answers nothing (`WIRED`): the page says so.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election
from pengawas.form_a.models import FormA
from pengawas.form_a.models import Status as FormAStatus
from pengawas.form_a.report import report_flags
from pengawas.incidents.grounds import IncidentError, ulang_check
from pengawas.incidents.models import Incident
from pengawas.tally.checks import sheet_differences
from pengawas.tally.models import Candidate, Entry, ResultSheet

StrOrPromise = str | Promise
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FormAState:
    status: str | None  # draft / submitted / returned / confirmed; None: none written
    flags: frozenset[str] = field(default_factory=frozenset)  # pelanggaran, sengketa, keberatan
    form_id: int | None = None  # the latest report (its page: form-a-detail)


@dataclass(frozen=True)
class IncidentState:
    count: int  # incidents recorded at the TPS
    recount: bool  # grounds for penghitungan suara ulang
    revote: bool  # grounds for pemungutan suara ulang


@dataclass(frozen=True)
class Votes:
    """The suara part of one C.Hasil-KWK copy or of KPU's recap for a TPS."""

    paslon: dict[str, int]
    sah: int | None
    tidak_sah: int | None


# Which sources the adapters below read (an app being written may not have landed yet).
WIRED = {"form_a": True, "tally": True, "incidents": True}


def available() -> dict[str, bool]:
    return dict(WIRED)


# The parts of a Form A that form_a.report.report_flags reads.
FLAG_PARTS = ("pelanggaran", "sengketa", "keberatan")


def form_a_states(tps_ids: Sequence[int]) -> dict[int, FormAState]:
    """Form A status and flags per TPS; TPS without a Form A are left out.

    As form_a.services: the status is that of the latest report (updated_at, then id); the
    flags are those of all reports sent (not drafts)."""
    latest: dict[int, tuple[Any, int, str]] = {}
    flags: dict[int, set[str]] = {}
    for chunk in _chunks(tps_ids):
        # Only the parts the flags read leave the database, not the report's long texts.
        rows = FormA.objects.filter(tps_id__in=chunk).values_list(
            "tps_id", "pk", "updated_at", "status", *(f"data__{part}" for part in FLAG_PARTS)
        )
        for tps_id, pk, updated_at, status, *parts in rows.iterator(chunk_size=2000):
            if tps_id not in latest or (updated_at, pk) > latest[tps_id][:2]:
                latest[tps_id] = (updated_at, pk, status)
            if status != FormAStatus.DRAFT:
                data = {k: v for k, v in zip(FLAG_PARTS, parts, strict=True) if v is not None}
                flags.setdefault(tps_id, set()).update(report_flags(data))
    return {
        tps_id: FormAState(status, frozenset(flags.get(tps_id, ())), form_id=pk)
        for tps_id, (_when, pk, status) in latest.items()
    }


def sheet_statuses(tps_ids: Sequence[int]) -> dict[int, str]:
    """sheet_status per TPS ("none", "ok", "warnings", "errors", "mismatch"), as
    tally.services.status_of: the two entries differ → "mismatch"; else the latest entry's
    result. Only the TPS with both entries have their figures read."""
    results: dict[int, dict[str, str]] = {}
    for chunk in _chunks(tps_ids):
        rows = ResultSheet.objects.filter(tps_id__in=chunk).values_list("tps_id", "entry", "result")
        for tps_id, entry, result in rows:
            results.setdefault(tps_id, {})[entry] = result
    both = [tps_id for tps_id, entries in results.items() if len(entries) == 2]
    figures: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(both):
        rows = ResultSheet.objects.filter(tps_id__in=chunk).values_list("tps_id", "entry", "data")
        for tps_id, entry, data in rows:
            figures.setdefault(tps_id, {})[entry] = data
    statuses = dict.fromkeys(tps_ids, "none")
    for tps_id, entries in results.items():
        pair = figures.get(tps_id, {})
        if (
            Entry.PTPS in pair
            and Entry.PKD in pair
            and sheet_differences(pair[Entry.PTPS], pair[Entry.PKD])
        ):
            statuses[tps_id] = "mismatch"
        else:
            statuses[tps_id] = entries.get(Entry.PTPS) or entries[Entry.PKD]
    return statuses


def incident_states(tps_ids: Sequence[int], *, election_kind: str) -> dict[int, IncidentState]:
    """Incidents and recount/re-vote grounds per TPS (as incidents.services.tps_grounds: the
    pure ulang_check over the TPS's incidents); TPS without incidents are left out."""
    recorded: dict[int, list[dict[str, Any]]] = {}
    for chunk in _chunks(tps_ids):
        rows = (
            Incident.objects.filter(tps_id__in=chunk)
            .order_by("tps_id", "occurred_at", "pk")
            .values_list("tps_id", "code", "count")
        )
        for tps_id, code, count in rows:
            recorded.setdefault(tps_id, []).append({"code": code, "count": count})
    states: dict[int, IncidentState] = {}
    for tps_id, incidents in recorded.items():
        try:
            grounds = ulang_check(election_kind=election_kind, incidents=incidents)
        except IncidentError:
            logger.warning("TPS %s: incidents the grounds cannot read", tps_id)
            grounds = {"recount": {"grounded": False}, "revote": {"grounded": False}}
        states[tps_id] = IncidentState(
            count=len(incidents),
            recount=bool(grounds["recount"]["grounded"]),
            revote=bool(grounds["revote"]["grounded"]),
        )
    return states


def _whole_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def votes_of(data: Any) -> Votes:
    """The "suara" part of a sheet; figures that are not whole numbers count as missing."""
    suara = data.get("suara") if isinstance(data, dict) else None
    suara = suara if isinstance(suara, dict) else {}
    paslon = suara.get("paslon")
    paslon = paslon if isinstance(paslon, dict) else {}
    return Votes(
        paslon={str(k): v for k, v in paslon.items() if _whole_or_none(v) is not None},
        sah=_whole_or_none(suara.get("sah")),
        tidak_sah=_whole_or_none(suara.get("tidak_sah")),
    )


def sheet_votes(tps_ids: Sequence[int]) -> dict[int, Votes]:
    """The votes of the latest sheet per TPS (the PTPS's entry, else the PKD's: as
    tally.services.sheet_latest)."""
    latest: dict[int, tuple[str, Any]] = {}
    for chunk in _chunks(tps_ids):
        # Only the "suara" part leaves the database.
        for tps_id, entry, suara in ResultSheet.objects.filter(tps_id__in=chunk).values_list(
            "tps_id", "entry", "data__suara"
        ):
            if tps_id not in latest or entry == Entry.PTPS:
                latest[tps_id] = (entry, suara)
    return {tps_id: votes_of({"suara": suara}) for tps_id, (_entry, suara) in latest.items()}


def candidates(election: Election) -> list[tuple[int, str]]:
    """The paslon of the election as (number, name), by number."""
    return list(
        Candidate.objects.filter(election=election).order_by("number").values_list("number", "name")
    )


# Ids per query: under SQLite's and PostgreSQL's parameter limits, a kabupaten in 3 queries.
CHUNK = 1000


def _chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + CHUNK] for start in range(0, len(ids), CHUNK)]


# The pages of one TPS in the other apps: (URL name, label); a name not (yet) in the project's
# URLs is left out.
TPS_PAGES: tuple[tuple[str, StrOrPromise], ...] = (
    ("tally-tps", _("C.Hasil")),
    ("incidents-tps", _("Kejadian")),
    ("dpt-tps-list", _("DPT")),
)
_PLACEHOLDER = 987654321


def form_link_pattern() -> str:
    """The URL of one Form A, with "{id}" for its id ("" while form_a has no such page)."""
    try:
        return reverse("form-a-detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{id}")
    except NoReverseMatch:
        return ""


def tps_link_patterns() -> list[tuple[str, str]]:
    """(label, URL with "{id}" for the TPS's id): reversed once per page, not once per TPS."""
    patterns = []
    for name, label in TPS_PAGES:
        try:
            url = reverse(name, args=[_PLACEHOLDER])
        except NoReverseMatch:
            continue
        patterns.append((str(label), url.replace(str(_PLACEHOLDER), "{id}")))
    return patterns

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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election
from pengawas.tally.models import Candidate, Entry, ResultSheet

StrOrPromise = str | Promise


@dataclass(frozen=True)
class FormAState:
    status: str | None  # draft / submitted / returned / confirmed; None: none written
    flags: frozenset[str] = field(default_factory=frozenset)  # pelanggaran, sengketa, keberatan


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
WIRED = {"form_a": False, "tally": False, "incidents": False}


def available() -> dict[str, bool]:
    return dict(WIRED)


def form_a_states(tps_ids: Sequence[int]) -> dict[int, FormAState]:
    """Form A status and flags per TPS; TPS without a Form A are left out."""
    return {}


def sheet_statuses(tps_ids: Sequence[int]) -> dict[int, str]:
    """sheet_status per TPS ("ok", "warnings", "errors", "mismatch"); missing: "none"."""
    return {}


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
        for tps_id, entry, data in ResultSheet.objects.filter(tps_id__in=chunk).values_list(
            "tps_id", "entry", "data"
        ):
            if tps_id not in latest or entry == Entry.PTPS:
                latest[tps_id] = (entry, data)
    return {tps_id: votes_of(data) for tps_id, (_entry, data) in latest.items()}


def incident_states(tps_ids: Sequence[int], *, election_kind: str) -> dict[int, IncidentState]:
    """Incidents and recount/re-vote grounds per TPS; TPS without incidents are left out."""
    return {}


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
TPS_PAGES: tuple[tuple[str, StrOrPromise], ...] = (("dpt-tps-list", _("DPT")),)
_PLACEHOLDER = 987654321


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

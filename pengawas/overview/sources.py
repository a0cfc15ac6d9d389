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

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from pengawas.elections.models import Election

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


def sheet_votes(tps_ids: Sequence[int]) -> dict[int, Votes]:
    """The votes of the latest sheet per TPS (the PTPS's entry, else the PKD's)."""
    return {}


def incident_states(tps_ids: Sequence[int], *, election_kind: str) -> dict[int, IncidentState]:
    """Incidents and recount/re-vote grounds per TPS; TPS without incidents are left out."""
    return {}


def candidates(election: Election) -> list[tuple[int, str]]:
    """The paslon of the election as (number, name), by number."""
    return []


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

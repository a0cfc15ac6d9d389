"""Who may see and enter C.Hasil-KWK sheets: the one place of the tally's access rules.

A PTPS enters the sheet of their own TPS (UU 1/2015 Pasal 23: one Pengawas TPS per TPS; the
PTPS receives a copy of the result, the C.Hasil Salinan-KWK). A PKD enters the same sheet for
a TPS of their desa, independently (double entry); a PKD, Panwascam and Bawaslu read the
sheets of the TPS in their area (pengawas/dpt/rules.tps_visible). Bawaslu Kabupaten/Kota
registers the paslon of an election. Outside the area a TPS does not exist (404).
"""

from django.db.models import QuerySet

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.dpt.rules import elections_visible, tps_visible
from pengawas.elections.models import Election, Tps


def can_use_tally(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None


def can_enter_own_sheet(jurisdiction: Jurisdiction | None) -> bool:
    """The PTPS's entry for their TPS."""
    return (
        jurisdiction is not None
        and jurisdiction.role == Role.PTPS
        and jurisdiction.tps_id is not None
    )


def can_enter_second_sheet(jurisdiction: Jurisdiction | None) -> bool:
    """The PKD's independent entry for a TPS of their desa (the TPS is checked by tps_of)."""
    return jurisdiction is not None and jurisdiction.role == Role.PKD


def tps_of(jurisdiction: Jurisdiction, tps: QuerySet[Tps]) -> QuerySet[Tps]:
    """The TPS whose sheets the jurisdiction may read."""
    return tps_visible(jurisdiction, tps)


def can_manage_candidates(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.is_bawaslu


def elections_of(jurisdiction: Jurisdiction, elections: QuerySet[Election]) -> QuerySet[Election]:
    return elections_visible(jurisdiction, elections)

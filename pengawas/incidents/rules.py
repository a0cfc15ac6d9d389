"""Who may record and read incidents at a TPS: the one place of the incidents' access rules.

The issue: "The PTPS or Panwascam records incidents at a TPS". A PTPS records at their own
TPS (UU 1/2015 Pasal 23: one Pengawas TPS per TPS); the PKD, who helps the Panwaslu
Kecamatan research the incident, at the TPS of their desa; the Panwaslu Kecamatan at the TPS
of their kecamatan; Bawaslu Kabupaten/Kota (and the administrator) anywhere in their
kabupaten/kota. A TPS outside the user's area does not exist for them (404), as everywhere
else (dpt/rules.tps_visible is the same scoping).
"""

from django.db.models import QuerySet

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.dpt.rules import tps_visible
from pengawas.elections.models import Tps


def can_use_incidents(jurisdiction: Jurisdiction | None) -> bool:
    """Every supervisor with a current assignment (narrowed to their area)."""
    return jurisdiction is not None


def is_ptps(jurisdiction: Jurisdiction | None) -> bool:
    return (
        jurisdiction is not None
        and jurisdiction.role == Role.PTPS
        and jurisdiction.tps_id is not None
    )


def tps_for(jurisdiction: Jurisdiction) -> QuerySet[Tps]:
    """The TPS this user may record incidents at and read them for."""
    return tps_visible(jurisdiction, Tps.objects.select_related("election", "village__parent"))


def can_record(jurisdiction: Jurisdiction | None, tps: Tps) -> bool:
    return jurisdiction is not None and jurisdiction.covers_tps(
        tps_id=tps.pk, village_code=tps.village_id
    )

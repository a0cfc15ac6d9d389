"""Who may watch voting day and import KPU's recap: the one place of this app's access rules.

Bawaslu Kabupaten/Kota watches every TPS of its kabupaten, a Panwascam those of their
kecamatan, a PKD those of their desa (the PKD gathers the PTPS's reports of the desa and
passes them up, so they need the same picture for their few TPS). A PTPS works on their own
TPS in the voting-day apps and does not watch others. Only Bawaslu imports KPU's recap.
TPS and regions outside the jurisdiction do not exist for the user (404, raised by the views).
"""

from django.db.models import QuerySet

from pengawas.accounts.roles import BAWASLU_ROLES, Jurisdiction, Role
from pengawas.dpt.rules import elections_visible, tps_visible
from pengawas.elections.models import Election, Tps

WATCHING_ROLES = BAWASLU_ROLES | {Role.PANWASCAM, Role.PKD}


def can_watch(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in WATCHING_ROLES


def can_import_recap(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in BAWASLU_ROLES


def elections_watchable(jurisdiction: Jurisdiction) -> QuerySet[Election]:
    return elections_visible(jurisdiction, Election.objects.select_related("region"))


def tps_watchable(jurisdiction: Jurisdiction, election: Election) -> QuerySet[Tps]:
    return tps_visible(jurisdiction, Tps.objects.filter(election=election))


def region_watchable(jurisdiction: Jurisdiction, code: str) -> bool:
    """A kecamatan or desa filter: inside the jurisdiction (a PKD may name their desa)."""
    return jurisdiction.tps_id is None and jurisdiction.covers_region(code)

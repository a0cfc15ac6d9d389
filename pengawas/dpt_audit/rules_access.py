"""Who may run and read DPT audits: the one place of this app's access rules.

Bawaslu Kabupaten/Kota audits the whole list of its election; a Panwascam audits the part of
the list in its kecamatan (and sees only runs over it); PKD and PTPS do not audit.
"""

from django.db.models import Q, QuerySet

from pengawas.accounts.roles import BAWASLU_ROLES, Jurisdiction, Role
from pengawas.dpt_audit.models import AuditRun


def can_audit(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and (
        jurisdiction.role in BAWASLU_ROLES or jurisdiction.role == Role.PANWASCAM
    )


def runs_visible(jurisdiction: Jurisdiction, runs: QuerySet[AuditRun]) -> QuerySet[AuditRun]:
    """Runs over a part of the list the user answers for: a Panwascam sees the runs over
    their kecamatan; Bawaslu sees every run of the elections over its region."""
    if jurisdiction.is_everywhere:
        return runs
    code = jurisdiction.region_code or ""
    if jurisdiction.role == Role.PANWASCAM:
        return runs.filter(region_id=code)
    return runs.filter(
        Q(snapshot__election__region_id=code)
        | Q(snapshot__election__region__code__startswith=code + ".")
        | Q(region_id=code)
        | Q(region__code__startswith=code + ".")
    )

"""Who may write, read, review and act on Form A: the one place where these rules live.

- A PTPS writes the Form A of their own TPS (jurisdiction.tps_id) and reads them.
- PKD (their desa) and Panwascam (their kecamatan) review: send back with a note, or confirm
  (the PTPS hands their reports to the PKD, who pass them up to the Panwascam; facts §4).
- Bawaslu Kabupaten/Kota (and the administrator) read every Form A of their area.
- Panwascam and Bawaslu turn a confirmed Form A with a suspected violation into a temuan
  (they handle cases; cases/rules.py).
A Form A outside the jurisdiction does not exist for the user (404).
"""

from django.db.models import Q, QuerySet

from pengawas.accounts.roles import BAWASLU_ROLES, Jurisdiction, Role
from pengawas.form_a.models import FormA, Status

REVIEWERS = frozenset({Role.PKD, Role.PANWASCAM})
READERS = REVIEWERS | BAWASLU_ROLES
TEMUAN_FILERS = frozenset({Role.PANWASCAM}) | BAWASLU_ROLES


def can_write(jurisdiction: Jurisdiction | None) -> bool:
    return (
        jurisdiction is not None
        and jurisdiction.role == Role.PTPS
        and jurisdiction.tps_id is not None
    )


def can_read(jurisdiction: Jurisdiction | None) -> bool:
    return can_write(jurisdiction) or (jurisdiction is not None and jurisdiction.role in READERS)


def can_review(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in REVIEWERS


def can_file_temuan(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in TEMUAN_FILERS


def _within(field: str, code: str) -> Q:
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def forms_visible(jurisdiction: Jurisdiction, forms: QuerySet[FormA]) -> QuerySet[FormA]:
    """The PTPS: every report of their TPS; the others: the reports sent from their area
    (a draft kept on the server stays the PTPS's own until sent)."""
    if not can_read(jurisdiction):
        return forms.none()
    if jurisdiction.tps_id is not None:
        return forms.filter(tps_id=jurisdiction.tps_id)
    sent = forms.exclude(status=Status.DRAFT)
    if jurisdiction.region_code is None:
        return sent
    return sent.filter(_within("tps__village__code", jurisdiction.region_code))


def can_edit(jurisdiction: Jurisdiction | None, form: FormA) -> bool:
    """The PTPS of the TPS, while the report is theirs to change (a draft, or sent back)."""
    return (
        can_write(jurisdiction)
        and jurisdiction is not None
        and form.tps_id == jurisdiction.tps_id
        and form.status in (Status.DRAFT, Status.RETURNED)
    )

"""Who may see, file and handle enforcement cases: the one place where these rules live.

- Handlers: Bawaslu Kabupaten/Kota (komisioner, sekretariat), the administrator, and the
  Panwaslu Kecamatan, each for the cases handled in their jurisdiction (a Panwascam: the cases
  of their kecamatan). They file laporan and temuan, move a case through its statuses, read
  the pelapor's data and print the pemberitahuan status.
- PKD and PTPS report what they find (UU Pemilihan: they pass suspected violations up to the
  Panwascam, facts §4): they may file a temuan for the kecamatan of their desa (or TPS) and
  see the cases they filed, without the pelapor's data, and change nothing.
A case outside these answers 404 (cases_visible narrows in SQL).
"""

from django.db.models import Q, QuerySet

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.cases.models import Case, CaseKind
from pengawas.elections.models import Tps
from pengawas.regions.models import Region

HANDLERS = frozenset({Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT, Role.PANWASCAM})
FIELD_ROLES = frozenset({Role.PKD, Role.PTPS})
# The levels a case can be handled at: Bawaslu Kabupaten/Kota or a Panwascam.
CASE_REGION_LEVELS = ("kabupaten", "kota", "kecamatan")


def can_use_cases(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in HANDLERS | FIELD_ROLES


def is_handler(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in HANDLERS


def _in_region(code: str | None, field: str = "region__code") -> Q:
    if code is None:
        return Q()
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def cases_visible(
    jurisdiction: Jurisdiction, user_id: int, cases: QuerySet[Case]
) -> QuerySet[Case]:
    """Handlers: the cases handled in their region; PKD/PTPS: the cases they filed."""
    if jurisdiction.role in HANDLERS:
        return cases.filter(_in_region(jurisdiction.region_code))
    if jurisdiction.role in FIELD_ROLES:
        return cases.filter(created_by_id=user_id)
    return cases.none()


def can_create(jurisdiction: Jurisdiction | None, *, kind: str) -> bool:
    """Handlers receive laporan and file temuan; PKD/PTPS file temuan only."""
    if jurisdiction is None:
        return False
    if jurisdiction.role in HANDLERS:
        return kind in CaseKind.values
    return jurisdiction.role in FIELD_ROLES and kind == CaseKind.TEMUAN


def kinds_for(jurisdiction: Jurisdiction | None) -> list[str]:
    return [kind for kind in CaseKind.values if can_create(jurisdiction, kind=kind)]


def home_village(jurisdiction: Jurisdiction) -> str | None:
    """The desa/kelurahan a PKD or PTPS works in (a PTPS: the desa of their TPS)."""
    if jurisdiction.role == Role.PTPS and jurisdiction.tps_id is not None:
        village: str | None = (
            Tps.objects.filter(pk=jurisdiction.tps_id).values_list("village_id", flat=True).first()
        )
        return village
    if jurisdiction.role == Role.PKD:
        return jurisdiction.region_code
    return None


def filing_regions(jurisdiction: Jurisdiction | None) -> QuerySet[Region]:
    """Where this user may file a case: handlers anywhere in their region (at kabupaten/kota
    or kecamatan level); PKD/PTPS with the Panwascam of their kecamatan."""
    regions = Region.objects.filter(level__in=CASE_REGION_LEVELS)
    if jurisdiction is None or not can_use_cases(jurisdiction):
        return regions.none()
    if jurisdiction.role in HANDLERS:
        return regions.filter(_in_region(jurisdiction.region_code, "code"))
    village = home_village(jurisdiction)
    if village is None:
        return regions.none()
    return regions.filter(children__code=village, level="kecamatan")


def can_file_in(jurisdiction: Jurisdiction | None, *, region_code: str) -> bool:
    return filing_regions(jurisdiction).filter(code=region_code).exists()


def can_see_pelapor(jurisdiction: Jurisdiction | None) -> bool:
    """The pelapor's name, address and contact: handlers only (the caller has already found
    the case through cases_visible)."""
    return is_handler(jurisdiction)


def can_move(jurisdiction: Jurisdiction | None) -> bool:
    return is_handler(jurisdiction)


def can_change(jurisdiction: Jurisdiction | None) -> bool:
    return is_handler(jurisdiction)


def can_print_notice(jurisdiction: Jurisdiction | None) -> bool:
    """The pemberitahuan status is addressed to the pelapor, by name and address."""
    return is_handler(jurisdiction)

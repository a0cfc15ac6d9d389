"""Who may see and change which records: the one place where the archive's access rules live.

Two things decide, both applied inside the query (never after loading):
- where: the record's region (or TPS) must lie in the user's jurisdiction
  (pengawas/accounts/roles.py); a PTPS sees the records of their TPS;
- how secret: the access level. Information may be withheld from the public and from
  other officials only on the grounds of UU 14/2008 (Keterbukaan Informasi Publik) Pasal 17;
  inside Bawaslu the levels are: biasa (everyone in the area), terbatas (Bawaslu
  Kabupaten/Kota, the administrator and Panwascam), rahasia (the commissioners only).
The author of a record always sees it, whatever its level.
"""

from django.db.models import Q, QuerySet

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.archive.models import AccessLevel, Record

LEVELS_BY_ROLE: dict[str, tuple[str, ...]] = {
    Role.ADMINISTRATOR: (AccessLevel.BIASA, AccessLevel.TERBATAS),
    Role.KOMISIONER: (AccessLevel.BIASA, AccessLevel.TERBATAS, AccessLevel.RAHASIA),
    Role.SEKRETARIAT: (AccessLevel.BIASA, AccessLevel.TERBATAS),
    Role.PANWASCAM: (AccessLevel.BIASA, AccessLevel.TERBATAS),
    Role.PKD: (AccessLevel.BIASA,),
    Role.PTPS: (AccessLevel.BIASA,),
}
# Who may correct or add to a record someone else wrote (within their area).
EDITORS = frozenset({Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT})
# Disposal (penyusutan) needs two different approvers from these roles.
DISPOSAL_APPROVERS = frozenset({Role.KOMISIONER, Role.SEKRETARIAT})
# Who keeps the classification and retention table (JRA) and sets legal holds.
TABLE_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.SEKRETARIAT})
LEGAL_HOLDERS = frozenset({Role.KOMISIONER})


def can_use_archive(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None


def _where(jurisdiction: Jurisdiction) -> Q:
    if jurisdiction.tps_id is not None:
        return Q(tps_id=jurisdiction.tps_id)
    if jurisdiction.region_code is None:
        return Q()
    code = jurisdiction.region_code
    return Q(region__code=code) | Q(region__code__startswith=code + ".")


def records_visible(
    jurisdiction: Jurisdiction, user_id: int, records: QuerySet[Record]
) -> QuerySet[Record]:
    """The records this user may see: in their area and at a level their role reads, or
    written by them."""
    levels = LEVELS_BY_ROLE[jurisdiction.role]
    return records.filter(
        (_where(jurisdiction) & Q(access_level__in=levels)) | Q(author_id=user_id)
    )


def can_create_in(
    jurisdiction: Jurisdiction | None, *, region_code: str, tps_id: int | None
) -> bool:
    """A record may be filed for a place inside the user's jurisdiction."""
    if jurisdiction is None:
        return False
    if tps_id is not None:
        return jurisdiction.covers_tps(tps_id=tps_id, village_code=region_code)
    if jurisdiction.tps_id is not None:  # a PTPS files for their TPS only
        return False
    return jurisdiction.covers_region(region_code)


def levels_for(jurisdiction: Jurisdiction) -> tuple[str, ...]:
    """The access levels a user may give a record (those they can read themselves)."""
    return LEVELS_BY_ROLE[jurisdiction.role]


def can_change(jurisdiction: Jurisdiction | None, *, user_id: int, record: Record) -> bool:
    """Add a version or a file, edit metadata, link: the author, or Bawaslu in the area.
    (The caller has already found the record through records_visible.)"""
    if jurisdiction is None or record.disposed_at is not None:
        return False
    return record.author_id == user_id or jurisdiction.role in EDITORS


def can_approve_disposal(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in DISPOSAL_APPROVERS


def can_keep_tables(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in TABLE_KEEPERS


def can_hold(jurisdiction: Jurisdiction | None) -> bool:
    return jurisdiction is not None and jurisdiction.role in LEGAL_HOLDERS


def records_exportable(
    jurisdiction: Jurisdiction, user_id: int, records: QuerySet[Record]
) -> QuerySet[Record]:
    """The records this user may put in an evidence bundle: those they see, except that
    rahasia records go only to the roles that read rahasia (an author's own rahasia record
    stays out of a bundle unless their role reads that level)."""
    visible = records_visible(jurisdiction, user_id, records)
    if AccessLevel.RAHASIA in LEVELS_BY_ROLE[jurisdiction.role]:
        return visible
    return visible.exclude(access_level=AccessLevel.RAHASIA)

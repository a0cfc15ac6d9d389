"""Roles and jurisdictions: pure rules, no database.

The structure is the law's: Bawaslu Kabupaten/Kota (the UU Pemilihan's "Panwas
Kabupaten/Kota", read so by MK 48/PUU-XVII/2019), Panwas Kecamatan, Panwas Kelurahan/Desa,
and one Pengawas TPS per TPS, formed by the Panwascam (UU 1/2015 Pasal 23 and 27).
Each level answers for one part of the region, which is what a jurisdiction
expresses here: a region code prefix (Kemendagri codes nest: 35.05 ⊃ 35.05.01 ⊃
35.05.01.2001) or, for a PTPS, one TPS.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    KOMISIONER = "komisioner", _("Komisioner Bawaslu Kabupaten/Kota")
    SEKRETARIAT = "sekretariat", _("Staf Sekretariat Bawaslu Kabupaten/Kota")
    PANWASCAM = "panwascam", _("Panwaslu Kecamatan")
    PKD = "pkd", _("Panwaslu Kelurahan/Desa (PKD)")
    PTPS = "ptps", _("Pengawas TPS (PTPS)")


class Position(models.TextChoices):
    NONE = "", _("—")
    KETUA = "ketua", _("Ketua")
    ANGGOTA = "anggota", _("Anggota")


# The region level each role answers for ("" = none: the administrator's scope is the
# whole installation; a PTPS answers for one TPS, which lies in one desa/kelurahan).
ROLE_REGION_LEVELS: dict[str, tuple[str, ...]] = {
    Role.ADMINISTRATOR: (),
    Role.KOMISIONER: ("kabupaten", "kota"),
    Role.SEKRETARIAT: ("kabupaten", "kota"),
    Role.PANWASCAM: ("kecamatan",),
    Role.PKD: ("desa", "kelurahan"),
    Role.PTPS: ("desa", "kelurahan"),
}
# Roles of Bawaslu Kabupaten/Kota itself (and the administrator who runs the installation).
BAWASLU_ROLES = frozenset({Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT})
# Two-factor login is always required for these; for PKD and PTPS it follows the setting
# PENGAWAS_2FA_FIELD_ROLES (they often share phones and lose them; see the README).
TWO_FACTOR_ALWAYS = frozenset(
    {Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT, Role.PANWASCAM}
)


@dataclass(frozen=True)
class Jurisdiction:
    """What one user answers for, now: a role and a region prefix or one TPS."""

    role: str
    region_code: str | None  # None: the whole installation (administrator)
    tps_id: int | None = None  # PTPS only
    election_id: int | None = None  # PTPS (the TPS's election); others may be any

    @property
    def is_everywhere(self) -> bool:
        return self.region_code is None and self.tps_id is None

    @property
    def is_bawaslu(self) -> bool:
        return self.role in BAWASLU_ROLES

    def covers_region(self, code: str) -> bool:
        """Whether a region (or anything located in it) lies within this jurisdiction.

        A PTPS's region is the desa of their TPS: they may know the desa exists, but the
        data they see is narrowed further by tps_id (see covers_tps).
        """
        if self.region_code is None:
            return True
        return code == self.region_code or code.startswith(self.region_code + ".")

    def covers_tps(self, *, tps_id: int, village_code: str) -> bool:
        if self.tps_id is not None:
            return tps_id == self.tps_id
        return self.covers_region(village_code)


def two_factor_required(*, role: str, field_roles_too: bool) -> bool:
    """Whether a user in this role must log in with a second factor."""
    if role in TWO_FACTOR_ALWAYS:
        return True
    return field_roles_too


def role_region_allowed(*, role: str, region_level: str | None) -> bool:
    """Whether a role can be assigned to a region of this level (None: no region)."""
    levels = ROLE_REGION_LEVELS[role]
    if not levels:
        return region_level is None
    return region_level in levels

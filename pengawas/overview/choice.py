"""What an overview request asks for (GET parameters), checked against the user's jurisdiction.

`election` (its code; default the newest the user may see), `kecamatan` and `desa` (Kemendagri
codes, not personal data), `keadaan` (a state of board.STATES). An unknown election, or a
region outside the user's jurisdiction or outside the election, does not exist for them (404).
A desa left over after the kecamatan changed gives way; an unknown state is ignored.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.http import urlencode

from pengawas.accounts.roles import Jurisdiction
from pengawas.elections.models import Election, Tps
from pengawas.overview.board import STATES
from pengawas.overview.rules import elections_watchable, region_watchable, tps_watchable
from pengawas.regions.models import Region

DESA_LEVELS = ("desa", "kelurahan")


def _within(code: str, top: str) -> bool:
    return code == top or code.startswith(top + ".")


@dataclass(frozen=True)
class Choice:
    elections: list[Election]
    election: Election | None
    districts: list[Region]  # kecamatan the user may choose
    villages: list[Region]  # desa the user may choose (of the chosen kecamatan)
    district: Region | None
    village: Region | None
    state: str

    def params(self, **changes: str) -> dict[str, str]:
        params = {
            "election": self.election.code if self.election else "",
            "kecamatan": self.district.code if self.district else "",
            "desa": self.village.code if self.village else "",
            "keadaan": self.state,
        }
        params.update(changes)
        return {k: v for k, v in params.items() if v}

    def query(self, **changes: str) -> str:
        return urlencode(self.params(**changes))

    def tps(self, jurisdiction: Jurisdiction) -> QuerySet[Tps]:
        assert self.election is not None
        tps = tps_watchable(jurisdiction, self.election)
        region = self.village or self.district
        if region is not None:
            tps = tps.filter(
                Q(village__code=region.code) | Q(village__code__startswith=region.code + ".")
            )
        return tps


def _region(jurisdiction: Jurisdiction, code: str, levels: tuple[str, ...], top: str) -> Region:
    if not region_watchable(jurisdiction, code) or not _within(code, top):
        raise Http404("region")
    region = Region.objects.filter(code=code, level__in=levels).select_related("parent").first()
    if region is None:
        raise Http404("region")
    return region


def choice_read(request: HttpRequest, jurisdiction: Jurisdiction) -> Choice:
    elections = list(elections_watchable(jurisdiction))
    code = request.GET.get("election", "")
    if code:
        election = next((e for e in elections if e.code == code), None)
        if election is None:
            raise Http404("election")
    else:
        election = elections[0] if elections else None  # ordered newest first
    state = request.GET.get("keadaan", "")
    state = state if state in STATES else ""
    if election is None:
        return Choice(elections, None, [], [], None, None, state)
    mine = jurisdiction.region_code
    top = mine if mine and _within(mine, election.region_id) else election.region_id
    district = village = None
    if wanted := request.GET.get("kecamatan", ""):
        district = _region(jurisdiction, wanted, ("kecamatan",), top)
    if wanted := request.GET.get("desa", ""):
        village = _region(jurisdiction, wanted, DESA_LEVELS, top)
        if district is not None and village.parent_id != district.code:
            village = None  # left over after the kecamatan changed
    under = Q(code__startswith=top + ".")
    districts: list[Region] = []
    if jurisdiction.tps_id is None and Region.objects.filter(code=top, level__in=(
        "provinsi", "kabupaten", "kota")).exists():  # fmt: skip
        districts = list(Region.objects.filter(under, level="kecamatan").order_by("name"))
    villages: list[Region] = []
    village_top = district.code if district else top
    if not Region.objects.filter(code=village_top, level__in=DESA_LEVELS).exists():
        villages = list(
            Region.objects.filter(
                Q(code__startswith=village_top + "."), level__in=DESA_LEVELS
            ).select_related("parent").order_by("parent__name", "name")
        )  # fmt: skip
    return Choice(elections, election, districts, villages, district, village, state)

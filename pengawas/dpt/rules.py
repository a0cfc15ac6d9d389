"""Who may see which voters: the one place where the voter list's access rules live.

Every internal view of the voter list asks these functions; querysets are narrowed in SQL.
A PTPS sees the voters of their TPS, a PKD those of their desa, a Panwascam member those
of their kecamatan, Bawaslu Kabupaten/Kota the whole kabupaten/kota (jurisdictions in
pengawas/accounts/roles.py). The public Cek DPT is not governed here: it answers for one
exact NIK with masked data only (dpt/services/lookup.py).
"""

from django.db.models import Q, QuerySet

from pengawas.accounts.roles import Jurisdiction
from pengawas.dpt.models import Voter
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region


def can_search_voters(jurisdiction: Jurisdiction | None) -> bool:
    """Every supervisor with a current assignment; the search is narrowed to their area."""
    return jurisdiction is not None


def _region_ancestors(code: str) -> list[str]:
    """ "35.05.01" → ["35", "35.05", "35.05.01"]."""
    parts = code.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts) + 1)]


def _within(field: str, code: str) -> Q:
    """The region `code` itself or any region under it; `field` leads to a Region's code."""
    return Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})


def elections_visible(
    jurisdiction: Jurisdiction, elections: QuerySet[Election]
) -> QuerySet[Election]:
    """Elections that touch the jurisdiction: held over it, over a part of it, or (a PTPS)
    the one election of their TPS."""
    if jurisdiction.is_everywhere:
        return elections
    if jurisdiction.tps_id is not None:
        return elections.filter(tps_set__pk=jurisdiction.tps_id)
    code = jurisdiction.region_code or ""
    return elections.filter(
        Q(region_id__in=_region_ancestors(code)) | _within("region__code", code)
    )


def tps_visible(jurisdiction: Jurisdiction, tps: QuerySet[Tps]) -> QuerySet[Tps]:
    if jurisdiction.is_everywhere:
        return tps
    if jurisdiction.tps_id is not None:
        return tps.filter(pk=jurisdiction.tps_id)
    return tps.filter(_within("village__code", jurisdiction.region_code or ""))


def voters_visible(jurisdiction: Jurisdiction, voters: QuerySet[Voter]) -> QuerySet[Voter]:
    if jurisdiction.is_everywhere:
        return voters
    if jurisdiction.tps_id is not None:
        return voters.filter(tps_id=jurisdiction.tps_id)
    return voters.filter(_within("tps__village__code", jurisdiction.region_code or ""))


def search_tps_allowed(jurisdiction: Jurisdiction, election: Election) -> list[int] | None:
    """The TPS of the election a search may reach, or None for all of them.

    None when the jurisdiction covers the election's whole region, so that the search keeps
    its fastest plans (dpt/services/search.py); otherwise the ids, read first (a kecamatan
    has about a hundred TPS, a kabupaten under a provincial election a few thousand).
    """
    if jurisdiction.is_everywhere or (
        jurisdiction.tps_id is None and jurisdiction.covers_region(election.region_id)
    ):
        return None
    visible = tps_visible(jurisdiction, Tps.objects.filter(election=election))
    return list(visible.values_list("id", flat=True))


def regions_choosable(jurisdiction: Jurisdiction, regions: QuerySet[Region]) -> QuerySet[Region]:
    """Kecamatan or desa that may be offered as search filters: those inside the
    jurisdiction, and the regions that contain it (a PKD sees their own kecamatan)."""
    if jurisdiction.region_code is None:
        return regions
    code = jurisdiction.region_code
    return regions.filter(Q(code__in=_region_ancestors(code)) | _within("code", code))


def tps_viewable(jurisdiction: Jurisdiction | None, tps: Tps) -> bool:
    return jurisdiction is not None and jurisdiction.covers_tps(
        tps_id=tps.pk, village_code=tps.village_id
    )

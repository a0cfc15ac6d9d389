"""Statistics of the voter list, for Bawaslu and Panwascam: the page and its spreadsheet.

The GET parameters choose an election (its code), a snapshot (its id), a region to look into
(`wilayah`, a Kemendagri code; not personal data) and the level of the rows (kecamatan, desa
or TPS). A region outside the user's jurisdiction does not exist for them (404: a
Panwascam sees their kecamatan only), nor does an unknown election or region. Values left
over after another select changed give way to defaults: a snapshot of another election, a
region outside the election, a level that does not lie below the region.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pengawas.accounts.roles import Jurisdiction
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record
from pengawas.dpt.models import Snapshot, Stage
from pengawas.dpt.rules import elections_visible
from pengawas.dpt.selectors import snapshot_current
from pengawas.dpt_audit import stats
from pengawas.dpt_audit.charts import SexBar, sex_bars_svg, tps_load_svg
from pengawas.dpt_audit.stats_xlsx import statistics_xlsx
from pengawas.dpt_audit.views_common import for_audit
from pengawas.elections.models import Election
from pengawas.lib.numbers import id_decimal, id_int
from pengawas.regions.models import Region

# How deep each kind of region lies, and each level of rows: rows must lie below the region.
_REGION_DEPTH = {
    "provinsi": 0,
    "kabupaten": 1,
    "kota": 1,
    "kecamatan": 2,
    "desa": 3,
    "kelurahan": 3,
}
_LEVEL_DEPTH: dict[stats.StatLevel, int] = {"kecamatan": 2, "desa": 3, "tps": 4}
LEVEL_LABELS: dict[stats.StatLevel, str] = {"kecamatan": "Kecamatan", "desa": "Desa", "tps": "TPS"}
# More rows than this and the bar chart would be a wall: the table alone serves.
CHART_MAX_ROWS = 60


@dataclass(frozen=True)
class Choice:
    """What the request asks for, checked against the user's jurisdiction."""

    elections: list[Election]
    election: Election | None
    snapshots: list[Snapshot]
    snapshot: Snapshot | None
    top: Region | None  # the widest region the user may look at in this election
    region: Region | None
    levels: list[stats.StatLevel]  # the levels that fit the region
    level: stats.StatLevel

    def query(self, **changes: str) -> str:
        params: dict[str, str] = {}
        if self.election is not None:
            params["election"] = self.election.code
        if self.snapshot is not None:
            params["snapshot"] = str(self.snapshot.pk)
        if self.region is not None:
            params["wilayah"] = self.region.code
        params["level"] = self.level
        params.update(changes)
        return urlencode({k: v for k, v in params.items() if v})


def _default_snapshot(snapshots: list[Snapshot], election: Election) -> Snapshot | None:
    """The latest DPT, else the list the election stands on (a DPS before the DPT is set)."""
    final = [s for s in snapshots if s.stage == Stage.DPT]
    if final:
        return max(final, key=lambda s: (s.imported_at, s.pk))
    return snapshot_current(election=election)


def _within(code: str, top: str) -> bool:
    return code == top or code.startswith(top + ".")


def _choose(request: HttpRequest, jurisdiction: Jurisdiction) -> Choice:
    elections = list(elections_visible(jurisdiction, Election.objects.select_related("region")))
    code = request.GET.get("election", "")
    if code:
        election = next((e for e in elections if e.code == code), None)
        if election is None:
            raise Http404("election")
    else:
        with_lists = set(
            Snapshot.objects.filter(election__in=elections).values_list("election_id", flat=True)
        )
        election = next((e for e in elections if e.pk in with_lists), None)
        election = election or (elections[0] if elections else None)
    if election is None:
        return Choice(elections, None, [], None, None, None, [], "kecamatan")
    snapshots = list(election.snapshots.select_related("election").order_by("-imported_at"))
    # A snapshot of another election (left over after the election select changed) gives
    # way to the default, as in the voter search.
    wanted = request.GET.get("snapshot", "")
    snapshot = next((s for s in snapshots if str(s.pk) == wanted), None)
    snapshot = snapshot or _default_snapshot(snapshots, election)
    # The widest region: the election's, or the user's part of it.
    mine = jurisdiction.region_code
    top_code = mine if mine and _within(mine, election.region_id) else election.region_id
    code = request.GET.get("wilayah", "") or top_code
    if not jurisdiction.covers_region(code):
        raise Http404("region")
    if not _within(code, top_code):  # inside the jurisdiction, outside this election
        code = top_code
    regions = {r.code: r for r in Region.objects.filter(code__in={code, top_code})}
    if code not in regions:
        raise Http404("region")
    region = regions[code]
    depth = _REGION_DEPTH.get(region.level, 0)
    levels = [level for level in stats.LEVELS if _LEVEL_DEPTH[level] > depth]
    if not levels:
        raise Http404("region")
    asked = request.GET.get("level", "")
    level = next((lv for lv in levels if lv == asked), levels[0])
    return Choice(
        elections, election, snapshots, snapshot, regions[top_code], region, levels, level
    )


def _trail(choice: Choice) -> list[Region]:
    """The regions from the widest the user may see down to the one chosen."""
    if choice.region is None or choice.top is None:
        return []
    trail: list[Region] = []
    region: Region | None = choice.region
    while region is not None:
        trail.append(region)
        if region.code == choice.top.code:
            break
        region = region.parent
    return list(reversed(trail))


def _bar_label(row: stats.StatRow, choice: Choice) -> str:
    if row.level == "tps" and choice.region is not None and choice.region.level not in (
        "desa", "kelurahan"
    ):  # fmt: skip
        return f"{row.parent_name} · {row.name}"
    return row.name


def _charts(result: stats.Statistics, choice: Choice) -> dict[str, Any]:
    place = choice.region.name if choice.region else ""
    level = LEVEL_LABELS[result.level]
    charts: dict[str, Any] = {}
    if 0 < len(result.rows) <= CHART_MAX_ROWS:
        bars = [
            SexBar(_bar_label(row, choice), row.male, row.female, row.sex_unknown)
            for row in result.rows
        ]
        charts["sex"] = mark_safe(  # noqa: S308 - charts.py escapes every label
            sex_bars_svg(
                bars=bars,
                title=_("Pemilih per %(level)s menurut jenis kelamin, %(place)s")
                % {"level": level, "place": place},
                description=_(
                    "Batang bertumpuk: laki-laki lalu perempuan; angka di kanan adalah jumlah "
                    "pemilih. Angka lengkap ada di tabel di bawah."
                ),
                element_id="grafik-jenis-kelamin",
                male_label=_("Laki-laki"),
                female_label=_("Perempuan"),
                unknown_label=_("Tanpa keterangan"),
            )
        )
    if result.tps_loads:
        charts["load"] = mark_safe(  # noqa: S308 - charts.py escapes every label
            tps_load_svg(
                loads=result.tps_loads,
                maximum=result.max_voters_per_tps,
                title=_("Sebaran jumlah pemilih per TPS, %(place)s") % {"place": place},
                description=_(
                    "Banyaknya TPS menurut jumlah pemilihnya; batang merah di bawah garis putus-"
                    "putus adalah TPS yang melebihi jumlah pemilih maksimal."
                ),
                element_id="grafik-beban-tps",
                maximum_label=_("maksimal {maximum} pemilih per TPS"),
                within_label=_("Sampai batas"),
                over_label=_("Melebihi batas"),
                count_suffix=_("TPS"),
            )
        )
    return charts


def _cells(row: stats.StatRow, result: stats.Statistics, choice: Choice) -> dict[str, Any]:
    """One row of the table, its numbers written the Indonesian way (1.234; 96,4)."""
    load = result.load_percent(row)
    return {
        "row": row,
        "drill": choice.query(wilayah=row.code, level="") if row.level != "tps" else "",
        "male": id_int(row.male),
        "female": id_int(row.female),
        "total": id_int(row.total),
        "first_time": id_int(row.first_time) if result.ages_known else "—",
        "elderly": id_int(row.elderly) if result.ages_known else "—",
        "disabled": id_int(row.disabled) if result.disability_known else "—",
        "tps_count": id_int(row.tps_count),
        "tps_over": id_int(row.tps_over),
        "largest": id_int(row.largest_tps),
        "load": id_decimal(load),
        "over": row.tps_over > 0,
    }


def _share(part: int, whole: int) -> str:
    return id_decimal(100 * part / whole) if whole else "0"


def _shares(result: stats.Statistics) -> dict[str, str]:
    """Percentages of all voters in the region, for the summary."""
    totals = result.totals
    return {
        "male": _share(totals.male, totals.total),
        "female": _share(totals.female, totals.total),
        "first_time": _share(totals.first_time, totals.total),
        "elderly": _share(totals.elderly, totals.total),
        "disabled": _share(totals.disabled, totals.total),
        "maximum": id_int(result.max_voters_per_tps),
    }


@for_audit
@never_cache
@require_GET
def statistics_page(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    choice = _choose(request, jurisdiction)
    context: dict[str, Any] = {
        "choice": choice,
        "trail": _trail(choice),
        "level_labels": LEVEL_LABELS,
        "definitions": {
            "voting_age": stats.VOTING_AGE,
            "first_time_max": stats.FIRST_TIME_MAX_AGE,
            "elderly_min": stats.ELDERLY_MIN_AGE,
        },
        "chart_max_rows": CHART_MAX_ROWS,
    }
    if choice.snapshot is not None and choice.region is not None:
        result = stats.statistics_compute(
            snapshot=choice.snapshot, region_code=choice.region.code, level=choice.level
        )
        rows = [_cells(row, result, choice) for row in result.rows]
        context |= {
            "result": result,
            "rows": rows,
            "totals": _cells(result.totals, result, choice),
            "shares": _shares(result),
            "charts": _charts(result, choice),
            "disability_codes": [
                (code, id_int(count))
                for code, count in stats.disability_codes(
                    snapshot=choice.snapshot, region_code=choice.region.code
                )
            ],
            "download": reverse("dpt-statistics-xlsx") + "?" + choice.query(),
        }
    return render(request, "dpt_audit/statistics.html", context)


@for_audit
@never_cache
@require_GET
def statistics_download(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The same choice as the page, as XLSX: one sheet per level below the region."""
    choice = _choose(request, jurisdiction)
    if choice.snapshot is None or choice.region is None:
        raise Http404("snapshot")
    snapshot, region = choice.snapshot, choice.region
    content = statistics_xlsx(
        snapshot=snapshot,
        region_code=region.code,
        region_label=" > ".join(r.name for r in _trail(choice)),
        levels=choice.levels,
    )
    audit_record(
        action=Action.DPT_STATISTICS_EXPORTED,
        request=request,
        target_type="snapshot",
        target_id=str(snapshot.pk),
        target_label=f"{snapshot.election.code} {snapshot.stage}",
        detail={"region": region.code, "levels": list(choice.levels), "format": "xlsx"},
    )
    name = f"statistik-{snapshot.stage.lower()}-{snapshot.election.code}-{region.code}.xlsx"
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response

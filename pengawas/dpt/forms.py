"""Forms of the supervisors' voter search and the list of one TPS."""

import re
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from pengawas.accounts.roles import Jurisdiction
from pengawas.dpt.models import Sex, Snapshot
from pengawas.dpt.rules import elections_visible, regions_choosable
from pengawas.dpt.selectors import snapshot_current
from pengawas.dpt.services.lookup import NikInvalid, nik_clean
from pengawas.dpt.services.search import MAX_PAGE, QUERY_MAX_LENGTH
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region

# With more villages than this under the election's region, the desa list waits for a
# kecamatan (a province has thousands).
_VILLAGES_WITHOUT_KECAMATAN = 400
_DIGIT = re.compile(r"\d")


def snapshot_label(snapshot: Snapshot, *, current: Snapshot | None) -> str:
    imported = formats.date_format(snapshot.imported_at, "j M Y H:i")
    label = f"{snapshot.stage} · {snapshot.source_name} · {imported}"
    if current is not None and snapshot.pk == current.pk:
        label += " · " + str(_("terkini"))
    return label


def _snapshot_choices(snapshots: list[Snapshot], current: Snapshot | None) -> list[Any]:
    return [(str(s.pk), snapshot_label(s, current=current)) for s in snapshots]


class VoterSearchForm(forms.Form):
    """The search: a name (only ever sent by POST, never in a URL) and filters.

    Always bound, so that an empty query string means "the defaults". A value that no
    longer fits its parent (a snapshot of another election, a desa of another kecamatan,
    left over after the parent select changed) is dropped rather than reported.
    """

    q = forms.CharField(
        label=_("Nama"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "spellcheck": "false",
                "autofocus": True,
                # Names only: a NIK typed here would end up in the address bar and logs.
                "pattern": r"[^0-9]*",
                "aria-describedby": "q-hint",
                "placeholder": _("mis. Moch Achmad"),
            }
        ),
    )
    election = forms.ChoiceField(label=_("Pemilihan"), required=False)
    snapshot = forms.ChoiceField(label=_("Daftar pemilih"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    desa = forms.ChoiceField(label=_("Desa/kelurahan"), required=False)
    tps = forms.IntegerField(
        label=_("Nomor TPS"),
        required=False,
        min_value=1,
        max_value=9999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"),
        required=False,
        choices=[("", _("Semua")), (Sex.L, _("Laki-laki (L)")), (Sex.P, _("Perempuan (P)"))],
    )
    birth_year = forms.IntegerField(
        label=_("Tahun lahir"),
        required=False,
        min_value=1880,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    age = forms.IntegerField(
        label=_("Usia (tahun)"),
        required=False,
        min_value=0,
        max_value=150,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    page = forms.IntegerField(label=_("Halaman"), required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data: QueryDict, *, jurisdiction: Jurisdiction) -> None:
        data = data.copy()
        self.jurisdiction = jurisdiction
        self.elections = list(
            elections_visible(jurisdiction, Election.objects.select_related("region"))
        )
        self.chosen_election = self._pick_election(data.get("election", ""))
        self.snapshots: list[Snapshot] = []
        self.current_snapshot: Snapshot | None = None
        self.chosen_snapshot: Snapshot | None = None
        self.chosen_kecamatan: Region | None = None
        self.chosen_village: Region | None = None
        kecamatans: list[Region] = []
        villages: list[Region] = []
        if self.chosen_election is not None:
            self.snapshots = list(self.chosen_election.snapshots.order_by("-imported_at"))
            self.current_snapshot = snapshot_current(election=self.chosen_election)
            self.chosen_snapshot = next(
                (s for s in self.snapshots if str(s.pk) == data.get("snapshot")),
                self.current_snapshot,
            )
            kecamatans = list(
                regions_choosable(
                    jurisdiction,
                    _regions_under(self.chosen_election.region, levels=[Level.KECAMATAN]),
                )
            )
            self.chosen_kecamatan = next(
                (k for k in kecamatans if k.pk == data.get("kecamatan")), None
            )
            parent = self.chosen_kecamatan or self.chosen_election.region
            villages = list(
                regions_choosable(
                    jurisdiction, _regions_under(parent, levels=[Level.DESA, Level.KELURAHAN])
                )
            )
            if self.chosen_kecamatan is None and len(villages) > _VILLAGES_WITHOUT_KECAMATAN:
                villages = []
            self.chosen_village = next((v for v in villages if v.pk == data.get("desa")), None)
        data["election"] = self.chosen_election.code if self.chosen_election else ""
        data["snapshot"] = str(self.chosen_snapshot.pk) if self.chosen_snapshot else ""
        data["kecamatan"] = self.chosen_kecamatan.pk if self.chosen_kecamatan else ""
        data["desa"] = self.chosen_village.pk if self.chosen_village else ""
        super().__init__(data=data)
        self._field("election").choices = [(e.code, e.name) for e in self.elections]
        self._field("snapshot").choices = _snapshot_choices(self.snapshots, self.current_snapshot)
        self._field("kecamatan").choices = [("", _("Semua kecamatan"))] + [
            (k.pk, k.name) for k in kecamatans
        ]
        self._field("desa").choices = [
            ("", _("Semua desa/kelurahan")),
            *_village_choices(villages, grouped=self.chosen_kecamatan is None),
        ]
        # With JavaScript, changing the election, list or kecamatan refreshes the fields
        # that depend on it (the page's fragments #region-fields and #desa-field).
        for name, target in (
            ("election", "#region-fields"),
            ("snapshot", "#region-fields"),
            ("kecamatan", "#desa-field"),
        ):
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": reverse("dpt-search"),
                    "hx-include": "#search-form",
                    "hx-trigger": "change",
                    "hx-target": target,
                    "hx-swap": "outerHTML",
                }
            )

    def _field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def _pick_election(self, code: str) -> Election | None:
        chosen = next((e for e in self.elections if e.code == code), None)
        return chosen or (self.elections[0] if self.elections else None)

    def clean_q(self) -> str:
        query: str = self.cleaned_data["q"]
        if _DIGIT.search(query):
            raise forms.ValidationError(
                _(
                    "Kotak ini untuk nama. Untuk mencari dengan NIK, gunakan formulir "
                    "“Cari dengan NIK”, agar NIK tidak tercatat di alamat halaman."
                ),
                code="digits",
            )
        return query

    @property
    def has_filters(self) -> bool:
        """Whether anything besides the name narrows the search (or a field is wrong)."""
        if not self.is_valid():
            return True
        data = self.cleaned_data
        return bool(
            self.chosen_kecamatan
            or self.chosen_village
            or data["tps"] is not None
            or data["sex"]
            or data["birth_year"] is not None
            or data["age"] is not None
        )

    @property
    def has_criteria(self) -> bool:
        """Whether the user asked for anything; the bare page lists nobody."""
        return self.is_valid() and bool(self.cleaned_data["q"].strip() or self.has_filters)


def _regions_under(region: Region, *, levels: list[str]) -> Any:
    return Region.objects.filter(code__startswith=f"{region.code}.", level__in=levels).order_by(
        "name"
    )


def _village_choices(villages: list[Region], *, grouped: bool) -> list[Any]:
    if not grouped:
        return [(v.pk, _village_label(v)) for v in villages]
    parents = {
        r.pk: r.name
        for r in Region.objects.filter(pk__in={v.parent_id for v in villages if v.parent_id})
    }
    groups: dict[str, list[tuple[str, str]]] = {}
    for village in sorted(villages, key=lambda v: (parents.get(v.parent_id or "", ""), v.name)):
        groups.setdefault(parents.get(village.parent_id or "", ""), []).append(
            (village.pk, _village_label(village))
        )
    return [(f"{_('Kec.')} {name}", choices) for name, choices in groups.items()]


def _village_label(village: Region) -> str:
    return f"{village.name} ({_('kel.')})" if village.level == Level.KELURAHAN else village.name


class NikSearchForm(forms.Form):
    """A NIK lookup, sent by POST so that the number never appears in a URL."""

    nik = forms.CharField(
        label=_("NIK"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    # The election and list chosen in the name search (search.js keeps them in step).
    election = forms.CharField(required=False, widget=forms.HiddenInput)
    snapshot = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Ids of their own: the name form on the same page has election and snapshot too.
        kwargs.setdefault("auto_id", "nik_%s")
        super().__init__(*args, **kwargs)

    def clean_nik(self) -> str:
        # The same rule and messages as the public Cek DPT.
        try:
            return nik_clean(raw=self.cleaned_data["nik"])
        except NikInvalid as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class TpsListForm(forms.Form):
    """Which voter list (snapshot) of the TPS's election to print; default the current."""

    snapshot = forms.ChoiceField(label=_("Daftar pemilih"), required=False)

    def __init__(self, data: QueryDict, *, election: Election) -> None:
        super().__init__(data=data)
        self.snapshots = list(election.snapshots.order_by("-imported_at"))
        self.current_snapshot = snapshot_current(election=election)
        field = cast(forms.ChoiceField, self.fields["snapshot"])
        field.choices = _snapshot_choices(self.snapshots, self.current_snapshot)

    def snapshot_chosen(self) -> Snapshot | None:
        """The snapshot asked for, the current one if none was, None if it is not valid."""
        if not self.is_valid():
            return None
        chosen = self.cleaned_data.get("snapshot")
        if not chosen:
            return self.current_snapshot
        return next(s for s in self.snapshots if str(s.pk) == chosen)

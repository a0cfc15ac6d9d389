"""The archive search form: a query and the filters of issue 4 (function, election, stage,
region, date range, classification, tag)."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pengawas.accounts.roles import Jurisdiction
from pengawas.archive.models import Classification, Function, Record, Tag
from pengawas.archive.rules import records_visible
from pengawas.elections.models import Election
from pengawas.regions.models import Region

# Levels offered in the region filter: where records are filed (below, a TPS).
_REGION_LEVELS = ("kabupaten", "kota", "kecamatan", "desa", "kelurahan")


class ArchiveSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Kata yang dicari"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "autocomplete": "off",
                "autofocus": True,
                "aria-describedby": "q-hint",
                "placeholder": _("judul, nomor, isi berkas …"),
            }
        ),
    )
    function = forms.ChoiceField(
        label=_("Fungsi"), required=False, choices=[("", _("Semua")), *Function.choices]
    )
    election = forms.ModelChoiceField(
        label=_("Pemilihan"),
        required=False,
        queryset=Election.objects.order_by("-voting_day"),
        empty_label=_("Semua"),
        to_field_name="code",
    )
    stage = forms.ChoiceField(label=_("Tahapan"), required=False)
    region = forms.ChoiceField(label=_("Wilayah"), required=False)
    date_from = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    classification = forms.ModelChoiceField(
        label=_("Klasifikasi"),
        required=False,
        queryset=Classification.objects.all(),
        empty_label=_("Semua"),
    )
    tag = forms.ModelChoiceField(
        label=_("Label"),
        required=False,
        queryset=Tag.objects.all(),
        empty_label=_("Semua"),
        to_field_name="name",
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    FILTERS = (
        "function",
        "election",
        "stage",
        "region",
        "date_from",
        "date_to",
        "classification",
        "tag",
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, user_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        self.user_id = user_id
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ChoiceField)
        region_field.choices = [("", _("Semua wilayah saya")), *self._regions()]
        stage_field = self.fields["stage"]
        assert isinstance(stage_field, forms.ChoiceField)
        # Evaluated only when the field is drawn or checked (not for every keystroke).
        stage_field.choices = self._stages

    def _stages(self) -> list[tuple[str, str]]:
        """The stages of the records this user may see."""
        records = records_visible(self.jurisdiction, self.user_id, Record.objects.all())
        stages = (
            records.exclude(stage="").order_by("stage").values_list("stage", flat=True).distinct()
        )
        return [("", str(_("Semua")))] + [(stage, stage) for stage in stages]

    def _regions(self) -> list[tuple[str, str]]:
        """The places inside the user's jurisdiction (a PTPS has only their TPS)."""
        if self.jurisdiction.tps_id is not None:
            return []
        code = self.jurisdiction.region_code
        regions = Region.objects.filter(level__in=_REGION_LEVELS)
        if code is None:
            regions = regions.exclude(level__in=("desa", "kelurahan"))
        else:
            regions = regions.filter(Q(code=code) | Q(code__startswith=code + "."))
        depth = {"kabupaten": 0, "kota": 0, "kecamatan": 1, "desa": 2, "kelurahan": 2}
        return [
            (r.code, "\u2003" * depth.get(r.level, 0) + r.name)
            for r in regions.order_by("code").only("code", "name", "level")
        ]

    @property
    def has_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.FILTERS)

    def filters_used(self) -> dict[str, str]:
        """The filters given, as short strings (for the audit trail: no personal data)."""
        data = self.cleaned_data
        used: dict[str, str] = {}
        for name in self.FILTERS:
            value = data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, Election):
                value = value.code
            elif isinstance(value, (Classification, Tag)):
                value = value.pk if isinstance(value, Classification) else value.name
            used[name] = str(value)
        return used

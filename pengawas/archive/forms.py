"""Forms of the archive's records pages. Choices follow the user's jurisdiction
(archive/rules.py): only places they may file for, only access levels they may read."""

import re
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.archive import rules
from pengawas.archive.models import (
    AccessLevel,
    Classification,
    Function,
    Record,
    RetentionOutcome,
)
from pengawas.dpt.rules import elections_visible, tps_visible
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

# Common stages (tahapan) of a Pilkada, offered as suggestions; any text is accepted.
STAGES = (
    "Pembentukan badan ad hoc",
    "Pemutakhiran data pemilih",
    "Pencalonan",
    "Kampanye",
    "Dana kampanye",
    "Pengadaan dan distribusi logistik",
    "Masa tenang",
    "Pemungutan dan penghitungan suara",
    "Rekapitulasi hasil penghitungan suara",
    "Penetapan calon terpilih",
    "Penyelesaian sengketa",
)
# Document types seen in real numbers ("LHP": the Form A, laporan hasil pengawasan).
DOC_TYPES = ("LHP",)
RELATIONS = (
    ("terkait", _("Terkait dengan")),
    ("tindak lanjut dari", _("Tindak lanjut dari")),
    ("dasar bagi", _("Menjadi dasar bagi")),
)
# What the file picker offers first (the server sniffs the real type from the content).
ACCEPT = (
    "application/pdf,image/*,audio/*,video/*,.pdf,.jpg,.jpeg,.png,.doc,.docx,.xls,.xlsx,"
    ".ppt,.pptx,.odt,.ods,.odp,.mp3,.m4a,.ogg,.mp4,.webm"
)
_REGION_LEVELS = ("kabupaten", "kota", "kecamatan", "desa", "kelurahan")
_DOC_TYPE = re.compile(r"^[A-Za-z][A-Za-z0-9.-]{0,19}$")
_CLASSIFICATION_CODE = re.compile(r"^[A-Z]{2}(\.[0-9]{2}){0,3}$")


def _regions(jurisdiction: Jurisdiction) -> list[Region]:
    regions = Region.objects.filter(level__in=_REGION_LEVELS)
    if jurisdiction.tps_id is not None:
        return list(regions.filter(tps_set__pk=jurisdiction.tps_id))
    if jurisdiction.region_code is not None:
        code = jurisdiction.region_code
        regions = regions.filter(Q(code=code) | Q(code__startswith=code + "."))
    return list(regions.order_by("code"))


def region_choices(regions: list[Region]) -> list[tuple[str, Any]]:
    """Kabupaten first, then one group per kecamatan: the kecamatan itself, then its desa."""
    by_code = {r.code: r for r in regions}
    top: list[tuple[str, Any]] = []
    groups: dict[str, list[tuple[str, str]]] = {}
    for region in regions:
        parent = region.parent_id if region.level in ("desa", "kelurahan") else None
        if region.level == "kecamatan":
            groups.setdefault(region.code, []).insert(
                0, (region.code, _("Kecamatan %(name)s (seluruh)") % {"name": region.name})
            )
        elif parent is not None and parent in by_code:
            groups.setdefault(parent, []).append((region.code, region.name))
        else:
            top.append((region.code, f"{region.get_level_display()} {region.name}"))
    for code, options in groups.items():
        label = by_code[code].name if code in by_code else code
        top.append((str(label), options))
    return top


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")  # what <input type=date> speaks


class RecordForm(forms.Form):
    """A record's metadata; the files of a new record come with it (view: request.FILES)."""

    function = forms.ChoiceField(label=_("Fungsi"), choices=Function.choices)
    title = forms.CharField(label=_("Judul"), max_length=300)
    description = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    election = forms.ModelChoiceField(
        label=_("Pemilihan"), queryset=Election.objects.none(), required=False,
        empty_label=_("— tidak terkait pemilihan —"),
    )  # fmt: skip
    stage = forms.CharField(
        label=_("Tahapan"), max_length=80, required=False,
        widget=forms.TextInput(attrs={"list": "stages", "autocomplete": "off"}),
    )  # fmt: skip
    region = forms.ChoiceField(label=_("Wilayah"))
    tps = forms.ModelChoiceField(
        label=_("TPS"), queryset=Tps.objects.none(), required=False,
        empty_label=_("— tidak untuk satu TPS —"),
    )  # fmt: skip
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())
    classification = forms.ModelChoiceField(
        label=_("Kode klasifikasi"), queryset=Classification.objects.all(), required=False,
        empty_label=_("— belum diklasifikasi —"),
    )  # fmt: skip
    doc_type = forms.CharField(
        label=_("Jenis naskah (untuk nomor)"), max_length=20, required=False,
        help_text=_("Mis. LHP untuk Form A. Nomor diberikan bila kode klasifikasi dan jenis "
                    "naskah diisi."),
        widget=forms.TextInput(attrs={"list": "doc-types", "autocomplete": "off"}),
    )  # fmt: skip
    access_level = forms.ChoiceField(label=_("Tingkat akses"))
    tags = forms.CharField(
        label=_("Label"), max_length=500, required=False,
        help_text=_("Pisahkan dengan koma, mis.: kampanye, APK"),
    )  # fmt: skip

    def __init__(
        self, *args: Any, jurisdiction: Jurisdiction, record: Record | None = None, **kwargs: Any
    ) -> None:
        if record is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    "function": record.function,
                    "title": record.title,
                    "description": record.description,
                    "election": record.election_id,
                    "stage": record.stage,
                    "region": record.region_id,
                    "tps": record.tps_id,
                    "date": record.date,
                    "classification": record.classification_id,
                    "access_level": record.access_level,
                    "tags": ", ".join(t.name for t in record.tags.all()),
                }
            )
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        self.record = record
        self.regions = {r.code: r for r in _regions(jurisdiction)}
        if record is not None and record.region_id not in self.regions:
            self.regions[record.region_id] = record.region
        cast(forms.ChoiceField, self.fields["region"]).choices = region_choices(
            list(self.regions.values())
        )
        cast(
            "forms.ModelChoiceField[Election]", self.fields["election"]
        ).queryset = elections_visible(jurisdiction, Election.objects.all())
        levels = rules.levels_for(jurisdiction)
        cast(forms.ChoiceField, self.fields["access_level"]).choices = [
            (value, label) for value, label in AccessLevel.choices if value in levels
        ]
        if jurisdiction.role in (Role.PKD, Role.PTPS):
            # Few TPS: a choice. Elsewhere a record is filed for a region.
            cast("forms.ModelChoiceField[Tps]", self.fields["tps"]).queryset = tps_visible(
                jurisdiction, Tps.objects.select_related("election")
            )
            self.fields["tps"].label_from_instance = lambda tps: (  # type: ignore[attr-defined]
                f"{tps.label} · {tps.village.name} · {tps.election.code}"
            )
        else:
            del self.fields["tps"]
        if jurisdiction.tps_id is not None:
            # A PTPS files for their TPS.
            self.fields["tps"].required = True
            self.fields["tps"].empty_label = None  # type: ignore[attr-defined]
            self.fields["tps"].initial = jurisdiction.tps_id
        if record is None:
            self.fields["date"].initial = timezone.localdate()
            if len(self.regions) == 1:
                self.fields["region"].initial = next(iter(self.regions))
        elif record.number:
            del self.fields["doc_type"]  # a number, once issued, never changes

    def clean_doc_type(self) -> str:
        value: str = self.cleaned_data["doc_type"].strip()
        if value and not _DOC_TYPE.match(value):
            raise forms.ValidationError(_("Huruf dan angka saja, mis. LHP."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("region")
        region = self.regions.get(code or "")
        if region is None:
            return data
        data["region"] = region
        tps: Tps | None = data.get("tps")
        if tps is not None and tps.village_id != region.code:
            self.add_error("tps", _("TPS ini tidak berada di wilayah yang dipilih."))
        elif not rules.can_create_in(
            self.jurisdiction, region_code=region.code, tps_id=tps.pk if tps else None
        ):
            self.add_error("region", _("Wilayah ini di luar wilayah tugas Anda."))
        return data


class ListFilterForm(forms.Form):
    function = forms.ChoiceField(
        label=_("Fungsi"), required=False, choices=[("", _("Semua fungsi")), *Function.choices]
    )
    election = forms.ModelChoiceField(
        label=_("Pemilihan"), queryset=Election.objects.none(), required=False,
        empty_label=_("Semua pemilihan"), to_field_name="code",
    )  # fmt: skip
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            "forms.ModelChoiceField[Election]", self.fields["election"]
        ).queryset = elections_visible(jurisdiction, Election.objects.all())


class LinkForm(forms.Form):
    target = forms.CharField(
        label=_("Arsip tujuan (nomor arsip atau ID)"), max_length=120,
        help_text=_("Mis. 12/LHP/PM.01.03/16.12/XII/2020 atau 57"),
    )  # fmt: skip
    relation = forms.ChoiceField(label=_("Hubungan"), choices=RELATIONS)


class HoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penahanan (mis. nomor perkara)"), max_length=300, required=False
    )


class ClassificationForm(forms.Form):
    code = forms.CharField(label=_("Kode"), max_length=20)
    name = forms.CharField(label=_("Nama"), max_length=200)
    retention_years = forms.IntegerField(
        label=_("Masa simpan (tahun)"), required=False, min_value=0, max_value=100
    )
    retention_outcome = forms.ChoiceField(
        label=_("Keterangan akhir"), choices=RetentionOutcome.choices
    )

    def __init__(self, *args: Any, existing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if existing:  # a line's code never changes (records and numbers refer to it)
            self.fields["code"].widget = forms.HiddenInput()

    def clean_code(self) -> str:
        value: str = self.cleaned_data["code"].strip().upper()
        if not _CLASSIFICATION_CODE.match(value):
            raise forms.ValidationError(_("Format kode: dua huruf, lalu .nn, mis. PM.01.03"))
        return value

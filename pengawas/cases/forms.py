"""Forms of the case register: filing a case, moving it, recording a change."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pengawas.accounts.roles import Jurisdiction
from pengawas.archive.models import Record
from pengawas.cases import rules
from pengawas.cases.models import Case, CaseKind, ViolationType
from pengawas.cases.services import CHANGE_CHOICES, records_by_numbers
from pengawas.cases.states import Destination, next_statuses
from pengawas.elections.models import Election
from pengawas.regions.models import Region

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentsField(forms.CharField):
    """Archive record numbers, one per line or separated by commas."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("label", gettext_lazy("Dokumen (nomor arsip)"))
        kwargs.setdefault(
            "help_text", gettext_lazy("Nomor arsip SIP, satu per baris atau dipisah koma.")
        )
        super().__init__(**kwargs)


def _split_numbers(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]


class _WithRecords(forms.Form):
    user: User

    def records(self, field: str) -> list[Record]:
        found, missing = records_by_numbers(
            user=self.user, numbers=_split_numbers(self.data.get(field, ""))
        )
        if missing:
            self.add_error(
                field,
                _("Arsip tidak ditemukan atau tidak boleh Anda lihat: %s") % ", ".join(missing),
            )
        return found


class CaseCreateForm(_WithRecords):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=CaseKind.choices)
    election = forms.ModelChoiceField(
        label=gettext_lazy("Pemilihan"), queryset=Election.objects.all(), empty_label=None
    )
    region: forms.ModelChoiceField[Region] = forms.ModelChoiceField(
        label=gettext_lazy("Ditangani di (wilayah)"), queryset=None, empty_label=None
    )
    received_at = forms.DateTimeField(label=gettext_lazy("Diterima pada"), widget=DATETIME_WIDGET)
    known_on = forms.DateField(
        label=gettext_lazy("Tanggal pelanggaran diketahui"), required=False, widget=DATE_WIDGET
    )
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("Waktu kejadian"), required=False, widget=DATETIME_WIDGET
    )
    place = forms.CharField(label=gettext_lazy("Tempat kejadian"), required=False, max_length=300)
    pelapor_name = forms.CharField(
        label=gettext_lazy("Nama pelapor"), required=False, max_length=200
    )
    pelapor_address = forms.CharField(
        label=gettext_lazy("Alamat pelapor"), required=False, max_length=300
    )
    pelapor_contact = forms.CharField(
        label=gettext_lazy("Kontak pelapor (telepon/surel)"), required=False, max_length=100
    )
    terlapor = forms.CharField(label=gettext_lazy("Terlapor"), max_length=300)
    description = forms.CharField(
        label=gettext_lazy("Uraian kejadian"), widget=forms.Textarea(attrs={"rows": 5})
    )
    violation_type = forms.ChoiceField(
        label=gettext_lazy("Dugaan jenis pelanggaran"), choices=ViolationType.choices
    )
    source_record = forms.CharField(
        label=gettext_lazy("Form A sumber temuan (nomor arsip)"), required=False, max_length=120
    )
    documents = DocumentsField()

    PELAPOR_FIELDS = ("pelapor_name", "pelapor_address", "pelapor_contact")

    def __init__(self, *args: Any, user: User, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
        )
        super().__init__(*args, **kwargs)
        self.user = user
        kinds = rules.kinds_for(jurisdiction)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(value, label) for value, label in CaseKind.choices if value in kinds]
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = rules.filing_regions(jurisdiction)
        self.can_take_laporan = CaseKind.LAPORAN in kinds
        if not self.can_take_laporan:
            for name in (*self.PELAPOR_FIELDS, "known_on"):
                del self.fields[name]
        self.source: Record | None = None
        self.document_records: list[Record] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        received_at = data.get("received_at")
        if received_at and received_at > timezone.now():
            self.add_error("received_at", _("Waktu ini belum terjadi."))
        if kind == CaseKind.LAPORAN:
            for name in ("pelapor_name", "pelapor_address", "known_on"):
                if not data.get(name):
                    self.add_error(name, _("Wajib diisi untuk laporan."))
            known_on = data.get("known_on")
            if known_on and received_at and known_on > timezone.localtime(received_at).date():
                self.add_error(
                    "known_on", _("Tanggal diketahui tidak boleh setelah laporan diterima.")
                )
        number = (data.get("source_record") or "").strip()
        if number and kind == CaseKind.TEMUAN:
            found = self.records("source_record")
            self.source = found[0] if found else None
        self.document_records = self.records("documents")
        return data


class CaseMoveForm(_WithRecords):
    to = forms.ChoiceField(label=gettext_lazy("Status baru"))
    on = forms.DateTimeField(label=gettext_lazy("Tanggal keputusan"), widget=DATETIME_WIDGET)
    note = forms.CharField(
        label=gettext_lazy("Catatan/alasan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    destination = forms.ChoiceField(
        label=gettext_lazy("Diteruskan kepada"),
        required=False,
        choices=[("", "—"), *Destination.choices],
    )
    destination_name = forms.CharField(
        label=gettext_lazy("Nama instansi (bila instansi lain)"), required=False, max_length=200
    )
    documents = DocumentsField()

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)
        self.user = user
        to_field = self.fields["to"]
        assert isinstance(to_field, forms.ChoiceField)
        labels = dict(Case._meta.get_field("status").choices or [])
        to_field.choices = [
            (value, labels.get(value, value)) for value in next_statuses(case.status)
        ]
        self.document_records: list[Record] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.document_records = self.records("documents")
        return data


class CaseChangeForm(_WithRecords):
    change = forms.ChoiceField(label=gettext_lazy("Catat"), choices=CHANGE_CHOICES)
    on = forms.DateTimeField(label=gettext_lazy("Tanggal"), required=False, widget=DATETIME_WIDGET)
    documents = DocumentsField()

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.document_records: list[Record] = []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.document_records = self.records("documents")
        return data

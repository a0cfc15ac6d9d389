"""The audit page's filters (GET). None of them carries personal data."""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pengawas.audit.actions import Action
from pengawas.audit.selectors import AuditFilters


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    pengguna = forms.CharField(label=_("Pengguna"), max_length=150, required=False)
    tindakan = forms.ChoiceField(
        label=_("Tindakan"), choices=[("", _("Semua")), *Action.choices], required=False
    )
    dari = forms.DateField(label=_("Dari tanggal"), required=False, widget=DateInput)
    sampai = forms.DateField(label=_("Sampai tanggal"), required=False, widget=DateInput)
    jenis = forms.CharField(label=_("Jenis objek"), max_length=40, required=False)
    objek = forms.CharField(label=_("ID objek"), max_length=64, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: datetime.date | None = data.get("dari")
        end: datetime.date | None = data.get("sampai")
        if start and end and end < start:
            raise ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data

    def filters(self) -> AuditFilters:
        """The chosen filters (none when the form is not valid)."""
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            username=data["pengguna"].strip(),
            action=data["tindakan"],
            date_from=data["dari"],
            date_to=data["sampai"],
            target_type=data["jenis"].strip(),
            target_id=data["objek"].strip(),
        )

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pengawas.incidents.grounds import INCIDENT_TYPES, RECOUNT, REVOTE, TYPES
from pengawas.incidents.services import NOTE_MAX, WIB

GROUPED_CHOICES = [
    (
        _("Pemungutan suara ulang"),
        [(t.code, t.label) for t in INCIDENT_TYPES if t.section == REVOTE],
    ),
    (
        _("Penghitungan suara ulang"),
        [(t.code, t.label) for t in INCIDENT_TYPES if t.section == RECOUNT],
    ),
]


class IncidentForm(forms.Form):
    code = forms.ChoiceField(label=_("Kejadian"), choices=GROUPED_CHOICES, widget=forms.RadioSelect)
    count = forms.IntegerField(
        label=_("Jumlah"),
        required=False,
        min_value=1,
        help_text=_(
            "Isi untuk kejadian yang dihitung: surat suara yang dirusak, pemilih yang memilih "
            "lebih dari sekali, atau orang tidak terdaftar yang memilih."
        ),
    )
    time = forms.TimeField(
        label=_("Pukul (WIB)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Kosongkan bila baru saja terjadi."),
    )
    note = forms.CharField(
        label=_("Keterangan"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Made when the form is shown: sending the same form twice records one incident.
    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code = data.get("code")
        if code in TYPES and TYPES[code].counted and data.get("count") is None:
            self.add_error("count", _("Kejadian ini perlu jumlah (%(what)s).") % {
                "what": TYPES[code].count_label})  # fmt: skip
        if code in TYPES and not TYPES[code].counted:
            data["count"] = None
        return data

    def occurred_at(self, day: datetime.date | None = None) -> datetime.datetime | None:
        """The time given, on the day given (today in WIB by default)."""
        time = self.cleaned_data.get("time")
        if time is None:
            return None
        on = day or timezone.localdate(timezone=WIB)
        return datetime.datetime.combine(on, time, tzinfo=WIB)

"""The form that starts an audit from the web, and the filters of a run's findings."""

from typing import Any, cast

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pengawas.accounts.roles import Jurisdiction, Role
from pengawas.dpt.models import Snapshot
from pengawas.dpt.rules import elections_visible
from pengawas.dpt_audit.models import Category
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region


class _SnapshotField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        snapshot: Snapshot = obj
        day = snapshot.imported_at.strftime("%d-%m-%Y")
        return f"{snapshot.election.code} · {snapshot.stage} · {snapshot.source_name} ({day})"


class _RegionField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"Kec. {obj.name}"


class AuditStartForm(forms.Form):
    election = forms.ModelChoiceField(
        queryset=Election.objects.none(), label=_("Pemilihan"), empty_label=None
    )
    snapshot = _SnapshotField(
        queryset=Snapshot.objects.none(),
        label=_("Daftar pemilih"),
        required=False,
        empty_label=_("Terbaru (DPT bila ada)"),
    )
    region = _RegionField(
        queryset=Region.objects.none(),
        label=_("Bagian daftar"),
        required=False,
        empty_label=_("Seluruh daftar"),
    )

    def __init__(self, *args: Any, jurisdiction: Jurisdiction, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.jurisdiction = jurisdiction
        elections = elections_visible(jurisdiction, Election.objects.all()).order_by(
            "-voting_day", "code"
        )
        cast(forms.ModelChoiceField, self.fields["election"]).queryset = elections  # type: ignore[type-arg]
        cast(forms.ModelChoiceField, self.fields["snapshot"]).queryset = (  # type: ignore[type-arg]
            Snapshot.objects.filter(election__in=elections)
            .select_related("election")
            .order_by("election__code", "-imported_at", "-pk")
        )
        self.own_region: Region | None = None
        if jurisdiction.role == Role.PANWASCAM:
            # A Panwascam audits their own kecamatan: no choice to offer.
            del self.fields["region"]
            self.own_region = Region.objects.filter(pk=jurisdiction.region_code).first()
        else:
            kecamatan = Region.objects.filter(level=Level.KECAMATAN)
            if jurisdiction.region_code is not None:
                code = jurisdiction.region_code
                kecamatan = kecamatan.filter(Q(code=code) | Q(code__startswith=code + "."))
            cast(forms.ModelChoiceField, self.fields["region"]).queryset = kecamatan.order_by(  # type: ignore[type-arg]
                "code"
            )

    @property
    def has_elections(self) -> bool:
        return self.fields["election"].queryset.exists()  # type: ignore[attr-defined, no-any-return]


class FindingFilterForm(forms.Form):
    category = forms.ChoiceField(
        choices=[("", _("Semua kategori")), *Category.choices], required=False, label=_("Kategori")
    )
    desa = forms.ChoiceField(choices=[("", _("Semua desa"))], required=False, label=_("Desa"))
    after = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, villages: list[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["desa"].choices = [  # type: ignore[attr-defined]
            ("", _("Semua desa")),
            *((village.code, _village_label(village)) for village in villages),
        ]


def _village_label(village: Region) -> str:
    if village.parent is not None:
        return f"{village.name} (Kec. {village.parent.name})"
    return village.name

"""Labels for deadlines and their states on the case pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from pengawas.cases.deadlines import COMPLETENESS, DECISION, FILING, State
from pengawas.cases.states import Destination, Status

register = template.Library()

DEADLINE_LABELS = {
    FILING: _("Batas penyampaian laporan"),
    COMPLETENESS: _("Kelengkapan syarat"),
    DECISION: _("Putusan setelah registrasi"),
}
STATE_LABELS = {
    State.OK: _("berjalan"),
    State.DUE_SOON: _("segera jatuh tempo"),
    State.OVERDUE: _("lewat batas"),
    State.MET: _("tepat waktu"),
    State.LATE: _("terlambat"),
}


@register.filter
def deadline_label(code: str) -> str:
    return str(DEADLINE_LABELS.get(code, code))


@register.filter
def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


@register.filter
def status_label(status: str) -> str:
    try:
        return str(Status(status).label)
    except ValueError:
        return status


@register.filter
def destination_label(destination: str) -> str:
    try:
        return str(Destination(destination).label)
    except ValueError:
        return destination

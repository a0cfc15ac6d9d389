"""The audit page for Bawaslu (login required)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pengawas.accounts.selectors import user_jurisdiction
from pengawas.audit.models import AuditEntry
from pengawas.audit.rules import can_view_audit


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not can_view_audit(user_jurisdiction(user=request.user)):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related(None).order_by("-seq")[:50]
    return render(request, "audit/list.html", {"entries": entries})

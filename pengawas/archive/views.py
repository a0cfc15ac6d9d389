"""The archive's records pages: the list, a new record with its files, a record and its
files, changes to it, and the classification and retention table.

Login required; who may do what is decided in archive/rules.py and applied by
services_records (records_visible in SQL): a record outside the user's jurisdiction or above
their access level answers 404, an action their role may not take 403. Opening a record and
every view or download of a file is written to the audit trail, with the file's SHA-256.
"""

from collections.abc import Iterable
from typing import Any, BinaryIO, cast

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pengawas.accounts.access import jurisdiction_required
from pengawas.accounts.roles import Jurisdiction
from pengawas.archive import rules
from pengawas.archive.forms import (
    ACCEPT,
    DOC_TYPES,
    STAGES,
    ClassificationForm,
    HoldForm,
    LinkForm,
    ListFilterForm,
    RecordForm,
)
from pengawas.archive.models import Classification, Record, StoredFile
from pengawas.archive.previews import preview_possible
from pengawas.archive.services_custody import record_custody
from pengawas.archive.services_files import (
    NO_PREVIEW,
    ArchiveKeyMissing,
    ArchiveKeyUnknown,
    FileCorrupted,
    FileMissing,
    FileRefused,
    file_chunks,
    file_detail,
    file_store,
    preview_chunks,
)
from pengawas.archive.services_records import (
    classification_save,
    record_audit,
    record_create,
    record_file_versions,
    record_get_visible,
    record_hold_lift,
    record_hold_set,
    record_link,
    record_links_visible,
    record_update,
    records_for,
    tags_parse,
)
from pengawas.audit.actions import Action
from pengawas.audit.services import audit_record

PAGE_SIZE = 25
# Shown in the browser; anything else is downloaded. Never SVG or HTML (they can carry script).
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
# A stored file is served as a document of its own: nothing on it may run or load anything.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
PDF_CSP = "sandbox"


_for_archive = jurisdiction_required(rules.can_use_archive)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _search_url() -> str | None:
    try:
        return reverse("archive-search")
    except NoReverseMatch:
        return None


def _files_store(
    request: HttpRequest,
    record: Record,
    uploads: Iterable[UploadedFile],
    *,
    replaces: StoredFile | None = None,
) -> int:
    """Store each upload as it arrived (on disk when large); a refused file is named in an
    error message and the others are kept. Returns how many were stored."""
    stored = 0
    for upload in uploads:
        name = upload.name or "berkas"
        try:
            file_store(
                record=record,
                source=cast(BinaryIO, upload),
                name=name,
                user=_user(request),
                replaces=replaces,
                request=request,
            )
            stored += 1
        except FileRefused as exc:
            messages.error(
                request,
                _("Berkas “%(name)s” ditolak: %(reason)s") % {"name": name, "reason": exc.message},
            )
        except (ArchiveKeyMissing, ArchiveKeyUnknown) as exc:
            messages.error(request, str(exc))
            break
        finally:
            upload.close()
    if stored:
        messages.success(
            request,
            _("%(count)d berkas tersimpan.") % {"count": stored},
        )
    return stored


def _record_url(record: Record) -> str:
    return reverse("archive-record", args=[record.pk])


@_for_archive
@never_cache
@require_GET
def record_list(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The newest records the user may see, by function and election."""
    form = ListFilterForm(request.GET or None, jurisdiction=jurisdiction)
    records = records_for(user=_user(request)).select_related("region", "election")
    page_number = 1
    if form.is_valid():
        if form.cleaned_data["function"]:
            records = records.filter(function=form.cleaned_data["function"])
        if form.cleaned_data["election"]:
            records = records.filter(election=form.cleaned_data["election"])
        page_number = form.cleaned_data["page"] or 1
    page = Paginator(records.order_by("-date", "-pk"), PAGE_SIZE).get_page(page_number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "archive/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "search_url": _search_url(),
            "show_tables": jurisdiction.is_bawaslu,
        },
    )


def _record_form_context(form: RecordForm) -> dict[str, Any]:
    return {"form": form, "stages": STAGES, "doc_types": DOC_TYPES, "accept": ACCEPT}


@_for_archive
@never_cache
@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """A new record and its files, in one form. The record is kept even when some files are
    refused; each refusal is named."""
    form = RecordForm(request.POST or None, jurisdiction=jurisdiction)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record = record_create(
                user=_user(request),
                function=data["function"],
                title=data["title"],
                description=data["description"],
                election=data["election"],
                stage=data["stage"],
                region=data["region"],
                tps=data.get("tps"),
                date=data["date"],
                classification=data["classification"],
                access_level=data["access_level"],
                tags=tags_parse(data["tags"]),
                doc_type=data["doc_type"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Arsip tersimpan."))
            _files_store(request, record, request.FILES.getlist("files"))
            return redirect(_record_url(record))
    return render(request, "archive/create.html", _record_form_context(form))


@_for_archive
@never_cache
@require_GET
def record_detail(request: HttpRequest, jurisdiction: Jurisdiction, record_id: int) -> HttpResponse:
    record = record_get_visible(user=_user(request), record_id=record_id)
    user = _user(request)
    record_audit(action=Action.RECORD_VIEWED, record=record, request=request)
    can_change = rules.can_change(jurisdiction, user_id=user.pk, record=record)
    files = record_file_versions(record=record)
    can_hold = rules.can_hold(jurisdiction)
    return render(
        request,
        "archive/record.html",
        {
            "record": record,
            "tags": list(record.tags.all()),
            "files": files,
            "previews": {
                versions[0].pk
                for versions in files
                if preview_possible(versions[0].content_type)
                and versions[0].preview_storage_name != NO_PREVIEW
            },
            "links": record_links_visible(user=user, record=record),
            "can_change": can_change,
            "can_hold": can_hold,
            "link_form": LinkForm() if can_change else None,
            "hold_form": HoldForm() if can_hold else None,
            "accept": ACCEPT,
            "inline_types": INLINE_TYPES,
            "custody": record_custody(record=record),
        },
    )


def _changeable(request: HttpRequest, jurisdiction: Jurisdiction, record_id: int) -> Record:
    record = record_get_visible(user=_user(request), record_id=record_id)
    if not rules.can_change(jurisdiction, user_id=_user(request).pk, record=record):
        raise PermissionDenied
    return record


@_for_archive
@never_cache
@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, jurisdiction: Jurisdiction, record_id: int) -> HttpResponse:
    record = _changeable(request, jurisdiction, record_id)
    form = RecordForm(request.POST or None, jurisdiction=jurisdiction, record=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            name: data[name]
            for name in (
                "function",
                "title",
                "description",
                "election",
                "stage",
                "region",
                "date",
                "classification",
                "access_level",
            )
        }
        if "tps" in data:
            changes["tps"] = data["tps"]
        try:
            changed = record_update(
                user=_user(request),
                record=record,
                changes=changes,
                tags=tags_parse(data["tags"]),
                doc_type=data.get("doc_type", ""),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if changed:
                messages.success(request, _("Perubahan tersimpan."))
            else:
                messages.info(request, _("Tidak ada yang berubah."))
            return redirect(_record_url(record))
    context = _record_form_context(form) | {"record": record}
    return render(request, "archive/edit.html", context)


@_for_archive
@require_POST
def file_add(request: HttpRequest, jurisdiction: Jurisdiction, record_id: int) -> HttpResponse:
    record = _changeable(request, jurisdiction, record_id)
    uploads = request.FILES.getlist("files")
    if not uploads:
        messages.error(request, _("Pilih berkas yang akan ditambahkan."))
    _files_store(request, record, uploads)
    return redirect(_record_url(record))


@_for_archive
@require_POST
def file_replace(
    request: HttpRequest, jurisdiction: Jurisdiction, record_id: int, file_id: int
) -> HttpResponse:
    """A corrected version of a file: a new version, the old one stays."""
    record = _changeable(request, jurisdiction, record_id)
    current = get_object_or_404(
        StoredFile, record=record, pk=file_id, deleted_at__isnull=True, replaced_by__isnull=True
    )
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Pilih berkas perbaikannya."))
    else:
        _files_store(request, record, [upload], replaces=current)
    return redirect(_record_url(record))


@_for_archive
@require_POST
def record_link_add(
    request: HttpRequest, jurisdiction: Jurisdiction, record_id: int
) -> HttpResponse:
    record = _changeable(request, jurisdiction, record_id)
    form = LinkForm(request.POST)
    if form.is_valid():
        target = form.cleaned_data["target"].strip()
        found = records_for(user=_user(request)).filter(number=target).first()
        target_id = found.pk if found is not None else int(target) if target.isdigit() else None
        try:
            if target_id is None:
                raise Http404("target")
            record_link(
                user=_user(request),
                source=record,
                target_id=target_id,
                relation=form.cleaned_data["relation"],
                request=request,
            )
        except Http404:
            messages.error(request, _("Arsip tujuan tidak ditemukan."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Tautan tersimpan."))
    else:
        messages.error(request, _("Isi arsip tujuan dan hubungannya."))
    return redirect(_record_url(record))


@_for_archive
@require_POST
def record_hold(request: HttpRequest, jurisdiction: Jurisdiction, record_id: int) -> HttpResponse:
    """Set or lift a legal hold (the komisioner): a held record cannot be disposed of."""
    record = record_get_visible(user=_user(request), record_id=record_id)
    if not rules.can_hold(jurisdiction):
        raise PermissionDenied
    form = HoldForm(request.POST)
    if request.POST.get("action") == "lift":
        record_hold_lift(user=_user(request), record=record, request=request)
        messages.success(request, _("Penahanan dicabut."))
    elif form.is_valid():
        try:
            record_hold_set(
                user=_user(request),
                record=record,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Arsip ditahan: tidak dapat dimusnahkan."))
    return redirect(_record_url(record))


def _stored_file(request: HttpRequest, record_id: int, file_id: int) -> StoredFile:
    record = record_get_visible(user=_user(request), record_id=record_id)
    return get_object_or_404(
        StoredFile.objects.select_related("record"),
        record=record,
        pk=file_id,
        deleted_at__isnull=True,
    )


def safe_filename(name: str) -> str:
    """A name fit for Content-Disposition: no path, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?')
    return cleaned.strip(" .")[:150] or "berkas"


def _no_store(response: HttpResponse | StreamingHttpResponse) -> None:
    patch_cache_control(response, no_store=True, private=True, max_age=0)
    response["X-Content-Type-Options"] = "nosniff"


def _unreadable(request: HttpRequest, stored: StoredFile, problem: str) -> HttpResponse:
    audit_record(
        action=Action.FILE_CORRUPTED,
        request=request,
        target_type="file",
        target_id=str(stored.pk),
        target_label=f"arsip {stored.record_id} berkas {stored.pk} v{stored.version}",
        detail=file_detail(stored) | {"problem": problem},
    )
    return HttpResponse(
        _("Berkas ini rusak atau hilang dari penyimpanan. Laporkan kepada administrator."),
        status=410,
        content_type="text/plain; charset=utf-8",
    )


def _serve(
    request: HttpRequest, stored: StoredFile, *, download: bool
) -> StreamingHttpResponse | HttpResponse:
    inline = not download and stored.content_type in INLINE_TYPES
    try:
        chunks = file_chunks(stored=stored)
    except FileMissing:
        return _unreadable(request, stored, "missing")
    except FileCorrupted:
        return _unreadable(request, stored, "corrupted")
    except (ArchiveKeyMissing, ArchiveKeyUnknown) as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = StreamingHttpResponse(
        chunks, content_type=stored.content_type or "application/octet-stream"
    )
    response["Content-Length"] = str(stored.size)
    response["Content-Disposition"] = (
        content_disposition_header(not inline, safe_filename(stored.original_name)) or "inline"
    )
    response["Content-Security-Policy"] = (
        PDF_CSP if inline and stored.content_type == "application/pdf" else FILE_CSP
    )
    _no_store(response)
    audit_record(
        action=Action.FILE_VIEWED if inline else Action.FILE_DOWNLOADED,
        request=request,
        target_type="file",
        target_id=str(stored.pk),
        target_label=f"arsip {stored.record_id} berkas {stored.pk} v{stored.version}",
        detail=file_detail(stored),
    )
    return response


@_for_archive
@require_GET
def file_view(
    request: HttpRequest, jurisdiction: Jurisdiction, record_id: int, file_id: int
) -> StreamingHttpResponse | HttpResponse:
    """A PDF or a picture in the browser; anything else is downloaded."""
    return _serve(request, _stored_file(request, record_id, file_id), download=False)


@_for_archive
@require_GET
def file_download(
    request: HttpRequest, jurisdiction: Jurisdiction, record_id: int, file_id: int
) -> StreamingHttpResponse | HttpResponse:
    return _serve(request, _stored_file(request, record_id, file_id), download=True)


def _image_type(head: bytes) -> str:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    raise Http404("preview")


@_for_archive
@require_GET
def file_preview(
    request: HttpRequest, jurisdiction: Jurisdiction, record_id: int, file_id: int
) -> StreamingHttpResponse:
    """A small picture of an image or of a PDF's first page (drawn by the vault)."""
    stored = _stored_file(request, record_id, file_id)
    chunks = preview_chunks(stored=stored)
    if chunks is None:
        raise Http404("preview")
    iterator = iter(chunks)
    first = next(iterator, b"")
    content_type = _image_type(first)

    def body() -> Iterable[bytes]:
        yield first
        yield from iterator

    response = StreamingHttpResponse(body(), content_type=content_type)
    response["Content-Security-Policy"] = FILE_CSP
    _no_store(response)
    return response


@_for_archive
@never_cache
@require_http_methods(["GET", "POST"])
def classifications(request: HttpRequest, jurisdiction: Jurisdiction) -> HttpResponse:
    """The classification codes and their retention (JRA, Perbawaslu 21/2014): edited by the
    table keepers, read by Bawaslu, not shown to field roles (it is Bawaslu's own table)."""
    if not jurisdiction.is_bawaslu:
        raise PermissionDenied
    can_edit = rules.can_keep_tables(jurisdiction)
    form = ClassificationForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            line, changed = classification_save(
                user=_user(request),
                code=data["code"],
                name=data["name"],
                retention_years=data["retention_years"],
                retention_outcome=data["retention_outcome"],
                request=request,
            )
            if changed:
                messages.success(
                    request, _("Klasifikasi %(code)s tersimpan.") % {"code": line.code}
                )
            return redirect("archive-classifications")
    lines = list(Classification.objects.all())
    edit_forms: list[tuple[Classification, ClassificationForm | None]] = (
        [
            (
                line,
                ClassificationForm(
                    initial={
                        "code": line.code,
                        "name": line.name,
                        "retention_years": line.retention_years,
                        "retention_outcome": line.retention_outcome,
                    },
                    auto_id=f"id_c{index}_%s",
                    existing=True,
                ),
            )
            for index, line in enumerate(lines)
        ]
        if can_edit
        else [(line, None) for line in lines]
    )
    return render(
        request,
        "archive/classifications.html",
        {"lines": edit_forms, "form": form, "can_edit": can_edit},
    )

"""Form A services: sent exactly once, photos once, review, archive, temuan, the contract."""

import io
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from pengawas.archive.models import StoredFile
from pengawas.archive.services_custody import record_custody
from pengawas.audit.models import AuditEntry
from pengawas.cases.models import Case
from pengawas.elections.models import Tps
from pengawas.form_a.models import FormA, FormAPhoto, Status
from pengawas.form_a.photos import MAX_SIDE, PhotoRefused, photo_prepare
from pengawas.form_a.report import report_clean
from pengawas.form_a.services import (
    FormAInvalid,
    form_a_archive,
    form_a_confirm,
    form_a_flags,
    form_a_prefill,
    form_a_return,
    form_a_status,
    form_a_temuan,
    form_a_upsert,
)
from pengawas.form_a.tests.conftest import VIOLATION, photo_bytes, report_data

pytestmark = pytest.mark.django_db


def _send(
    user: User, tps: Tps, key: uuid.UUID, *photos: bytes, revision: int = 1, **data: object
) -> FormA:
    return form_a_upsert(
        user=user, tps=tps, client_uuid=key, raw=report_data(**data), revision=revision,
        photos=[io.BytesIO(photo) for photo in photos],
    ).form  # fmt: skip


def test_a_report_sent_again_is_the_same_report(ptps: User, tps: Tps) -> None:
    key = uuid.uuid4()
    first = form_a_upsert(user=ptps, tps=tps, client_uuid=key, raw=report_data())
    again = form_a_upsert(user=ptps, tps=tps, client_uuid=key, raw=report_data(uraian="lain"))
    assert first.created and not again.created and not again.changed
    assert again.form.pk == first.form.pk
    assert FormA.objects.count() == 1
    form = FormA.objects.get()
    assert form.status == Status.SUBMITTED
    assert form.submitted_at is not None
    assert form.data["uraian"].startswith("Pukul 07.20")


def test_photos_are_kept_once_per_report(ptps: User, tps: Tps) -> None:
    key = uuid.uuid4()
    one, two = photo_bytes(), photo_bytes(color="#aa0000")
    _send(ptps, tps, key, one, one)
    _send(ptps, tps, key, one, two)
    form = FormA.objects.get()
    assert form.photos.count() == 2
    # The same photo in another report is that report's own.
    _send(ptps, tps, uuid.uuid4(), one)
    assert FormAPhoto.objects.count() == 3


def test_a_large_photo_is_shrunk_and_a_fake_refused() -> None:
    photo = photo_prepare(io.BytesIO(photo_bytes(width=4000, height=3000)))
    assert (photo.width, photo.height) == (MAX_SIDE, 1200)
    small = photo_bytes()
    assert photo_prepare(io.BytesIO(small)).content == small  # kept byte for byte
    png = photo_prepare(io.BytesIO(photo_bytes(kind="PNG")))
    assert png.content[:3] == b"\xff\xd8\xff"
    with pytest.raises(PhotoRefused, match="bukan foto"):
        photo_prepare(io.BytesIO(b"%PDF-1.4 bukan foto"))
    with pytest.raises(PhotoRefused, match="kosong"):
        photo_prepare(io.BytesIO(b""))


def test_refused_photo_does_not_stop_the_report(ptps: User, tps: Tps) -> None:
    result = form_a_upsert(
        user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(),
        photos=[io.BytesIO(b"bukan foto"), io.BytesIO(photo_bytes())],
    )  # fmt: skip
    assert result.photos_added == 1
    assert len(result.photos_refused) == 1


def test_incomplete_report_is_refused_with_reasons(ptps: User, tps: Tps) -> None:
    with pytest.raises(FormAInvalid) as caught:
        form_a_upsert(user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(uraian=""))
    assert caught.value.errors == {"uraian": "Wajib diisi."}
    # A draft may be incomplete.
    draft = form_a_upsert(
        user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(uraian=""), final=False
    )
    assert draft.form.status == Status.DRAFT
    _data, errors = report_clean(report_data(pelanggaran={"pelaku": "X"}), final=True)
    assert set(errors) == {"pelanggaran.peristiwa", "pelanggaran.uraian"}
    assert report_clean("teks", final=True)[1] == {"__all__": "Isi Form A tidak dapat dibaca."}


def test_uuid_of_another_tps_is_refused(ptps: User, tps: Tps, far_tps: Tps, make_user) -> None:  # type: ignore[no-untyped-def]
    key = uuid.uuid4()
    _send(ptps, tps, key)
    other = make_user("ptps", tps=far_tps, username="ptps-jauh")
    with pytest.raises(FormAInvalid):
        _send(other, far_tps, key)


def test_return_then_resend_with_a_new_revision(ptps: User, pkd: User, tps: Tps) -> None:
    key = uuid.uuid4()
    form = _send(ptps, tps, key)
    with pytest.raises(ValidationError):
        form_a_return(user=pkd, form=form, note="  ")
    form_a_return(user=pkd, form=form, note="Lengkapi jam kedatangan kotak suara.")
    form.refresh_from_db()
    assert (form.status, form.reviewed_by) == (Status.RETURNED, pkd)
    # A late copy of the first revision does not undo the return.
    _send(ptps, tps, key, uraian="salinan lama")
    form.refresh_from_db()
    assert form.status == Status.RETURNED
    _send(ptps, tps, key, revision=2, uraian="Kotak suara tiba pukul 07.50.")
    form.refresh_from_db()
    assert (form.status, form.revision, form.data["uraian"]) == (
        Status.SUBMITTED, 2, "Kotak suara tiba pukul 07.50."
    )  # fmt: skip
    assert FormA.objects.count() == 1


def test_ptps_cannot_review(ptps: User, tps: Tps) -> None:
    form = _send(ptps, tps, uuid.uuid4())
    with pytest.raises(PermissionDenied):
        form_a_confirm(user=ptps, form=form)


def test_confirm_files_the_report_in_the_archive(
    ptps: User, panwascam: User, tps: Tps, archive_key: str
) -> None:
    form = _send(ptps, tps, uuid.uuid4(), photo_bytes(), photo_bytes(color="#00aa00"))
    form_a_confirm(user=panwascam, form=form)
    form.refresh_from_db()
    assert form.status == Status.CONFIRMED and form.confirmed_at is not None
    assert form.archive_error == ""
    record = form.record
    assert record is not None
    assert (record.function, record.tps, record.region_id) == ("pengawasan", tps, tps.village_id)
    assert record.number and "/LHP/PM.01.03/" in record.number
    files = list(StoredFile.objects.filter(record=record).order_by("pk"))
    assert [f.content_type for f in files] == ["application/pdf", "image/jpeg", "image/jpeg"]
    assert [f.sha256 for f in files[1:]] == [p.sha256 for p in form.photos.all()]
    events = [event.action for event in record_custody(record=record)]
    assert events.count("file.added") == 3 and "record.created" in events
    # Confirmed: nothing changes it any more.
    with pytest.raises(ValidationError):
        form_a_return(user=panwascam, form=form, note="terlambat")


def test_confirm_without_archive_key_says_why_and_can_retry(
    ptps: User,
    pkd: User,
    tps: Tps,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ARCHIVE_KEY = ""
    settings.ARCHIVE_KEY_OLD = ""
    form = _send(ptps, tps, uuid.uuid4(), photo_bytes())
    form_a_confirm(user=pkd, form=form)
    form.refresh_from_db()
    assert form.status == Status.CONFIRMED and form.record is None
    assert "PENGAWAS_ARCHIVE_KEY" in form.archive_error
    from pengawas.archive.crypto import key_generate

    settings.ARCHIVE_KEY = key_generate()
    assert form_a_archive(user=pkd, form=form)
    form.refresh_from_db()
    assert form.record is not None and form.archive_error == ""
    assert StoredFile.objects.filter(record=form.record).count() == 2


def test_temuan_from_a_confirmed_report_with_a_violation(
    ptps: User, pkd: User, panwascam: User, tps: Tps, archive_key: str
) -> None:
    form = _send(ptps, tps, uuid.uuid4(), pelanggaran=VIOLATION)
    with pytest.raises(ValidationError):  # not confirmed yet
        form_a_temuan(user=panwascam, form=form, violation_type="administrasi")
    form_a_confirm(user=pkd, form=form)
    with pytest.raises(PermissionDenied):  # a PKD does not file it here
        form_a_temuan(user=pkd, form=form, violation_type="administrasi")
    case = form_a_temuan(user=panwascam, form=form, violation_type="administrasi")
    form.refresh_from_db()
    assert form.case == case
    assert (case.kind, case.region_id, case.source_record) == ("temuan", "35.05.01", form.record)
    assert case.terlapor == "Ketua KPPS TPS 001"
    assert "menulis nama" in case.description
    with pytest.raises(ValidationError):
        form_a_temuan(user=panwascam, form=form, violation_type="administrasi")
    assert Case.objects.count() == 1
    events = list(
        AuditEntry.objects.filter(target_type="form_a", target_id=str(form.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert events == ["form_a.sent", "form_a.confirmed", "form_a.archived", "form_a.temuan"]


def test_temuan_needs_section_iv(ptps: User, pkd: User, panwascam: User, tps: Tps) -> None:
    form = _send(ptps, tps, uuid.uuid4())
    form_a_confirm(user=pkd, form=form)
    with pytest.raises(ValidationError):
        form_a_temuan(user=panwascam, form=form, violation_type="administrasi")


def test_status_and_flags(ptps: User, pkd: User, tps: Tps, far_tps: Tps) -> None:
    assert form_a_status(tps=tps) is None
    assert form_a_flags(tps=tps) == set()
    draft = form_a_upsert(
        user=ptps, tps=tps, client_uuid=uuid.uuid4(), raw=report_data(pelanggaran=VIOLATION),
        final=False,
    ).form  # fmt: skip
    assert form_a_status(tps=tps) == "draft"
    assert form_a_flags(tps=tps) == set()  # a draft says nothing yet
    sent = _send(ptps, tps, uuid.uuid4(), keberatan=True,
                 sengketa={"uraian": "Keputusan KPPS menolak pemilih DPTb"})  # fmt: skip
    assert form_a_status(tps=tps) == "submitted"
    assert form_a_flags(tps=tps) == {"keberatan", "sengketa"}
    form_a_return(user=pkd, form=sent, note="Perbaiki")
    assert form_a_status(tps=tps) == "returned"
    assert draft.pk and form_a_status(tps=far_tps) is None


def test_prefill_from_the_assignment_and_the_checklist(ptps: User, tps: Tps) -> None:
    from django.utils import timezone

    from pengawas.guide.models import ChecklistMark
    from pengawas.guide.services import edition_publish
    from pengawas.guide.services_checklist import checklist_items

    edition, _ = edition_publish(series="pilkada-2020")
    item = checklist_items(edition=edition)[0]
    ChecklistMark.objects.create(
        tps=tps, series=edition.series, check_id=item.check_id, mark="tidak_sesuai",
        note="TPS dibuka pukul 07.40.", marked_at=timezone.now(), marked_by=ptps,
    )  # fmt: skip
    ptps.first_name, ptps.last_name = "Siti", "Aminah"
    data = form_a_prefill(user=ptps, tps=tps)
    assert data["pengawas"]["nama"] == "Siti Aminah"
    assert data["pengawas"]["jabatan"] == "Pengawas TPS 001 Desa Jaten"
    assert "TPS dibuka pukul 07.40." in data["uraian"]
    assert data["kegiatan"][0]["sasaran"] == "Ketua dan anggota KPPS TPS 001"

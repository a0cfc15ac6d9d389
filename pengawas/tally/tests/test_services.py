"""Storing sheets exactly once, versions, photos, and the status the overview reads."""

import io
import uuid
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from PIL import Image

from pengawas.accounts.roles import Role
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.tally.models import Candidate, ResultSheet, ResultSheetRevision
from pengawas.tally.services import (
    PhotoRefused,
    photo_prepare,
    sheet_latest,
    sheet_save,
    sheet_status,
    sheet_statuses,
)
from pengawas.tally.tests.sheets import sheet


@pytest.fixture
def tps(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps)


@pytest.fixture
def pkd(make_user: Callable[..., User]) -> User:
    return make_user(Role.PKD)


def photo(size: tuple[int, int] = (3000, 2000), fmt: str = "JPEG") -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 200, 190)).save(out, format=fmt)
    out.seek(0)
    return out


def test_resend_of_the_same_uuid_is_one_sheet(
    ptps: User, tps: Tps, paslon: list[Candidate]
) -> None:
    key = uuid.uuid4()
    first, stored = sheet_save(user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=key)
    again, stored_again = sheet_save(
        user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=key
    )
    assert (stored, stored_again) == (True, False)
    assert first.pk == again.pk
    assert ResultSheet.objects.count() == 1 and ResultSheetRevision.objects.count() == 1
    assert AuditEntry.objects.filter(action="tally.sheet_saved").count() <= 1


def test_a_correction_replaces_and_an_old_resend_changes_nothing(ptps: User, tps: Tps) -> None:
    old, new = uuid.uuid4(), uuid.uuid4()
    sheet_save(user=ptps, tps=tps, entry="ptps", data=sheet(suara__paslon__1=101), client_uuid=old)
    corrected, _ = sheet_save(user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=new)
    assert (corrected.version, corrected.result, corrected.findings) == (2, "ok", [])
    # The first version arrives once more (a phone that was offline): still version 2.
    late, stored = sheet_save(
        user=ptps, tps=tps, entry="ptps", data=sheet(suara__paslon__1=101), client_uuid=old
    )
    assert not stored and late.pk == corrected.pk
    corrected.refresh_from_db()
    assert corrected.version == 2 and corrected.data == sheet()
    assert list(corrected.revisions.values_list("version", flat=True)) == [1, 2]


def test_findings_are_stored_with_the_sheet(ptps: User, tps: Tps) -> None:
    saved, _ = sheet_save(
        user=ptps, tps=tps, entry="ptps", data=sheet(suara__paslon__1=101), client_uuid=uuid.uuid4()
    )
    assert saved.result == "errors"
    assert [f["code"] for f in saved.findings] == ["VOTES_SUM"]
    warned, _ = sheet_save(
        user=ptps,
        tps=tps,
        entry="ptps",
        data=sheet(surat_suara__diterima=206, surat_suara__tidak_digunakan=26),
        client_uuid=uuid.uuid4(),
    )
    assert warned.result == "warnings"


def test_status_and_latest_with_double_entry(
    ptps: User, pkd: User, tps: Tps, election: Election
) -> None:
    other = Tps.objects.create(election=election, village_id="35.05.01.2001", number=2)
    assert (sheet_status(tps=tps), sheet_latest(tps=tps)) == ("none", None)
    from_pkd, _ = sheet_save(
        user=pkd, tps=tps, entry="pkd", data=sheet(pengguna__dpt__l=81), client_uuid=uuid.uuid4()
    )
    assert sheet_latest(tps=tps) == from_pkd
    assert sheet_status(tps=tps) == "errors"
    from_ptps, _ = sheet_save(
        user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=uuid.uuid4()
    )
    assert sheet_latest(tps=tps) == from_ptps
    assert sheet_status(tps=tps) == "mismatch"
    sheet_save(user=pkd, tps=tps, entry="pkd", data=sheet(), client_uuid=uuid.uuid4())
    assert sheet_status(tps=tps) == "ok"
    assert sheet_statuses(tps_ids=[tps.pk, other.pk]) == {tps.pk: "ok", other.pk: "none"}


def test_photo_is_shrunk_and_stripped(ptps: User, tps: Tps) -> None:
    data = photo_prepare(photo(), size=None)
    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, max(image.size)) == ("JPEG", 1600)
        assert not image.getexif()
    saved, _ = sheet_save(
        user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=uuid.uuid4(), photo=data
    )
    assert saved.photo.startswith("tally/") and len(saved.photo) > 30
    assert default_storage.exists(saved.photo)
    # A new version without a photo keeps the earlier one.
    again, _ = sheet_save(user=ptps, tps=tps, entry="ptps", data=sheet(), client_uuid=uuid.uuid4())
    assert again.photo == saved.photo


@pytest.mark.parametrize(
    "upload",
    [io.BytesIO(b"%PDF-1.4 bukan foto"), io.BytesIO(b"GIF89a" + b"\0" * 40)],
)
def test_not_a_photo_is_refused(upload: io.BytesIO) -> None:
    with pytest.raises(PhotoRefused):
        photo_prepare(upload)


def test_photo_too_large_or_wrong_format() -> None:
    with pytest.raises(PhotoRefused, match="terlalu besar"):
        photo_prepare(photo(), size=13 * 1024 * 1024)
    with pytest.raises(PhotoRefused, match="JPEG, PNG atau WebP"):
        photo_prepare(photo((10, 10), "GIF"))

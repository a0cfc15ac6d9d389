"""The import page, the slips download and the public activation pages."""

import datetime
import io
import logging
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pengawas.accounts.models import Account
from pengawas.accounts.roles import Role
from pengawas.accounts.services_onboarding import users_import
from pengawas.accounts.views.onboarding import ACTIVATION_RATE_PER_MINUTE
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps

IMPORT = reverse("manage-users-import")
ACTIVATE = reverse("activation")
PASSWORD = reverse("activation-password")
Login = Callable[..., None]
GOOD_CSV = (
    "nama,telepon,peran,kode\n"
    "Siti Aminah,081234567801,ptps,35.05.01.2001/001\n"
    "Agus,081234567802,pkd,35.05.01.2001\n"
)
NEW_PASSWORD = "Pengawas-Jaten-2020"


@pytest.fixture
def station(election: Election) -> Tps:
    return Tps.objects.create(election=election, village_id="35.05.01.2001", number=1)


@pytest.fixture
def sekretariat(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="sek-blitar")


@pytest.fixture
def as_sekretariat(client: Client, login: Login, sekretariat: User) -> Client:
    login(client, sekretariat)
    return client


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("petugas.csv", text.encode(), content_type="text/csv")


# --- import page ---


def test_import_page_denied_to_others(
    client: Client, login: Login, make_user: Callable[..., User]
) -> None:
    assert client.get(IMPORT).status_code == 302
    for role in (Role.KOMISIONER, Role.PANWASCAM, Role.PKD, Role.PTPS):
        other = Client()
        login(other, make_user(role))
        assert other.get(IMPORT).status_code == 403
        assert other.post(IMPORT, {"file": upload(GOOD_CSV)}).status_code == 403
    assert not User.objects.filter(username__startswith="pkd-35").exists()


def test_import_then_download_the_slips(
    as_sekretariat: Client, station: Tps, election: Election
) -> None:
    assert as_sekretariat.get(IMPORT).status_code == 200
    response = as_sekretariat.post(
        IMPORT, {"file": upload(GOOD_CSV), "election": election.code}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 akun dibuat" in page
    download = re.search(r'href="(/kelola/pengguna/slip/[^"]+/unduh/)"', page)
    assert download is not None
    pdf = as_sekretariat.get(download.group(1))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert User.objects.filter(username="ptps-3505012001-001").exists()
    taken = AuditEntry.objects.get(action=Action.SLIPS_DOWNLOADED)
    assert taken.actor_label == "sek-blitar" and taken.detail == {"slips": 2}


def test_slips_belong_to_the_session_that_made_them(
    as_sekretariat: Client,
    station: Tps,
    election: Election,
    login: Login,
    make_user: Callable[..., User],
) -> None:
    response = as_sekretariat.post(IMPORT, {"file": upload(GOOD_CSV), "election": election.code})
    slips_page = response.url
    token = slips_page.rstrip("/").rsplit("/", 1)[1]
    download = reverse("manage-slips-download", args=[token])
    other = Client()
    login(other, make_user(Role.ADMINISTRATOR, username="admin"))
    assert other.get(slips_page).status_code == 404
    assert other.get(download).status_code == 404
    # Deleted by its creator: gone for them too.
    assert as_sekretariat.post(reverse("manage-slips-delete", args=[token])).status_code == 302
    assert as_sekretariat.get(download).status_code == 404


def test_bad_file_lists_errors_and_creates_nothing(
    as_sekretariat: Client, station: Tps, election: Election
) -> None:
    text = GOOD_CSV + "Budi,0812,pkd,35.05.01.2002\nCamat,081234567809,panwascam,35.05.01\n"
    response = as_sekretariat.post(IMPORT, {"file": upload(text), "election": election.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tidak ada akun yang dibuat" in page
    assert "Baris 4: nomor telepon" in page
    assert "Baris 5: Anda tidak dapat mengimpor akun dengan peran" in page
    assert not User.objects.filter(username__startswith="ptps-35").exists()
    assert not User.objects.filter(username__startswith="pkd-35").exists()


# --- activation ---


@pytest.fixture
def pending(station: Tps, sekretariat: User) -> tuple[User, str]:
    report = users_import(file=io.BytesIO(GOOD_CSV.encode()), created_by=sekretariat)
    created = report.created[0]
    return User.objects.get(username=created.username), created.code


def test_the_qr_link_prefills_the_code_and_leaves_the_address_bar(
    client: Client, pending: tuple[User, str]
) -> None:
    _user, code = pending
    response = client.get(reverse("activation-code", args=[code]))
    assert response.status_code == 302 and response.url == ACTIVATE
    page = client.get(ACTIVATE).content.decode()
    assert f'value="{code}"' in page


def test_activation_from_start_to_login(
    client: Client, pending: tuple[User, str], caplog: pytest.LogCaptureFixture
) -> None:
    user, code = pending
    caplog.set_level(logging.DEBUG)
    response = client.post(ACTIVATE, {"username": user.username, "kode": code.lower()})
    assert response.status_code == 302 and response.url == PASSWORD
    assert user.username in client.get(PASSWORD).content.decode()
    weak = client.post(PASSWORD, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    assert "errorlist" in weak.content.decode() or "error" in weak.content.decode()
    response = client.post(PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("login")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Account.objects.get(user=user).activation_code_hash == ""
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_ACTIVATED).count() == 1
    assert code not in caplog.text and code.lower() not in caplog.text
    # Used once: the same code opens nothing any more.
    again = client.post(ACTIVATE, {"username": user.username, "kode": code})
    assert again.status_code == 200
    assert "salah" in again.content.decode()


def test_wrong_and_expired_codes_get_clear_errors(
    client: Client, pending: tuple[User, str]
) -> None:
    user, code = pending
    wrong = client.post(ACTIVATE, {"username": user.username, "kode": "ABCDEFGHJK"})
    assert "Nama pengguna atau kode aktivasi salah" in wrong.content.decode()
    Account.objects.filter(user=user).update(
        activation_expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    expired = client.post(ACTIVATE, {"username": user.username, "kode": code})
    assert "kedaluwarsa" in expired.content.decode()
    assert client.get(PASSWORD).status_code == 302  # no step 2 without step 1


def test_reissued_code_stops_a_half_done_activation(
    client: Client, pending: tuple[User, str], sekretariat: User
) -> None:
    from pengawas.accounts.services_activation import activation_issue

    user, code = pending
    client.post(ACTIVATE, {"username": user.username, "kode": code})
    activation_issue(user=user, actor=sekretariat)
    response = client.post(PASSWORD, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == ACTIVATE
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_guessing_is_throttled_per_address(client: Client, pending: tuple[User, str]) -> None:
    user, code = pending
    for _ in range(ACTIVATION_RATE_PER_MINUTE):
        assert (
            client.post(ACTIVATE, {"username": user.username, "kode": "ABCDEFGHJK"}).status_code
            == 200
        )
    blocked = client.post(ACTIVATE, {"username": user.username, "kode": code})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked
    assert "Terlalu banyak percobaan" in blocked.content.decode()
    # Even the right code waits: nothing is checked while throttled.
    assert client.get(PASSWORD).status_code == 302

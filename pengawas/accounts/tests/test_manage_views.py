"""The account pages: who gets in, who may touch whom, and what each action does."""

import datetime
import re
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Role
from pengawas.accounts.rules import users_visible
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.accounts.services_activation import activation_check
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Level, Region

LIST = reverse("manage-users")
CREATE = reverse("manage-user-create")
Login = Callable[..., None]


def action_url(user: User, action: str) -> str:
    return reverse("manage-user-action", kwargs={"user_id": user.pk, "action": action})


@pytest.fixture
def kediri(blitar: Region) -> Region:
    kabupaten = Region.objects.create(
        code="35.06", name="Kabupaten Kediri", level=Level.KABUPATEN, name_key="KEDIRI"
    )
    kecamatan = Region.objects.create(
        code="35.06.01", name="Mojo", level=Level.KECAMATAN, parent=kabupaten, name_key="MOJO"
    )
    Region.objects.create(
        code="35.06.01.2001", name="Ngetrep", level=Level.DESA, parent=kecamatan, name_key="NGETREP"
    )
    return kabupaten


@pytest.fixture
def sekretariat(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="sek-blitar")


@pytest.fixture
def pkd(make_user: Callable[..., User]) -> User:
    user = make_user(Role.PKD, username="pkd-3505012001")
    Account.objects.filter(user=user).update(phone="081234567801")
    return user


@pytest.fixture
def as_sekretariat(client: Client, login: Login, sekretariat: User) -> Client:
    login(client, sekretariat)
    return client


# --- who gets in ---


def test_anonymous_goes_to_login(client: Client, pkd: User) -> None:
    for url in (
        LIST,
        CREATE,
        reverse("manage-user", args=[pkd.pk]),
        action_url(pkd, "reset-sandi"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.KOMISIONER, Role.PANWASCAM, Role.PKD, Role.PTPS])
def test_other_roles_get_403(
    client: Client, login: Login, make_user: Callable[..., User], pkd: User, role: str
) -> None:
    login(client, make_user(role))
    for url in (LIST, CREATE, reverse("manage-user", args=[pkd.pk])):
        assert client.get(url).status_code == 403
    assert client.post(action_url(pkd, "nonaktifkan")).status_code == 403
    pkd.refresh_from_db()
    assert pkd.is_active


def test_a_user_without_assignment_gets_403(client: Client, login: Login, blitar: Region) -> None:
    login(client, User.objects.create_user("tanpa-peran"))
    assert client.get(LIST).status_code == 403


# --- the list and the user's page ---


def test_list_shows_the_kabupaten_only(
    as_sekretariat: Client, pkd: User, make_user: Callable[..., User], kediri: Region
) -> None:
    make_user(Role.PKD, region_code="35.06.01.2001", username="pkd-3506012001")
    page = as_sekretariat.get(LIST).content.decode()
    assert "pkd-3505012001" in page
    assert "pkd-3506012001" not in page


def test_list_search_and_filters(
    as_sekretariat: Client, pkd: User, make_user: Callable[..., User]
) -> None:
    make_user(Role.PANWASCAM, region_code="35.05.02", username="panwascam-350502")
    found = as_sekretariat.get(LIST, {"q": "panwascam"}).content.decode()
    assert "panwascam-350502" in found and "pkd-3505012001" not in found
    by_role = as_sekretariat.get(LIST, {"role": Role.PKD}).content.decode()
    assert "pkd-3505012001" in by_role and "panwascam-350502" not in by_role
    by_region = as_sekretariat.get(LIST, {"region": "35.05.02"}).content.decode()
    assert "panwascam-350502" in by_region and "pkd-3505012001" not in by_region


def test_list_pages_by_fifty(as_sekretariat: Client, blitar: Region) -> None:
    users = User.objects.bulk_create([User(username=f"pkd-x{n:03d}") for n in range(55)])
    jaten = Region.objects.get(code="35.05.01.2001")
    Assignment.objects.bulk_create(
        [Assignment(user=u, role=Role.PKD, region=jaten, starts="2020-01-01") for u in users]
    )
    first = as_sekretariat.get(LIST, {"role": Role.PKD}).content.decode()
    second = as_sekretariat.get(LIST, {"role": Role.PKD, "page": 2}).content.decode()
    assert first.count("pkd-x0") == 50
    assert "pkd-x054" in second and "pkd-x000" not in second


def test_user_page_shows_state_and_assignments(as_sekretariat: Client, pkd: User) -> None:
    page = as_sekretariat.get(reverse("manage-user", args=[pkd.pk])).content.decode()
    assert "Desa Jaten, Kec. Wonodadi" in page
    assert "belum terdaftar" in page  # no authenticator yet
    assert "tidak terkunci" in page
    assert action_url(pkd, "reset-sandi") in page


def test_sekretariat_of_another_kabupaten_cannot_see_or_touch(
    client: Client, login: Login, make_user: Callable[..., User], pkd: User, kediri: Region
) -> None:
    login(client, make_user(Role.SEKRETARIAT, region_code="35.06", username="sek-kediri"))
    assert client.get(reverse("manage-user", args=[pkd.pk])).status_code == 404
    for action in ("nonaktifkan", "reset-sandi", "kode-aktivasi"):
        assert client.post(action_url(pkd, action)).status_code == 404
    assert "pkd-3505012001" not in client.get(LIST).content.decode()
    pkd.refresh_from_db()
    assert pkd.is_active and pkd.check_password("uji-Sandi-2020!")


def test_sekretariat_sees_but_cannot_touch_a_komisioner(
    as_sekretariat: Client, make_user: Callable[..., User]
) -> None:
    komisioner = make_user(Role.KOMISIONER, username="komisioner")
    page = as_sekretariat.get(reverse("manage-user", args=[komisioner.pk]))
    assert page.status_code == 200
    assert action_url(komisioner, "reset-sandi") not in page.content.decode()
    assert as_sekretariat.post(action_url(komisioner, "reset-sandi")).status_code == 403
    assert (
        as_sekretariat.get(reverse("manage-assignment-new", args=[komisioner.pk])).status_code
        == 403
    )


def test_unknown_action_is_404(as_sekretariat: Client, pkd: User) -> None:
    assert as_sekretariat.post(action_url(pkd, "hapus-semua")).status_code == 404


# --- creating a user ---


def test_create_a_ptps_shows_the_code_once(as_sekretariat: Client, election: Election) -> None:
    Tps.objects.create(election=election, village_id="35.05.01.2001", number=4)
    response = as_sekretariat.post(
        CREATE,
        {
            "full_name": "Siti Aminah",
            "phone": "0812 3456 7801",
            "role": Role.PTPS,
            "kode": "35.05.01.2001",
            "tps": 4,
            "election": election.code,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    user = User.objects.get(username="ptps-3505012001-004")
    code = re.search(r'class="secret mono">([A-Z2-9]{10})<', page)
    assert code is not None
    assert activation_check(username=user.username, code=code.group(1)) == user
    assert not user.has_usable_password()
    assert response["Cache-Control"].startswith("max-age=0")
    entry = AuditEntry.objects.get(action=Action.ACCOUNT_CREATED)
    assert entry.detail["role"] == Role.PTPS and "Siti" not in str(entry.detail)
    slip = re.search(r'href="(/kelola/pengguna/slip/[^"]+/unduh/)"', page)
    assert slip is not None
    pdf = as_sekretariat.get(slip.group(1))
    assert pdf["Content-Type"] == "application/pdf"


def test_sekretariat_cannot_grant_bawaslu_roles(as_sekretariat: Client, blitar: Region) -> None:
    response = as_sekretariat.post(
        CREATE,
        {"full_name": "X", "phone": "081234567801", "role": Role.SEKRETARIAT, "kode": "35.05"},
    )
    assert response.status_code == 200
    assert (
        "Pilih pilihan yang valid" in response.content.decode()
        or response.context["form"].errors["role"]
    )
    assert not User.objects.filter(username__startswith="sekretariat-").exists()


def test_sekretariat_cannot_create_in_another_kabupaten(
    as_sekretariat: Client, kediri: Region
) -> None:
    response = as_sekretariat.post(
        CREATE,
        {"full_name": "X", "phone": "081234567801", "role": Role.PKD, "kode": "35.06.01.2001"},
    )
    assert "tidak berwenang" in response.content.decode()
    assert not User.objects.filter(username__startswith="pkd-3506").exists()


def test_administrator_creates_a_sekretariat(
    client: Client, login: Login, make_user: Callable[..., User]
) -> None:
    login(client, make_user(Role.ADMINISTRATOR, username="admin"))
    response = client.post(
        CREATE,
        {"full_name": "Staf", "phone": "081234567801", "role": Role.SEKRETARIAT, "kode": "35.05"},
    )
    assert response.status_code == 200
    assert User.objects.get(username="sekretariat-3505").assignments.get().role == Role.SEKRETARIAT


# --- assignments ---


def test_new_assignment_ends_the_old_one(as_sekretariat: Client, pkd: User) -> None:
    url = reverse("manage-assignment-new", args=[pkd.pk])
    assert as_sekretariat.get(url).status_code == 200
    response = as_sekretariat.post(url, {"role": Role.PANWASCAM, "kode": "35.05.01"})
    assert response.status_code == 302
    roles = list(pkd.assignments.order_by("pk").values_list("role", "ends"))
    assert roles[0][0] == Role.PKD and roles[0][1] is not None
    assert roles[1] == (Role.PANWASCAM, None)
    entry = AuditEntry.objects.get(action=Action.ASSIGNMENT_CREATED)
    assert entry.detail["role"] == Role.PANWASCAM and entry.detail["region"] == "35.05.01"


def test_new_assignment_outside_the_region_is_refused(
    as_sekretariat: Client, pkd: User, kediri: Region
) -> None:
    url = reverse("manage-assignment-new", args=[pkd.pk])
    response = as_sekretariat.post(url, {"role": Role.PKD, "kode": "35.06.01.2001"})
    assert "tidak berwenang" in response.content.decode()
    assert pkd.assignments.count() == 1


def test_end_an_assignment(as_sekretariat: Client, sekretariat: User, pkd: User) -> None:
    assignment = pkd.assignments.get()
    url = reverse("manage-assignment-end", args=[pkd.pk, assignment.pk])
    assert "Akhiri penugasan" in as_sekretariat.get(url).content.decode()
    assert as_sekretariat.post(url).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends == timezone.localdate()  # today is its last day
    assert AuditEntry.objects.filter(action=Action.ASSIGNMENT_ENDED).count() == 1
    assert url not in as_sekretariat.get(reverse("manage-user", args=[pkd.pk])).content.decode()
    # From tomorrow the sekretariat no longer answers for this user.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    j = user_jurisdiction(user=sekretariat)
    assert not users_visible(j, User.objects.filter(pk=pkd.pk), on=tomorrow).exists()


# --- one-button actions ---


def test_every_action_asks_first(as_sekretariat: Client, pkd: User) -> None:
    for action in ("nonaktifkan", "reset-sandi", "reset-2fa", "buka-kunci", "keluar-semua"):
        response = as_sekretariat.get(action_url(pkd, action))
        assert response.status_code == 200
        assert 'method="post"' in response.content.decode()
    pkd.refresh_from_db()
    assert pkd.is_active and pkd.check_password("uji-Sandi-2020!")


def test_deactivate(as_sekretariat: Client, pkd: User) -> None:
    assert as_sekretariat.post(action_url(pkd, "nonaktifkan")).status_code == 302
    pkd.refresh_from_db()
    assert not pkd.is_active
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_DEACTIVATED).count() == 1


def test_password_reset_shows_a_temporary_password_once(as_sekretariat: Client, pkd: User) -> None:
    epoch = Account.objects.get(user=pkd).session_epoch
    response = as_sekretariat.post(action_url(pkd, "reset-sandi"))
    password = re.search(r'class="secret mono">([a-z2-9-]{14})<', response.content.decode())
    assert password is not None
    pkd.refresh_from_db()
    assert pkd.check_password(password.group(1))
    account = Account.objects.get(user=pkd)
    assert account.must_change_password
    assert account.session_epoch == epoch + 1
    assert AuditEntry.objects.filter(action=Action.PASSWORD_RESET).count() == 1
    assert password.group(1) not in str(list(AuditEntry.objects.values()))


def test_two_factor_reset(as_sekretariat: Client, pkd: User) -> None:
    TOTPDevice.objects.create(user=pkd, name="hp", confirmed=True)
    StaticDevice.objects.create(user=pkd, name="pemulihan")
    as_sekretariat.post(action_url(pkd, "reset-2fa"))
    assert not TOTPDevice.objects.filter(user=pkd).exists()
    assert not StaticDevice.objects.filter(user=pkd).exists()
    assert AuditEntry.objects.filter(action=Action.TOTP_RESET).count() == 1


def test_lockout_lift_and_logout_everywhere(as_sekretariat: Client, pkd: User) -> None:
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username=pkd.username, ip_address="10.0.0.9", failures_since_start=50,
        user_agent="", get_data="", post_data="", http_accept="", path_info="/masuk/",
    )  # fmt: skip
    page = as_sekretariat.get(reverse("manage-user", args=[pkd.pk])).content.decode()
    assert "terkunci sampai" in page
    as_sekretariat.post(action_url(pkd, "buka-kunci"))
    assert not AccessAttempt.objects.filter(username=pkd.username).exists()
    assert AuditEntry.objects.filter(action=Action.LOCKOUT_LIFTED).count() == 1
    epoch = Account.objects.get(user=pkd).session_epoch
    as_sekretariat.post(action_url(pkd, "keluar-semua"))
    assert Account.objects.get(user=pkd).session_epoch == epoch + 1


def test_reissue_activation_code(as_sekretariat: Client, pkd: User) -> None:
    response = as_sekretariat.post(action_url(pkd, "kode-aktivasi"))
    code = re.search(r'class="secret mono">([A-Z2-9]{10})<', response.content.decode())
    assert code is not None
    assert activation_check(username=pkd.username, code=code.group(1)) == pkd
    assert AuditEntry.objects.filter(action=Action.ACTIVATION_ISSUED).count() == 1


def test_administrator_cannot_deactivate_themselves(
    client: Client, login: Login, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMINISTRATOR, username="admin")
    login(client, admin)
    client.post(action_url(admin, "nonaktifkan"))
    admin.refresh_from_db()
    assert admin.is_active

"""Activation codes, the bulk importer and activation (services)."""

import datetime
import io
import time
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from pengawas.accounts.models import Account, Assignment
from pengawas.accounts.roles import Role
from pengawas.accounts.services_activation import (
    ACTIVATION_ALPHABET,
    ActivationInvalid,
    account_activate,
    activation_check,
    activation_code_hash,
    activation_code_new,
    activation_issue,
)
from pengawas.accounts.services_manage import phone_clean, region_code_clean
from pengawas.accounts.services_onboarding import users_import
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Level, Region

HEADER = "nama,telepon,peran,kode\n"


def csv_file(text: str, *, bom: bool = False) -> io.BytesIO:
    data = text.encode()
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + data)


@pytest.fixture
def stations(election: Election) -> list[Tps]:
    return [
        Tps.objects.create(election=election, village_id="35.05.01.2001", number=n)
        for n in (1, 2, 3)
    ]


@pytest.fixture
def sekretariat(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT, username="sek-blitar")


# --- codes and small helpers ---


def test_codes_use_the_unambiguous_alphabet() -> None:
    codes = {activation_code_new() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert len(code) == 10
        assert set(code) <= set(ACTIVATION_ALPHABET)
    assert not set("01OI") & set(ACTIVATION_ALPHABET)


def test_code_hash_is_keyed_and_bound_to_the_username() -> None:
    one = activation_code_hash(username="pkd-3505012001", code="ABCDEFGHJK")
    assert one.startswith("hmac-sha256$")
    assert "ABCDEFGHJK" not in one
    assert one != activation_code_hash(username="pkd-3505012002", code="ABCDEFGHJK")
    assert one == activation_code_hash(username="pkd-3505012001", code="ABCDEFGHJK")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0812-3456-7890", "081234567890"),
        ("+62 812 3456 789", "08123456789"),
        ("6281234567890", "081234567890"),
        ("08123456", None),  # 8 digits: too short
        ("0812345678901234", None),  # 16 digits: too long
        ("0212345678", None),  # a landline
        ("nomor", None),
        ("", None),
    ],
)
def test_phone_clean(raw: str, clean: str | None) -> None:
    assert phone_clean(raw) == clean


def test_region_code_clean_accepts_codes_without_dots() -> None:
    assert region_code_clean("3505012001") == "35.05.01.2001"
    assert region_code_clean(" 35.05.01.2001 ") == "35.05.01.2001"
    assert region_code_clean("350501") == "35.05.01"


# --- the importer: success ---


def test_import_creates_accounts_with_codes_and_no_password(
    stations: list[Tps], sekretariat: User
) -> None:
    report = users_import(
        file=csv_file(
            HEADER + "Siti Aminah,0812-3456-7801,ptps,35.05.01.2001/001\n"
            "Agus,081234567802,pkd,35.05.01.2001\n"
        ),
        created_by=sekretariat,
    )
    assert report.ok, report.errors
    assert [a.username for a in report.created] == ["ptps-3505012001-001", "pkd-3505012001"]
    ptps = User.objects.get(username="ptps-3505012001-001")
    assert ptps.first_name == "Siti Aminah"
    assert not ptps.has_usable_password()
    account = Account.objects.get(user=ptps)
    assert account.phone == "081234567801"
    created = report.created[0]
    assert account.activation_code_hash == activation_code_hash(
        username=ptps.username, code=created.code
    )
    assert created.code not in account.activation_code_hash
    expected = timezone.now() + datetime.timedelta(days=14)
    assert abs((account.activation_expires - expected).total_seconds()) < 60
    assignment = Assignment.objects.get(user=ptps)
    assert (assignment.role, assignment.tps, assignment.region_id) == (
        Role.PTPS,
        stations[0],
        "35.05.01.2001",
    )
    assert assignment.created_by == sekretariat
    assert created.place == "TPS 001 Desa Jaten, Kec. Wonodadi"
    assert created.authority == "Bawaslu Kabupaten Blitar"
    assert report.counts == {Role.PTPS: 1, Role.PKD: 1}


def test_import_records_who_created_whom(stations: list[Tps], sekretariat: User) -> None:
    report = users_import(
        file=csv_file(HEADER + "Siti,081234567801,ptps,35.05.01.2001/001\n"),
        created_by=sekretariat,
    )
    created = AuditEntry.objects.filter(action=Action.ACCOUNT_CREATED).get()
    assert created.actor_id == sekretariat.pk
    assert created.target_label == "ptps-3505012001-001"
    assert created.detail["role"] == Role.PTPS
    imported = AuditEntry.objects.filter(action=Action.USERS_IMPORTED).get()
    assert imported.detail["accounts"] == 1
    # Personal data stays out of the audit trail.
    for entry in AuditEntry.objects.all():
        text = f"{entry.target_label} {entry.detail}"
        assert "Siti" not in text and "081234567801" not in text
        assert report.created[0].code not in text


def test_semicolons_bom_header_variants_and_tps_column(
    stations: list[Tps], sekretariat: User
) -> None:
    text = "Nama Lengkap;No_HP;PERAN;Kode;TPS\nSiti;+6281234567801;PTPS;3505012001;2\n"
    report = users_import(file=csv_file(text, bom=True), created_by=sekretariat)
    assert report.ok, report.errors
    assert report.created[0].username == "ptps-3505012001-002"


def test_usernames_are_deduplicated_against_existing_users(
    stations: list[Tps], sekretariat: User
) -> None:
    User.objects.create_user("pkd-3505012001")
    User.objects.create_user("pkd-3505012001-2")
    report = users_import(
        file=csv_file(
            HEADER + "Satu,081234567801,pkd,35.05.01.2001\nDua,081234567802,pkd,35.05.01.2001\n"
        ),
        created_by=sekretariat,
    )
    assert [a.username for a in report.created] == ["pkd-3505012001-3", "pkd-3505012001-4"]


def test_command_line_imports_panwascam(blitar: Region) -> None:
    report = users_import(
        file=csv_file(HEADER + "Camat,081234567801,panwascam,35.05.01\n"), created_by=None
    )
    assert report.ok, report.errors
    assert report.created[0].username == "panwascam-350501"


# --- the importer: refusals ---


def refused(report_errors: list[object]) -> list[str]:
    return [str(error) for error in report_errors]


def test_every_bad_row_is_reported_by_line_and_nothing_is_created(
    stations: list[Tps], sekretariat: User, make_user: Callable[..., User]
) -> None:
    make_user(Role.PTPS, tps=stations[2], username="ptps-lama")
    users_before = User.objects.count()
    audit_before = AuditEntry.objects.count()
    text = HEADER + (
        "Baik,081234567801,ptps,35.05.01.2001/001\n"  # line 2: fine
        "Wilayah,081234567802,pkd,35.05.99.9999\n"  # 3: unknown region
        "Tps,081234567803,ptps,35.05.01.2001/009\n"  # 4: TPS not in the election
        "Peran,081234567804,pkd,35.05.01\n"  # 5: PKD on a kecamatan
        "Kuasa,081234567805,panwascam,35.05.01\n"  # 6: not grantable by a sekretariat import
        "Ganda,081234567806,ptps,35.05.01.2001/001\n"  # 7: same TPS as line 2
        "Hp,081234567801,pkd,35.05.01.2002\n"  # 8: same phone as line 2
        "Telepon,0212345678,pkd,35.05.01.2003\n"  # 9: not a mobile number
        ",081234567809,pkd,35.05.01.2004\n"  # 10: no name
        "Raja,081234567810,raja,35.05.01.2005\n"  # 11: unknown role
    )
    report = users_import(file=csv_file(text), created_by=sekretariat)
    assert not report.ok
    lines = {error.line for error in report.errors}
    assert lines == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    messages = refused(report.errors)
    assert any(m.startswith("Baris 3: kode wilayah") for m in messages)
    assert any(m.startswith("Baris 4: TPS 009") for m in messages)
    assert any("baris 2" in m for m in messages if m.startswith("Baris 7"))
    assert any("baris 2" in m for m in messages if m.startswith("Baris 8"))
    assert User.objects.count() == users_before
    assert AuditEntry.objects.count() == audit_before
    assert not Account.objects.filter(activation_code_hash__startswith="hmac").exists()


def test_a_tps_with_a_current_ptps_is_refused(
    stations: list[Tps], sekretariat: User, make_user: Callable[..., User]
) -> None:
    make_user(Role.PTPS, tps=stations[0], username="ptps-lama")
    report = users_import(
        file=csv_file(HEADER + "Baru,081234567801,ptps,35.05.01.2001/001\n"),
        created_by=sekretariat,
    )
    assert refused(report.errors) == ["Baris 2: TPS ini sudah memiliki PTPS yang sedang bertugas"]
    assert not User.objects.filter(username__startswith="ptps-35").exists()


def test_a_sekretariat_cannot_import_outside_its_kabupaten(
    stations: list[Tps], make_user: Callable[..., User]
) -> None:
    kediri = Region.objects.create(
        code="35.06", name="Kabupaten Kediri", level=Level.KABUPATEN, name_key="KEDIRI"
    )
    kec = Region.objects.create(
        code="35.06.01", name="Mojo", level=Level.KECAMATAN, parent=kediri, name_key="MOJO"
    )
    Region.objects.create(
        code="35.06.01.2001", name="Ngetrep", level=Level.DESA, parent=kec, name_key="NGETREP"
    )
    kediri_sek = make_user(Role.SEKRETARIAT, region_code="35.06", username="sek-kediri")
    report = users_import(
        file=csv_file(HEADER + "Agus,081234567801,pkd,35.05.01.2001\n"), created_by=kediri_sek
    )
    assert refused(report.errors) == ["Baris 2: Desa Jaten, Kec. Wonodadi di luar wilayah Anda"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Berkas kosong."),
        (b"nama,telepon\nA,0812\n", "Baris 1: kolom peran, kode tidak ada"),
        (b"\xff\xfen\x00a\x00", "UTF-16"),
        (b"PK\x03\x04binary", "bukan CSV"),
        (HEADER.encode(), "tidak berisi baris data"),
    ],
)
def test_unreadable_files_are_refused(sekretariat: User, data: bytes, message: str) -> None:
    report = users_import(file=io.BytesIO(data), created_by=sekretariat)
    assert not report.ok
    assert message in str(report.errors[0])
    assert not User.objects.filter(username__startswith="pkd-").exists()


def test_ptps_rows_need_an_election_when_there_are_several(
    stations: list[Tps], sekretariat: User, election: Election
) -> None:
    Election.objects.create(
        code="pilgub-jatim-2024",
        name="Pilgub Jatim 2024",
        kind="pilkada",
        region=election.region,
        voting_day=datetime.date(2024, 11, 27),
        max_voters_per_tps=600,
    )
    text = HEADER + "Siti,081234567801,ptps,35.05.01.2001/001\n"
    report = users_import(file=csv_file(text), created_by=sekretariat)
    assert "pilih pemilihan" in str(report.errors[0])
    report = users_import(file=csv_file(text), created_by=sekretariat, election=election)
    assert report.ok


# --- size: 2,278 PTPS in one import ---


def test_2278_ptps_in_seconds(election: Election, sekretariat: User) -> None:
    villages = list(
        Region.objects.filter(level__in=[Level.DESA, Level.KELURAHAN]).values_list(
            "code", flat=True
        )
    )
    places = [(villages[i % len(villages)], i // len(villages) + 1) for i in range(2278)]
    Tps.objects.bulk_create(
        [Tps(election=election, village_id=code, number=number) for code, number in places]
    )
    rows = "".join(
        f"Petugas {i},08{i:010d},ptps,{code}/{number:03d}\n"
        for i, (code, number) in enumerate(places)
    )
    started = time.monotonic()
    report = users_import(file=csv_file(HEADER + rows), created_by=sekretariat)
    seconds = time.monotonic() - started
    assert report.ok, report.errors[:3]
    assert len(report.created) == 2278
    assert Assignment.objects.filter(role=Role.PTPS, created_by=sekretariat).count() == 2278
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_CREATED).count() == 2278
    print(f"\n2,278 PTPS imported on {connection.vendor} in {seconds:.2f} s")
    assert seconds < 60


# --- activation ---


@pytest.fixture
def pending(stations: list[Tps], sekretariat: User) -> tuple[User, str]:
    report = users_import(
        file=csv_file(HEADER + "Siti,081234567801,ptps,35.05.01.2001/001\n"),
        created_by=sekretariat,
    )
    return User.objects.get(username=report.created[0].username), report.created[0].code


def test_activation_check_accepts_the_code_typed_loosely(pending: tuple[User, str]) -> None:
    user, code = pending
    loose = f" {code[:5].lower()}-{code[5:]} "
    assert activation_check(username=user.username, code=loose) == user


def test_wrong_username_and_wrong_code_get_the_same_answer(pending: tuple[User, str]) -> None:
    user, code = pending
    with pytest.raises(ActivationInvalid) as wrong_code:
        activation_check(username=user.username, code="ABCDEFGHJK")
    with pytest.raises(ActivationInvalid) as wrong_user:
        activation_check(username="ptps-tidak-ada", code=code)
    assert wrong_code.value.message == wrong_user.value.message


def test_expired_code_is_refused(pending: tuple[User, str]) -> None:
    user, code = pending
    Account.objects.filter(user=user).update(
        activation_expires=timezone.now() - datetime.timedelta(seconds=1)
    )
    with pytest.raises(ActivationInvalid, match="kedaluwarsa"):
        activation_check(username=user.username, code=code)


def test_deactivated_user_cannot_activate(pending: tuple[User, str]) -> None:
    user, code = pending
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(ActivationInvalid, match="dinonaktifkan"):
        activation_check(username=user.username, code=code)


def test_activation_sets_the_password_and_consumes_the_code(pending: tuple[User, str]) -> None:
    user, code = pending
    code_hash = Account.objects.get(user=user).activation_code_hash
    account_activate(user=user, code_hash=code_hash, password="Pilkada-Blitar-2020")
    user.refresh_from_db()
    assert user.check_password("Pilkada-Blitar-2020")
    account = Account.objects.get(user=user)
    assert account.activation_code_hash == "" and account.activation_expires is None
    assert AuditEntry.objects.filter(action=Action.ACCOUNT_ACTIVATED, actor_id=user.pk).exists()
    with pytest.raises(ActivationInvalid):
        activation_check(username=user.username, code=code)
    with pytest.raises(ActivationInvalid):
        account_activate(user=user, code_hash=code_hash, password="Lain-lagi-2020")


def test_reissue_invalidates_the_old_code(pending: tuple[User, str], sekretariat: User) -> None:
    user, old = pending
    issued = activation_issue(user=user, actor=sekretariat)
    assert issued.code != old
    with pytest.raises(ActivationInvalid):
        activation_check(username=user.username, code=old)
    assert activation_check(username=user.username, code=issued.code) == user
    entry = AuditEntry.objects.filter(action=Action.ACTIVATION_ISSUED).get()
    assert entry.actor_id == sekretariat.pk
    assert issued.code not in str(entry.detail)

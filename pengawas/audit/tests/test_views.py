"""The audit page and its export: who may read them, filters, pages, what they record."""

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from pengawas.accounts.roles import Role
from pengawas.audit import services
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.audit.services import audit_record

LIST = reverse("audit-list")
EXPORT = reverse("audit-export")
NIK = "3505014107800001"
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))

MakeUser = Callable[..., User]
Login = Callable[..., None]


@pytest.fixture
def reader(make_user: MakeUser, login: Login, client: Client) -> User:
    user = make_user(Role.KOMISIONER, username="komisioner-blitar")
    login(client, user)
    return user


def _record_at(
    monkeypatch: pytest.MonkeyPatch, moment: datetime.datetime, **fields: object
) -> AuditEntry:
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    entry = audit_record(**fields)  # type: ignore[arg-type]
    monkeypatch.undo()
    return entry


def test_anonymous_users_are_sent_to_the_login(client: Client, db: None) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not AuditEntry.objects.filter(action=Action.AUDIT_EXPORTED).exists()


@pytest.mark.parametrize("role", [Role.PANWASCAM, Role.PKD, Role.PTPS])
def test_field_roles_are_refused(
    role: str, make_user: MakeUser, login: Login, client: Client
) -> None:
    login(client, make_user(role))
    assert client.get(LIST).status_code == 403
    assert client.get(LIST, {"tindakan": Action.LOGOUT}).status_code == 403
    assert client.post(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(
        action__in=[Action.AUDIT_VIEWED, Action.AUDIT_EXPORTED]
    ).exists()


def test_a_user_without_an_assignment_is_refused(db: None, login: Login, client: Client) -> None:
    login(client, User.objects.create_user("tanpa-peran"))
    assert client.get(LIST).status_code == 403
    assert client.post(EXPORT).status_code == 403


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT])
def test_bawaslu_roles_read_the_whole_log(
    role: str, make_user: MakeUser, login: Login, client: Client
) -> None:
    panwascam = make_user(Role.PANWASCAM, username="panwascam-wonodadi")
    audit_record(action=Action.PASSWORD_CHANGED, actor=panwascam, target_type="user")
    login(client, make_user(role))
    response = client.get(LIST)
    assert response.status_code == 200
    page = response.content.decode()
    assert "panwascam-wonodadi" in page
    assert "Kata sandi diganti" in page
    # Reading the unfiltered page records nothing.
    assert not AuditEntry.objects.filter(action=Action.AUDIT_VIEWED).exists()


def test_personal_data_never_shows_on_the_page(reader: User, client: Client) -> None:
    audit_record(
        action=Action.VOTER_VIEWED, target_type="voter", target_label=NIK, detail={"q": NIK}
    )
    page = client.get(LIST).content.decode()
    assert NIK not in page
    assert "3505********0001" in page


def test_filters_by_user_action_and_object(
    reader: User, client: Client, make_user: MakeUser
) -> None:
    ptps = make_user(Role.PTPS, username="ptps-jaten-001")
    one = audit_record(action=Action.LOGOUT, actor=ptps, target_type="user", target_id="7")
    two = audit_record(action=Action.VOTER_VIEWED, actor=ptps, target_type="voter", target_id="42")
    three = audit_record(
        action=Action.VOTER_VIEWED, actor=reader, target_type="voter", target_id="43"
    )

    def seqs(**query: str) -> list[int]:
        return [entry.seq for entry in client.get(LIST, query).context["page"].entries]

    assert seqs(pengguna="ptps-jaten-001") == [two.seq, one.seq]
    assert seqs(tindakan=Action.VOTER_VIEWED) == [three.seq, two.seq]
    assert seqs(pengguna="ptps-jaten-001", tindakan=Action.VOTER_VIEWED) == [two.seq]
    assert seqs(jenis="voter", objek="43") == [three.seq]
    assert seqs(jenis="user", objek="7") == [one.seq]
    assert seqs(pengguna="tidak-ada") == []


def test_dates_are_days_in_jakarta(
    make_user: MakeUser, login: Login, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = make_user(Role.SEKRETARIAT)
    # 8 December 23:30 WIB and 9 December 00:30 WIB (still 8 December in UTC).
    late = _record_at(
        monkeypatch, datetime.datetime(2020, 12, 8, 23, 30, tzinfo=JAKARTA), action=Action.LOGOUT
    )
    early = _record_at(
        monkeypatch, datetime.datetime(2020, 12, 9, 0, 30, tzinfo=JAKARTA), action=Action.LOGOUT
    )
    later = _record_at(
        monkeypatch, datetime.datetime(2020, 12, 10, 8, 0, tzinfo=JAKARTA), action=Action.LOGOUT
    )

    login(client, reader)  # now, after those days (time never runs backwards)

    def seqs(**query: str) -> list[int]:
        return [entry.seq for entry in client.get(LIST, query).context["page"].entries]

    assert seqs(dari="2020-12-09", sampai="2020-12-09") == [early.seq]
    assert seqs(sampai="2020-12-08") == [late.seq]
    assert seqs(dari="2020-12-09", sampai="2020-12-10") == [later.seq, early.seq]
    assert seqs(dari="2020-12-11", sampai="2021-12-31") == []
    assert seqs(sampai="2020-12-07") == []
    page = client.get(LIST, {"sampai": "2020-12-08"}).content.decode()
    assert "2020-12-08 23:30:00" in page  # shown in WIB


def test_a_backwards_date_range_is_an_error(reader: User, client: Client) -> None:
    response = client.get(LIST, {"dari": "2020-12-09", "sampai": "2020-12-01"})
    assert response.status_code == 200
    assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
    response = client.get(LIST, {"dari": "kemarin", "sebelum": "x"})
    assert response.status_code == 200


def test_pages_of_fifty_newest_first_without_counting(reader: User, client: Client) -> None:
    base = AuditEntry.objects.count()  # the reader's login
    for _ in range(120):
        audit_record(action=Action.VOTERS_SEARCHED)
    last = base + 120
    first = client.get(LIST).context["page"]
    assert [e.seq for e in first.entries] == list(range(last, last - 50, -1))
    assert first.next_before == last - 49
    second = client.get(LIST, {"sebelum": first.next_before}).context["page"]
    assert [e.seq for e in second.entries] == list(range(last - 50, last - 100, -1))
    third_response = client.get(LIST, {"sebelum": second.next_before})
    third = third_response.context["page"]
    assert [e.seq for e in third.entries] == list(range(last - 100, 0, -1))
    assert third.next_before is None
    assert 'rel="first"' in third_response.content.decode()


def test_the_next_page_keeps_the_filters(reader: User, client: Client) -> None:
    searches = [audit_record(action=Action.VOTERS_SEARCHED) for _ in range(60)]
    page = client.get(LIST, {"tindakan": Action.VOTERS_SEARCHED}).content.decode()
    assert f"?tindakan=voters.searched&amp;sebelum={searches[10].seq}" in page


def test_new_filters_are_recorded_once_and_paging_is_not(reader: User, client: Client) -> None:
    for _ in range(60):
        audit_record(action=Action.VOTERS_SEARCHED)

    def viewed() -> list[AuditEntry]:
        return list(AuditEntry.objects.filter(action=Action.AUDIT_VIEWED).order_by("seq"))

    client.get(LIST)
    assert viewed() == []
    client.get(LIST, {"pengguna": "ptps-1", "tindakan": Action.VOTERS_SEARCHED})
    (entry,) = viewed()
    assert entry.actor == reader
    assert (entry.target_type, entry.address) == ("audit", "127.0.0.1")
    assert entry.detail == {"username": "ptps-1", "action": "voters.searched"}
    client.get(LIST, {"pengguna": "ptps-1", "tindakan": Action.VOTERS_SEARCHED})
    client.get(LIST, {"pengguna": "ptps-1", "tindakan": Action.VOTERS_SEARCHED, "sebelum": 30})
    assert len(viewed()) == 1
    client.get(LIST, {"tindakan": Action.VOTERS_SEARCHED})
    assert len(viewed()) == 2


def _csv(response: object) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    return list(csv.reader(io.StringIO(body)))


def test_the_export_is_the_filtered_log_oldest_first_and_is_recorded(
    reader: User, client: Client
) -> None:
    audit_record(action=Action.LOGOUT, actor=reader, target_type="user", target_id="1")
    viewed = audit_record(
        action=Action.VOTER_VIEWED, target_type="voter", target_id="9", detail={"nik": NIK}
    )
    other = audit_record(action=Action.VOTER_VIEWED, target_type="voter", target_id="10")
    response = client.post(EXPORT, {"tindakan": Action.VOTER_VIEWED})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="jejak-audit-')
    rows = _csv(response)
    assert rows[0][:3] == ["seq", "waktu", "waktu_utc"]
    assert [row[0] for row in rows[1:]] == [str(viewed.seq), str(other.seq)]
    assert NIK not in str(rows)
    (exported,) = AuditEntry.objects.filter(action=Action.AUDIT_EXPORTED)
    assert exported.actor == reader
    assert exported.detail == {"action": "voter.viewed"}


def test_the_export_carries_what_the_hashes_are_computed_over(reader: User, client: Client) -> None:
    entry = audit_record(action=Action.LOGOUT, actor=reader, target_type="user")
    header, row = _csv(client.post(EXPORT, {"tindakan": Action.LOGOUT}))[:2]
    values = dict(zip(header, row, strict=True))
    assert values["waktu_utc"] == entry.chain_payload()["at"]
    assert values["id_pengguna"] == str(reader.pk)
    assert (values["prev_hash"], values["hash"]) == (entry.prev_hash, entry.hash)


def test_the_export_keeps_spreadsheet_formulas_inert(
    reader: User, client: Client, make_user: MakeUser
) -> None:
    audit_record(action=Action.ACCOUNT_CREATED, target_type="user", target_label="=HYPERLINK(1)")
    rows = _csv(client.post(EXPORT, {"tindakan": Action.ACCOUNT_CREATED}))
    assert rows[1][rows[0].index("objek")] == "'=HYPERLINK(1)"


def test_the_export_needs_post(reader: User, client: Client) -> None:
    assert client.get(EXPORT).status_code == 405
    assert not AuditEntry.objects.filter(action=Action.AUDIT_EXPORTED).exists()


def test_an_export_with_bad_filters_is_refused(reader: User, client: Client) -> None:
    response = client.post(EXPORT, {"dari": "2020-12-09", "sampai": "2020-12-01"})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(action=Action.AUDIT_EXPORTED).exists()

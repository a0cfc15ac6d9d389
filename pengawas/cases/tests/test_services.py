"""Case services: filing, moves with numbers and events, changes that move deadlines, the
dashboard, the audit trail without personal data."""

import datetime
import json
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from pengawas.accounts.roles import Role
from pengawas.archive.models import Function, Record
from pengawas.audit.models import AuditEntry
from pengawas.cases.deadlines import COMPLETENESS, DECISION, FILING, State
from pengawas.cases.models import Case, CaseEvent
from pengawas.cases.services import (
    CaseChangeError,
    case_change,
    case_deadlines_of,
    case_get_visible,
    case_move,
    cases_dashboard,
    mask_name,
    records_by_numbers,
)
from pengawas.cases.states import CaseMoveError, Destination, Status
from pengawas.cases.tests.conftest import JAKARTA, PELAPOR

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 10, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2020, month, day, hour, 0, tzinfo=JAKARTA)


def _walk_to(case: Case, user: User, target: str) -> None:
    path = [Status.KAJIAN_AWAL, Status.DIREGISTRASI, Status.KLARIFIKASI, Status.KAJIAN]
    for day, status in enumerate(path, start=8):
        case_move(case=case, user=user, target=status, on=at(day))
        if status == target:
            return


def _no_personal_data_in_audit() -> None:
    text = json.dumps(
        list(AuditEntry.objects.values("target_label", "detail", "target_id")), default=str
    )
    for value in PELAPOR.values():
        assert value not in text
    assert "Jaten" not in text


def test_a_laporan_gets_a_receipt_number_and_a_first_event(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    case = make_case(staff)
    assert case.receipt_number == "01/PL/PB/Kab/16.12/X/2020"
    assert case.status == Status.DITERIMA
    assert case.register_number is None
    (event,) = case.events.all()
    assert (event.status_from, event.status_to, event.on) == (
        "",
        Status.DITERIMA,
        at(7, 9) + datetime.timedelta(minutes=30),
    )
    entry = AuditEntry.objects.get(action="case.created")
    assert entry.target_id == str(case.pk)
    assert entry.target_label == case.receipt_number
    assert entry.detail["region"] == "35.05.01"
    _no_personal_data_in_audit()


def test_a_temuan_has_no_pelapor_and_no_receipt(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    pkd = make_user(Role.PKD)
    case = make_case(pkd, kind="temuan", pelapor_name="ignored")
    assert case.receipt_number is None
    assert case.pelapor_name == ""
    assert case.created_by == pkd


@pytest.mark.parametrize(
    ("role", "kind", "region"),
    [
        (Role.PKD, "laporan", "35.05.01"),  # PKD files temuan only
        (Role.PTPS, "laporan", "35.05.01"),
        (Role.PKD, "temuan", "35.05.02"),  # not their kecamatan
        (Role.PKD, "temuan", "35.05"),  # nor the kabupaten
        (Role.PTPS, "temuan", "35.05.02"),
        (Role.PANWASCAM, "laporan", "35.05.02"),  # another kecamatan
        (Role.PANWASCAM, "laporan", "35.05"),  # above their kecamatan
    ],
)
def test_filing_outside_the_rules_is_refused(
    make_user: Callable[..., User],
    make_case: Callable[..., Case],
    role: str,
    kind: str,
    region: str,
) -> None:
    with pytest.raises(PermissionDenied):
        make_case(make_user(role), kind=kind, region=region)
    assert not Case.objects.exists()


def test_filing_inside_the_rules(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    make_case(make_user(Role.PTPS), kind="temuan", region="35.05.01")
    make_case(make_user(Role.PANWASCAM), region="35.05.01")
    make_case(make_user(Role.KOMISIONER), region="35.05")
    make_case(make_user(Role.ADMINISTRATOR), region="35.05.22")
    assert Case.objects.count() == 4


def test_a_user_without_a_role_cannot_file(make_case: Callable[..., Case], blitar: object) -> None:
    with pytest.raises(PermissionDenied):
        make_case(User.objects.create_user("tanpa-peran"))


def test_the_whole_path_to_forwarding(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    case = make_case(staff)
    _walk_to(case, staff, Status.KAJIAN)
    case_move(
        case=case,
        user=staff,
        target=Status.DITERUSKAN,
        on=at(12),
        note="Memenuhi unsur; diteruskan.",
        destination=Destination.GAKKUMDU,
    )
    case.refresh_from_db()
    assert case.status == Status.DITERUSKAN
    assert case.register_number == "01/Reg/LP/PB/Kab/16.12/X/2020"
    moves = list(case.events.values_list("status_from", "status_to"))
    assert moves == [
        ("", Status.DITERIMA),
        (Status.DITERIMA, Status.KAJIAN_AWAL),
        (Status.KAJIAN_AWAL, Status.DIREGISTRASI),
        (Status.DIREGISTRASI, Status.KLARIFIKASI),
        (Status.KLARIFIKASI, Status.KAJIAN),
        (Status.KAJIAN, Status.DITERUSKAN),
    ]
    last = case.events.last()
    assert last is not None and last.destination == Destination.GAKKUMDU
    assert last.decided_by == staff
    assert AuditEntry.objects.filter(action="case.status").count() == 5
    entry = AuditEntry.objects.filter(action="case.status").order_by("pk").last()
    assert entry is not None
    assert entry.detail["status_to"] == "diteruskan" and entry.detail["destination"] == "gakkumdu"
    _no_personal_data_in_audit()
    # Decided on 12 Oct, registered on 9 Oct: within 3 days.
    decision = next(d for d in case_deadlines_of(case=case) if d.code == DECISION)
    assert decision.due_date == datetime.date(2020, 10, 12)
    assert decision.state == State.MET


def test_a_temuan_is_registered_in_its_own_series(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.KOMISIONER)
    laporan = make_case(staff)
    temuan = make_case(make_user(Role.PKD), kind="temuan")
    _walk_to(laporan, staff, Status.DIREGISTRASI)
    _walk_to(temuan, staff, Status.DIREGISTRASI)
    temuan.refresh_from_db()
    assert temuan.register_number == "01/Reg/TM/PB/Kab/16.12/X/2020"


def test_a_refused_move_changes_nothing(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    case = make_case(staff)
    with pytest.raises(CaseMoveError) as error:
        case_move(case=case, user=staff, target=Status.DIREGISTRASI, on=at(8))
    assert error.value.code == "move.not_allowed"
    with pytest.raises(CaseMoveError) as error:
        case_move(case=case, user=staff, target=Status.KAJIAN_AWAL, on=at(6))
    assert error.value.code == "move.before_last"
    with pytest.raises(CaseMoveError) as error:
        case_move(
            case=case,
            user=staff,
            target=Status.KAJIAN_AWAL,
            on=timezone.now() + datetime.timedelta(hours=1),
        )
    assert error.value.code == "move.in_future"
    case.refresh_from_db()
    assert case.status == Status.DITERIMA
    assert CaseEvent.objects.count() == 1
    assert not AuditEntry.objects.filter(action="case.status").exists()


def test_not_registered_needs_a_reason_and_ends_the_case(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.PANWASCAM)
    case = make_case(staff, known_on=datetime.date(2020, 9, 20))  # kedaluwarsa
    filing = case_deadlines_of(case=case)[0]
    assert (filing.code, filing.state) == (FILING, State.LATE)
    case_move(case=case, user=staff, target=Status.KAJIAN_AWAL, on=at(8))
    with pytest.raises(CaseMoveError, match="reason_required"):
        case_move(case=case, user=staff, target=Status.TIDAK_DIREGISTRASI, on=at(8))
    case_move(
        case=case, user=staff, target=Status.TIDAK_DIREGISTRASI, on=at(8), note="Kedaluwarsa."
    )
    case.refresh_from_db()
    assert case.register_number is None
    with pytest.raises(CaseMoveError, match="from_end"):
        case_move(case=case, user=staff, target=Status.KLARIFIKASI, on=at(9))


@pytest.mark.parametrize("role", [Role.PKD, Role.PTPS])
def test_field_staff_cannot_move_or_change(
    make_user: Callable[..., User], make_case: Callable[..., Case], role: str
) -> None:
    field = make_user(role)
    case = make_case(field, kind="temuan")
    with pytest.raises(PermissionDenied):
        case_move(case=case, user=field, target=Status.KAJIAN_AWAL, on=at(8))
    with pytest.raises(PermissionDenied):
        case_change(case=case, user=field, change="perlu_keterangan")


def test_completeness_request_and_its_deadline(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    case = make_case(staff)
    with pytest.raises(CaseChangeError, match="completeness_not_requested"):
        case_change(case=case, user=staff, change="kelengkapan_diterima", on=at(8))
    case_change(case=case, user=staff, change="minta_kelengkapan", on=at(7, 11))
    with pytest.raises(CaseChangeError, match="completeness_twice"):
        case_change(case=case, user=staff, change="minta_kelengkapan", on=at(7, 12))
    completeness = next(
        d for d in case_deadlines_of(case=case, now=at(8, 12)) if d.code == COMPLETENESS
    )
    assert completeness.due_at == at(9, 11)
    assert completeness.state == State.DUE_SOON
    case_change(case=case, user=staff, change="kelengkapan_diterima", on=at(9, 10))
    completeness = next(d for d in case_deadlines_of(case=case) if d.code == COMPLETENESS)
    assert completeness.state == State.MET
    assert AuditEntry.objects.filter(action="case.changed").count() == 2


def test_more_information_adds_two_days(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    case = make_case(staff)
    with pytest.raises(CaseChangeError, match="more_info_stage"):
        case_change(case=case, user=staff, change="perlu_keterangan")
    _walk_to(case, staff, Status.DIREGISTRASI)  # registered 9 Oct
    assert next(d for d in case_deadlines_of(case=case) if d.code == DECISION).due_date == (
        datetime.date(2020, 10, 12)
    )
    case_change(case=case, user=staff, change="perlu_keterangan")
    case.refresh_from_db()
    assert case.more_info_needed
    assert next(d for d in case_deadlines_of(case=case) if d.code == DECISION).due_date == (
        datetime.date(2020, 10, 14)
    )
    with pytest.raises(CaseChangeError, match="completeness_stage"):
        case_change(case=case, user=staff, change="minta_kelengkapan")
    with pytest.raises(CaseChangeError, match="unknown"):
        case_change(case=case, user=staff, change="hapus")


def test_documents_are_archive_records_the_user_may_see(
    make_user: Callable[..., User], make_case: Callable[..., Case], election: object
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    pkd = make_user(Role.PKD)
    record = Record.objects.create(
        function=Function.PENINDAKAN,
        title="Formulir Model A.1",
        region_id="35.05.01",
        date=datetime.date(2020, 10, 7),
        author=staff,
        number="01/A.1/PP.01/16.12/X/2020",
        access_level="terbatas",
    )
    found, missing = records_by_numbers(user=staff, numbers=[record.number or "", "99/X"])
    assert (found, missing) == ([record], ["99/X"])
    assert records_by_numbers(user=pkd, numbers=[record.number or ""]) == ([], [record.number])
    case = make_case(staff, documents=[record])
    assert list(case.documents.all()) == [record]
    with pytest.raises(CaseChangeError, match="no_documents"):
        case_change(case=case, user=staff, change="tambah_dokumen")


def test_who_sees_which_case(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    pkd = make_user(Role.PKD)
    other_pkd = make_user(Role.PKD)
    staff = make_user(Role.KOMISIONER)
    wonodadi = make_case(pkd, kind="temuan")
    udanawu = make_case(staff, region="35.05.02")
    kabupaten = make_case(staff, region="35.05")
    panwascam = make_user(Role.PANWASCAM)
    expectations = {
        staff: {wonodadi, udanawu, kabupaten},
        make_user(Role.ADMINISTRATOR): {wonodadi, udanawu, kabupaten},
        panwascam: {wonodadi},
        pkd: {wonodadi},
        other_pkd: set(),
        make_user(Role.PTPS): set(),
    }
    for user, visible in expectations.items():
        for case in (wonodadi, udanawu, kabupaten):
            if case in visible:
                assert case_get_visible(user=user, case_id=case.pk) == case
            else:
                with pytest.raises(Http404):
                    case_get_visible(user=user, case_id=case.pk)
        assert {row.case for row in cases_dashboard(user=user).rows} == visible


def test_dashboard_puts_overdue_and_due_soon_first(
    make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    staff = make_user(Role.SEKRETARIAT)
    calm = make_case(staff, kind="temuan")  # no deadline running
    urgent = make_case(staff)  # registered 9 Oct: due 12 Oct
    _walk_to(urgent, staff, Status.DIREGISTRASI)
    late = make_case(staff)  # registered 9 Oct; asked for more information: due 14 Oct
    _walk_to(late, staff, Status.DIREGISTRASI)
    case_change(case=late, user=staff, change="perlu_keterangan")
    done = make_case(staff)
    _walk_to(done, staff, Status.KAJIAN_AWAL)
    case_move(
        case=done,
        user=staff,
        target=Status.TIDAK_DIREGISTRASI,
        on=at(9),
        note="Tidak memenuhi syarat formil.",
    )

    dashboard = cases_dashboard(user=staff, now=at(13))
    assert [row.case for row in dashboard.rows] == [urgent, late, calm]
    assert [row.next.state if row.next else None for row in dashboard.rows] == [
        State.OVERDUE,
        State.DUE_SOON,
        None,
    ]
    assert (
        dashboard.open_count,
        dashboard.overdue,
        dashboard.due_soon,
        dashboard.closed_count,
    ) == (
        3,
        1,
        1,
        1,
    )
    assert dashboard.by_status == {Status.DIREGISTRASI: 2, Status.DITERIMA: 1}


def test_mask_name() -> None:
    assert mask_name("Sulastri Wijayanti") == "S*** W***"
    assert mask_name("") == ""

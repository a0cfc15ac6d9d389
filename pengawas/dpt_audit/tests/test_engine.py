"""The audit engine on small lists: every category, scoping, columns missing, failure."""

import datetime
import io
import itertools
import json
from collections.abc import Callable
from typing import Any

import pytest

from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.dpt_audit import engine_groups
from pengawas.dpt_audit.engine import audit_execute
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.dpt_audit.report_json import findings_json
from pengawas.elections.models import Election
from pengawas.regions.models import Region

JATEN = "35.05.01.2001"  # Wonodadi
SALAM = "35.05.01.2002"  # Wonodadi
JATI = "35.05.02.2001"  # Udanawu
_serials = itertools.count(1)


def nik_for(born: datetime.date, sex: str, kecamatan: str = "01") -> str:
    day = born.day + 40 if sex == "P" else born.day
    return f"3505{kecamatan}{day:02d}{born.month:02d}{born.year % 100:02d}{next(_serials):04d}"


@pytest.fixture
def voter(make_voter: Callable[..., Voter]) -> Callable[..., Voter]:
    """A voter with nothing wrong unless told otherwise."""

    def make(**fields: Any) -> Voter:
        # Each voter born on another day unless told: no two are the same person by chance.
        default = datetime.date(1960, 1, 1) + datetime.timedelta(days=next(_serials))
        born = fields.setdefault("birth_date", default)
        sex = fields.setdefault("sex", "L")
        fields.setdefault("name", "SUTRISNO")
        if "nik" not in fields:
            fields["nik"] = nik_for(born or default, sex or "L")
        fields.setdefault("nkk", f"350501010110{next(_serials):04d}")
        fields.setdefault("marital_status", "S")
        fields.setdefault("address", "DSN KRAJAN")
        return make_voter(**fields)

    return make


def audit(snapshot: Snapshot, region: Region | None = None) -> AuditRun:
    run = AuditRun.objects.create(snapshot=snapshot, region=region, requested_by_name="uji")
    return audit_execute(run=run)


def found(run: AuditRun) -> dict[int | None, set[str]]:
    """Categories found per source line (None: findings about a TPS or a family)."""
    result: dict[int | None, set[str]] = {}
    for line, category in Finding.objects.filter(run=run).values_list("source_line", "category"):
        result.setdefault(line, set()).add(category)
    return result


def details(run: AuditRun, category: str) -> list[str]:
    return list(
        Finding.objects.filter(run=run, category=category)
        .order_by("source_line")
        .values_list("detail", flat=True)
    )


def test_a_clean_list_has_no_findings(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    voter(name="SUTRISNO")
    voter(name="SITI AMINAH", sex="P", birth_date=datetime.date(1985, 3, 1))
    progress: list[tuple[int, str]] = []
    run = AuditRun.objects.create(snapshot=snapshot, requested_by_name="uji")
    audit_execute(run=run, on_progress=lambda p, n: progress.append((p, n)))
    run.refresh_from_db()
    assert run.status == Status.DONE
    assert run.voters_checked == 2
    assert run.summary == dict.fromkeys(Category.values, 0)
    assert run.rules_not_run == []
    assert run.started_at is not None and run.finished_at is not None
    assert run.progress == 100
    assert progress[-1] == (100, "Selesai")
    assert not Finding.objects.filter(run=run).exists()


def test_row_rules(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    born = datetime.date(1980, 5, 12)
    rows = {
        Category.NIK_FORMAT: voter(nik="350501120580001"),
        Category.NIK_REGION: voter(nik="3505271205800001"),
        Category.NIK_BIRTHDATE: voter(nik="3505012105800001", birth_date=born),
        Category.NIK_SEX: voter(
            nik="3505011306810002", birth_date=datetime.date(1981, 6, 13), sex="P"
        ),
        Category.NKK_FORMAT: voter(nkk=""),
        Category.UNDERAGE: voter(birth_date=datetime.date(2004, 1, 2), marital_status="B"),
        Category.AGE_IMPLAUSIBLE: voter(birth_date=datetime.date(1900, 1, 1)),
        Category.INCOMPLETE: voter(address=""),
    }
    decoys = [
        voter(birth_date=datetime.date(2003, 12, 9), marital_status="B"),  # 17 on the day
        voter(birth_date=datetime.date(2004, 6, 1), marital_status="S", sex="P"),  # married
    ]
    run = audit(snapshot)
    lines = found(run)
    for category, row in rows.items():
        assert lines.get(row.source_line) == {category}, category
    for row in decoys:
        assert row.source_line not in lines
    assert run.summary[Category.NIK_FORMAT] == 1
    assert details(run, Category.NIK_BIRTHDATE) == [
        "NIK memuat tanggal 21-05-80, tanggal lahir tercatat 12-05-1980"
    ]
    finding = Finding.objects.get(run=run, category=Category.UNDERAGE)
    assert finding.voter_id == rows[Category.UNDERAGE].pk
    assert finding.village_id == JATEN
    assert finding.tps is not None and finding.tps.number == 1


def test_nik_rules_only_on_well_formed_niks(
    snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    # A NIK with a letter and a wrong birth date is NIK_FORMAT only.
    row = voter(nik="3505O12105800001", birth_date=datetime.date(1980, 5, 12))
    # No birth date: no NIK_BIRTHDATE (but INCOMPLETE).
    empty = voter(nik="3505012105800009", birth_date=None)
    lines = found(audit(snapshot))
    assert lines[row.source_line] == {Category.NIK_FORMAT}
    assert lines[empty.source_line] == {Category.INCOMPLETE}


def test_unreadable_values_are_incomplete(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    row = voter(birth_date=None, nik="3505011205800077", invalid_fields={"TANGGAL_LAHIR": "x"})
    run = audit(snapshot)
    assert found(run)[row.source_line] == {Category.INCOMPLETE}
    assert details(run, Category.INCOMPLETE) == ["Elemen data tidak dapat dibaca: TANGGAL_LAHIR"]


def test_duplicate_nik_groups_every_row(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    nik = nik_for(datetime.date(1970, 1, 1), "L")
    rows = [
        voter(nik=nik, birth_date=datetime.date(1970, 1, 1)),
        voter(nik=nik, birth_date=datetime.date(1970, 1, 1), village=JATI, tps=2),
    ]
    other = nik_for(datetime.date(1975, 1, 1), "L")
    pair = [voter(nik=other, birth_date=datetime.date(1975, 1, 1)) for _ in range(2)]
    voter(nik="")  # empty NIKs are NIK_FORMAT, never a duplicate group
    voter(nik="")
    run = audit(snapshot)
    findings = list(Finding.objects.filter(run=run, category=Category.DUPLICATE_NIK))
    assert {f.source_line for f in findings} == {r.source_line for r in rows + pair}
    groups = {f.source_line: f.group for f in findings}
    assert groups[rows[0].source_line] == groups[rows[1].source_line] == "DUPLICATE_NIK:1"
    assert groups[pair[0].source_line] == groups[pair[1].source_line] == "DUPLICATE_NIK:2"
    first = next(f for f in findings if f.source_line == rows[0].source_line)
    assert first.detail == (
        f"NIK 3505********{nik[-4:]} tercatat di 2 baris; baris lain: "
        f"baris {rows[1].source_line} (TPS 002 Jati)"
    )


def test_duplicate_identity(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    born = datetime.date(1966, 8, 17)
    same = [
        voter(name="MUHAMMAD RIDWAN", birth_date=born),
        voter(name="MOCH. RIDWAN", birth_date=born, village=JATEN, tps=2),
        voter(name="H. MOCH RIDWAN", birth_date=born),
    ]
    typo = [
        voter(name="SUPARMAN", birth_date=datetime.date(1950, 2, 2), village=SALAM),
        voter(name="SUPRAMAN", birth_date=datetime.date(1950, 2, 2), village=SALAM),
    ]
    family = "3505010101100099"
    twins = [
        voter(name="DIMAS SAPUTRA", birth_date=datetime.date(2000, 1, 1), nkk=family),
        voter(name="ANIS LESTARI", sex="P", birth_date=datetime.date(2000, 1, 1), nkk=family),
    ]
    # Same name and birth date in another kecamatan: two people.
    namesakes = [
        voter(name="SLAMET", birth_date=datetime.date(1960, 1, 1)),
        voter(name="SLAMET", birth_date=datetime.date(1960, 1, 1), village=JATI),
    ]
    run = audit(snapshot)
    findings = {
        f.source_line: f for f in Finding.objects.filter(run=run, category="DUPLICATE_IDENTITY")
    }
    assert set(findings) == {r.source_line for r in same + typo}
    assert len({findings[r.source_line].group for r in same}) == 1
    assert len({findings[r.source_line].group for r in typo}) == 1
    assert findings[same[0].source_line].group != findings[typo[0].source_line].group
    detail = findings[typo[0].source_line].detail
    assert detail.startswith("Diduga orang yang sama dengan NIK lain: lahir 02-02-1950")
    assert f"baris {typo[1].source_line} (TPS 001 Salam, NIK 3505********" in detail
    assert "nama berbeda satu huruf" in detail
    assert "SUPRAMAN" not in detail
    for row in twins + namesakes:
        assert row.source_line not in findings


def test_duplicate_identity_needs_different_well_formed_niks(
    snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    born = datetime.date(1966, 8, 17)
    voter(name="SUTRISNO", birth_date=born, nik="")
    voter(name="SUTRISNO", birth_date=born, nik="35050117086")
    run = audit(snapshot)
    assert run.summary[Category.DUPLICATE_IDENTITY] == 0


def test_tps_over_capacity(
    election: Election, snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    election.max_voters_per_tps = 2
    election.save()
    for _ in range(3):
        voter(tps=1)
    voter(tps=2)
    voter(tps=2)
    run = audit(snapshot)
    (finding,) = Finding.objects.filter(run=run, category=Category.TPS_OVER_CAPACITY)
    assert finding.voter_id is None and finding.source_line is None
    assert finding.tps is not None and finding.tps.number == 1
    assert finding.village_id == JATEN
    assert finding.detail == (
        "TPS 001 Jaten memuat 3 pemilih, melebihi batas 2 pemilih per TPS (1 lebih)"
    )


def test_family_split(snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    family = "3505010101100042"
    voter(nkk=family, tps=1)
    voter(nkk=family, tps=1)
    voter(nkk=family, tps=3)
    moved = "3505010101100043"  # one family, two desa: not this rule
    voter(nkk=moved, tps=1)
    voter(nkk=moved, village=SALAM, tps=2)
    run = audit(snapshot)
    (finding,) = Finding.objects.filter(run=run, category=Category.FAMILY_SPLIT)
    assert finding.nkk == family
    assert finding.voter_id is None and finding.tps_id is None
    assert finding.village_id == JATEN
    assert finding.detail == (
        "Anggota keluarga NKK 3505********0042 di desa/kelurahan Jaten tercatat di 2 TPS: "
        "TPS 001 (2 orang), TPS 003 (1 orang)"
    )


def test_rules_needing_missing_columns_are_not_run(
    election: Election, make_voter: Callable[..., Voter]
) -> None:
    snapshot = snapshot_for_test(
        election, fields=["name", "sex", "age", "address", "rt", "rw", "remark"]
    )
    make_voter(name="SUTRISNO", sex="L", address="X", snapshot=snapshot)
    make_voter(name="SUMARNI", sex="", address="X", snapshot=snapshot)
    run = audit(snapshot)
    not_run = {s["category"] for s in run.rules_not_run}
    assert not_run == set(Category.values) - {"TPS_OVER_CAPACITY"}
    # INCOMPLETE runs on the columns the file has, and says so.
    assert set(run.summary) == {Category.INCOMPLETE, Category.TPS_OVER_CAPACITY}
    assert run.summary[Category.INCOMPLETE] == 1
    assert details(run, Category.INCOMPLETE) == ["Elemen data kosong: JENIS_KELAMIN"]


def test_a_kecamatan_run_sees_only_its_rows(
    snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    nik = nik_for(datetime.date(1970, 1, 1), "L")
    inside = voter(nik=nik, birth_date=datetime.date(1970, 1, 1), tps=1)
    outside = voter(nik=nik, birth_date=datetime.date(1970, 1, 1), village=JATI, tps=1)
    voter(village=JATI, nkk="")
    wonodadi = Region.objects.get(code="35.05.01")
    run = audit(snapshot, wonodadi)
    assert run.voters_checked == 1
    lines = found(run)
    # The duplicate elsewhere makes the row inside a finding; the row outside is not listed.
    assert lines == {inside.source_line: {Category.DUPLICATE_NIK}}
    detail = Finding.objects.get(run=run).detail
    assert f"baris {outside.source_line} (TPS 001 Jati)" in detail


def test_a_failed_run_keeps_no_findings(
    snapshot: Snapshot, voter: Callable[..., Voter], monkeypatch: pytest.MonkeyPatch
) -> None:
    voter(nik="")

    def broken(context: object) -> None:
        raise RuntimeError("disk penuh")

    monkeypatch.setattr(engine_groups, "duplicate_identity", broken)
    monkeypatch.setattr(
        engine_groups,
        "group_rules",
        lambda context, start: broken(context),
    )
    run = AuditRun.objects.create(snapshot=snapshot)
    with pytest.raises(RuntimeError, match="disk penuh"):
        audit_execute(run=run)
    run.refresh_from_db()
    assert run.status == Status.FAILED
    assert run.error == "RuntimeError: disk penuh"
    assert run.finished_at is not None
    assert not Finding.objects.filter(run=run).exists()


def test_running_again_replaces_the_findings(
    snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    voter(nik="")
    run = audit(snapshot)
    audit_execute(run=run)
    assert Finding.objects.filter(run=run).count() == 1


def test_findings_json(election: Election, snapshot: Snapshot, voter: Callable[..., Voter]) -> None:
    election.max_voters_per_tps = 3
    election.save()
    family = "3505010101100042"
    short = voter(nik="350501120580001", nkk=family, tps=1)
    for _ in range(4):
        voter(nkk=family, tps=2)
    run = audit(snapshot)
    out = io.StringIO()
    findings_json(run=run, out=out)
    data = json.loads(out.getvalue())
    assert list(data) == [
        "election", "snapshot", "generated_at", "rules_not_run", "summary", "findings"
    ]  # fmt: skip
    assert data["election"] == "pilbup-blitar-2020"
    assert data["snapshot"] == snapshot.pk
    assert datetime.datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert data["summary"][Category.NIK_FORMAT] == 1
    assert data["findings"] == [
        {
            "category": "NIK_FORMAT",
            "nik": "350501120580001",
            "source_line": short.source_line,
            "tps": "TPS 001",
            "desa": "35.05.01.2001 Jaten",
            "group": "",
            "nkk": None,
            "detail": "NIK 15 digit, seharusnya 16 (3505*******0001)",
        },
        {
            "category": "TPS_OVER_CAPACITY",
            "nik": None,
            "source_line": None,
            "tps": "TPS 002",
            "desa": "35.05.01.2001 Jaten",
            "group": "TPS_OVER_CAPACITY:35.05.01.2001/2",
            "nkk": None,
            "detail": "TPS 002 Jaten memuat 4 pemilih, melebihi batas 3 pemilih per TPS (1 lebih)",
        },
        {
            "category": "FAMILY_SPLIT",
            "nik": None,
            "source_line": None,
            "tps": None,
            "desa": "35.05.01.2001 Jaten",
            "group": "FAMILY_SPLIT:1",
            "nkk": family,
            "detail": "Anggota keluarga NKK 3505********0042 di desa/kelurahan Jaten "
            "tercatat di 2 TPS: TPS 001 (1 orang), TPS 002 (4 orang)",
        },
    ]


def test_findings_json_of_an_empty_run(snapshot: Snapshot) -> None:
    run = audit(snapshot)
    out = io.StringIO()
    findings_json(run=run, out=out)
    assert json.loads(out.getvalue())["findings"] == []


def test_duplicate_identity_within_one_family_listed_in_two_desa(
    snapshot: Snapshot, voter: Callable[..., Voter]
) -> None:
    """One NKK, one birth date, a name written two ways, in two desa: likely one person.
    A brother born the same day (a twin, a name far apart) is not."""
    family = "3505010101100042"
    born = datetime.date(1990, 3, 3)
    same = [
        voter(name="MUHAMMAD ROFIQ", birth_date=born, nkk=family, village=JATEN),
        voter(name="M. ROFIQ", birth_date=born, nkk=family, village=JATI),
    ]
    voter(name="AHMAD FAUZI", birth_date=born, nkk=family, village=JATI)
    run = audit(snapshot)
    findings = list(Finding.objects.filter(run=run, category="DUPLICATE_IDENTITY"))
    assert {finding.source_line for finding in findings} == {row.source_line for row in same}
    assert len({finding.group for finding in findings}) == 1
    assert "dalam satu keluarga (NKK sama)" in findings[0].detail

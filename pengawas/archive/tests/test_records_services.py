"""services_records: create, change, link, hold, the one way to fetch a record, the JRA table."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pengawas.accounts.roles import Role
from pengawas.archive.models import AccessLevel, Classification, Record, RecordLink, Tag
from pengawas.archive.services_records import (
    classification_save,
    record_create,
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
from pengawas.audit.models import AuditEntry
from pengawas.elections.models import Election, Tps
from pengawas.regions.models import Region

JATEN = "35.05.01.2001"
FAR_DESA = "35.05.02.2001"  # another kecamatan
DAY = datetime.date(2020, 12, 9)

MakeUser = Callable[..., User]


@pytest.fixture
def pm(db: None) -> Classification:
    line, _ = Classification.objects.get_or_create(code="PM.01.03", defaults={"name": "Form A"})
    return line


@pytest.fixture
def tps1(election: Election) -> Tps:
    tps, _ = Tps.objects.get_or_create(election=election, village_id=JATEN, number=1)
    return tps


def _new(user: User, *, region: str = JATEN, **fields: Any) -> Record:
    fields.setdefault("function", "pengawasan")
    fields.setdefault("title", "Laporan hasil pengawasan kampanye")
    fields.setdefault("date", DAY)
    return record_create(user=user, region=Region.objects.get(code=region), **fields)


def _last(action: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(action=action).order_by("-seq").first()
    assert entry is not None, action
    return entry


def test_a_pkd_files_a_record_in_their_desa_with_tags_and_a_number(
    make_user: MakeUser, election: Election, pm: Classification
) -> None:
    pkd = make_user(Role.PKD)
    record = _new(
        pkd,
        election=election,
        stage="Kampanye",
        classification=pm,
        doc_type="LHP",
        tags=["kampanye", "APK", "Kampanye"],
    )
    assert record.author == pkd
    assert record.number == "1/LHP/PM.01.03/16.12/XII/2020"
    assert sorted(t.name for t in record.tags.all()) == ["APK", "kampanye"]
    entry = _last(Action.RECORD_CREATED)
    assert entry.target_id == str(record.pk)
    assert entry.target_label == record.number
    # Never the title (it may name a person).
    assert "kampanye" not in entry.target_label.lower()
    assert entry.actor_id == pkd.pk


def test_existing_tags_are_reused_whatever_their_case(make_user: MakeUser) -> None:
    Tag.objects.create(name="APK")
    record = _new(make_user(Role.PKD), tags=["apk"])
    assert [t.name for t in record.tags.all()] == ["APK"]
    assert Tag.objects.count() == 1


def test_tags_parse() -> None:
    assert tags_parse(" kampanye,  APK ,, kampanye,Kampanye ") == ["kampanye", "APK"]
    assert tags_parse("x" * 100) == ["x" * 60]


def test_without_classification_or_type_no_number_is_issued(
    make_user: MakeUser, pm: Classification
) -> None:
    pkd = make_user(Role.PKD)
    assert _new(pkd, classification=pm).number is None
    assert _new(pkd, doc_type="LHP").number is None


@pytest.mark.parametrize(
    ("role", "region"),
    [
        (Role.PKD, FAR_DESA),
        (Role.PKD, "35.05.01"),  # the kecamatan above the desa
        (Role.PANWASCAM, FAR_DESA),
        (Role.PTPS, JATEN),  # a PTPS files for their TPS only
    ],
)
def test_nobody_files_outside_their_jurisdiction(
    make_user: MakeUser, role: str, region: str
) -> None:
    with pytest.raises(PermissionDenied):
        _new(make_user(role), region=region)
    assert not Record.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.RECORD_CREATED).exists()


def test_a_ptps_files_for_their_tps(make_user: MakeUser, tps1: Tps, election: Election) -> None:
    ptps = make_user(Role.PTPS, tps=tps1)
    record = _new(ptps, tps=tps1)
    assert record.tps == tps1
    other = Tps.objects.create(election=election, village_id=JATEN, number=2)
    with pytest.raises(PermissionDenied):
        _new(ptps, tps=other)


def test_a_tps_must_lie_in_the_region(make_user: MakeUser, election: Election) -> None:
    far_tps = Tps.objects.create(election=election, village_id=FAR_DESA, number=1)
    with pytest.raises(ValidationError):
        _new(make_user(Role.SEKRETARIAT), region=JATEN, tps=far_tps)


def test_a_user_without_assignment_cannot_file(db: None, blitar: Region) -> None:
    user = User.objects.create_user("tanpa-peran")
    with pytest.raises(PermissionDenied):
        _new(user)


@pytest.mark.parametrize(
    ("role", "levels"),
    [
        (Role.ADMINISTRATOR, {"biasa", "terbatas"}),
        (Role.KOMISIONER, {"biasa", "terbatas", "rahasia"}),
        (Role.SEKRETARIAT, {"biasa", "terbatas"}),
        (Role.PANWASCAM, {"biasa", "terbatas"}),
        (Role.PKD, {"biasa"}),
    ],
)
def test_access_levels_are_limited_to_those_the_role_reads(
    make_user: MakeUser, role: str, levels: set[str]
) -> None:
    user = make_user(role)
    for level in AccessLevel.values:
        if level in levels:
            assert _new(user, access_level=level).access_level == level
        else:
            with pytest.raises(PermissionDenied):
                _new(user, access_level=level)


@pytest.fixture
def world(make_user: MakeUser, tps1: Tps) -> dict[str, Any]:
    """Records by a PKD of Jaten (TPS 001) at each level, and one in another kecamatan."""
    author = make_user(Role.PKD, username="penulis")
    sek = make_user(Role.SEKRETARIAT, username="sek-penulis")
    kom = make_user(Role.KOMISIONER, username="kom-penulis")
    return {
        "own": _new(author, tps=tps1),
        "far": _new(sek, region=FAR_DESA),
        "terbatas": _new(sek, tps=tps1, access_level="terbatas"),
        "rahasia": _new(kom, tps=tps1, access_level="rahasia"),
        "untps": _new(author),  # Jaten, no TPS
        "author": author,
    }


# What each role sees of the world above (record_get_visible, records_for).
SEES = {
    Role.ADMINISTRATOR: {"own", "far", "terbatas", "untps"},
    Role.KOMISIONER: {"own", "far", "terbatas", "rahasia", "untps"},
    Role.SEKRETARIAT: {"own", "far", "terbatas", "untps"},
    Role.PANWASCAM: {"own", "terbatas", "untps"},
    Role.PKD: {"own", "untps"},
    Role.PTPS: {"own"},
}


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_sees_what_the_rules_allow(
    make_user: MakeUser, world: dict[str, Any], role: str
) -> None:
    user = make_user(role)
    names = ("own", "far", "terbatas", "rahasia", "untps")
    seen = {name for name in names if records_for(user=user).filter(pk=world[name].pk).exists()}
    assert seen == SEES[role]
    for name in names:
        if name in SEES[role]:
            assert record_get_visible(user=user, record_id=world[name].pk) == world[name]
        else:
            with pytest.raises(Http404):
                record_get_visible(user=user, record_id=world[name].pk)


def test_the_author_always_sees_their_record(make_user: MakeUser, world: dict[str, Any]) -> None:
    kom = User.objects.get(username="kom-penulis")
    assert record_get_visible(user=kom, record_id=world["rahasia"].pk) == world["rahasia"]


def test_nobody_without_assignment_sees_a_record(world: dict[str, Any]) -> None:
    user = User.objects.create_user("tanpa-peran")
    with pytest.raises(Http404):
        record_get_visible(user=user, record_id=world["own"].pk)
    with pytest.raises(PermissionDenied):
        records_for(user=user)


def test_record_update_names_the_fields_changed_not_their_values(
    world: dict[str, Any], pm: Classification, election: Election
) -> None:
    record = world["own"]
    changed = record_update(
        user=world["author"],
        record=record,
        changes={"title": "Judul baru Budi", "stage": "Masa tenang", "election": election,
                 "classification": pm, "date": record.date},
        tags=["patroli"],
        doc_type="LHP",
    )  # fmt: skip
    assert changed == ["title", "stage", "election", "classification", "tags", "number"]
    record.refresh_from_db()
    assert record.title == "Judul baru Budi"
    assert record.number == "1/LHP/PM.01.03/16.12/XII/2020"
    entry = _last(Action.RECORD_CHANGED)
    assert entry.detail == {"fields": changed}
    assert "Budi" not in str(entry.detail) + entry.target_label


def test_record_update_without_change_writes_nothing(world: dict[str, Any]) -> None:
    record = world["own"]
    assert record_update(user=world["author"], record=record, changes={"title": record.title}) == []
    assert not AuditEntry.objects.filter(action=Action.RECORD_CHANGED).exists()


def test_the_number_never_changes(world: dict[str, Any], pm: Classification) -> None:
    record = world["own"]
    record_update(
        user=world["author"], record=record, changes={"classification": pm}, doc_type="LHP"
    )
    number = record.number
    record_update(
        user=world["author"], record=record, changes={"date": datetime.date(2021, 1, 5)},
        doc_type="LHP",
    )  # fmt: skip
    record.refresh_from_db()
    assert record.number == number


@pytest.mark.parametrize("role", [Role.PANWASCAM, Role.PKD, Role.PTPS])
def test_field_roles_change_only_their_own_records(
    make_user: MakeUser, world: dict[str, Any], role: str
) -> None:
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        record_update(user=user, record=world["own"], changes={"title": "x"})


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.KOMISIONER, Role.SEKRETARIAT])
def test_bawaslu_changes_records_in_its_area(
    make_user: MakeUser, world: dict[str, Any], role: str
) -> None:
    assert record_update(user=make_user(role), record=world["own"], changes={"title": "x"})


def test_a_change_cannot_move_a_record_out_of_reach(
    world: dict[str, Any], make_user: MakeUser
) -> None:
    author = world["author"]
    record = world["untps"]
    with pytest.raises(PermissionDenied):
        record_update(
            user=author, record=record, changes={"region": Region.objects.get(code=FAR_DESA)}
        )
    with pytest.raises(PermissionDenied):
        record_update(user=author, record=record, changes={"access_level": "rahasia"})
    record.refresh_from_db()
    assert record.region_id == JATEN and record.access_level == "biasa"
    with pytest.raises(ValueError, match="not editable"):
        record_update(user=author, record=record, changes={"number": "1/X"})


def test_links_need_both_records_visible(world: dict[str, Any], make_user: MakeUser) -> None:
    author = world["author"]
    link = record_link(user=author, source=world["own"], target_id=world["untps"].pk)
    assert link.relation == "terkait"
    entry = _last(Action.RECORD_CHANGED)
    assert entry.detail == {"fields": ["links"], "target": world["untps"].pk, "relation": "terkait"}
    # A target the PKD may not see does not exist for them.
    with pytest.raises(Http404):
        record_link(user=author, source=world["own"], target_id=world["terbatas"].pk)
    with pytest.raises(ValidationError):
        record_link(user=author, source=world["own"], target_id=world["untps"].pk)
    with pytest.raises(ValidationError):
        record_link(user=author, source=world["own"], target_id=world["own"].pk)
    # A PKD who did not write the source may not link from it.
    with pytest.raises(PermissionDenied):
        record_link(user=make_user(Role.PKD), source=world["own"], target_id=world["untps"].pk)


def test_links_shown_only_to_records_the_user_sees(
    world: dict[str, Any], make_user: MakeUser
) -> None:
    sek = User.objects.get(username="sek-penulis")
    record_link(user=sek, source=world["own"], target_id=world["terbatas"].pk)
    record_link(user=sek, source=world["untps"], target_id=world["own"].pk, relation="dasar bagi")
    seen_by_sek = record_links_visible(user=sek, record=world["own"])
    assert [link.target for link in seen_by_sek.out] == [world["terbatas"]]
    assert [link.source for link in seen_by_sek.into] == [world["untps"]]
    seen_by_pkd = record_links_visible(user=world["author"], record=world["own"])
    assert seen_by_pkd.out == []  # the terbatas record stays hidden
    assert [link.source for link in seen_by_pkd.into] == [world["untps"]]
    assert RecordLink.objects.count() == 2


def test_only_a_komisioner_holds_a_record(world: dict[str, Any], make_user: MakeUser) -> None:
    kom = make_user(Role.KOMISIONER)
    record = world["own"]
    record_hold_set(user=kom, record=record, reason="  Perkara  02/Reg/LP ")
    record.refresh_from_db()
    assert record.legal_hold and record.legal_hold_reason == "Perkara 02/Reg/LP"
    assert _last(Action.LEGAL_HOLD_SET).target_id == str(record.pk)
    with pytest.raises(ValidationError):
        record_hold_set(user=kom, record=record, reason="  ")
    for role in (Role.ADMINISTRATOR, Role.SEKRETARIAT, Role.PANWASCAM, Role.PKD, Role.PTPS):
        with pytest.raises(PermissionDenied):
            record_hold_lift(user=make_user(role), record=record)
        with pytest.raises(PermissionDenied):
            record_hold_set(user=make_user(role), record=record, reason="x")
    record_hold_lift(user=kom, record=record)
    record.refresh_from_db()
    assert not record.legal_hold and record.legal_hold_reason == ""
    assert _last(Action.LEGAL_HOLD_LIFTED).target_id == str(record.pk)
    # Lifting again changes nothing and writes nothing.
    record_hold_lift(user=kom, record=record)
    assert AuditEntry.objects.filter(action=Action.LEGAL_HOLD_LIFTED).count() == 1


def test_the_table_keepers_edit_the_jra(make_user: MakeUser, pm: Classification) -> None:
    sek = make_user(Role.SEKRETARIAT)
    line, changed = classification_save(
        user=sek, code="pm.01.03", name=pm.name, retention_years=5, retention_outcome="musnah"
    )
    assert line.code == "PM.01.03" and changed == ["retention_years", "retention_outcome"]
    assert _last(Action.CLASSIFICATION_CHANGED).detail == {"fields": changed}
    Classification.objects.filter(code="PP.01").delete()
    line, changed = classification_save(
        user=make_user(Role.ADMINISTRATOR), code="PP.01", name="Laporan",
        retention_years=None, retention_outcome="permanen",
    )  # fmt: skip
    assert changed == ["code"]
    assert Classification.objects.get(code="PP.01").retention_outcome == "permanen"
    for role in (Role.KOMISIONER, Role.PANWASCAM, Role.PKD, Role.PTPS):
        with pytest.raises(PermissionDenied):
            classification_save(
                user=make_user(role), code="PM", name="x", retention_years=1,
                retention_outcome="musnah",
            )  # fmt: skip


def test_the_seed_migration_leaves_retention_to_bawaslu(db: None) -> None:
    from importlib import import_module

    seed = import_module("pengawas.archive.migrations.0002_records_classifications")
    Classification.objects.all().delete()
    seed.seed(apps, None)
    codes = set(Classification.objects.values_list("code", flat=True))
    assert {"PM", "PM.01.03", "PP", "PP.00.00", "HK", "HK.01.01", "HM", "HM.00"} == codes
    assert set(Classification.objects.values_list("retention_outcome", flat=True)) == {
        "dinilai_kembali"
    }
    assert not Classification.objects.filter(retention_years__isnull=False).exists()
    seed.unseed(apps, None)
    assert not Classification.objects.exists()

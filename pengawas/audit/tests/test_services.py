import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from pengawas.audit.actions import Action
from pengawas.audit.models import GENESIS_HASH, AuditEntry, AuditEntryImmutable
from pengawas.audit.services import AuditDraft, audit_record, audit_record_many
from pengawas.audit.tests.database import NO_TRUNCATE, TABLE, trigger_set
from pengawas.audit.verify import audit_verify

NIK = "3505014107800001"


def test_the_chain_links_each_entry_to_the_one_before(db: None) -> None:
    first = audit_record(action=Action.LOGOUT)
    second = audit_record(action=Action.LOGOUT)
    third = audit_record(action=Action.LOGOUT)
    assert [first.seq, second.seq, third.seq] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH == "0" * 64
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3


def test_many_entries_at_once_continue_the_same_chain(db: None) -> None:
    admin = User.objects.create_user("admin-1")
    first = audit_record(action=Action.LOGOUT)
    drafts = [
        AuditDraft(Action.ACCOUNT_CREATED, "user", str(n), f"ptps-{n}", {"nik": NIK})
        for n in range(3)
    ]
    many = audit_record_many(drafts=drafts, actor=admin)
    last = audit_record(action=Action.LOGOUT)
    assert [e.seq for e in many] == [2, 3, 4] and last.seq == 5
    assert many[0].prev_hash == first.hash and last.prev_hash == many[-1].hash
    assert all(e.actor_label == "admin-1" and NIK not in str(e.detail) for e in many)
    assert audit_verify().intact
    with pytest.raises(ValueError):
        audit_record_many(drafts=[AuditDraft("no.such.action")])
    assert AuditEntry.objects.count() == 5


def test_the_hash_covers_every_field_but_itself_in_canonical_json(db: None) -> None:
    user = User.objects.create_user("admin-1")
    entry = audit_record(
        action=Action.PASSWORD_RESET,
        actor=user,
        target_type="user",
        target_id="7",
        target_label="ptps-3505012001-001",
        detail={"role": "ptps", "b": [1, 2], "a": "Kepanjen Kidul é"},
    )
    payload = {
        "seq": 1,
        "at": entry.at.astimezone(__import__("datetime").UTC).isoformat(timespec="microseconds"),
        "actor": user.pk,
        "actor_label": "admin-1",
        "action": "password.reset",
        "target_type": "user",
        "target_id": "7",
        "target_label": "ptps-3505012001-001",
        "address": "",
        "detail": {"a": "Kepanjen Kidul é", "b": [1, 2], "role": "ptps"},
        "prev_hash": GENESIS_HASH,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    assert entry.hash == hashlib.sha256(canonical.encode()).hexdigest()


def test_an_entry_read_back_from_the_database_hashes_the_same(db: None) -> None:
    # Timestamps keep their microseconds and JSON its values on both engines.
    audit_record(action=Action.VOTERS_SEARCHED, detail={"z": 1.5, "a": None, "n": {"y": True}})
    stored = AuditEntry.objects.get(seq=1)
    assert stored.compute_hash() == stored.hash


def test_actor_and_address_come_from_the_request(db: None, settings: object) -> None:
    user = User.objects.create_user("sekretariat-1")
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    request.user = user
    entry = audit_record(action=Action.VOTER_VIEWED, request=request, target_type="voter")
    assert entry.actor == user
    assert entry.actor_label == "sekretariat-1"
    assert entry.address == "10.1.2.3"


def test_the_address_follows_the_trusted_proxy_setting(db: None, settings: object) -> None:
    settings.TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9"
    )
    request.user = AnonymousUser()
    entry = audit_record(action=Action.LOGIN_FAILURE, request=request)
    assert entry.address == "203.0.113.9"
    assert entry.actor is None and entry.actor_label == ""


def test_an_explicit_actor_overrides_the_request_user(db: None) -> None:
    request = RequestFactory().get("/")
    request.user = User.objects.create_user("someone")
    command_user = User.objects.create_user("administrator")
    entry = audit_record(action=Action.USERS_IMPORTED, request=request, actor=command_user)
    assert entry.actor == command_user


def test_sixteen_digit_numbers_are_masked_everywhere_as_a_last_defence(db: None) -> None:
    entry = audit_record(
        action=Action.VOTER_VIEWED,
        target_type="voter",
        target_id=NIK,
        target_label=f"pemilih {NIK}",
        detail={"nik": NIK, "as_int": int(NIK), "list": [NIK, 3], NIK: "key", "n": {"x": NIK}},
    )
    stored = AuditEntry.objects.get(seq=entry.seq)
    text = json.dumps(stored.chain_payload())
    assert NIK not in text
    assert stored.target_id == "3505********0001"
    assert stored.target_label == "pemilih 3505********0001"
    assert stored.detail == {
        "nik": "3505********0001",
        "as_int": "3505********0001",
        "list": ["3505********0001", 3],
        "3505********0001": "key",
        "n": {"x": "3505********0001"},
    }
    assert stored.compute_hash() == stored.hash


def test_a_sha256_is_kept_whole_even_when_it_holds_sixteen_digits(db: None) -> None:
    digest = "ab" + "1234567890123456" + "c" * 46
    entry = audit_record(action=Action.FILE_ADDED, detail={"sha256": digest, "note": NIK})
    assert entry.detail == {"sha256": digest, "note": "3505********0001"}


def test_unknown_actions_and_unfit_details_are_refused(db: None) -> None:
    with pytest.raises(ValueError, match="Unknown audit action"):
        audit_record(action="voter.deleted")
    with pytest.raises(ValueError, match="too large"):
        audit_record(action=Action.VOTERS_EXPORTED, detail={"x": "a" * 5000})
    with pytest.raises(TypeError):
        audit_record(action=Action.VOTERS_EXPORTED, detail={"x": object()})
    with pytest.raises(ValueError):
        audit_record(action=Action.VOTERS_EXPORTED, detail={"x": float("nan")})
    assert not AuditEntry.objects.exists()


def test_an_entry_rolls_back_with_the_callers_transaction_leaving_no_gap(db: None) -> None:
    audit_record(action=Action.LOGOUT)
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(action=Action.ACCOUNT_CREATED)
        raise RuntimeError("the account was not created after all")
    after = audit_record(action=Action.LOGOUT)
    assert after.seq == 2
    assert audit_verify().intact


def test_python_refuses_to_change_or_remove_entries(db: None) -> None:
    entry = audit_record(action=Action.LOGOUT)
    entry.target_label = "changed"
    with pytest.raises(AuditEntryImmutable):
        entry.save()
    with pytest.raises(AuditEntryImmutable):
        entry.delete()
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.filter(seq=1).update(target_label="changed")
    with pytest.raises(AuditEntryImmutable):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(seq=1).target_label == ""


def test_an_actor_in_the_log_cannot_be_deleted(db: None) -> None:
    from django.db.models import ProtectedError

    user = User.objects.create_user("ptps-1")
    audit_record(action=Action.LOGOUT, actor=user)
    with pytest.raises(ProtectedError):
        user.delete()


def _raw(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", TABLE))


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET target_label = 'x' WHERE seq = 1",
        "DELETE FROM {table} WHERE seq = 1",
        "TRUNCATE {table}",
    ],
    ids=["update", "delete", "truncate"],
)
def test_the_database_refuses_changes_on_postgresql(db: None, sql: str) -> None:
    audit_record(action=Action.LOGOUT)
    if connection.vendor == "postgresql":
        trigger_set(NO_TRUNCATE, enabled=True)  # the test database lets flush truncate
        with pytest.raises(DatabaseError, match="hanya dapat ditambah"), transaction.atomic():
            _raw(sql)
        assert AuditEntry.objects.get(seq=1).target_label == ""
    else:
        # SQLite has no such triggers: the change goes through, and audit_verify sees it
        # (test_verify.py covers every kind of change on both engines).
        _raw(sql.replace("TRUNCATE", "DELETE FROM"))
        assert not audit_verify().intact or not AuditEntry.objects.exists()


_WRITER = """
import django
django.setup()
from pengawas.audit.actions import Action
from pengawas.audit.services import AuditDraft, audit_record, audit_record_many
for _ in range({each}):
    audit_record(action=Action.VOTERS_SEARCHED)
"""


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_prev_hash(tmp_path: Path) -> None:
    writers, each = 4, 10
    if connection.vendor == "postgresql":
        _write_in_threads(writers=writers, each=each)
        rows = list(AuditEntry.objects.order_by("seq").values_list("seq", "prev_hash"))
        assert audit_verify().intact
    else:
        # The test database is SQLite in memory, shared between threads by table locks
        # that do not wait; production is a file, written by several processes. So this
        # runs separate processes on a file database configured as settings.py does.
        rows = _write_in_processes(tmp_path, writers=writers, each=each)
    assert [seq for seq, _ in rows] == list(range(1, writers * each + 1))
    assert len({prev for _, prev in rows}) == len(rows)


def _write_in_threads(*, writers: int, each: int) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write() -> None:
        try:
            start.wait()
            for _ in range(each):
                audit_record(action=Action.VOTERS_SEARCHED)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def _write_in_processes(tmp_path: Path, *, writers: int, each: int) -> list[tuple[int, str]]:
    database = tmp_path / "audit.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pengawas.settings",
        "PENGAWAS_DEMO": "true",
        "PENGAWAS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{database}",
    }
    env.pop("TEST_DATABASE_URL", None)
    pengawas = [sys.executable, "-m", "pengawas.cli"]
    subprocess.run([*pengawas, "migrate", "-v0"], env=env, check=True, capture_output=True)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER.format(each=each)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(writers)
    ]
    for process in processes:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err.decode()
    verified = subprocess.run(
        [*pengawas, "audit_verify"], env=env, capture_output=True, text=True, check=False
    )
    assert verified.returncode == 0, verified.stderr
    assert f"{writers * each} entri diperiksa" in verified.stdout
    with sqlite3.connect(database) as db:
        return db.execute(f"SELECT seq, prev_hash FROM {TABLE} ORDER BY seq").fetchall()


def test_time_never_runs_backwards_along_the_chain(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pengawas.audit import services

    first = audit_record(action=Action.LOGOUT)
    # The clock is set back an hour: the next entry keeps the previous entry's time.
    earlier = first.at - __import__("datetime").timedelta(hours=1)
    monkeypatch.setattr(services.timezone, "now", lambda: earlier)
    second = audit_record(action=Action.LOGOUT)
    assert second.at == first.at
    assert audit_verify().intact

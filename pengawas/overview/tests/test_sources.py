"""The bulk adapters mean exactly what each app's contract function means for one TPS, and
the overview shows the real apps' data (Form A, C.Hasil sheets, incidents)."""

import datetime
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps
from pengawas.form_a.models import FormA
from pengawas.form_a.report import empty_report
from pengawas.form_a.services import form_a_flags, form_a_status
from pengawas.incidents.models import Incident
from pengawas.incidents.services import tps_grounds
from pengawas.overview import sources
from pengawas.overview.tests.factories import sheet_add
from pengawas.tally.services import sheet_latest, sheet_status


def _report(**changes: Any) -> dict[str, Any]:
    data = empty_report()
    data.update(changes)
    return data


@pytest.fixture
def world(places: dict[str, Tps], make_user: Callable[..., User]) -> dict[str, Tps]:
    """Jaten 1: a sent report with an objection, then a newer draft; sheets from PTPS and PKD
    that differ; a re-vote ground. Jaten 2: a confirmed report with a suspected violation, a
    PKD's sheet with errors, a recount ground and an incident that grounds nothing. Salam 1: a
    draft with a violation (a draft flags nothing). Udanawu 1: nothing."""
    ptps, pkd = make_user(Role.PTPS), make_user(Role.PKD)
    j1, j2, s1 = places["jaten1"], places["jaten2"], places["salam1"]
    old = timezone.now() - datetime.timedelta(hours=1)

    def form(tps: Tps, status: str, data: dict[str, Any], when: datetime.datetime) -> None:
        made = FormA.objects.create(tps=tps, author=ptps, status=status, data=data,
                                    client_uuid=uuid.uuid4())  # fmt: skip
        FormA.objects.filter(pk=made.pk).update(updated_at=when)

    form(j1, "submitted", _report(keberatan=True), old)
    form(j1, "draft", _report(), timezone.now())
    violation = _report(pelanggaran={"peristiwa": "Pemilih mencoblos dua kali"})
    form(j2, "confirmed", violation, old)
    form(s1, "draft", violation, old)
    sheet_add(j1, by=ptps, paslon={"1": 100, "2": 70})
    sheet_add(j1, by=pkd, entry="pkd", paslon={"1": 100, "2": 71})
    sheet_add(j2, by=pkd, entry="pkd", result="errors")

    def incident(tps: Tps, code: str, count: int | None = None) -> None:
        Incident.objects.create(tps=tps, code=code, count=count, recorded_by=ptps)

    incident(j1, "VOTED_MORE_THAN_ONCE", 2)
    incident(j2, "COUNT_POOR_LIGHT")
    incident(j2, "VOTED_MORE_THAN_ONCE", 1)  # Pilkada: "lebih dari satu" - one is not enough
    return places


def test_the_adapters_agree_with_the_contract_functions(
    election: Election, world: dict[str, Tps]
) -> None:
    tps = list(world.values())
    ids = [t.pk for t in tps]
    reports = sources.form_a_states(ids)
    sheets = sources.sheet_statuses(ids)
    votes = sources.sheet_votes(ids)
    incidents = sources.incident_states(ids, election_kind=election.kind)
    for one in tps:
        state = reports.get(one.pk, sources.FormAState(None))
        assert state.status == form_a_status(tps=one), one
        assert set(state.flags) == form_a_flags(tps=one), one
        assert sheets.get(one.pk, "none") == sheet_status(tps=one), one
        latest = sheet_latest(tps=one)
        assert votes.get(one.pk) == (sources.votes_of(latest.data) if latest else None), one
        grounds = tps_grounds(tps=one)
        got = incidents.get(one.pk, sources.IncidentState(0, False, False))
        assert (got.recount, got.revote) == (
            grounds["recount"]["grounded"],
            grounds["revote"]["grounded"],
        ), one
        assert got.count == Incident.objects.filter(tps=one).count()
    j1, j2 = world["jaten1"].pk, world["jaten2"].pk
    assert (reports[j1].status, reports[j1].flags) == ("draft", frozenset({"keberatan"}))
    assert sheets[j1] == "mismatch" and sheets[j2] == "errors"
    assert (incidents[j1].revote, incidents[j2].recount, incidents[j2].revote) == (
        True,
        True,
        False,
    )


def test_the_page_shows_the_apps_data(
    world: dict[str, Tps], make_user: Callable[..., User], login: Callable[..., None]
) -> None:
    client = Client()
    login(client, make_user(Role.PANWASCAM))
    board = client.get("/pantauan/").context["board"]
    assert board.counts["sudah-lapor"] == 1  # Jaten 2 only: Jaten 1's latest is a draft
    assert board.counts["ada-keberatan"] == 1 and board.counts["dugaan-pelanggaran"] == 1
    assert board.counts["ada-kesalahan"] == 2 and board.counts["dasar-psu"] == 1
    html = client.get("/pantauan/", {"keadaan": "dasar-hitung-ulang"}).content.decode()
    j2 = world["jaten2"]
    form_id = FormA.objects.get(tps=j2).pk
    assert f'href="/hari-h/c-hasil/tps/{j2.pk}/"' in html
    assert f'href="/hari-h/kejadian/tps/{j2.pk}/"' in html
    assert f'href="/hari-h/form-a/{form_id}/"' in html
    assert "hitung ulang" in html and "TPS 001" not in html.split("<tbody>")[1]

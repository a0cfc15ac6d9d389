"""Every URL of the project, asked by every role and by anonymous visitors.

The table below says, for each URL name, what each persona gets. A URL that is missing from
the table fails the test: a new view cannot land without someone deciding who may use it.
Personas are logged in past the second factor, except `unverified` (a komisioner who gave
the password only) and `anonymous`. `norole` is a logged-in user without a current
assignment (a PTPS after the election, say).

Outcomes: "ok" (the page or its answer; 2xx, or a redirect that is not to the login or to the
second factor), "login" (redirect to the login page), "2fa" (redirect to the second factor or
its enrolment), 403, 404 (an object outside the jurisdiction does not exist for the user),
429 (rate limited), 400 (well-formed refusal of empty input), 405.
"""

import datetime
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pengawas.accounts.roles import Role
from pengawas.accounts.services import assignment_create
from pengawas.archive.models import Classification, Record, StoredFile
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create
from pengawas.archive.services_retention import disposal_request_create
from pengawas.archive.tests.files import jpeg_bytes, pdf_bytes
from pengawas.cases.tests.factories import case_for_test
from pengawas.dpt.models import Voter
from pengawas.dpt_audit.models import AuditRun, Category, Finding, Status
from pengawas.elections.models import Election, Tps
from pengawas.form_a.services import form_a_upsert
from pengawas.form_a.tests.conftest import photo_bytes, report_data
from pengawas.guide.models import Edition
from pengawas.guide.services import edition_publish
from pengawas.regions.models import Region
from pengawas.tally.services import photo_prepare, sheet_save

JATEN = "35.05.01.2001"
FAR_DESA = "35.05.02.2001"  # Kecamatan Udanawu, outside Wonodadi
PERSONAS = (
    "anonymous",
    "norole",
    "unverified",
    Role.ADMINISTRATOR,
    Role.KOMISIONER,
    Role.SEKRETARIAT,
    Role.PANWASCAM,
    Role.PKD,
    Role.PTPS,
)


@dataclass(frozen=True)
class Case:
    """One request: a URL name, its arguments (names of objects from `world`), a method."""

    name: str
    args: tuple[str, ...] = ()
    method: str = "get"
    data: tuple[tuple[str, str], ...] = ()


def _all_url_names() -> set[str]:
    def walk(patterns: list[Any]) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                names |= walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, f"URL pattern without a name: {pattern.pattern}"
                names.add(pattern.name)
        return names

    return walk(get_resolver().url_patterns)


@pytest.fixture
def world(
    election: Election,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
    archive_key: str,
    settings: Any,
    tmp_path: Path,
) -> dict[str, Any]:
    """Objects inside every persona's jurisdiction ("own") and outside the kecamatan ("far").

    None of their authors is a persona: what a persona gets comes from their role alone."""
    own_voter = make_voter(name="SITI DEKAT", nik="3505014107800001")  # Jaten TPS 001
    far_voter = make_voter(name="SITI JAUH", village="35.05.02.2001", nik="3505024107800002")
    tps_2 = Tps.objects.create(election=election, village_id="35.05.01.2001", number=2)
    managed = make_user(Role.PTPS, tps=tps_2)  # a PTPS of Jaten: Bawaslu manages them
    kota = Region.objects.create(code="35.72", name="Kota Blitar", level="kota", parent_id="35")
    outsider = User.objects.create_user("komisioner-kota")  # another kabupaten/kota
    assignment_create(user=outsider, role=Role.KOMISIONER, region=kota)
    return {
        **_archive_world(own_voter.tps, make_user),
        **_cases_world(election, make_user),
        "own_tps": own_voter.tps_id,
        "far_tps": far_voter.tps_id,
        "own_voter": own_voter.pk,
        "far_voter": far_voter.pk,
        "managed_user": managed.pk,
        "managed_assignment": managed.assignments.get().pk,
        "outside_user": outsider.pk,
        "outside_assignment": outsider.assignments.get().pk,
        "action": "keluar-semua",
        "token": "token-yang-tidak-ada",
        "code": "ABCDEFGHJK",
        **_guide_world(),
        **_dpt_audit_world(own_voter, far_voter),
        **_voting_day_world(own_voter.tps, make_user, settings, tmp_path),
        "election": election.pk,
    }


def _archive_world(tps: Tps, make_user: Callable[..., User]) -> dict[str, Any]:
    """SIP records in Jaten TPS 001 (biasa by a PKD, with a PDF and a JPEG; terbatas;
    rahasia by a komisioner), one in another kecamatan, and two disposal requests."""
    pkd = make_user(Role.PKD, username="pkd-penulis")
    staff = make_user(Role.SEKRETARIAT, username="sek-penulis")
    commissioner = make_user(Role.KOMISIONER, username="kom-penulis")

    def record(author: User, region: str = JATEN, **fields: Any) -> Record:
        fields.setdefault("date", datetime.date(2020, 11, 20))
        return record_create(user=author, function="pengawasan", title="Pengawasan kampanye",
                             region=Region.objects.get(code=region), **fields)  # fmt: skip

    def store(owner: Record, data: bytes, name: str) -> StoredFile:
        return file_store(record=owner, source=io.BytesIO(data), name=name, user=owner.author)

    own, far = record(pkd, tps=tps), record(staff, region=FAR_DESA)
    musnah = Classification.objects.create(
        code="T.MUSNAH", name="Uji", retention_years=1, retention_outcome="musnah"
    )
    due = {"classification": musnah, "date": datetime.date(2015, 1, 1)}
    return {
        "own": own.pk,
        "own_pdf": store(own, pdf_bytes(), "laporan.pdf").pk,
        "own_jpeg": store(own, jpeg_bytes(), "foto.jpg").pk,
        "far": far.pk,
        "far_file": store(far, pdf_bytes(), "jauh.pdf").pk,
        "terbatas": record(staff, tps=tps, access_level="terbatas").pk,
        "rahasia": record(commissioner, tps=tps, access_level="rahasia").pk,
        "own_disposal": disposal_request_create(
            user=commissioner, record_ids=[record(commissioner, **due).pk]
        ).pk,
        "secret_disposal": disposal_request_create(
            user=commissioner, record_ids=[record(commissioner, access_level="rahasia", **due).pk]
        ).pk,
    }


def _cases_world(election: Election, make_user: Callable[..., User]) -> dict[str, Any]:
    """A temuan in Wonodadi filed by a PKD of Jaten, a laporan in Udanawu received by Bawaslu."""
    filer = make_user(Role.PKD, username="pkd-jaten-pelapor")
    staff = make_user(Role.SEKRETARIAT, username="staf-penerima")
    return {
        "own_case": case_for_test(filer, election=election, kind="temuan").pk,
        "far_case": case_for_test(staff, election=election, region="35.05.02").pk,
    }


def _voting_day_world(
    tps: Tps, make_user: Callable[..., User], settings: Any, tmp_path: Path
) -> dict[str, Any]:
    """The PTPS's C.Hasil sheet of Jaten TPS 001 with its photo, entered by a PKD of Jaten; a
    Form A with a photo sent from Jaten TPS 001 and one from Udanawu."""
    settings.MEDIA_ROOT = tmp_path / "files"
    sheet_save(
        user=make_user(Role.PKD, username="pkd-pencatat-c-hasil"),
        tps=tps,
        entry="ptps",
        data={},
        client_uuid=uuid.uuid4(),
        photo=photo_prepare(io.BytesIO(jpeg_bytes())),
    )

    def form_a(at: Tps, author: str) -> tuple[int, int]:
        sent = form_a_upsert(
            user=make_user(Role.PTPS, tps=at, username=author),
            tps=at,
            client_uuid=uuid.uuid4(),
            raw=report_data(),
            photos=[io.BytesIO(photo_bytes())],
        ).form
        return sent.pk, sent.photos.get().pk

    far_tps = Tps.objects.create(election=tps.election, village_id=FAR_DESA, number=7)
    own_form_a, own_photo = form_a(tps, "ptps-penulis-form-a")
    far_form_a, far_photo = form_a(far_tps, "ptps-udanawu-form-a")
    return {
        "entry_ptps": "ptps",
        "own_form_a": own_form_a,
        "own_form_a_photo": own_photo,
        "far_form_a": far_form_a,
        "far_form_a_photo": far_photo,
    }


def _dpt_audit_world(own_voter: Voter, far_voter: Voter) -> dict[str, Any]:
    """Two finished audits of the snapshot: one over Kecamatan Wonodadi (the Panwascam's),
    one over the whole list; each with a finding."""

    def run(region: str | None, voter: Voter) -> int:
        done = AuditRun.objects.create(
            snapshot=voter.snapshot, region_id=region, status=Status.DONE, progress=100
        )
        Finding.objects.create(
            run=done, category=Category.INCOMPLETE, voter=voter, source_line=voter.source_line,
            tps=voter.tps, village_id=voter.tps.village_id, detail="Alamat kosong.",
        )  # fmt: skip
        return done.pk

    return {
        "own_run": run("35.05.01", own_voter),
        "far_run": run(None, far_voter),
        "xlsx": "xlsx",
        "snapshot": own_voter.snapshot_id,
    }


def _guide_world() -> dict[str, Any]:
    """The repository's Panduan, published twice (an earlier edition stays readable)."""
    first, _ = edition_publish(series="pilkada-2020")
    Edition.objects.filter(pk=first.pk).update(content_hash="edisi-sebelumnya")
    edition_publish(series="pilkada-2020")
    return {"series": "pilkada-2020", "page": "pembukaan", "edition_1": 1, "missing": "tidak-ada"}


def _persona_user(persona: str, make_user: Callable[..., User]) -> User | None:
    if persona == "anonymous":
        return None
    if persona == "norole":
        return User.objects.create_user("tanpa-peran")
    if persona == "unverified":
        return make_user(Role.KOMISIONER, username="belum-dua-faktor")
    return make_user(persona, username=f"persona-{persona}")


def _outcome(response: Any) -> str:
    status = response.status_code
    redirect = response.get("HX-Redirect") or (
        response["Location"] if status in (301, 302, 303) else ""
    )
    if redirect:
        if redirect.startswith((reverse("login-otp"), reverse("account-2fa"))):
            return "2fa"
        if redirect.startswith(reverse("login")):
            return "login"
        return "ok"
    return "ok" if status < 300 else str(status)


# One row per request: the outcome for each persona, then the request.
# fmt: off
TABLE: list[tuple[str, Case]] = [
    # anon  norole unverif admin kom   sek   pwc   pkd   ptps
    ("ok    ok    2fa   ok    ok    ok    ok    ok    ok", Case("home")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("healthz")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("favicon")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("set-language", method="post", data=(("language", "en"),))),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("cek-dpt")),
    ("400   400   400   400   400   400   400   400   400", Case("api-cek-dpt")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("api-openapi")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("login")),
    ("login ok    2fa   ok    ok    ok    ok    ok    ok", Case("login-otp")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("logout", method="post")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("activation")),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("activation-code", ("code",))),
    ("ok    ok    ok    ok    ok    ok    ok    ok    ok", Case("activation-password")),
    ("login ok    2fa   ok    ok    ok    ok    ok    ok", Case("account")),
    ("login ok    ok    ok    ok    ok    ok    ok    ok", Case("account-2fa")),
    ("login ok    2fa   ok    ok    ok    ok    ok    ok", Case("account-recovery-codes")),
    ("login ok    2fa   ok    ok    ok    ok    ok    ok", Case("account-password")),
    ("login ok    2fa   ok    ok    ok    ok    ok    ok", Case("account-logout-everywhere", method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("dpt-search")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("dpt-search", method="post", data=(("q", "siti"),))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("dpt-tps-list", ("own_tps",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("dpt-tps-list", ("far_tps",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("dpt-voter-detail", ("own_voter",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("dpt-voter-detail", ("far_voter",))),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("audit-list")),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("audit-export", method="post")),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-users")),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-user-create")),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-users-import")),
    ("login 403   2fa   404   403   404   403   403   403", Case("manage-slips", ("token",))),
    ("login 403   2fa   404   403   404   403   403   403", Case("manage-slips-download", ("token",))),
    ("login 403   2fa   404   403   404   403   403   403", Case("manage-slips-delete", ("token",), method="post")),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-user", ("managed_user",))),
    ("login 403   2fa   ok    403   404   403   403   403", Case("manage-user", ("outside_user",))),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-assignment-new", ("managed_user",))),
    ("login 403   2fa   ok    403   404   403   403   403", Case("manage-assignment-new", ("outside_user",))),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-assignment-end", ("managed_user", "managed_assignment"))),
    ("login 403   2fa   ok    403   404   403   403   403", Case("manage-assignment-end", ("outside_user", "outside_assignment"))),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("manage-user-action", ("managed_user", "action"))),
    ("login 403   2fa   ok    403   404   403   403   403", Case("manage-user-action", ("outside_user", "action"))),
    # SIP, the archive
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-search")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-search", method="post", data=(("q", "laporan"),))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-list")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-create")),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("archive-classifications")),
    ("login 403   2fa   ok    403   ok    403   403   403", Case("archive-classifications", method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-record", ("own",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-record", ("far",))),
    ("login 403   2fa   ok    ok    ok    ok    404   404", Case("archive-record", ("terbatas",))),
    ("login 403   2fa   404   ok    404   404   404   404", Case("archive-record", ("rahasia",))),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("archive-edit", ("own",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-edit", ("far",))),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("archive-link", ("own",), method="post")),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-link", ("far",), method="post")),
    ("login 403   2fa   403   ok    403   403   403   403", Case("archive-hold", ("own",), method="post")),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("archive-file-add", ("own",), method="post")),
    ("login 403   2fa   405   405   405   405   405   405", Case("archive-file-add", ("own",))),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("archive-file-replace", ("own", "own_pdf"), method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-file", ("own", "own_pdf"))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-file", ("far", "far_file"))),
    ("login 403   2fa   404   404   404   404   404   404", Case("archive-file", ("own", "far_file"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-file-download", ("own", "own_pdf"))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-file-download", ("far", "far_file"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-preview", ("own", "own_jpeg"))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-preview", ("far", "far_file"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("archive-bundle", method="post", data=(("record", "@own"),))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("archive-bundle", method="post", data=(("record", "@far"),))),
    ("login 403   2fa   404   ok    404   404   404   404", Case("archive-bundle", method="post", data=(("record", "@rahasia"),))),
    ("login 403   2fa   400   400   400   400   400   400", Case("archive-bundle", method="post")),
    ("login 403   2fa   405   405   405   405   405   405", Case("archive-bundle")),
    ("login 403   2fa   403   ok    ok    403   403   403", Case("archive-retention")),
    ("login 403   2fa   403   ok    ok    403   403   403", Case("archive-disposal", ("own_disposal",))),
    ("login 403   2fa   403   ok    404   403   403   403", Case("archive-disposal", ("secret_disposal",))),
    # Enforcement cases
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("case-list")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("case-create")),
    ("login 403   2fa   ok    ok    ok    ok    404   404", Case("case-detail", ("own_case",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("case-detail", ("far_case",))),
    ("login 403   2fa   ok    ok    ok    ok    404   404", Case("case-notice", ("own_case",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("case-notice", ("far_case",))),
    ("login 403   2fa   400   400   400   400   404   404", Case("case-move", ("own_case",), method="post")),
    ("login 403   2fa   400   400   400   404   404   404", Case("case-move", ("far_case",), method="post")),
    ("login 403   2fa   400   400   400   400   404   404", Case("case-change", ("own_case",), method="post")),
    ("login 403   2fa   400   400   400   404   404   404", Case("case-change", ("far_case",), method="post")),
    # Panduan: Buku Saku PTPS and Putung (every supervisor reads; only a PTPS keeps a checklist)
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-home")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-search", data=(("q", "dptb"),))),
    ("401   403   403   ok    ok    ok    ok    ok    ok", Case("guide-api-search", data=(("q", "dptb"),))),
    ("ok    ok    2fa   ok    ok    ok    ok    ok    ok", Case("guide-service-worker")),
    ("ok    ok    2fa   ok    ok    ok    ok    ok    ok", Case("guide-manifest")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-series", ("series",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-page", ("series", "page"))),
    ("login 403   2fa   404   404   404   404   404   404", Case("guide-page", ("series", "missing"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-editions", ("series",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-edition", ("series", "edition_1"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-edition-page", ("series", "edition_1", "page"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-changes", ("series",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-search-index", ("series",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-offline-list", ("series",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("guide-pocket-pdf", ("series",))),
    ("login 403   2fa   403   403   403   403   403   ok", Case("guide-checklist", ("series",))),
    ("login 403   2fa   403   403   403   403   403   ok", Case("guide-checklist", ("series",), method="post", data=(("check_id", "x"),))),
    ("401   403   403   403   403   403   403   403   ok", Case("guide-api-checklist", ("series",))),
    ("401   403   403   403   403   403   403   403   400", Case("guide-api-checklist", ("series",), method="post")),
    # DPT audit: Bawaslu audits the whole list, a Panwascam their kecamatan; PKD and PTPS do not
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-list")),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-list", method="post", data=(("election", "@election"),))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-run", ("own_run",))),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-audit-run", ("far_run",))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-download", ("own_run", "xlsx"))),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-audit-download", ("far_run", "xlsx"))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-saran", ("own_run",))),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-audit-saran", ("far_run",))),
    ("405   405   2fa   405   405   405   405   405   405", Case("dpt-audit-saran-pdf", ("own_run",))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-saran-pdf", ("own_run",), method="post", data=(("addressee", "Ketua KPU"), ("day", "2020-10-01")))),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-audit-saran-xlsx", ("far_run",), method="post", data=(("addressee", "Ketua KPU"), ("day", "2020-10-01")))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-audit-compare")),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-statistics")),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-statistics", data=(("wilayah", "35.05.02"),))),
    ("login 403   2fa   ok    ok    ok    ok    403   403", Case("dpt-statistics-xlsx")),
    ("login 403   2fa   ok    ok    ok    404   403   403", Case("dpt-statistics-xlsx", data=(("wilayah", "35.05.02"),))),
    # Voting day (Hari-H): the C.Hasil-KWK check, incidents and recount/re-vote grounds
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("voting-day")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("tally-sheet")),
    ("login 403   2fa   403   403   403   403   403   400", Case("tally-sheet", method="post")),
    ("login 403   2fa   ok    ok    ok    403   403   403", Case("tally-candidates")),
    ("login 403   2fa   400   400   400   403   403   403", Case("tally-candidates", method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("tally-tps", ("own_tps",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("tally-tps", ("far_tps",))),
    ("login 403   2fa   403   403   403   403   400   ok", Case("tally-tps", ("own_tps",), method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("tally-check", ("own_tps",), method="post")),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("tally-check", ("far_tps",), method="post")),
    ("405   405   2fa   405   405   405   405   405   405", Case("tally-check", ("own_tps",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("tally-photo", ("own_tps", "entry_ptps"))),
    ("login 403   2fa   404   404   404   404   404   404", Case("tally-photo", ("far_tps", "entry_ptps"))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("incidents-own")),
    ("login 403   2fa   405   405   405   405   405   ok", Case("incidents-own", method="post", data=(("code", "COUNT_CLOSED"),))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("incidents-tps", ("own_tps",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("incidents-tps", ("far_tps",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("incidents-tps", ("own_tps",), method="post", data=(("code", "COUNT_CLOSED"),))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("incidents-tps", ("far_tps",), method="post", data=(("code", "COUNT_CLOSED"),))),
    ("405   405   2fa   405   405   405   405   405   405", Case("incidents-preview", ("own_tps",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("incidents-preview", ("own_tps",), method="post", data=(("code", "COUNT_CLOSED"),))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("incidents-preview", ("far_tps",), method="post", data=(("code", "COUNT_CLOSED"),))),
    ("401   403   403   400   400   400   400   400   ok", Case("incidents-api")),
    ("401   403   403   400   400   400   400   400   400", Case("incidents-api", method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("form-a-own")),
    ("login 403   2fa   ok    ok    ok    ok    ok    400", Case("form-a-own", method="post")),
    ("ok    ok    2fa   ok    ok    ok    ok    ok    ok", Case("form-a-sw")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("form-a-review-list")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("form-a-detail", ("own_form_a",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("form-a-detail", ("far_form_a",))),
    ("login 403   2fa   403   403   403   400   400   403", Case("form-a-review", ("own_form_a",), method="post")),
    ("login 403   2fa   403   403   403   404   404   404", Case("form-a-review", ("far_form_a",), method="post")),
    ("login 403   2fa   400   400   400   400   400   403", Case("form-a-archive", ("own_form_a",), method="post")),
    ("login 403   2fa   400   400   400   404   404   404", Case("form-a-archive", ("far_form_a",), method="post")),
    ("login 403   2fa   400   400   400   400   403   403", Case("form-a-temuan", ("own_form_a",), method="post")),
    ("login 403   2fa   400   400   400   404   404   404", Case("form-a-temuan", ("far_form_a",), method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("form-a-pdf", ("own_form_a",))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("form-a-pdf", ("far_form_a",))),
    ("login 403   2fa   ok    ok    ok    ok    ok    ok", Case("form-a-photo", ("own_form_a", "own_form_a_photo"))),
    ("login 403   2fa   ok    ok    ok    404   404   404", Case("form-a-photo", ("far_form_a", "far_form_a_photo"))),
    ("401   403   403   403   403   403   403   403   ok", Case("form-a-api")),
    ("401   403   403   403   403   403   403   403   400", Case("form-a-api", method="post")),
    ("login 403   2fa   ok    ok    ok    ok    ok    403", Case("overview-board")),
    ("login 403   2fa   ok    ok    ok    404   404   403", Case("overview-board", data=(("kecamatan", "35.05.02"),))),
    ("login 403   2fa   ok    ok    ok    ok    ok    403", Case("overview-recap")),
    ("login 403   2fa   ok    ok    ok    404   404   403", Case("overview-recap", data=(("kecamatan", "35.05.02"),))),
    ("login 403   2fa   400   400   400   403   403   403", Case("overview-recap", method="post")),
]
# fmt: on


def test_every_url_has_a_rule() -> None:
    assert _all_url_names() == {case.name for _, case in TABLE}


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_the_table_says(
    persona: str,
    world: dict[str, Any],
    make_user: Callable[..., User],
    login: Callable[..., None],
) -> None:
    user = _persona_user(persona, make_user)
    column = PERSONAS.index(persona)
    wrong = []
    for row, case in TABLE:
        # A fresh session for every request: a logout or a lock-out cannot leak into the next.
        client = Client()
        if user is not None:
            login(client, user, verified=persona != "unverified")
        url = reverse(case.name, args=[world[arg] for arg in case.args])
        # A value "@name" in the data is the id of the world's object of that name.
        data = {k: world[v[1:]] if v.startswith("@") else v for k, v in case.data}
        response = getattr(client, case.method)(url, data)
        got = _outcome(response)
        expected = row.split()[column]
        if got != expected:
            wrong.append(
                f"{case.method.upper()} {url} ({case.name}): expected {expected}, got {got}"
            )
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)

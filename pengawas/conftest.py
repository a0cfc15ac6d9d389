"""Fixtures shared by the apps' tests: regions, an election, voters, personas."""

import datetime
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, sync_playwright

from pengawas.accounts.roles import Role
from pengawas.accounts.services import assignment_create
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt.names import name_key
from pengawas.dpt.services.lookup import snapshots_public_forget, tps_places_forget
from pengawas.dpt.tests.factories import snapshot_for_test
from pengawas.elections.models import Election, Tps
from pengawas.elections.services import election_create
from pengawas.regions.models import Region
from pengawas.regions.services import BLITAR_REGIONS_FILE, region_load


@pytest.fixture(autouse=True)
def _own_data_directory(settings: Any, tmp_path: Path) -> None:
    # Every test gets its own data directory: files (such as the SQLite rate counters)
    # never carry over from one test to the next.
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def _fresh_public_snapshots() -> None:
    # A rolled-back test leaves no signal behind: start every test without cached snapshots.
    snapshots_public_forget()
    tps_places_forget()


@pytest.fixture
def blitar(db: None) -> Region:
    region_load(path=BLITAR_REGIONS_FILE)
    return Region.objects.get(code="35.05")


@pytest.fixture
def election(blitar: Region) -> Election:
    return election_create(
        code="pilbup-blitar-2020",
        name="Pemilihan Bupati dan Wakil Bupati Blitar 2020",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2020, 12, 9),
        max_voters_per_tps=500,
    )


@pytest.fixture
def snapshot(election: Election) -> Snapshot:
    return snapshot_for_test(election)


@pytest.fixture
def make_voter(snapshot: Snapshot) -> Callable[..., Voter]:
    """Create one voter; village defaults to Jaten (35.05.01.2001), TPS 1."""
    lines = itertools.count(2)

    def make(*, name: str, village: str = "35.05.01.2001", tps: int = 1, **fields: Any) -> Voter:
        tps_obj, _ = Tps.objects.get_or_create(
            election=snapshot.election, village_id=village, number=tps
        )
        fields.setdefault("snapshot", snapshot)
        return Voter.objects.create(
            source_line=next(lines), tps=tps_obj, name=name, name_key=name_key(name), **fields
        )

    return make


TEST_PASSWORD = "uji-Sandi-2020!"  # noqa: S105
# Where each persona works: Kabupaten Blitar, Kecamatan Wonodadi, Desa Jaten, TPS 001 Jaten.
PERSONA_REGIONS: dict[str, str | None] = {
    Role.ADMINISTRATOR: None,
    Role.KOMISIONER: "35.05",
    Role.SEKRETARIAT: "35.05",
    Role.PANWASCAM: "35.05.01",
    Role.PKD: "35.05.01.2001",
    Role.PTPS: "35.05.01.2001",
}


@pytest.fixture
def make_user(blitar: Region, request: pytest.FixtureRequest) -> Callable[..., User]:
    """A user holding one role today. PTPS default to TPS 001 of Jaten."""
    counter = itertools.count(1)

    def make(
        role: str,
        *,
        region_code: str | None = None,
        tps: Tps | None = None,
        username: str | None = None,
    ) -> User:
        user = User.objects.create_user(
            username or f"{role}-{next(counter)}", password=TEST_PASSWORD
        )
        if role == Role.PTPS and tps is None:
            tps, _ = Tps.objects.get_or_create(
                election=request.getfixturevalue("election"),
                village_id=region_code or "35.05.01.2001",
                number=1,
            )
        code = region_code or PERSONA_REGIONS[role]
        assignment_create(
            user=user,
            role=role,
            region=Region.objects.get(code=code) if code and role != Role.PTPS else None,
            tps=tps,
            starts=datetime.date(2020, 1, 1),
        )
        return user

    return make


@pytest.fixture
def login() -> Callable[..., None]:
    """Log a test client in as a user, past the second factor (verified=False: password only)."""

    def log_in(client: Client, user: User, *, verified: bool = True) -> None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        if verified:
            device, _ = TOTPDevice.objects.get_or_create(
                user=user, name="uji", defaults={"confirmed": True}
            )
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    return log_in


@pytest.fixture
def supervisor(make_user: Callable[..., User]) -> User:
    """Bawaslu Kabupaten Blitar secretariat staff: the whole kabupaten."""
    return make_user(Role.SEKRETARIAT, username="pengawas")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite the test database is a file, never Django's in-memory default.

    Django hands one in-memory connection to the test and to every thread of the live server;
    two requests at once (a page and its images, an htmx poll) then use it together and break
    ("cannot start a transaction within a transaction"). With a file each thread opens its own
    connection, as the app does in production, and WAL lets them read side by side.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database as migrated, but its audit table may be truncated.

    Tests that commit (live_server, transactional_db) end with TRUNCATE of every table,
    which the audit trail's trigger refuses on PostgreSQL. The refusal itself is tested
    with the trigger switched back on (pengawas/audit/tests/test_services.py).
    """
    from pengawas.audit.tests.database import NO_TRUNCATE, trigger_set

    with django_db_blocker.unblock():
        trigger_set(NO_TRUNCATE, enabled=False)


# Browser tests (pytest.mark.browser): Debian's Chromium, driven by Playwright.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # A missing browser is a failure, never a skip.
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
        # run from it. The test process is the only user of its database, so this is safe while
        # the browser lives.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """The browser tests' screenshot folder: $PENGAWAS_SCREENSHOTS, to keep and look at them
    after a run, or else inside the test's own tmp_path."""
    folder = Path(os.environ.get("PENGAWAS_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def archive_key(settings: Any) -> str:
    """A fresh archive master key for this test (settings.ARCHIVE_KEY), files kept under the
    test's own data directory; returns the key's text (pengawas/archive/crypto.py)."""
    from pengawas.archive.crypto import key_generate

    key = key_generate()
    settings.ARCHIVE_KEY = key
    settings.ARCHIVE_KEY_OLD = ""
    settings.ARCHIVE_S3_BUCKET = ""
    return key

"""The demo installation that `make run` sets up: Blitar, Pilbup Blitar 2020, a synthetic DPT."""

import datetime
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User

from pengawas.accounts.roles import Role
from pengawas.accounts.services import assignment_create
from pengawas.dpt.generator import dpt_generate
from pengawas.dpt.models import Snapshot
from pengawas.dpt.services.importing import ImportResult, dpt_import
from pengawas.elections.models import Election, Tps
from pengawas.elections.services import election_create
from pengawas.guide.models import Edition
from pengawas.guide.services import edition_publish
from pengawas.regions.models import Region
from pengawas.regions.services import BLITAR_REGIONS_FILE, region_load

DEMO_ELECTION = "pilbup-blitar-2020"
DEMO_SEED = 2020
DEMO_GUIDE_SERIES = "pilkada-2020"
JATEN = "35.05.01.2001"  # Desa Jaten, Kecamatan Wonodadi


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    region_code: str | None
    description: str
    position: str = ""


# One account of each role, in the places the tests use too.
DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.ADMINISTRATOR, None, "administrator"),
    DemoAccount("ketua", Role.KOMISIONER, "35.05", "ketua Bawaslu Kabupaten Blitar", "ketua"),
    DemoAccount("pengawas", Role.SEKRETARIAT, "35.05", "staf Sekretariat Bawaslu Kab. Blitar"),
    DemoAccount("panwascam", Role.PANWASCAM, "35.05.01", "Panwaslu Kecamatan Wonodadi"),
    DemoAccount("pkd", Role.PKD, JATEN, "PKD Desa Jaten"),
    DemoAccount("ptps", Role.PTPS, JATEN, "PTPS TPS 001 Desa Jaten"),
)


@dataclass
class DemoResult:
    election: Election
    dpt: ImportResult | None
    new_accounts: list[tuple[str, str, str]] = field(default_factory=list)
    guide: Edition | None = None
    guide_published: bool = False


def demo_load(*, voters: int) -> DemoResult:
    """Set up the demo; running it again changes nothing that is already there."""
    region_load(path=BLITAR_REGIONS_FILE)
    election = Election.objects.filter(code=DEMO_ELECTION).first() or election_create(
        code=DEMO_ELECTION,
        name="Pemilihan Bupati dan Wakil Bupati Blitar 2020",
        kind="pilkada",
        region_code="35.05",
        voting_day=datetime.date(2020, 12, 9),
        max_voters_per_tps=500,
    )
    demo_dir = Path(settings.DATA_DIR) / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    dpt_file = demo_dir / f"dpt-sintetis-{voters}.csv"
    dpt = None
    # One synthetic list per size: VOTERS=961971 after a first run at 50,000 adds the larger
    # list, which becomes the current one; the same size again changes nothing.
    if not Snapshot.objects.filter(election=election, source_name=dpt_file.name).exists():
        if not dpt_file.exists():
            dpt_generate(election=election, voters=voters, out=dpt_file, seed=DEMO_SEED)
        dpt = dpt_import(election=election, path=dpt_file, stage="DPT")
    result = DemoResult(election=election, dpt=dpt)
    for demo in DEMO_ACCOUNTS:
        if User.objects.filter(username=demo.username).exists():
            continue
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(demo.username, password=password)
        tps = None
        if demo.role == Role.PTPS:
            tps, _ = Tps.objects.get_or_create(election=election, village_id=JATEN, number=1)
        assignment_create(
            user=user,
            role=demo.role,
            position=demo.position,
            region=None
            if tps or demo.region_code is None
            else Region.objects.get(pk=demo.region_code),
            tps=tps,
            starts=election.voting_day - datetime.timedelta(days=90),
        )
        result.new_accounts.append((demo.username, password, demo.description))
    # The Panduan for the demo's election, as Bawaslu would publish it (guide_publish).
    result.guide, result.guide_published = edition_publish(series=DEMO_GUIDE_SERIES)
    return result

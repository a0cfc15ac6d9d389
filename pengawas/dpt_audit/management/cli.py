"""What the DPT audit's commands share: finding an election, a snapshot, a region or a user
from the command line, and writing files that carry personal data.

Every refusal is a CommandError with a message in Bahasa Indonesia; files with full NIKs
are created readable by their owner only (0600), like the downloads they stand in for.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from django.contrib.auth.models import User
from django.core.management.base import CommandError

from pengawas.accounts.roles import Jurisdiction
from pengawas.accounts.selectors import user_jurisdiction
from pengawas.dpt.models import Snapshot, Stage
from pengawas.dpt.selectors import snapshot_current
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region


def os_user() -> str:
    """The operating-system account that ran the command ("" when it cannot be told)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def election_get(code: str) -> Election:
    election = Election.objects.select_related("region").filter(code=code).first()
    if election is None:
        raise CommandError(f"Pemilihan dengan kode {code!r} tidak ditemukan")
    return election


def snapshot_get(election: Election, snapshot_id: int) -> Snapshot:
    found = (
        Snapshot.objects.filter(election=election, pk=snapshot_id)
        .select_related("election__region")
        .first()
    )
    if found is None:
        raise CommandError(
            f"Daftar pemilih (snapshot) #{snapshot_id} tidak ada pada pemilihan {election.code}"
        )
    return found


def snapshot_default(election: Election) -> Snapshot:
    """As the statistics page chooses: the latest DPT, else the list the election stands on."""
    latest_dpt = (
        Snapshot.objects.filter(election=election, stage=Stage.DPT)
        .order_by("-imported_at", "-pk")
        .first()
    )
    chosen = latest_dpt or snapshot_current(election=election)
    if chosen is None:
        raise CommandError(
            f"Pemilihan {election.code} belum punya daftar pemilih; impor dulu: pengawas dpt_import"
        )
    return chosen


def region_within(election: Election, code: str, *, kecamatan_only: bool = False) -> Region:
    """A region of the election's area (itself or below it); a kecamatan when asked."""
    region = Region.objects.select_related("parent").filter(code=code).first()
    what = "Kecamatan" if kecamatan_only else "Wilayah"
    if region is None or (kecamatan_only and region.level != Level.KECAMATAN):
        raise CommandError(f"{what} dengan kode {code!r} tidak ditemukan")
    top = election.region_id
    if code != top and not code.startswith(top + "."):
        raise CommandError(
            f"{what} {code} {region.name} tidak termasuk wilayah pemilihan {election.code}"
        )
    return region


def user_acting(username: str) -> tuple[User, Jurisdiction]:
    """The account whose rules apply, with its assignment today."""
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Pengguna {username!r} tidak ada")
    jurisdiction = user_jurisdiction(user=user)
    if jurisdiction is None:
        raise CommandError(f"Pengguna {username!r} tidak aktif atau tidak punya penugasan hari ini")
    return user, jurisdiction


def output_checked(output: Path) -> Path:
    """A file path whose folder exists and may be written to."""
    parent = output.resolve().parent
    if not parent.is_dir() or not os.access(parent, os.W_OK) or output.is_dir():
        raise CommandError(f"Berkas keluaran tidak dapat ditulis: {output}")
    return output


def _unwritable(path: Path, exc: OSError) -> CommandError:
    return CommandError(f"Berkas keluaran {path} tidak dapat ditulis: {exc.strerror or exc}")


def _open_private(path: Path) -> int:
    try:
        return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise _unwritable(path, exc) from None


def bytes_write_private(path: Path, content: bytes) -> None:
    """Write a file that only its owner may read (a new file is created 0600)."""
    descriptor = _open_private(path)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
    except OSError as exc:
        raise _unwritable(path, exc) from None


@contextmanager
def text_private(path: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file for writing that only its owner may read (a new file is created 0600)."""
    descriptor = _open_private(path)
    try:
        with os.fdopen(descriptor, "w", encoding=encoding, newline="") as handle:
            yield handle
    except OSError as exc:
        raise _unwritable(path, exc) from None

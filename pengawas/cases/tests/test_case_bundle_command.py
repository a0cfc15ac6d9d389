"""`pengawas case_bundle`: a case's documents as one evidence bundle, by the same rules."""

import datetime
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from pengawas.accounts.roles import Role
from pengawas.archive.bundle import bundle_verify
from pengawas.archive.services_files import file_store
from pengawas.archive.services_records import record_create
from pengawas.archive.tests.files import pdf_bytes
from pengawas.cases.models import Case
from pengawas.regions.models import Region

pytestmark = pytest.mark.usefixtures("archive_key")


@pytest.fixture
def case(make_user: Callable[..., User], make_case: Callable[..., Case]) -> Case:
    staff = make_user(Role.SEKRETARIAT, username="staf")
    case = make_case(staff)
    evidence = record_create(
        user=staff, function="penindakan", title="Foto kampanye kepala desa",
        region=Region.objects.get(code="35.05.01.2001"), date=datetime.date(2020, 10, 7),
    )  # fmt: skip
    file_store(record=evidence, source=io.BytesIO(pdf_bytes()), name="foto.pdf", user=staff)
    case.documents.add(evidence)
    return case


def test_a_case_bundle_verifies(case: Case, tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "perkara.zip"
    call_command("case_bundle", "--user", "staf", "--case", str(case.pk), "-o", str(out))
    assert "1 arsip" in capsys.readouterr().out
    check = bundle_verify(path=out)
    assert check.ok and not (check.missing or check.changed or check.extra)


def test_outside_the_area_or_without_documents_nothing_is_written(
    case: Case, tmp_path: Path, make_user: Callable[..., User], make_case: Callable[..., Case]
) -> None:
    make_user(Role.PANWASCAM, region_code="35.05.02", username="pwc-udanawu")
    out = tmp_path / "perkara.zip"
    with pytest.raises(CommandError, match="di luar wilayah"):
        call_command("case_bundle", "--user", "pwc-udanawu", "--case", str(case.pk), "-o", str(out))
    empty = make_case(User.objects.get(username="staf"))
    with pytest.raises(CommandError, match="belum punya dokumen"):
        call_command("case_bundle", "--user", "staf", "--case", str(empty.pk), "-o", str(out))
    assert not out.exists()

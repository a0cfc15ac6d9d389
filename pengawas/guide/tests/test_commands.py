"""guide_check and guide_publish from the command line."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from pengawas.guide.models import Edition
from pengawas.guide.tests.test_services import series_copy


def test_guide_check_prints_a_summary(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("guide_check", "pilkada-2020")
    out = capsys.readouterr().out
    assert out.startswith("pilkada-2020: ") and "tidak ada masalah" in out


def test_guide_check_lists_every_problem_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = series_copy(tmp_path)
    page = next((root / "pilkada-2020" / "buku-saku").glob("01-*.md"))
    page.write_text(page.read_text().replace("## ", "Lihat [x](panduan:tidak-ada).\n\n## ", 1))
    with pytest.raises(CommandError, match="1 masalah ditemukan"):
        call_command("guide_check", "pilkada-2020", "--content", str(root))
    err = capsys.readouterr().err
    assert f"pilkada-2020/buku-saku/{page.name}:" in err and "panduan:tidak-ada" in err


@pytest.mark.django_db
def test_guide_publish_publishes_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("guide_publish", "pilkada-2020", "--note", "Edisi pertama")
    assert "Diterbitkan: Pemilihan Serentak 2020 — edisi 1" in capsys.readouterr().out
    call_command("guide_publish", "pilkada-2020")
    assert "tidak ada edisi baru" in capsys.readouterr().out
    assert Edition.objects.get().note == "Edisi pertama"


@pytest.mark.django_db
def test_guide_publish_refuses_invalid_content_and_writes_nothing(tmp_path: Path) -> None:
    root = series_copy(tmp_path)
    (root / "pilkada-2020" / "buku-saku" / "99-kosong.md").write_text("tanpa front matter\n")
    with pytest.raises(CommandError, match="tidak ada yang diterbitkan"):
        call_command("guide_publish", "pilkada-2020", "--content", str(root))
    assert not Edition.objects.exists()

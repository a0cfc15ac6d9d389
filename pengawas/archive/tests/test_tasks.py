"""Background jobs (huey, immediate in tests): a stored file's text is read, a scan OCRed
with the real Tesseract (`ind`), or marked "belum di-OCR" without it; the record is then
found by its text."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from huey.contrib.djhuey import HUEY

from pengawas.accounts.roles import Role
from pengawas.archive import signals, tasks
from pengawas.archive.models import Record, StoredFile, TextStatus
from pengawas.archive.services_search import record_search
from pengawas.archive.tests import text_samples
from pengawas.archive.tests.search_factories import VaultStub, record_make, vault_stub
from pengawas.archive.text import PDF, file_ocr, tesseract_path


@pytest.fixture
def vault(monkeypatch: pytest.MonkeyPatch) -> VaultStub:
    return vault_stub(monkeypatch)


@pytest.fixture
def sekretariat(make_user: Callable[..., User]) -> User:
    return make_user(Role.SEKRETARIAT)


@pytest.fixture
def record(sekretariat: User) -> Record:
    return record_make(sekretariat, title="Berkas pindaian")


def found(user: User, query: str) -> list[str]:
    return [r.title for r in record_search(user=user, query=query).records]


def stored_signal(stored: StoredFile) -> StoredFile:
    signals.file_stored.send(sender=StoredFile, stored_file_id=stored.pk)
    stored.refresh_from_db()
    return stored


def test_huey_runs_tasks_immediately_in_tests() -> None:
    assert HUEY.immediate is True
    assert settings.HUEY["immediate"] is True


def test_a_stored_file_is_read_and_indexed(
    vault: VaultStub, record: Record, sekretariat: User
) -> None:
    stored = vault.store(
        record, text_samples.pdf_with_text(["Berita acara rekapitulasi suara"]), PDF
    )
    stored = stored_signal(stored)
    assert stored.text_status == TextStatus.EXTRACTED
    assert found(sekretariat, "rekapitulasi ") == ["Berkas pindaian"]


def test_tesseract_with_indonesian_is_installed_here() -> None:
    # The OCR tests below need it; .ci/run installs tesseract-ocr and tesseract-ocr-ind.
    assert tesseract_path() is not None


def test_an_image_is_ocred_in_indonesian(
    vault: VaultStub, record: Record, sekretariat: User
) -> None:
    image = text_samples.image_with_text(["Pengawasan kampanye", "di Desa Jaten Wonodadi"])
    stored = stored_signal(vault.store(record, image, "image/png"))
    assert stored.text_status == TextStatus.OCR_DONE
    assert stored.text_progress == 100
    assert "kampanye" in stored.text.lower()
    assert found(sekretariat, "kampanye ") == ["Berkas pindaian"]


def test_a_scanned_pdf_is_ocred_through_the_queue(
    vault: VaultStub, record: Record, sekretariat: User
) -> None:
    scan = text_samples.scanned_pdf([["Halaman pertama"], ["Politik uang"], ["Tiga"]])
    stored = stored_signal(vault.store(record, scan, PDF))
    assert stored.text_status == TextStatus.OCR_DONE and stored.text_progress == 100
    assert "politik uang" in stored.text.lower()
    assert found(sekretariat, "politik uang") == ["Berkas pindaian"]


def test_progress_is_written_per_page(
    vault: VaultStub, record: Record, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = vault.store(
        record,
        text_samples.scanned_pdf([["Satu"], ["Dua"], ["Tiga"], ["Empat"]]),
        PDF,
        text_status=TextStatus.OCR_PENDING,
    )
    from pengawas.archive import text

    steps: list[tuple[int, str]] = []
    real = text._tesseract

    def spy(path: str, chunks: object) -> str:
        row = StoredFile.objects.get(pk=stored.pk)
        steps.append((row.text_progress, row.text_status))
        return real(path, chunks)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "_tesseract", spy)
    file_ocr(stored=stored)
    assert steps == [
        (0, TextStatus.OCR_RUNNING),
        (25, TextStatus.OCR_RUNNING),
        (50, TextStatus.OCR_RUNNING),
        (75, TextStatus.OCR_RUNNING),
    ]


def test_without_tesseract_the_scan_is_kept_and_marked_not_ocred(
    vault: VaultStub, record: Record, sekretariat: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    assert tesseract_path() is None
    stored = stored_signal(
        vault.store(record, text_samples.image_with_text(["Kampanye"]), "image/jpeg")
    )
    assert stored.text_status == TextStatus.NOT_OCRED
    assert StoredFile.objects.filter(pk=stored.pk).exists()
    (hit,) = record_search(user=sekretariat, query="").hits
    assert hit.ocr_state == "not_ocred"


def test_search_shows_ocr_running_with_progress(
    vault: VaultStub, record: Record, sekretariat: User
) -> None:
    vault.store(record, b"x", "image/png", text_status=TextStatus.OCR_RUNNING, text_progress=40)
    vault.store(record, b"y", "image/png", text_status=TextStatus.OCR_PENDING, text_progress=0)
    (hit,) = record_search(user=sekretariat).hits
    assert (hit.ocr_state, hit.ocr_progress) == ("ocr_running", 0)


def test_a_file_already_done_is_not_ocred_again(vault: VaultStub, record: Record) -> None:
    stored = vault.store(record, b"", "image/png", text_status=TextStatus.OCR_DONE, text="teks")
    tasks.file_ocr_task(stored.pk)
    stored.refresh_from_db()
    assert stored.text == "teks"


def test_a_record_no_longer_rahasia_gets_its_text_read(
    vault: VaultStub, make_user: Callable[..., User]
) -> None:
    komisioner = make_user(Role.KOMISIONER)
    secret = record_make(komisioner, title="Kajian", access_level="rahasia")
    stored = stored_signal(vault.store(secret, b"amplop berisi uang", "text/plain"))
    assert stored.text_status == TextStatus.WITHHELD
    assert found(komisioner, "amplop") == []
    secret.access_level = "terbatas"
    secret.save()
    stored.refresh_from_db()
    assert stored.text_status == TextStatus.EXTRACTED
    assert found(komisioner, "amplop") == ["Kajian"]

"""The saran perbaikan's content (pure) and its making (service): letter, spreadsheet, archive."""

import datetime
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from pypdf import PdfReader

from pengawas.accounts.roles import Role
from pengawas.archive.models import Classification, Record, StoredFile
from pengawas.audit.actions import Action
from pengawas.audit.models import AuditEntry
from pengawas.dpt.models import Snapshot, Voter
from pengawas.dpt_audit import saran
from pengawas.dpt_audit.models import Category
from pengawas.dpt_audit.services_saran import (
    MAX_FINDINGS,
    SaranRefused,
    Selection,
    saran_create,
    saran_preview,
)
from pengawas.dpt_audit.tests.saran_factories import jurisdiction_of, run_done, sample_findings
from pengawas.regions.models import Region

DAY = datetime.date(2020, 10, 1)
FIELDS = saran.LetterFields(addressee="Ketua KPU Kabupaten Blitar", day=DAY, signer="Abdul Hakam")


def test_numbers_and_words() -> None:
    assert saran.thousands(961971) == "961.971"
    assert saran.number_in_words(1) == "1 (satu)"
    assert saran.number_placeholder(unit_code="16.12", day=DAY) == "…/PM.00.02/16.12/X/2020"
    assert saran.number_placeholder(unit_code="", day=DAY) == "…/PM.00.02/…/X/2020"
    assert saran.date_id(datetime.date(2020, 12, 9)) == "9 Desember 2020"


def test_found_sentence_keeps_commas_of_the_text_and_dots_thousands() -> None:
    lines = saran.found_sentence({Category.INCOMPLETE: 1200, Category.DUPLICATE_NIK: 2})
    assert lines[0].startswith("2 baris pemilih")  # removals come first
    assert lines[1].startswith("1.200 pemilih dengan elemen data tidak lengkap (nama, jenis")


def test_issuer_addresses_kpu_or_ppk() -> None:
    bawaslu = saran.Issuer(office="Kabupaten Blitar", province="Jawa Timur")
    assert bawaslu.addressee_default == "Ketua KPU Kabupaten Blitar"
    assert bawaslu.kop_lines == ["BADAN PENGAWAS PEMILIHAN UMUM", "KABUPATEN BLITAR"]
    assert bawaslu.town == "Blitar"
    assert bawaslu.tembusan[0] == "Bawaslu Provinsi Jawa Timur"
    panwascam = saran.Issuer(office="Kabupaten Blitar", province="Jawa Timur", kecamatan="Wonodadi")
    assert panwascam.addressee_default == "Ketua PPK Kecamatan Wonodadi"
    assert panwascam.signer_title == "Ketua Panwaslu Kecamatan Wonodadi,"
    assert panwascam.kop_lines[1] == "PANITIA PENGAWAS PEMILIHAN KECAMATAN WONODADI"


def test_letter_asks_per_category_and_cites_the_law() -> None:
    letter = saran.letter_build(
        issuer=saran.Issuer(office="Kabupaten Blitar", province="Jawa Timur"),
        fields=saran.LetterFields(addressee=" ", day=DAY, signer=""),
        number="…/PM.00.02/16.12/X/2020",
        number_issued=False,
        election_name="Pemilihan Bupati Blitar 2020",
        stage="DPS",
        snapshot_label="berkas dps.csv",
        voters_checked=962179,
        counts={Category.UNDERAGE: 3, Category.TPS_OVER_CAPACITY: 1},
        annex=[],
        max_voters_per_tps=500,
    )
    assert letter.addressee == "Ketua KPU Kabupaten Blitar"  # blank → the default
    assert letter.hal == "Saran Perbaikan Daftar Pemilih Sementara"
    assert "Pasal 30 huruf a angka 1 Undang-Undang Nomor 1 Tahun 2015" in letter.paragraphs[0]
    assert "962.179 baris pemilih" in letter.paragraphs[1]
    assert letter.requests[0].startswith("mencoret pemilih yang belum berumur 17 tahun")
    assert letter.requests[1].endswith("(500 pemilih per TPS)")
    assert letter.attachment == "-"


@pytest.fixture
def komisioner(make_user: Callable[..., User]) -> User:
    return make_user(Role.KOMISIONER)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_preview_counts_a_selection(snapshot: Snapshot, make_voter: Callable[..., Voter]) -> None:
    run = run_done(snapshot)
    found = sample_findings(run, make_voter)
    everything = saran_preview(run=run, selection=Selection())
    assert everything.total == 6 and everything.refusal == ""
    assert [d.desa for d in everything.by_desa] == ["Jaten", "Salam", "Jati"]
    picked = saran_preview(run=run, selection=Selection(finding_ids=(found["young"].pk,)))
    assert picked.total == 1 and picked.by_category[0][0] == Category.UNDERAGE
    by_filter = saran_preview(
        run=run, selection=Selection(categories=(Category.DUPLICATE_NIK,), desa=("35.05.01.2001",))
    )
    assert by_filter.total == 2
    assert saran_preview(run=run, selection=Selection(desa=("35.05.09.2001",))).refusal


def test_selection_from_data_drops_what_it_does_not_know() -> None:
    from django.http import QueryDict

    data = QueryDict(
        "finding=3&finding=x&finding=3&category=UNDERAGE&category=NOPE&desa=35.05.01.2001"
    )
    selection = Selection.from_data(data)
    assert selection == Selection((3,), ("UNDERAGE",), ("35.05.01.2001",))
    assert ("finding", "3") in selection.as_pairs()


def test_without_archive_key_the_letter_is_made_and_says_why(
    settings: Any, snapshot: Snapshot, make_voter: Callable[..., Voter], komisioner: User
) -> None:
    settings.ARCHIVE_KEY = ""
    run = run_done(snapshot, checked=961971)
    sample_findings(run, make_voter)
    result = saran_create(
        user=komisioner,
        jurisdiction=jurisdiction_of(komisioner),
        run=run,
        selection=Selection(),
        fields=FIELDS,
    )
    assert result.record is None and "PENGAWAS_ARCHIVE_KEY" in result.not_archived_reason
    assert result.letter.number == "…/PM.00.02/16.12/X/2020"
    text = _pdf_text(result.pdf)
    for expected in (
        "BADAN PENGAWAS PEMILIHAN UMUM",
        "KABUPATEN BLITAR",
        "Saran Perbaikan Daftar Pemilih Tetap",
        "Yth. Ketua KPU Kabupaten Blitar",
        "RAHASIA",
        "LAMPIRAN",
        "3505014107800001",  # the full NIK in the lampiran
        "3505010101100001",  # the family's NKK (FAMILY_SPLIT)
        "Desa/Kelurahan Jati, Kecamatan Udanawu",
        "Abdul Hakam",
    ):
        assert expected in text, expected
    sheet = openpyxl.load_workbook(io.BytesIO(result.xlsx))["Temuan"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 6
    assert rows[0][2] == "Jaten" and isinstance(rows[0][6], str)
    entry = AuditEntry.objects.get(action=Action.SARAN_PERBAIKAN_CREATED)
    assert entry.detail["findings"] == 6 and entry.detail["archived"] is False
    assert "3505014107800001" not in str(entry.detail)
    assert not Record.objects.exists()


def test_with_archive_both_files_are_filed_and_numbered(
    archive_key: str, snapshot: Snapshot, make_voter: Callable[..., Voter], komisioner: User
) -> None:
    Classification.objects.create(code=saran.CLASSIFICATION, name="Saran perbaikan")
    run = run_done(snapshot)
    sample_findings(run, make_voter)
    result = saran_create(
        user=komisioner,
        jurisdiction=jurisdiction_of(komisioner),
        run=run,
        selection=Selection(categories=(Category.UNDERAGE,)),
        fields=FIELDS,
    )
    assert result.record is not None
    assert result.letter.number == "1/PM.00.02/16.12/X/2020" == result.record.number
    assert result.record.function == "pencegahan" and result.record.access_level == "terbatas"
    assert (
        result.record.region_id == "35.05" and result.record.election_id == run.snapshot.election_id
    )
    names = sorted(
        StoredFile.objects.filter(record=result.record).values_list("original_name", flat=True)
    )
    assert names == ["saran-perbaikan-temuan.xlsx", "saran-perbaikan.pdf"]
    assert "1/PM.00.02/16.12/X/2020" in _pdf_text(result.pdf)
    entry = AuditEntry.objects.get(action=Action.SARAN_PERBAIKAN_CREATED)
    assert entry.detail["record"] == result.record.pk and entry.detail["number_issued"] is True


def test_with_archive_but_no_classification_line_the_number_is_left_open(
    archive_key: str, snapshot: Snapshot, make_voter: Callable[..., Voter], komisioner: User
) -> None:
    run = run_done(snapshot)
    sample_findings(run, make_voter)
    result = saran_create(
        user=komisioner,
        jurisdiction=jurisdiction_of(komisioner),
        run=run,
        selection=Selection(),
        fields=FIELDS,
    )
    assert result.record is not None and result.record.number is None
    assert not result.letter.number_issued


def test_panwascam_writes_to_ppk_and_files_in_their_kecamatan(
    archive_key: str,
    snapshot: Snapshot,
    make_voter: Callable[..., Voter],
    make_user: Callable[..., User],
) -> None:
    Classification.objects.create(code=saran.CLASSIFICATION, name="Saran perbaikan")
    user = make_user(Role.PANWASCAM)
    run = run_done(snapshot, region=Region.objects.get(code="35.05.01"))
    sample_findings(run, make_voter)
    result = saran_create(
        user=user,
        jurisdiction=jurisdiction_of(user),
        run=run,
        selection=Selection(categories=(Category.UNDERAGE,)),
        fields=saran.LetterFields(addressee="Ketua PPK Kecamatan Wonodadi", day=DAY, signer=""),
    )
    assert result.record is not None and result.record.region_id == "35.05.01"
    assert result.letter.number == "…/PM.00.02/…/X/2020"  # not in Bawaslu's series
    text = _pdf_text(result.pdf)
    assert "PANITIA PENGAWAS PEMILIHAN KECAMATAN WONODADI" in text
    assert "Ketua Panwaslu Kecamatan Wonodadi" in text


def test_refusals(
    snapshot: Snapshot, make_voter: Callable[..., Voter], komisioner: User, settings: Any
) -> None:
    settings.ARCHIVE_KEY = ""
    run = run_done(snapshot)
    jurisdiction = jurisdiction_of(komisioner)
    with pytest.raises(SaranRefused, match="Tidak ada temuan"):
        saran_create(
            user=komisioner,
            jurisdiction=jurisdiction,
            run=run,
            selection=Selection(),
            fields=FIELDS,
        )
    run.status = "running"
    run.save()
    sample_findings(run, make_voter)
    with pytest.raises(SaranRefused, match="belum selesai"):
        saran_create(
            user=komisioner,
            jurisdiction=jurisdiction,
            run=run,
            selection=Selection(),
            fields=FIELDS,
        )
    assert MAX_FINDINGS >= 10_000
    assert not AuditEntry.objects.filter(action=Action.SARAN_PERBAIKAN_CREATED).exists()

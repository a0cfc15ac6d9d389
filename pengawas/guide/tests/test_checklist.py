"""The checklist's pure rules: marks from the phone, and the Form A paragraph."""

import datetime

import pytest

from pengawas.guide.checklist import (
    JAKARTA,
    MarkRefused,
    form_a_paragraph,
    mark_parse,
    time_words,
)

NOW = datetime.datetime(2020, 12, 9, 6, 0, tzinfo=datetime.UTC)  # 13.00 WIB


def test_time_is_written_in_words_in_jakarta_time() -> None:
    moment = datetime.datetime(2020, 12, 9, 3, 15, tzinfo=datetime.UTC)
    assert time_words(moment) == "9 Desember 2020 pukul 10.15 WIB"


def test_form_a_paragraph_fills_tps_time_and_note() -> None:
    text = form_a_paragraph(
        template="Pada {waktu} di {tps}, KPPS belum membuka TPS. Catatan: {catatan}",
        tps_label="TPS 001 Desa Jaten",
        marked_at=datetime.datetime(2020, 12, 9, 7, 20, tzinfo=JAKARTA),
        note="  dibuka 07.20 ",
    )
    assert text == (
        "Pada 9 Desember 2020 pukul 07.20 WIB di TPS 001 Desa Jaten, KPPS belum membuka TPS. "
        "Catatan: dibuka 07.20"
    )
    empty = form_a_paragraph(template="{catatan}", tps_label="", marked_at=NOW, note=" ")
    assert empty == "-"


def test_a_mark_from_the_phone_is_read() -> None:
    mark = mark_parse(
        {
            "check_id": "a",
            "mark": "tidak_sesuai",
            "note": "x",
            "marked_at": "2020-12-09T07:05:00+07:00",
        },
        known_checks={"a"},
        now=NOW,
    )
    assert mark.mark == "tidak_sesuai"
    assert mark.marked_at == datetime.datetime(2020, 12, 9, 0, 5, tzinfo=datetime.UTC)


def test_a_mark_from_a_clock_running_ahead_counts_as_now() -> None:
    mark = mark_parse(
        {"check_id": "a", "mark": "sesuai", "marked_at": "2021-01-01T00:00:00+07:00"},
        known_checks={"a"},
        now=NOW,
    )
    assert mark.marked_at == NOW


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("teks", "objek JSON"),
        ({"check_id": "b", "marked_at": "2020-12-09T07:00:00+07:00"}, "tidak dikenal"),
        ({"check_id": "a", "mark": "ok", "marked_at": "2020-12-09T07:00:00+07:00"}, "tanda harus"),
        ({"check_id": "a", "mark": "sesuai", "marked_at": "kemarin"}, "tidak terbaca"),
        ({"check_id": "a", "mark": "sesuai", "marked_at": "2020-12-09T07:00:00"}, "zona waktu"),
        (
            {"check_id": "a", "note": "x" * 2001, "marked_at": "2020-12-09T07:00:00+07:00"},
            "catatan",
        ),
    ],
)
def test_bad_marks_are_refused_in_indonesian(raw: object, reason: str) -> None:
    with pytest.raises(MarkRefused, match=reason):
        mark_parse(raw, known_checks={"a"}, now=NOW)

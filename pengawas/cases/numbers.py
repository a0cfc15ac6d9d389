"""Receipt and register numbers of enforcement cases, in Bawaslu's pattern.

- Receipt of a laporan (tanda terima, Formulir Model A.1): `02/PL/PB/Kab/16.12/X/2024`.
- Registration: `02/Reg/LP/PB/Kab/16.12/X/2020` for a laporan, `…/Reg/TM/…` for a temuan
  (Bawaslu Kabupaten Blitar's register, facts §3 and §6; the Ngadri case printed "Re").
Pattern: {seq}/{series}/PB/{Kab|Kota}/{unit code}/{roman month}/{year}; PB is the
penanganan pelanggaran function. Numbers run without gaps or repeats per series, unit and
year: a counter row locked with SELECT … FOR UPDATE inside the caller's transaction, so a
rolled-back registration gives its number back.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction

from pengawas.cases.models import CaseCounter, CaseKind

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
RECEIPT_SERIES = "PL"
REGISTER_SERIES = {CaseKind.LAPORAN: "Reg/LP", CaseKind.TEMUAN: "Reg/TM"}


def unit_code() -> str:
    """Bawaslu's office code in numbers (settings.PENGAWAS_UNIT_CODE; Blitar: 16.12)."""
    return str(getattr(settings, "PENGAWAS_UNIT_CODE", "16.12"))


def unit_level() -> str:
    """ "Kab" for a Bawaslu Kabupaten, "Kota" for a Bawaslu Kota (PENGAWAS_UNIT_LEVEL)."""
    return str(getattr(settings, "PENGAWAS_UNIT_LEVEL", "Kab"))


def number_format(*, seq: int, series: str, unit: str, level: str, on: datetime.date) -> str:
    """A number in the pattern; two digits at least, as Bawaslu writes them (02, 12, 134)."""
    return f"{seq:02d}/{series}/PB/{level}/{unit}/{ROMAN_MONTHS[on.month - 1]}/{on.year}"


def _next_in_series(*, series: str, unit: str, year: int) -> int:
    """Take the next number of a series (the caller holds a transaction)."""
    try:
        with transaction.atomic():  # two first numbers of a year at once: one insert wins
            CaseCounter.objects.get_or_create(series=series, unit_code=unit, year=year)
    except IntegrityError:
        pass
    counter = CaseCounter.objects.select_for_update().get(series=series, unit_code=unit, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def receipt_number_issue(*, on: datetime.date) -> str:
    """The next receipt number of a laporan received on a day (Jakarta)."""
    with transaction.atomic():
        unit = unit_code()
        seq = _next_in_series(series=RECEIPT_SERIES, unit=unit, year=on.year)
        return number_format(seq=seq, series=RECEIPT_SERIES, unit=unit, level=unit_level(), on=on)


def register_number_issue(*, kind: str, on: datetime.date) -> str:
    """The next register number of a laporan (LP) or temuan (TM) registered on a day."""
    series = REGISTER_SERIES[CaseKind(kind)]
    with transaction.atomic():
        unit = unit_code()
        seq = _next_in_series(series=series, unit=unit, year=on.year)
        return number_format(seq=seq, series=series, unit=unit, level=unit_level(), on=on)

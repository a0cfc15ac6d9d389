"""The CSV rows of each village, and their lines in the truth file."""

import csv
import datetime
from typing import IO

from pengawas.dpt.generator.households import Household, Village

HEADER = [
    "NKK", "NIK", "NAMA", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "USIA", "JENIS_KELAMIN",
    "STATUS_KAWIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KETERANGAN", "KECAMATAN", "KELURAHAN",
    "TPS",
]  # fmt: skip
TRUTH_HEADER = ["category", "source_line", "nik", "nkk", "tps_key", "group", "note"]


class Writer:
    """Writes one village after another; counts the rows, TPS, villages and truth rows."""

    def __init__(self, rows_file: IO[str], truth_file: IO[str], *, max_voters_per_tps: int) -> None:
        self._max = max_voters_per_tps
        self._rows = csv.writer(rows_file, lineterminator="\n")
        self._truth = csv.writer(truth_file, lineterminator="\n")
        self._rows.writerow(HEADER)
        self._truth.writerow(TRUTH_HEADER)
        self._line = 1
        self.rows = self.tps = self.villages = 0
        self.planted: dict[str, int] = {}

    def write(self, village: Village, stations: list[list[Household]], counts: list[int]) -> None:
        rows: list[list[str]] = []
        truth: list[list[str]] = []
        split_lines: dict[str, int] = {}
        split_stations: dict[str, set[int]] = {}
        line = self._line
        for number, (station, count) in enumerate(zip(stations, counts, strict=True), start=1):
            where = [village.kecamatan_name, village.name, str(number)]
            if count > self._max:
                note = f"{count} pemilih, maksimal {self._max}"
                tps_key = f"{village.code}/{number}"
                truth.append(["TPS_OVER_CAPACITY", str(line + 1), "", "", tps_key, "", note])
            for family in station:
                if family.split:
                    split_lines.setdefault(family.nkk, line + 1)
                    split_stations.setdefault(family.nkk, set()).add(number)
                for person in family.members:
                    line += 1
                    nkk = family.nkk if person.nkk is None else person.nkk
                    if person.birth is None:
                        born = age = ""
                    else:
                        date = datetime.date.fromordinal(person.birth)
                        born = f"{date.day:02d}-{date.month:02d}-{date.year}"
                        age = "" if person.age < 0 else str(person.age)
                    address = family.address if person.address is None else person.address
                    rows.append(
                        [
                            nkk,
                            person.nik,
                            person.name,
                            person.place,
                            born,
                            age,
                            person.sex,
                            person.status,
                            address,
                            family.rt,
                            family.rw,
                            person.disability,
                            person.remark,
                            *where,
                        ]
                    )
                    if person.mark is not None:
                        mark = person.mark
                        truth.append(
                            [mark.category, str(line), person.nik, nkk, "", mark.group, mark.note]
                        )
        for nkk, first in split_lines.items():
            numbers = ", ".join(str(n) for n in sorted(split_stations[nkk]))
            truth.append(["FAMILY_SPLIT", str(first), "", nkk, "", "", f"TPS {numbers}"])
        for row in truth:
            self.planted[row[0]] = self.planted.get(row[0], 0) + 1
        self._rows.writerows(rows)
        self._truth.writerows(truth)
        self.rows += line - self._line
        self._line = line
        self.tps += len(stations)
        self.villages += 1

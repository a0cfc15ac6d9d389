"""A synthetic DPT (voter list) with planted problems, for demos, tests and benchmarks.

`dpt_generate` writes FILE.csv and, beside it, FILE.truth.csv: every planted problem and
every decoy, one row each. A later audit is scored against the truth file, so the truth is
exact: a row not listed under a category does not have that problem.

How each category is decided (the audit and the tests use the same rules). A row is 16
digits "well formed" when its NIK is exactly 16 ASCII digits.

- NIK_FORMAT: the NIK is empty, 15 or 17 digits, or holds a letter.
- NIK_REGION: a well-formed NIK whose province (digits 1-2) is not one of the 38, whose
  kabupaten (3-4) is 00, or whose kecamatan (5-6) is missing from a kabupaten that is loaded.
- NIK_BIRTHDATE: region fine, the row has a birth date, and digits 7-12 (day, or day + 40,
  month, two-digit year) do not give that date.
- NIK_SEX: region and date fine, the row has a sex, and the +40 rule says the other sex.
- NKK_FORMAT: the NKK is not exactly 16 digits (empty included).
- DUPLICATE_NIK: a well-formed NIK on two or three rows; every row of the group is listed.
  Copies keep the birth date and sex, so they carry no NIK_* problem of their own.
- DUPLICATE_IDENTITY: two rows in the same desa (one family, or two) with different
  well-formed NIKs, the same birth date, and names that fold to the same `name_key` or
  differ in it by one typo (a letter added, dropped or changed, or two neighbours swapped).
  Every other pair of rows in a kecamatan with the same birth date has names further apart.
- UNDERAGE: born on or before voting day, under 17 on it, and STATUS_KAWIN B.
- AGE_IMPLAUSIBLE: born after voting day (never with STATUS_KAWIN B) or older than 110.
  The NIK follows the implausible date, so no NIK_BIRTHDATE. USIA is empty for a birth date
  after voting day.
- INCOMPLETE: NAMA, JENIS_KELAMIN, TANGGAL_LAHIR or ALAMAT empty (exactly one); with no
  date there is no USIA and no date or age check, with no sex no NIK_SEX check.
- TPS_OVER_CAPACITY: a TPS with more voters than the election's maximum; one truth row per
  TPS (tps_key, source_line = its first row).
- FAMILY_SPLIT: one NKK in two TPS of one desa; one truth row per NKK (source_line = the
  family's first row). Families are otherwise never split.

Decoys look suspicious but are clean for every category above:
DECOY_TURNS_17_ON_VOTING_DAY, DECOY_MARRIED_UNDER_17 (16 years old, STATUS_KAWIN S),
DECOY_TWINS (one NKK, same birth date, names far apart) and DECOY_SAME_NAME_BIRTHDATE (same
name and birth date, different NIK, different kecamatan).

A planted row carries one category only. The output is a pure function of the election's
region, voting day and TPS maximum, the voter count, the seed and the problem rate.
"""

import csv
import dataclasses
import datetime
import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pengawas.dpt.generator_data import (
    COMMON_NAMES,
    JAVA_KECAMATAN,
    OTHER_BIRTH_PLACES,
    Addresses,
    Demography,
    Household,
    Identities,
    Mark,
    Person,
    malformed,
    one_typo_apart,
    spelling_variants,
    typo,
)
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region

HEADER = [
    "NKK", "NIK", "NAMA", "TEMPAT_LAHIR", "TANGGAL_LAHIR", "USIA", "JENIS_KELAMIN",
    "STATUS_KAWIN", "ALAMAT", "RT", "RW", "DISABILITAS", "KETERANGAN", "KECAMATAN", "KELURAHAN",
    "TPS",
]  # fmt: skip
TRUTH_HEADER = ["category", "source_line", "nik", "nkk", "tps_key", "group", "note"]

# Relative frequency of each planted problem; FAMILY_SPLIT and the decoys are chosen here
# too, TPS_OVER_CAPACITY per TPS.
_PROBLEMS = {
    "NIK_FORMAT": 9, "NIK_REGION": 7, "NIK_BIRTHDATE": 9, "NIK_SEX": 7, "NKK_FORMAT": 7,
    "DUPLICATE_NIK": 8, "DUPLICATE_IDENTITY": 12, "UNDERAGE": 8, "AGE_IMPLAUSIBLE": 6,
    "INCOMPLETE": 10, "FAMILY_SPLIT": 6,
}  # fmt: skip
_DECOYS = {
    "DECOY_TURNS_17_ON_VOTING_DAY": 3, "DECOY_MARRIED_UNDER_17": 2, "DECOY_TWINS": 3,
    "DECOY_SAME_NAME_BIRTHDATE": 2,
}  # fmt: skip
# Decoys come at a quarter of the problem rate.
_DECOY_SHARE = 0.25
# Rows each incident adds beyond the family it lands in (DUPLICATE_NIK draws 1 or 2).
_EXTRA_ROWS = {
    "DUPLICATE_IDENTITY": 1, "UNDERAGE": 1, "DECOY_TURNS_17_ON_VOTING_DAY": 1,
    "DECOY_MARRIED_UNDER_17": 2, "DECOY_TWINS": 1, "DECOY_SAME_NAME_BIRTHDATE": 1,
}  # fmt: skip
_MAX_FAMILY = 6


class GenerateError(Exception):
    """The voter list cannot be generated; nothing was written."""


@dataclass
class GenerateResult:
    out: Path
    truth: Path
    rows: int
    tps: int
    villages: int
    # Truth rows per category, problems first, then decoys.
    planted: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class _Village:
    code: str
    name: str
    is_kelurahan: bool
    kecamatan_code: str
    kecamatan_name: str
    birth_place: str


def _truth_path(out: Path) -> Path:
    return out.with_suffix(".truth.csv")


def _load_villages(election: Election) -> tuple[list[_Village], dict[str, list[int]]]:
    """The election's villages by code, and the kecamatan numbers in use per kabupaten."""
    prefix = election.region.code + "."
    regions = Region.objects.filter(code__startswith=prefix).only("code", "name", "level")
    names = {r.code: r.name for r in regions}
    names[election.region.code] = election.region.name
    kecamatan_numbers: dict[str, list[int]] = {}
    villages = []
    for region in sorted(regions, key=lambda r: r.code):
        if region.level == Level.KECAMATAN:
            kecamatan_numbers.setdefault(region.code[:5], []).append(int(region.code[6:]))
        if region.level not in (Level.DESA, Level.KELURAHAN):
            continue
        kecamatan = region.code[:8]
        kabupaten = names.get(region.code[:5], "")
        place = kabupaten.removeprefix("Kabupaten ").removeprefix("Kota ").upper()
        villages.append(
            _Village(
                code=region.code,
                name=region.name,
                is_kelurahan=region.level == Level.KELURAHAN,
                kecamatan_code=kecamatan,
                kecamatan_name=names.get(kecamatan, ""),
                birth_place=place or "BLITAR",
            )
        )
    return villages, kecamatan_numbers


def _allocate(villages: list[_Village], voters: int) -> list[int]:
    """Voters per village, by a pseudo-population that depends on the village code alone."""
    weights = []
    for village in villages:
        size = random.Random(f"population:{village.code}").lognormvariate(0, 0.45)
        weights.append(size * (1.4 if village.is_kelurahan else 1.0))
    base = 1 if voters >= len(villages) else 0
    spread = voters - base * len(villages)
    total = sum(weights)
    shares = [spread * w / total for w in weights]
    counts = [base + int(s) for s in shares]
    by_remainder = sorted(range(len(villages)), key=lambda i: (int(shares[i]) - shares[i], i))
    for index in by_remainder[: voters - sum(counts)]:
        counts[index] += 1
    return counts


def dpt_generate(
    *, election: Election, voters: int, out: Path, seed: int = 2020, problems_rate: float = 0.01
) -> GenerateResult:
    """Write a synthetic DPT of `voters` rows for the election's region, and its truth file."""
    if voters < 1:
        raise GenerateError("Jumlah pemilih harus minimal 1")
    if not 0 <= problems_rate <= 0.2:
        raise GenerateError("Proporsi masalah harus antara 0 dan 0,2")
    villages, kecamatan_numbers = _load_villages(election)
    if not villages:
        raise GenerateError(
            f"Wilayah {election.region.code} {election.region.name} belum punya desa/kelurahan;"
            " jalankan dulu: pengawas regions_load"
        )
    truth = _truth_path(out)
    started = time.perf_counter()
    temporary = [path.with_name(f".{path.name}.tmp") for path in (out, truth)]
    try:
        with (
            temporary[0].open("w", encoding="utf-8", newline="") as rows_file,
            temporary[1].open("w", encoding="utf-8", newline="") as truth_file,
        ):
            generator = _Generator(
                election=election,
                seed=seed,
                problems_rate=problems_rate,
                villages=villages,
                kecamatan_numbers=kecamatan_numbers,
                rows_file=rows_file,
                truth_file=truth_file,
            )
            generator.run(_allocate(villages, voters))
        os.replace(temporary[0], out)
        os.replace(temporary[1], truth)
    except OSError as exc:
        raise GenerateError(f"Tidak dapat menulis {out}: {exc.strerror or exc}") from None
    finally:
        for path in temporary:
            path.unlink(missing_ok=True)
    planted = dict.fromkeys([*_PROBLEMS, "TPS_OVER_CAPACITY", *_DECOYS], 0)
    planted.update(generator.planted)
    return GenerateResult(
        out=out,
        truth=truth,
        rows=generator.rows,
        tps=generator.tps,
        villages=generator.villages,
        planted=planted,
        seconds=time.perf_counter() - started,
    )


# Two-digit codes that are no province (cf. regions.rules.PROVINCES), for NIK_REGION.
_NOT_PROVINCES = [c for c in ("00", "10", "20", "30", "39", "40", "50", "60", "80", "99")]


class _Generator:
    """Writes one village at a time; remembers only what later villages must not repeat."""

    def __init__(
        self,
        *,
        election: Election,
        seed: int,
        problems_rate: float,
        villages: list[_Village],
        kecamatan_numbers: dict[str, list[int]],
        rows_file: IO[str],
        truth_file: IO[str],
    ) -> None:
        self._rng = random.Random(seed)
        self._rate = problems_rate
        self._max = election.max_voters_per_tps
        self._day = election.voting_day
        self._villages = villages
        self._kecamatans = list(dict.fromkeys(v.kecamatan_code.replace(".", "") for v in villages))
        # Kecamatan numbers that no loaded kabupaten uses, for NIK_REGION.
        self._missing_kecamatans = {
            kabupaten.replace(".", ""): [
                n for n in [0, *range(max(used) + 1, min(max(used) + 10, 100))] if n not in used
            ]
            for kabupaten, used in kecamatan_numbers.items()
        }
        self._rows = csv.writer(rows_file, lineterminator="\n")
        self._truth = csv.writer(truth_file, lineterminator="\n")
        self._rows.writerow(HEADER)
        self._truth.writerow(TRUTH_HEADER)
        latest = [self._latest_birth(age) for age in range(132)]
        self._spans = [(latest[age + 1] + 1, latest[age]) for age in range(131)]
        self._day_ordinal = self._day.toordinal()
        self._people = Demography(self._rng)
        self._problem_names = list(_PROBLEMS)
        self._problem_weights = list(_PROBLEMS.values())
        self._decoy_names = list(_DECOYS)
        self._decoy_weights = list(_DECOYS.values())
        self._nkk_dates = (datetime.date(2004, 1, 1).toordinal(), self._day_ordinal - 30)
        self._line = 1
        self._groups = 0
        self.rows = self.tps = self.villages = 0
        self.planted: dict[str, int] = {}
        self._ids = Identities(self._rng)
        # A DECOY_SAME_NAME_BIRTHDATE person whose namesake goes into the next kecamatan.
        self._pending: Person | None = None

    def _latest_birth(self, age: int) -> int:
        """The last birth date on which a person is `age` or older on voting day."""
        year = self._day.year - age
        try:
            return self._day.replace(year=year).toordinal()
        except ValueError:  # 29 February in a year without one
            return datetime.date(year, 2, 28).toordinal()

    # Names and identity numbers.

    def _issue_nkk(self) -> str:
        return self._ids.nkk(datetime.date.fromordinal(self._rng.randint(*self._nkk_dates)))

    def _person(
        self,
        village: _Village,
        sex: str,
        age: int,
        status: str,
        role: str,
        *,
        birth: int | None = None,
        name: str | None = None,
        prefix: str | None = None,
    ) -> Person:
        rng = self._rng
        if birth is None:
            birth = rng.randint(*self._spans[age])
        if name is None:
            name = self._ids.fresh_name(sex, birth, age)
        else:
            self._ids.remember(birth, name)
        place = village.birth_place if rng.random() < 0.88 else rng.choice(OTHER_BIRTH_PLACES)
        if prefix is None:
            # The NIK region is where the card was first issued: mostly here, sometimes in
            # another kecamatan of the region, a few elsewhere in Java.
            roll = rng.random()
            if roll < 0.93:
                prefix = self._ids.prefix
            elif roll < 0.98:
                prefix = rng.choice(self._kecamatans)
            else:
                prefix, city = rng.choice(JAVA_KECAMATAN)
                if rng.random() < 0.7:
                    place = city
        nik = self._ids.nik(prefix, datetime.date.fromordinal(birth), sex)
        disability = ""
        if rng.random() < (0.004 if age < 60 else 0.02 if age < 75 else 0.05):
            disability = str(rng.randint(1, 5))
        remark = "B" if age <= 17 and rng.random() < 0.2 else ""
        return Person(name, sex, birth, status, place, nik, role, age, disability, remark)

    # Families.

    def _fill(
        self, village: _Village, addresses: Addresses, households: list[Household], count: int
    ) -> None:
        room = min(_MAX_FAMILY, self._max)
        while count > 0:
            specs = self._people.family(min(room, count))
            address, rt, rw = addresses.next()
            members = [self._person(village, *spec) for spec in specs]
            households.append(Household(self._issue_nkk(), address, rt, rw, members))
            count -= len(members)

    def _insert(self, households: list[Household], members: list[Person]) -> None:
        """A new family card at a random place, at the address of the family it lands before."""
        at = self._rng.randrange(len(households) + 1)
        near = households[min(at, len(households) - 1)] if households else None
        if near is None:
            address, rt, rw = "DSN KRAJAN", "001", "001"
        else:
            address, rt, rw = near.address, near.rt, near.rw
        households.insert(at, Household(self._issue_nkk(), address, rt, rw, members))

    # One village after another.

    def run(self, quotas: list[int]) -> None:
        voiced = [v for v, quota in zip(self._villages, quotas, strict=True) if quota]
        last_kecamatan = voiced[-1].kecamatan_code if voiced else ""
        for village, quota in zip(self._villages, quotas, strict=True):
            if not quota:
                continue
            self._ids.enter(village.kecamatan_code.replace(".", ""))
            self._village(village, quota, village.kecamatan_code != last_kecamatan)

    def _village(self, village: _Village, quota: int, has_next_kecamatan: bool) -> None:
        rng = self._rng
        addresses = Addresses(rng, village.is_kelurahan)
        households: list[Household] = []
        budget = quota
        pending = self._pending
        if (
            pending is not None
            and pending.nik[:6] != self._ids.prefix
            and pending.birth is not None
            and pending.mark is not None
        ):
            # The guard of a kecamatan starts empty, so the namesake clashes with no one.
            self._pending = None
            namesake = self._person(
                village,
                pending.sex,
                pending.age,
                pending.status,
                "alone",
                birth=pending.birth,
                name=pending.name,
                prefix=self._ids.prefix,
            )
            namesake.mark = Mark(pending.mark.category, pending.mark.group, "nama sama")
            households.append(Household(self._issue_nkk(), *addresses.next(), [namesake]))
            budget -= 1
        plan: list[tuple[str, int]] = []
        reserved = 0
        same_name = self._pending is not None or not has_next_kecamatan
        for category in self._incidents(quota):
            extra = _EXTRA_ROWS.get(category, 0)
            if category == "DUPLICATE_NIK":
                extra = rng.choice((1, 1, 2))
            elif category == "DECOY_SAME_NAME_BIRTHDATE":
                if same_name:
                    continue
                same_name = True
            if reserved + extra > budget // 2:
                continue
            plan.append((category, extra))
            reserved += extra
        self._fill(village, addresses, households, budget - reserved)
        splits = 0
        for category, extra in plan:
            if category == "FAMILY_SPLIT":
                splits += 1
            elif not self._plant(category, extra, village, households):
                self._fill(village, addresses, households, extra)
        stations, counts = self._assign(households)
        self._split(stations, counts, splits)
        self._write(village, stations, counts)

    def _incidents(self, rows: int) -> list[str]:
        rng = self._rng
        problem, decoy = self._rate, self._rate * (1 + _DECOY_SHARE)
        found = []
        for _ in range(rows):
            roll = rng.random()
            if roll < problem:
                found.append(rng.choices(self._problem_names, self._problem_weights)[0])
            elif roll < decoy:
                found.append(rng.choices(self._decoy_names, self._decoy_weights)[0])
        return found

    # Planting.

    def _group(self) -> str:
        self._groups += 1
        return f"G{self._groups:06d}"

    def _pick(
        self, households: list[Household], wanted: Callable[[Person], bool] = bool
    ) -> tuple[Household, Person] | None:
        """A random member no problem or decoy has touched yet."""
        rng = self._rng
        for _ in range(40):
            household = rng.choice(households)
            person = rng.choice(household.members)
            if person.mark is None and person.nkk is None and wanted(person):
                return household, person
        return None

    def _pick_parents(self, households: list[Household]) -> Household | None:
        """A family with room for one more, headed by a parent young enough for a teenager."""
        for _ in range(40):
            household = self._rng.choice(households)
            if len(household.members) < self._max and any(
                m.role in ("head", "spouse") and 35 <= m.age <= 60 for m in household.members
            ):
                return household
        return None

    def _plant(
        self, category: str, extra: int, village: _Village, households: list[Household]
    ) -> bool:
        """Plant one incident; False when the village offers no fitting row (nothing changed)."""
        rng = self._rng
        if category == "DECOY_MARRIED_UNDER_17":
            if self._max < 2:
                return False
            husband = self._person(village, "L", rng.randint(18, 25), "S", "head")
            wife = self._person(village, "P", 16, "S", "spouse")
            wife.mark = Mark(category, note="usia 16 tahun, sudah kawin")
            self._insert(households, [husband, wife])
            return True
        if category == "DECOY_SAME_NAME_BIRTHDATE":
            sex = rng.choice("LP")
            name = rng.choice(COMMON_NAMES[sex])
            key = self._ids.key(name)
            for _ in range(20):
                age = self._people.age(25, 70)
                birth = rng.randint(*self._spans[age])
                if not self._ids.clashes(birth, key):
                    break
            else:
                return False
            person = self._person(
                village, sex, age, "S", "alone", birth=birth, name=name, prefix=self._ids.prefix
            )
            person.mark = Mark(category, self._group(), "nama sama")
            self._pending = person
            self._insert(households, [person])
            return True
        if category in ("UNDERAGE", "DECOY_TURNS_17_ON_VOTING_DAY"):
            family = self._pick_parents(households)
            if family is None:
                return False
            if category == "UNDERAGE":
                age = rng.randint(14, 16)
                child = self._person(village, rng.choice("LP"), age, "B", "child")
                child.mark = Mark(category, note=f"usia {age} tahun, belum kawin")
            else:
                birth = self._spans[17][1]
                child = self._person(village, rng.choice("LP"), 17, "B", "child", birth=birth)
                child.mark = Mark(category, note="genap 17 tahun pada hari pemungutan")
            family.members.append(child)
            return True
        if category == "DECOY_TWINS":
            found = self._pick(households, lambda p: p.role == "child")
            if found is None or len(found[0].members) >= self._max:
                return False
            family, sibling = found
            twin = self._person(
                village,
                rng.choice("LP"),
                sibling.age,
                sibling.status,
                "child",
                birth=sibling.birth,
                prefix=sibling.nik[:6],
            )
            group = self._group()
            sibling.mark = Mark(category, group, "kembar")
            twin.mark = Mark(category, group, "kembar")
            family.members.insert(family.members.index(sibling) + 1, twin)
            return True
        if category == "AGE_IMPLAUSIBLE":
            return self._plant_age(households)
        if category == "DUPLICATE_IDENTITY":
            return self._plant_duplicate_identity(households)
        found = self._pick(households)
        if found is None:
            return False
        family, person = found
        if category == "DUPLICATE_NIK":
            self._plant_duplicate_nik(village, households, person, extra)
        elif category == "NKK_FORMAT":
            person.nkk, note = malformed(self._rng, family.nkk)
            person.mark = Mark(category, note=f"NKK {note}")
        elif category == "NIK_FORMAT":
            person.nik, note = malformed(self._rng, person.nik)
            person.mark = Mark(category, note=f"NIK {note}")
        elif category == "INCOMPLETE":
            self._plant_incomplete(person)
        else:
            self._plant_nik(category, person)
        return True

    def _plant_nik(self, category: str, person: Person) -> None:
        """NIK_REGION, NIK_BIRTHDATE or NIK_SEX: a fresh NIK that is wrong in one part only."""
        rng = self._rng
        assert person.birth is not None
        born = datetime.date.fromordinal(person.birth)
        prefix, sex, encoded = person.nik[:6], person.sex, born
        if category == "NIK_REGION":
            kabupaten = rng.choice(list(self._missing_kecamatans))
            missing = self._missing_kecamatans[kabupaten]
            kind = rng.randrange(3) if missing else rng.randrange(2)
            if kind == 0:
                prefix = rng.choice(_NOT_PROVINCES) + prefix[2:]
                note = f"kode provinsi {prefix[:2]} tidak ada"
            elif kind == 1:
                prefix = f"{prefix[:2]}00{prefix[4:]}"
                note = "kode kabupaten 00 tidak ada"
            else:
                prefix = f"{kabupaten}{rng.choice(missing):02d}"
                note = f"kode kecamatan {prefix[:2]}.{prefix[2:4]}.{prefix[4:]} tidak ada"
        elif category == "NIK_SEX":
            sex = "L" if sex == "P" else "P"
            note = f"NIK bertanda {'perempuan' if sex == 'P' else 'laki-laki'}"
        else:
            while (encoded.day, encoded.month, encoded.year % 100) == (
                born.day,
                born.month,
                born.year % 100,
            ):
                kind = rng.randrange(3)
                if kind == 0 and born.day <= 12:
                    encoded = datetime.date(born.year, born.day, born.month)
                elif kind == 1:
                    encoded = datetime.date(born.year + rng.choice((-2, -1, 1, 2)), born.month, 1)
                    encoded = encoded.replace(day=min(born.day, 28))
                else:
                    encoded = datetime.date.fromordinal(person.birth + rng.randint(-900, 900))
            note = f"NIK mencatat lahir {encoded:%d-%m}-{encoded.year % 100:02d}"
        person.nik = self._ids.nik(prefix, encoded, sex)
        person.mark = Mark(category, note=note)

    def _plant_age(self, households: list[Household]) -> bool:
        rng = self._rng
        unborn = rng.random() < 0.5
        # Never unmarried: a "not yet born" row must not read as UNDERAGE as well.
        found = self._pick(households, lambda p: p.status != "B" if unborn else True)
        if found is None:
            return False
        person = found[1]
        assert person.birth is not None
        key = self._ids.key(person.name)
        for _ in range(20):
            if unborn:
                birth, age = self._day_ordinal + rng.randint(1, 3 * 365), -1
            else:
                age = rng.randint(111, 125)
                birth = rng.randint(*self._spans[age])
            if not self._ids.clashes(birth, key):
                break
        else:
            return False
        self._ids.remember(birth, person.name)
        person.birth, person.age = birth, age
        person.nik = self._ids.nik(person.nik[:6], datetime.date.fromordinal(birth), person.sex)
        note = "lahir sesudah hari pemungutan" if unborn else f"usia {age} tahun"
        person.mark = Mark("AGE_IMPLAUSIBLE", note=note)
        return True

    def _plant_incomplete(self, person: Person) -> None:
        column = self._rng.choice(("NAMA", "JENIS_KELAMIN", "TANGGAL_LAHIR", "ALAMAT"))
        if column == "NAMA":
            person.name = ""
        elif column == "JENIS_KELAMIN":
            person.sex = ""
        elif column == "TANGGAL_LAHIR":
            person.birth = None
        else:
            person.address = ""
        person.mark = Mark("INCOMPLETE", note=f"{column} kosong")

    def _plant_duplicate_nik(
        self, village: _Village, households: list[Household], person: Person, copies: int
    ) -> None:
        """The same NIK again: the same person listed twice, or someone born the same day."""
        group = self._group()
        note = f"NIK sama di {copies + 1} baris"
        person.mark = Mark("DUPLICATE_NIK", group, note)
        for _ in range(copies):
            if self._rng.random() < 0.6:
                copy = dataclasses.replace(person, role="alone")
            else:
                copy = self._person(
                    village,
                    person.sex,
                    person.age,
                    self._people.status_alone(person.age),
                    "alone",
                    birth=person.birth,
                    prefix=person.nik[:6],
                )
                copy.nik = person.nik
            copy.mark = Mark("DUPLICATE_NIK", group, note)
            self._insert(households, [copy])

    def _plant_duplicate_identity(self, households: list[Household]) -> bool:
        """The same person again under another NIK and a variant of the name.

        Mostly a spelling variant, so people whose names have one are preferred; else a typo.
        """
        rng = self._rng
        want_spelling = rng.random() < 0.7
        for _ in range(40):
            found = self._pick(households)
            if found is None:
                return False
            family, person = found
            variants = spelling_variants(rng, person.name)
            if variants or not want_spelling:
                break
        mistyped = typo(rng, person.name)
        assert person.birth is not None
        key = self._ids.key(person.name)
        for variant in [*variants, *([mistyped] if mistyped else [])]:
            variant_key = self._ids.key(variant)
            if one_typo_apart(key, variant_key) and not self._ids.clashes(
                person.birth, variant_key, source=key
            ):
                break
        else:
            return False
        self._ids.remember(person.birth, variant)
        prefix = self._ids.prefix if rng.random() < 0.6 else rng.choice(self._kecamatans)
        copy = dataclasses.replace(
            person,
            name=variant,
            nik=self._ids.nik(prefix, datetime.date.fromordinal(person.birth), person.sex),
        )
        group = self._group()
        person.mark = Mark("DUPLICATE_IDENTITY", group, "NIK lain, nama mirip")
        copy.mark = Mark("DUPLICATE_IDENTITY", group, "NIK lain, nama mirip")
        if rng.random() < 0.5 and len(family.members) < self._max:
            family.members.append(copy)
        else:
            copy.role = "alone"
            self._insert(households, [copy])
        return True

    # Polling stations.

    def _assign(self, households: list[Household]) -> tuple[list[list[Household]], list[int]]:
        """Whole families into TPS in order, each TPS near an even share of the village.

        Now and then (TPS_OVER_CAPACITY) a TPS keeps taking families past the maximum.
        """
        rng = self._rng
        remaining = sum(len(h.members) for h in households)
        usual = min(self._max, math.ceil(remaining / math.ceil(remaining / self._max)) + 5)
        stations: list[list[Household]] = []
        counts: list[int] = []
        current: list[Household] = []
        count = 0
        overfill = False
        for household in households:
            size = len(household.members)
            if not current:
                overfill = remaining > self._max and rng.random() < self._rate
            limit = self._max + max(1, self._max // 20) if overfill else usual
            if count + size > limit and not (overfill and count <= self._max):
                stations.append(current)
                counts.append(count)
                current, count = [], 0
                overfill = remaining > self._max and rng.random() < self._rate
            current.append(household)
            count += size
            remaining -= size
        stations.append(current)
        counts.append(count)
        return stations, counts

    def _split(self, stations: list[list[Household]], counts: list[int], splits: int) -> None:
        """FAMILY_SPLIT: some members of a family moved to the next TPS of the same desa."""
        rng = self._rng
        if len(stations) < 2:
            return
        for _ in range(splits):
            for _ in range(40):
                here = rng.randrange(len(stations))
                family = rng.choice(stations[here])
                there = (
                    here + 1
                    if here == 0 or (here + 1 < len(stations) and rng.random() < 0.5)
                    else here - 1
                )
                moved = rng.randint(1, max(1, len(family.members) - 1))
                if (
                    family.split
                    or len(family.members) < 2
                    or any(m.nkk is not None for m in family.members)
                    or counts[here] > self._max
                    or counts[there] + moved > self._max
                ):
                    continue
                part = Household(
                    family.nkk, family.address, family.rt, family.rw, family.members[-moved:]
                )
                del family.members[-moved:]
                family.split = part.split = True
                stations[there].insert(rng.randrange(len(stations[there]) + 1), part)
                counts[here] -= moved
                counts[there] += moved
                break

    # Output.

    def _write(self, village: _Village, stations: list[list[Household]], counts: list[int]) -> None:
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

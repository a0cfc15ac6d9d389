"""Planting problems and decoys into a village's families, each marked for the truth file.

Which row gets which category, and what the truth file then says about it, is set out in
the package's docstring.
"""

import dataclasses
import datetime
import random
from collections.abc import Callable

from pengawas.dpt.generator.households import Household, Mark, Person, Residents, Village
from pengawas.dpt.generator.names import COMMON_NAMES, one_typo_apart, spelling_variants, typo

# Relative frequency of each planted problem; FAMILY_SPLIT and the decoys are chosen here
# too, TPS_OVER_CAPACITY per TPS.
PROBLEMS = {
    "NIK_FORMAT": 9, "NIK_REGION": 7, "NIK_BIRTHDATE": 9, "NIK_SEX": 7, "NKK_FORMAT": 7,
    "DUPLICATE_NIK": 8, "DUPLICATE_IDENTITY": 12, "UNDERAGE": 8, "AGE_IMPLAUSIBLE": 6,
    "INCOMPLETE": 10, "FAMILY_SPLIT": 6,
}  # fmt: skip
DECOYS = {
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
# Two-digit codes that are no province (cf. regions.rules.PROVINCES), for NIK_REGION.
_NOT_PROVINCES = ("00", "10", "20", "30", "39", "40", "50", "60", "80", "99")


def _malformed(rng: random.Random, number: str) -> tuple[str, str]:
    """A NIK or NKK made empty, a digit short or long, or with a letter; and how."""
    kind = rng.randrange(4)
    at = rng.randrange(len(number))
    if kind == 0:
        return "", "kosong"
    if kind == 1:
        return number[:at] + number[at + 1 :], f"{len(number) - 1} digit"
    if kind == 2:
        return number[:at] + rng.choice("0123456789") + number[at:], f"{len(number) + 1} digit"
    return number[:at] + rng.choice("OISBZ") + number[at + 1 :], "berisi huruf"


class Planter:
    """Plants the incidents of one village after another.

    Between villages it remembers only a DECOY_SAME_NAME_BIRTHDATE person whose namesake
    goes into the next kecamatan.
    """

    def __init__(
        self,
        rng: random.Random,
        residents: Residents,
        *,
        problems_rate: float,
        max_voters_per_tps: int,
        voting_day: datetime.date,
        kecamatan_numbers: dict[str, list[int]],
    ) -> None:
        self._rng = rng
        self._residents = residents
        self._ids = residents.ids
        self._births = residents.births
        self._rate = problems_rate
        self._max = max_voters_per_tps
        self._day_ordinal = voting_day.toordinal()
        # Kecamatan numbers that no loaded kabupaten uses, for NIK_REGION.
        self._missing_kecamatans = {
            kabupaten.replace(".", ""): [
                n for n in [0, *range(max(used) + 1, min(max(used) + 10, 100))] if n not in used
            ]
            for kabupaten, used in kecamatan_numbers.items()
        }
        self._problem_names = list(PROBLEMS)
        self._problem_weights = list(PROBLEMS.values())
        self._decoy_names = list(DECOYS)
        self._decoy_weights = list(DECOYS.values())
        self._groups = 0
        self._pending: Person | None = None

    def namesake(self, village: Village) -> Person | None:
        """The pending DECOY_SAME_NAME_BIRTHDATE namesake, once the kecamatan has changed."""
        pending = self._pending
        if (
            pending is None
            or pending.nik[:6] == self._ids.prefix
            or pending.birth is None
            or pending.mark is None
        ):
            return None
        # The guard of a kecamatan starts empty, so the namesake clashes with no one.
        self._pending = None
        namesake = self._residents.person(
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
        return namesake

    def plan(self, rows: int, budget: int, has_next_kecamatan: bool) -> list[tuple[str, int]]:
        """The incidents for a village of `rows` voters, each with the rows it adds.

        The added rows take at most half of the `budget` of rows left to the village.
        """
        rng = self._rng
        plan: list[tuple[str, int]] = []
        reserved = 0
        # A namesake waits for the next kecamatan: one at a time, none in the last one.
        same_name = self._pending is not None or not has_next_kecamatan
        for category in self._incidents(rows):
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
        return plan

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

    def plant(
        self, category: str, extra: int, village: Village, households: list[Household]
    ) -> bool:
        """Plant one incident; False when the village offers no fitting row (nothing changed)."""
        rng = self._rng
        if category == "DECOY_MARRIED_UNDER_17":
            if self._max < 2:
                return False
            husband = self._residents.person(village, "L", rng.randint(18, 25), "S", "head")
            wife = self._residents.person(village, "P", 16, "S", "spouse")
            wife.mark = Mark(category, note="usia 16 tahun, sudah kawin")
            self._residents.insert(households, [husband, wife])
            return True
        if category == "DECOY_SAME_NAME_BIRTHDATE":
            sex = rng.choice("LP")
            name = rng.choice(COMMON_NAMES[sex])
            key = self._ids.key(name)
            for _ in range(20):
                age = self._residents.demography.age(25, 70)
                birth = rng.randint(*self._births[age])
                if not self._ids.clashes(birth, key):
                    break
            else:
                return False
            person = self._residents.person(
                village, sex, age, "S", "alone", birth=birth, name=name, prefix=self._ids.prefix
            )
            person.mark = Mark(category, self._group(), "nama sama")
            self._pending = person
            self._residents.insert(households, [person])
            return True
        if category in ("UNDERAGE", "DECOY_TURNS_17_ON_VOTING_DAY"):
            family = self._pick_parents(households)
            if family is None:
                return False
            if category == "UNDERAGE":
                age = rng.randint(14, 16)
                child = self._residents.person(village, rng.choice("LP"), age, "B", "child")
                child.mark = Mark(category, note=f"usia {age} tahun, belum kawin")
            else:
                birth = self._births[17][1]
                child = self._residents.person(
                    village, rng.choice("LP"), 17, "B", "child", birth=birth
                )
                child.mark = Mark(category, note="genap 17 tahun pada hari pemungutan")
            family.members.append(child)
            return True
        if category == "DECOY_TWINS":
            found = self._pick(households, lambda p: p.role == "child")
            if found is None or len(found[0].members) >= self._max:
                return False
            family, sibling = found
            twin = self._residents.person(
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
            person.nkk, note = _malformed(self._rng, family.nkk)
            person.mark = Mark(category, note=f"NKK {note}")
        elif category == "NIK_FORMAT":
            person.nik, note = _malformed(self._rng, person.nik)
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
                birth = rng.randint(*self._births[age])
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
        self, village: Village, households: list[Household], person: Person, copies: int
    ) -> None:
        """The same NIK again: the same person listed twice, or someone born the same day."""
        group = self._group()
        note = f"NIK sama di {copies + 1} baris"
        person.mark = Mark("DUPLICATE_NIK", group, note)
        for _ in range(copies):
            if self._rng.random() < 0.6:
                copy = dataclasses.replace(person, role="alone")
            else:
                copy = self._residents.person(
                    village,
                    person.sex,
                    person.age,
                    self._residents.demography.status_alone(person.age),
                    "alone",
                    birth=person.birth,
                    prefix=person.nik[:6],
                )
                copy.nik = person.nik
            copy.mark = Mark("DUPLICATE_NIK", group, note)
            self._residents.insert(households, [copy])

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
        prefix = self._ids.prefix if rng.random() < 0.6 else rng.choice(self._residents.kecamatans)
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
            self._residents.insert(households, [copy])
        return True

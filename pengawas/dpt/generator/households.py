"""The voters of the synthetic list: their ages, families, addresses and identity numbers."""

import bisect
import datetime
import random
from dataclasses import dataclass

from pengawas.dpt.generator.identity import Identities
from pengawas.dpt.generator.names import (
    DUSUN,
    JAVA_KECAMATAN,
    LINGKUNGAN,
    OTHER_BIRTH_PLACES,
    STREETS,
)


@dataclass(frozen=True)
class Village:
    """A desa or kelurahan of the election's region."""

    code: str
    name: str
    is_kelurahan: bool
    kecamatan_code: str
    kecamatan_name: str
    # Its kabupaten or kota as most of its voters give it for TEMPAT_LAHIR.
    birth_place: str


@dataclass(slots=True)
class Mark:
    """What the truth file says about a row: its category, group and a short note."""

    category: str
    group: str = ""
    note: str = ""


@dataclass(slots=True)
class Person:
    name: str
    sex: str
    birth: int | None  # date ordinal; None when the row leaves TANGGAL_LAHIR empty
    status: str
    place: str
    nik: str
    role: str
    age: int
    disability: str = ""
    remark: str = ""
    # Set only where a planted problem makes the row differ from its family.
    nkk: str | None = None
    address: str | None = None
    mark: Mark | None = None


@dataclass(slots=True)
class Household:
    """The voters of one family card (a part of one, for a FAMILY_SPLIT)."""

    nkk: str
    address: str
    rt: str
    rw: str
    members: list[Person]
    split: bool = False


class Addresses:
    """Addresses of one village in walking order: dusun (or street), RW, RT."""

    def __init__(self, rng: random.Random, is_kelurahan: bool) -> None:
        self._rng = rng
        self._kelurahan = is_kelurahan
        self._style = rng.choice(("DSN", "DSN.", "DUSUN"))
        hamlets = [h for h in dict.fromkeys(rng.sample(DUSUN, 6)) if h != "KRAJAN"]
        self._hamlets = ["KRAJAN", *hamlets][: rng.randint(2, 5)]
        # The list starts in any hamlet, not always in the village centre.
        self._first = rng.randrange(len(self._hamlets))
        self._rw = self._rt = self._left = self._house = self._rts_left = 0
        self._place = ""
        self._lingkungan = False
        self._next_rw()

    def _next_rw(self) -> None:
        self._rw += 1
        self._rt, self._rts_left = 0, self._rng.randint(2, 6)
        if self._kelurahan:
            self._lingkungan = self._rng.random() < 0.2
            self._place = self._rng.choice(LINGKUNGAN if self._lingkungan else STREETS)
        else:
            self._place = self._hamlets[(self._first + self._rw - 1) % len(self._hamlets)]

    def next(self) -> tuple[str, str, str]:
        """(ALAMAT, RT, RW) of the next family card."""
        if self._left == 0:
            if self._rts_left == 0:
                self._next_rw()
            self._rt += 1
            self._rts_left -= 1
            self._left = self._rng.randint(20, 50)
        self._left -= 1
        self._house += self._rng.randint(1, 3)
        if not self._kelurahan:
            address = f"{self._style} {self._place}"
        elif self._lingkungan:
            address = f"LINGK. {self._place}"
        else:
            address = f"JL. {self._place} NO. {self._house % 180 + 1}"
        return address, f"{self._rt:03d}", f"{self._rw:03d}"


OLDEST_AGE = 100
# (sex, age on voting day, STATUS_KAWIN, role in the family card)
Member = tuple[str, int, str, str]


class Demography:
    """Ages, marital status and the make-up of families, for a plausible age pyramid."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        # Adults by age: flat to 40, then thinning out to almost none at 100.
        self._cumulative = [0.0]
        for age in range(OLDEST_AGE + 1):
            if age <= 40:
                weight = 1.0
            elif age <= 60:
                weight = 1.0 - 0.45 * (age - 40) / 20
            elif age <= 80:
                weight = 0.55 - 0.40 * (age - 60) / 20
            else:
                weight = 0.15 * (1 - (age - 80) / 21)
            self._cumulative.append(self._cumulative[-1] + weight)

    def age(self, low: int, high: int) -> int:
        cumulative = self._cumulative
        point = cumulative[low] + self._rng.random() * (cumulative[high + 1] - cumulative[low])
        return min(high, max(low, bisect.bisect_right(cumulative, point) - 1))

    def status_alone(self, age: int) -> str:
        # Young singles are unmarried; some married people live alone (a spouse working
        # away); older ones are mostly widowed.
        roll = self._rng.random()
        if age < 35:
            return "B" if roll < 0.92 else "S"
        if age < 55:
            return "B" if roll < 0.3 else "S" if roll < 0.6 else "P"
        return "P" if roll < 0.85 else "S"

    def _status_child(self, age: int) -> str:
        roll = self._rng.random()
        if age < 20:
            return "B" if roll < 0.99 else "S"
        if age < 25:
            return "B" if roll < 0.9 else "S"
        if age < 35:
            return "B" if roll < 0.5 else "S" if roll < 0.95 else "P"
        return "B" if roll < 0.2 else "S" if roll < 0.8 else "P"

    def family(self, room: int) -> list[Member]:
        """The adult voters of one family card, at most `room` of them."""
        rng = self._rng
        roll = rng.random()
        if room == 1 or roll < 0.17:
            age = self.age(17, 95)
            sex = "P" if age >= 60 and rng.random() < 0.7 else rng.choice("LP")
            return [(sex, age, self.status_alone(age), "alone")]
        if roll < 0.48:
            husband = self.age(20, 95)
            wife = min(OLDEST_AGE, max(17, husband - rng.randint(-2, 7)))
            return [("L", husband, "S", "head"), ("P", wife, "S", "spouse")]
        family: list[Member]
        if roll < 0.85:
            mother = self.age(37, 80)
            father = min(OLDEST_AGE, mother + rng.randint(-1, 7))
            family = [("L", father, "S", "head"), ("P", mother, "S", "spouse")]
            eldest = min(mother - 18, 45)
            count = rng.choices((1, 2, 3, 4), (45, 33, 15, 7))[0]
        elif roll < 0.95:
            parent = self.age(45, 95)
            family = [("P" if rng.random() < 0.7 else "L", parent, "P", "head")]
            eldest = min(parent - 18, 50)
            count = rng.choices((1, 2, 3), (50, 35, 15))[0]
        else:
            head = self.age(30, 60)
            elder = self.age(max(head + 18, 60), OLDEST_AGE)
            family = [
                ("L", head, "S", "head"),
                ("P", max(17, head - rng.randint(0, 6)), "S", "spouse"),
                ("P" if rng.random() < 0.7 else "L", elder, "P", "parent"),
            ]
            eldest = head - 20
            count = 1 if head >= 37 and rng.random() < 0.5 else 0
        for _ in range(count if eldest >= 17 else 0):
            age = self.age(17, eldest)
            sex = rng.choice("LP")
            status = self._status_child(age)
            family.append((sex, age, status, "child"))
            if status == "S" and rng.random() < 0.5:
                # A married child living in with their spouse.
                other = "P" if sex == "L" else "L"
                family.append((other, max(17, age + rng.randint(-3, 3)), "S", "in_law"))
        return family[:room]


# Adult voters on one family card, at most.
_MAX_FAMILY = 6


def _latest_birth(voting_day: datetime.date, age: int) -> int:
    """The last birth date on which a person is `age` or older on voting day."""
    year = voting_day.year - age
    try:
        return voting_day.replace(year=year).toordinal()
    except ValueError:  # 29 February in a year without one
        return datetime.date(year, 2, 28).toordinal()


class Residents:
    """The people of one village after another, on their family cards."""

    def __init__(
        self,
        rng: random.Random,
        *,
        villages: list[Village],
        voting_day: datetime.date,
        max_voters_per_tps: int,
    ) -> None:
        self._rng = rng
        self._room = min(_MAX_FAMILY, max_voters_per_tps)
        # The region's kecamatan codes as NIK prefixes (6 digits).
        self.kecamatans = list(dict.fromkeys(v.kecamatan_code.replace(".", "") for v in villages))
        self.ids = Identities(rng)
        self.demography = Demography(rng)
        latest = [_latest_birth(voting_day, age) for age in range(132)]
        # The first and last birth date (ordinals) of each age on voting day.
        self.births = [(latest[age + 1] + 1, latest[age]) for age in range(131)]
        self._nkk_dates = (datetime.date(2004, 1, 1).toordinal(), voting_day.toordinal() - 30)

    def issue_nkk(self) -> str:
        return self.ids.nkk(datetime.date.fromordinal(self._rng.randint(*self._nkk_dates)))

    def person(
        self,
        village: Village,
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
            birth = rng.randint(*self.births[age])
        if name is None:
            name = self.ids.fresh_name(sex, birth, age)
        else:
            self.ids.remember(birth, name)
        place = village.birth_place if rng.random() < 0.88 else rng.choice(OTHER_BIRTH_PLACES)
        if prefix is None:
            # The NIK region is where the card was first issued: mostly here, sometimes in
            # another kecamatan of the region, a few elsewhere in Java.
            roll = rng.random()
            if roll < 0.93:
                prefix = self.ids.prefix
            elif roll < 0.98:
                prefix = rng.choice(self.kecamatans)
            else:
                prefix, city = rng.choice(JAVA_KECAMATAN)
                if rng.random() < 0.7:
                    place = city
        nik = self.ids.nik(prefix, datetime.date.fromordinal(birth), sex)
        disability = ""
        if rng.random() < (0.004 if age < 60 else 0.02 if age < 75 else 0.05):
            disability = str(rng.randint(1, 5))
        remark = "B" if age <= 17 and rng.random() < 0.2 else ""
        return Person(name, sex, birth, status, place, nik, role, age, disability, remark)

    def fill(
        self, village: Village, addresses: Addresses, households: list[Household], count: int
    ) -> None:
        """Append families of `count` voters in all."""
        while count > 0:
            specs = self.demography.family(min(self._room, count))
            address, rt, rw = addresses.next()
            members = [self.person(village, *spec) for spec in specs]
            households.append(Household(self.issue_nkk(), address, rt, rw, members))
            count -= len(members)

    def insert(self, households: list[Household], members: list[Person]) -> None:
        """A new family card at a random place, at the address of the family it lands before."""
        at = self._rng.randrange(len(households) + 1)
        near = households[min(at, len(households) - 1)] if households else None
        if near is None:
            address, rt, rw = "DSN KRAJAN", "001", "001"
        else:
            address, rt, rw = near.address, near.rt, near.rw
        households.insert(at, Household(self.issue_nkk(), address, rt, rw, members))

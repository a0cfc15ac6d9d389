"""NIK and NKK numbers for the synthetic voter list, and the names kept apart with them."""

import datetime
import random

from pengawas.dpt.generator.names import make_name, similar_names
from pengawas.dpt.names import name_key

# Serials of numbers issued for a region other than the kecamatan being generated start
# above this.
_FOREIGN_SERIAL_BASE = 5000


class Identities:
    """NIK and NKK numbers that never collide by accident, and names kept apart.

    Serials for the kecamatan being generated count up from 0001 and are forgotten when the
    next kecamatan starts (villages come kecamatan by kecamatan); numbers for other regions
    take serials from 5001, so the two never meet and only the few foreign ones are kept
    for the whole run. Within a kecamatan, no two people born the same day get
    `similar_names` unless a planted problem asks for it.
    """

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self.prefix = ""  # the kecamatan being generated, as 6 digits
        self._own: dict[str, int] = {}
        self._foreign: dict[str, int] = {}
        self._families: dict[str, int] = {}
        self._names: dict[int, list[str]] = {}
        self._word_keys: dict[str, str] = {}

    def enter(self, prefix: str) -> None:
        if prefix != self.prefix:
            self.prefix = prefix
            self._own.clear()
            self._families.clear()
            self._names.clear()

    def nik(self, prefix: str, born: datetime.date, sex: str) -> str:
        day = born.day + 40 if sex == "P" else born.day
        key = f"{prefix}{day:02d}{born.month:02d}{born.year % 100:02d}"
        if prefix == self.prefix:
            serial = self._own[key] = self._own.get(key, 0) + 1
        else:
            serial = self._foreign[key] = self._foreign.get(key, _FOREIGN_SERIAL_BASE) + 1
        return f"{key}{serial:04d}"

    def nkk(self, issued: datetime.date) -> str:
        """A family card of the current kecamatan, issued on that day."""
        key = f"{self.prefix}{issued:%d%m}{issued.year % 100:02d}"
        serial = self._families[key] = self._families.get(key, 0) + 1
        return f"{key}{serial:04d}"

    def key(self, name: str) -> str:
        """`name_key`, computed word by word from a cache (names repeat their words)."""
        parts = []
        for word in name.split(" "):
            key = self._word_keys.get(word)
            if key is None:
                key = self._word_keys[word] = name_key(word)
            if key:
                parts.append(key)
        return " ".join(parts)

    def clashes(self, birth: int, key: str, source: str | None = None) -> bool:
        """Whether someone else born that day has a name similar to `key`."""
        return any(
            other != source and similar_names(key, other) for other in self._names.get(birth, ())
        )

    def remember(self, birth: int, name: str) -> None:
        self._names.setdefault(birth, []).append(self.key(name))

    def fresh_name(self, sex: str, birth: int, age: int) -> str:
        year = datetime.date.fromordinal(birth).year
        while True:
            name = make_name(self._rng, sex, year, age)
            key = self.key(name)
            if not self.clashes(birth, key):
                self._names.setdefault(birth, []).append(key)
                return name

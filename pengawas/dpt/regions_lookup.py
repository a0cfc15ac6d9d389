"""Resolving the KECAMATAN and KELURAHAN/DESA cells of a voter list to regions."""

from dataclasses import dataclass

from pengawas.regions.models import Level, Region
from pengawas.regions.rules import region_name_key


@dataclass(frozen=True)
class Unresolved:
    column: str  # "KECAMATAN" or "KELURAHAN"
    reason: str


class VillageResolver:
    """Finds a village of the election's region by Kemendagri code or by name.

    Names match ignoring case, spaces and punctuation. A village name that exists in two
    kecamatan needs the KECAMATAN cell. Answers are cached per (kecamatan, village) text,
    since a list repeats the same few hundred pairs a million times.
    """

    def __init__(self, *, region: Region) -> None:
        prefix = region.code + "."
        regions = Region.objects.filter(code__startswith=prefix).values_list(
            "code", "level", "parent_id", "name_key"
        )
        self._kecamatan_by_code: dict[str, str] = {}
        self._kecamatan_by_name: dict[str, list[str]] = {}
        self._village_by_code: dict[str, str] = {}
        self._villages_by_name: dict[str, list[tuple[str, str]]] = {}
        for code, level, parent, key in regions:
            compact = code.replace(".", "")
            if level == Level.KECAMATAN:
                for alias in (code, compact, code.rsplit(".", 1)[-1]):
                    self._kecamatan_by_code[alias] = code
                self._kecamatan_by_name.setdefault(key, []).append(code)
            elif level in (Level.DESA, Level.KELURAHAN):
                self._village_by_code[code] = code
                self._village_by_code[compact] = code
                self._villages_by_name.setdefault(key, []).append((code, parent))
        self._cache: dict[tuple[str, str], str | Unresolved] = {}

    @property
    def village_count(self) -> int:
        return len({code for code in self._village_by_code.values()})

    def resolve(self, kecamatan: str, village: str) -> str | Unresolved:
        key = (kecamatan, village)
        answer = self._cache.get(key)
        if answer is None:
            answer = self._resolve(kecamatan.strip(), village.strip())
            self._cache[key] = answer
        return answer

    def _resolve(self, kecamatan: str, village: str) -> str | Unresolved:
        kecamatan_code: str | None = None
        if kecamatan:
            kecamatan_code = self._kecamatan_by_code.get(kecamatan)
            if kecamatan_code is None:
                matches = self._kecamatan_by_name.get(region_name_key(kecamatan), [])
                if len(matches) != 1:
                    return Unresolved(
                        "KECAMATAN", f"kecamatan {kecamatan!r} tidak dikenal di wilayah pemilihan"
                    )
                kecamatan_code = matches[0]
        if not village:
            return Unresolved("KELURAHAN", "kelurahan/desa kosong")
        code = self._village_by_code.get(village)
        if code is not None:
            if kecamatan_code and not code.startswith(kecamatan_code + "."):
                return Unresolved(
                    "KELURAHAN", f"kode desa {village} bukan bagian dari kecamatan {kecamatan!r}"
                )
            return code
        candidates = self._villages_by_name.get(region_name_key(village), [])
        if kecamatan_code:
            candidates = [c for c in candidates if c[1] == kecamatan_code]
        if not candidates:
            where = f" di kecamatan {kecamatan!r}" if kecamatan else " di wilayah pemilihan"
            return Unresolved("KELURAHAN", f"kelurahan/desa {village!r} tidak dikenal{where}")
        if len(candidates) > 1:
            return Unresolved(
                "KELURAHAN",
                f"nama kelurahan/desa {village!r} ada di {len(candidates)} kecamatan; isi kolom KECAMATAN",
            )
        return candidates[0][0]

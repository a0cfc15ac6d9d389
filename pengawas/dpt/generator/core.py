"""Generating a synthetic DPT: the region's villages, their voters, and the files written."""

import os
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pengawas.dpt.generator.households import Addresses, Household, Residents, Village
from pengawas.dpt.generator.problems import DECOYS, PROBLEMS, Planter
from pengawas.dpt.generator.stations import assign, split_families
from pengawas.dpt.generator.writer import Writer
from pengawas.elections.models import Election
from pengawas.regions.models import Level, Region


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


def _truth_path(out: Path) -> Path:
    return out.with_suffix(".truth.csv")


def _load_villages(election: Election) -> tuple[list[Village], dict[str, list[int]]]:
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
            Village(
                code=region.code,
                name=region.name,
                is_kelurahan=region.level == Level.KELURAHAN,
                kecamatan_code=kecamatan,
                kecamatan_name=names.get(kecamatan, ""),
                birth_place=place or "BLITAR",
            )
        )
    return villages, kecamatan_numbers


def _allocate(villages: list[Village], voters: int) -> list[int]:
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
    planted = dict.fromkeys([*PROBLEMS, "TPS_OVER_CAPACITY", *DECOYS], 0)
    written = generator.writer
    planted.update(written.planted)
    return GenerateResult(
        out=out,
        truth=truth,
        rows=written.rows,
        tps=written.tps,
        villages=written.villages,
        planted=planted,
        seconds=time.perf_counter() - started,
    )


class _Generator:
    """Generates one village after another, so memory holds a village, not the list."""

    def __init__(
        self,
        *,
        election: Election,
        seed: int,
        problems_rate: float,
        villages: list[Village],
        kecamatan_numbers: dict[str, list[int]],
        rows_file: IO[str],
        truth_file: IO[str],
    ) -> None:
        self._rng = random.Random(seed)
        self._rate = problems_rate
        self._max = election.max_voters_per_tps
        self._villages = villages
        self._residents = Residents(
            self._rng,
            villages=villages,
            voting_day=election.voting_day,
            max_voters_per_tps=self._max,
        )
        self._planter = Planter(
            self._rng,
            self._residents,
            problems_rate=problems_rate,
            max_voters_per_tps=self._max,
            voting_day=election.voting_day,
            kecamatan_numbers=kecamatan_numbers,
        )
        self.writer = Writer(rows_file, truth_file, max_voters_per_tps=self._max)

    def run(self, quotas: list[int]) -> None:
        voiced = [v for v, quota in zip(self._villages, quotas, strict=True) if quota]
        last_kecamatan = voiced[-1].kecamatan_code if voiced else ""
        for village, quota in zip(self._villages, quotas, strict=True):
            if not quota:
                continue
            self._residents.ids.enter(village.kecamatan_code.replace(".", ""))
            self._village(village, quota, village.kecamatan_code != last_kecamatan)

    def _village(self, village: Village, quota: int, has_next_kecamatan: bool) -> None:
        residents = self._residents
        addresses = Addresses(self._rng, village.is_kelurahan)
        households: list[Household] = []
        budget = quota
        namesake = self._planter.namesake(village)
        if namesake is not None:
            households.append(Household(residents.issue_nkk(), *addresses.next(), [namesake]))
            budget -= 1
        plan = self._planter.plan(quota, budget, has_next_kecamatan)
        residents.fill(village, addresses, households, budget - sum(extra for _, extra in plan))
        splits = 0
        for category, extra in plan:
            if category == "FAMILY_SPLIT":
                splits += 1
            elif not self._planter.plant(category, extra, village, households):
                residents.fill(village, addresses, households, extra)
        stations, counts = assign(self._rng, households, self._max, self._rate)
        split_families(self._rng, stations, counts, splits, self._max)
        self.writer.write(village, stations, counts)

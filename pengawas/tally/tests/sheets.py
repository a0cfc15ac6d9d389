"""A C.Hasil sheet whose figures all agree, for tests to change one thing at a time."""

import copy
from typing import Any

# Pilkada: DPT 200 (reserve 2.5 % = 5), 178 voters, 2 paslon.
PILKADA: dict[str, Any] = {
    "election_kind": "pilkada",
    "pemilih": {"dpt": {"l": 100, "p": 100}, "dpph": {"l": 2, "p": 1}, "dptb": {"l": 3, "p": 2}},
    "pengguna": {"dpt": {"l": 80, "p": 90}, "dpph": {"l": 2, "p": 1}, "dptb": {"l": 3, "p": 2}},
    "disabilitas": {"terdaftar": {"l": 2, "p": 1}, "pengguna": {"l": 1, "p": 1}},
    "surat_suara": {"diterima": 205, "digunakan": 178, "rusak": 2, "tidak_digunakan": 25},
    "suara": {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8},
}
# Pemilu: DPT 200 (reserve 2 % = 4), the lists DPT, DPTb (movers), DPK (listed as they vote).
PEMILU: dict[str, Any] = {
    "election_kind": "pemilu",
    "pemilih": {"dpt": {"l": 100, "p": 100}, "dptb": {"l": 2, "p": 1}, "dpk": {"l": 3, "p": 2}},
    "pengguna": {"dpt": {"l": 80, "p": 90}, "dptb": {"l": 2, "p": 1}, "dpk": {"l": 3, "p": 2}},
    "disabilitas": {"terdaftar": {"l": 2, "p": 1}, "pengguna": {"l": 1, "p": 1}},
    "surat_suara": {"diterima": 204, "digunakan": 178, "rusak": 2, "tidak_digunakan": 24},
    "suara": {"paslon": {"1": 100, "2": 70}, "sah": 170, "tidak_sah": 8},
}


def sheet(kind: str = "pilkada", **changes: Any) -> dict[str, Any]:
    """A copy of the agreeing sheet with changes by dotted path ("pemilih__dpt__l": 5)."""
    result = copy.deepcopy(PILKADA if kind == "pilkada" else PEMILU)
    for path, value in changes.items():
        *parents, leaf = path.split("__")
        node = result
        for part in parents:
            node = node[part]
        if value is DELETE:
            del node[leaf]
        else:
            node[leaf] = value
    return result


DELETE = object()

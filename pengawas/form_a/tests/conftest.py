"""Form A fixtures: the PTPS of TPS 001 Jaten, their PKD and Panwascam, a complete report."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from PIL import Image

from pengawas.accounts.roles import Role
from pengawas.elections.models import Election, Tps


def photo_bytes(
    *, width: int = 800, height: int = 600, color: str = "#3a6ea5", kind: str = "JPEG"
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, kind, quality=80)
    return out.getvalue()


def report_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "pengawas": {
            "tahapan": "Pemungutan dan Penghitungan Suara",
            "nama": "Siti Aminah",
            "jabatan": "Pengawas TPS 001 Desa Jaten",
            "nomor_spt": "12/PW/2020",
            "alamat": "Jaten RT 01 RW 02",
        },
        "kegiatan": [
            {
                "bentuk": "Pengawasan langsung",
                "tujuan": "Memastikan pemungutan suara sesuai ketentuan",
                "sasaran": "KPPS TPS 001",
                "waktu_tempat": "9 Desember 2020, 07.00, TPS 001 Jaten",
            }
        ],
        "uraian": "Pukul 07.20 TPS belum dibuka karena kotak suara belum tiba.",
        "keberatan": False,
        "pelanggaran": {},
        "sengketa": {},
    }
    data.update(changes)
    return data


VIOLATION = {
    "peristiwa": "KPPS meminta pemilih menulis nama pada surat suara",
    "tempat": "TPS 001 Desa Jaten",
    "waktu": "9 Desember 2020 pukul 10.15",
    "pelaku": "Ketua KPPS TPS 001",
    "saksi": "Budi (saksi paslon 1)",
    "alat_bukti": "Foto surat suara",
    "uraian": "Tiga pemilih diminta menulis nama di balik surat suara.",
}


@pytest.fixture
def tps(election: Election) -> Tps:
    found, _ = Tps.objects.get_or_create(election=election, village_id="35.05.01.2001", number=1)
    return found


@pytest.fixture
def far_tps(election: Election) -> Tps:
    found, _ = Tps.objects.get_or_create(election=election, village_id="35.05.02.2001", number=1)
    return found


@pytest.fixture
def ptps(make_user: Callable[..., User], tps: Tps) -> User:
    return make_user(Role.PTPS, tps=tps, username="ptps-jaten-1")


@pytest.fixture
def pkd(make_user: Callable[..., User]) -> User:
    return make_user(Role.PKD, username="pkd-jaten")


@pytest.fixture
def panwascam(make_user: Callable[..., User]) -> User:
    return make_user(Role.PANWASCAM, username="panwascam-wonodadi")

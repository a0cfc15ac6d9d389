"""The content of a Form A: sections I to V as a dict, checked by pure functions (no database).

Formulir Model A (Laporan Hasil Pengawasan; facts §4, Buku Saku "Mengisi Form A"):
I data pengawas, II kegiatan pengawasan (one block per activity), III uraian singkat hasil
pengawasan, IV informasi dugaan pelanggaran and V informasi dugaan sengketa (both optional).
The PTPS's duty to report the result of supervision is their kewajiban (facts §4); the
Buku Saku chapter cites Perbawaslu 4/2020 Pasal 8 ayat (2) huruf f and Pasal 31 ayat (1).
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

PENGAWAS_FIELDS = ("tahapan", "nama", "jabatan", "nomor_spt", "alamat")
KEGIATAN_FIELDS = ("bentuk", "tujuan", "sasaran", "waktu_tempat")
PELANGGARAN_FIELDS = ("peristiwa", "tempat", "waktu", "pelaku", "saksi", "alat_bukti", "uraian")
SENGKETA_FIELDS = ("pihak", "objek", "uraian")
MAX_KEGIATAN = 10
SHORT = 300
LONG = 10_000

# The labels as printed on the form (the PDF is in Bahasa Indonesia whatever the language).
LABELS: dict[str, str] = {
    "tahapan": "Tahapan yang diawasi",
    "nama": "Nama pelaksana tugas pengawasan",
    "jabatan": "Jabatan",
    "nomor_spt": "Nomor surat perintah tugas",
    "alamat": "Alamat",
    "bentuk": "Bentuk",
    "tujuan": "Tujuan",
    "sasaran": "Sasaran",
    "waktu_tempat": "Waktu dan tempat",
    "peristiwa": "Peristiwa",
    "tempat": "Tempat kejadian",
    "waktu": "Waktu kejadian",
    "pelaku": "Pelaku",
    "saksi": "Saksi-saksi",
    "alat_bukti": "Alat bukti",
    "uraian": "Uraian singkat",
    "pihak": "Pihak yang dirugikan",
    "objek": "Keputusan atau tindakan penyelenggara yang dipersoalkan",
}
LONG_FIELDS = frozenset({"uraian", "saksi", "alat_bukti", "alamat", "waktu_tempat"})


def empty_report() -> dict[str, Any]:
    return {
        "pengawas": dict.fromkeys(PENGAWAS_FIELDS, ""),
        "kegiatan": [dict.fromkeys(KEGIATAN_FIELDS, "")],
        "uraian": "",
        "keberatan": False,
        "pelanggaran": dict.fromkeys(PELANGGARAN_FIELDS, ""),
        "sengketa": dict.fromkeys(SENGKETA_FIELDS, ""),
    }


def _text(value: object, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise TypeError
    text = str(value).replace("\r\n", "\n").strip()
    return text[:limit]


def _block(raw: object, fields: tuple[str, ...]) -> dict[str, str]:
    source = raw if isinstance(raw, Mapping) else {}
    return {
        name: _text(source.get(name), LONG if name in LONG_FIELDS else SHORT) for name in fields
    }


def is_filled(block: Mapping[str, str]) -> bool:
    return any(value.strip() for value in block.values())


def report_clean(raw: object, *, final: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """(the report in its canonical shape, errors by field path). `final`: sent for review,
    so the required parts must be there; a draft may be incomplete."""
    errors: dict[str, str] = {}
    if not isinstance(raw, Mapping):
        return empty_report(), {"__all__": _("Isi Form A tidak dapat dibaca.")}
    try:
        kegiatan_raw = raw.get("kegiatan")
        blocks = [
            _block(item, KEGIATAN_FIELDS)
            for item in (kegiatan_raw if isinstance(kegiatan_raw, list) else [])[:MAX_KEGIATAN]
        ]
        data: dict[str, Any] = {
            "pengawas": _block(raw.get("pengawas"), PENGAWAS_FIELDS),
            "kegiatan": [block for block in blocks if is_filled(block)],
            "uraian": _text(raw.get("uraian"), LONG),
            "keberatan": bool(raw.get("keberatan")),
            "pelanggaran": _block(raw.get("pelanggaran"), PELANGGARAN_FIELDS),
            "sengketa": _block(raw.get("sengketa"), SENGKETA_FIELDS),
        }
    except TypeError:
        return empty_report(), {"__all__": _("Isi Form A tidak dapat dibaca.")}
    if not data["kegiatan"]:
        data["kegiatan"] = [dict.fromkeys(KEGIATAN_FIELDS, "")]
    if not final:
        return data, errors
    required = _("Wajib diisi.")
    for name in ("tahapan", "nama", "jabatan"):
        if not data["pengawas"][name]:
            errors[f"pengawas.{name}"] = required
    for index, block in enumerate(data["kegiatan"]):
        for name in ("bentuk", "waktu_tempat"):
            if not block[name]:
                errors[f"kegiatan.{index}.{name}"] = required
    if not data["uraian"]:
        errors["uraian"] = required
    if is_filled(data["pelanggaran"]):
        for name in ("peristiwa", "uraian"):
            if not data["pelanggaran"][name]:
                errors[f"pelanggaran.{name}"] = _(
                    "Wajib diisi bila bagian IV (dugaan pelanggaran) diisi."
                )
    if is_filled(data["sengketa"]) and not data["sengketa"]["uraian"]:
        errors["sengketa.uraian"] = _("Wajib diisi bila bagian V (dugaan sengketa) diisi.")
    return data, errors


def report_flags(data: Mapping[str, Any]) -> set[str]:
    """What a report says beyond its account: a suspected violation (IV), a suspected dispute
    (V), an objection noted at the TPS (keberatan)."""
    flags = set()
    if is_filled(data.get("pelanggaran") or {}):
        flags.add("pelanggaran")
    if is_filled(data.get("sengketa") or {}):
        flags.add("sengketa")
    if data.get("keberatan"):
        flags.add("keberatan")
    return flags


def report_from_post(post: Mapping[str, Any]) -> dict[str, Any]:
    """The report from the page's form fields (no JavaScript): "pengawas-nama",
    "kegiatan-0-bentuk", "uraian", "keberatan", "pelanggaran-pelaku", "sengketa-uraian"."""
    kegiatan = []
    for index in range(MAX_KEGIATAN):
        block = {name: post.get(f"kegiatan-{index}-{name}", "") for name in KEGIATAN_FIELDS}
        kegiatan.append(block)
    return {
        "pengawas": {name: post.get(f"pengawas-{name}", "") for name in PENGAWAS_FIELDS},
        "kegiatan": kegiatan,
        "uraian": post.get("uraian", ""),
        "keberatan": post.get("keberatan") in ("1", "on", "true"),
        "pelanggaran": {name: post.get(f"pelanggaran-{name}", "") for name in PELANGGARAN_FIELDS},
        "sengketa": {name: post.get(f"sengketa-{name}", "") for name in SENGKETA_FIELDS},
    }

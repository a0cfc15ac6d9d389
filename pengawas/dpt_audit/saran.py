"""The saran perbaikan to KPU (or PPK): what the letter says, built from selected findings.

Pure functions and plain data: the PDF (saran_pdf.py) and the spreadsheet (saran_xlsx.py)
draw what is built here; services_saran.py reads the findings and files the result.

The letter follows the tata naskah dinas of Perbawaslu 13/2020 (facts.md §7): kop, nomor
`{no}/{klasifikasi}/{unit code}/{roman month}/{year}`, sifat, lampiran, hal, addressee, body,
signature, tembusan, then the lampiran: one table per desa/kelurahan with the full NIK
(a letter between election bodies; marked RAHASIA).

Legal basis cited in the body (written in our own words):
- UU 1/2015 (Perpu 1/2014 enacted) as amended, last by UU 6/2020, Pasal 30 huruf a angka 1:
  the Panwas Kabupaten/Kota (read as Bawaslu Kabupaten/Kota after MK 48/PUU-XVII/2019)
  supervises the updating of voter data from population data and the setting of the DPS and
  DPT. Checked against id.wikisource.org, Halaman:Perpu_1_2014.pdf/24 (Pasal 28 huruf a
  angka 1, the same duty for Bawaslu Provinsi) and /28 (Pasal 31 refers to "Pasal 30 huruf
  g", the parallel list for Panwas Kabupaten/Kota); the page with Pasal 30 itself was not
  read.
- PKPU 2/2017 as amended by PKPU 19/2019 (pemutakhiran data dan penyusunan daftar pemilih in
  Pilkada), checked on jdih.kpu.go.id: the rule KPU applies when it acts on the saran.
- For a Panwascam the letter names the Undang-Undang's duty of the Panwas Kecamatan without
  an article number (not verified).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pengawas.dpt.services.search import nik_mask
from pengawas.dpt_audit.models import Category

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
# The classification line of a saran perbaikan on the voter list (Perbawaslu 11/2020 pola
# klasifikasi: PM = pengawasan). The sub-code is not verified: the letter is numbered by the
# archive only when Bawaslu has this line in its table; otherwise the number is left for
# the sekretariat to fill.
CLASSIFICATION = "PM.00.02"
HAL = "Saran Perbaikan Daftar Pemilih Tetap"
HAL_BY_STAGE = {
    "DPS": "Saran Perbaikan Daftar Pemilih Sementara",
    "DPSHP": "Saran Perbaikan Daftar Pemilih Sementara Hasil Perbaikan",
    "DPT": HAL,
}
STAGE_NAMES = {
    "DPS": "Daftar Pemilih Sementara (DPS)",
    "DPSHP": "Daftar Pemilih Sementara Hasil Perbaikan (DPSHP)",
    "DPT": "Daftar Pemilih Tetap (DPT)",
}
NUMBER_WORDS = (
    "nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan",
    "sepuluh", "sebelas",
)  # fmt: skip

# What was found, in plain words ("{n} pemilih …"), per category; the letter is in Bahasa
# Indonesia whatever the user's language: it is an official letter.
FOUND_TEXT: dict[str, str] = {
    Category.NIK_FORMAT: "pemilih dengan NIK kosong atau tidak 16 digit",
    Category.NIK_REGION: "pemilih dengan kode wilayah NIK yang tidak dikenal",
    Category.NIK_BIRTHDATE: "pemilih dengan NIK yang tidak sesuai dengan tanggal lahirnya",
    Category.NIK_SEX: "pemilih dengan NIK yang tidak sesuai dengan jenis kelaminnya",
    Category.NKK_FORMAT: "pemilih dengan NKK kosong atau tidak 16 digit",
    Category.DUPLICATE_NIK: "baris pemilih dengan NIK yang tercatat lebih dari satu kali",
    Category.DUPLICATE_IDENTITY: (
        "baris pemilih yang diduga orang yang sama (tanggal lahir sama dan nama mirip, NIK berbeda)"
    ),
    Category.UNDERAGE: (
        "pemilih yang belum berumur 17 tahun pada hari pemungutan suara dan belum pernah kawin"
    ),
    Category.AGE_IMPLAUSIBLE: (
        "pemilih dengan tanggal lahir yang tidak masuk akal (lahir setelah hari pemungutan "
        "suara atau berumur lebih dari 110 tahun)"
    ),
    Category.INCOMPLETE: (
        "pemilih dengan elemen data tidak lengkap (nama, jenis kelamin, tanggal lahir atau "
        "alamat kosong)"
    ),
    Category.TPS_OVER_CAPACITY: "TPS dengan jumlah pemilih melebihi batas maksimal",
    Category.FAMILY_SPLIT: (
        "keluarga (NKK) yang anggotanya ditempatkan di TPS berbeda dalam satu desa/kelurahan"
    ),
}
# The category in the lampiran's table (Bahasa Indonesia, short).
CATEGORY_SHORT: dict[str, str] = {
    Category.NIK_FORMAT: "NIK tidak 16 digit",
    Category.NIK_REGION: "Kode wilayah NIK",
    Category.NIK_BIRTHDATE: "NIK - tanggal lahir",
    Category.NIK_SEX: "NIK - jenis kelamin",
    Category.NKK_FORMAT: "NKK tidak 16 digit",
    Category.DUPLICATE_NIK: "NIK ganda",
    Category.DUPLICATE_IDENTITY: "Diduga ganda",
    Category.UNDERAGE: "Di bawah umur",
    Category.AGE_IMPLAUSIBLE: "Umur tidak wajar",
    Category.INCOMPLETE: "Data tidak lengkap",
    Category.TPS_OVER_CAPACITY: "TPS melebihi batas",
    Category.FAMILY_SPLIT: "Keluarga terpisah",
}
# What the addressee is asked to do, per category.
REQUEST_TEXT: dict[str, str] = {
    Category.NIK_FORMAT: (
        "meneliti dan membetulkan NIK yang kosong atau tidak 16 digit sesuai dokumen "
        "kependudukan pemilih"
    ),
    Category.NIK_REGION: (
        "mencocokkan NIK yang kode wilayahnya tidak dikenal dengan data kependudukan dan "
        "membetulkannya"
    ),
    Category.NIK_BIRTHDATE: (
        "mencocokkan NIK dengan tanggal lahir pemilih dan membetulkan elemen yang keliru"
    ),
    Category.NIK_SEX: (
        "mencocokkan NIK dengan jenis kelamin pemilih dan membetulkan elemen yang keliru"
    ),
    Category.NKK_FORMAT: "melengkapi atau membetulkan NKK sesuai Kartu Keluarga pemilih",
    Category.DUPLICATE_NIK: (
        "mencoret pemilih ganda sehingga setiap NIK hanya tercatat satu kali, di TPS sesuai "
        "alamat pemilih"
    ),
    Category.DUPLICATE_IDENTITY: (
        "melakukan pencocokan dan penelitian atas baris yang diduga orang yang sama dan "
        "mencoret yang ganda"
    ),
    Category.UNDERAGE: (
        "mencoret pemilih yang belum berumur 17 tahun pada hari pemungutan suara dan belum "
        "pernah kawin (tidak memenuhi syarat), setelah memastikan status perkawinannya"
    ),
    Category.AGE_IMPLAUSIBLE: (
        "memeriksa tanggal lahir yang tidak masuk akal, lalu membetulkannya atau mencoret "
        "pemilih yang tidak memenuhi syarat (misalnya telah meninggal dunia)"
    ),
    Category.INCOMPLETE: "melengkapi elemen data pemilih yang kosong",
    Category.TPS_OVER_CAPACITY: (
        "menata ulang pembagian pemilih pada TPS yang melebihi jumlah pemilih maksimal"
    ),
    Category.FAMILY_SPLIT: (
        "menempatkan anggota satu keluarga pada TPS yang sama sesuai ketentuan penyusunan TPS"
    ),
}
# The order of the categories in the letter: those that remove voters first.
CATEGORY_ORDER = (
    Category.DUPLICATE_NIK,
    Category.DUPLICATE_IDENTITY,
    Category.UNDERAGE,
    Category.AGE_IMPLAUSIBLE,
    Category.NIK_FORMAT,
    Category.NIK_REGION,
    Category.NIK_BIRTHDATE,
    Category.NIK_SEX,
    Category.NKK_FORMAT,
    Category.INCOMPLETE,
    Category.TPS_OVER_CAPACITY,
    Category.FAMILY_SPLIT,
)
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def date_id(day: datetime.date) -> str:
    """9 Desember 2020."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def number_in_words(n: int) -> str:
    """1 → "1 (satu)": the way letters count their attachments."""
    if 0 <= n < len(NUMBER_WORDS):
        return f"{n} ({NUMBER_WORDS[n]})"
    return str(n)


def number_placeholder(*, unit_code: str, day: datetime.date) -> str:
    """The number left for the sekretariat to fill: "…/PM.00.02/16.12/XII/2020" (a
    Panwascam's unit code is left open too: "…/PM.00.02/…/XII/2020")."""
    unit = unit_code or "…"
    return f"…/{CLASSIFICATION}/{unit}/{ROMAN_MONTHS[day.month - 1]}/{day.year}"


def categories_ordered(categories: Iterable[str]) -> list[str]:
    present = set(categories)
    known = [c for c in CATEGORY_ORDER if c in present]
    return known + sorted(present - set(known))


def thousands(n: int) -> str:
    """961971 → "961.971" (the Indonesian thousands separator)."""
    return f"{n:,}".replace(",", ".")


def found_sentence(counts: Mapping[str, int]) -> list[str]:
    """ "12 baris pemilih dengan NIK yang tercatat lebih dari satu kali", one per category."""
    return [
        f"{thousands(counts[c])} {FOUND_TEXT.get(c, c)}"
        for c in categories_ordered(counts)
        if counts[c]
    ]


def requests_for(categories: Iterable[str], *, max_voters_per_tps: int | None = None) -> list[str]:
    items = []
    for category in categories_ordered(categories):
        text = REQUEST_TEXT.get(category, "")
        if not text:
            continue
        if category == Category.TPS_OVER_CAPACITY and max_voters_per_tps:
            text += f" ({max_voters_per_tps} pemilih per TPS)"
        items.append(text)
    return items


@dataclass(frozen=True)
class Issuer:
    """Who writes: Bawaslu Kabupaten/Kota, or a Panwascam (then the letter goes to PPK)."""

    office: str  # "Kabupaten Blitar"
    province: str  # "Jawa Timur" (for the tembusan)
    kecamatan: str = ""  # "Wonodadi" for a Panwascam

    @property
    def is_panwascam(self) -> bool:
        return bool(self.kecamatan)

    @property
    def kop_lines(self) -> list[str]:
        lines = ["BADAN PENGAWAS PEMILIHAN UMUM", self.office.upper()]
        if self.is_panwascam:
            lines = [
                "BADAN PENGAWAS PEMILIHAN UMUM " + self.office.upper(),
                "PANITIA PENGAWAS PEMILIHAN KECAMATAN " + self.kecamatan.upper(),
            ]
        return lines

    @property
    def short_name(self) -> str:
        if self.is_panwascam:
            return f"Panwaslu Kecamatan {self.kecamatan}"
        return f"Bawaslu {self.office}"

    @property
    def signer_title(self) -> str:
        return f"Ketua {self.short_name},"

    @property
    def addressee_default(self) -> str:
        if self.is_panwascam:
            return f"Ketua PPK Kecamatan {self.kecamatan}"
        return f"Ketua KPU {self.office}"

    @property
    def addressee_body(self) -> str:
        """How the body names the addressee's office ("KPU Kabupaten Blitar")."""
        if self.is_panwascam:
            return f"PPK Kecamatan {self.kecamatan}"
        return f"KPU {self.office}"

    @property
    def town(self) -> str:
        """ "Blitar": where the letter is signed (the kabupaten/kota's name)."""
        return self.office.split(" ", 1)[-1]

    @property
    def tembusan(self) -> list[str]:
        if self.is_panwascam:
            return [f"Bawaslu {self.office}", "Arsip"]
        return [
            f"Bawaslu Provinsi {self.province}" if self.province else "Bawaslu Provinsi",
            "Arsip",
        ]


@dataclass(frozen=True)
class AnnexRow:
    nik: str  # full NIK; for a FAMILY_SPLIT finding, the NKK; "" for a TPS finding
    name: str
    tps: str
    category: str
    detail: str
    nik_label: str = ""  # "NKK" when the number is an NKK

    @property
    def nik_masked(self) -> str:
        return nik_mask(self.nik)


@dataclass(frozen=True)
class AnnexGroup:
    """One desa/kelurahan of the lampiran."""

    desa: str
    kecamatan: str
    rows: list[AnnexRow]


@dataclass(frozen=True)
class LetterFields:
    """What the user sets on the confirmation page."""

    addressee: str
    day: datetime.date
    signer: str


@dataclass(frozen=True)
class Letter:
    issuer: Issuer
    number: str
    number_issued: bool
    day: datetime.date
    sifat: str
    attachment: str
    hal: str
    addressee: str
    paragraphs: list[str]
    requests: list[str]
    after_requests: list[str]
    signer: str
    annex: list[AnnexGroup] = field(default_factory=list)
    election_name: str = ""
    snapshot_label: str = ""

    @property
    def total(self) -> int:
        return sum(len(group.rows) for group in self.annex)


def letter_build(
    *,
    issuer: Issuer,
    fields: LetterFields,
    number: str,
    number_issued: bool,
    election_name: str,
    stage: str,
    snapshot_label: str,
    voters_checked: int,
    counts: Mapping[str, int],
    annex: Sequence[AnnexGroup],
    max_voters_per_tps: int | None,
) -> Letter:
    """The whole letter as data: pure, so that its wording is tested without a PDF."""
    stage_name = STAGE_NAMES.get(stage, stage)
    if issuer.is_panwascam:
        basis = (
            "Berdasarkan Undang-Undang Nomor 1 Tahun 2015 tentang Penetapan Peraturan "
            "Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 tentang Pemilihan "
            "Gubernur, Bupati, dan Walikota menjadi Undang-Undang, sebagaimana telah "
            "beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 Tahun 2020, Panwas "
            "Kecamatan bertugas mengawasi pemutakhiran data pemilih serta penetapan Daftar "
            "Pemilih Sementara dan Daftar Pemilih Tetap di wilayah kecamatan."
        )
    else:
        basis = (
            "Berdasarkan Pasal 30 huruf a angka 1 Undang-Undang Nomor 1 Tahun 2015 tentang "
            "Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 1 Tahun 2014 "
            "tentang Pemilihan Gubernur, Bupati, dan Walikota menjadi Undang-Undang, "
            "sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 6 "
            "Tahun 2020, Bawaslu Kabupaten/Kota mengawasi tahapan pemutakhiran data pemilih "
            "berdasarkan data kependudukan serta penetapan Daftar Pemilih Sementara dan "
            "Daftar Pemilih Tetap di wilayahnya."
        )
    total = sum(counts.values())
    found = found_sentence(counts)
    checked = f"meneliti {thousands(voters_checked)} baris pemilih dan " if voters_checked else ""
    what = (
        f"Dalam pengawasan terhadap {stage_name} {election_name} ({snapshot_label}), "
        f"{issuer.short_name} telah {checked}mencatat {thousands(total)} temuan"
        + (": " + "; ".join(found) + "." if found else ".")
    )
    ask = (
        f"Sehubungan dengan hal tersebut, {issuer.short_name} menyampaikan saran perbaikan "
        f"kepada {issuer.addressee_body} untuk:"
    )
    after = [
        "Rincian setiap temuan per desa/kelurahan tercantum dalam lampiran surat ini, "
        "dilengkapi berkas lembar kerja (XLSX) yang memuat data yang sama. Lampiran memuat "
        "data pribadi pemilih (NIK lengkap) sehingga bersifat rahasia dan hanya digunakan "
        "untuk perbaikan daftar pemilih, sesuai Peraturan KPU Nomor 2 Tahun 2017 sebagaimana "
        "telah diubah dengan Peraturan KPU Nomor 19 Tahun 2019.",
        f"Kami mohon tindak lanjut atas saran perbaikan ini disampaikan kepada "
        f"{issuer.short_name} secara tertulis.",
        "Demikian saran perbaikan ini kami sampaikan. Atas perhatian dan kerja samanya, kami "
        "ucapkan terima kasih.",
    ]
    return Letter(
        issuer=issuer,
        number=number,
        number_issued=number_issued,
        day=fields.day,
        sifat="Rahasia",
        attachment=f"{number_in_words(1)} berkas" if annex else "-",
        hal=HAL_BY_STAGE.get(stage, HAL),
        addressee=fields.addressee.strip() or issuer.addressee_default,
        paragraphs=[basis, what, ask],
        requests=requests_for(counts, max_voters_per_tps=max_voters_per_tps),
        after_requests=after,
        signer=fields.signer.strip(),
        annex=list(annex),
        election_name=election_name,
        snapshot_label=snapshot_label,
    )


def annex_title(letter: Letter) -> list[str]:
    return [
        "LAMPIRAN",
        f"Surat {letter.issuer.short_name}",
        f"Nomor: {letter.number}",
        f"Tanggal: {date_id(letter.day)}",
        f"Hal: {letter.hal}",
    ]

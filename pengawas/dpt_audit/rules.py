"""The audit's rules: pure functions over one row's values, and their legal grounds.

Nothing here touches the database; engine.py streams the rows and calls these. Each rule
returns None (the row is fine) or a `RuleResult`: the category and an explanation in
Bahasa Indonesia that names the values that made it fire. NIK and NKK in explanations are
masked (3505********0001) and names shortened (SIT* AMI***): explanations are shown on
pages; the full values travel only in the exports, beside the explanation.

The categories are decided exactly as the synthetic generator's docstring sets out
(pengawas/dpt/generator/__init__.py), so that the audit can be scored against its truth:

- the NIK rules (region, birth date, sex) apply only to a well-formed NIK: exactly 16 ASCII
  digits; NIK_BIRTHDATE only when the region is fine and the row has a birth date; NIK_SEX
  only when the date in the NIK matches too and the row has a sex;
- UNDERAGE: born on or before voting day, under 17 on it and STATUS_KAWIN B (a voter who
  turns 17 on voting day is eligible; a married voter of any age is eligible);
- AGE_IMPLAUSIBLE: born after voting day, or 111 or older on it ("older than 110");
- two rows are the same person written twice (DUPLICATE_IDENTITY) when their names fold to
  the same `name_key` (spelling, abbreviations, titles) or differ in it by one typo.
"""

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from pengawas.dpt.names import mask_name
from pengawas.dpt.services.search import nik_mask
from pengawas.dpt_audit.models import Category
from pengawas.regions.rules import PROVINCES


class LegalBasis(NamedTuple):
    citation: str
    reason: str


_ADMINDUK = "UU 23/2006 jo. UU 24/2013 (Administrasi Kependudukan) Pasal 13"
_NIK_REASON = (
    "Setiap penduduk memiliki satu NIK seumur hidup; susunan 16 digitnya (kode wilayah, "
    "tanggal lahir dengan tanggal + 40 untuk perempuan, nomor urut) ditetapkan Ditjen Dukcapil."
)
_LIST_ELEMENTS = "PKPU 2/2017 sebagaimana diubah PKPU 19/2019 (elemen data daftar pemilih)"
_REGISTERED_ONCE = "UU 1/2015 (Perpu 1/2014) Pasal 56 ayat (2)"
_RIGHT_TO_VOTE = "UU 1/2015 (Perpu 1/2014) Pasal 56 ayat (1)"

# Category → where the rule comes from, and why a finding matters, in one line each.
LEGAL_BASIS: dict[str, LegalBasis] = {
    Category.NIK_FORMAT: LegalBasis(_ADMINDUK, _NIK_REASON),
    Category.NIK_REGION: LegalBasis(_ADMINDUK, _NIK_REASON),
    Category.NIK_BIRTHDATE: LegalBasis(_ADMINDUK, _NIK_REASON),
    Category.NIK_SEX: LegalBasis(_ADMINDUK, _NIK_REASON),
    Category.NKK_FORMAT: LegalBasis(
        _LIST_ELEMENTS,
        "NKK (16 digit) adalah elemen daftar pemilih yang mengelompokkan pemilih satu keluarga.",
    ),
    Category.DUPLICATE_NIK: LegalBasis(
        _REGISTERED_ONCE, "Warga negara yang berhak memilih didaftar 1 (satu) kali."
    ),
    Category.DUPLICATE_IDENTITY: LegalBasis(
        _REGISTERED_ONCE,
        "Warga negara yang berhak memilih didaftar 1 (satu) kali; dua baris dengan NIK "
        "berbeda bisa tetap orang yang sama.",
    ),
    Category.UNDERAGE: LegalBasis(
        _RIGHT_TO_VOTE,
        "Hak memilih dimiliki warga negara yang pada hari pemungutan suara sudah berumur "
        "17 tahun atau sudah/pernah kawin.",
    ),
    Category.AGE_IMPLAUSIBLE: LegalBasis(
        _RIGHT_TO_VOTE,
        "Umur pada hari pemungutan suara menentukan hak memilih; tanggal lahir sesudah hari "
        "itu atau umur di atas 110 tahun menandakan data keliru atau pemilih yang sudah "
        "meninggal.",
    ),
    Category.INCOMPLETE: LegalBasis(
        _LIST_ELEMENTS,
        "Nama, jenis kelamin, tanggal lahir dan alamat adalah elemen wajib daftar pemilih; "
        "elemen yang kosong atau tidak terbaca perlu dilengkapi.",
    ),
    Category.TPS_OVER_CAPACITY: LegalBasis(
        "Batas pemilih per TPS pemilihan ini (Pilkada 2020: PKPU 6/2020 Pasal 21 ayat (4), "
        "paling banyak 500 pemilih)",
        "Jumlah pemilih satu TPS tidak boleh melebihi batas yang ditetapkan untuk pemilihan.",
    ),
    Category.FAMILY_SPLIT: LegalBasis(
        "PKPU 2/2017 sebagaimana diubah PKPU 19/2019 (pemetaan TPS); "
        "Surat KPU 421/PL.02.1-80/01/KPU/VI/2020",
        "Penyusunan pemilih per TPS tidak memisahkan pemilih dalam satu keluarga ke TPS "
        "yang berbeda.",
    ),
}

# The column each rule needs (Snapshot.fields_present); a rule whose column the file lacks
# is reported as not run.
RULE_FIELDS: dict[str, tuple[str, ...]] = {
    Category.NIK_FORMAT: ("nik",),
    Category.NIK_REGION: ("nik",),
    Category.NIK_BIRTHDATE: ("nik", "birth_date"),
    Category.NIK_SEX: ("nik", "birth_date", "sex"),
    Category.NKK_FORMAT: ("nkk",),
    Category.DUPLICATE_NIK: ("nik",),
    Category.DUPLICATE_IDENTITY: ("nik", "name", "birth_date"),
    Category.UNDERAGE: ("birth_date", "marital_status"),
    Category.AGE_IMPLAUSIBLE: ("birth_date",),
    Category.INCOMPLETE: ("name",),
    Category.TPS_OVER_CAPACITY: (),
    Category.FAMILY_SPLIT: ("nkk",),
}
# The columns INCOMPLETE looks at, by field, with their names in KPU files.
INCOMPLETE_COLUMNS = {
    "name": "NAMA",
    "sex": "JENIS_KELAMIN",
    "birth_date": "TANGGAL_LAHIR",
    "address": "ALAMAT",
}
FIELD_LABELS = {
    "nik": "NIK",
    "nkk": "NKK",
    "name": "NAMA",
    "birth_date": "TANGGAL_LAHIR",
    "sex": "JENIS_KELAMIN",
    "marital_status": "STATUS_KAWIN",
    "address": "ALAMAT",
}

OLDEST_PLAUSIBLE_AGE = 110
VOTING_AGE = 17


class RuleResult(NamedTuple):
    category: str
    detail: str


def categories_not_run(fields_present: list[str]) -> set[str]:
    """The categories whose rule needs a column the snapshot lacks (INCOMPLETE still runs
    on the columns there are)."""
    present = set(fields_present)
    return {c for c in Category.values if any(f not in present for f in RULE_FIELDS[c])}


def rules_not_run(fields_present: list[str]) -> list[dict[str, str]]:
    """The rules a snapshot's columns do not allow, each with the reason."""
    present = set(fields_present)
    skipped = []
    for category in Category.values:
        missing = [FIELD_LABELS[f] for f in RULE_FIELDS[category] if f not in present]
        if missing:
            columns = ", ".join(missing)
            skipped.append(
                {
                    "category": category,
                    "reason": f"Kolom {columns} tidak ada dalam berkas daftar pemilih ini",
                }
            )
        elif category == Category.INCOMPLETE:
            absent = [label for f, label in INCOMPLETE_COLUMNS.items() if f not in present]
            if absent:
                columns = ", ".join(absent)
                skipped.append(
                    {
                        "category": category,
                        "reason": f"Sebagian: kolom {columns} tidak ada dalam berkas, "
                        "hanya kolom lainnya yang diperiksa",
                    }
                )
    return skipped


def _date_text(day: datetime.date) -> str:
    return f"{day.day:02d}-{day.month:02d}-{day.year}"


def well_formed(number: str) -> bool:
    """Exactly 16 ASCII digits (a NIK or an NKK)."""
    return len(number) == 16 and number.isascii() and number.isdigit()


def _malformed_how(number: str) -> str:
    if not number:
        return "kosong"
    if not (number.isascii() and number.isdigit()):
        return f"memuat karakter selain angka ({nik_mask(number)})"
    return f"{len(number)} digit, seharusnya 16 ({nik_mask(number)})"


def nik_format(nik: str) -> RuleResult | None:
    if well_formed(nik):
        return None
    return RuleResult(Category.NIK_FORMAT, f"NIK {_malformed_how(nik)}")


def nkk_format(nkk: str) -> RuleResult | None:
    if well_formed(nkk):
        return None
    return RuleResult(Category.NKK_FORMAT, f"NKK {_malformed_how(nkk)}")


@dataclass(frozen=True)
class RegionCodes:
    """The region codes a NIK's first six digits are checked against.

    `kecamatans`: for each kabupaten/kota whose kecamatan are loaded (4 digits, "3505"), the
    kecamatan numbers that exist ("01".."22"). `kabupatens`: every kabupaten/kota code, only
    when a national table is loaded (every province has its kabupaten/kota); else None and a
    kabupaten missing from the table is not a finding.
    """

    kecamatans: Mapping[str, frozenset[str]]
    kabupatens: frozenset[str] | None = None
    names: Mapping[str, str] | None = None  # "3505" → "Kabupaten Blitar", for explanations


def nik_region(nik: str, codes: RegionCodes) -> RuleResult | None:
    """Digits 1-6 of a well-formed NIK: province, kabupaten/kota, kecamatan."""
    province, kabupaten, kecamatan = nik[:2], nik[2:4], nik[4:6]
    if province not in PROVINCES:
        return RuleResult(
            Category.NIK_REGION,
            f"Kode provinsi NIK (digit 1-2) {province} bukan kode provinsi di Indonesia",
        )
    if kabupaten == "00":
        return RuleResult(
            Category.NIK_REGION,
            f"Kode kabupaten/kota NIK (digit 3-4) 00 tidak ada (provinsi {province})",
        )
    if codes.kabupatens is not None and nik[:4] not in codes.kabupatens:
        return RuleResult(
            Category.NIK_REGION,
            f"Kode kabupaten/kota NIK {province}.{kabupaten} tidak ada dalam tabel wilayah "
            "nasional",
        )
    known = codes.kecamatans.get(nik[:4])
    if known is not None and kecamatan not in known:
        place = (codes.names or {}).get(nik[:4], f"{province}.{kabupaten}")
        return RuleResult(
            Category.NIK_REGION,
            f"Kode kecamatan NIK {province}.{kabupaten}.{kecamatan} tidak ada di {place} "
            "menurut tabel wilayah yang dimuat",
        )
    return None


class _NikDate(NamedTuple):
    day: int
    month: int
    year2: int
    female: bool


def _nik_date(nik: str) -> _NikDate:
    code = int(nik[6:8])
    female = code > 40
    return _NikDate(code - 40 if female else code, int(nik[8:10]), int(nik[10:12]), female)


def _nik_date_text(date: _NikDate) -> str:
    return f"{date.day:02d}-{date.month:02d}-{date.year2:02d}"


def nik_birthdate(nik: str, birth: datetime.date) -> RuleResult | None:
    """Digits 7-12 of a well-formed NIK against the listed birth date.

    The day is taken as written or, above 40, as the day + 40 of a woman; the two-digit year
    is compared with the listed year's last two digits (the century comes from the list).
    """
    encoded = _nik_date(nik)
    if (encoded.day, encoded.month, encoded.year2) == (birth.day, birth.month, birth.year % 100):
        return None
    code = nik[6:8]
    if not 1 <= encoded.day <= 31 or not 1 <= encoded.month <= 12:
        shown = f"{code}-{nik[8:10]}-{nik[10:12]}"
        return RuleResult(
            Category.NIK_BIRTHDATE,
            f"Digit 7-12 NIK ({shown}) bukan tanggal yang mungkin; tanggal lahir tercatat "
            f"{_date_text(birth)}",
        )
    women = f" (digit 7-8 = {code}: tanggal + 40, perempuan)" if encoded.female else ""
    return RuleResult(
        Category.NIK_BIRTHDATE,
        f"NIK memuat tanggal {_nik_date_text(encoded)}{women}, tanggal lahir tercatat "
        f"{_date_text(birth)}",
    )


def nik_sex(nik: str, sex: str) -> RuleResult | None:
    """Digits 7-8 of a well-formed NIK (+40 for women) against the listed sex.

    Call it only when nik_birthdate found the date right.
    """
    female = nik[6:8] > "40"
    if female == (sex == "P"):
        return None
    code = nik[6:8]
    meaning = "tanggal + 40, perempuan" if female else "tanpa tambahan 40, laki-laki"
    listed = "P (perempuan)" if sex == "P" else "L (laki-laki)"
    return RuleResult(
        Category.NIK_SEX,
        f"Tanggal di NIK cocok dengan tanggal lahir, tetapi digit 7-8 ({code}: {meaning}) "
        f"bertentangan dengan jenis kelamin tercatat {listed}",
    )


def _latest_birth(day: datetime.date, age: int) -> datetime.date:
    """The last birth date of someone who is `age` or older on `day`."""
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February in a year without one
        return datetime.date(day.year - age, 2, 28)


@dataclass(frozen=True)
class AgeLimits:
    """Birth dates that decide the age rules for one voting day."""

    voting_day: datetime.date
    adult_by: datetime.date  # born on or before: 17 or older on voting day
    too_old_by: datetime.date  # born on or before: older than 110 on voting day

    @classmethod
    @functools.cache
    def for_day(cls, voting_day: datetime.date) -> "AgeLimits":
        return cls(
            voting_day,
            _latest_birth(voting_day, VOTING_AGE),
            _latest_birth(voting_day, OLDEST_PLAUSIBLE_AGE + 1),
        )


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def underage(birth: datetime.date, marital_status: str, limits: AgeLimits) -> RuleResult | None:
    """Under 17 on voting day and never married (B); turning 17 on the day is enough."""
    if marital_status != "B" or birth <= limits.adult_by or birth > limits.voting_day:
        return None
    years = age_on(birth, limits.voting_day)
    try:
        seventeen = birth.replace(year=birth.year + VOTING_AGE)
    except ValueError:  # born 29 February
        seventeen = datetime.date(birth.year + VOTING_AGE, 3, 1)
    return RuleResult(
        Category.UNDERAGE,
        f"Lahir {_date_text(birth)}: berumur {years} tahun pada hari pemungutan suara "
        f"{_date_text(limits.voting_day)} (genap 17 tahun pada {_date_text(seventeen)}) "
        "dan berstatus belum kawin (B)",
    )


def age_implausible(birth: datetime.date, limits: AgeLimits) -> RuleResult | None:
    if birth > limits.voting_day:
        return RuleResult(
            Category.AGE_IMPLAUSIBLE,
            f"Tanggal lahir {_date_text(birth)} sesudah hari pemungutan suara "
            f"{_date_text(limits.voting_day)}",
        )
    if birth <= limits.too_old_by:
        years = age_on(birth, limits.voting_day)
        return RuleResult(
            Category.AGE_IMPLAUSIBLE,
            f"Lahir {_date_text(birth)}: berumur {years} tahun pada hari pemungutan suara, "
            f"di atas {OLDEST_PLAUSIBLE_AGE} tahun",
        )
    return None


def incomplete(
    *,
    name: str,
    sex: str,
    birth: datetime.date | None,
    address: str,
    invalid: Mapping[str, str] | None,
    checked: frozenset[str],
) -> RuleResult | None:
    """NAMA, JENIS_KELAMIN, TANGGAL_LAHIR or ALAMAT empty, or not readable.

    `checked`: the fields of INCOMPLETE_COLUMNS that the file has; `invalid`: the values the
    import could not read, by column (Voter.invalid_fields).
    """
    values = {"name": name, "sex": sex, "birth_date": birth, "address": address}
    empty = []
    unreadable = []
    for field, label in INCOMPLETE_COLUMNS.items():
        if field not in checked or values[field]:
            continue
        if invalid and label in invalid:
            unreadable.append(label)
        else:
            empty.append(label)
    if not empty and not unreadable:
        return None
    parts = []
    if empty:
        parts.append(f"kosong: {', '.join(empty)}")
    if unreadable:
        parts.append(f"tidak dapat dibaca: {', '.join(unreadable)}")
    return RuleResult(Category.INCOMPLETE, "Elemen data " + "; ".join(parts))


# --- DUPLICATE_IDENTITY: are two names one person's? ---------------------------------------


def one_edit_apart(a: str, b: str) -> bool:
    """Equal, or one letter added, dropped or changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    head = 0
    shortest = min(len(a), len(b))
    while head < shortest and a[head] == b[head]:
        head += 1
    rest_a, rest_b = a[head:], b[head:]
    if len(a) == len(b):
        return rest_a[1:] == rest_b[1:] or (
            len(rest_a) >= 2 and rest_a[:2] == rest_b[1::-1] and rest_a[2:] == rest_b[2:]
        )
    return rest_a[1:] == rest_b if len(a) > len(b) else rest_a == rest_b[1:]


def names_similar(key_a: str, key_b: str) -> bool:
    """Whether two folded names (dpt.names.name_key) can be one person's.

    name_key already folds titles (H., HJ., DRS, S.PD.), abbreviations and variants
    (M./MOCH/MUHAMMAD, ACHMAD/AHMAD) and old spellings (SOE/SU, DJ/J, TJ/C); on top of that
    one typo is allowed: a letter added, dropped or changed, or two neighbours swapped.
    """
    return bool(key_a) and bool(key_b) and one_edit_apart(key_a, key_b)


def similarity_note(name_a: str, name_b: str, key_a: str, key_b: str) -> str:
    """How two similar names differ, for the explanation (names masked)."""
    shown = f"{mask_name(name_a)} / {mask_name(name_b)}"
    if name_a == name_b:
        return f"nama sama ({mask_name(name_a)})"
    if key_a == key_b:
        return f"nama sama setelah ejaan, singkatan dan gelar diseragamkan ({shown})"
    return f"nama berbeda satu huruf, diduga salah ketik ({shown})"

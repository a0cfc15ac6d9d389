"""Names, families and addresses for the synthetic voter list (dpt.services.generate).

Every name here is made up from common Javanese and Indonesian name parts; no real
voter's record is copied.
"""

import bisect
import datetime
import random
from dataclasses import dataclass

from pengawas.dpt.names import name_key


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# One-word Javanese names, the norm for voters born before the 1970s.
JAVANESE_MALE = _words(
    "SUTRISNO SUPARMAN SUGIANTO SUPRAPTO SLAMET SUKARDI SUWARNO SUYITNO SUMADI SUBAGYO "
    "SUGENG SUHARTO SUMARDI SUMARNO SUNARTO SUPRIYADI SUPARNO SUWITO SUJARWO SUKIMAN "
    "SUDARMAJI SUMARJI SUTOMO SUYANTO SUWANDI SUKADI SUPENO SUPANGAT SUKAMTO SARDI "
    "PARMIN PAIMIN PAIRAN KATIMIN KASIMAN KARSIDI KASIYAN TUKIRAN TUKIMIN PONIRAN "
    "PAIJO PAINO SAMIJAN SAMINGAN SAMSUL JUMADI JUMINO KATENO KATIRAN RASIMIN "
    "BAMBANG JOKO HARIYANTO PURWANTO MULYONO WIDODO SETIYONO TRIYONO GIMAN WAGIMAN "
    "KARYONO MARYONO DARMAJI WARSITO HARTONO BUDIONO PRIYONO RUSMAN RUSLAN KUSNADI "
    "MISDI MISRAN SAIMUN SUPANDI LASIMAN LEGIMAN TARMUJI TAMAJI NGADIMAN NGATIMAN"
)
JAVANESE_FEMALE = _words(
    "SUMARNI SUPARTI SUKINAH SAMINEM PAINEM TUMINAH SUMIATI SUPARMI SUKARNI SUWARTI "
    "SUMINAH SUYATI SUTINAH SUPINAH SULASTRI SUMARSIH SUPRIHATIN SUKESI SUMIRAH SUNARSIH "
    "PARTINI PARMI PONIYEM POIDAH KATINEM KASIATI KARTINI KASINEM TUKINAH TUMIRAH "
    "JUMINAH JUMIATI LASMINI LASIYEM MARSINI MARTINAH MUSRINAH NGATINI NGATMINAH RUKMINI "
    "SARINAH SARMI SATIYEM SITI SRIATUN SRIYATUN SRIWAHYUNI TARMI WAGINEM WARSINI "
    "YATMI YATINI MUJIATI MURTINI MUNAWAROH KUSNIATI KUSMIATI LESTARI RAHAYU WAHYUNI "
    "NINGSIH WIJI INDAYATI PURWATI HARTATIK ERNAWATI ENDANG KASMIYATI ASMINAH"
)
JAVANESE_MALE_FIRST = _words("JOKO BAMBANG AGUS EKO DWI TRI BUDI HERU SRI KUKUH HADI TEGUH")
JAVANESE_FEMALE_FIRST = _words("SRI DWI TRI ENDANG NINIK TITIK RETNO ENY SITI YULI")
# Names as written before the 1972 spelling reform (Soekardi, Djoko, Tjipto); older voters
# often still carry them on their papers.
OLD_SPELLING_MALE = _words(
    "SOEKARDI SOEPARMAN SOEHARTO SOEMARDI SOEWARNO SOEPRAPTO SOEBAGJO SOETOMO SOEJITNO "
    "DJOKO DJUMADI DJUMINO DJAJUS DJARWO TJIPTO TJAHJONO TJAHJADI SOEDARMADJI SOEKIMAN "
    "SOEGENG SOENARTO SOEKAMTO DJAMALUDIN TJOKRO"
)
OLD_SPELLING_FEMALE = _words(
    "SOEMARNI SOEPARTI SOEKINAH SOEMIATI SOEWARTI SOEMINAH SOELASTRI SOEMARSIH SOEKESI "
    "DJUMINAH DJUMIATI DJAMILAH TJITJIK SOEPINAH SOETINAH SOENARSIH SOEPRIHATIN"
)
# Islamic names: a first part (Muhammad in its many spellings, Ahmad, Abdul; Siti, Nur for
# women) and a second.
ISLAMIC_MALE_FIRST = _words(
    "MUHAMMAD MUHAMMAD MUHAMAD MOCH. MOCHAMAD MOH. AHMAD AHMAD ACHMAD ABDUL ABDUL "
    "IMAM ZAINAL ALI NUR"
)
ISLAMIC_MALE_SECOND = _words(
    "ROHMAN ROHIM RIDWAN FAUZI SYAFII HASAN HUSEIN MAHMUD MUKHLIS NURHADI KHOLIL "
    "ZAINUDIN ARIFIN YUSUF SHOLEH BASORI FATONI MASRUKIN MUNIR ROSYID KHOIRUL ANWAR "
    "ZAKARIA SUBKHAN SYAIFUDIN MUJIB NASRULLOH HAMDANI TAUFIK HIDAYAT ZAINURI MISBAH "
    "ASROFI JAZULI IRFAN FIRDAUS ROFIQ AMIN BAHRUL MAKRUF KHOLIQ LUTFI"
)
ISLAMIC_FEMALE_FIRST = _words("SITI SITI SITI NUR NUR NURUL")
ISLAMIC_FEMALE_SECOND = _words(
    "AMINAH KHOTIJAH MUSLIKAH ROMLAH FATIMAH ZULAIKHA MAISAROH ROHMAH KHOIRIYAH "
    "MARFUAH MUNAWAROH ZUBAIDAH SHOLIKAH NURJANAH MUTMAINAH HAYATI AINI HIDAYAH "
    "KHASANAH LAILATUL ASIYAH ROFIAH MASRUROH UMAYAH KHOLIFAH MAHMUDAH ANISA"
)
# Given names common among voters born from the 1980s on.
MODERN_MALE = _words(
    "RIZKY DIMAS ADITYA BAGUS ANDIK DWI EKO AGUS ARIF BAYU DENI FAJAR FERI GILANG "
    "HENDRA IRWAN RENDI ROFIK SANDI TEGUH WAHYU YOGA YUDHA ALFIAN ANDRE ARDIANSYAH "
    "BIMA DANANG DODIK ERIK FIRMAN HERU KEVIN LUKMAN NANDA PUTRA RAHMAT REZA "
    "RIYAN SATRIO TAUFAN WISNU ILHAM FAHMI ZAKI HABIB ALDI REVAN"
)
MODERN_FEMALE = _words(
    "DEWI PUTRI AYU DIAN EKA DWI INDAH LINDA MAYA NOVI RATNA RINA SARI TITIK "
    "WULAN YULI YUNITA ANIS ANGGI DEVI DINA ELOK FITRI INTAN LAILA LUSI MEGA "
    "NIKEN NOVITA RISMA SELVI TRI VIVI WINDA YENI ZAHRA AULIA NADIA SALSABILA "
    "ALIFIA REGINA AMELIA SINTA NABILA KHUSNUL ERNA"
)
MODERN_MALE_LAST = _words(
    "PRATAMA SAPUTRA NUGROHO SETIAWAN WIBOWO KURNIAWAN SANTOSO HIDAYAT PRASETYO "
    "SUSANTO FIRMANSYAH ARDIANSYAH RAMADHAN MAULANA PERDANA WICAKSONO HERMAWAN "
    "GUNAWAN SURYANTO WIJAYA ANSORI ALFARIZI PRAKOSO SETIYADI PAMUNGKAS NURCAHYO "
    "FAUZAN ARIFIN SUGIARTO PURNOMO"
)
MODERN_FEMALE_LAST = _words(
    "LESTARI RAHAYU WULANDARI PUSPITASARI KURNIAWATI SETYOWATI ANGGRAENI SAFITRI "
    "NOVITASARI RAMADHANI PERMATASARI HANDAYANI FEBRIANTI MAHARANI UTAMI SUSANTI "
    "OKTAVIANI PRATIWI NURHAYATI RATNASARI MAULIDA FADILAH KHOIRUNNISA YULIANTI "
    "ASTUTI PURWANTI MARDIANA AGUSTINA"
)
# Written after a comma in KPU lists: "SUTRISNO, S.PD."
DEGREES = ("S.PD.", "S.PD.", "S.PD.I.", "S.AG.", "S.H.", "S.E.", "S.KOM.", "A.MD.", "S.KEP.")

# Names shared by many voters: the "same name, same birth date, different person" decoy.
COMMON_NAMES = {
    "L": ("MUHAMMAD RIDWAN", "SUTRISNO", "AHMAD FAUZI", "SLAMET", "AGUS SANTOSO", "SUPARMAN"),
    "P": ("SITI AMINAH", "SUMARNI", "SITI KHOTIJAH", "SRI WAHYUNI", "NUR HAYATI", "SUPARTI"),
}

# Hamlet names of Blitar villages; KRAJAN (the village centre) is in almost every desa.
DUSUN = _words(
    "KRAJAN KRAJAN KRAJAN SUMBERAGUNG SUMBERREJO SIDOMULYO SIDOREJO KARANGREJO NGASEM "
    "NGRANDU BENDO TEGALREJO KEDUNGWARU GONDANG JATIREJO PLOSOREJO MOJOREJO WONOREJO "
    "SUKOREJO TAMBAKREJO PURWOREJO SIDODADI NGLEGOK BANJAREJO KALIREJO TUMPANG "
    "SUMBERSARI JAMBEWANGI KEMIRI NGLAWAK PETUNG GEBANG DARUNGAN"
)
STREETS = (
    "MERDEKA", "DIPONEGORO", "SUDIRMAN", "KARTINI", "AHMAD YANI", "IMAM BONJOL",
    "GATOT SUBROTO", "HASANUDIN", "PATTIMURA", "SUKARNO HATTA", "ANGGREK", "MELATI", "MAWAR",
    "KENANGA", "CEMPAKA", "FLAMBOYAN", "NUSANTARA", "PAHLAWAN", "VETERAN", "KAMBOJA", "SEMERU",
    "KELUD", "BRANTAS", "SERUNI", "DAHLIA", "TANJUNG", "RAYA", "MASTRIP", "KH. WAHID HASYIM",
    "KI HAJAR DEWANTARA", "DR. WAHIDIN", "SUPRIYADI", "CIPTO MANGUNKUSUMO",
)  # fmt: skip
LINGKUNGAN = _words("KRAJAN KAUMAN PASAR KAMPUNG BARU SUMBERJO TEGALSARI KEBONSARI")

# Kemendagri kecamatan codes (without dots) in Java where voters who moved to the
# election region first got their NIK, with the city written as their place of birth.
JAVA_KECAMATAN: tuple[tuple[str, str], ...] = (
    ("357201", "BLITAR"), ("357202", "BLITAR"), ("357203", "BLITAR"), ("357101", "KEDIRI"),
    ("357102", "KEDIRI"), ("357103", "KEDIRI"), ("350601", "KEDIRI"), ("350602", "KEDIRI"),
    ("350603", "KEDIRI"), ("350604", "KEDIRI"), ("350401", "TULUNGAGUNG"),
    ("350402", "TULUNGAGUNG"), ("350403", "TULUNGAGUNG"), ("350404", "TULUNGAGUNG"),
    ("350701", "MALANG"), ("350702", "MALANG"), ("350703", "MALANG"), ("350704", "MALANG"),
    ("350301", "TRENGGALEK"), ("350302", "TRENGGALEK"), ("357301", "MALANG"),
    ("357302", "MALANG"), ("357303", "MALANG"), ("357801", "SURABAYA"), ("357802", "SURABAYA"),
    ("357803", "SURABAYA"), ("357804", "SURABAYA"), ("351501", "SIDOARJO"),
    ("351502", "SIDOARJO"), ("350201", "PONOROGO"), ("350202", "PONOROGO"),
    ("350901", "JEMBER"), ("350902", "JEMBER"), ("317101", "JAKARTA"), ("317102", "JAKARTA"),
    ("317401", "JAKARTA"), ("317402", "JAKARTA"), ("317501", "JAKARTA"), ("317502", "JAKARTA"),
    ("327301", "BANDUNG"), ("327302", "BANDUNG"), ("320101", "BOGOR"), ("320102", "BOGOR"),
    ("337401", "SEMARANG"), ("337402", "SEMARANG"), ("337201", "SURAKARTA"),
    ("337202", "SURAKARTA"), ("347101", "YOGYAKARTA"), ("347102", "YOGYAKARTA"),
    ("340401", "SLEMAN"), ("340402", "SLEMAN"), ("367101", "TANGERANG"),
    ("367102", "TANGERANG"), ("327501", "BEKASI"), ("327502", "BEKASI"),
)  # fmt: skip
# Places of birth other than the voter's own kabupaten, for voters born elsewhere.
OTHER_BIRTH_PLACES = _words(
    "KEDIRI TULUNGAGUNG MALANG TRENGGALEK SURABAYA JAKARTA NGANJUK MADIUN PONOROGO "
    "JOMBANG SIDOARJO PASURUAN JEMBER BANYUWANGI LAMPUNG"
)


def make_name(rng: random.Random, sex: str, birth_year: int, age: int) -> str:
    """An uppercase name in the style of the voter's generation."""
    male = sex == "L"
    roll = rng.random()
    if birth_year < 1960:
        one_word, islamic = 0.80, 0.95
    elif birth_year < 1980:
        one_word, islamic = 0.55, 0.80
    elif birth_year < 1995:
        one_word, islamic = 0.25, 0.55
    else:
        one_word, islamic = 0.08, 0.40
    if roll < one_word:
        if birth_year < 1965 and rng.random() < 0.3:
            name = rng.choice(OLD_SPELLING_MALE if male else OLD_SPELLING_FEMALE)
        else:
            name = rng.choice(JAVANESE_MALE if male else JAVANESE_FEMALE)
    elif roll < islamic:
        if male:
            name = f"{rng.choice(ISLAMIC_MALE_FIRST)} {rng.choice(ISLAMIC_MALE_SECOND)}"
        else:
            name = f"{rng.choice(ISLAMIC_FEMALE_FIRST)} {rng.choice(ISLAMIC_FEMALE_SECOND)}"
    elif birth_year < 1980:
        # A short first word before a Javanese name: "SRI SUMARNI", "JOKO SUTRISNO".
        first = rng.choice(JAVANESE_MALE_FIRST if male else JAVANESE_FEMALE_FIRST)
        second = rng.choice(JAVANESE_MALE if male else JAVANESE_FEMALE)
        name = second if second == first else f"{first} {second}"
    else:
        first = rng.choice(MODERN_MALE if male else MODERN_FEMALE)
        last = rng.choice(MODERN_MALE_LAST if male else MODERN_FEMALE_LAST)
        name = f"{first} {last}"
        if birth_year >= 1995 and rng.random() < 0.25:
            middle = rng.choice(ISLAMIC_MALE_SECOND if male else ISLAMIC_FEMALE_SECOND)
            name = f"{first} {middle} {last}"
    if age >= 45 and rng.random() < 0.06:
        name = f"{'H.' if male else 'HJ.'} {name}"
    elif 25 <= age <= 65 and rng.random() < 0.03:
        name = f"{name}, {rng.choice(DEGREES)}"
    return name


# Spellings of the same name part, each group interchangeable in KPU lists.
_SAME_PART = (
    ("MUHAMMAD", "MOCH.", "MOCHAMAD", "MOH.", "M.", "MUHAMAD", "MOCHAMMAD"),
    ("ACHMAD", "AHMAD"),
)
# Old spelling and today's: SOEKARDI/SUKARDI, DJOKO/JOKO, TJIPTO/CIPTO.
_RESPELL = (("SOE", "SU"), ("DJ", "J"), ("TJ", "C"), ("OE", "U"))


def _swap_part(rng: random.Random, words: list[str]) -> str | None:
    for index, word in enumerate(words):
        for group in _SAME_PART:
            if word in group:
                words[index] = rng.choice([w for w in group if w != word])
                return " ".join(words)
    return None


def _respell(name: str) -> str | None:
    """Today's spelling of an old one, or the old spelling of a word starting SU, J or C."""
    for old, new in _RESPELL:
        if old in name:
            return name.replace(old, new, 1)
    words = name.split(" ")
    for index, word in enumerate(words):
        for new, old in _RESPELL[:3]:
            if word.startswith(old) and len(word) > 3:
                words[index] = new + word[len(old) :]
                return " ".join(words)
    return None


def _drop_title(name: str) -> str | None:
    if name.startswith(("H. ", "HJ. ")):
        return name.split(" ", 1)[1]
    if ", " in name:
        return name.split(", ", 1)[0]
    return None


def _word_spans(name: str) -> list[tuple[int, str]]:
    spans, start = [], 0
    for word in name.split(" "):
        spans.append((start, word.rstrip(",")))
        start += len(word) + 1
    return spans


def spelling_variants(rng: random.Random, name: str) -> list[str]:
    """The same name as KPU lists also write it, in random order.

    Moch/Muhammad/M., Achmad/Ahmad, old spelling Soe/Su, Dj/J, Tj/C, a title dropped.
    """
    found = [
        variant
        for variant in (_swap_part(rng, name.split(" ")), _respell(name), _drop_title(name))
        if variant and variant != name
    ]
    rng.shuffle(found)
    return found


def typo(rng: random.Random, name: str) -> str | None:
    """The name with one slip of the keyboard inside a word of four letters or more."""
    spans = [
        (start, start + len(word))
        for start, word in _word_spans(name)
        if len(word) >= 4 and word.isalpha()
    ]
    if not spans:
        return None
    start, end = rng.choice(spans)
    at = rng.randrange(start + 1, end - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    if kind == 1:
        return name[:at] + name[at + 1 :]
    if kind == 2:
        return name[:at] + name[at] + name[at:]
    letter = rng.choice([c for c in "AEIOUNRSTKM" if c != name[at]])
    return name[:at] + letter + name[at + 1 :]


def similar_names(a: str, b: str) -> bool:
    """True when folded names a and b differ only inside one window of at most two
    characters each.

    Wider than `one_typo_apart`: people the generator keeps apart with it are never taken
    for one person written twice.
    """
    if a == b:
        return True
    if abs(len(a) - len(b)) > 2:
        return False
    head = 0
    shortest = min(len(a), len(b))
    while head < shortest and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < shortest - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    return len(a) - head - tail <= 2 and len(b) - head - tail <= 2


def one_typo_apart(a: str, b: str) -> bool:
    """Equal, or one letter added, dropped or changed, or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    rest_a, rest_b = a[head:], b[head:]
    if rest_a[1:] == rest_b[1:] or rest_a[1:] == rest_b or rest_a == rest_b[1:]:
        return True
    return len(a) == len(b) and rest_a[:2] == rest_b[1::-1] and rest_a[2:] == rest_b[2:]


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


def malformed(rng: random.Random, number: str) -> tuple[str, str]:
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

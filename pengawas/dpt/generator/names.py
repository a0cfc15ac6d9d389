"""Names of people and places for the synthetic voter list.

People's names follow their generation and come in the spellings KPU lists use. Every name
here is made up from common Javanese and Indonesian name parts; no real voter's record is
copied.
"""

import random


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

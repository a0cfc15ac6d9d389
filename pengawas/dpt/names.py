"""Pure rules for personal names: tolerant search keys and public masking."""

import re
import unicodedata

# Honorifics and academic titles that KPU lists carry before or after names ("H.", "Hj.",
# "Drs.", "S.Pd.") but that a searcher does not type.
_TITLES = frozenset(
    "H HJ HAJI HAJJAH KH DR DRS DRA IR PROF ST SH SE SPD SPDI SAG SSOS SKOM SKEP SKM SSI SIP "
    "MM MPD MSI MAG MH AMD AMAPD AMKEP BA BSC SSTP MT".split()
)
# Common spellings of the same name part, folded to one form. Javanese and Arabic names are
# written many ways in KPU lists: Moch/Moh/Muhammad/Mochamad, Ahmad/Achmad, Abd/Abdul.
_VARIANTS: dict[str, str] = {
    **dict.fromkeys(
        "M MH MHD MOH MOCH MOCHAMAD MOCHAMMAD MOCHAMED MOCHAMMED MOKH MOKHAMAD MOKHAMMAD MUH "
        "MUHAMAD MUHAMMAD MUHAMMED MUHAMED MOHAMAD MOHAMMAD MOHAMED MOHAMMED MOHD MUCHAMAD "
        "MUCHAMMAD MUKHAMAD MUKHAMMAD MOCHAMAT MUHAMMAT".split(),
        "MUHAMAD",
    ),
    **dict.fromkeys("AHMAD ACHMAD AKHMAD AHMMAD ACHMMAD AHMAT ACHMAT".split(), "AHMAD"),
    **dict.fromkeys("ABD ABDUL ABDOEL".split(), "ABDUL"),
    **dict.fromkeys("NUR NOOR NOER NUUR".split(), "NUR"),
}
# Old (pre-1972) and regional spellings folded to the current ones: Soekarno/Sukarno,
# Djoko/Joko, Tjahjo/Cahyo, Chairul/Khairul/Hairul. Applied after the variants above.
_SPELLINGS = (
    ("OE", "U"),
    ("DJ", "J"),
    ("TJ", "C"),
    ("SJ", "SY"),
    ("NJ", "NY"),
    ("HJ", "HY"),
    ("CH", "H"),
    ("KH", "H"),
    ("DH", "D"),
    ("TH", "T"),
    ("PH", "F"),
    ("V", "F"),
    ("Z", "S"),
    ("Q", "K"),
    ("X", "KS"),
)
_NON_LETTERS = re.compile(r"[^A-Z.]+")
_DOUBLED = re.compile(r"([A-Z])\1+")


def _ascii_upper(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().upper()


def spelling_fold(word: str) -> str:
    """Old and regional spellings folded, doubled letters collapsed; no name variants.

    "MOCHA" (Mochamad, half typed) → "MOHA"; "M" stays "M".
    """
    for old, new in _SPELLINGS:
        word = word.replace(old, new)
    return _DOUBLED.sub(r"\1", word)


def variants_starting_with(prefix: str) -> set[str]:
    """The folded forms of the name variants that begin with prefix ("MOC" → {"MUHAMAD"})."""
    return {canonical for variant, canonical in _VARIANTS.items() if variant.startswith(prefix)}


def _fold_token(token: str) -> str:
    # Variants first (MOCH → MUHAMAD), then spellings; "J" for today's "Y" is too ambiguous
    # (Jusuf/Yusuf against Joko) and is left alone.
    return spelling_fold(_VARIANTS.get(token, token))


def _split_titles(word: str) -> list[str]:
    """ "S.Pd." is one title; "H.M." is two ("Haji Muhammad"); "Moch." is a name part."""
    joined = word.replace(".", "")
    if joined in _TITLES:
        return []
    return [part for part in word.split(".") if part and part not in _TITLES]


# Folded forms of the words seen so far: a voter list repeats a few thousand given names
# a million times, so each word is folded once.
_WORD_CACHE: dict[str, tuple[str, ...]] = {}
_WORD_CACHE_LIMIT = 500_000


def _fold_word(word: str) -> tuple[str, ...]:
    folded = _WORD_CACHE.get(word)
    if folded is None:
        folded = tuple(_fold_token(part) for part in _split_titles(word))
        if len(_WORD_CACHE) < _WORD_CACHE_LIMIT:
            _WORD_CACHE[word] = folded
    return folded


def name_tokens(name: str) -> list[str]:
    """The folded parts of a name, titles left out."""
    text = name.upper() if name.isascii() else _ascii_upper(name)
    if not text.replace(" ", "").isalpha():
        text = _NON_LETTERS.sub(" ", text)
    return [part for word in text.split() for part in _fold_word(word)]


def name_key(name: str) -> str:
    """The search key stored beside every voter: folded parts, space-separated.

    "Moch. Achmad Soedjono, S.Pd." and "MUHAMMAD AHMAD SUJONO" share the key
    "MUHAMAD AHMAD SUJONO".
    """
    return " ".join(name_tokens(name))


def mask_name(name: str) -> str:
    """A name as the public may see it: the start of each word, the rest as stars.

    "SITI AMINAH" → "SIT* AMI***": enough for a citizen to recognise their own name, not
    enough to learn someone else's.
    """
    masked = []
    for word in name.split():
        keep = max(1, min(3, len(word) - 1)) if len(word) > 1 else 1
        masked.append(word[:keep] + "*" * (len(word) - keep) if len(word) > 1 else "*")
    return " ".join(masked)

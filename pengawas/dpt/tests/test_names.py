"""Name folding and masking: pure rules, no database."""

import pytest

from pengawas.dpt.names import mask_name, name_key, spelling_fold, variants_starting_with


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Moch. Achmad Soedjono, S.Pd.", "MUHAMMAD AHMAD SUJONO"),
        ("MOH. RIZAL", "Muhammad Rizal"),
        ("Mochamad Rizal", "M. Rizal"),
        ("Hj. Siti Aminah", "SITI AMINAH"),
        ("Tjahjo Kumolo", "Cahyo Kumolo"),
        ("Djoko Widodo", "Joko Widodo"),
        ("Chairul Anam", "Khairul Anam"),
        ("Muhammmad Annisa", "Muhamad Anisa"),
        ("Wahju", "Wahyu"),
        ("Abd. Rochim", "Abdul Rohim"),
        ("H.M. Ali", "Muhammad Ali"),
        ("Noer Hadi", "Nur Hadi"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Siti", "Sita"), ("Joko", "Yoko"), ("Budi", "Budiman")])
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


def test_accents_and_punctuation_are_ignored() -> None:
    assert name_key("  Rénata   O'Neil ") == "RENATA O NEIL"


def test_spelling_fold_and_variant_prefixes() -> None:
    assert spelling_fold("MOCHA") == "MOHA"
    assert spelling_fold("SOEKARNO") == "SUKARNO"
    assert variants_starting_with("MOC") == {"MUHAMAD"}
    assert variants_starting_with("ACH") == {"AHMAD"}
    assert variants_starting_with("QQ") == set()


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("SITI AMINAH", "SIT* AMI***"),
        ("SRI", "SR*"),
        ("AL FATIH", "A* FAT**"),
        ("A", "*"),
        ("MUHAMMAD  RIZAL", "MUH***** RIZ**"),
    ],
)
def test_public_masking(name: str, masked: str) -> None:
    assert mask_name(name) == masked

"""The synthetic DPT generator: a realistic list, and a truth file that is exactly right.

Every rule is checked here from the CSV alone, written independently of the generator.
"""

import csv
import datetime
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pengawas.dpt.generator import GenerateResult, dpt_generate
from pengawas.dpt.names import name_key
from pengawas.elections.models import Election
from pengawas.elections.services import election_create
from pengawas.regions.models import Level, Region
from pengawas.regions.rules import PROVINCES

HEADER = (
    "NKK,NIK,NAMA,TEMPAT_LAHIR,TANGGAL_LAHIR,USIA,JENIS_KELAMIN,STATUS_KAWIN,ALAMAT,RT,RW,"
    "DISABILITAS,KETERANGAN,KECAMATAN,KELURAHAN,TPS"
)
TRUTH_HEADER = "category,source_line,nik,nkk,tps_key,group,note"
NATIONAL = (
    Path(__file__).resolve().parents[3].parent / "shared/domain/wilayah-indonesia-kecamatan.csv"
)
VOTING_DAY = datetime.date(2020, 12, 9)
ROW_CATEGORIES = (
    "NIK_FORMAT", "NIK_REGION", "NIK_BIRTHDATE", "NIK_SEX", "NKK_FORMAT", "UNDERAGE",
    "AGE_IMPLAUSIBLE", "INCOMPLETE",
)  # fmt: skip
DECOYS = (
    "DECOY_TURNS_17_ON_VOTING_DAY", "DECOY_MARRIED_UNDER_17", "DECOY_TWINS",
    "DECOY_SAME_NAME_BIRTHDATE",
)  # fmt: skip
SIXTEEN_DIGITS = re.compile(r"\d{16}")

Row = dict[str, str]


@dataclass
class Generated:
    result: GenerateResult
    rows: dict[int, Row]  # by line in the CSV, the header being line 1
    truth: list[Row]
    village_codes: dict[tuple[str, str], str]  # (kecamatan, desa) names → code
    maximum: int

    def truth_lines(self, category: str) -> set[int]:
        return {int(t["source_line"]) for t in self.truth if t["category"] == category}

    def problem_lines(self) -> set[int]:
        """Rows with a problem of their own (TPS and family findings point at groups)."""
        return {
            int(t["source_line"])
            for t in self.truth
            if t["category"] in (*ROW_CATEGORIES, "DUPLICATE_NIK", "DUPLICATE_IDENTITY")
        }


def _generate(
    election: Election, out: Path, *, voters: int, seed: int, problems_rate: float = 0.01
) -> Generated:
    result = dpt_generate(
        election=election, voters=voters, out=out, seed=seed, problems_rate=problems_rate
    )
    with out.open(encoding="utf-8", newline="") as handle:
        assert handle.readline().rstrip("\n") == HEADER
        handle.seek(0)
        rows = {line: row for line, row in enumerate(csv.DictReader(handle), start=2)}
    with result.truth.open(encoding="utf-8", newline="") as handle:
        assert handle.readline().rstrip("\n") == TRUTH_HEADER
        handle.seek(0)
        truth = list(csv.DictReader(handle))
    villages = Region.objects.filter(
        code__startswith="35.05.", level__in=[Level.DESA, Level.KELURAHAN]
    ).select_related("parent")
    codes = {(v.parent.name, v.name): v.code for v in villages if v.parent}
    return Generated(result, rows, truth, codes, election.max_voters_per_tps)


@pytest.fixture
def generated(election: Election, tmp_path: Path) -> Generated:
    """A list with small TPS, so that villages have several, and many planted problems."""
    election.max_voters_per_tps = 12
    election.save()
    return _generate(election, tmp_path / "dpt.csv", voters=5000, seed=7, problems_rate=0.05)


# Independent rules, one per category, from the CSV row alone.


def _born(row: Row) -> datetime.date | None:
    if not row["TANGGAL_LAHIR"]:
        return None
    return datetime.datetime.strptime(row["TANGGAL_LAHIR"], "%d-%m-%Y").date()


def _age(born: datetime.date) -> int:
    had_birthday = (VOTING_DAY.month, VOTING_DAY.day) >= (born.month, born.day)
    return VOTING_DAY.year - born.year - (0 if had_birthday else 1)


def _region_ok(nik: str, kabupatens: set[str], kecamatans: set[str]) -> bool:
    if nik[:2] not in PROVINCES or nik[2:4] == "00":
        return False
    return nik[:4] not in kabupatens or nik[:6] in kecamatans


def _date_digits_match(nik: str, born: datetime.date) -> bool:
    day = int(nik[6:8])
    day = day - 40 if day > 40 else day
    return (day, int(nik[8:10]), int(nik[10:12])) == (born.day, born.month, born.year % 100)


def _row_rules(kabupatens: set[str], kecamatans: set[str]) -> dict[str, Callable[[Row], bool]]:
    def region_ok(row: Row) -> bool:
        return bool(SIXTEEN_DIGITS.fullmatch(row["NIK"])) and _region_ok(
            row["NIK"], kabupatens, kecamatans
        )

    def birthdate(row: Row) -> bool:
        born = _born(row)
        return region_ok(row) and born is not None and not _date_digits_match(row["NIK"], born)

    def sex(row: Row) -> bool:
        born = _born(row)
        if not region_ok(row) or born is None or not row["JENIS_KELAMIN"]:
            return False
        female_digits = int(row["NIK"][6:8]) > 40
        return _date_digits_match(row["NIK"], born) and female_digits != (
            row["JENIS_KELAMIN"] == "P"
        )

    def underage(row: Row) -> bool:
        born = _born(row)
        return (
            born is not None
            and born <= VOTING_DAY
            and _age(born) < 17
            and row["STATUS_KAWIN"] == "B"
        )

    def implausible(row: Row) -> bool:
        born = _born(row)
        return born is not None and (born > VOTING_DAY or _age(born) > 110)

    return {
        "NIK_FORMAT": lambda row: not SIXTEEN_DIGITS.fullmatch(row["NIK"]),
        "NIK_REGION": lambda row: (
            bool(SIXTEEN_DIGITS.fullmatch(row["NIK"]))
            and not _region_ok(row["NIK"], kabupatens, kecamatans)
        ),
        "NIK_BIRTHDATE": birthdate,
        "NIK_SEX": sex,
        "NKK_FORMAT": lambda row: not SIXTEEN_DIGITS.fullmatch(row["NKK"]),
        "UNDERAGE": underage,
        "AGE_IMPLAUSIBLE": implausible,
        "INCOMPLETE": lambda row: (
            not all(row[c] for c in ("NAMA", "JENIS_KELAMIN", "TANGGAL_LAHIR", "ALAMAT"))
        ),
    }


def _loaded_codes() -> tuple[set[str], set[str]]:
    codes = {c.replace(".", "") for c in Region.objects.values_list("code", flat=True)}
    return {c for c in codes if len(c) == 4}, {c for c in codes if len(c) == 6}


def _one_typo(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance at most 1."""
    if a == b:
        return True
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )  # fmt: skip
    short, long = sorted((a, b), key=len)
    return len(long) - len(short) == 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _same_person_pairs(rows: dict[int, Row]) -> set[tuple[int, int]]:
    """Rows of one desa, different NIKs, same birth date, names one typo apart."""
    buckets: defaultdict[tuple[str, str, str], list[int]] = defaultdict(list)
    for line, row in rows.items():
        if row["NAMA"] and row["TANGGAL_LAHIR"] and SIXTEEN_DIGITS.fullmatch(row["NIK"]):
            buckets[(row["KECAMATAN"], row["KELURAHAN"], row["TANGGAL_LAHIR"])].append(line)
    pairs = set()
    for lines in buckets.values():
        for a, b in itertools.combinations(lines, 2):
            if rows[a]["NIK"] != rows[b]["NIK"] and _one_typo(
                name_key(rows[a]["NAMA"]), name_key(rows[b]["NAMA"])
            ):
                pairs.add((a, b))
    return pairs


def _tps_key(generated: Generated, row: Row) -> str:
    code = generated.village_codes[(row["KECAMATAN"], row["KELURAHAN"])]
    return f"{code}/{row['TPS']}"


# The file.


def test_the_file_has_the_rows_villages_and_columns_asked_for(generated: Generated) -> None:
    rows = generated.rows.values()
    assert len(generated.rows) == generated.result.rows == 5000
    assert len({(r["KECAMATAN"], r["KELURAHAN"]) for r in rows}) == 248
    assert generated.result.villages == 248
    assert {(r["KECAMATAN"], r["KELURAHAN"]) for r in rows} <= set(generated.village_codes)
    assert all(re.fullmatch(r"\d{3}", r["RT"]) and re.fullmatch(r"\d{3}", r["RW"]) for r in rows)
    assert {r["JENIS_KELAMIN"] for r in rows} <= {"L", "P", ""}
    assert {r["STATUS_KAWIN"] for r in rows} == {"B", "S", "P"}
    assert {r["DISABILITAS"] for r in rows} <= {"", "1", "2", "3", "4", "5"}
    assert sum(1 for r in rows if r["DISABILITAS"]) < 0.05 * len(rows)
    assert sum(1 for r in rows if r["KETERANGAN"]) < 0.05 * len(rows)
    assert all(r["NAMA"] == r["NAMA"].upper() for r in rows)


def test_names_look_javanese_and_indonesian(generated: Generated) -> None:
    names = [r["NAMA"] for r in generated.rows.values() if r["NAMA"]]
    words = Counter(w for n in names for w in n.replace(",", "").split())
    assert sum(1 for n in names if " " not in n) > 0.1 * len(names)
    for part in ("MUHAMMAD", "MOCH.", "AHMAD", "ACHMAD", "SITI", "NUR", "H.", "HJ.", "S.PD."):
        assert words[part] > 0, part
    assert any(n.startswith(("SOE", "DJ", "TJ")) for n in names)


def test_clean_niks_follow_kecamatan_birth_date_and_sex(generated: Generated) -> None:
    with NATIONAL.open(encoding="utf-8") as handle:
        real_kecamatans = {
            r["kode"].replace(".", "")
            for r in csv.DictReader(handle)
            if r["tingkat"] == "kecamatan"
        }
    problems = generated.problem_lines()
    own = 0
    clean = [(line, row) for line, row in generated.rows.items() if line not in problems]
    for line, row in clean:
        nik, born = row["NIK"], _born(row)
        assert SIXTEEN_DIGITS.fullmatch(nik) and born is not None, line
        assert nik[:6] in real_kecamatans, line
        assert int(nik[6:8]) == born.day + (40 if row["JENIS_KELAMIN"] == "P" else 0), line
        assert nik[8:12] == f"{born.month:02d}{born.year % 100:02d}", line
        assert nik[12:] != "0000", line
        village = generated.village_codes[(row["KECAMATAN"], row["KELURAHAN"])]
        own += nik[:6] == village[:8].replace(".", "")
        assert SIXTEEN_DIGITS.fullmatch(row["NKK"]), line
        assert row["NKK"][:6] == village[:8].replace(".", ""), line
    assert 0.85 * len(clean) < own < len(clean)


def test_families_share_card_address_and_tps(generated: Generated) -> None:
    split = {t["nkk"] for t in generated.truth if t["category"] == "FAMILY_SPLIT"}
    families: defaultdict[str, list[Row]] = defaultdict(list)
    for row in generated.rows.values():
        if SIXTEEN_DIGITS.fullmatch(row["NKK"]):
            families[row["NKK"]].append(row)
    sizes = Counter(len(members) for members in families.values())
    assert sizes[1] and sizes[2] and sizes[3] and sizes[4]
    assert max(sizes) <= 9
    for nkk, members in families.items():
        assert len({(m["KECAMATAN"], m["KELURAHAN"]) for m in members}) == 1, nkk
        assert len({(m["RT"], m["RW"]) for m in members}) == 1, nkk
        assert len({m["ALAMAT"] for m in members if m["ALAMAT"]}) <= 1, nkk
        assert (len({m["TPS"] for m in members}) > 1) == (nkk in split), nkk


def test_tps_are_numbered_and_filled_up_to_the_maximum(generated: Generated) -> None:
    counts = Counter(_tps_key(generated, row) for row in generated.rows.values())
    over = {t["tps_key"] for t in generated.truth if t["category"] == "TPS_OVER_CAPACITY"}
    assert over, "a TPS over capacity is planted"
    assert {key for key, count in counts.items() if count > generated.maximum} == over
    numbers: defaultdict[str, list[int]] = defaultdict(list)
    for key in counts:
        village, number = key.split("/")
        numbers[village].append(int(number))
    assert all(sorted(n) == list(range(1, len(n) + 1)) for n in numbers.values())
    assert sum(len(n) for n in numbers.values()) == generated.result.tps
    assert max(len(n) for n in numbers.values()) >= 3


def test_ages_are_plausible_and_young_adults_outnumber_the_old(generated: Generated) -> None:
    problems = generated.problem_lines()
    married_16 = generated.truth_lines("DECOY_MARRIED_UNDER_17")
    ages = []
    for line, row in generated.rows.items():
        born = _born(row)
        if born is not None:
            assert row["USIA"] == ("" if born > VOTING_DAY else str(_age(born))), line
        if line in problems:
            continue
        assert born is not None
        age = _age(born)
        assert 17 <= age <= 100 or (line in married_16 and age == 16), line
        ages.append(age)
    young = sum(1 for a in ages if a <= 35)
    old = sum(1 for a in ages if a >= 65)
    assert young > 2 * old > 0
    assert max(ages) >= 85


# The truth file.


def test_each_row_category_lists_exactly_the_rows_that_have_it(generated: Generated) -> None:
    rules = _row_rules(*_loaded_codes())
    for category in ROW_CATEGORIES:
        having = {line for line, row in generated.rows.items() if rules[category](row)}
        assert having, category
        assert having == generated.truth_lines(category), category


def test_truth_rows_repeat_the_nik_and_nkk_of_their_row(generated: Generated) -> None:
    for t in generated.truth:
        if t["category"] in ("TPS_OVER_CAPACITY", "FAMILY_SPLIT"):
            continue
        row = generated.rows[int(t["source_line"])]
        assert (t["nik"], t["nkk"]) == (row["NIK"], row["NKK"]), t


def test_duplicate_niks_are_listed_row_by_row_in_groups(generated: Generated) -> None:
    by_nik: defaultdict[str, set[int]] = defaultdict(set)
    for line, row in generated.rows.items():
        if SIXTEEN_DIGITS.fullmatch(row["NIK"]):
            by_nik[row["NIK"]].add(line)
    duplicated = [lines for lines in by_nik.values() if len(lines) > 1]
    assert duplicated
    assert all(len(lines) <= 3 for lines in duplicated)
    groups: defaultdict[str, set[int]] = defaultdict(set)
    for t in generated.truth:
        if t["category"] == "DUPLICATE_NIK":
            groups[t["group"]].add(int(t["source_line"]))
    assert sorted(map(sorted, groups.values())) == sorted(map(sorted, duplicated))


def test_duplicate_identities_are_listed_in_groups(generated: Generated) -> None:
    pairs = _same_person_pairs(generated.rows)
    groups: defaultdict[str, set[int]] = defaultdict(set)
    for t in generated.truth:
        if t["category"] == "DUPLICATE_IDENTITY":
            groups[t["group"]].add(int(t["source_line"]))
    assert pairs
    assert {frozenset(p) for p in pairs} == {frozenset(g) for g in groups.values()}
    variants = [{generated.rows[line]["NAMA"] for line in g} for g in groups.values()]
    assert all(len(names) == 2 for names in variants)


def test_family_splits_are_listed_once_per_card(generated: Generated) -> None:
    tps_by_nkk: defaultdict[str, set[str]] = defaultdict(set)
    for row in generated.rows.values():
        if SIXTEEN_DIGITS.fullmatch(row["NKK"]):
            tps_by_nkk[row["NKK"]].add(_tps_key(generated, row))
    split = [t["nkk"] for t in generated.truth if t["category"] == "FAMILY_SPLIT"]
    assert split
    assert sorted(split) == sorted(nkk for nkk, keys in tps_by_nkk.items() if len(keys) > 1)


def test_decoys_are_suspicious_but_clean(generated: Generated) -> None:
    rules = _row_rules(*_loaded_codes())
    problems = generated.problem_lines()
    groups: defaultdict[tuple[str, str], list[Row]] = defaultdict(list)
    for t in generated.truth:
        if not t["category"].startswith("DECOY"):
            continue
        line = int(t["source_line"])
        row = generated.rows[line]
        assert line not in problems
        assert not any(rule(row) for rule in rules.values()), t
        born = _born(row)
        assert born is not None
        if t["category"] == "DECOY_TURNS_17_ON_VOTING_DAY":
            assert born == datetime.date(2003, 12, 9)
        elif t["category"] == "DECOY_MARRIED_UNDER_17":
            assert (_age(born), row["STATUS_KAWIN"]) == (16, "S")
        else:
            groups[(t["category"], t["group"])].append(row)
    for category in DECOYS:
        assert generated.truth_lines(category), category
    for (category, _), (one, other) in groups.items():
        assert one["TANGGAL_LAHIR"] == other["TANGGAL_LAHIR"]
        assert one["NIK"] != other["NIK"]
        if category == "DECOY_TWINS":
            assert one["NKK"] == other["NKK"]
            assert not _one_typo(name_key(one["NAMA"]), name_key(other["NAMA"]))
        else:
            assert one["NAMA"] == other["NAMA"]
            assert one["KECAMATAN"] != other["KECAMATAN"]


def test_the_summary_counts_the_truth_file(generated: Generated) -> None:
    counts = Counter(t["category"] for t in generated.truth)
    assert {k: v for k, v in generated.result.planted.items() if v} == dict(counts)


# Determinism and the command.


def test_the_same_seed_gives_the_same_bytes(election: Election, tmp_path: Path) -> None:
    first = _generate(election, tmp_path / "a.csv", voters=3000, seed=11).result
    again = _generate(election, tmp_path / "b.csv", voters=3000, seed=11).result
    other = _generate(election, tmp_path / "c.csv", voters=3000, seed=12).result
    assert first.out.read_bytes() == again.out.read_bytes()
    assert first.truth.read_bytes() == again.truth.read_bytes()
    assert first.truth.name == "a.truth.csv"
    assert first.out.read_bytes() != other.out.read_bytes()


def test_the_default_rate_plants_about_one_percent(election: Election, tmp_path: Path) -> None:
    generated = _generate(election, tmp_path / "dpt.csv", voters=20000, seed=3)
    share = len(generated.problem_lines()) / len(generated.rows)
    assert 0.005 < share < 0.02
    rules = _row_rules(*_loaded_codes())
    for category in ROW_CATEGORIES:
        lines = {line for line, row in generated.rows.items() if rules[category](row)}
        assert lines == generated.truth_lines(category), category


def test_the_command_prints_a_summary(election: Election, tmp_path: Path) -> None:
    out = tmp_path / "dpt.csv"
    summary = call_command("dpt_generate", election=election.code, voters=300, out=str(out), seed=5)
    assert summary.startswith("DPT sintetis dpt.csv: 300 pemilih, ")
    assert "248 desa/kelurahan" in summary and "detik" in summary
    assert out.exists() and (tmp_path / "dpt.truth.csv").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"election": "tidak-ada", "voters": 10}, "tidak ditemukan"),
        ({"election": "pilbup-blitar-2020", "voters": 0}, "minimal 1"),
    ],
)
def test_the_command_refuses_bad_input(
    election: Election, tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("dpt_generate", out=str(tmp_path / "dpt.csv"), **options)
    assert not list(tmp_path.iterdir())


def test_the_command_refuses_an_unwritable_path(election: Election, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "dpt.csv"
    with pytest.raises(CommandError, match="Tidak dapat menulis"):
        call_command("dpt_generate", election=election.code, voters=10, out=str(out))


def test_the_command_refuses_a_region_without_villages(election: Election, tmp_path: Path) -> None:
    Region.objects.create(
        code="35.72", name="Kota Blitar", level=Level.KOTA, parent_id="35", name_key="BLITAR"
    )
    election_create(
        code="pilwali-blitar-2020",
        name="Pilwali Blitar 2020",
        kind="pilkada",
        region_code="35.72",
        voting_day=VOTING_DAY,
    )
    with pytest.raises(CommandError, match="belum punya desa/kelurahan"):
        call_command(
            "dpt_generate", election="pilwali-blitar-2020", voters=10, out=str(tmp_path / "x.csv")
        )

"""The C.Hasil-KWK check: pure functions over one sheet, no database.

A sheet is the figures of one TPS's result copy (C.Hasil Salinan-KWK in Pilkada, PKPU 8/2018 as
amended by PKPU 18/2020; in Pemilu the paslon are those of the presidential election, form
C.Hasil-PPWP, PKPU 25/2023), in the shape of issue 7:

    {"election_kind": "pilkada",
     "pemilih": {"dpt": {"l", "p"}, "dpph": {"l", "p"}, "dptb": {"l", "p"}},
     "pengguna": {same lists},
     "disabilitas": {"terdaftar": {"l", "p"}, "pengguna": {"l", "p"}},
     "surat_suara": {"diterima", "digunakan", "rusak", "tidak_digunakan"},
     "suara": {"paslon": {"1": n, ...}, "sah", "tidak_sah"}}

The voter lists depend on the kind of election. Pilkada (UU 1/2015 as amended): DPT, DPPh
(movers, listed before voting day) and DPTb (KTP-el holders not on any list, written down as
they vote). Pemilu (UU 7/2017 Pasal 348 ayat (1) huruf a-c): DPT, DPTb (movers, listed before
voting day) and DPK (KTP-el holders not on any list, written down as they vote). So the
lists listed beforehand are checked with USERS_EXCEED_REGISTERED (users <= registered), and
the list written as people vote with DPTB_MISMATCH (registered = users): the DPTb in Pilkada,
the DPK in Pemilu (the code keeps the Pilkada name).

Reserve ballots: Pilkada, DPT + 2.5 % of the DPT (Perpu 1/2014, made law by UU 1/2015,
Pasal 80); Pemilu, DPT + 2 % (UU 7/2017 Pasal 344 ayat (2)); rounded up per TPS.

Every finding names its rule and basis in Bahasa Indonesia. Checks whose figures are not
all valid whole numbers are not run: INVALID_VALUE says what to fix first.
"""

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Severity = Literal["error", "warning"]

KINDS = ("pilkada", "pemilu")
# (key, label) of the voter lists per kind of election, in the order of the form.
VOTER_LISTS: dict[str, tuple[tuple[str, str], ...]] = {
    "pilkada": (("dpt", "DPT"), ("dpph", "DPPh"), ("dptb", "DPTb")),
    "pemilu": (("dpt", "DPT"), ("dptb", "DPTb"), ("dpk", "DPK")),
}
# The list whose voters are written down as they vote (registered = users).
LISTED_AT_VOTING: dict[str, str] = {"pilkada": "dptb", "pemilu": "dpk"}
# Reserve ballots as a fraction of the DPT: (numerator, denominator).
RESERVE_RATE: dict[str, tuple[int, int]] = {"pilkada": (25, 1000), "pemilu": (2, 100)}
SEXES = (("l", gettext_lazy("laki-laki")), ("p", gettext_lazy("perempuan")))
BALLOT_FIELDS = ("diterima", "digunakan", "rusak", "tidak_digunakan")


def _basis_form(kind: str) -> str:
    if kind == "pemilu":
        return _("pengisian formulir Model C.Hasil-PPWP, PKPU 25/2023")
    return _(
        "pengisian formulir Model C.Hasil-KWK, PKPU 8/2018 sebagaimana diubah dengan PKPU 18/2020"
    )


def _basis_reserve(kind: str) -> str:
    if kind == "pemilu":
        return _("UU 7/2017 Pasal 344 ayat (2): cadangan 2% dari DPT")
    return _("Perpu 1/2014 (UU 1/2015) Pasal 80: cadangan 2,5% dari DPT")


def _basis_lists(kind: str) -> str:
    if kind == "pemilu":
        return _("UU 7/2017 Pasal 348 ayat (1)")
    return _basis_form(kind)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def number(value: int) -> str:
    """12345 -> "12.345" (as Indonesian readers write whole numbers)."""
    return f"{value:,}".replace(",", ".")


def field_paths(kind: str, paslon: list[str]) -> list[tuple[str, str]]:
    """Every figure of a sheet: (dotted path, Indonesian label), in the form's order."""
    paths: list[tuple[str, str]] = []
    for group, group_label in (
        ("pemilih", _("Pemilih terdaftar")),
        ("pengguna", _("Pengguna hak pilih")),
    ):
        for key, label in VOTER_LISTS[kind]:
            for sex, sex_label in SEXES:
                paths.append((f"{group}.{key}.{sex}", f"{group_label} {label} {sex_label}"))
    for key, label in (("terdaftar", _("terdaftar")), ("pengguna", _("pengguna hak pilih"))):
        for sex, sex_label in SEXES:
            paths.append(
                (
                    f"disabilitas.{key}.{sex}",
                    _("Pemilih disabilitas %(what)s %(sex)s") % {"what": label, "sex": sex_label},
                )
            )
    ballot_labels = {
        "diterima": _("Surat suara diterima"),
        "digunakan": _("Surat suara digunakan"),
        "rusak": _("Surat suara rusak/keliru coblos"),
        "tidak_digunakan": _("Surat suara tidak digunakan"),
    }
    paths.extend((f"surat_suara.{key}", ballot_labels[key]) for key in BALLOT_FIELDS)
    paths.extend(
        (f"suara.paslon.{n}", _("Suara paslon nomor urut %(n)s") % {"n": n}) for n in paslon
    )
    paths.append(("suara.sah", _("Jumlah suara sah")))
    paths.append(("suara.tidak_sah", _("Jumlah suara tidak sah")))
    return paths


def value_at(sheet: Any, path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    node = sheet
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def paslon_numbers(sheet: dict[str, Any]) -> list[str]:
    paslon = value_at(sheet, "suara.paslon")
    if not isinstance(paslon, dict):
        return []
    return sorted((str(key) for key in paslon), key=lambda key: (len(key), key))


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _invalid(kind: str, sheet: dict[str, Any]) -> tuple[list[Finding], dict[str, int]]:
    findings: list[Finding] = []
    values: dict[str, int] = {}
    numbers = paslon_numbers(sheet)
    if not numbers:
        findings.append(
            Finding(
                "INVALID_VALUE",
                "error",
                _("Suara pasangan calon belum diisi: isikan suara setiap paslon (%(basis)s).")
                % {"basis": _basis_form(kind)},
            )
        )
    for key in numbers:
        if not key.isdigit() or int(key) < 1:
            findings.append(
                Finding(
                    "INVALID_VALUE",
                    "error",
                    _("Nomor urut paslon «%(key)s» bukan bilangan bulat positif.") % {"key": key},
                )
            )
    for path, label in field_paths(kind, [n for n in numbers if n.isdigit()]):
        value = value_at(sheet, path)
        if value is None:
            message = _("%(field)s belum diisi.")
        elif isinstance(value, int) and not isinstance(value, bool) and value < 0:
            message = _("%(field)s bernilai negatif (%(value)s).")
        elif not _is_whole(value):
            message = _("%(field)s bukan bilangan bulat (%(value)s).")
        else:
            values[path] = value
            continue
        findings.append(
            Finding(
                "INVALID_VALUE",
                "error",
                (message % {"field": label, "value": value})
                + " "
                + _("Setiap isian C.Hasil adalah bilangan bulat 0 atau lebih (%(basis)s).")
                % {"basis": _basis_form(kind)},
            )
        )
    return findings, values


def sheet_check(sheet: dict[str, Any]) -> list[Finding]:
    """Every finding of one sheet, errors and warnings, in a stable order."""
    if not isinstance(sheet, dict):
        return [Finding("INVALID_VALUE", "error", _("Lembar C.Hasil harus berupa objek JSON."))]
    kind = sheet.get("election_kind")
    if kind not in KINDS:
        return [
            Finding(
                "INVALID_VALUE",
                "error",
                _('Jenis pemilihan «%(kind)s» tidak dikenal: isikan "pilkada" atau "pemilu".')
                % {"kind": kind},
            )
        ]
    findings, values = _invalid(kind, sheet)
    findings.extend(_arithmetic(kind, sheet, values))
    return findings


def _all(values: dict[str, int], paths: list[str]) -> list[int] | None:
    """The values at these paths, or None when any of them is not a valid whole number."""
    if any(path not in values for path in paths):
        return None
    return [values[path] for path in paths]


def _arithmetic(kind: str, sheet: dict[str, Any], values: dict[str, int]) -> Iterator[Finding]:
    form = _basis_form(kind)
    lists = [key for key, _label in VOTER_LISTS[kind]]
    labels = dict(VOTER_LISTS[kind])
    n = number

    paslon = _all(values, [f"suara.paslon.{key}" for key in paslon_numbers(sheet)])
    sah = _all(values, ["suara.sah"])
    if paslon and sah and sum(paslon) != sah[0]:
        yield Finding(
            "VOTES_SUM",
            "error",
            _(
                "Jumlah suara seluruh paslon (%(sum)s) tidak sama dengan jumlah suara sah (%(sah)s). Suara sah adalah jumlah suara semua pasangan calon (%(basis)s)."
            )
            % {"sum": n(sum(paslon)), "sah": n(sah[0]), "basis": form},
        )

    used_votes = _all(values, ["surat_suara.digunakan", "suara.sah", "suara.tidak_sah"])
    if used_votes and used_votes[0] != used_votes[1] + used_votes[2]:
        used, valid, invalid = used_votes
        yield Finding(
            "BALLOTS_USED_VS_VOTES",
            "error",
            _(
                "Surat suara digunakan (%(used)s) tidak sama dengan suara sah + tidak sah (%(valid)s + %(invalid)s = %(total)s). Setiap surat suara yang digunakan dihitung sah atau tidak sah (%(basis)s)."
            )
            % {
                "used": n(used),
                "valid": n(valid),
                "invalid": n(invalid),
                "total": n(valid + invalid),
                "basis": form,
            },
        )

    users = _all(values, [f"pengguna.{key}.{sex}" for key in lists for sex, _s in SEXES])
    used_only = _all(values, ["surat_suara.digunakan"])
    if users and used_only and sum(users) != used_only[0]:
        yield Finding(
            "VOTERS_VS_BALLOTS_USED",
            "error",
            _(
                "Jumlah seluruh pengguna hak pilih (%(users)s) tidak sama dengan surat suara digunakan (%(used)s). Setiap pemilih yang hadir menggunakan satu surat suara (%(basis)s)."
            )
            % {"users": n(sum(users)), "used": n(used_only[0]), "basis": form},
        )

    ballots = _all(values, [f"surat_suara.{key}" for key in BALLOT_FIELDS])
    if ballots:
        received, used, damaged, unused = ballots
        if received != used + damaged + unused:
            yield Finding(
                "BALLOT_BALANCE",
                "error",
                _(
                    "Surat suara diterima (%(received)s) tidak sama dengan digunakan + rusak/keliru coblos + tidak digunakan (%(used)s + %(damaged)s + %(unused)s = %(total)s) (%(basis)s)."
                )
                % {
                    "received": n(received),
                    "used": n(used),
                    "damaged": n(damaged),
                    "unused": n(unused),
                    "total": n(used + damaged + unused),
                    "basis": form,
                },
            )

    at_voting = LISTED_AT_VOTING[kind]
    for key in lists:
        for sex, sex_label in SEXES:
            pair = _all(values, [f"pemilih.{key}.{sex}", f"pengguna.{key}.{sex}"])
            if pair is None:
                continue
            registered, voted = pair
            context = {
                "list": labels[key],
                "sex": sex_label,
                "registered": n(registered),
                "voted": n(voted),
            }
            if key == at_voting and registered != voted:
                yield Finding(
                    "DPTB_MISMATCH",
                    "error",
                    (
                        _(
                            "Pemilih %(list)s %(sex)s terdaftar (%(registered)s) tidak sama dengan pengguna hak pilih %(list)s %(sex)s (%(voted)s). Pemilih %(list)s dicatat pada saat memberikan suara, jadi jumlah terdaftar sama dengan jumlah pengguna"
                        )
                        % context
                    )
                    + f" ({_basis_lists(kind)}).",
                )
            elif key != at_voting and voted > registered:
                yield Finding(
                    "USERS_EXCEED_REGISTERED",
                    "error",
                    (
                        _(
                            "Pengguna hak pilih %(list)s %(sex)s (%(voted)s) melebihi pemilih %(list)s %(sex)s terdaftar (%(registered)s). Hanya pemilih yang terdaftar dalam %(list)s yang memilih dengan daftar itu"
                        )
                        % context
                    )
                    + f" ({_basis_lists(kind)}).",
                )

    for sex, sex_label in SEXES:
        for what, group, label in (
            ("pengguna", "pengguna", _("pengguna hak pilih")),
            ("terdaftar", "pemilih", _("pemilih terdaftar")),
        ):
            disabled = _all(values, [f"disabilitas.{what}.{sex}"])
            everyone = _all(values, [f"{group}.{key}.{sex}" for key in lists])
            if disabled and everyone and disabled[0] > sum(everyone):
                yield Finding(
                    "DISABLED_EXCEED",
                    "error",
                    _(
                        "Pemilih disabilitas %(what)s %(sex)s (%(disabled)s) melebihi seluruh %(what)s %(sex)s (%(all)s). Pemilih disabilitas adalah bagian dari seluruh pemilih (%(basis)s)."
                    )
                    % {
                        "what": label,
                        "sex": sex_label,
                        "disabled": n(disabled[0]),
                        "all": n(sum(everyone)),
                        "basis": form,
                    },
                )

    dpt = _all(values, ["pemilih.dpt.l", "pemilih.dpt.p"])
    received_only = _all(values, ["surat_suara.diterima"])
    if dpt and received_only:
        voters = sum(dpt)
        numerator, denominator = RESERVE_RATE[kind]
        reserve = -(-voters * numerator // denominator)  # rounded up, in whole numbers
        if received_only[0] != voters + reserve:
            yield Finding(
                "RESERVE_BALLOTS",
                "warning",
                _(
                    "Surat suara diterima (%(received)s) tidak sama dengan DPT + cadangan (%(dpt)s + %(reserve)s = %(expected)s, cadangan dibulatkan ke atas). Periksa berita acara penerimaan surat suara (%(basis)s)."
                )
                % {
                    "received": n(received_only[0]),
                    "dpt": n(voters),
                    "reserve": n(reserve),
                    "expected": n(voters + reserve),
                    "basis": _basis_reserve(kind),
                },
            )


def sheet_differences(first: dict[str, Any], second: dict[str, Any]) -> list[dict[str, Any]]:
    """Field by field where two entries of the same sheet differ (Tally-Ho double entry):
    [{"path", "label", "first", "second"}], in the form's order."""
    kind = first.get("election_kind") if first.get("election_kind") in KINDS else "pilkada"
    numbers = sorted(
        set(paslon_numbers(first)) | set(paslon_numbers(second)), key=lambda key: (len(key), key)
    )
    differences = []
    for path, label in field_paths(str(kind), numbers):
        a, b = value_at(first, path), value_at(second, path)
        if a != b:
            differences.append({"path": path, "label": label, "first": a, "second": b})
    return differences

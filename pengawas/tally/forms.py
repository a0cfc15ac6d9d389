"""The C.Hasil-KWK sheet from a posted form (the page, its htmx check, the PKD's entry).

Fields are named by their dotted path in the sheet ("pemilih.dpt.l", "suara.paslon.1").
A figure is kept as a whole number when it is one; anything else is kept as typed (or
missing when empty), so that the check can say what is wrong with it (INVALID_VALUE).
"""

import re
import uuid
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from pengawas.tally.checks import VOTER_LISTS, field_paths, value_at

# 1.234 (thousands as Indonesian readers write them) is read as 1234.
THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def _figure(raw: str) -> int | str | None:
    text = raw.strip()
    if THOUSANDS.fullmatch(text):
        text = text.replace(".", "")
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if text.startswith("-") and text[1:].isdigit():
        return -int(text[1:])
    return raw.strip()


def sheet_from_post(post: QueryDict, *, kind: str, paslon: list[str]) -> dict[str, Any]:
    sheet: dict[str, Any] = {"election_kind": kind}
    for path, _label in field_paths(kind, paslon):
        value = _figure(post.get(path, ""))
        if value is None:
            continue
        node = sheet
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    # An empty paslon list is reported as such by the check; keep the group present.
    sheet.setdefault("suara", {}).setdefault("paslon", {})
    return sheet


def form_values(sheet: dict[str, Any] | None, *, kind: str, paslon: list[str]) -> dict[str, Any]:
    """{path: value as shown in the form} for the fields of a stored or posted sheet."""
    if not sheet:
        return {}
    values = {}
    for path, _label in field_paths(kind, paslon):
        value = value_at(sheet, path)
        if value is not None:
            values[path] = value
    return values


def form_groups(
    *, kind: str, paslon: list[tuple[str, str]], values: dict[str, Any]
) -> list[dict[str, Any]]:
    """The form grouped like the C.Hasil-KWK: rows of (label, [fields])."""

    def field(path: str, label: str) -> dict[str, Any]:
        return {
            "name": path,
            "label": label,
            "value": values.get(path, ""),
            "id": "f-" + path.replace(".", "-"),
        }

    lists = VOTER_LISTS[kind]
    sexes = (("l", "L"), ("p", "P"))
    voters = [
        {
            "label": label,
            "fields": [field(f"pemilih.{key}.{sex}", f"{label} {s}") for sex, s in sexes],
        }
        for key, label in lists
    ]
    users = [
        {
            "label": label,
            "fields": [field(f"pengguna.{key}.{sex}", f"{label} {s}") for sex, s in sexes],
        }
        for key, label in lists
    ]
    disabled = [
        {
            "label": _("terdaftar"),
            "fields": [
                field(f"disabilitas.terdaftar.{sex}", _("terdaftar") + f" {s}") for sex, s in sexes
            ],
        },
        {
            "label": _("pengguna"),
            "fields": [
                field(f"disabilitas.pengguna.{sex}", _("pengguna") + f" {s}") for sex, s in sexes
            ],
        },
    ]
    ballots = [
        field("surat_suara.diterima", _("diterima")),
        field("surat_suara.digunakan", _("digunakan")),
        field("surat_suara.rusak", _("rusak/keliru coblos")),
        field("surat_suara.tidak_digunakan", _("tidak digunakan")),
    ]
    votes = [field(f"suara.paslon.{number}", f"{number}. {name}") for number, name in paslon]
    totals = [field("suara.sah", _("sah")), field("suara.tidak_sah", _("tidak sah"))]
    return [
        {"id": "pemilih", "kind": "sexes", "rows": voters},
        {"id": "pengguna", "kind": "sexes", "rows": users},
        {"id": "disabilitas", "kind": "sexes", "rows": disabled},
        {"id": "surat_suara", "kind": "single", "fields": ballots},
        {"id": "suara", "kind": "single", "fields": votes + totals},
    ]


def client_uuid_from(post: QueryDict) -> uuid.UUID | None:
    try:
        return uuid.UUID(post.get("client_uuid", ""))
    except ValueError:
        return None

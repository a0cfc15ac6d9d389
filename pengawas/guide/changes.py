"""What changed between two editions of a series: pages added, removed and changed, with a
line diff of their text and of what the checklist and the legal basis say. Pure functions."""

import difflib
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageSnapshot:
    page_id: str
    title: str
    book: str
    basis: tuple[str, ...]
    body: str
    data: str  # checks, nodes and ballots as canonical JSON


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    text: str


@dataclass(frozen=True)
class PageChange:
    page_id: str
    title: str
    book: str
    status: str  # "added", "removed", "changed"
    fields: tuple[str, ...]  # which parts changed: "judul", "dasar hukum", "teks", "daftar periksa"
    lines: tuple[DiffLine, ...]


def snapshot(
    *, page_id: str, title: str, book: str, basis: list[str], body: str, data: dict[str, Any]
) -> PageSnapshot:
    return PageSnapshot(
        page_id, title, book, tuple(basis), body, json.dumps(data, sort_keys=True, indent=1)
    )


def _diff(old: str, new: str) -> tuple[DiffLine, ...]:
    lines: list[DiffLine] = []
    before, after = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for group in matcher.get_grouped_opcodes(1):
        if lines:
            lines.append(DiffLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [DiffLine("same", text) for text in before[i1:i2]]
            if tag in ("replace", "delete"):
                lines += [DiffLine("removed", text) for text in before[i1:i2]]
            if tag in ("replace", "insert"):
                lines += [DiffLine("added", text) for text in after[j1:j2]]
    return tuple(lines)


def _as_text(page: PageSnapshot) -> str:
    basis = "\n".join(f"Dasar hukum: {citation}" for citation in page.basis)
    return f"# {page.title}\n{basis}\n\n{page.body}\n{page.data}"


def editions_compare(old: list[PageSnapshot], new: list[PageSnapshot]) -> list[PageChange]:
    """Changes from `old` to `new`, in the new edition's order (removed pages last)."""
    before = {page.page_id: page for page in old}
    after = {page.page_id: page for page in new}
    changes = []
    for page in new:
        previous = before.get(page.page_id)
        if previous is None:
            changes.append(
                PageChange(
                    page.page_id, page.title, page.book, "added", (), _diff("", _as_text(page))
                )
            )
            continue
        fields = tuple(
            label
            for label, changed in (
                ("judul", previous.title != page.title),
                ("dasar hukum", previous.basis != page.basis),
                ("teks", previous.body != page.body),
                ("daftar periksa dan keputusan", previous.data != page.data),
            )
            if changed
        )
        if fields:
            changes.append(
                PageChange(
                    page.page_id,
                    page.title,
                    page.book,
                    "changed",
                    fields,
                    _diff(_as_text(previous), _as_text(page)),
                )
            )
    for page in old:
        if page.page_id not in after:
            changes.append(
                PageChange(
                    page.page_id, page.title, page.book, "removed", (), _diff(_as_text(page), "")
                )
            )
    return changes

"""The overview's table rows as HTML, written in Python.

A kabupaten has 2,278 TPS; the template language took about a second for that many rows, this
takes a few tens of milliseconds. Every label is translated once per page and every value
is escaped (html.escape); the markup is the one templates/overview/_board.html describes.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from pengawas.overview.board import FORM_A_LABELS, SHEET_LABELS, Row

FORM_A_CLASSES = {"submitted": "ok", "confirmed": "ok", "returned": "warn"}
# An empty cell: a dash on a wide screen, hidden on a phone (overview.css).
EMPTY = '<td class="is-empty">&ndash;</td>'
EMPTY_NUM = '<td class="num is-empty">&ndash;</td>'
SHEET_CLASSES = {"ok": "ok", "none": "neutral", "warnings": "warn"}  # else "err"


def _badge(css: str, text: str) -> str:
    return f'<span class="badge {css}">{text}</span>'


def rows_html(rows: list[Row], links: list[tuple[str, str]], form_link: str = "") -> SafeString:
    """<tr> for each row; `links`: (label, URL with "{id}") of the TPS's pages; `form_link`:
    the URL of a Form A with "{id}"."""
    form_a = {k: escape(str(v)) for k, v in FORM_A_LABELS.items()}
    sheets = {k: escape(str(v)) for k, v in SHEET_LABELS.items()}
    yes_warn = _badge("warn", escape(_("ada")))
    yes_err = _badge("err", escape(_("ada")))
    revote = _badge("err", escape(_("PSU")))
    recount = _badge("err", escape(_("hitung ulang")))
    links = [(escape(label), url) for label, url in links]
    form_a_label = escape(_("Form A"))
    # The column heads again, for a phone where each row is a card (overview.css).
    head = {
        key: escape(str(label))
        for key, label in (
            ("form_a", _("Form A")), ("sheet", _("C.Hasil")), ("keberatan", _("Keberatan")),
            ("pelanggaran", _("Dugaan pelanggaran")), ("kejadian", _("Kejadian")),
            ("ulang", _("Dasar ulang")),
        )
    }  # fmt: skip
    parts: list[str] = []
    for row in rows:
        tps = str(row.tps_id)
        form_page = ""
        if form_link and row.form_a.form_id is not None:
            url = escape(form_link.replace("{id}", str(row.form_a.form_id)))
            form_page = f'<a href="{url}">{form_a_label}</a>'
        pages = form_page + "".join(
            f'<a href="{escape(url.replace("{id}", tps))}">{label}</a>' for label, url in links
        )
        status = row.form_a.status
        grounds = " ".join(
            badge
            for badge, on in ((revote, row.incidents.revote), (recount, row.incidents.recount))
            if on
        )
        keberatan = "keberatan" in row.form_a.flags
        pelanggaran = "pelanggaran" in row.form_a.flags
        parts.append(
            f'<tr id="tps-{tps}"><th scope="row"><span class="overview-tps">{row.label}</span> '
            f"<small>{escape(row.village_name)}, {escape(row.district_name)}</small>"
            + (f' <span class="overview-links">{pages}</span>' if pages else "")
            + "</th>"
            f'<td data-label="{head["form_a"]}">{_badge(FORM_A_CLASSES.get(status or "", "neutral"), form_a.get(status, escape(status or "")))}</td>'
            f'<td data-label="{head["sheet"]}">{_badge(SHEET_CLASSES.get(row.sheet, "err"), sheets.get(row.sheet, escape(row.sheet)))}</td>'
            + (f'<td data-label="{head["keberatan"]}">{yes_warn}</td>' if keberatan else EMPTY)
            + (f'<td data-label="{head["pelanggaran"]}">{yes_err}</td>' if pelanggaran else EMPTY)
            + (f'<td data-label="{head["kejadian"]}" class="num">{row.incidents.count}</td>'
               if row.incidents.count else EMPTY_NUM)
            + (f'<td data-label="{head["ulang"]}">{grounds}</td>' if grounds else EMPTY)
            + "</tr>"
        )  # fmt: skip
    return mark_safe("\n".join(parts))  # noqa: S308 - every value above is escaped

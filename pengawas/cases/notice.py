"""The pemberitahuan status as a PDF letter (reportlab).

Bawaslu tells the pelapor what became of a laporan: registered or not, forwarded (to whom)
or stopped, and why; the same notice goes on the website and the office board (facts §6,
Ngadri case). The letter carries the kop of Bawaslu Kabupaten/Kota, the case's number, the
date of the status, the addressee, the status and its reasons, and a signature block left
for the Ketua's signature. For a temuan it is addressed to the public (papan pengumuman).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pengawas.cases.deadlines import jakarta_date
from pengawas.cases.models import Case, CaseEvent, CaseKind, ViolationType
from pengawas.cases.states import Destination, Status

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
# The letter is in Bahasa Indonesia whatever the user's language: it is an official letter.
STATUS_TEXT: dict[str, str] = {
    Status.DITERIMA: "Diterima, menunggu kajian awal",
    Status.KAJIAN_AWAL: "Dalam kajian awal",
    Status.DIREGISTRASI: "Diregistrasi",
    Status.TIDAK_DIREGISTRASI: "Tidak diregistrasi",
    Status.KLARIFIKASI: "Dalam klarifikasi",
    Status.KAJIAN: "Dalam kajian",
    Status.DITERUSKAN: "Diteruskan",
    Status.DIHENTIKAN: "Dihentikan",
}
DESTINATION_TEXT: dict[str, str] = {
    Destination.KPU: "KPU",
    Destination.GAKKUMDU: "Sentra Gakkumdu",
    Destination.DKPP: "Dewan Kehormatan Penyelenggara Pemilu (DKPP)",
}
VIOLATION_TEXT: dict[str, str] = {
    ViolationType.ADMINISTRASI: "Pelanggaran administrasi",
    ViolationType.PIDANA: "Tindak pidana pemilihan",
    ViolationType.KODE_ETIK: "Pelanggaran kode etik penyelenggara",
    ViolationType.HUKUM_LAINNYA: "Pelanggaran hukum lainnya",
}


def date_id(day: datetime.date) -> str:
    """7 Oktober 2020."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


def office_name(case: Case) -> str:
    """ "Kabupaten Blitar": the kabupaten/kota the case belongs to."""
    region = case.region
    while region.level not in ("kabupaten", "kota") and region.parent is not None:
        region = region.parent
    return region.name


def status_line(event: CaseEvent) -> str:
    text = STATUS_TEXT.get(event.status_to, event.status_to)
    if event.status_to == Status.DITERUSKAN:
        target = (
            event.destination_name
            if event.destination == Destination.OTHER
            else DESTINATION_TEXT.get(event.destination, event.destination)
        )
        text = f"{text} kepada {target}"
    return text


def notice_pdf(*, case: Case, events: Sequence[CaseEvent]) -> bytes:
    """The letter for the case's current status (its latest event)."""
    latest = (
        events[-1] if events else CaseEvent(case=case, status_to=case.status, on=case.received_at)
    )
    office = office_name(case)
    letter_day = jakarta_date(latest.on)
    number = case.register_number or case.receipt_number or case.label
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=25 * mm,
        rightMargin=25 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Pemberitahuan status {number}",
        author=f"Bawaslu {office}",
    )
    available = doc.width - 12  # the frame keeps 6 pt of padding on each side
    styles = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=styles["Normal"], fontName="Helvetica", fontSize=10.5, leading=14
    )
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    center = ParagraphStyle("center", parent=body, alignment=1)
    kop = ParagraphStyle("kop", parent=bold, fontSize=13, leading=16, alignment=1)
    title = ParagraphStyle("title", parent=bold, fontSize=11.5, leading=15, alignment=1)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[object] = [
        p("BADAN PENGAWAS PEMILIHAN UMUM", kop),
        p(office.upper(), kop),
        p("Sekretariat Bawaslu " + office, center),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.5, color=colors.black),
        Spacer(1, 5 * mm),
        p(
            "PEMBERITAHUAN TENTANG STATUS "
            + ("LAPORAN" if case.kind == CaseKind.LAPORAN else "TEMUAN"),
            title,
        ),
        p(f"Nomor: {number}", center),
        Spacer(1, 6 * mm),
    ]
    if case.kind == CaseKind.LAPORAN:
        story += [
            p("Kepada Yth."),
            p(f"Sdr/i. {case.pelapor_name}", bold),
            p(case.pelapor_address or "-"),
            p("di tempat"),
        ]
    else:
        story += [p("Diumumkan kepada masyarakat melalui papan pengumuman dan laman resmi.")]
    story.append(Spacer(1, 5 * mm))
    reasons = latest.note or "-"
    rows = [
        ("Nomor penerimaan", case.receipt_number or "-"),
        ("Nomor registrasi", case.register_number or "-"),
        ("Diterima pada", date_id(jakarta_date(case.received_at))),
    ]
    if case.kind == CaseKind.LAPORAN:
        rows.append(("Pelapor", case.pelapor_name))
    rows += [
        ("Terlapor", case.terlapor),
        ("Dugaan pelanggaran", VIOLATION_TEXT.get(case.violation_type, case.violation_type)),
        ("Status", status_line(latest)),
        ("Tanggal status", date_id(letter_day)),
        ("Alasan/keterangan", reasons),
    ]
    table = Table(
        [
            [p(label), p(":"), p(value, bold if label == "Status" else body)]
            for label, value in rows
        ],
        colWidths=[45 * mm, 4 * mm, available - 49 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story += [
        p(
            "Dengan ini kami beritahukan status penanganan "
            + ("laporan" if case.kind == CaseKind.LAPORAN else "temuan")
            + " dugaan pelanggaran pemilihan sebagai berikut:"
        ),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 6 * mm),
        p("Demikian pemberitahuan ini disampaikan untuk diketahui."),
        Spacer(1, 10 * mm),
    ]
    town = office.split(" ", 1)[-1]
    signature = Table(
        [
            [p(""), p(f"{town}, {date_id(letter_day)}", body)],
            [p(""), p(f"Ketua Bawaslu {office},", body)],
            [p(""), Spacer(1, 22 * mm)],
            [p(""), p("( ................................................ )", body)],
        ],
        colWidths=[available - 75 * mm, 75 * mm],
    )
    story.append(signature)
    doc.build(story)
    return out.getvalue()

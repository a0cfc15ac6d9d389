"""Why the archive refuses a file: one coded refusal per kind of hostile or unknown file,
each explained in Bahasa Indonesia (sniff.py decides; this says)."""

from django.utils.translation import gettext as _


class FileRefused(Exception):
    """The archive does not accept this file; `message` says why, in Bahasa Indonesia."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def refuse_unknown() -> FileRefused:
    return FileRefused(
        "unknown_type",
        _("Jenis berkas ini tidak dikenali atau tidak diterima arsip. Yang diterima: PDF, "
          "JPEG, PNG, WebP, GIF, TIFF, DOCX, XLSX, PPTX, ODT, ODS, MP3, M4A, MP4, MOV, OGG, "
          "WAV dan teks biasa (UTF-8)."),
    )  # fmt: skip


def refuse_markup(kind: str) -> FileRefused:
    if kind == "svg":
        return FileRefused(
            "svg",
            _("Berkas SVG tidak diterima: SVG dapat memuat skrip yang dijalankan peramban saat "
              "berkas dibuka. Simpan gambarnya sebagai PNG atau PDF."),
        )  # fmt: skip
    return FileRefused(
        "html",
        _("Berkas HTML (atau teks berisi skrip) tidak diterima: peramban menjalankan skrip di "
          "dalamnya saat berkas dibuka. Simpan halamannya sebagai PDF."),
    )  # fmt: skip


def refuse_polyglot(why: str) -> FileRefused:
    return FileRefused(
        "polyglot",
        _("Berkas ini sekaligus berupa dua jenis berkas (%(why)s), cara yang dipakai untuk "
          "menyelundupkan isi berbahaya. Berkas ditolak; simpan ulang dari aplikasi aslinya.")
        % {"why": why},
    )  # fmt: skip


def refuse_polyglot_markup() -> FileRefused:
    return refuse_polyglot(_("ada kode HTML atau skrip di dalamnya"))


def refuse_bomb(why: str) -> FileRefused:
    return FileRefused(
        "zip_bomb",
        _("Dokumen ini tampak seperti bom ZIP (%(why)s): membukanya dapat menghabiskan memori "
          "atau ruang disk. Berkas ditolak.")
        % {"why": why},
    )  # fmt: skip


def refuse_macro() -> FileRefused:
    return FileRefused(
        "macro",
        _("Dokumen ini memuat makro (program di dalam dokumen). Simpan ulang sebagai DOCX, "
          "XLSX atau PPTX biasa tanpa makro, atau sebagai PDF."),
    )  # fmt: skip


def refuse_pdf_action(action: bytes | str) -> FileRefused:
    name = action.decode("ascii") if isinstance(action, bytes) else action
    if name == "Launch":
        return FileRefused(
            "pdf_launch",
            _("PDF ini berisi perintah untuk menjalankan program lain (/Launch). Berkas "
              "ditolak; cetak ulang ke PDF biasa."),
        )  # fmt: skip
    return FileRefused(
        "pdf_javascript",
        _("PDF ini berisi JavaScript, yang dapat berjalan saat berkas dibuka. Berkas ditolak; "
          "cetak ulang ke PDF biasa (Print to PDF) lalu unggah hasilnya."),
    )  # fmt: skip


def refuse_pdf_executable() -> FileRefused:
    return FileRefused(
        "pdf_embedded_executable",
        _("PDF ini membawa program (berkas yang dapat dijalankan) di dalamnya. Berkas ditolak."),
    )

"""SIP, the archive: records (arsip), their files and versions, classifications and numbers.

Legal grounds: the classification codes follow Perbawaslu 11/2020 (pola klasifikasi arsip),
document numbers the tata naskah dinas of Perbawaslu 13/2020, retention the JRA (Perbawaslu
21/2014). Bawaslu edits the classification table; the codes shipped are those seen in real
Bawaslu documents (PM, PP, HK, HM).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Function(models.TextChoices):
    PENGAWASAN = "pengawasan", _("Pengawasan")
    PENCEGAHAN = "pencegahan", _("Pencegahan")
    PENINDAKAN = "penindakan", _("Penindakan")
    UMUM = "umum", _("Surat-menyurat umum")


class AccessLevel(models.TextChoices):
    BIASA = "biasa", _("Biasa")
    TERBATAS = "terbatas", _("Terbatas")
    RAHASIA = "rahasia", _("Rahasia")


class RetentionOutcome(models.TextChoices):
    MUSNAH = "musnah", _("Musnah")
    DINILAI_KEMBALI = "dinilai_kembali", _("Dinilai kembali")
    PERMANEN = "permanen", _("Permanen")


class Classification(models.Model):
    """One line of the classification table and its retention (JRA), edited by Bawaslu."""

    code = models.CharField(_("kode klasifikasi"), max_length=20, primary_key=True)
    name = models.CharField(_("nama"), max_length=200)
    retention_years = models.PositiveSmallIntegerField(
        _("masa simpan (tahun)"), null=True, blank=True
    )
    retention_outcome = models.CharField(
        _("keterangan akhir"),
        max_length=20,
        choices=RetentionOutcome.choices,
        default=RetentionOutcome.DINILAI_KEMBALI,
    )

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class NumberSeries(models.Model):
    """The last number issued in one series: numbers go without gaps or repeats per series
    and year (tata naskah dinas, Perbawaslu 13/2020)."""

    doc_type = models.CharField(max_length=20)  # e.g. "LHP", "PP", "" for letters without
    classification = models.ForeignKey(Classification, on_delete=models.PROTECT)
    unit_code = models.CharField(max_length=20)  # e.g. "16.12" (Bawaslu Kabupaten Blitar)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "classification", "unit_code", "year"],
                name="archive_series_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}/{self.classification_id}/{self.unit_code}/{self.year}"


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    """One archived work product: a Form A, a letter, a case file … with any number of files."""

    function = models.CharField(_("fungsi"), max_length=20, choices=Function.choices)
    title = models.CharField(_("judul"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(_("tahapan"), max_length=80, blank=True)
    # The jurisdiction the record belongs to: a kabupaten, kecamatan or desa, and for the
    # work of a PTPS also the TPS (region is then its desa).
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(
        "elections.Tps", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("tanggal"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="archive_records"
    )
    number = models.CharField(_("nomor"), max_length=120, unique=True, null=True, blank=True)
    classification = models.ForeignKey(
        Classification, on_delete=models.PROTECT, null=True, blank=True
    )
    access_level = models.CharField(
        _("tingkat akses"), max_length=10, choices=AccessLevel.choices, default=AccessLevel.BIASA
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="records")
    legal_hold = models.BooleanField(_("ditahan (proses hukum)"), default=False)
    legal_hold_reason = models.CharField(max_length=300, blank=True)
    # Disposal (penyusutan) keeps this row as a stub with its history; its files are gone.
    disposed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["region", "date"], name="archive_record_region_date"),
            models.Index(fields=["function", "date"], name="archive_record_function_date"),
            # Newest first without a search query (archive search, migration 0005).
            models.Index(fields=["date", "id"], name="archive_record_date_id"),
        ]

    def __str__(self) -> str:
        return self.number or self.title


class RecordLink(models.Model):
    """A relation between records: a prevention letter → a later Form A → a finding."""

    source = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="links_in")
    relation = models.CharField(max_length=40, default="terkait")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="archive_link_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="archive_link_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.relation} {self.target_id}"


class TextStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    EXTRACTED = "extracted", _("Teks terbaca")
    OCR_PENDING = "ocr_pending", _("Menunggu OCR")
    OCR_RUNNING = "ocr_running", _("OCR berjalan")
    OCR_DONE = "ocr_done", _("Teks dari OCR")
    NOT_OCRED = "not_ocred", _("Belum di-OCR")
    NO_TEXT = "no_text", _("Tanpa teks")
    WITHHELD = "withheld", _("Tidak diindeks (rahasia)")
    FAILED = "failed", _("Gagal dibaca")


class StoredFile(models.Model):
    """One version of one file of a record, encrypted at rest (archive/crypto.py).

    Nothing is overwritten: a correction is a new StoredFile with `replaces` pointing at the
    version it corrects; the old one stays.
    """

    record = models.ForeignKey(Record, on_delete=models.PROTECT, related_name="files")
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    version = models.PositiveSmallIntegerField(default=1)
    original_name = models.CharField(max_length=255)  # cleaned, never used as a path
    content_type = models.CharField(max_length=100)  # sniffed from the content
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)  # of the plaintext
    # Where the ciphertext lives in the storage (a random name) and how to open it: the
    # file's own data key, wrapped by the master key whose fingerprint is key_id.
    storage_name = models.CharField(max_length=200, unique=True)
    wrapped_key = models.BinaryField()
    key_id = models.CharField(max_length=16)
    preview_storage_name = models.CharField(max_length=200, blank=True)
    preview_wrapped_key = models.BinaryField(null=True, blank=True)
    text = models.TextField(blank=True)  # extracted or OCRed; empty for rahasia records
    text_status = models.CharField(
        max_length=20, choices=TextStatus.choices, default=TextStatus.PENDING
    )
    text_progress = models.PositiveSmallIntegerField(default=0)  # percent, for OCR jobs
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    # Set when the record is disposed: the ciphertext is deleted, this row stays as a stub.
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record", "pk"]

    def __str__(self) -> str:
        return f"{self.original_name} v{self.version}"


# Disposal requests and approvals (the custody part of SIP) live in their own module.
from pengawas.archive.models_custody import (  # noqa: E402, F401
    DisposalApproval,
    DisposalRequest,
)

# The full-text index (the search part of SIP) lives in its own module.
from pengawas.archive.models_search import SearchEntry  # noqa: E402, F401

"""Enforcement cases (penindakan): laporan and temuan, their status events and numbers.

Procedure: Perbawaslu 8/2020 on Penanganan Pelanggaran Pemilihan, as amended by Perbawaslu
9/2024 (facts §6); statuses and moves in cases/states.py, deadlines in cases/deadlines.py.
The pelapor's name, address and contact are personal data (UU 27/2022): shown only to the
roles that handle the case (cases/rules.py), never in lists, logs, URLs or audit entries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pengawas.cases.states import Destination, Status


class CaseKind(models.TextChoices):
    LAPORAN = "laporan", _("Laporan")
    TEMUAN = "temuan", _("Temuan")


class ViolationType(models.TextChoices):
    ADMINISTRASI = "administrasi", _("Pelanggaran administrasi")
    PIDANA = "pidana", _("Tindak pidana pemilihan")
    KODE_ETIK = "kode_etik", _("Pelanggaran kode etik penyelenggara")
    HUKUM_LAINNYA = "hukum_lainnya", _("Pelanggaran hukum lainnya")


class Case(models.Model):
    kind = models.CharField(_("jenis"), max_length=10, choices=CaseKind.choices)
    election = models.ForeignKey(
        "elections.Election", on_delete=models.PROTECT, related_name="cases"
    )
    # Where the case is handled: a kabupaten/kota (Bawaslu) or a kecamatan (Panwascam).
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    received_at = models.DateTimeField(_("diterima pada"))
    known_on = models.DateField(_("tanggal diketahui"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("waktu kejadian"), null=True, blank=True)
    place = models.CharField(_("tempat kejadian"), max_length=300, blank=True)
    pelapor_name = models.CharField(_("nama pelapor"), max_length=200, blank=True)
    pelapor_address = models.CharField(_("alamat pelapor"), max_length=300, blank=True)
    pelapor_contact = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    terlapor = models.CharField(_("terlapor"), max_length=300)
    description = models.TextField(_("uraian kejadian"))
    violation_type = models.CharField(
        _("dugaan jenis pelanggaran"), max_length=20, choices=ViolationType.choices
    )
    receipt_number = models.CharField(
        _("nomor penerimaan"), max_length=80, unique=True, null=True, blank=True
    )
    register_number = models.CharField(
        _("nomor registrasi"), max_length=80, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DITERIMA
    )
    # Deadline facts (cases/deadlines.py): kelengkapan syarat asked and given; more
    # information needed after registration (UU Pemilihan Pasal 134 ayat (6)).
    completeness_requested_at = models.DateTimeField(null=True, blank=True)
    completeness_met_at = models.DateTimeField(null=True, blank=True)
    more_info_needed = models.BooleanField(_("perlu keterangan tambahan"), default=False)
    source_record = models.ForeignKey(
        "archive.Record",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases_found",
        verbose_name=_("Form A sumber temuan"),
    )
    documents = models.ManyToManyField("archive.Record", blank=True, related_name="cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases_filed"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["region", "status"], name="cases_case_region_status")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """A short name safe for logs and the audit trail: a number, never personal data."""
        return self.register_number or self.receipt_number or f"perkara-{self.pk}"


class CaseEvent(models.Model):
    """One step of a case: its status move, when, who decided it, why and with which
    documents; for a forwarded case, where to."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    status_from = models.CharField(max_length=20, choices=Status.choices, blank=True)
    status_to = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateTimeField(_("tanggal"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("catatan/alasan"), blank=True)
    documents = models.ManyToManyField("archive.Record", blank=True, related_name="+")
    destination = models.CharField(
        _("diteruskan kepada"), max_length=10, choices=Destination.choices, blank=True
    )
    destination_name = models.CharField(_("nama instansi"), max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.status_from or '—'} → {self.status_to}"


class CaseCounter(models.Model):
    """The last number issued per series, unit and year: numbers go without gaps or repeats
    (series: "PL" receipts, "Reg/LP" and "Reg/TM" registrations)."""

    series = models.CharField(max_length=10)
    unit_code = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["series", "unit_code", "year"], name="cases_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.unit_code}/{self.year}: {self.last_number}"


class PublicHoliday(models.Model):
    """Hari libur nasional and cuti bersama, skipped when Pemilu deadlines count working
    days. Bawaslu keeps the list (`pengawas case_holiday`)."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

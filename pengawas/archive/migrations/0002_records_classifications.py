"""The classification codes seen in real Bawaslu document numbers (Perbawaslu 11/2020, pola
klasifikasi arsip), as a starting table that Bawaslu edits at /arsip/klasifikasi/.

Only the codes verified in real numbers are seeded (facts.md §7): PM (pengawasan; Form A
"LHP/PM.01.03"), PP (penanganan pelanggaran; "PP.00.00"), HK (hukum; PTPS SK "HK.01.01"),
HM (hubungan masyarakat/PPID; "HM.00"). The meaning of the sub-codes and the retention
periods (JRA, Perbawaslu 21/2014) were not found publicly, so every line is seeded with no
period and the outcome "dinilai kembali" (to be reviewed) until Bawaslu sets them.
"""

from typing import Any

from django.db import migrations

SEED = (
    ("PM", "Pengawasan"),
    ("PM.01.03", "Pengawasan: laporan hasil pengawasan (Form A) — uraian sub-kode belum diverifikasi"),
    ("PP", "Penanganan pelanggaran"),
    ("PP.00.00", "Penanganan pelanggaran — uraian sub-kode belum diverifikasi"),
    ("HK", "Hukum"),
    ("HK.01.01", "Hukum: surat keputusan (mis. pembentukan PTPS) — uraian sub-kode belum diverifikasi"),
    ("HM", "Hubungan masyarakat dan PPID"),
    ("HM.00", "Hubungan masyarakat dan PPID — uraian sub-kode belum diverifikasi"),
)


def seed(apps: Any, schema_editor: Any) -> None:
    Classification = apps.get_model("archive", "Classification")
    for code, name in SEED:
        Classification.objects.get_or_create(
            code=code,
            defaults={"name": name, "retention_years": None, "retention_outcome": "dinilai_kembali"},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    Classification = apps.get_model("archive", "Classification")
    Record = apps.get_model("archive", "Record")
    NumberSeries = apps.get_model("archive", "NumberSeries")
    used = set(Record.objects.values_list("classification_id", flat=True)) | set(
        NumberSeries.objects.values_list("classification_id", flat=True)
    )
    Classification.objects.filter(code__in=[c for c, _ in SEED]).exclude(code__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

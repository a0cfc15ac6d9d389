from typing import Any

from django.core.management.base import BaseCommand

from pengawas.archive.crypto import key_fingerprint, key_generate, key_parse


class Command(BaseCommand):
    help = (
        "Print a new archive master key (32 random bytes, base64url) on stdout, and how to "
        "set it on stderr: `pengawas archive_genkey > /run/secrets/pengawas-arsip`."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = key_generate()
        self.stdout.write(key)
        self.stderr.write(
            f"Kunci arsip baru (sidik {key_fingerprint(key_parse(key))}). Setel sebagai "
            "PENGAWAS_ARCHIVE_KEY, atau simpan di berkas yang hanya dapat dibaca Pengawas "
            "(chmod 600) dan setel PENGAWAS_ARCHIVE_KEY_FILE ke nama berkas itu; lalu mulai "
            "ulang Pengawas.\nJangan simpan kunci di basis data, di folder arsip, atau di "
            "cadangan yang sama dengan arsip. Simpan salinannya di tempat aman milik Bawaslu: "
            "tanpa kunci ini berkas arsip tidak dapat dibuka oleh siapa pun.\nSudah ada berkas "
            "di arsip? Ganti kunci dengan `pengawas archive_rotate_key --new-key-file BERKAS`."
        )

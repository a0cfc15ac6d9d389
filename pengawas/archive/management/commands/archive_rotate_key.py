import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pengawas.archive.crypto import ArchiveKeyMissing, key_parse
from pengawas.archive.services_files import FileCorrupted, archive_key_rotate
from pengawas.lib.numbers import id_int


class Command(BaseCommand):
    help = (
        "Re-wrap every archive file's data key under a new master key, in one transaction "
        "(the stored bytes stay as they are). The new key is read from a file or stdin, "
        "never from the command line."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--new-key-file", type=Path, metavar="BERKAS", help="file holding the new key"
        )
        source.add_argument(
            "--new-key-stdin", action="store_true", help="read the new key from stdin"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key_stdin"]:
            text = sys.stdin.readline()
        else:
            try:
                text = options["new_key_file"].read_text(encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Berkas kunci tidak dapat dibaca: {error}") from None
        try:
            new_key = key_parse(text, name="Kunci baru")
            rotation = archive_key_rotate(new_key=new_key)
        except (ArchiveKeyMissing, FileCorrupted) as error:
            raise CommandError(f"{error}\nTidak ada yang diubah.") from None
        before = ", ".join(rotation.key_ids_before) or "-"
        self.stdout.write(
            f"Kunci arsip diganti: {id_int(rotation.files)} berkas dan "
            f"{id_int(rotation.previews)} pratinjau kini dibungkus kunci {rotation.key_id} "
            f"(sebelumnya {before}); isi berkas tidak diubah."
        )
        self.stdout.write(
            "Langkah berikut: setel PENGAWAS_ARCHIVE_KEY (atau PENGAWAS_ARCHIVE_KEY_FILE) ke "
            "kunci baru, hapus PENGAWAS_ARCHIVE_KEY_OLD, lalu mulai ulang Pengawas. Kunci lama "
            "tidak lagi membuka arsip ini; cadangan basis data dari sebelum hari ini masih "
            "memerlukannya."
        )

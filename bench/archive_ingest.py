"""Archive ingest: file_store (sniff, SHA-256, AES-256-GCM, save, row, audit) against
plain `sha256sum` plus `cp` of the same files, measured in the same run.

Files: N synthetic files (default 200) of 1-20 MB, half PDFs (one page whose image is a
stream of random bytes, as a scanned page is) and half JPEG-shaped files (a JPEG header,
random bytes, an end marker), made once with a fixed seed and kept in bench/out. Random
bytes stand for what scans and photos are: incompressible.

Baseline: `sha256sum` over all the files (one process) and then `cp` of all the files into an
empty folder (one process), both timed, run before and after Pengawas; the faster baseline
run counts (the stricter comparison). All files sit in the page cache for both sides.

    .venv/bin/python bench/archive_ingest.py [--db sqlite|postgres] [--files 200]
"""

import argparse
import random
import resource
import shutil
import subprocess
import time
from pathlib import Path

from common import OUT, django_in_process, machine

MB = 1024 * 1024


def _pdf(size: int, rng: random.Random) -> bytes:
    image = rng.randbytes(size)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im0 5 0 R >> >> >>",
        b"<< /Length 35 >>\nstream\nq 595 0 0 842 0 0 cm /Im0 Do Q\nendstream",
        b"<< /Type /XObject /Subtype /Image /Width 2480 /Height 3508 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /DCTDecode /Length " + str(size).encode() + b" >>\nstream\n"
        + image + b"\nendstream",
    ]  # fmt: skip
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _jpeg(size: int, rng: random.Random) -> bytes:
    header = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return header + rng.randbytes(size - len(header) - 2) + b"\xff\xd9"


def synthetic_files(count: int) -> list[Path]:
    folder = OUT / f"ingest-{count}"
    marker = folder / "done"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rng = random.Random(7)
        for n in range(count):
            size = rng.randint(1 * MB, 20 * MB)
            if n % 2:
                (folder / f"pindaian-{n:04d}.pdf").write_bytes(_pdf(size, rng))
            else:
                (folder / f"foto-{n:04d}.jpg").write_bytes(_jpeg(size, rng))
        marker.write_text("ok")
    return sorted(p for p in folder.iterdir() if p.name != "done")


def baseline(files: list[Path]) -> tuple[float, float]:
    target = OUT / "ingest-baseline"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    started = time.perf_counter()
    subprocess.run(["sha256sum", *map(str, files)], check=True, stdout=subprocess.DEVNULL)
    hashed = time.perf_counter()
    subprocess.run(["cp", *map(str, files), str(target)], check=True)
    copied = time.perf_counter()
    shutil.rmtree(target)
    return hashed - started, copied - hashed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--files", type=int, default=200)
    options = parser.parse_args()
    files = synthetic_files(options.files)
    total = sum(p.stat().st_size for p in files)
    data_dir = OUT / f"ingest-{options.db}"
    shutil.rmtree(data_dir / "archive", ignore_errors=True)
    from pengawas.archive.crypto import key_generate

    django_in_process(options.db, data_dir, PENGAWAS_ARCHIVE_KEY=key_generate())
    import datetime

    from django.contrib.auth.models import User

    from pengawas.archive.models import Record
    from pengawas.archive.services_files import file_store
    from pengawas.regions.models import Region

    first_hash, first_copy = baseline(files)
    user = User.objects.create_user("bench-arsip")
    record = Record.objects.create(
        function="pengawasan", title="Bench", region=Region.objects.get(code="35.05"),
        date=datetime.date(2020, 12, 9), author=user,
    )  # fmt: skip
    started = time.perf_counter()
    for path in files:
        with path.open("rb") as source:
            file_store(record=record, source=source, name=path.name, user=user)
    ours = time.perf_counter() - started
    second_hash, second_copy = baseline(files)
    base = min(first_hash + first_copy, second_hash + second_copy)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {machine()}")
    print(f"engine: {options.db}; {len(files)} files, {total / MB:,.0f} MiB")
    print(
        f"baseline sha256sum + cp: {base:.2f} s ({total / MB / base:,.0f} MiB/s)"
        f" [runs: {first_hash:.2f}+{first_copy:.2f} s, {second_hash:.2f}+{second_copy:.2f} s]"
    )
    print(f"file_store: {ours:.2f} s ({total / MB / ours:,.0f} MiB/s), peak RSS {peak:.0f} MiB")
    print(f"throughput ratio (file_store / baseline): {base / ours:.2f}  (target >= 0.5)")
    shutil.rmtree(data_dir / "archive", ignore_errors=True)


if __name__ == "__main__":
    main()

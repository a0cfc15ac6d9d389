"""Evidence bundles as ZIPs: writing, checking, and hostile bundles. No database anywhere
here (pytest-django refuses database access in these tests): the checker must work on any
machine."""

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from pengawas.archive import bundle
from pengawas.archive.bundle import (
    BundleFile,
    BundleFileChanged,
    bundle_verify,
    clean_name,
    name_is_safe,
    write_bundle,
)

PDF = b"%PDF-1.4\n" + b"laporan hasil pengawasan " * 4000 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10


def _file(path: str, data: bytes) -> BundleFile:
    return BundleFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        chunks=lambda: (data[i : i + 1000] for i in range(0, len(data), 1000)),
    )


def _manifest(files: dict[str, bytes]) -> dict[str, Any]:
    return {
        "bundle_id": "b" * 32,
        "records": [
            {
                "id": 7,
                "files": [
                    {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                    for path, data in files.items()
                ],
            }
        ],
    }


@pytest.fixture
def good(tmp_path: Path) -> Path:
    files = {"files/7/1-lhp.pdf": PDF, "files/7/2-foto.png": PNG}
    path = tmp_path / "bundel.zip"
    with path.open("wb") as out:
        write_bundle(
            out=out,
            manifest=_manifest(files),
            files=[_file(name, data) for name, data in files.items()],
            custody={"records": {"7": []}},
            readme="Petunjuk\n",
        )
    return path


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Copy a ZIP entry by entry; change returns new bytes, or None to leave an entry out."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info.filename, data)


def test_written_bundle_verifies_and_its_hash_is_the_bytes_written(good: Path) -> None:
    check = bundle_verify(path=good)
    assert check.ok, check.summary
    assert check.checked == 5  # two files, custody.json, SHA256SUMS, README.txt
    assert "UTUH" in check.summary and "b" * 32 in check.summary
    with zipfile.ZipFile(good) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        sums = archive.read("SHA256SUMS").decode()
        assert archive.getinfo("files/7/1-lhp.pdf").compress_type == zipfile.ZIP_STORED
    assert names[:2] == ["files/7/1-lhp.pdf", "files/7/2-foto.png"]
    assert manifest["format"] == bundle.FORMAT
    assert set(manifest["extras"]) == {"custody.json", "SHA256SUMS", "README.txt"}
    assert f"{hashlib.sha256(PDF).hexdigest()}  files/7/1-lhp.pdf\n" in sums


def test_streams_to_an_output_that_cannot_seek() -> None:
    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, data: Any) -> int:
            self.data += bytes(data)
            return len(data)

    pipe = Pipe()
    written = write_bundle(
        out=pipe,  # type: ignore[arg-type]
        manifest=_manifest({"files/1/1-a.pdf": PDF}),
        files=[_file("files/1/1-a.pdf", PDF)],
        custody={},
        readme="x",
    )
    assert written.sha256 == hashlib.sha256(pipe.data).hexdigest()
    assert written.size == len(pipe.data)
    assert zipfile.ZipFile(io.BytesIO(bytes(pipe.data))).read("files/1/1-a.pdf") == PDF


def test_a_file_that_reads_back_differently_stops_the_bundle() -> None:
    wrong = BundleFile(path="files/1/1-a.pdf", sha256="0" * 64, size=3, chunks=lambda: [b"abc"])
    with pytest.raises(BundleFileChanged) as raised:
        write_bundle(out=io.BytesIO(), manifest=_manifest({}), files=[wrong], custody={}, readme="")
    assert raised.value.path == "files/1/1-a.pdf"


def test_one_byte_changed_is_named(good: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "ubah.zip"

    def flip(name: str, data: bytes) -> bytes:
        if name == "files/7/2-foto.png":
            return data[:100] + bytes([data[100] ^ 1]) + data[101:]
        return data

    _rewrite(good, tampered, flip)
    check = bundle_verify(path=tampered)
    assert not check.ok
    assert check.changed == ["files/7/2-foto.png"]
    assert check.missing == [] and check.extra == []
    assert "Berubah: files/7/2-foto.png" in check.summary


def test_a_removed_file_is_missing(good: Path, tmp_path: Path) -> None:
    cut = tmp_path / "kurang.zip"
    _rewrite(good, cut, lambda name, data: None if name == "files/7/1-lhp.pdf" else data)
    check = bundle_verify(path=cut)
    assert check.missing == ["files/7/1-lhp.pdf"] and not check.changed
    assert "Hilang: files/7/1-lhp.pdf" in check.summary


def test_an_added_file_is_extra(good: Path, tmp_path: Path) -> None:
    added = tmp_path / "tambah.zip"
    _rewrite(good, added, lambda name, data: data)
    with zipfile.ZipFile(added, "a") as archive:
        archive.writestr("files/7/3-sisipan.pdf", b"%PDF-1.4 palsu")
    check = bundle_verify(path=added)
    assert check.extra == ["files/7/3-sisipan.pdf"]
    assert not check.ok and "Tambahan" in check.summary


def test_a_changed_custody_or_readme_is_found(good: Path, tmp_path: Path) -> None:
    edited = tmp_path / "jejak.zip"
    _rewrite(good, edited, lambda n, d: b'{"records": {}}' if n == "custody.json" else d)
    assert bundle_verify(path=edited).changed == ["custody.json"]


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "files/../../x", "C:/Windows/x", "files/7/a\x00b"],
)
def test_a_hostile_entry_name_is_refused(good: Path, tmp_path: Path, name: str) -> None:
    hostile = tmp_path / "jahat.zip"
    _rewrite(good, hostile, lambda n, d: d)
    with zipfile.ZipFile(hostile, "a") as archive:
        info = zipfile.ZipInfo("placeholder")
        info.filename = info.orig_filename = name
        archive.writestr(info, b"owned")
    check = bundle_verify(path=hostile)
    assert not check.ok
    assert any("tidak aman" in problem for problem in check.problems)
    # Nothing is ever written next to the bundle.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bundel.zip", "jahat.zip"]


def test_a_manifest_pointing_outside_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    manifest = {
        "format": bundle.FORMAT,
        "records": [{"files": [{"path": "../x", "sha256": "a" * 64, "size": 1}]}],
        "extras": {},
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    check = bundle_verify(path=path)
    assert not check.ok and "tidak" in check.summary


def test_a_zip_bomb_is_not_read(tmp_path: Path) -> None:
    zeros = b"\0" * (4 * 1024 * 1024)  # deflates about 1000 to 1
    path = tmp_path / "bom.zip"
    manifest = {
        "format": bundle.FORMAT,
        "bundle_id": "bom",
        "records": [
            {
                "files": [
                    {
                        "path": "files/1/1-nol.bin",
                        "sha256": hashlib.sha256(zeros).hexdigest(),
                        "size": len(zeros),
                    }
                ]
            }
        ],
        "extras": {
            name: {"sha256": hashlib.sha256(b"").hexdigest(), "size": 0}
            for name in ("custody.json", "SHA256SUMS", "README.txt")
        },
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("files/1/1-nol.bin", zeros)
        for name in ("custody.json", "SHA256SUMS", "README.txt"):
            archive.writestr(name, b"")
        archive.writestr("manifest.json", json.dumps(manifest))
    assert path.stat().st_size < 100_000
    check = bundle_verify(path=path)
    assert not check.ok
    assert any("bom zip" in problem for problem in check.problems)


def test_an_entry_larger_than_the_manifest_says_is_changed_unread(
    good: Path, tmp_path: Path
) -> None:
    grown = tmp_path / "besar.zip"
    _rewrite(good, grown, lambda n, d: d + b"x" * 10 if n == "files/7/1-lhp.pdf" else d)
    assert bundle_verify(path=grown).changed == ["files/7/1-lhp.pdf"]


def test_not_a_zip_and_no_manifest(tmp_path: Path) -> None:
    junk = tmp_path / "bukan.zip"
    junk.write_bytes(b"PK\x03\x04 bukan zip")
    check = bundle_verify(path=junk)
    assert not check.ok and "bukan berkas ZIP" in check.summary
    bare = tmp_path / "kosong.zip"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("files/1/1-a.pdf", b"x")
    assert bundle_verify(path=bare).problems == ["manifest.json tidak ada."]
    assert not bundle_verify(path=tmp_path / "tidak-ada.zip").ok


def test_clean_names() -> None:
    assert (
        clean_name("Laporan Hasil Pengawasan (final).pdf") == "Laporan_Hasil_Pengawasan_final_.pdf"
    )
    assert clean_name("../../etc/passwd") == "passwd"
    assert clean_name("C:\\Users\\x\\Foto Ñgawi.jpg") == "Foto_Ngawi.jpg"
    assert clean_name("....") == "berkas"
    long = clean_name("a" * 300 + ".pdf")
    assert len(long) == 100 and long.endswith(".pdf")
    assert name_is_safe("files/1/2-a.pdf") and not name_is_safe("files//a")


def test_command_exits_0_or_1_with_an_indonesian_summary(
    good: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("archive_bundle_verify", str(good))
    assert "UTUH" in capsys.readouterr().out
    cut = tmp_path / "kurang.zip"
    _rewrite(good, cut, lambda name, data: None if name == "README.txt" else data)
    with pytest.raises(SystemExit) as exited:
        call_command("archive_bundle_verify", str(good), str(cut))
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "TIDAK UTUH" in err and "Hilang: README.txt" in err


def test_module_runs_without_django(good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bundle.main([str(good)]) == 0
    assert bundle.main([]) == 2


def test_checker_runs_as_a_plain_python_module(good: Path) -> None:
    """No settings, no database: `python -m pengawas.archive.bundle` on any machine."""
    import os
    import subprocess
    import sys

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "PENGAWAS", "DATABASE"))
    }
    done = subprocess.run(
        [sys.executable, "-m", "pengawas.archive.bundle", str(good)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "UTUH" in done.stdout

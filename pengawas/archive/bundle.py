"""Evidence bundles (bundel bukti): writing the ZIP and checking it against its manifest.

A bundle is a ZIP holding files/<record id>/<version>-<clean name>, manifest.json (each
file's path, size and SHA-256 and each record's metadata), custody.json (the chain of
custody from the audit trail), SHA256SUMS (for `sha256sum -c`) and README.txt. The
manifest also names the SHA-256 of custody.json, SHA256SUMS and README.txt. The bundle's
own SHA-256 is written to the audit trail (RECORDS_EXPORTED) when it is made, so a changed
manifest is found too by whoever can read that trail.

This module imports nothing from Django and touches no database: bundle_verify works on any
machine (`pengawas archive_bundle_verify BUNDLE.zip`, or `python -m pengawas.archive.bundle
BUNDLE.zip` with Pengawas installed but not configured). A bundle may come from anyone, so
the checker treats it as hostile: names are checked before use and never joined to a path,
nothing is extracted to disk, every entry is hashed as a stream of bounded chunks and read
no further than the size the manifest gives, highly compressed entries (zip bombs) are
refused unread, and encrypted entries are refused.
"""

import hashlib
import json
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

FORMAT = "pengawas-bundel/1"
MANIFEST = "manifest.json"
CUSTODY = "custody.json"
SUMS = "SHA256SUMS"
README = "README.txt"
FILES_DIR = "files/"
CHUNK = 1024 * 1024

# Limits of the checker (a bundle may be hostile).
MAX_ENTRIES = 200_000
MAX_NAME = 400  # characters in one entry name
MAX_META = 256 * 1024 * 1024  # manifest.json, custody.json, SHA256SUMS, README.txt
# A stored file in a bundle is stored, not deflated (ratio ~1); manifest and custody deflate
# maybe 10-20x. Anything past this ratio and size is treated as a zip bomb and not read.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024

_HEX64 = re.compile(r"[0-9a-f]{64}")
_UNSAFE_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def clean_name(name: str, *, limit: int = 100) -> str:
    """A file name safe in any ZIP tool and file system: ASCII letters, digits, . _ -."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_CHARS.sub("_", ascii_name).strip("._-")
    if not cleaned:
        return "berkas"
    if len(cleaned) > limit:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            cleaned = stem[: limit - len(ext) - 1] + "." + ext
        else:
            cleaned = cleaned[:limit]
    return cleaned


def name_is_safe(name: str) -> bool:
    """A relative POSIX name with no way out of its folder and nothing a tool may misread."""
    if not name or len(name) > MAX_NAME or name.startswith("/") or "\\" in name:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        return False
    if re.match(r"^[A-Za-z]:", name):
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


# --- Writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BundleFile:
    """One file to put in the bundle: where, what it should hash to, and its plaintext."""

    path: str
    sha256: str
    size: int
    chunks: Callable[[], Iterable[bytes]]


class BundleFileChanged(Exception):
    """A file read back for the bundle does not hash to what was recorded at ingest."""

    def __init__(self, path: str, *, expected: str, found: str) -> None:
        super().__init__(f"{path}: sha256 {found} ≠ {expected}")
        self.path, self.expected, self.found = path, expected, found


@dataclass(frozen=True)
class Written:
    sha256: str  # of the whole ZIP
    size: int
    manifest: dict[str, Any]


class _HashingWriter:
    """Passes bytes on and hashes them. It has no seek(): zipfile then writes each entry's
    sizes after its data (data descriptors), so the ZIP can go straight to a socket."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._out.write(data)
        self._sha.update(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._out.flush()

    def hexdigest(self) -> str:
        return self._sha.hexdigest()


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()


def write_bundle(
    *,
    out: IO[bytes],
    manifest: dict[str, Any],
    files: Iterable[BundleFile],
    custody: Any,
    readme: str,
) -> Written:
    """Stream the ZIP to out (ZIP64, files stored as they are) and return its SHA-256.

    manifest is completed here: "format", and "extras" (the hashes of custody.json,
    SHA256SUMS and README.txt). Each file is hashed as it is written; a file that does not
    hash to its recorded sha256 stops the bundle (BundleFileChanged)."""
    writer = _HashingWriter(out)
    sums: list[str] = []
    with zipfile.ZipFile(writer, "w", allowZip64=True) as archive:  # type: ignore[call-overload]
        for item in files:
            if not name_is_safe(item.path):
                raise ValueError(f"unsafe path in bundle: {item.path!r}")
            sha = hashlib.sha256()
            info = zipfile.ZipInfo(item.path, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED
            with archive.open(info, "w", force_zip64=True) as entry:
                for chunk in item.chunks():
                    sha.update(chunk)
                    entry.write(chunk)
            if sha.hexdigest() != item.sha256:
                raise BundleFileChanged(item.path, expected=item.sha256, found=sha.hexdigest())
            sums.append(f"{item.sha256}  {item.path}\n")
        extras: dict[str, dict[str, Any]] = {}
        for name, data in (
            (CUSTODY, _json_bytes(custody)),
            (SUMS, "".join(sums).encode()),
            (README, readme.encode()),
        ):
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
            extras[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        full = {"format": FORMAT, **manifest, "extras": extras}
        archive.writestr(MANIFEST, _json_bytes(full), compress_type=zipfile.ZIP_DEFLATED)
    writer.flush()
    return Written(sha256=writer.hexdigest(), size=writer.size, manifest=full)


# --- Checking ---------------------------------------------------------------------------


@dataclass
class BundleCheck:
    """What bundle_verify found. ok only when every listed file is present and unchanged,
    nothing else is in the ZIP, and nothing hostile was seen."""

    path: str
    bundle_id: str = ""
    checked: int = 0
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.changed or self.problems)

    @property
    def summary(self) -> str:
        """In Bahasa Indonesia, as all command-line output is."""
        head = f"Bundel {self.bundle_id}" if self.bundle_id else f"Berkas {self.path}"
        if self.ok:
            return (
                f"{head}: UTUH. {self.checked} berkas cocok dengan manifest "
                "(ukuran dan SHA-256); tidak ada yang hilang, berubah atau ditambahkan."
            )
        lines = [f"{head}: TIDAK UTUH."]
        lines += [f"  Masalah: {problem}" for problem in self.problems]
        lines += [f"  Hilang: {name}" for name in self.missing]
        lines += [f"  Berubah: {name}" for name in self.changed]
        lines += [f"  Tambahan (tidak ada di manifest): {name}" for name in self.extra]
        lines.append(
            f"  Ringkasan: {self.checked} diperiksa, {len(self.missing)} hilang, "
            f"{len(self.changed)} berubah, {len(self.extra)} tambahan, "
            f"{len(self.problems)} masalah lain."
        )
        return "\n".join(lines)


def _shown(name: str) -> str:
    """A hostile name as printable text (control characters escaped), never too long."""
    text = name.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 120 else text[:117] + "..."


def _looks_like_bomb(info: zipfile.ZipInfo) -> bool:
    if info.file_size <= RATIO_FLOOR:
        return False
    return info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO


def _stream_hash(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> tuple[str, int]:
    """SHA-256 and length of an entry, reading at most limit + 1 bytes in bounded chunks."""
    sha = hashlib.sha256()
    total = 0
    with archive.open(info) as entry:
        while total <= limit:
            chunk = entry.read(min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            sha.update(chunk)
            total += len(chunk)
    return sha.hexdigest(), total


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    if info.file_size > MAX_META or _looks_like_bomb(info):
        return None
    with archive.open(info) as entry:
        data = entry.read(MAX_META + 1)
    return data if len(data) <= MAX_META else None


def _expected(manifest: Any, check: BundleCheck) -> dict[str, tuple[str, int]] | None:
    """path → (sha256, size) from a manifest, or None (with a problem) if it is malformed."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        check.problems.append("manifest.json bukan manifest bundel Pengawas.")
        return None
    check.bundle_id = str(manifest.get("bundle_id", ""))[:64]
    entries: list[tuple[Any, Any, Any]] = []
    records = manifest.get("records")
    extras = manifest.get("extras")
    if not isinstance(records, list) or not isinstance(extras, dict):
        check.problems.append("manifest.json tidak lengkap (records/extras).")
        return None
    for record in records:
        files = record.get("files") if isinstance(record, dict) else None
        if not isinstance(files, list):
            check.problems.append("manifest.json: daftar berkas arsip rusak.")
            return None
        for item in files:
            if not isinstance(item, dict):
                check.problems.append("manifest.json: entri berkas rusak.")
                return None
            if item.get("path") is None:  # disposed: listed, no longer in any bundle
                continue
            entries.append((item.get("path"), item.get("sha256"), item.get("size")))
    for name in (CUSTODY, SUMS, README):
        extra = extras.get(name)
        if not isinstance(extra, dict):
            check.problems.append(f"manifest.json tidak menyebut {name}.")
            return None
        entries.append((name, extra.get("sha256"), extra.get("size")))
    expected: dict[str, tuple[str, int]] = {}
    for path, sha, size in entries:
        if not isinstance(path, str) or not name_is_safe(path) or path == MANIFEST:
            check.problems.append(f"manifest.json memuat jalur tidak aman: {_shown(str(path))}")
            return None
        if not isinstance(sha, str) or not _HEX64.fullmatch(sha):
            check.problems.append(f"manifest.json: SHA-256 tidak sah untuk {path}")
            return None
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            check.problems.append(f"manifest.json: ukuran tidak sah untuk {path}")
            return None
        if path in expected:
            check.problems.append(f"manifest.json menyebut {path} dua kali.")
            return None
        expected[path] = (sha, size)
    return expected


def bundle_verify(*, path: str | Path) -> BundleCheck:
    """Check every file of a bundle against its manifest: missing, extra, changed."""
    check = BundleCheck(path=str(path))
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        check.problems.append(f"bukan berkas ZIP yang dapat dibaca ({type(error).__name__}).")
        return check
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            check.problems.append(f"terlalu banyak entri ({len(infos)}); ditolak.")
            return check
        by_name: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            # The name as stored (zipfile already turned "\" into "/" on some systems).
            name = info.orig_filename
            if not name_is_safe(name):
                check.problems.append(f"nama entri tidak aman ditolak: {_shown(name)}")
                continue
            if name in by_name:
                check.problems.append(f"nama entri ganda: {_shown(name)}")
                continue
            if info.flag_bits & 0x1:
                check.problems.append(f"entri terenkripsi ditolak: {_shown(name)}")
                continue
            by_name[name] = info
        manifest_info = by_name.get(MANIFEST)
        if manifest_info is None:
            check.problems.append("manifest.json tidak ada.")
            return check
        try:
            raw = _read_small(archive, manifest_info)
            manifest = json.loads(raw) if raw is not None else None
        except (zipfile.BadZipFile, ValueError, OSError, EOFError):
            manifest = None
        if manifest is None:
            check.problems.append("manifest.json tidak dapat dibaca (rusak atau terlalu besar).")
            return check
        expected = _expected(manifest, check)
        if expected is None:
            return check
        for name, (sha, size) in expected.items():
            found_info = by_name.get(name)
            if found_info is None:
                check.missing.append(name)
                continue
            info = found_info
            check.checked += 1
            if info.file_size != size:
                check.changed.append(name)
                continue
            if _looks_like_bomb(info):
                check.problems.append(f"rasio pemampatan mencurigakan (bom zip?): {name}")
                continue
            try:
                found, length = _stream_hash(archive, info, size)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
                check.changed.append(name)
                continue
            if found != sha or length != size:
                check.changed.append(name)
        check.extra = sorted(set(by_name) - set(expected) - {MANIFEST})
    return check


def main(argv: list[str] | None = None) -> int:
    """python -m pengawas.archive.bundle BUNDLE.zip … (exit 0: all intact, 1: not)."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("Pemakaian: python -m pengawas.archive.bundle BUNDEL.zip …", file=sys.stderr)
        return 2
    status = 0
    for arg in args:
        check = bundle_verify(path=arg)
        print(check.summary, file=sys.stdout if check.ok else sys.stderr)
        status = status or (0 if check.ok else 1)
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""Previews of archived files: a small JPEG of an image or of a PDF's first page.

- Images: Pillow, at most PREVIEW_SIZE pixels on the longer side, turned upright by its EXIF
  orientation and then saved without any EXIF (no camera, place or time metadata leaks).
  Decompression bombs (more than PREVIEW_MAX_PIXELS, or what Pillow itself calls a bomb)
  get no preview, never a crash.
- PDFs: the first page through `pdftoppm` (poppler-utils) when it is on PATH; without it, no
  preview.

The caller (services_files.preview_make) decrypts the file for this and encrypts the result
like any stored file; the plaintext handed to pdftoppm lives in a private temporary folder
only while it runs.
"""

import io
import logging
import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

PREVIEW_SIZE = 800
PREVIEW_MAX_PIXELS = 80_000_000  # about a 10,000 by 8,000 scan; more is refused
PREVIEW_MAX_SOURCE = 512 * 1024 * 1024  # larger files get no preview
PDFTOPPM_TIMEOUT = 60
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/tiff"})


def preview_possible(content_type: str) -> bool:
    return content_type in IMAGE_TYPES or content_type == "application/pdf"


def preview_render(*, chunks: Iterable[bytes], content_type: str, size: int) -> bytes | None:
    """A JPEG preview of the plaintext given by `chunks`, or None when there is none."""
    if not preview_possible(content_type) or size > PREVIEW_MAX_SOURCE:
        return None
    if content_type == "application/pdf":
        return _pdf_first_page(chunks)
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as spool:
        for chunk in chunks:
            spool.write(chunk)
        spool.seek(0)
        return image_thumbnail(spool)


def image_thumbnail(source: IO[bytes]) -> bytes | None:
    """JPEG, at most PREVIEW_SIZE px, EXIF applied and stripped; None for bombs and junk."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                if image.width * image.height > PREVIEW_MAX_PIXELS:
                    return None
                if image.format == "JPEG":
                    image.draft("RGB", (PREVIEW_SIZE, PREVIEW_SIZE))  # decode at 1/2 … 1/8
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
                picture = upright.convert("RGB")
                # A new image from the pixels alone: no EXIF, XMP, ICC or comments.
                clean = Image.new("RGB", picture.size)
                clean.paste(picture)
                out = io.BytesIO()
                clean.save(out, format="JPEG", quality=80, optimize=True)
                return out.getvalue()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        logger.warning("archive preview: decompression bomb refused")
        return None
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
        return None


def _pdf_first_page(chunks: Iterable[bytes]) -> bytes | None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        return None
    with tempfile.TemporaryDirectory(prefix="pengawas-preview-") as folder:
        os.chmod(folder, 0o700)
        source = Path(folder) / "berkas.pdf"
        with source.open("wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        out_prefix = Path(folder) / "halaman"
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [pdftoppm, "-f", "1", "-l", "1", "-singlefile", "-jpeg", "-jpegopt",
                 "quality=80", "-scale-to", str(PREVIEW_SIZE), str(source), str(out_prefix)],
                check=True,
                capture_output=True,
                timeout=PDFTOPPM_TIMEOUT,
            )  # fmt: skip
        except (subprocess.SubprocessError, OSError):
            return None
        rendered = out_prefix.with_suffix(".jpg")
        if not rendered.exists():
            return None
        with rendered.open("rb") as handle:
            return image_thumbnail(handle)

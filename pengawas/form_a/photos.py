"""Photos attached to a Form A: checked with Pillow and kept small.

The phone shrinks a photo before it is sent (form-a.js: at most 1600 px on the long side,
JPEG quality 0.8). A photo that arrives larger (a phone without JavaScript sends the camera's
original) is shrunk here the same way, so the stored copies stay small; a photo already small
is kept byte for byte, so the same photo sent twice has the same SHA-256.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 1600
JPEG_QUALITY = 80
MAX_UPLOAD_BYTES = 15 * 1024 * 1024  # a camera original before it is shrunk
MAX_PIXELS = 50_000_000  # refuse decompression bombs before decoding
MAX_PHOTOS = 10
ACCEPTED = frozenset({"JPEG", "PNG", "WEBP"})


class PhotoRefused(ValueError):
    """The upload is not a photo we keep; the message says why, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Photo:
    content: bytes
    sha256: str
    width: int
    height: int


def photo_prepare(source: IO[bytes]) -> Photo:
    """A JPEG of at most MAX_SIDE px from an uploaded image, or PhotoRefused."""
    raw = source.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PhotoRefused(
            _("Foto terlalu besar (lebih dari %(mb)d MB).") % {"mb": MAX_UPLOAD_BYTES // 2**20}
        )
    if not raw:
        raise PhotoRefused(_("Berkas foto kosong."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                kind = probe.format
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PhotoRefused(_("Foto terlalu besar (ukuran piksel)."))
                probe.verify()
            image = Image.open(io.BytesIO(raw))
            image.load()
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as error:  # fmt: skip
        raise PhotoRefused(_("Berkas ini bukan foto (JPEG, PNG atau WebP) yang utuh.")) from error
    if kind not in ACCEPTED:
        raise PhotoRefused(_("Berkas ini bukan foto (JPEG, PNG atau WebP) yang utuh."))
    if kind == "JPEG" and max(width, height) <= MAX_SIDE:
        return Photo(raw, hashlib.sha256(raw).hexdigest(), width, height)
    upright: Image.Image = ImageOps.exif_transpose(image)
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    if upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    content = out.getvalue()
    return Photo(content, hashlib.sha256(content).hexdigest(), upright.width, upright.height)

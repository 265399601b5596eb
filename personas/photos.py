"""Persona photos: every upload is checked and re-encoded by Pillow.

What reaches the storage is never the uploaded file but a fresh JPEG that
Pillow drew from its pixels: no EXIF (GPS position, camera, owner), no
comments or colour profiles, the orientation applied. Anything that is not a
plain JPEG, PNG or WebP picture of a sensible size is refused with a message
that says why, before anything is written.

Thumbnails are derived files named after the photo (``<name>-<size>.jpg``),
made on first use, so photos loaded by other means (the demo, the admin) get
them too.
"""

from __future__ import annotations

import io
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
# A 50-megapixel phone photo is fine; a 100-megapixel one, or a small file that
# claims to be huge (a decompression bomb), would eat the server's memory.
MAX_PIXELS = 60_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
# The stored photo: big enough for a full-page print, small enough to serve.
STORED_SIDE = 1600
JPEG_QUALITY = 85

# Thumbnail sizes by name: the longest side in pixels.
# "card": the library's cards and the map header; "page": the persona page and
# the PDF (about 4 cm at 300 dpi).
THUMBNAILS = {"card": 160, "page": 480}


class PhotoRefused(ValueError):
    """The upload is not a photo we accept; the message says why, for the user."""


@dataclass(frozen=True)
class Photo:
    """A checked, re-encoded photo, ready to store."""

    content: bytes
    width: int
    height: int


def process_upload(upload: UploadedFile) -> Photo:
    if upload.size is not None and upload.size > MAX_BYTES:
        raise PhotoRefused(
            _("This file weighs %(size)s MB: photos may weigh 10 MB at most.")
            % {"size": f"{upload.size / 1024 / 1024:.1f}"}
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise PhotoRefused(_("This file is larger than 10 MB: photos may weigh 10 MB at most."))
    return process_bytes(data)


# Serialises the strict decodes, so that each restores the flag it found.
_strict_lock = threading.Lock()


@contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow refuses truncated files while this runs, whatever the process set before.

    WeasyPrint sets ``ImageFile.LOAD_TRUNCATED_IMAGES = True`` for the whole
    process when it is imported (the first PDF export): from then on Pillow would
    pad a cut-off upload with grey and accept it. The flag is a module global read
    during ``load()``, so it is forced off for the decode and put back after, for
    WeasyPrint's sake.
    """
    with _strict_lock:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def process_bytes(data: bytes) -> Photo:
    with warnings.catch_warnings(), strict_decoding():
        # Between Pillow's limit and twice it Pillow only warns: MAX_PIXELS, lower, decides.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image: Image.Image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRefused(_NOT_A_PHOTO)
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(_too_big(image.width, image.height))
            # JPEG can decode at 1/2, 1/4 or 1/8 scale: a 48-megapixel photo is
            # decoded straight to about what is stored, at a quarter of the memory.
            image.draft(None, (STORED_SIDE, STORED_SIDE))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRefused(_too_big(None, None)) from None
        except UnidentifiedImageError:
            raise PhotoRefused(_NOT_A_PHOTO) from None
        except (OSError, SyntaxError, ValueError) as error:
            if isinstance(error, PhotoRefused):
                raise
            raise PhotoRefused(
                _("This image is damaged or incomplete (the upload may have been cut off).")
            ) from None
    image = ImageOps.exif_transpose(image)
    image.thumbnail((STORED_SIDE, STORED_SIDE), Image.Resampling.LANCZOS)
    image = _flattened(image)
    return Photo(_jpeg(image), image.width, image.height)


def store(content: bytes) -> str:
    """Writes a re-encoded photo under a fresh, unguessable name and returns that name."""
    return default_storage.save(f"personas/{uuid.uuid4().hex}.jpg", ContentFile(content))


def thumbnail_name(photo_name: str, size: str) -> str:
    stem = photo_name.rsplit(".", 1)[0]
    return f"{stem}-{size}.jpg"


def thumbnail(photo_name: str, size: str) -> str:
    """The stored name of the photo's thumbnail of ``size``, made now if missing."""
    side = THUMBNAILS[size]
    name = thumbnail_name(photo_name, size)
    if not default_storage.exists(name):
        with default_storage.open(photo_name, "rb") as source:
            image: Image.Image = Image.open(source)
            image.load()
        image = ImageOps.exif_transpose(image)
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        saved = default_storage.save(name, ContentFile(_jpeg(_flattened(image))))
        if saved != name:
            # Another request made it meanwhile; the storage renamed ours: drop it.
            default_storage.delete(saved)
    return name


def delete(photo_name: str) -> None:
    """Removes a photo and all its thumbnails."""
    if not photo_name:
        return
    for name in [photo_name, *(thumbnail_name(photo_name, size) for size in THUMBNAILS)]:
        default_storage.delete(name)


_NOT_A_PHOTO = _(
    "This file is not a photo we can use: choose a JPEG, PNG or WebP image "
    "(SVG drawings and other files are refused)."
)


def _too_big(width: int | None, height: int | None) -> str:
    if width is None or height is None:
        return str(
            _("This image is far too large in pixels to be opened safely. Choose a smaller one.")
        )
    return str(
        _(
            "This image measures %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
            "photos may have %(limit)s megapixels at most. Choose a smaller one."
        )
        % {
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000),
            "limit": MAX_PIXELS // 1_000_000,
        }
    )


def _flattened(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and palette or CMYK images need converting."""
    if image.mode in {"RGBA", "LA", "P", "PA"}:
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No exif= and no icc_profile=: Pillow writes neither unless asked.
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()

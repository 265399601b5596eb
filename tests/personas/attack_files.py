"""Files that claim more pixels than they hold, made in memory (no Django needed).

Shared by the photo tests and ``bench/photo_upload.py``.
"""

import io
import struct
import zlib

from PIL import Image


def encoded(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""
    data = encoded(Image.new("L", (1, 1)), "PNG")
    ihdr_start = 8 + 8  # signature, then the chunk's length and type
    ihdr = bytearray(data[ihdr_start : ihdr_start + 13])
    ihdr[0:8] = struct.pack(">II", width, height)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return data[:ihdr_start] + bytes(ihdr) + crc + data[ihdr_start + 13 + 4 :]


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose frame header claims ``width`` × ``height`` pixels."""
    data = bytearray(encoded(Image.new("L", (16, 16)), "JPEG"))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)

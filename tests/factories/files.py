"""Real files for upload tests, made on the spot: photos (Pillow), programs and
video headers with the bytes libmagic recognises."""

import io
import random
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

EXIF_ORIENTATION = 0x0112


def jpeg_bytes(size=(640, 480), *, orientation: int | None = None, noise: bool = False,
               colour="#2a6f97", quality: int = 90) -> bytes:
    """A JPEG photo; `orientation` writes the EXIF tag a phone camera sets
    (6: the picture must be turned 90° clockwise to stand upright); `noise`
    makes it compress like a real photo (about 1 MB per megapixel)."""
    if noise:
        image = Image.frombytes("RGB", size, random.Random(size[0] * size[1]).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    if orientation:
        exif[EXIF_ORIENTATION] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def png_bytes(size=(300, 200), mode="RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else "red").save(out, "PNG")
    return out.getvalue()


def elf_bytes() -> bytes:
    """The head of a 64-bit Linux executable (ELF, type EXEC)."""
    header = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + struct.pack("<HHI", 2, 0x3E, 1)
    return header + b"\x00" * 200


def pe_bytes() -> bytes:
    """The head of a Windows program (MZ stub pointing at a PE header)."""
    stub = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56)
    stub[0x3C:0x40] = struct.pack("<I", 64)
    return bytes(stub) + b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 200


def mp4_bytes() -> bytes:
    def box(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", 8 + len(payload)) + kind + payload

    return box(b"ftyp", b"isom\x00\x00\x02\x00isomiso2avc1mp41") + box(b"mdat", b"\x00" * 256)


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """What Django hands a view for one file field; the browser's content type is ignored."""
    return SimpleUploadedFile(name, data, content_type=content_type)

"""Archives made in the test, as units' tools write them.

`rar` itself is non-free and not installable here, so RAR archives are
written by hand in the RAR 5.0 format with stored (uncompressed) members —
the format is documented (rarlab.com/technote.htm) and rarfile reads such
members itself, without the unar tool that compressed members need.
"""

import io
import struct
import zipfile
import zlib

RAR5_SIGNATURE = b"Rar!\x1a\x07\x01\x00"


class _NamedZipInfo(zipfile.ZipInfo):
    """A member whose name is written as given bytes with chosen flags: how
    Chinese Windows tools write CP936 names, without the UTF-8 flag."""

    def __init__(self, raw_name: bytes, extra_flags: int = 0, **kwargs):
        super().__init__(raw_name.decode("cp437"), **kwargs)
        self.raw_name = raw_name
        self.extra_flags = extra_flags

    def _encodeFilenameFlags(self):  # zipfile's own hook: names it writes as they are
        return self.raw_name, (self.flag_bits & ~0x800) | self.extra_flags


def zip_bytes(members: list[tuple[str, bytes]], *, name_encoding: str = "utf-8",
              encrypted: bool = False, symlinks: tuple[str, ...] = (),
              compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A deflated zip. name_encoding "gbk" writes names in CP936 without the
    UTF-8 flag; `encrypted` sets the encryption flag (refused before reading);
    members named in `symlinks` are Unix symbolic links."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = _NamedZipInfo(name.encode(name_encoding), 0x1 if encrypted else 0,
                                 date_time=(2023, 9, 1, 8, 0, 0))
            info.compress_type = compression
            if name in symlinks:
                info.create_system = 3
                info.external_attr = 0o120777 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def seven_zip_bytes(members: list[tuple[str, bytes]], *, password: str | None = None,
                    encrypt_headers: bool = False) -> bytes:
    import py7zr

    buffer = io.BytesIO()
    with py7zr.SevenZipFile(buffer, "w", password=password,
                            header_encryption=encrypt_headers) as archive:
        for name, data in members:
            archive.writestr(data, name)
    return buffer.getvalue()


def rar5_bytes(members: list[tuple[str, bytes]]) -> bytes:
    """A RAR 5 archive with each member stored; names in UTF-8 as RAR 5 keeps them."""
    blocks = [RAR5_SIGNATURE, _rar_block(1, _vint(0))]  # main header, no archive flags
    for name, data in members:
        encoded = name.encode("utf-8")
        body = (_vint(0x0004) + _vint(len(data)) + _vint(0x20) + struct.pack("<I", zlib.crc32(data))
                + _vint(0) + _vint(0) + _vint(len(encoded)) + encoded)  # stored, Windows host
        blocks.append(_rar_block(2, body, data))
    blocks.append(_rar_block(5, _vint(0)))  # end of archive
    return b"".join(blocks)


def encrypted_rar5_bytes() -> bytes:
    """The start of a RAR 5 archive whose headers are encrypted (WinRAR's
    "encrypt file names"): nothing can be listed without the password."""
    encryption = _vint(0) + _vint(0) + bytes([15]) + bytes(16)  # AES-256, KDF 2^15, salt
    return RAR5_SIGNATURE + _rar_block(4, encryption) + bytes(range(64))


def _rar_block(kind: int, body: bytes, data: bytes = b"") -> bytes:
    flags = 0x0002 if data else 0
    fields = _vint(kind) + _vint(flags) + (_vint(len(data)) if data else b"") + body
    header = _vint(len(fields)) + fields
    return struct.pack("<I", zlib.crc32(header)) + header + data


def _vint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)

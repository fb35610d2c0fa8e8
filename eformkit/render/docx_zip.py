"""Rewrite a zip (a .docx) replacing a few members, copying every other member's bytes unchanged.

Unchanged members are copied as they are stored (local header, compressed data and any data
descriptor), never decompressed or recompressed; only the central directory is rewritten with the
new offsets. Archives this cannot handle exactly (ZIP64, multi-disk, encrypted) fall back to
`zipfile`, which recompresses.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

__all__ = ["ZipLayout", "read_layout", "rewrite"]

_EOCD = b"PK\x05\x06"
_CDH = b"PK\x01\x02"
_LFH = b"PK\x03\x04"
_CDH_FMT = "<4s6H3L5H2L"  # central directory file header, 46 bytes
_EOCD_FMT = "<4s4H2LH"  # end of central directory, 22 bytes


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    start: int  # local header offset
    end: int  # end of data (and data descriptor)
    central: bytes  # the raw central directory record
    date_time: tuple[int, int]  # DOS time, date
    external_attr: int


@dataclass(frozen=True, slots=True)
class ZipLayout:
    """Where every member lies in the archive bytes (built once per template)."""

    entries: tuple[_Entry, ...]
    comment: bytes
    exact: bool  # False: fall back to zipfile


def read_layout(data: bytes) -> ZipLayout:
    """Parse the central directory of `data` (zip bytes)."""
    pos = data.rfind(_EOCD, max(0, len(data) - 65557))
    if pos < 0:
        raise zipfile.BadZipFile("no end of central directory / không phải tệp zip")
    _sig, disk, cd_disk, n_disk, n_total, _cd_size, cd_offset, comment_len = struct.unpack_from(_EOCD_FMT, data, pos)
    comment = data[pos + 22 : pos + 22 + comment_len]
    exact = disk == 0 and cd_disk == 0 and n_disk == n_total and cd_offset != 0xFFFFFFFF and n_total != 0xFFFF
    raw: list[tuple[str, int, bytes, tuple[int, int], int, int]] = []
    p = cd_offset
    for _ in range(n_total):
        if data[p : p + 4] != _CDH:
            raise zipfile.BadZipFile("bad central directory / thư mục zip hỏng")
        fields = struct.unpack_from(_CDH_FMT, data, p)
        flags, mtime, mdate = fields[3], fields[5], fields[6]
        name_len, extra_len, comm_len = fields[10], fields[11], fields[12]
        external_attr, offset = fields[15], fields[16]
        size = 46 + name_len + extra_len + comm_len
        name_bytes = data[p + 46 : p + 46 + name_len]
        name = name_bytes.decode("utf-8" if flags & 0x800 else "cp437")
        if flags & 0x1 or offset == 0xFFFFFFFF:
            exact = False
        raw.append((name, offset, data[p : p + size], (mtime, mdate), external_attr, flags))
        p += size
    starts = sorted({r[1] for r in raw} | {cd_offset})
    following = {s: starts[i + 1] for i, s in enumerate(starts[:-1])}
    entries = tuple(_Entry(n, off, following.get(off, cd_offset), c, dt, ea) for n, off, c, dt, ea, _f in raw)
    return ZipLayout(entries, comment, exact)


def _local_and_central(name: str, payload: bytes, offset: int, entry: _Entry | None, level: int) -> tuple[bytes, bytes]:
    comp = zlib.compressobj(level, zlib.DEFLATED, -15)
    body = comp.compress(payload) + comp.flush()
    crc = zlib.crc32(payload)
    name_bytes = name.encode("utf-8")
    flags = 0 if name.isascii() else 0x800
    mtime, mdate = entry.date_time if entry else (0, (1980 - 1980) << 9 | 1 << 5 | 1)
    local = struct.pack("<4s5H3L2H", _LFH, 20, flags, 8, mtime, mdate, crc, len(body), len(payload), len(name_bytes), 0)
    central = struct.pack(
        _CDH_FMT, _CDH, 20, 20, flags, 8, mtime, mdate, crc, len(body), len(payload), len(name_bytes), 0, 0, 0, 0,
        entry.external_attr if entry else 0, offset,
    )  # fmt: skip
    return local + name_bytes + body, central + name_bytes


def rewrite(data: bytes, layout: ZipLayout, replace: dict[str, bytes], *, level: int = 1) -> bytes:
    """`data` with the members named in `replace` given new contents (deflated at `level`)."""
    if not layout.exact:
        return _rewrite_slow(data, replace, level)
    out = io.BytesIO()
    central: list[bytes] = []
    view = memoryview(data)
    for entry in layout.entries:
        offset = out.tell()
        new = replace.get(entry.name)
        if new is None:
            out.write(view[entry.start : entry.end])
            patched = bytearray(entry.central)
            struct.pack_into("<L", patched, 42, offset)
            central.append(bytes(patched))
        else:
            local, record_new = _local_and_central(entry.name, new, offset, entry, level)
            out.write(local)
            central.append(record_new)
    cd_offset = out.tell()
    for record in central:
        out.write(record)
    cd_size = out.tell() - cd_offset
    n = len(central)
    out.write(struct.pack(_EOCD_FMT, _EOCD, 0, 0, n, n, cd_size, cd_offset, len(layout.comment)) + layout.comment)
    return out.getvalue()


def _rewrite_slow(data: bytes, replace: dict[str, bytes], level: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = replace.get(info.filename)
            dst.writestr(info, payload if payload is not None else src.read(info), compresslevel=level)
    return out.getvalue()

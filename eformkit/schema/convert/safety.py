"""Safe opening of untrusted templates: size limits, zip-bomb checks and XML without DTDs or entities.

Every reader goes through here, so a hostile file fails fast with a `ConversionError` instead of a
hang, a huge allocation or a network fetch.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from eformkit.schema.convert.errors import ConversionError

__all__ = ["CFB_SIGNATURE", "Limits", "SafeZip", "check_text_size", "parse_html", "parse_xml", "read_limited"]

CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: encrypted OOXML or legacy .doc
_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENTITY = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Limits:
    """Upper bounds for one template. Real forms are far below all of them."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 2000
    max_member_bytes: int = 40 * 1024 * 1024
    max_total_bytes: int = 150 * 1024 * 1024
    max_ratio: float = 200.0  # uncompressed / compressed, per member
    # The printed text of one template, UTF-8 (as if saved as .txt). The longest real forms hold ~50 KB
    # (a 1 MiB text is some 300 pages); time and memory grow linearly with it (about 2 s of CPU and 100 MB
    # per MB with a blank on every line: benchmarks/bench_convert_scaling.py), so past this it is refused.
    max_text_bytes: int = 1024 * 1024


DEFAULT_LIMITS = Limits()


def read_limited(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a whole file, refusing one over `limits.max_file_bytes` before reading it."""
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise ConversionError("EFK-CONV-002", file=path.name, detail=f"{size} > {limits.max_file_bytes} bytes")
        return path.read_bytes()
    except OSError as exc:
        raise ConversionError("EFK-CONV-001", file=path.name, detail=type(exc).__name__) from None


def check_text_size(size: int, limits: Limits, *, file: str) -> None:
    """Refuse a template whose text is over `limits.max_text_bytes` (EFK-CONV-002)."""
    if size > limits.max_text_bytes:
        detail = f"text {size} > {limits.max_text_bytes} bytes; a larger limit: --max-text-bytes"
        raise ConversionError("EFK-CONV-002", file=file, detail=detail)


class SafeZip:
    """A zip package whose directory was checked against `Limits`; members are read with a hard cap."""

    def __init__(self, data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.name = name
        self.limits = limits
        if data[:8] == CFB_SIGNATURE:
            raise ConversionError("EFK-CONV-003", file=name)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
            raise ConversionError("EFK-CONV-004", file=name, detail=str(exc)[:80]) from None
        if len(infos) > limits.max_members:
            raise ConversionError("EFK-CONV-005", file=name, detail=f"{len(infos)} members")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise ConversionError("EFK-CONV-003", file=name, part=info.filename)
            if info.file_size > limits.max_member_bytes:
                raise ConversionError("EFK-CONV-005", file=name, part=info.filename, detail="member too large")
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise ConversionError("EFK-CONV-005", file=name, part=info.filename, detail="compression ratio")
            total += info.file_size
        if total > limits.max_total_bytes:
            raise ConversionError("EFK-CONV-005", file=name, detail="total uncompressed size")
        self._names = {info.filename for info in infos}

    def names(self) -> set[str]:
        return set(self._names)

    def read(self, member: str) -> bytes:
        """Read `member`, stopping at the limit even when the directory lied about its size."""
        if member not in self._names:
            raise ConversionError("EFK-CONV-008", file=self.name, part=member)
        cap = self.limits.max_member_bytes
        try:
            with self._zip.open(member) as fh:
                data = fh.read(cap + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as exc:
            raise ConversionError("EFK-CONV-004", file=self.name, part=member, detail=str(exc)[:80]) from None
        if len(data) > cap:
            raise ConversionError("EFK-CONV-005", file=self.name, part=member, detail="member too large")
        return data


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, *, file: str, part: str) -> etree._Element:
    """Parse one XML part; DOCTYPE and entity declarations are refused outright (XXE, billion laughs)."""
    if _DECL.search(data[:4096]) or _ENTITY.search(data):
        raise ConversionError("EFK-CONV-007", file=file, part=part)
    try:
        root = etree.fromstring(data, parser=_xml_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if isinstance(exc.lineno, int) else None
        raise ConversionError("EFK-CONV-006", file=file, part=part, line=line, detail=str(exc.msg)[:120]) from None
    if root.getroottree().docinfo.doctype:
        raise ConversionError("EFK-CONV-007", file=file, part=part)
    return root


def parse_html(data: bytes, *, file: str) -> etree._Element:
    """Parse HTML (saved from a browser or from Word). A DOCTYPE is normal here; entity declarations are not."""
    if _ENTITY.search(data):
        raise ConversionError("EFK-CONV-007", file=file)
    # Without a declared charset lxml guesses Latin-1; templates saved today are UTF-8.
    declared = re.search(rb"charset\s*=", data[:4096], re.IGNORECASE) is not None
    parser = etree.HTMLParser(
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        encoding=None if declared or data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8",
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except (etree.XMLSyntaxError, etree.ParserError, ValueError) as exc:
        raise ConversionError("EFK-CONV-006", file=file, detail=str(exc)[:120]) from None
    if root is None:
        raise ConversionError("EFK-CONV-006", file=file, detail="empty document")
    return root

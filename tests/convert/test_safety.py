"""Size limits on a template's text (issue 11): over the limit is refused at once with EFK-CONV-002."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import CONTENT_TYPES, RELS

from eformkit.schema.convert import ConversionError, convert_template
from eformkit.schema.convert.cli_command import convert
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, parse_xml

LINE = "Họ và tên: ........\n"


def _text(tmp_path: Path, size: int) -> Path:
    path = tmp_path / "big.txt"
    path.write_text((LINE * (size // len(LINE.encode()) + 1)).encode()[:size].decode("utf-8", "ignore"), "utf-8")
    return path


def _never(text: str) -> str:
    raise AssertionError("the text was read")


def test_text_over_the_limit_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _text(tmp_path, 20 * 1024 * 1024)
    monkeypatch.setattr("eformkit.schema.convert.text_reader.nfc", _never)  # refused before the text is read
    with pytest.raises(ConversionError) as info:
        convert_template(path)
    assert info.value.code == "EFK-CONV-002" and "big.txt" in info.value.location
    assert "--max-text-bytes" in info.value.message_en


def test_the_limit_is_configurable(tmp_path: Path) -> None:
    path = _text(tmp_path, 4000)
    assert convert_template(path).fields
    with pytest.raises(ConversionError) as info:
        convert_template(path, limits=Limits(max_text_bytes=3999))
    assert info.value.code == "EFK-CONV-002"
    runner = CliRunner()
    refused = runner.invoke(convert, [str(path), "--max-text-bytes", "3999"])
    assert refused.exit_code == 2 and "EFK-CONV-002" in refused.output
    accepted = runner.invoke(convert, [str(path), "--max-text-bytes", "4000", "-o", str(tmp_path / "o.yaml")])
    assert accepted.exit_code == 0, accepted.output


def test_a_docx_is_held_to_its_text(tmp_path: Path) -> None:
    para = "<w:p><w:r><w:t>Họ và tên: ........</w:t></w:r></w:p>"
    body = f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{para * 300}'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", body + "</w:body></w:document>")
    path = tmp_path / "t.docx"
    path.write_bytes(buf.getvalue())
    size = 300 * (len("Họ và tên: ........".encode()) + 1)
    assert convert_template(path, limits=Limits(max_text_bytes=size)).fields
    with pytest.raises(ConversionError) as info:
        convert_template(path, limits=Limits(max_text_bytes=size - 1))
    assert info.value.code == "EFK-CONV-002"


def test_default_limit_covers_a_1_mb_template() -> None:
    assert DEFAULT_LIMITS.max_text_bytes >= 1_000_000


def test_a_corrupt_deflate_stream_is_a_malformed_package(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>" * 50)
    data = bytearray(buf.getvalue())
    data[30 + len("word/document.xml")] = 0xFF  # first byte of the member's deflate stream: a bad block type
    path = tmp_path / "t.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ConversionError) as info:  # was a raw zlib.error (found by test_fuzz_convert)
        convert_template(path)
    assert info.value.code == "EFK-CONV-004" and info.value.part == "word/document.xml"


@pytest.mark.parametrize(
    "xml",
    [
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>'.encode(
            "utf-16"
        ),
        '<!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><l>&b;</l>'.encode("utf-32"),
        b"<?xml version='1.0'?>" + b" " * 5000 + b"<!DOCTYPE d [<!ELEMENT d ANY>]><d/>",
        b'<!DOCTYPE d SYSTEM "http://127.0.0.1:9/x.dtd"><d/>',
    ],
    ids=["utf16-xxe", "utf32-laughs", "late-doctype", "external-dtd"],
)
def test_declarations_are_refused_in_any_encoding(xml: bytes) -> None:
    with pytest.raises(ConversionError) as info:
        parse_xml(xml, file="t.docx", part="word/document.xml")
    assert info.value.code == "EFK-CONV-007"


def test_xinclude_is_not_processed() -> None:
    root = parse_xml(
        b'<d xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="/etc/hostname" parse="text"/></d>',
        file="t.docx",
        part="word/document.xml",
    )
    assert "".join(root.itertext()) == ""  # the include stays an element: nothing is read from disk


def test_an_unknown_zip_version_is_a_malformed_package(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract": 6.4, which zipfile refuses with NotImplementedError
    path = tmp_path / "t.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(ConversionError) as info:  # found by test_fuzz_convert's deeper search
        convert_template(path)
    assert info.value.code == "EFK-CONV-004"

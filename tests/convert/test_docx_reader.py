"""Malformed OOXML attributes (issue 11): each is ignored with a located warning, never a crash or a hang."""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conv_builder import CONTENT_TYPES, RELS

from eformkit.schema.convert.cli_command import convert
from eformkit.schema.convert.docx_reader import read_docx_bytes
from eformkit.schema.convert.layout import Document, Inline, Paragraph, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def package(body: str, numbering: str | None = None) -> bytes:
    """A minimal .docx whose body is `body` (WordprocessingML, namespaces declared)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}</w:body></w:document>")
        if numbering is not None:
            zf.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
    return buf.getvalue()


def _inlines(doc: Document) -> list[Inline]:
    return [i for p in doc.paragraphs() for i in p.inlines]


def _only_warning(doc: Document, what: str) -> str:
    found = [x for x in doc.warnings if what in x]
    assert len(found) == 1, doc.warnings
    assert "word/document.xml:/w:document/w:body" in found[0] or "word/numbering.xml:/w:numbering" in found[0]
    assert "bỏ qua" in found[0]  # both languages
    return found[0]


def _cell_table(span: str, width: str) -> str:
    return (
        f'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="{span}"/><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        "<w:p><w:r><w:t>Họ và tên</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>....</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    )


@pytest.mark.parametrize("span", ["abc", "1.5", "99999999999999999999999", "-3", "²"])
def test_malformed_grid_span_is_ignored(span: str) -> None:
    doc = read_docx_bytes(package(_cell_table(span, "2000")), "t.docx")
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert table.rows[0].cells[0].span == 1 and table.rows[0].cells[0].width == 2000
    assert "/w:tc[1]" in _only_warning(doc, "w:gridSpan")


@pytest.mark.parametrize("width", ["²", "٣٠٠", "1" * 5000])
def test_odd_cell_widths_are_dropped(width: str) -> None:
    doc = read_docx_bytes(package(_cell_table("2", width)), "t.docx")
    table = doc.blocks[0]
    assert isinstance(table, Table)
    assert table.rows[0].cells[0].span == 2 and table.rows[0].cells[0].width is None


@pytest.mark.parametrize("char", ["FFFFFFFF6F", "zz", "", "1" * 5000])
def test_malformed_sym_char_is_ignored(char: str) -> None:
    body = f'<w:p><w:r><w:t>Nam </w:t><w:sym w:font="Wingdings" w:char="{char}"/></w:r></w:p>'
    doc = read_docx_bytes(package(body), "t.docx")
    assert [i.kind for i in _inlines(doc)] == ["text"]
    assert "/w:r/w:sym" in _only_warning(doc, "w:sym/@w:char")


def test_a_wingdings_box_is_still_read() -> None:
    body = '<w:p><w:r><w:t>Nam </w:t><w:sym w:font="Wingdings" w:char="F06F"/></w:r></w:p>'
    doc = read_docx_bytes(package(body), "t.docx")
    assert [i.kind for i in _inlines(doc)] == ["text", "checkbox"] and not doc.warnings[1:]


def _drawn_box(cx: str, cy: str = "127000") -> str:
    return (
        "<w:p><w:r><w:t>Có</w:t></w:r><w:r><w:drawing>"
        f'<wp:anchor><wp:extent cx="{cx}" cy="{cy}"/><wp:positionH><wp:posOffset>12700</wp:posOffset></wp:positionH>'
        '<a:graphic><a:graphicData><wps:wsp><wps:spPr><a:prstGeom prst="rect"/></wps:spPr></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>"
    )


@pytest.mark.parametrize("cx", ["1.5e3", "12.7", "x", "9" * 40])
def test_malformed_extent_is_ignored(cx: str) -> None:
    doc = read_docx_bytes(package(_drawn_box(cx)), "t.docx")
    (shape,) = [i for i in _inlines(doc) if i.kind == "shape"]
    assert shape.width is None and shape.height == 10.0 and shape.x == 1.0
    assert "/wp:anchor/wp:extent" in _only_warning(doc, "wp:extent/@cx")


def _vml_rect(style: str) -> str:
    return f'<w:p><w:r><w:t>Có</w:t></w:r><w:r><w:pict><v:rect style="{style}"/></w:pict></w:r></w:p>'


@pytest.mark.parametrize("width", ["1.2.3pt", "1..2pt", "-.pt", "1e999pt"])
def test_malformed_vml_length_is_ignored(width: str) -> None:
    doc = read_docx_bytes(package(_vml_rect(f"position:absolute;width:{width};height:10pt")), "t.docx")
    (shape,) = [i for i in _inlines(doc) if i.kind == "shape"]
    assert shape.width is None and shape.height == 10.0
    assert "/v:rect" in _only_warning(doc, "v:rect style width")


def test_vml_lengths_in_units() -> None:
    doc = read_docx_bytes(package(_vml_rect("width:.5in;height:12 pt;margin-left:-1cm;mso-width-percent:0")), "t")
    (shape,) = [i for i in _inlines(doc) if i.kind == "shape"]
    assert shape.width == 36.0 and shape.height == 12.0 and shape.x == pytest.approx(-28.3465)
    assert not [x for x in doc.warnings if "v:rect" in x]


def _numbered(ilvl: str = "0", count: int = 2) -> str:
    para = f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
    return (para + "<w:r><w:t>Họ và tên: ....</w:t></w:r></w:p>") * count


def _numbering(start: str, fmt: str = "upperRoman", ilvl: str = "0") -> str:
    return (
        f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )


def _labels(doc: Document) -> list[str]:
    return [b.numbering for b in doc.blocks if isinstance(b, Paragraph)]


def test_huge_roman_list_start_does_not_hang() -> None:
    doc = read_docx_bytes(package(_numbered(), _numbering("999999999999")), "t.docx")  # this never returned
    assert _labels(doc) == ["999999999999.", "1000000000000."]  # Word has no numeral past 3999


@pytest.mark.parametrize(("start", "labels"), [("3998", ["MMMCMXCVIII.", "MMMCMXCIX."]), ("4", ["IV.", "V."])])
def test_roman_numbering(start: str, labels: list[str]) -> None:
    assert _labels(read_docx_bytes(package(_numbered(), _numbering(start)), "t.docx")) == labels


def test_malformed_list_start_drops_the_level() -> None:
    doc = read_docx_bytes(package(_numbered(), _numbering("9" * 5000)), "t.docx")
    assert _labels(doc) == ["", ""]
    assert "/w:abstractNum/w:lvl/w:start" in _only_warning(doc, "w:start")


@pytest.mark.parametrize("ilvl", ["x", "1.0", "-1", "99"])
def test_malformed_level_in_numbering_part(ilvl: str) -> None:
    doc = read_docx_bytes(package(_numbered(), _numbering("1", "decimal", ilvl)), "t.docx")
    assert _labels(doc) == ["", ""]
    assert "/w:abstractNum/w:lvl" in _only_warning(doc, "w:ilvl")


@pytest.mark.parametrize("ilvl", ["x", "²", "9" * 5000])
def test_malformed_level_in_paragraph(ilvl: str) -> None:
    doc = read_docx_bytes(package(_numbered(ilvl, 1) + _numbered("0", 1), _numbering("1", "decimal")), "t.docx")
    assert _labels(doc) == ["", "1."]  # the malformed one draws no number, the next one still counts
    assert "/w:p[1]" in _only_warning(doc, "w:ilvl")


def test_cli_converts_a_malformed_docx_with_warnings(tmp_path: Path) -> None:
    body = _cell_table("abc", "x") + _drawn_box("1.5") + _numbered("x")
    (tmp_path / "t.docx").write_bytes(package(body, _numbering("999999999999")))
    result = CliRunner().invoke(convert, [str(tmp_path / "t.docx"), "-o", str(tmp_path / "t.yaml")])
    assert result.exit_code == 0, result.output
    assert "malformed w:gridSpan ignored" in result.output and "Traceback" not in result.output


def _all_paths_match(xml: bytes) -> int:
    from eformkit.schema.convert.docx_reader import _Reader
    from eformkit.schema.convert.safety import SafeZip

    reader = _Reader(SafeZip(package(""), "t.docx"), "t.docx")
    root = etree.fromstring(xml)
    reader.tree = root.getroottree()
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    for el in reversed(elements):  # children before parents: the cache is filled from any starting point
        assert reader.path(el) == reader.tree.getpath(el)
    return len(elements)


@pytest.mark.parametrize(
    "xml",
    [
        f"<w:document {NS}><w:body><w:p/><w:tbl><w:tr/><w:tr/></w:tbl><w:p><w:r/><w:r/></w:p><w:sectPr/></w:body>"
        "</w:document>",
        b'<d xmlns="urn:x"><a/><b/><a><c/></a><!-- note --><?pi x?>text<e xmlns="urn:y"/></d>',
        b'<d xmlns:p="urn:x" xmlns:q="urn:x"><p:a/><q:a/><p:a/><a/><a/><b xmlns:p="urn:z"><p:a/></b></d>',
        b'<d xmlns="urn:x" xmlns:w="urn:x"><w:a/><a/><w:a/></d>',
        b"<d><only/></d>",
    ],
    ids=["wordml", "default-namespace", "prefixes", "mixed", "single"],
)
def test_paths_are_what_getpath_writes(xml: str | bytes) -> None:
    assert _all_paths_match(xml.encode() if isinstance(xml, str) else xml) >= 2


def test_paths_of_the_fixtures(tmp_path: Path) -> None:
    from conv_builder import build_docx, load_specs

    for spec in load_specs():
        if spec.get("format", "docx") == "docx":
            with zipfile.ZipFile(build_docx(spec, tmp_path / "f.docx")) as zf:
                assert _all_paths_match(zf.read("word/document.xml"))


class _CountingTree:
    def __init__(self, tree: etree._ElementTree) -> None:
        self.tree, self.calls = tree, 0

    def getpath(self, el: etree._Element) -> str:
        self.calls += 1
        return str(self.tree.getpath(el))


def test_a_long_body_is_walked_once() -> None:
    from eformkit.schema.convert.docx_reader import _Reader
    from eformkit.schema.convert.safety import SafeZip

    root = etree.fromstring(f"<w:document {NS}><w:body>{'<w:p><w:r/></w:p>' * 5000}</w:body></w:document>".encode())
    reader = _Reader(SafeZip(package(""), "t.docx"), "t.docx")
    counting = _CountingTree(root.getroottree())
    reader.tree = counting
    paths = [reader.path(p) for p in root.iter(f"{{{W_NS}}}p")]
    assert paths[4999] == "/w:document/w:body/w:p[5000]" and len(set(paths)) == 5000
    # getpath scans an element's siblings on every call (5,000 paragraphs took 40 s); only the root is asked
    assert counting.calls == 1

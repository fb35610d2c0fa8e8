"""Read a .docx into the layout model from its OOXML structure, not only its text.

Real forms keep most blanks outside the text layer (dot-leader tab stops, underlined tabs, drawn
rectangles, `w:sym` checkboxes, content controls, legacy form fields), so the reader keeps all of
them as inlines with a locator (an XPath into the part) for each.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from eformkit.schema.convert.layout import Block, Cell, Document, Inline, Paragraph, Row, Table
from eformkit.schema.convert.ooxml_styles import Numbering, StyleSheet, TabStop, malformed, ooxml_int, read_tabs, w
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, SafeZip, parse_xml, read_limited
from eformkit.text import nfc

__all__ = ["CHECKBOX_GLYPHS", "read_docx", "read_docx_bytes"]

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_PICTURE_BOX_PT = (4.0, 24.0)  # an inline picture this size, about square, is a checkbox drawn as an image
_PICTURE_LEN = re.compile(r"(?<![-\w])(width|height)\s*:\s*([0-9]{1,6}(?:\.[0-9]{1,6})?)\s*(pt|in|px|cm|mm)?")
_DIGITS = re.compile(r"-?[0-9]{1,15}")

CHECKBOX_GLYPHS = frozenset("☐□■▢◻⬜❏❑❒☑☒\uf06f\uf0a8\uf071\uf0fe\uf0fd")
# Low byte of `w:sym/@w:char` in Wingdings-family fonts that draws a box (empty, ticked or crossed).
_SYM_BOXES = {0x6F, 0xA8, 0x71, 0x72, 0x6E, 0xFE, 0xFD, 0x78, 0xA3, 0x2A, 0x52, 0x54, 0x53, 0xA2}
_EMU_PER_PT = 12700
_VML_LEN = re.compile(r"(width|height|margin-left|left)\s*:\s*([^;]*)")
_VML_VALUE = re.compile(r"(-?(?:[0-9]{1,9}(?:\.[0-9]{1,9})?|\.[0-9]{1,9}))\s*(pt|in|px|cm|mm)?")
_MAX_EMU = 27_273_042_316_900  # ST_PositiveCoordinate's maximum
_SKIP = {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("proofErr"), w("bookmarkStart"), w("bookmarkEnd")}


def _legacy_decoder() -> tuple[Callable[[str], str | None], Callable[..., str], Callable[[str], bool]] | None:
    """The vn pack's TCVN3/VNI decoder when it is installed (another module owns that table)."""
    try:
        module = importlib.import_module("eformkit.packs.vn.legacy_encodings")
    except ImportError:
        return None
    return module.detect_font_encoding, module.decode, module.is_uppercase_font


_BOX_SHAPES = ("rect", "roundRect", "flowChartProcess")


def _has(ppr: etree._Element | None, tag: str) -> bool:
    return ppr is not None and ppr.find(w(tag)) is not None


def _on(el: etree._Element | None) -> bool:
    return el is not None and el.get(w("val"), "true") not in ("0", "false", "none")


class _Reader:
    def __init__(self, pkg: SafeZip, name: str) -> None:
        self.pkg, self.name = pkg, name
        names = pkg.names()
        self.styles = StyleSheet.parse(self._part("word/styles.xml") if "word/styles.xml" in names else None)
        self.numbering = Numbering.parse(self._part("word/numbering.xml") if "word/numbering.xml" in names else None)
        self.decoder = _legacy_decoder()
        self.warnings: list[str] = []
        self.part = "word/document.xml"
        self.tree: etree._ElementTree | None = None
        self._paths: dict[etree._Element, str] = {}
        self._offset = 0

    def number(
        self, el: etree._Element, attr: str, lo: int, hi: int, what: str, *, hexadecimal: bool = False
    ) -> int | None:
        """An integer attribute of `el`, or None (with a warning naming where) when it is present but malformed."""
        value = el.get(attr)
        parsed = ooxml_int(value, lo, hi, hexadecimal=hexadecimal)
        if value is not None and parsed is None:
            self.warnings.append(malformed(f"{self.part}:{self.path(el)}", what))
        return parsed

    def _part(self, part: str) -> etree._Element:
        return parse_xml(self.pkg.read(part), file=self.name, part=part)

    def path(self, el: etree._Element) -> str:
        """The element's XPath exactly as `getpath` writes it, built once for all children of a parent.

        `getpath` counts an element's same-named siblings on every call, which made a long body quadratic
        (5,000 paragraphs: 40 s); this walks each parent's children once.
        """
        found = self._paths.get(el)
        if found is None:
            parent = el.getparent()
            if parent is None:
                assert self.tree is not None
                return str(self.tree.getpath(el))
            base = self.path(parent)
            self._paths.update((child, f"{base}/{step}") for child, step in _steps(parent))
            found = self._paths[el]
        return found

    # -- blocks ---------------------------------------------------------------------------------------
    def read_part(self, part: str, container: str) -> list[Block]:
        root = self._part(part)
        self.part, self.tree = part, root.getroottree()
        self._paths.clear()
        body = root.find(w("body")) if container == "body" else root
        return self.blocks(body if body is not None else root)

    def blocks(self, parent: etree._Element) -> list[Block]:
        out: list[Block] = []
        for child in parent:
            if child.tag == w("p"):
                out.extend(self.paragraph(child))
            elif child.tag == w("tbl"):
                out.append(self.table(child))
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    out.extend(self.blocks(content))
            elif child.tag == f"{{{MC}}}AlternateContent":
                out.extend(self.blocks(_choice(child)))
        return out

    def table(self, tbl: etree._Element) -> Table:
        table = Table(part=self.part, path=self.path(tbl))
        for tr in tbl.iter(w("tr")):
            if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
                continue  # rows of nested tables belong to those tables
            row = Row(path=self.path(tr))
            for tc in tr.iter(w("tc")):
                if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                    continue
                span_el = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
                span = self.number(span_el, w("val"), 1, 63, "w:gridSpan") if span_el is not None else None
                width_el = tc.find(f"{w('tcPr')}/{w('tcW')}")
                dxa = width_el is not None and width_el.get(w("type")) == "dxa"
                width = ooxml_int(width_el.get(w("w")), 0, 31680) if width_el is not None and dxa else None
                row.cells.append(Cell(path=self.path(tc), blocks=self.blocks(tc), span=span or 1, width=width))
            table.rows.append(row)
        return table

    # -- paragraphs -----------------------------------------------------------------------------------
    def paragraph(self, p: etree._Element) -> list[Block]:
        ppr = p.find(w("pPr"))
        style_el = ppr.find(w("pStyle")) if ppr is not None else None
        style = style_el.get(w("val")) if style_el is not None else None
        jc = ppr.find(w("jc")) if ppr is not None else None
        para = Paragraph(
            part=self.part,
            path=self.path(p),
            style=style,
            numbering=self.numbering.label(ppr, f"{self.part}:{self.path(p)}"),
            heading=self.styles.is_heading(style) or _has(ppr, "outlineLvl"),
            centered=jc is not None and jc.get(w("val")) == "center",
        )
        floating: list[Block] = []
        self._field: list[list[str]] = []  # stack of [instruction, phase]
        self.inlines(p, para.inlines, floating)
        self._resolve_tabs(para, ppr, style)
        return [para, *floating]

    def inlines(self, parent: etree._Element, out: list[Inline], floating: list[Block]) -> None:
        for child in parent:
            tag = child.tag
            if tag == w("r"):
                self.run(child, out, floating)
            elif tag == w("sdt"):
                self.control(child, out)
            elif tag in _SKIP or not isinstance(tag, str):
                continue
            elif tag == f"{{{MC}}}AlternateContent":
                self.inlines(_choice(child), out, floating)
            else:  # hyperlink, ins, smartTag, fldSimple, customXml: transparent containers
                self.inlines(child, out, floating)

    def control(self, sdt: etree._Element, out: list[Inline]) -> None:
        pr = sdt.find(w("sdtPr"))
        content = sdt.find(w("sdtContent"))
        text = nfc("".join(content.itertext()).strip()) if content is not None else ""
        if pr is not None and pr.find(f"{{{W14}}}checkbox") is not None:
            out.append(Inline("checkbox", path=self.path(sdt), source="sdt_checkbox"))
            return
        options: tuple[str, ...] = ()
        if pr is not None:
            items = pr.findall(f"{w('dropDownList')}/{w('listItem')}") + pr.findall(f"{w('comboBox')}/{w('listItem')}")
            options = tuple(nfc(i.get(w("displayText")) or i.get(w("value")) or "") for i in items if i.get(w("value")))
            alias = pr.find(w("alias"))
            if alias is not None and alias.get(w("val")) and not text:
                text = nfc(alias.get(w("val"), ""))
        out.append(Inline("control", text=text, path=self.path(sdt), source="sdt", options=options))

    def run(self, r: etree._Element, out: list[Inline], floating: list[Block]) -> None:
        rpr = r.find(w("rPr"))
        underline = bold = sup = False
        encoding: str | None = None
        upper = False
        if rpr is not None:
            u = rpr.find(w("u"))
            underline = u is not None and u.get(w("val"), "single") != "none"
            bold = _on(rpr.find(w("b")))
            va = rpr.find(w("vertAlign"))
            sup = va is not None and va.get(w("val")) == "superscript"
            fonts = rpr.find(w("rFonts"))
            if fonts is not None and self.decoder is not None:
                font = fonts.get(w("hAnsi")) or fonts.get(w("ascii")) or ""
                encoding = self.decoder[0](font) if font else None
                upper = encoding == "tcvn3" and bool(self.decoder[2](font))
        path = self.path(r)
        self._offset = 0
        for child in r:
            tag = child.tag
            if tag == w("fldChar"):
                self._fld(child.get(w("fldCharType"), ""), path, out)
            elif tag == w("instrText"):
                if self._field:
                    self._field[-1][0] += child.text or ""
            elif self._field and self._field[-1][1] == "result" and self._field[-1][0].strip().startswith("FORM"):
                continue  # the default text of a legacy form field is the blank itself
            elif tag in (w("t"), w("delText")):
                if tag == w("t"):
                    text = child.text or ""
                    if encoding and self.decoder is not None:
                        text = self.decoder[1](text, encoding, upper=upper)
                    self._text(nfc(text), path, underline, bold, sup, out)
            elif tag == w("tab"):
                out.append(Inline("tab", path=path, underline=underline))
            elif tag == w("sym"):
                self._sym(child, path, underline, bold, out)
            elif tag in (w("br"), w("cr")):
                out.append(Inline("break", path=path))
            elif tag == w("noBreakHyphen"):
                out.append(Inline("text", text="-", path=path, bold=bold))
            elif tag in (w("footnoteReference"), w("endnoteReference")):
                out.append(Inline("note_ref", text=child.get(w("id"), ""), path=path, superscript=True))
            elif tag in (w("drawing"), w("pict"), w("object"), f"{{{MC}}}AlternateContent"):
                self._graphics(child, path, out, floating)

    def _text(self, text: str, path: str, underline: bool, bold: bool, sup: bool, out: list[Inline]) -> None:
        buf, start = "", self._offset
        for i, ch in enumerate(text):
            if ch in CHECKBOX_GLYPHS:
                if buf:
                    out.append(
                        Inline(
                            "text", text=buf, path=path, underline=underline, bold=bold, superscript=sup, offset=start
                        )
                    )
                    buf = ""
                out.append(Inline("checkbox", text=ch, path=path, source="glyph", offset=self._offset + i))
                start = self._offset + i + 1
            else:
                buf += ch
        if buf:
            out.append(
                Inline("text", text=buf, path=path, underline=underline, bold=bold, superscript=sup, offset=start)
            )
        self._offset += len(text)

    def _sym(self, sym: etree._Element, path: str, underline: bool, bold: bool, out: list[Inline]) -> None:
        font = (sym.get(w("font")) or "").lower()
        code = self.number(sym, w("char"), 0, 0xFFFF, "w:sym/@w:char", hexadecimal=True) or 0  # ST_ShortHexNumber
        if font.startswith(("wingdings", "webdings", "ms gothic", "segoe ui symbol")) and (code & 0xFF) in _SYM_BOXES:
            out.append(Inline("checkbox", text=chr(code), path=path, source="sym"))
        elif 0x20 <= code < 0xF000:
            out.append(Inline("text", text=chr(code), path=path, underline=underline, bold=bold))

    def _fld(self, kind: str, path: str, out: list[Inline]) -> None:
        if kind == "begin":
            self._field.append(["", "instr"])
            return
        if not self._field:
            return
        instr = self._field[-1][0].strip().split(" ")[0] if self._field[-1][0].strip() else ""
        if kind == "separate":
            self._field[-1][1] = "result"
            if instr in ("FORMTEXT", "FORMDROPDOWN"):
                out.append(Inline("control", path=path, source=instr.lower()))
                self._field[-1][0] = "FORM-DONE " + self._field[-1][0]
        elif kind == "end":
            done = self._field.pop()
            first = done[0].strip().split(" ")[0] if done[0].strip() else ""
            if first == "FORMCHECKBOX":
                out.append(Inline("checkbox", path=path, source="formcheckbox"))
            elif first in ("FORMTEXT", "FORMDROPDOWN"):  # a field with no result part
                out.append(Inline("control", path=path, source=first.lower()))

    def _graphics(self, el: etree._Element, path: str, out: list[Inline], floating: list[Block]) -> None:
        """Text boxes become floating blocks; empty rectangles become shape inlines (checkboxes, digit boxes);
        a small square picture in the line becomes a checkbox where it stands (floating, a shape like a box)."""
        if el.tag == f"{{{MC}}}AlternateContent":
            el = _choice(el)
        picture = _picture_box(el)
        if picture is not None:
            pic, pic_w, pic_h = picture
            if pic.tag == f"{{{WP}}}anchor":
                off = (pic.findtext(f"{{{WP}}}positionH/{{{WP}}}posOffset") or "").strip()
                pic_x = int(off) / _EMU_PER_PT if _DIGITS.fullmatch(off) else None
                out.append(Inline("shape", path=self.path(pic), source="picture", width=pic_w, height=pic_h, x=pic_x))
            else:
                out.append(Inline("checkbox", path=self.path(pic), source="picture"))
            return
        for box in _iter_outer(el, w("txbxContent")):
            floating.extend(self.blocks(box))
        for wsp in el.iter(f"{{{WPS}}}wsp"):
            geom = wsp.find(f".//{{{A}}}prstGeom")
            if wsp.find(f"{{{WPS}}}txbx") is not None or geom is None or geom.get("prst") not in _BOX_SHAPES:
                continue
            anchor = next((a for a in wsp.iterancestors() if a.tag in (f"{{{WP}}}anchor", f"{{{WP}}}inline")), None)
            ext = anchor.find(f"{{{WP}}}extent") if anchor is not None else None
            off = anchor.find(f"{{{WP}}}positionH/{{{WP}}}posOffset") if anchor is not None else None
            cx = self.number(ext, "cx", 0, _MAX_EMU, "wp:extent/@cx") if ext is not None else None
            cy = self.number(ext, "cy", 0, _MAX_EMU, "wp:extent/@cy") if ext is not None else None
            offset = ooxml_int(off.text, -_MAX_EMU, _MAX_EMU) if off is not None else None
            width = cx / _EMU_PER_PT if cx is not None else None
            height = cy / _EMU_PER_PT if cy is not None else None
            x = offset / _EMU_PER_PT if offset is not None else None
            out.append(Inline("shape", path=self.path(wsp), source="shape", width=width, height=height, x=x))
        for rect in list(el.iter(f"{{{V}}}rect")) + list(el.iter(f"{{{V}}}roundrect")):
            if rect.find(f"{{{V}}}textbox") is not None:
                continue
            dims: dict[str, float] = {}
            for key, raw in _VML_LEN.findall(rect.get("style", "")):
                found = _VML_VALUE.fullmatch(raw.strip())
                if found:
                    dims[key] = _pt(float(found.group(1)), found.group(2) or "pt")
                elif raw.strip()[:1] in tuple("-.0123456789"):  # "auto" and the like are not lengths, not errors
                    self.warnings.append(malformed(f"{self.part}:{self.path(rect)}", f"v:rect style {key}"))
            out.append(
                Inline(
                    "shape",
                    path=self.path(rect),
                    source="shape",
                    width=dims.get("width"),
                    height=dims.get("height"),
                    x=dims.get("margin-left", dims.get("left")),
                )
            )

    def _resolve_tabs(self, para: Paragraph, ppr: etree._Element | None, style: str | None) -> None:
        """Give each tab the leader of the stop it reaches: stops are taken in order (Word's layout)."""
        stops: list[TabStop] = sorted(read_tabs(ppr, self.styles.tabs(style)).values(), key=lambda s: s.pos)
        stops = [s for s in stops if s.kind != "bar"]
        if para.numbering and stops and stops[0].leader is None and stops[0].pos < 1440:
            stops = stops[1:]  # the tab after a list number lands on the first small stop
        index = 0
        for item in para.inlines:
            if item.kind == "break":
                index = 0
            elif item.kind == "tab":
                item.leader = stops[index].leader if index < len(stops) else None
                index += 1


def _steps(parent: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Each element child of `parent` with its last XPath step, by libxml2's `xmlGetNodePath` rules.

    A prefixed or un-namespaced element is `name` or `prefix:name`, indexed among siblings of the same
    name and prefix when there are several; an element in a default namespace cannot be named in XPath, so
    it is `*`, indexed among all element siblings.
    """
    children = [child for child in parent if isinstance(child.tag, str)]
    names = [etree.QName(child) for child in children]
    keys = [(n.localname, child.prefix, n.namespace is not None) for n, child in zip(names, children, strict=True)]
    totals = Counter(keys)
    seen: Counter[tuple[str, str | None, bool]] = Counter()
    for position, (child, key) in enumerate(zip(children, keys, strict=True), start=1):
        local, prefix, namespaced = key
        seen[key] += 1
        if namespaced and prefix is None:
            yield child, f"*[{position}]" if len(children) > 1 else "*"
        else:
            name = f"{prefix}:{local}" if prefix else local
            yield child, f"{name}[{seen[key]}]" if totals[key] > 1 else name


def _picture_box(el: etree._Element) -> tuple[etree._Element, float, float] | None:
    """The `wp:inline` / `wp:anchor` (or inline VML shape) of a picture small and square enough to be a checkbox."""
    low, high = _PICTURE_BOX_PT
    for inline in el.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
        ext = inline.find(f"{{{WP}}}extent")
        if ext is None or next(inline.iter(f"{{{PIC}}}pic"), None) is None:
            continue
        cx, cy = (ext.get(k) or "" for k in ("cx", "cy"))
        if not (_DIGITS.fullmatch(cx) and _DIGITS.fullmatch(cy)):
            continue  # a malformed size: not a box (the shape reader reports it)
        width, height = int(cx) / _EMU_PER_PT, int(cy) / _EMU_PER_PT
        if low <= width <= high and low <= height <= high and 0.6 <= width / height <= 1.6:
            return inline, width, height
    for shape in el.iter(f"{{{V}}}shape"):
        style = shape.get("style", "")
        if shape.find(f"{{{V}}}imagedata") is None or "absolute" in style:
            continue
        dims = {k: _pt(float(v), unit) for k, v, unit in _PICTURE_LEN.findall(style)}
        width, height = dims.get("width", 0.0), dims.get("height", 0.0)
        if low <= width <= high and low <= height <= high and 0.6 <= width / height <= 1.6:
            return shape, width, height
    return None


def _pt(value: float, unit: str) -> float:
    return value * {"in": 72.0, "cm": 28.3465, "mm": 2.83465, "px": 0.75}.get(unit, 1.0)


def _choice(alt: etree._Element) -> etree._Element:
    """Of an `mc:AlternateContent`, the branch to read: the first `mc:Choice`, else `mc:Fallback`.

    Reading both would count every text box and shape twice (Word writes DrawingML and VML copies).
    """
    choice = alt.find(f"{{{MC}}}Choice")
    if choice is not None:
        return choice
    fallback = alt.find(f"{{{MC}}}Fallback")
    return fallback if fallback is not None else alt


def _iter_outer(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Elements named `tag` under `el` that are not nested in another one of them."""
    for found in el.iter(tag):
        if not any(a.tag == tag for a in found.iterancestors() if a is not el):
            yield found


def read_docx_bytes(data: bytes, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .docx package given as bytes."""
    pkg = SafeZip(data, name, limits)
    if "word/document.xml" not in pkg.names():
        raise_missing(name)
    reader = _Reader(pkg, name)
    doc = Document(source=name, kind="docx", blocks=reader.read_part("word/document.xml", "body"))
    for part in sorted(n for n in pkg.names() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)):
        doc.headers.extend(reader.read_part(part, "root"))
    if "word/footnotes.xml" in pkg.names():
        root = parse_xml(pkg.read("word/footnotes.xml"), file=name, part="word/footnotes.xml")
        for note in root.findall(w("footnote")):
            text = nfc(" ".join("".join(p.itertext()).strip() for p in note.iter(w("p"))).strip())
            if text and note.get(w("type")) is None:
                doc.footnotes[note.get(w("id"), "")] = text
    if reader.decoder is None:
        doc.warnings.append("legacy TCVN3/VNI decoding unavailable")
    doc.warnings.extend([*reader.numbering.warnings, *reader.warnings])
    return doc


def raise_missing(name: str) -> None:
    from eformkit.schema.convert.errors import ConversionError

    raise ConversionError("EFK-CONV-008", file=name, part="word/document.xml")


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a .docx file."""
    return read_docx_bytes(read_limited(path, limits), path.name, limits)

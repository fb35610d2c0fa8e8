"""A small DOCX/HTML/text writer for converter fixtures: OOXML built with lxml, zipped with zipfile.

A fixture is a YAML spec (fixtures/*.yaml): `format`, `body` (paragraphs and tables, inline items
below) and `expected` blanks. Inline items in a paragraph list:
  "text" | {b: text} | {u: text} | {sup: "1"} | {tab: 1} | {utab: 1} | {sym: [font, hex]} |
  {shape: [w_pt, h_pt, x_pt]} | {vrect: [w_pt, h_pt, x_pt]} | {sdt: placeholder, items: [...]} |
  {formtext: 1} | {formcheck: 1} | {font: [font_name, legacy_bytes_text]} | {textbox: [[items], ...]} |
  {pic: [w_pt, h_pt]} (an inline DrawingML picture) | {apic: [w_pt, h_pt, x_pt]} (a floating one) |
  {vpic: [w_pt, h_pt]} (an inline VML picture)
A paragraph is {p: [items], tabs: [[pos, leader]], style: id, numbering: true}; a table is
{table: [[cell, ...], ...]} with a cell being text, {p: [items]}, {ps: [[items], ...]} (several paragraphs),
{w: twips, text: ...} or {table: ...}.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NS = {"w": W, "mc": MC, "wp": WP, "a": A, "wps": WPS, "v": V, "pic": PIC}

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml"
 ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
 Target="word/document.xml"/></Relationships>"""


def q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


def _w(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, q("w", tag))
    for key, value in attrs.items():
        el.set(q("w", key), value)
    return el


def _run(p: etree._Element, *, text: str | None = None, tab: bool = False, underline: bool = False,
         bold: bool = False, sup: bool = False, font: str | None = None) -> etree._Element:
    r = _w(p, "r")
    if underline or bold or sup or font:
        rpr = _w(r, "rPr")
        if font:
            _w(rpr, "rFonts", ascii=font, hAnsi=font)
        if bold:
            _w(rpr, "b")
        if underline:
            _w(rpr, "u", val="single")
        if sup:
            _w(rpr, "vertAlign", val="superscript")
    if tab:
        _w(r, "tab")
    if text is not None:
        t = _w(r, "t")
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _shape(p: etree._Element, w: float, h: float, x: float) -> None:
    r = _w(p, "r")
    alt = etree.SubElement(r, q("mc", "AlternateContent"))
    choice = etree.SubElement(alt, q("mc", "Choice"), Requires="wps")
    drawing = _w(choice, "drawing")
    anchor = etree.SubElement(drawing, q("wp", "anchor"))
    pos = etree.SubElement(anchor, q("wp", "positionH"), relativeFrom="column")
    etree.SubElement(pos, q("wp", "posOffset")).text = str(int(x * 12700))
    etree.SubElement(anchor, q("wp", "extent"), cx=str(int(w * 12700)), cy=str(int(h * 12700)))
    graphic = etree.SubElement(anchor, q("a", "graphic"))
    data = etree.SubElement(graphic, q("a", "graphicData"))
    wsp = etree.SubElement(data, q("wps", "wsp"))
    sppr = etree.SubElement(wsp, q("wps", "spPr"))
    etree.SubElement(sppr, q("a", "prstGeom"), prst="rect")
    fallback = etree.SubElement(alt, q("mc", "Fallback"))  # the VML copy Word writes too: must not count twice
    pict = _w(fallback, "pict")
    etree.SubElement(pict, q("v", "rect"), style=f"position:absolute;margin-left:{x}pt;width:{w}pt;height:{h}pt")


def _items(p: etree._Element, items: list[Any], extra_blocks: list[Any]) -> None:
    for item in items:
        if isinstance(item, str):
            _run(p, text=item)
            continue
        (key, value), *_ = item.items()
        if key == "b":
            _run(p, text=value, bold=True)
        elif key == "u":
            _run(p, text=value, underline=True)
        elif key == "sup":
            _run(p, text=str(value), sup=True)
        elif key == "tab":
            for _ in range(int(value)):
                _run(p, tab=True)
        elif key == "utab":
            for _ in range(int(value)):
                _run(p, tab=True, underline=True)
        elif key == "sym":
            r = _w(p, "r")
            _w(r, "sym", font=value[0], char=value[1])
        elif key == "shape":
            _shape(p, *value)
        elif key in ("pic", "apic"):
            inline = etree.SubElement(_w(_w(p, "r"), "drawing"), q("wp", "inline" if key == "pic" else "anchor"))
            if key == "apic":
                pos = etree.SubElement(inline, q("wp", "positionH"), relativeFrom="column")
                etree.SubElement(pos, q("wp", "posOffset")).text = str(int(value[2] * 12700))
            etree.SubElement(inline, q("wp", "extent"), cx=str(int(value[0] * 12700)), cy=str(int(value[1] * 12700)))
            data = etree.SubElement(etree.SubElement(inline, q("a", "graphic")), q("a", "graphicData"), uri=PIC)
            etree.SubElement(etree.SubElement(data, q("pic", "pic")), q("pic", "blipFill"))
        elif key == "vpic":
            shape = etree.SubElement(
                _w(_w(p, "r"), "pict"), q("v", "shape"), style=f"width:{value[0]}pt;height:{value[1]}pt"
            )
            etree.SubElement(shape, q("v", "imagedata"))
        elif key == "vrect":
            r = _w(p, "r")
            pict = _w(r, "pict")
            style = f"margin-left:{value[2]}pt;width:{value[0]}pt;height:{value[1]}pt"
            etree.SubElement(pict, q("v", "rect"), style=style)
        elif key == "sdt":
            sdt = _w(p, "sdt")
            pr = _w(sdt, "sdtPr")
            _w(pr, "showingPlcHdr")
            if item.get("items"):
                dd = _w(pr, "dropDownList")
                for option in item["items"]:
                    _w(dd, "listItem", displayText=option, value=option)
            content = _w(sdt, "sdtContent")
            _run(content, text=value)
        elif key in ("formtext", "formcheck"):
            _w(_w(p, "r"), "fldChar", fldCharType="begin")
            instr = _w(_w(p, "r"), "instrText")
            instr.text = " FORMTEXT " if key == "formtext" else " FORMCHECKBOX "
            _w(_w(p, "r"), "fldChar", fldCharType="separate")
            _run(p, text="\u2002\u2002\u2002\u2002\u2002")
            _w(_w(p, "r"), "fldChar", fldCharType="end")
        elif key == "font":
            _run(p, text=value[1], font=value[0])
        elif key == "textbox":
            r = _w(p, "r")
            pict = _w(r, "pict")
            shape = etree.SubElement(pict, q("v", "shape"))
            box = etree.SubElement(shape, q("v", "textbox"))
            content = _w(box, "txbxContent")
            for para in value:
                _paragraph(content, {"p": para}, extra_blocks)
        else:
            raise ValueError(f"unknown inline item {key}")


def _paragraph(parent: etree._Element, spec: dict[str, Any], extra: list[Any]) -> None:
    p = _w(parent, "p")
    if spec.get("tabs") or spec.get("style") or spec.get("numbering"):
        ppr = _w(p, "pPr")
        if spec.get("style"):
            _w(ppr, "pStyle", val=spec["style"])
        if spec.get("numbering"):
            numpr = _w(ppr, "numPr")
            _w(numpr, "ilvl", val="0")
            _w(numpr, "numId", val="1")
        if spec.get("tabs"):
            tabs = _w(ppr, "tabs")
            for pos, leader in spec["tabs"]:
                attrs = {"val": "left", "pos": str(pos)}
                if leader:
                    attrs["leader"] = leader
                _w(tabs, "tab", **attrs)
    _items(p, spec.get("p") or [], extra)


def _table(parent: etree._Element, rows: list[list[Any]], extra: list[Any]) -> None:
    tbl = _w(parent, "tbl")
    for row in rows:
        tr = _w(tbl, "tr")
        for cell in row:
            tc = _w(tr, "tc")
            spec = cell if isinstance(cell, dict) else {"text": cell}
            if "w" in spec:
                _w(_w(tc, "tcPr"), "tcW", w=str(spec["w"]), type="dxa")
            if "table" in spec:
                _table(tc, spec["table"], extra)
                _w(tc, "p")
            elif "p" in spec:
                _paragraph(tc, spec, extra)
            elif "ps" in spec:
                for items in spec["ps"]:
                    _paragraph(tc, {"p": items}, extra)
            else:
                p = _w(tc, "p")
                if spec.get("text"):
                    _run(p, text=spec["text"])


def build_docx(spec: dict[str, Any], path: Path) -> Path:
    """Write the fixture's .docx (document, styles and numbering parts)."""
    doc = etree.Element(q("w", "document"), nsmap=NS)
    body = _w(doc, "body")
    extra: list[Any] = []
    for block in spec["body"]:
        if "table" in block:
            _table(body, block["table"], extra)
        else:
            _paragraph(body, block, extra)
    styles = etree.Element(q("w", "styles"), nsmap={"w": W})
    for sid, style in (spec.get("styles") or {}).items():
        st = _w(styles, "style", type="paragraph", styleId=sid)
        _w(st, "name", val=sid)
        if style.get("based_on"):
            _w(st, "basedOn", val=style["based_on"])
        if style.get("tabs"):
            tabs = _w(_w(st, "pPr"), "tabs")
            for pos, leader in style["tabs"]:
                _w(tabs, "tab", val="left", pos=str(pos), **({"leader": leader} if leader else {}))
    numbering = etree.Element(q("w", "numbering"), nsmap={"w": W})
    abstract = _w(numbering, "abstractNum", abstractNumId="0")
    lvl = _w(abstract, "lvl", ilvl="0")
    _w(lvl, "start", val="1")
    _w(lvl, "numFmt", val="decimal")
    _w(lvl, "lvlText", val="[%1]")
    num = _w(numbering, "num", numId="1")
    _w(num, "abstractNumId", val="0")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
        zf.writestr("word/styles.xml", etree.tostring(styles, xml_declaration=True, encoding="UTF-8"))
        zf.writestr("word/numbering.xml", etree.tostring(numbering, xml_declaration=True, encoding="UTF-8"))
    return path


def build(spec: dict[str, Any], folder: Path) -> Path:
    """Write a fixture (any format) into `folder` and return its path."""
    fmt = spec.get("format", "docx")
    path = folder / f"{spec['name']}.{ {'docx': 'docx', 'html': 'html', 'text': 'txt'}[fmt] }"
    if fmt == "docx":
        return build_docx(spec, path)
    path.write_text(spec["source"], encoding="utf-8")
    return path


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_specs() -> list[dict[str, Any]]:
    import yaml

    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.yaml"))]

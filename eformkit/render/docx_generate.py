"""A plain .docx of a submission, for forms with no linked Word template (the print view's items)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

from eformkit.render.docx_edit import clean
from eformkit.render.print_view import PrintItem, print_items
from eformkit.render.texts import ui_text
from eformkit.render.view import UISchemaSource, form_view

__all__ = ["generate_docx"]

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_FONT = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'


def _run(text: str, bold: bool = False, italic: bool = False, size: int = 26) -> str:
    props = _FONT + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + f'<w:sz w:val="{size}"/>'
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{escape(clean(text))}</w:t></w:r>'


def _para(*runs: str, center: bool = False, right: bool = False) -> str:
    jc = '<w:jc w:val="center"/>' if center else ('<w:jc w:val="right"/>' if right else "")
    return f'<w:p><w:pPr><w:spacing w:after="60"/>{jc}</w:pPr>{"".join(runs)}</w:p>'


def _cell(text: str, bold: bool = False) -> str:
    borders = "".join(f'<w:{s} w:val="single" w:sz="4"/>' for s in ("top", "left", "bottom", "right"))
    return f"<w:tc><w:tcPr><w:tcBorders>{borders}</w:tcBorders></w:tcPr>{_para(_run(text, bold, size=24))}</w:tc>"


def _item(i: PrintItem, lang: str) -> str:
    head = (f"{i.number}. " if i.number else "") + (f"{i.label}: " if i.label else "")
    if i.kind == "line":
        return _para(_run(head), _run(i.value or "………………………………"))
    if i.kind == "boxes":
        return _para(_run(head), _run(" ".join(d or "_" for d in i.boxes), bold=True))
    if i.kind == "choices":
        return _para(_run(head), *(_run(("☒ " if on else "☐ ") + label + "   ") for label, on in i.choices))
    if i.kind == "text":
        return _para(_run(head + i.value))
    if i.kind == "group":
        return _para(_run(head)) + "".join(_item(c, lang) for c in i.children)
    if i.kind == "table":
        header = (
            "<w:tr>" + _cell(ui_text("no_order", lang), True) + "".join(_cell(c, True) for c in i.columns) + "</w:tr>"
        )
        body = "".join(
            "<w:tr>" + _cell(str(n)) + "".join(_cell(v) for v in row) + "</w:tr>" for n, row in enumerate(i.rows, 1)
        )
        return _para(_run(head)) + f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr>{header}{body}</w:tbl>'
    return ""


def generate_docx(form: UISchemaSource, data: Mapping[str, Any] | None, lang: str = "vi") -> bytes:
    """A .docx laid out like the print view (motto, form code, title, items, signature)."""
    view = form_view(form, lang)
    body = [
        _para(_run(ui_text("motto_1", lang), bold=True, size=24), center=True),
        _para(_run(ui_text("motto_2", lang), bold=True), center=True),
    ]
    if view.code:
        body.insert(0, _para(_run(f"{ui_text('form_code', lang)} {view.code}", bold=True), right=True))
    body.append(_para(_run(view.title.upper(), bold=True, size=28), center=True))
    if view.addressee:
        body.append(_para(_run(f"{ui_text('to', lang)}: {view.addressee}"), center=True))
    sections = print_items(form, data, lang)
    signatures = []
    for _title, items in sections:
        for i in items:
            if i.kind == "signature":
                signatures.append(i)
            else:
                body.append(_item(i, lang))
    for s in signatures or [PrintItem("signature", ui_text("signer_title", lang))]:
        body.append(_para(_run(s.date_line, italic=True), right=True))
        body.append(_para(_run(s.label, bold=True), right=True))
        body.append(_para(_run(ui_text("signer_note", lang), italic=True, size=22), right=True))
        body.append(_para(_run(s.signer, bold=True), right=True))
    for note in view.footnotes:
        body.append(_para(_run(note, italic=True, size=22)))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(body)
        + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
        '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/>'
        "</w:sectPr></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return out.getvalue()

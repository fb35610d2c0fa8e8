"""Read an HTML form (saved from a web page or from Word) into the layout model.

Inputs, selects and textareas become controls; checkboxes and radios become checkboxes; dotted and
underlined text stays text for blank detection; tables keep their rows and cells.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from eformkit.schema.convert.layout import Block, Cell, Document, Inline, Paragraph, Row, Table
from eformkit.schema.convert.safety import DEFAULT_LIMITS, Limits, parse_html, read_limited
from eformkit.text import nfc

__all__ = ["read_html", "read_html_bytes"]

_BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "form",
    "fieldset",
    "legend",
    "header",
    "footer",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "center",
    "body",
    "main",
    "dl",
    "dt",
    "dd",
}
_SKIP = {"script", "style", "head", "title", "meta", "link", "noscript", "template", "button"}
_TEXT_INPUTS = {"text", "", "date", "number", "email", "tel", "search", "url", "month", "datetime-local"}


def _box_image(node: etree._Element) -> bool:
    """An `<img>` 4-32 px, about square (its width and height attributes or style): a checkbox picture."""
    style = dict(re.findall(r"(width|height)\s*:\s*([\d.]+)\s*(?:px|pt)?", (node.get("style") or "").lower()))
    try:
        width = float(node.get("width") or style.get("width") or 0)
        height = float(node.get("height") or style.get("height") or 0)
    except ValueError:
        return False
    return 4 <= width <= 32 and 4 <= height <= 32 and 0.6 <= width / height <= 1.6


class _Reader:
    def __init__(self, root: etree._Element) -> None:
        self.tree = root.getroottree()

    def blocks(self, el: etree._Element) -> list[Block]:
        out: list[Block] = []
        current: list[Paragraph | None] = [None]

        def para(anchor: etree._Element) -> Paragraph:
            if current[0] is None:
                tag = anchor.tag if isinstance(anchor.tag, str) else ""
                made = Paragraph(
                    part="html",
                    path=self.tree.getpath(anchor),
                    heading=tag in ("h1", "h2", "h3", "h4", "legend"),
                    centered=(anchor.get("align") or "").lower() == "center",
                )
                current[0] = made
                out.append(made)
                return made
            return current[0]

        def flush() -> None:
            current[0] = None

        def walk(node: etree._Element, underline: bool, bold: bool, sup: bool, anchor: etree._Element) -> None:
            tag = node.tag.lower() if isinstance(node.tag, str) else ""
            if tag in _SKIP:
                return
            if tag == "table":
                flush()
                out.append(self.table(node))
                flush()
            elif tag == "br":
                flush()
            elif tag == "input":
                kind = (node.get("type") or "").lower()
                if kind in ("checkbox", "radio"):
                    para(anchor).inlines.append(
                        Inline(
                            "checkbox", path=self.tree.getpath(node), source="input", text=nfc(node.get("value") or "")
                        )
                    )
                elif kind in _TEXT_INPUTS:
                    para(anchor).inlines.append(
                        Inline(
                            "control",
                            path=self.tree.getpath(node),
                            source="input",
                            text=nfc(node.get("placeholder") or node.get("title") or ""),
                        )
                    )
            elif tag == "img" and _box_image(node):  # a checkbox drawn as a small square picture
                para(anchor).inlines.append(Inline("checkbox", path=self.tree.getpath(node), source="picture"))
            elif tag in ("select", "textarea"):
                options = tuple(nfc("".join(o.itertext()).strip()) for o in node.iter("option"))
                para(anchor).inlines.append(
                    Inline("control", path=self.tree.getpath(node), source=tag, options=options)
                )
            else:
                block = tag in _BLOCK
                if block:
                    flush()
                    anchor = node
                under = underline or tag == "u" or "underline" in (node.get("style") or "")
                strong = bold or tag in ("b", "strong") or tag.startswith("h")
                sup2 = sup or tag == "sup"
                if node.text:
                    self._text(para(anchor), node.text, under, strong, sup2, node)
                for child in node:
                    walk(child, under, strong, sup2, anchor)
                    if child.tail:
                        self._text(para(anchor), child.tail, underline or tag == "u", bold, sup, node)
                if block:
                    flush()

        walk(el, False, False, False, el)
        return [
            b
            for b in out
            if not isinstance(b, Paragraph) or b.text.strip() or any(i.kind not in ("text", "break") for i in b.inlines)
        ]

    def _text(self, para: Paragraph, text: str, underline: bool, bold: bool, sup: bool, node: etree._Element) -> None:
        text = nfc(" ".join(text.replace("\xa0", " ").split(" ")).replace("\n", " "))
        if not text or (not text.strip() and not para.inlines):
            return
        from eformkit.schema.convert.docx_reader import CHECKBOX_GLYPHS

        path = self.tree.getpath(node)
        buf = ""
        for ch in text:
            if ch in CHECKBOX_GLYPHS:
                if buf:
                    para.inlines.append(
                        Inline("text", text=buf, path=path, underline=underline, bold=bold, superscript=sup)
                    )
                    buf = ""
                para.inlines.append(Inline("checkbox", text=ch, path=path, source="glyph"))
            else:
                buf += ch
        if buf:
            para.inlines.append(Inline("text", text=buf, path=path, underline=underline, bold=bold, superscript=sup))

    def table(self, node: etree._Element) -> Table:
        table = Table(part="html", path=self.tree.getpath(node))
        for tr in node.iter("tr"):
            if next((a for a in tr.iterancestors("table")), None) is not node:
                continue
            row = Row(path=self.tree.getpath(tr))
            for td in tr:
                if isinstance(td.tag, str) and td.tag.lower() in ("td", "th"):
                    span = int(td.get("colspan", "1")) if (td.get("colspan") or "1").isdigit() else 1
                    row.cells.append(Cell(path=self.tree.getpath(td), blocks=self.blocks(td), span=span))
            table.rows.append(row)
        return table


def read_html_bytes(data: bytes, name: str) -> Document:
    """Read HTML given as bytes."""
    root = parse_html(data, file=name)
    body = root.find("body")
    return Document(source=name, kind="html", blocks=_Reader(root).blocks(body if body is not None else root))


def read_html(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read an .html/.htm file."""
    return read_html_bytes(read_limited(path, limits), path.name)

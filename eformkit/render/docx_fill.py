"""Fill the original Word template: each linked blank gets its value in the template's own formatting.

A link maps a field pointer to an anchor. The converter writes anchors into drafts (docs/converter.md);
an author may write ``{kind: after_text, text: "Họ, chữ đệm và tên"}`` (the first blank after that
text). Anchor kinds: ``dots``, ``tab_leader``, ``underline``, ``date`` (pieces: day/month/year, or as
``date_order`` says; `docx_dates`), ``address`` (one anchor per printed part; `docx_address`),
``digit_cells``, ``digit_shapes``, ``table_rows``, ``table_cell``, ``checkbox_glyph``, ``checkbox_sym``,
``checkbox_cell`` (an X in the cell), ``checkbox_picture`` (☒ instead of the picture), ``placeholder``
(the value replaces the bracketed phrase), ``empty_line``, ``content_control``, ``choice`` (``options:
{value: anchor}``) and ``after_text``.

Only linked parts are parsed (lxml, entities off, no network), once per template; each fill edits the
cached tree through an undo journal, serialises it and restores it. Every other zip member is copied
byte for byte (`docx_zip`).
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from eformkit.render import docx_dates as dates
from eformkit.render import docx_edit as ed
from eformkit.render.docx_address import part_texts
from eformkit.render.docx_shapes import write_shape
from eformkit.render.docx_values import Fill, fills_for
from eformkit.render.docx_zip import ZipLayout, read_layout, rewrite
from eformkit.text import nfc

__all__ = ["DocxTemplate", "FillReport", "fill_docx", "links_from_form"]

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
_DOTS = re.compile(r"[.…_]*…[.…_]*|[._]{3,}")
_LINE_KINDS = ("dots", "tab_leader", "underline", "text")
_CHECK_KINDS = ("checkbox_glyph", "checkbox_sym", "checkbox_shape", "checkbox_cell", "checkbox_picture")
_SDT = f"{{{ed.W}}}sdt"
_PREFIXES = {
    "w": ed.W,
    "mc": ed.MC,
    "wps": ed.WPS,
    "v": ed.VML,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}


@dataclass(slots=True)
class FillReport:
    """Which linked fields were written, and which were not (pointer and reason code, never values)."""

    filled: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


class _Part:
    """One XML part: its parsed tree (kept pristine between fills) and elements found by path."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml, _PARSER)
        self.ns = {k: v for k, v in self.root.nsmap.items() if k}
        for prefix, uri in _PREFIXES.items():  # the converter's paths use these prefixes (docs/converter.md)
            self.ns.setdefault(prefix, uri)
        self._found: dict[str, etree._Element | None] = {}

    def find(self, path: str) -> etree._Element | None:
        if path not in self._found:
            try:
                hits = etree.XPath(path, namespaces=self.ns)(self.root)
            except etree.XPathError:
                hits = []
            first = hits[0] if isinstance(hits, list) and hits else None
            self._found[path] = first if isinstance(first, etree._Element) else None
        return self._found[path]


class DocxTemplate:
    """A Word template loaded once: zip layout, parsed parts and resolved anchors are cached."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.layout: ZipLayout = read_layout(data)
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._parts: dict[str, _Part] = {}
        self._resolved: dict[tuple[str, str, int], dict[str, Any] | None] = {}
        self._lock = threading.RLock()
        self._memo: dict[Any, Any] = {}  # the edit functions' facts about the pristine tree

    @classmethod
    def load(cls, path: str | Path) -> DocxTemplate:
        """Load a template file (cached by path and modification time)."""
        p = Path(path)
        key = (str(p.resolve()), p.stat().st_mtime_ns)
        cached = _TEMPLATES.get(key)
        if cached is None:
            cached = _TEMPLATES[key] = cls(p.read_bytes())
        return cached

    def part(self, name: str) -> _Part:
        with self._lock:
            part = self._parts.get(name)
            if part is None:
                part = self._parts[name] = _Part(self._zip.read(name))
            return part

    def resolve(self, anchor: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """An ``after_text`` anchor as a concrete one; other anchors as given. After the paragraph
        holding `text` (its `occurrence`-th match): the first blank, the first `pieces` blanks (a
        date), the next `cells` table cells (digit boxes) or, with `table: true`, the next table."""
        if anchor.get("kind") != "after_text":
            return anchor
        part_name = str(anchor.get("part", "word/document.xml"))
        label = nfc(" ".join(str(anchor.get("text", "")).split()))
        whole = bool(anchor.get("whole_paragraph"))
        shape = (int(anchor.get("pieces", 1)), int(anchor.get("cells", 0)), bool(anchor.get("table")), whole)
        key = (part_name, f"{label}|{shape}", int(anchor.get("occurrence", 1)))
        if key not in self._resolved:
            part = self.part(part_name)
            tree = part.root.getroottree()
            pattern = re.compile(r"\s+".join(re.escape(w) for w in label.split())) if label else None
            each: Iterator[dict[str, Any] | None] = (
                (_resolve_in(p, pattern, shape, tree) for p in part.root.iter(ed.P)) if pattern else iter(())
            )
            hits: Iterator[dict[str, Any]] = (h for h in each if h is not None)
            found: dict[str, Any] | None = None
            if key[2] < 0:  # counted from the end: -1 is the last match (the signer's date line after the others)
                matches = list(hits)
                found = matches[key[2]] if len(matches) >= -key[2] else None
            else:
                found = next((h for i, h in enumerate(hits, 1) if i == key[2]), None)
            if found is not None:
                found["part"] = part_name
            if found is not None and isinstance(anchor.get("columns"), list):
                found["columns"] = list(anchor["columns"])
            self._resolved[key] = found
        return self._resolved[key]

    def _targets(self, part: _Part, anchor: Mapping[str, Any], touched: dict[str, _Part] | None = None) -> Any:
        kind = anchor.get("kind")
        if kind == "address":  # each part blank is a complete anchor, maybe in another XML part
            found = []
            for spec in anchor.get("parts") or ():
                if not isinstance(spec, Mapping) or spec.get("kind") in (None, "address", "after_text"):
                    return None
                own = part
                if spec.get("part") and touched is not None:
                    name = str(spec["part"])
                    try:
                        own = touched[name] = touched.get(name) or self.part(name)
                    except KeyError:
                        return None
                target = self._targets(own, spec)
                if target is None:
                    return None
                found.append((target, spec))
            return found or None
        if kind == "choice":
            return {str(v): (self._targets(part, a), a) for v, a in (anchor.get("options") or {}).items()}
        if kind in ("date", "digit_cells", "digit_shapes"):
            pieces = []
            for piece in anchor.get("parts") or ():
                spec = piece if isinstance(piece, Mapping) else {"path": piece}
                pieces.append((part.find(str(spec.get("path"))), spec))
            return pieces if pieces and all(e is not None for e, _ in pieces) else None
        main = part.find(str(anchor["path"])) if anchor.get("path") else None
        if kind == "table_rows":
            rows = [r for r in (part.find(str(p)) for p in anchor.get("rows") or ()) if r is not None]
            if not rows and main is not None:
                rows = main.findall(ed.TR)[1:]
            return rows or None
        return main

    def fill(self, links: Iterable[tuple[str, Mapping[str, Any], Fill]]) -> tuple[bytes, FillReport]:
        """Write each (pointer, anchor, fill); return the new .docx bytes and a report."""
        report = FillReport()
        with self._lock:
            journal = ed.Journal(self._memo)
            touched: dict[str, _Part] = {}
            try:
                jobs = []
                for pointer, raw, value in links:
                    anchor = self.resolve(raw)
                    if anchor is None:
                        report.skipped.append((pointer, "anchor_not_found"))
                        continue
                    name = str(anchor.get("part", "word/document.xml"))
                    try:
                        part = touched[name] = touched.get(name) or self.part(name)
                    except KeyError:
                        report.skipped.append((pointer, "part_missing"))
                        continue
                    jobs.append((pointer, anchor, value, self._targets(part, anchor, touched)))
                for pointer, anchor, value, found in jobs:  # all found first: edits never shift a path
                    problem = "anchor_not_found" if found is None else _apply(journal, anchor, found, value)
                    if problem is None:
                        report.filled.append(pointer)
                    else:
                        report.skipped.append((pointer, problem))
                replace = {n: etree.tostring(p.root, xml_declaration=True, encoding="UTF-8", standalone=True)
                           for n, p in touched.items()}  # fmt: skip
            finally:
                journal.undo()
        return rewrite(self.data, self.layout, replace), report


def _resolve_in(p: etree._Element, pattern: re.Pattern[str], shape: tuple[int, int, bool, bool], tree: Any) -> Any:
    """Within paragraph `p` matching `pattern`: the anchor of the blank(s), cells or table after it
    (`whole_paragraph`: the blanks of the whole paragraph, "….., ngày … tháng … năm …")."""
    runs = list(p.iter(ed.R))
    text = "".join(t.text or "" for r in runs for t in r.iter(ed.T))
    m = pattern.search(text)
    if m is None:
        return None
    pieces, cells, table, whole = shape
    if table:
        block = p
        while block.getparent() is not None and block.getparent().tag != f"{{{ed.W}}}body":
            block = block.getparent()
        nxt = next(block.itersiblings(f"{{{ed.W}}}tbl"), None)
        return {"kind": "table_rows", "path": tree.getpath(nxt)} if nxt is not None else None
    if cells:
        tc = next((a for a in p.iterancestors(ed.TC)), None)
        boxes = list(tc.itersiblings(ed.TC))[:cells] if tc is not None else []
        if len(boxes) < cells:
            return None
        return {"kind": "digit_cells", "parts": [tree.getpath(c) for c in boxes]}
    blanks = _blanks_after(runs, 0 if whole else m.end(), tree, pieces)
    if len(blanks) < pieces:
        return None
    return blanks[0] if pieces == 1 else {"kind": "date", "parts": blanks}


def _blanks_after(runs: list[etree._Element], end: int, tree: Any, count: int) -> list[dict[str, Any]]:
    """The first `count` dot runs or tabs after paragraph offset `end`."""
    out: list[dict[str, Any]] = []
    pos = 0
    for r in runs:
        run_off = 0
        for child in r:
            if child.tag == ed.TAB and pos >= end:
                out.append({"kind": "tab_leader", "path": tree.getpath(r)})
            elif child.tag == ed.T:
                s = child.text or ""
                if pos + len(s) > end:
                    for dots in _DOTS.finditer(s, max(0, end - pos)):
                        chars = [run_off + dots.start(), run_off + dots.end()]
                        out.append({"kind": "dots", "path": tree.getpath(r), "chars": chars})
                pos, run_off = pos + len(s), run_off + len(s)
            if len(out) >= count:
                return out[:count]
    return out


def _piece(j: ed.Journal, el: etree._Element, spec: Mapping[str, Any], text: str, what: str) -> bool:
    """One piece of a date: a content control or a line blank (a year's last two digits follow the
    printed century without a space)."""
    if el.tag == _SDT:
        return ed.content_control(j, el, text, None)
    return ed.write_line(j, el, text, spec, glued=what == "year2")


def _date(j: ed.Journal, anchor: Mapping[str, Any], found: list[Any], fill: Fill) -> str | None:
    if fill.place is not None and len(found) == 4 and not anchor.get("date_order"):
        # a signature's place and date line, "….., ngày … tháng … năm …": the place, then the date
        (el, spec), found = found[0], found[1:]
        if fill.place and not _piece(j, el, spec, fill.place, ""):
            return "not_written"
        if not fill.parts:
            return None if fill.place else "not_written"
    try:
        texts = dates.piece_texts(j, fill.parts, fill.text, anchor, found)
    except dates.DoesNotFit:
        return "does_not_fit"
    slot = dates.year_slot(j, anchor, found) if len(fill.parts) == 3 and fill.parts[2] else None
    order = list(anchor.get("date_order") or ()) + [""] * len(found)
    done = [
        _piece(j, el, spec, text, what)
        for (el, spec), text, what in zip(found, texts, order[: len(found)], strict=True)
        if text
    ]
    if slot is not None and done:
        dates.write_year(j, slot, fill.parts[2])
    return None if done and all(done) else "not_written"


def _address(j: ed.Journal, found: list[Any], fill: Fill) -> str | None:
    if fill.address is not None:
        texts = part_texts([spec for _, spec in found], fill.address)
    else:  # not an address value: all of it in the first part
        texts = [fill.text] + [""] * (len(found) - 1)
    done = [_apply(j, spec, el, Fill(text, value=text)) for (el, spec), text in zip(found, texts, strict=True) if text]
    return next((p for p in done if p is not None), None) if done else "not_written"


def _apply(j: ed.Journal, anchor: Mapping[str, Any], found: Any, fill: Fill) -> str | None:
    """Write `fill` into the blank(s) `found`; None when written, else the reason code."""
    kind = anchor.get("kind")
    if kind == "date":
        return _date(j, anchor, found, fill)
    if kind == "address":
        return _address(j, found, fill)
    return None if _write(j, anchor, found, fill) else "not_written"


def _write(j: ed.Journal, anchor: Mapping[str, Any], found: Any, fill: Fill) -> bool:
    kind = anchor.get("kind")
    if kind == "choice":
        target = found.get(str(fill.value))
        return target is not None and target[0] is not None and _tick(j, target[0], target[1])
    if kind in _CHECK_KINDS:
        return _tick(j, found, anchor) if fill.checked else fill.checked is not None
    if kind in ("placeholder", "empty_line"):
        if found.tag == ed.R and anchor.get("chars"):  # "[Your Name]" in a run: the value replaces it
            return ed.write_line(j, found, fill.text, anchor)
        return ed.write_paragraph(j, found, fill.text)  # a line holding only the prompt, or an empty line
    if kind == "content_control":
        return ed.content_control(j, found, fill.text, fill.checked)
    if kind == "digit_cells":
        for (cell, _spec), ch in zip(found, fill.parts or tuple(fill.text), strict=False):
            ed.write_cell(j, cell, ch)
        return True
    if kind == "digit_shapes":
        digits = fill.parts or tuple(fill.text)
        return len(digits) <= len(found) and all(
            write_shape(j, box, ch) for (box, _spec), ch in zip(found, digits, strict=False)
        )
    if kind == "table_rows":
        return ed.fill_rows(j, found, fill.rows or ())
    if kind == "table_cell":
        ed.write_cell(j, found, fill.text)
        return True
    if kind in _LINE_KINDS:
        return ed.write_line(j, found, fill.text, anchor)
    return False


def _tick(j: ed.Journal, el: etree._Element, anchor: Mapping[str, Any]) -> bool:
    """Tick one box: a glyph or symbol, an empty cell (an X in it) or a small picture of a box (☒ instead)."""
    kind = anchor.get("kind")
    if kind == "checkbox_cell" or el.tag == ed.TC:
        ed.write_cell(j, el, "X")
        return True
    if kind == "checkbox_picture":
        return ed.replace_picture(j, el)
    return ed.check(j, el, anchor)


_TEMPLATES: dict[tuple[str, int], DocxTemplate] = {}


def links_from_form(form: Any) -> dict[str, dict[str, Any]]:
    """Pointer → anchor for every field of the form that carries one (converter drafts do)."""
    from eformkit.render.view import form_view

    return {f.pointer: dict(f.anchor) for f in form_view(form, "vi").fields() if f.anchor}


def fill_docx(
    template: DocxTemplate | bytes | str | Path,
    form: Any,
    data: Mapping[str, Any],
    *,
    links: Mapping[str, Mapping[str, Any]] | None = None,
    lang: str = "vi",
) -> tuple[bytes, FillReport]:
    """Fill `template` with a submission of `form`; links default to the anchors in the form.
    Fields left empty keep the template's blank as printed."""
    if isinstance(template, DocxTemplate):
        tpl = template
    elif isinstance(template, bytes):
        tpl = DocxTemplate(template)
    else:
        tpl = DocxTemplate.load(template)
    the_links = links if links is not None else links_from_form(form)
    values = fills_for(form, data, the_links, lang)
    return tpl.fill((p, a, values[p]) for p, a in the_links.items() if p in values and not values[p].empty)

"""Writing values into WordprocessingML blanks, through a journal that can undo every change.

The filler edits the template's cached tree in place, serialises it, then undoes the edits: cheaper
than copying the whole tree for every document. Every value keeps the formatting of the run (or of
the paragraph mark) it is written into.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from lxml import etree

from eformkit.text import nfc

__all__ = ["Journal", "W", "check", "content_control", "fill_rows", "write_cell", "write_line"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
T, R, P, TAB, BR = (f"{{{W}}}{n}" for n in ("t", "r", "p", "tab", "br"))
RPR, PPR, SYM, TC, TR = (f"{{{W}}}{n}" for n in ("rPr", "pPr", "sym", "tc", "tr"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BOXES = "☐□❑❒⬜"
_CHECKED = "☒"
_SYM_CHECKED = {"wingdings": "F0FD", "wingdings 2": "F054"}
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFC text without the control characters XML cannot hold."""
    return _BAD_XML.sub("", nfc(text))


class Journal:
    """Edits to a tree, each recorded so `undo` restores the tree exactly."""

    def __init__(self) -> None:
        self._log: list[tuple[Any, ...]] = []

    def text(self, t: etree._Element, value: str) -> None:
        self._log.append(("text", t, t.text, t.get(_SPACE)))
        t.text = value
        t.set(_SPACE, "preserve")

    def attr(self, el: etree._Element, key: str, value: str) -> None:
        self._log.append(("attr", el, key, el.get(key)))
        el.set(key, value)

    def insert(self, parent: etree._Element, index: int, el: etree._Element) -> None:
        parent.insert(index, el)
        self._log.append(("added", el))

    def before(self, ref: etree._Element, el: etree._Element) -> None:
        ref.addprevious(el)
        self._log.append(("added", el))

    def after(self, ref: etree._Element, el: etree._Element) -> None:
        ref.addnext(el)
        self._log.append(("added", el))

    def remove(self, el: etree._Element) -> None:
        parent = el.getparent()
        if parent is None:
            return
        self._log.append(("removed", parent, parent.index(el), el, el.tail))
        parent.remove(el)

    def undo(self) -> None:
        for entry in reversed(self._log):
            kind = entry[0]
            if kind == "text":
                _, t, text, space = entry
                t.text = text
                if space is None:
                    t.attrib.pop(_SPACE, None)
                else:
                    t.set(_SPACE, space)
            elif kind == "attr":
                _, el, key, old = entry
                if old is None:
                    el.attrib.pop(key, None)
                else:
                    el.set(key, old)
            elif kind == "added":
                parent = entry[1].getparent()
                if parent is not None:
                    parent.remove(entry[1])
            else:
                _, parent, index, el, tail = entry
                parent.insert(index, el)
                el.tail = tail
        self._log.clear()


def _new_t(text: str) -> etree._Element:
    t = etree.Element(T)
    t.text = text
    t.set(_SPACE, "preserve")
    return t


def _edge(run: etree._Element, *, preceding: bool) -> str:
    """The character just before (or after) `run` in its paragraph ("" at the paragraph's edge)."""
    for sib in run.itersiblings(R, preceding=preceding):
        text = "".join(t.text or "" for t in sib.iter(T))
        if sib.find(TAB) is not None:
            return "\t"
        if text:
            return text[-1] if preceding else text[0]
    return ""


def replace_chars(j: Journal, run: etree._Element, start: int, end: int, text: str) -> bool:
    """Replace characters [start, end) of the run's text by `text`, spaced from its neighbours."""
    ts = list(run.iter(T))
    whole = "".join(t.text or "" for t in ts)
    if not 0 <= start <= end <= len(whole):
        return False
    before = whole[start - 1] if start else _edge(run, preceding=True)
    after = whole[end] if end < len(whole) else _edge(run, preceding=False)
    left = "" if not before or before.isspace() or before in "/-(" else " "
    right = "" if not after or after.isspace() or after in ",.;:)/-" else " "
    value = left + clean(text) + right
    pos, placed = 0, False
    for t in ts:
        s = t.text or ""
        a, b = max(start - pos, 0), min(end - pos, len(s))
        if a < b or (not placed and a == b and pos <= start <= pos + len(s)):
            j.text(t, s[:a] + ("" if placed else value) + s[b:])
            placed = True
        pos += len(s)
    return placed


def write_line(j: Journal, run: etree._Element, text: str, anchor: Mapping[str, Any]) -> bool:
    """A line blank: dots in a run (`chars`), a leader tab (text goes before it) or an underlined run."""
    if run.tag != R:
        return False
    chars = anchor.get("chars")
    if chars:
        return replace_chars(j, run, int(chars[0]), int(chars[1]), text)
    tab = run.find(TAB)
    if tab is not None:
        for i, line in enumerate((" " + clean(text)).split("\n")):
            if i:
                j.before(tab, etree.Element(BR))
            j.before(tab, _new_t(line))
        return True
    ts = list(run.iter(T))
    if not ts:
        return False
    j.text(ts[0], " " + clean(text) + " ")
    for t in ts[1:]:
        j.text(t, "")
    return True


def write_cell(j: Journal, tc: etree._Element, text: str) -> None:
    """Write `text` into a table cell's first paragraph, in the formatting of its first run or mark."""
    p = tc.find(P)
    if p is None:
        p = etree.Element(P)
        j.insert(tc, len(tc), p)
    run = p.find(R)
    props = run.find(RPR) if run is not None else None
    if props is None:
        ppr = p.find(PPR)
        props = ppr.find(RPR) if ppr is not None else None
    new = etree.Element(R)
    if props is not None:
        new.append(copy.deepcopy(props))
    new.append(_new_t(clean(text)))
    if run is not None:
        for t in run.iter(T):
            if not (t.text or "").strip():
                j.text(t, "")
    j.insert(p, len(p), new)


def check(j: Journal, el: etree._Element, anchor: Mapping[str, Any]) -> bool:
    """Tick a checkbox: a Wingdings symbol or the `index`-th ☐ glyph of a run."""
    sym = el.find(SYM) if el.tag == R else (el if el.tag == SYM else None)
    if sym is not None:
        font = (sym.get(f"{{{W}}}font") or "").lower()
        j.attr(sym, f"{{{W}}}char", _SYM_CHECKED.get(font, "F0FD"))
        return True
    index, seen = int(anchor.get("index", 0)), 0
    for t in el.iter(T):
        s = t.text or ""
        for i, ch in enumerate(s):
            if ch in _BOXES:
                if seen == index:
                    j.text(t, s[:i] + _CHECKED + s[i + 1 :])
                    return True
                seen += 1
    return False


def content_control(j: Journal, sdt: etree._Element, text: str, checked: bool | None) -> bool:
    """A content control: a checkbox control is ticked, a text control gets `text` (placeholder off)."""
    pr = sdt.find(f"{{{W}}}sdtPr")
    if pr is not None:
        box = pr.find(f"{{{W14}}}checkbox")
        if box is not None and checked is not None:
            state = box.find(f"{{{W14}}}checked")
            if state is not None:
                j.attr(state, f"{{{W14}}}val", "1" if checked else "0")
            if checked:
                for t in sdt.iter(T):
                    j.text(t, _CHECKED)
                    break
            return True
        placeholder = pr.find(f"{{{W}}}showingPlcHdr")
        if placeholder is not None:
            j.remove(placeholder)
    ts = list(sdt.iter(T))
    if not ts:
        return False
    j.text(ts[0], clean(text))
    for t in ts[1:]:
        j.text(t, "")
    return True


def fill_rows(j: Journal, rows: list[etree._Element], data: Sequence[Sequence[str]]) -> bool:
    """Write table rows into the empty rows; more rows than the template has copy its last one."""
    rows = list(rows)
    while len(rows) < len(data):
        clone = copy.deepcopy(rows[-1])
        j.after(rows[-1], clone)
        rows.append(clone)
    for i, values in enumerate(data):
        cells = rows[i].findall(TC)
        texts = [str(i + 1), *values] if len(cells) == len(values) + 1 else list(values)
        for cell, text in zip(cells, texts, strict=False):
            if text:
                write_cell(j, cell, text)
    return True

"""Writing values into WordprocessingML blanks, through a journal that can undo every change.

The filler edits the template's cached tree in place, serialises it, then undoes the edits: cheaper
than copying the whole tree for every document. Every value keeps the formatting of the run (or of
the paragraph mark) it is written into.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from lxml import etree

from eformkit.text import nfc

__all__ = [
    "Journal",
    "W",
    "check",
    "content_control",
    "fill_rows",
    "new_t",
    "replace_picture",
    "write_cell",
    "write_line",
    "write_paragraph",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
T, R, P, TAB, BR = (f"{{{W}}}{n}" for n in ("t", "r", "p", "tab", "br"))
RPR, PPR, SYM, TC, TR = (f"{{{W}}}{n}" for n in ("rPr", "pPr", "sym", "tc", "tr"))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
VML = "urn:schemas-microsoft-com:vml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SZ, _SZ_CS, _VERT, _VAL = f"{{{W}}}sz", f"{{{W}}}szCs", f"{{{W}}}vertAlign", f"{{{W}}}val"
_LEADER_CHARS = ".…_ \t\u00a0"
_BOXES = "☐□❑❒⬜"
_CHECKED = "☒"
_TYPED_BOX = re.compile(r"\s*[I|\[]([ _\u00a0]?)[ _\u00a0]*[I|\]]")
_TYPED_MARK = "X"
_SYM_CHECKED = {"wingdings": "F0FD", "wingdings 2": "F054"}
_BAD_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFC text without the control characters XML cannot hold."""
    return _BAD_XML.sub("", nfc(text))


class Journal:
    """Edits to a tree, each recorded so `undo` restores the tree exactly."""

    def __init__(self, memo: dict[Any, Any] | None = None) -> None:
        self._log: list[tuple[Any, ...]] = []
        self._shifts: dict[etree._Element, list[tuple[int, int]]] = {}
        self.memo = memo if memo is not None else {}  # facts about the pristine template, kept across fills

    def moved(self, run: etree._Element, pos: int) -> int:
        """Offset `pos` of the run's original text in its text now (earlier edits of that run moved it)."""
        return pos + sum(delta for end, delta in self._shifts.get(run, ()) if end <= pos)

    def shifted(self, run: etree._Element, end: int, delta: int) -> None:
        """Record that an edit ending at original offset `end` of the run changed its length by `delta`."""
        self._shifts.setdefault(run, []).append((end, delta))

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
        self._shifts.clear()


def new_t(text: str) -> etree._Element:
    t = etree.Element(T)
    t.text = text
    t.set(_SPACE, "preserve")
    return t


def _last_char(children: Iterable[etree._Element], *, last: bool) -> str:
    """The last (or first) character of run children: a ``w:t``'s text or a tab; "" when none."""
    for c in children:
        if c.tag == TAB:
            return "\t"
        text = c.text if c.tag == T else None
        if text:
            return str(text[-1] if last else text[0])
    return ""


def _edge(run: etree._Element, *, preceding: bool) -> str:
    """The character just before (or after) `run` in its paragraph ("" at the paragraph's edge)."""
    for sib in run.itersiblings(R, preceding=preceding):
        found = _last_char(reversed(sib) if preceding else sib, last=preceding)
        if found:
            return found
    return ""


def _left(before: str, glued: bool) -> str:
    """The space a value needs after the character `before` it."""
    return "" if glued or not before or before.isspace() or before in "/-(" else " "


def span(run: etree._Element, end: int) -> list[etree._Element]:
    """The ``w:t`` of `run`, then of the runs after it in its paragraph (up to a tab) until `end`
    characters are covered: Word splits one row of dots across runs freely."""
    ts = list(run.iter(T))
    total = sum(len(t.text or "") for t in ts)
    p = next(run.iterancestors(P), None)
    if total >= end or p is None:
        return ts
    following = False
    for r in p.iter(R):
        if r is run:
            following = True
        elif following:
            if r.find(TAB) is not None:
                break
            for t in r.iter(T):
                ts.append(t)
                total += len(t.text or "")
            if total >= end:
                break
    return ts


def splice(j: Journal, ts: Sequence[etree._Element], start: int, end: int, value: str) -> bool:
    """Replace characters [start, end) of the text of `ts` by `value` (put in the first ``w:t`` touched)."""
    pos, placed = 0, False
    for t in ts:
        s = t.text or ""
        a, b = max(start - pos, 0), min(end - pos, len(s))
        if a < b or (not placed and a == b and pos <= start <= pos + len(s)):
            j.text(t, s[:a] + ("" if placed else value) + s[b:])
            placed = True
        pos += len(s)
    return placed


def replace_chars(j: Journal, run: etree._Element, start: int, end: int, text: str, *, glued: bool = False) -> bool:
    """Replace characters [start, end) of the run's text (continued in the runs after it when the dots
    were split) by `text`, spaced from its neighbours (`glued`: no space before it, "20" + "25").
    Offsets are those of the template: earlier edits of the same run are accounted for."""
    first, last = j.moved(run, start), j.moved(run, start) + end - start
    ts = span(run, last)
    whole = "".join(t.text or "" for t in ts)
    if not 0 <= first <= last <= len(whole):
        return False
    before = whole[first - 1] if first else _edge(run, preceding=True)
    tail = ts[-1].getparent() if ts else None
    after = whole[last] if last < len(whole) else _edge(tail if tail is not None else run, preceding=False)
    right = "" if not after or after.isspace() or after in ",.;:)/-" else " "
    props = None if whole[:first].strip() else _memo_label_size(j, run)
    if props is not None:  # dots printed at another size than their label: the value takes the label's
        new = etree.Element(R)  # in a run of its own before the dots' run (spaces before the dots go)
        new.append(props)
        new.append(new_t(_left(_edge(run, preceding=True), glued) + clean(text) + right))
        if not splice(j, ts, 0, last, ""):
            return False
        j.before(run, new)
        j.shifted(run, end, -(first + end - start))
        return True
    value = _left(before, glued) + clean(text) + right
    if not splice(j, ts, first, last, value):
        return False
    j.shifted(run, end, len(value) - (end - start))
    return True


def _child(el: etree._Element | None, tag: str) -> etree._Element | None:
    """The first child of `el` with `tag` (a loop over a few children is cheaper than ``find``)."""
    if el is not None:
        for c in el:
            if c.tag == tag:
                return c
    return None


def _memo_label_size(j: Journal, run: etree._Element) -> etree._Element | None:
    """A fresh copy of `_label_sized(run)` (computed once per template), or None."""
    key = ("label_size", run)
    if key not in j.memo:
        j.memo[key] = _label_sized(run)
    found = j.memo[key]
    return None if found is None else copy.copy(found)


def _label_sized(run: etree._Element) -> etree._Element | None:
    """When the dots `run` sets a font size other than the label before it (tiny dots fitting a
    line), a copy of its run properties at the label's size; else None (the value keeps the run's)."""
    props = _child(run, RPR)
    size = _child(props, _SZ)
    if props is None or size is None:
        return None
    for sib in run.itersiblings(R, preceding=True):
        label = _child(sib, RPR)
        if _child(label, _VERT) is not None:
            continue  # a footnote mark
        if any(ch.isalnum() for c in sib if c.tag == T for ch in c.text or ""):  # a word, not a lone ":"
            sizes = [_child(label, _SZ), _child(label, _SZ_CS)]
            if sizes[0] is not None and sizes[0].get(_VAL) == size.get(_VAL):
                return None
            out = copy.copy(props)  # the caller copies it again for each use
            for tag, theirs in zip((_SZ, _SZ_CS), sizes, strict=True):
                el, source = _child(out, tag), theirs if theirs is not None else sizes[0]
                if el is not None and source is None:
                    out.remove(el)  # the label's size is inherited: so is the value's
                elif el is not None and source is not None:
                    el.set(_VAL, source.get(_VAL, ""))
            return out
    return None


def write_line(j: Journal, run: etree._Element, text: str, anchor: Mapping[str, Any], *, glued: bool = False) -> bool:
    """A line blank: dots in a run (`chars`), a leader tab (text goes before it) or an underlined run.
    `glued`: no space before the value (a year's last two digits after a printed "20")."""
    if run.tag != R:
        return False
    chars = anchor.get("chars")
    if chars:
        return replace_chars(j, run, int(chars[0]), int(chars[1]), text, glued=glued)
    tab = run.find(TAB)
    if tab is not None:
        own = _last_char(reversed(run[: run.index(tab)]), last=True)
        before = own or _edge(run, preceding=True)
        props = None if own.strip(_LEADER_CHARS) else _memo_label_size(j, run)
        holder = None
        if props is not None:  # a leader tab set in tiny type: the value gets a run of its own at the label's size
            holder = etree.Element(R)
            holder.append(props)
            j.before(run, holder)  # undone with its children
        for i, line in enumerate((_left(before, glued) + clean(text)).split("\n")):
            for el in ([etree.Element(BR)] if i else []) + [new_t(line)]:
                if holder is not None:
                    holder.append(el)
                else:
                    j.before(tab, el)
        return True
    ts = list(run.iter(T))
    if not ts:
        return False
    j.text(ts[0], ("" if glued else " ") + clean(text) + " ")
    for t in ts[1:]:
        j.text(t, "")
    return True


def write_cell(j: Journal, tc: etree._Element, text: str) -> None:
    """Write `text` into a table cell's first paragraph, in the formatting of its first run or mark."""
    p = _child(tc, P)
    if p is None:
        p = etree.Element(P)
        j.insert(tc, len(tc), p)
    run = _child(p, R)
    props = _child(run, RPR)
    if props is None:
        props = _child(_child(p, PPR), RPR)
    new = etree.Element(R)
    if props is not None:
        new.append(copy.copy(props))  # lxml copies an element's whole subtree (cheaper than deepcopy)
    new.append(new_t(clean(text)))
    if run is not None:
        for t in run.iter(T):
            if not (t.text or "").strip():
                j.text(t, "")
    j.insert(p, len(p), new)


def write_paragraph(j: Journal, p: etree._Element, text: str) -> bool:
    """A whole line: an empty paragraph gets `text` in its mark's formatting; a line holding only a prompt
    ("Your name") gets it in its first run, the prompt's other runs emptied."""
    if p.tag != P:
        return False
    ts = list(p.iter(T))
    if ts:
        j.text(ts[0], clean(text))
        for t in ts[1:]:
            j.text(t, "")
        return True
    new = etree.Element(R)
    props = _child(_child(p, PPR), RPR)
    if props is not None:
        new.append(copy.copy(props))
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            new.append(etree.Element(BR))
        new.append(new_t(line))
    j.insert(p, len(p), new)
    return True


_PICTURE_HOLDERS = (f"{{{W}}}drawing", f"{{{W}}}pict", f"{{{MC}}}AlternateContent")


def replace_picture(j: Journal, el: etree._Element) -> bool:
    """A box drawn as a small picture (``wp:inline`` or VML shape) is ticked: ☒ in its place, in its run."""
    holder = None
    for anc in el.iterancestors():
        if anc.tag == R:
            break
        if anc.tag in _PICTURE_HOLDERS:
            holder = anc  # the outermost holder inside the run (AlternateContent wraps both renderings)
    if holder is None or holder.getparent() is None:
        return False
    j.before(holder, new_t(_CHECKED))
    j.remove(holder)
    return True


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
    if el.tag == R and index == 0:  # a box typed as text: "[ ]", "|_|", underlined "I I"
        ts = span(el, 8)
        box = _TYPED_BOX.match("".join(t.text or "" for t in ts))
        if box is not None:
            start = box.start(1)
            return splice(j, ts, start, start + min(1, len(box.group(1))), _TYPED_MARK)
    return False


def content_control(j: Journal, sdt: etree._Element, text: str, checked: bool | None) -> bool:
    """A content control: a checkbox control is ticked, a text control gets `text` (placeholder off)."""
    pr = sdt.find(f"{{{W}}}sdtPr")
    props = None
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
            props = pr.find(RPR)
    ts = list(sdt.iter(T))
    if not ts:
        return False
    run = ts[0].getparent()
    if props is not None and run is not None and run.tag == R:
        # the text replaces the placeholder: it takes the control's own run properties (sdtPr/rPr), as in Word
        old_props = run.find(RPR)
        if old_props is not None:
            j.remove(old_props)
        j.insert(run, 0, copy.deepcopy(props))
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

"""Word paragraph properties that live outside the paragraph: tab stops of the style chain and list numbering.

Most dotted blanks in real forms are tab stops with a dot leader, often defined on the paragraph style
rather than the paragraph, and item numbers ("[11]", "2.") are often list numbering that the text does
not hold. Both are resolved here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

__all__ = ["Numbering", "StyleSheet", "TabStop", "W", "malformed", "ooxml_int", "w"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML tag."""
    return f"{{{W}}}{tag}"


# ASCII digits only, and few of them: int() also takes "٣" and, past 4,300 digits, raises.
_INTEGER = re.compile(r"[+-]?[0-9]{1,15}")
_HEX = re.compile(r"[0-9A-Fa-f]{1,8}")


def ooxml_int(value: str | None, lo: int, hi: int, *, hexadecimal: bool = False) -> int | None:
    """An OOXML integer attribute within [lo, hi], or None when it is malformed or out of range.

    Templates are untrusted: a value Word would never write is dropped, never allowed to crash or hang.
    """
    if value is None:
        return None
    value = value.strip()
    if not (_HEX if hexadecimal else _INTEGER).fullmatch(value):
        return None
    number = int(value, 16 if hexadecimal else 10)
    return number if lo <= number <= hi else None


def malformed(where: str, what: str) -> str:
    """The warning for a malformed attribute that was ignored (its value is not quoted: it may be personal)."""
    return f"{where}: malformed {what} ignored / bỏ qua {what} không hợp lệ"


@dataclass(frozen=True, slots=True)
class TabStop:
    pos: int  # twips
    kind: str  # left, right, center, decimal, bar
    leader: str | None  # dot, underscore, hyphen, middleDot, heavy, or None


def read_tabs(ppr: etree._Element | None, inherited: dict[int, TabStop]) -> dict[int, TabStop]:
    """Apply a `w:tabs` element over inherited stops (a `clear` stop removes the inherited one)."""
    stops = dict(inherited)
    if ppr is None:
        return stops
    tabs = ppr.find(w("tabs"))
    if tabs is None:
        return stops
    for tab in tabs.findall(w("tab")):
        try:
            pos = int(tab.get(w("pos"), "0"))
        except ValueError:
            continue
        kind = tab.get(w("val"), "left")
        if kind == "clear":
            stops.pop(pos, None)
            continue
        leader = tab.get(w("leader"))
        stops[pos] = TabStop(pos, kind, None if leader in (None, "none") else leader)
    return stops


@dataclass
class StyleSheet:
    """Paragraph styles: inherited tab stops and heading flags, resolved along `w:basedOn`."""

    parents: dict[str, str] = field(default_factory=dict)
    pprs: dict[str, etree._Element] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    _tabs: dict[str, dict[int, TabStop]] = field(default_factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> StyleSheet:
        sheet = cls()
        if root is None:
            return sheet
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            if not sid:
                continue
            based = style.find(w("basedOn"))
            if based is not None and based.get(w("val")):
                sheet.parents[sid] = based.get(w("val"), "")
            ppr = style.find(w("pPr"))
            if ppr is not None:
                sheet.pprs[sid] = ppr
            name = style.find(w("name"))
            sheet.names[sid] = name.get(w("val"), sid) if name is not None else sid
        return sheet

    def tabs(self, style_id: str | None) -> dict[int, TabStop]:
        """Tab stops a paragraph of `style_id` inherits (cached; cycles in `basedOn` are cut)."""
        if not style_id:
            return {}
        if style_id in self._tabs:
            return self._tabs[style_id]
        chain: list[str] = []
        current: str | None = style_id
        while current and current not in chain and len(chain) < 32:
            chain.append(current)
            current = self.parents.get(current)
        stops: dict[int, TabStop] = {}
        for sid in reversed(chain):
            stops = read_tabs(self.pprs.get(sid), stops)
        self._tabs[style_id] = stops
        return stops

    def is_heading(self, style_id: str | None) -> bool:
        if not style_id:
            return False
        name = self.names.get(style_id, style_id).lower().replace(" ", "")
        if name.startswith(("heading", "title")):
            return True
        ppr = self.pprs.get(style_id)
        return ppr is not None and ppr.find(w("outlineLvl")) is not None


_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _format(value: int, fmt: str) -> str:
    """The number as Word draws it. Roman numerals exist for 1..3999; other values are drawn in digits."""
    if fmt in ("upperRoman", "lowerRoman") and 0 < value < 4000:
        out = []
        for amount, numeral in _ROMAN:
            count, value = divmod(value, amount)
            out.append(numeral * count)
        return "".join(out) if fmt == "upperRoman" else "".join(out).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("bullet", "none"):
        return ""
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


@dataclass
class Numbering:
    """List numbering: renders the label Word draws before a numbered paragraph ("[11]", "[11.2]", "2.")."""

    # numId → ilvl → (start, format, level text)
    levels: dict[str, dict[int, tuple[int, str, str]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, root: etree._Element | None, part: str = "word/numbering.xml") -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        tree = root.getroottree()

        def number(el: etree._Element, attr: str, default: int, lo: int, hi: int, what: str) -> int | None:
            value = el.get(w(attr))
            parsed = default if value is None else ooxml_int(value, lo, hi)
            if parsed is None:
                numbering.warnings.append(malformed(f"{part}:{tree.getpath(el)}", what))
            return parsed

        abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        for node in root.findall(w("abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in node.findall(w("lvl")):
                start, fmt, text = lvl.find(w("start")), lvl.find(w("numFmt")), lvl.find(w("lvlText"))
                ilvl = number(lvl, "ilvl", 0, 0, _MAX_LEVEL, "w:ilvl")
                first = number(start, "val", 1, 0, _MAX_START, "w:start") if start is not None else 1
                if ilvl is None or first is None:
                    continue
                levels[ilvl] = (
                    first,
                    fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                    text.get(w("val"), "") if text is not None else "",
                )
            abstract[node.get(w("abstractNumId"), "")] = levels
        for num in root.findall(w("num")):
            ref = num.find(w("abstractNumId"))
            if ref is None:
                continue
            levels = dict(abstract.get(ref.get(w("val"), ""), {}))
            for override in num.findall(w("lvlOverride")):
                start = override.find(w("startOverride"))
                ilvl = number(override, "ilvl", 0, 0, _MAX_LEVEL, "w:ilvl")
                first = number(start, "val", 1, 0, _MAX_START, "w:startOverride") if start is not None else None
                if ilvl is not None and first is not None and ilvl in levels:
                    _, fmt, text = levels[ilvl]
                    levels[ilvl] = (first, fmt, text)
            numbering.levels[num.get(w("numId"), "")] = levels
        return numbering

    def label(self, ppr: etree._Element | None, where: str = "") -> str:
        """Advance the counter of the paragraph's list level and return its rendered label.

        `where` locates the paragraph in the warning for a malformed level.
        """
        if ppr is None:
            return ""
        numpr = ppr.find(w("numPr"))
        if numpr is None:
            return ""
        num_el, ilvl_el = numpr.find(w("numId")), numpr.find(w("ilvl"))
        num_id = num_el.get(w("val"), "") if num_el is not None else ""
        ilvl = ooxml_int(ilvl_el.get(w("val"), "0"), 0, _MAX_LEVEL) if ilvl_el is not None else 0
        if ilvl is None:
            self.warnings.append(malformed(where or "w:numPr", "w:ilvl"))
            return ""  # the paragraph is read without its number
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = levels[ilvl][0]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][2]
        for level, (lstart, fmt, _) in levels.items():
            if f"%{level + 1}" in text:
                text = text.replace(f"%{level + 1}", _format(counters.get(level, lstart), fmt))
        return text


_MAX_LEVEL = 8  # Word lists have nine levels, 0..8
_MAX_START = 10**15 - 1  # as many digits as `ooxml_int` reads: bounded, and formatting is bounded too

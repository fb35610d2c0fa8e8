"""Address parts printed as separate blanks become ONE address blank.

"[09] Nơi đăng ký khai sinh: [09.1] Xã … [09.2] Huyện … [09.3] Tỉnh …" prints the parts of one address
(the form language's `address` answer is {detail, commune, province}). Two or more consecutive blanks
whose labels are address parts (`address_part`) form a group; the group's label is the item that
encloses them: the text before the first part on its line ("Nơi đăng ký khai sinh"), joined with the
end of the line above when Word wrapped the item ("… Nơi đăng ký khai" ⏎ "sinh: Xã …"), the cell to the
left, or the line above (a heading, or the label of a box that introduces the address). Naming binds
the group like any label, and only to an attribute of type `address`; the parts stay in `pieces`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.layout import Document, Paragraph
from eformkit.schema.convert.naming import THRESHOLD, NamingIndex
from eformkit.schema.convert.tokens import Blank
from eformkit.text import fold

__all__ = ["address_part", "group_addresses"]

_PAREN = re.compile(r"\([^)]*\)")
_SPLIT = re.compile(r"[\s,/;.-]+")
# Words each part's label may be made of (alternatives "Xã/Phường", "Huyện (quận, Tx, Tp thuộc tỉnh)" with
# the parenthetical removed), keyed by the words a label of that part starts with.
_PARTS: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...] = (
    ("commune", ("xa", "phuong", "thi tran"), frozenset({"xa", "phuong", "thi", "tran"})),
    (
        "district",
        ("huyen", "quan", "thi xa"),
        frozenset({"huyen", "quan", "thi", "xa", "thanh", "pho", "tx", "tp", "thuoc", "tinh"}),
    ),
    ("province", ("tinh", "thanh pho"), frozenset({"tinh", "thanh", "pho", "tp", "truc", "thuoc", "trung", "uong"})),
)
_DETAIL_WORDS = frozenset(
    {"so", "nha", "duong", "pho", "thon", "xom", "ap", "ban", "to", "dan", "khu", "tap", "the", "ngo", "ngach", "hem",
     "kiet", "lo", "cum"}
)  # fmt: skip
_DETAIL_HEADS = frozenset({"nha", "duong", "thon", "xom", "ap", "ngo", "hem"})


def address_part(label: str) -> str | None:
    """ "detail", "commune", "district" or "province" when the whole label names that part of an address."""
    words = [w for w in _SPLIT.split(fold(_PAREN.sub(" ", label))) if w]
    if not words:
        return None
    phrase = " ".join(words)
    for name, starts, allowed in _PARTS:
        if any(phrase == s or phrase.startswith(s + " ") for s in starts) and set(words) <= allowed:
            return name
    if set(words) <= _DETAIL_WORDS and _DETAIL_HEADS & set(words):
        return "detail"
    return None


def _prefix(blank: Blank) -> str:
    """The text on the part's line before its own "label:" ("[09]. Nơi đăng ký khai sinh: [09.1]. Xã:")."""
    left = blank.left.rstrip(" \t\u00a0").rstrip(":")
    head, colon, _label = left.rpartition(":")
    return clean_label(head)[0] if colon else ""


def _runs(blanks: list[Blank]) -> Iterator[tuple[int, int]]:
    """[start, end) of each run of two or more address-part blanks belonging to one item."""
    i = 0
    while i < len(blanks):
        j, seen = i, set[str]()
        while j < len(blanks):
            b = blanks[j]
            part = address_part(b.label) if b.kind in ("text", "cell") and b.label else None
            near = j == i or 0 <= b.block - blanks[j - 1].block <= 1
            again = part in seen if part != "detail" else bool(seen - {"detail"})  # "Số nhà …", "Thôn …" may repeat
            if part is None or again or not near or (j > i and _prefix(b)):
                break  # a repeated part, a gap or a new item ("Nơi tạm trú: Xã …") ends the group
            b.address_part = part
            seen.add(part)
            j += 1
        if j - i >= 2:
            yield i, j
            i = j
        else:
            for b in blanks[i : max(j, i + 1)]:
                b.address_part = ""
            i = max(j, i + 1)


class _Lines:
    """The paragraphs of a document in reading order, and the blanks found in each."""

    def __init__(self, doc: Document, blanks: list[Blank]) -> None:
        self.paragraphs = list(doc.paragraphs())
        self.index = {p.path: i for i, p in enumerate(self.paragraphs)}
        self.blanks: dict[str, list[Blank]] = {}
        for b in blanks:
            self.blanks.setdefault(b.container, []).append(b)

    def above(self, container: str) -> tuple[Paragraph, list[Blank]] | None:
        i = self.index.get(container)
        while i:
            i -= 1
            para = self.paragraphs[i]
            if para.text.strip() or para.path in self.blanks:
                return para, self.blanks.get(para.path, [])
        return None


def _tail(para: Paragraph, blanks: list[Blank]) -> str:
    """What the line above says last: its text after its last blank, or the label of a box ending it."""
    if not blanks:
        text = para.text
        return text.rstrip(" \t:").rpartition(":")[2] if ":" in text.rstrip(" \t:") else text
    last = blanks[-1]
    if last.right.strip(" \t.,;"):
        return last.right
    return last.label if last.kind in ("checkbox", "choice") else ""


def _enclosing(first: Blank, lines: _Lines, index: NamingIndex) -> tuple[str, str]:
    """(label, number) of the item that encloses an address group; the first candidate naming an
    address attribute wins, else the first candidate."""
    candidates: list[str] = []
    own = first.left.rstrip(" \t\u00a0").rstrip(":").rpartition(":")[0] if _prefix(first) else ""
    above = lines.above(first.container) if first.kind == "text" else None
    tail = _tail(*above) if above else ""
    if own:
        candidates.append(own)
        if tail:
            candidates.append(f"{tail.rstrip()} {own.lstrip()}")  # Word wrapped the item's wording
    if first.cell_left and address_part(first.cell_left) is None:
        candidates.append(first.cell_left)
    if not own and tail:
        candidates.append(tail)
    for text in candidates:
        found = index.match(text)
        if found and found.confidence >= THRESHOLD and index.attr_type.get(found.attribute) == "address":
            label, number, _notes = clean_label(text)
            return label, number
    for text in candidates:
        label, number, _notes = clean_label(text)
        if label:
            return label, number  # printed as is: naming it again finds no address element either
    return "Địa chỉ", ""


def group_addresses(blanks: list[Blank], doc: Document, index: NamingIndex) -> list[Blank]:
    """`blanks` with each run of address parts replaced by one `address` blank holding them as `pieces`."""
    runs = list(_runs(blanks))
    if not runs:
        return blanks
    lines = _Lines(doc, blanks)
    out: list[Blank] = []
    done = 0
    for start, end in runs:
        out.extend(blanks[done:start])
        parts = blanks[start:end]
        first = parts[0]
        label, number = _enclosing(first, lines, index)
        out.append(
            Blank(
                encoding="address",
                kind="address",
                part=first.part,
                path=first.path,
                container=first.container,
                block=first.block,
                left=label,
                label=label,
                number=number or first.number,
                section=first.section,
                pieces=parts,
            )
        )
        done = end
    out.extend(blanks[done:])
    return out

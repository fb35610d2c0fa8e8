"""Label linking: the printed label of each blank, its item number and its footnote help.

The label is the text to the left on the same line back to the previous blank; numbering ("1.",
"[01].", "a)") and footnote marks ("(1)", superscripts) are stripped and kept aside. When nothing is
on the left: a content control's placeholder, the label left dangling on the line above, the cell to
the left, the header above, and for a lone checkbox the text on its right. A signature line with nothing
on it takes the caption printed under it.
"""

from __future__ import annotations

import re

from eformkit.schema.convert.blanks import NOTE_MARK, Blank
from eformkit.text import fold

__all__ = ["clean_label", "link_labels"]

_NUMBER = re.compile(r"^\s*(?:\[(\d+(?:\.\d+)*[a-z]?)\]\.?|(\d+(?:\.\d+)*)[.)]|([a-zđ])\)|([IVX]+)\.)\s*")
_BULLET = re.compile(r"^\s*[-–+•*]\s+")
_MARK = re.compile(r"\(\s*(\d{1,2}|\*)\s*\)|" + NOTE_MARK + r"(\w+)" + NOTE_MARK)
_GENERIC_HINTS = frozenset(
    {
        "choose an item",
        "click or tap here to enter text",
        "click here to enter text",
        "click or tap to enter a date",
        "chon mot muc",
        "bam vao day de nhap van ban",
    }
)
_SIGNED_DATE = "ngày … tháng … năm …"
_PARENTHESES = re.compile(r"\([^()]*\)")
_CONTROLS = frozenset({"content_control", "html_input", "legacy_field", "placeholder"})  # a hint names it


def clean_label(raw: str) -> tuple[str, str, tuple[str, ...]]:
    """(label, number, footnote ids) of a raw left-hand text; the label keeps its printed wording."""
    if "(" in raw or NOTE_MARK in raw:  # footnote marks are rare: skip both regex passes without them
        notes = tuple(a or b for a, b in _MARK.findall(raw))
        text = _MARK.sub(" ", raw.replace("\t", " ").replace("\n", " "))
    else:
        notes, text = (), raw.replace("\t", " ").replace("\n", " ")
    text = text.strip(" ;,.…_:\u00a0")
    number = ""
    match = _NUMBER.match(text)
    while match:
        number = number or next(g for g in match.groups() if g)
        text = text[match.end() :].lstrip(" .")
        match = _NUMBER.match(text)
    text = _BULLET.sub("", text)
    text = " ".join(text.split()).strip(" ;,:…_")
    return text, number, notes


def _last_clause(text: str, words: int = 8) -> str:
    """The end of a running sentence: the words after the last sentence or clause break."""
    tail = re.split(r"[.;!?]\s", text)[-1]
    return " ".join(tail.split()[-words:])


def _own_column(left: str) -> str:
    """The text of the tab column a blank starts in (the left text after its last tab): only before
    ", ngày …", where a tab column of its own holds the place of signing."""
    return left.rpartition("\t")[2]


def _label_source(blank: Blank) -> str:
    left = blank.left
    control = bool({blank.encoding, blank.base} & _CONTROLS) and blank.hint  # a date of controls: the first one
    # a placeholder names the blank when no "label:" precedes it ("I, [Testator's Name], also known as")
    if control and fold(blank.hint) not in _GENERIC_HINTS and not left.rstrip().endswith(":"):
        return blank.hint
    if ":" in left.rstrip(" \t:"):
        # "[09]. Nơi đăng ký khai sinh: [09.1]. Xã:" — the last "label:" pair is this blank's
        last = left.rstrip(" \t").rstrip(":").rpartition(":")[2]
        if clean_label(last)[0] and not re.fullmatch(r"[\s\d./\[\]()a-z]*", last):
            left = last
    return left


def link_labels(blanks: list[Blank], footnotes: dict[str, str]) -> None:
    """Fill `label`, `number` and `notes` of every blank (in place)."""
    for blank in blanks:
        if blank.encoding == "table_rows":
            continue
        # the place before ", ngày … tháng … năm …" (the paper prints no label), also in a tab column of its
        # own beside a left-hand column ("V/v …⇥……, ngày … tháng … năm …")
        left = _own_column(blank.left) if blank.right.lstrip().startswith(",") else blank.left
        if fold(blank.right).startswith("ngay") and blank.kind == "text" and not clean_label(left)[0]:
            blank.label = "Địa danh"
            continue
        raw = _label_source(blank)
        label, number, notes = clean_label(raw)
        if blank.kind == "date" and fold(label) in ("", "ngay"):
            blank.label, blank.notes = _SIGNED_DATE, list(notes)
            continue
        if len(label.split()) > 12:
            # a scope note in parentheses does not make a label running text ("Lý do đề nghị (chỉ áp dụng
            # đối với trường hợp cấp lại …)"); a long sentence is cut to its last clause
            bare = " ".join(_PARENTHESES.sub(" ", label).split())
            label = bare if bare and len(bare.split()) <= 12 else _last_clause(label)
        if not label and blank.kind == "checkbox":
            label = clean_label(blank.right)[0]  # "☐ Hộ chiếu": the option text names a lone box
        for fallback in (blank.carry, blank.caption, blank.cell_left, blank.header):
            if label:
                break
            label, number2, notes2 = clean_label(fallback)
            number, notes = number or number2, notes or notes2
        if not number and blank.numbering and not clean_label(blank.left.split(":")[0])[1]:
            number = blank.numbering.strip("[].")
        blank.label, blank.number = label, number
        blank.notes = [n for n in notes if n in footnotes] or list(notes)

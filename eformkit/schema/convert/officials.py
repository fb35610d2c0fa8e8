"""Areas and lines a citizen does not fill: their blanks are left out of the draft (and reported).

All the patterns are here, matched on folded text (`eformkit.text.fold`, numbering stripped) as prefixes:

- `OFFICIAL_HEADINGS`: a paragraph holding no blank, at most 12 words, that starts with one of these
  opens an area for officials, running to the next section heading or the notes. "Xác nhận của …" is
  official unless what follows names a person role of the vocabulary ("Xác nhận của chủ hộ" is a
  private party's). In a table, a cell whose first line is such a heading is left out alone, and when
  that cell is the only filled cell of its row, so are the rows under it.
- `CITIZEN_SIGNERS`: the caption of the citizen's own signature ("Người làm đơn", "Người khai") closes an
  officials' area, and the signing date just above it is the citizen's: two-column signature blocks
  ("Xác nhận của Khoa" | "Người làm đơn") read as text put the citizen's date inside the officials' area.
- `OFFICIAL_LABELS`: a blank whose label (or caption under a signature line, or the text right of an
  unlabelled line) starts with one of these is the official's: the notary's signature and commission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.layout import Block, Document, Paragraph, Row, Table
from eformkit.schema.convert.naming import NamingIndex
from eformkit.schema.convert.structure import Section
from eformkit.schema.convert.tokens import Blank
from eformkit.text import fold

__all__ = ["CITIZEN_SIGNERS", "OFFICIAL_HEADINGS", "OFFICIAL_LABELS", "Skipped", "skip_official"]

OFFICIAL_HEADINGS = (
    "ket qua xac minh",
    "ket qua kiem tra",
    "phan danh cho",
    "danh cho co quan",
    "danh cho can bo",
    "phan ghi cua co quan",
    "xac nhan cua",
    "for official use",
    "for office use",
    "official use only",
    "office use only",
    "acknowledgment",
    "acknowledgement",
    "notarial certificate",
)
OFFICIAL_LABELS = (
    "notary",
    "notarial",
    "my commission expires",
    "commission expires",
    "can bo tiep nhan",
    "can bo tra cuu",
    "nguoi tiep nhan ho so",
)
CITIZEN_SIGNERS = (
    "nguoi lam don",
    "nguoi viet don",
    "nguoi lam to khai",
    "nguoi khai",
    "nguoi ke khai",
    "nguoi de nghi",
    "nguoi yeu cau",
    "nguoi dung don",
    "nguoi nop don",
    "nguoi khieu nai",
    "nguoi to cao",
    "nguoi khoi kien",
    "applicant",
)
_UNLESS_PERSON = ("xac nhan cua",)  # official unless a person role follows
_HEADING_WORDS = 12


@dataclass
class Skipped:
    """What was left out, for the report."""

    areas: list[tuple[str, int]] = field(default_factory=list)  # (heading, blanks left out)
    cells: int = 0  # blanks in table cells under an official heading
    labels: int = 0  # blanks labelled for a notary or an official

    def warnings(self) -> list[str]:
        out = [
            f"{n} blank(s) under '{heading}' left out: an area for officials / vùng dành cho cơ quan, bỏ qua"
            for heading, n in self.areas
            if n
        ]
        if self.cells:
            out.append(f"{self.cells} blank(s) in table cells for officials left out / ô dành cho cơ quan, bỏ qua")
        if self.labels:
            out.append(f"{self.labels} blank(s) for a notary or official left out / chỗ trống của công chức, bỏ qua")
        return out


def is_official_heading(text: str, index: NamingIndex) -> bool:
    text = " ".join(text.split())
    if not text or len(text.split()) > _HEADING_WORDS:
        return False
    key = fold(clean_label(text)[0])
    for pattern in OFFICIAL_HEADINGS:
        if key == pattern or key.startswith(pattern + " "):
            if pattern in _UNLESS_PERSON:
                rest = f" {key[len(pattern) :].strip()} "
                return not any(f" {phrase} " in rest and index.role_subject.get(role) == "person"
                               for phrase, role in index.roles)  # fmt: skip
            return True
    return False


def is_citizen_signer(text: str) -> bool:
    """A short line naming the citizen's own signature: "Người làm đơn", "NGƯỜI KÊ KHAI", "Applicant"."""
    text = " ".join(text.split())
    if not text or len(text.split()) > 8:
        return False
    key = fold(clean_label(text)[0])
    return any(key == p or key.startswith(p + " ") for p in CITIZEN_SIGNERS)


def _area_end(doc: Document, start: int, end: int, has_blank: set[int], dates: set[int]) -> int:
    """Where an officials' area really ends: at the citizen's signature caption, or at the signing
    date line right above it (the nearest line holding a blank, when all its blanks are the date's)."""
    for i in range(start + 1, end):
        block = doc.blocks[i]
        if isinstance(block, Paragraph) and i not in has_blank and is_citizen_signer(block.text):
            above = max((j for j in has_blank if start < j < i), default=None)
            return above if above is not None and above in dates else i
    return end


def is_official_label(blank: Blank) -> bool:
    text = blank.label or (blank.right if not clean_label(blank.left)[0] else "")
    key = fold(clean_label(text)[0])
    return any(key == p or key.startswith(p + " ") for p in OFFICIAL_LABELS)


def _first_line(blocks: list[Block]) -> str:
    for block in blocks:
        paragraphs = [block] if isinstance(block, Paragraph) else list(block.paragraphs())
        for para in paragraphs:
            if para.text.strip():
                return para.text
    return ""


def _official_cells(table: Table, index: NamingIndex, out: set[str]) -> None:
    """Paths of the cells (and their paragraphs) under an official heading inside a table. Rows under a
    heading row are the officials' until a row captioned with the citizen's signature ("Người làm đơn"),
    whose signing-date row just above is the citizen's too."""
    rest_of_table = False
    previous: tuple[Row | None, set[str]] = (None, set())  # the row before and what it added
    for row in table.rows:
        if rest_of_table and any(is_citizen_signer(_first_line(c.blocks)) for c in row.cells):
            rest_of_table = False
            if previous[0] is not None and _is_date_row(previous[0]):
                out.difference_update(previous[1])
        added: set[str] = set()
        for cell in row.cells:
            official = rest_of_table or is_official_heading(_first_line(cell.blocks), index)
            if official:
                added.add(cell.path)
                added.update(p.path for p in cell.paragraphs())
                filled = [c for c in row.cells if c.text.strip()]
                rest_of_table = rest_of_table or filled == [cell]
            for sub in cell.blocks:
                if isinstance(sub, Table):
                    _official_cells(sub, index, out)
        if rest_of_table:
            added.add(row.path)
        out.update(added)
        previous = (row, added)


def _is_date_row(row: Row) -> bool:
    key = fold(" ".join(c.text for c in row.cells))
    return "ngay" in key and "thang" in key and len(key.split()) <= 16


def _signing(blank: Blank) -> bool:
    """A piece of a signing-date line: the date, or the place before ", ngày …"."""
    return blank.kind == "date" or fold(blank.right).lstrip(" ,").startswith("ngay")


def skip_official(
    doc: Document, blanks: list[Blank], found: list[Section], stop: int, index: NamingIndex
) -> tuple[list[Blank], Skipped]:
    """The blanks a citizen fills, and what was left out."""
    skipped = Skipped()
    has_blank = {b.block for b in blanks}
    dates = {b.block for b in blanks if b.kind == "date"} - {b.block for b in blanks if not _signing(b)}
    areas: list[tuple[int, int, str]] = []
    for i, block in enumerate(doc.blocks[:stop]):
        if isinstance(block, Paragraph) and i not in has_blank and is_official_heading(block.text, index):
            ends = (s.block for s in found if s.block > i and not is_official_heading(s.title, index))
            end = _area_end(doc, i, min(ends, default=stop), has_blank, dates)
            areas.append((i, end, " ".join(block.text.split())))
    containers: set[str] = set()
    for block in doc.blocks[:stop]:
        if isinstance(block, Table):
            _official_cells(block, index, containers)
    counts = [0] * len(areas)
    kept: list[Blank] = []
    for blank in blanks:
        area = next((n for n, (a, b, _h) in enumerate(areas) if a <= blank.block < b), None)
        if area is not None:
            counts[area] += 1
        elif blank.container in containers or blank.path in containers:
            skipped.cells += 1
        elif is_official_label(blank):
            skipped.labels += 1
        else:
            kept.append(blank)
    skipped.areas = [(heading, n) for (_a, _b, heading), n in zip(areas, counts, strict=True)]
    return kept, skipped

"""What the header and the margins say: form code, title, legal basis, sections and footnotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eformkit.schema.convert.layout import Block, Document, Paragraph, Table
from eformkit.text import fold

__all__ = ["Header", "Section", "footnotes", "is_motto", "is_notes_start", "is_title_line", "read_header", "sections"]

_CODE = re.compile(r"\bMẫu\s+(?:số\s*)?:?\s*([A-ZĐ0-9][A-Za-zĐ0-9./-]*[A-Za-z0-9])")
_INSTRUMENT = re.compile(
    r"((?:Thông tư liên tịch|Thông tư|Quyết định|Nghị định|Nghị quyết|TTLT|TT|QĐ|NĐ)\s*(?:số)?[\s:]*"
    r"[\w\s]*?(?:/\d{4})?/[\w-]*\w)"
)
_NOTE = re.compile(r"^\s*[-–]?\s*((?:\(\s*(?:\d{1,2}|\*)\s*\)\s*(?:,|và)?\s*)+)\s*:?\s*(.+)$")
_NOTE_ID = re.compile(r"\(\s*(\d{1,2}|\*)\s*\)")
_MOTTO = ("cong hoa xa hoi chu nghia", "doc lap tu do hanh phuc")
_SECTION = re.compile(r"^(?:(?:PHẦN|Phần|MỤC|Mục)\s+[IVX\d]+|[IVX]+\.\s)")
_TITLE_WORDS = ("to khai", "don ", "giay ", "phieu", "ban khai", "bien ban", "to trinh", "van ban")


@dataclass
class Header:
    code: str | None = None
    title: str | None = None
    legal_basis: str | None = None
    instrument: str | None = None


@dataclass
class Section:
    block: int
    title: str
    number: str = ""
    fields: list[int] = field(default_factory=list)


def is_motto(text: str) -> bool:
    """The national name or motto line ("Độc lập - Tự do - Hạnh phúc")."""
    key = fold(text)
    return any(m in key for m in _MOTTO)


def is_title_line(text: str) -> bool:
    """A header line: the motto, an upper-case title or agency name, or a "Về việc …" / "V/v …" subtitle."""
    text = " ".join(text.split())
    return (
        is_motto(text)
        or (_upper_ratio(text) > 0.8 and len(text.split()) >= 2)
        or fold(text).startswith(("ve viec", "v/v", "(v/v"))
    )


def _upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if letters else 0.0


def _all_paragraphs(blocks: list[Block]) -> list[Paragraph]:
    out: list[Paragraph] = []
    for block in blocks:
        out.extend([block] if isinstance(block, Paragraph) else block.paragraphs())
    return out


def is_notes_start(para: Paragraph) -> bool:
    """ "Chú thích:", "Ghi chú: - (1) …" or a "HƯỚNG DẪN …" heading: footnotes and instructions follow."""
    text = " ".join(para.text.split())
    key = fold(text)
    if key.startswith(("chu thich", "ghi chu")):
        rest = text.split(":", 1)[1].strip() if ":" in text else ""
        return not rest or _NOTE.match(rest) is not None
    return key.startswith("huong dan") and _upper_ratio(text) > 0.8 and len(text.split()) <= 8


def footnotes(paragraphs: list[Paragraph]) -> dict[str, str]:
    """Footnote texts by mark ("1", "*"): "(1) Cơ quan đăng ký cư trú." or "- (3) và (4): …"."""
    notes: dict[str, str] = {}
    for para in paragraphs:
        text = " ".join(para.text.split())
        if fold(text).startswith(("chu thich", "ghi chu")) and ":" in text:
            text = text.split(":", 1)[1].strip()
        match = _NOTE.match(text)
        if match:
            body = match.group(2).strip()
            for note_id in _NOTE_ID.findall(match.group(1)):
                notes.setdefault(note_id, body)
    return notes


def read_header(doc: Document, first_blank_block: int) -> Header:
    """Code, title and legal basis from the page header, text boxes and the blocks above the first blank."""
    header = Header()
    top = _all_paragraphs(doc.blocks[: max(first_blank_block, 1)]) + _all_paragraphs(doc.headers)
    texts = [" ".join(p.text.split()) for p in top]
    # the "Mẫu … ban hành kèm theo …" line often sits in a text box anchored anywhere in the body
    texts += [
        " ".join(p.text.split())
        for p in _all_paragraphs(doc.blocks[max(first_blank_block, 1) :])
        if "ban hanh" in fold(p.text) and _CODE.search(p.text)
    ]
    joined = " ".join(texts)
    code = _CODE.search(joined)
    header.code = code.group(1) if code else None
    for i, text in enumerate(texts):
        folded = fold(text)
        if "ban hanh" in folded and not _INSTRUMENT.search(text) and i + 1 < len(texts):
            text = f"{text} {texts[i + 1]}"  # "Mẫu CT01 ban hành" ⏎ "theo TT số …/2021/TT-BCA"
        if ("ban hanh" in folded or folded.startswith("theo ")) and _INSTRUMENT.search(text):
            header.legal_basis = text.strip("() ")
            instrument = _INSTRUMENT.search(text)
            header.instrument = " ".join(instrument.group(1).split()) if instrument else None
            break
    body_top = [p for p in _all_paragraphs(doc.blocks[: max(first_blank_block, 1)]) if p.text.strip()]
    candidates = [
        p
        for p in body_top
        if not any(m in fold(p.text) for m in _MOTTO) and not _CODE.search(p.text) and "ban hanh" not in fold(p.text)
    ]
    for i, para in enumerate(candidates):
        text = " ".join(para.text.split())
        if (_upper_ratio(text) > 0.8 and len(text.split()) >= 2) or fold(text).startswith(_TITLE_WORDS):
            title = text
            nxt = candidates[i + 1] if i + 1 < len(candidates) else None
            if nxt is not None and len(title.split()) <= 3 and _upper_ratio(nxt.text) > 0.8:
                title = f"{title} {' '.join(nxt.text.split())}"
            header.title = title
            break
    if header.title is None and candidates:
        header.title = " ".join(candidates[0].text.split())
    return header


def sections(doc: Document, start: int, stop: int, has_blank: set[int]) -> list[Section]:
    """Section headings between the title and the notes: Word headings, "I."/"PHẦN I", "Phụ lục …",
    and short upper-case lines that hold no blank."""
    found: list[Section] = []
    for index in range(start, stop):
        block = doc.blocks[index]
        if isinstance(block, Table) or index in has_blank:
            continue
        text = " ".join(block.text.split())
        if not text or len(text.split()) > 20:
            continue
        roman = block.numbering.rstrip(".") if re.fullmatch(r"[IVX]+\.", block.numbering) else ""
        upper = _upper_ratio(text) > 0.85 and 2 <= len(text.split()) <= 12 and not text.startswith("(")
        if block.heading or roman or _SECTION.match(text) or fold(text).startswith("phu luc") or upper:
            number = roman
            match = re.match(r"^(?:(?:PHẦN|Phần|MỤC|Mục)\s+)?([IVX]+)[.:]\s*", text)
            if match and not number:
                number, text = match.group(1), text[match.end() :]
            found.append(Section(block=index, title=text.strip(" :"), number=number))
    return found

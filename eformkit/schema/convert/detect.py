"""Find every blank of a document in reading order, with continuation lines and dangling labels resolved.

Also: a prompt ending in ":" above an empty line makes that line a blank (`empty_line`), and a rule of
underscores under the motto or the title (before the first field) is decoration, not a blank.
"""

from __future__ import annotations

import re

from eformkit.schema.convert.blanks import LINE_ENCODINGS, Blank, Token, paragraph_blanks
from eformkit.schema.convert.layout import Document, Paragraph, Table
from eformkit.schema.convert.structure import is_motto, is_notes_start, is_title_line
from eformkit.schema.convert.table_blanks import table_blanks
from eformkit.text import fold

__all__ = ["detect_blanks", "notes_start"]

_CAPTION_WORDS = 8
_PROMPT_WORDS = 30
_NOT_PROMPTS = ("kinh gui", "noi nhan", "ghi chu", "chu thich", "dear ", "to:")  # addressees, notes
# lead-ins of what is printed below: "Hồ sơ gồm:", "… các nội dung sau:", "Tôi xin cam đoan:"
_LEAD_INS = ("gom", "sau", "sau day", "duoi day", "nhu sau", "following", "below", "cam doan", "cam ket")
_MARKER = re.compile(r"^\s*(?:([-–+•*])\s|\(?(\d{1,2})[.)]|\(?([a-zđ])[.)]\s|([IVX]+)\.\s)")


def notes_start(doc: Document) -> int:
    """Index of the top-level block where footnotes/instructions begin (no blanks are looked for there)."""
    for index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph) and is_notes_start(block):
            return index
    return len(doc.blocks)


def _only_line(tokens: list[Token]) -> Blank | None:
    blanks = [t for t in tokens if isinstance(t, Blank)]
    texts = "".join(t for t in tokens if isinstance(t, str))
    if len(blanks) == 1 and blanks[0].encoding in LINE_ENCODINGS and not texts.strip(" \t\u00a0.,;"):
        return blanks[0]
    return None


def _signature_line(tokens: list[Token]) -> list[Blank]:
    """The blanks of a line holding nothing but line blanks (a signature line), else []."""
    blanks = [t for t in tokens if isinstance(t, Blank)]
    if (
        all(t.encoding in LINE_ENCODINGS and t.kind == "text" for t in blanks)
        and not "".join(t for t in tokens if isinstance(t, str)).strip()
    ):
        return blanks
    return []


def _caption(line: list[Blank], tokens: list[Token]) -> None:
    """Captions printed under a signature line ("(Ký, ghi rõ họ tên)", "Testator's Name", one per tab
    column) label its blanks; a content control's placeholder counts as printed text."""
    if any(isinstance(t, Blank) and (t.kind != "text" or t.encoding in LINE_ENCODINGS) for t in tokens):
        return
    text = "".join(t if isinstance(t, str) else t.hint for t in tokens)
    columns = [" ".join(c.split()) for c in text.split("\t") if c.strip()]
    if len(columns) != len(line) or any(len(c.split()) > _CAPTION_WORDS or c.endswith(":") for c in columns):
        return
    for blank, caption in zip(line, columns, strict=True):
        blank.caption = caption[1:-1] if caption.startswith("(") and caption.endswith(")") else caption


def _continues(first: Blank, tokens: list[Token], tail: Token | None) -> bool:
    """A line blank opening a line whose text runs on in lower case, under a line ending in a blank."""
    if not (isinstance(tail, Blank) and tail.kind == "text" and tail.encoding in LINE_ENCODINGS):
        return False
    if first.kind != "text" or first.encoding not in LINE_ENCODINGS:
        return False
    at = tokens.index(first)
    after = tokens[at + 1] if at + 1 < len(tokens) and isinstance(tokens[at + 1], str) else ""
    assert isinstance(after, str)
    words = after.split()
    return bool(words) and words[0][:1].islower() and not fold(words[0]).startswith(("ngay", "thang", "nam"))


def _marker(para: Paragraph) -> str:
    """The kind of list marker opening a paragraph: "bullet", "number", "letter", "roman" or ""."""
    if para.numbering:
        return "roman" if re.fullmatch(r"[IVX]+\.", para.numbering) else "number"
    match = _MARKER.match(para.text)
    if match is None:
        return ""
    return ("bullet", "number", "letter", "roman")[next(i for i, g in enumerate(match.groups()) if g)]


def _is_prompt(para: Paragraph, tokens: list[Token]) -> bool:
    """A line asking for an answer written on the lines under it: "Lý do xin cấp lại:" (no blank on it)."""
    text = " ".join(para.text.split())
    return (
        text.endswith(":")
        and not any(isinstance(t, Blank) for t in tokens)
        and len(text.split()) <= _PROMPT_WORDS
        and not (para.bold or para.heading or is_title_line(text))
        and not fold(text).startswith(_NOT_PROMPTS)
        and not any(fold(text).rstrip(" :").endswith(" " + w) for w in _LEAD_INS)
    )


def _answers(prompt: Paragraph, after: Paragraph | None) -> bool:
    """Whether the empty lines after a prompt are its answer: not when the prompt leads in a list
    ("Hồ sơ gồm:" ⏎ ⏎ "- Tờ khai") or the lines after it hold the blanks ("Trong đó:" ⏎ ⏎ "a. …: ……")."""
    if after is None:
        return True
    marker = _marker(after)
    if not marker or is_title_line(after.text):
        return True
    return marker == _marker(prompt) and marker != "bullet"  # "3. Lý do:" ⏎ ⏎ "4. …": the next item


def _empty_line(prompt: Paragraph, empties: list[Paragraph]) -> Blank:
    first = empties[0]
    return Blank(
        encoding="empty_line",
        kind="text",
        part=first.part,
        path=first.path,
        container=first.path,
        carry=prompt.text.rsplit("\n", 1)[-1],
        parts=[p.path for p in empties[1:]],
        lines=len(empties),
    )


def _is_empty(para: Paragraph) -> bool:
    return all(i.kind in ("tab", "break") or (i.kind == "text" and not i.text.strip()) for i in para.inlines)


def scan_paragraphs(
    paragraphs: list[Paragraph], block: int, cell_left: str = "", header: str = "", open_end: bool = True
) -> list[Blank]:
    """Blanks of consecutive paragraphs. A line holding only a blank right after a line ending in a blank
    continues that blank (a second line to write on); a blank opening a line takes the label left dangling
    at the end of the line before ("Huyện:" ⏎ "……"); a signature line takes the caption printed under it;
    empty lines under a prompt ending in ":" are its blank (`open_end`: also when the paragraphs end there,
    as in a table cell, rather than before a table)."""
    found: list[Blank] = []
    previous: list[Token] = []
    signature: list[Blank] = []
    above = ""  # the last line holding text
    prompt: Paragraph | None = None
    empties: list[Paragraph] = []
    for para in paragraphs:
        tokens = paragraph_blanks(para)
        blanks = [t for t in tokens if isinstance(t, Blank)]
        if signature:
            _caption(signature, tokens)
            signature = []
        if not blanks and _is_empty(para):
            if prompt is not None:
                empties.append(para)
            previous = tokens
            continue
        if prompt is not None and empties and not blanks and _answers(prompt, para):
            found.append(_empty_line(prompt, empties))
        prompt = para if _is_prompt(para, tokens) else None
        empties = []
        text_above, above = above, para.text if para.text.strip() else above
        if not blanks:
            previous = tokens
            continue
        line = _only_line(tokens)
        rule = line is not None and line.encoding in ("dots", "underline") and not para.text.strip(" \t\u00a0_")
        if rule and line is not None and not text_above.rstrip().endswith(":"):  # "HỌ VÀ TÊN:" ⏎ "____" asks
            line.above = text_above  # a rule of underscores: decoration when it sits under the motto or title
        last = previous[-1] if previous else None
        tail = previous[-2] if len(previous) >= 2 and isinstance(last, str) and not last.strip() else last
        if line is not None and isinstance(tail, Blank) and tail.kind == "text" and tail.encoding in LINE_ENCODINGS:
            tail.lines += 1
            tail.parts.append(para.path)
            previous = [tail]
            continue
        first = (
            tokens[0]
            if tokens and isinstance(tokens[0], Blank)
            else (
                tokens[1] if len(tokens) > 1 and isinstance(tokens[1], Blank) and not str(tokens[0]).strip() else None
            )
        )
        if isinstance(first, Blank) and _continues(first, tokens, tail):
            assert isinstance(tail, Blank)
            tail.lines += 1  # "Nhưng vì lý do ……" ⏎ "…… nên tôi …": the sentence runs on, so does the blank
            if len(tail.part_chars) == len(tail.parts):
                tail.part_chars.append(first.chars)
            tail.parts.append(first.path)
            blanks.remove(first)
            first = None
        if isinstance(first, Blank) and isinstance(last, str) and last.rstrip().endswith(":"):
            first.carry = last.rsplit("\n", 1)[-1]
            columns = [c for c in first.carry.split("\t") if c.strip()]
            if len(columns) > 1 and len(blanks) >= len(columns) and all(c.rstrip().endswith(":") for c in columns):
                for blank, column in zip(blanks, columns, strict=False):  # "Witness: ⇥ Residing at:" over two lines
                    blank.carry = column
        for blank in blanks:
            blank.block = block
            blank.cell_left, blank.header = cell_left, header
        found.extend(blanks)
        previous = tokens
        signature = _signature_line(tokens)
    if prompt is not None and empties and open_end:
        found.append(_empty_line(prompt, empties))
    for blank in found:
        if blank.encoding == "empty_line":
            blank.block, blank.cell_left, blank.header = block, cell_left, header
    return found


def detect_blanks(doc: Document) -> list[Blank]:
    """All blanks above the notes, in reading order."""
    stop = notes_start(doc)
    found: list[Blank] = []
    run: list[Paragraph] = []
    run_start = 0
    for index, block in enumerate(doc.blocks[:stop]):
        if isinstance(block, Paragraph):
            if not run:
                run_start = index
            run.append(block)
            continue
        found.extend(_run_blanks(run, run_start))  # a table follows: a prompt's empty lines lead into it
        run = []
        found.extend(_table(block, index))
    found.extend(_run_blanks(run, run_start, open_end=True))
    return _drop_rules(found)


def _drop_rules(found: list[Blank]) -> list[Blank]:
    """Rules of underscores under the motto, or under the title before the first field, are decoration."""
    kept: list[Blank] = []
    field_seen = False
    for blank in found:
        if blank.above and (is_motto(blank.above) or (not field_seen and is_title_line(blank.above))):
            continue
        kept.append(blank)
        place = blank.kind == "text" and fold(blank.right).lstrip(" ,").startswith("ngay")
        field_seen = field_seen or not (blank.kind == "date" or place)
    return kept


def _run_blanks(run: list[Paragraph], start: int, open_end: bool = False) -> list[Blank]:
    found = scan_paragraphs(run, -1, open_end=open_end)
    index_of = {id(p): start + i for i, p in enumerate(run)}
    by_path = {p.path: index_of[id(p)] for p in run}
    for blank in found:
        blank.block = by_path.get(blank.container, start)
    return found


def _table(table: Table, index: int) -> list[Blank]:
    return table_blanks(table, index, scan_paragraphs)

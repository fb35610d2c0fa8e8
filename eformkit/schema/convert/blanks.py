"""Blank detection in paragraphs: every way a real template marks a place to write.

A paragraph becomes a token list (text and blanks). Dots/ellipses/underscores in the text, tabs that
reach a leader stop, underlined tabs and spaces, checkbox glyphs, `w:sym` boxes, drawn rectangles and
input controls are blanks; then composites are formed: "ngày … tháng … năm …" and "…/…/…" are one date,
"Có □ Không □" is one choice, a row of drawn boxes is one digit-box field.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from eformkit.schema.convert.layout import Inline, Paragraph
from eformkit.text import fold

__all__ = ["LINE_ENCODINGS", "Blank", "Token", "paragraph_blanks"]

LINE_ENCODINGS = frozenset({"dots", "tab_leader", "underline"})
_LEADERS = frozenset({"dot", "underscore", "hyphen", "middleDot", "heavy"})
_DOTS = re.compile(r"[.…_](?:[ \u00a0]?[.…_])*")
_BRACKET_BOX = re.compile(r"^\s*(?:I\s+I|\|_*\||\[\s*\])\s*$")  # "I I" underlined, "|_|", "[ ]": boxes typed as text
_CHECKBOX_ENCODING = {
    "glyph": "checkbox_glyph",
    "sym": "checkbox_sym",
    "formcheckbox": "legacy_field",
    "sdt_checkbox": "content_control",
    "input": "html_input",
    "bracket": "checkbox_glyph",
}
_CONTROL_ENCODING = {
    "sdt": "content_control",
    "formtext": "legacy_field",
    "formdropdown": "legacy_field",
    "input": "html_input",
    "select": "html_input",
    "textarea": "html_input",
}
DIGIT_BOXES_MIN = 6
NOTE_MARK = "\u2063"  # wraps a Word footnote reference id inside label text


@dataclass(slots=True)
class Blank:
    """A place to write, with the text around it and a locator for the anchor."""

    encoding: str  # how the template stores it (scored per encoding)
    kind: str  # text, date, checkbox, choice, digits, table, cell
    part: str
    path: str  # locator of the element holding the blank
    container: str = ""  # locator of the paragraph / row / table holding it
    block: int = -1  # index of the top-level block (scoring matches on it)
    left: str = ""  # text to the left on the same line, back to the previous blank
    right: str = ""  # text to the right, up to the next blank
    hint: str = ""  # a placeholder or control title (content controls, inputs)
    carry: str = ""  # a label left dangling at the end of the previous line
    cell_left: str = ""  # table: the cell to the left
    header: str = ""  # table: the header cell above
    length: int | None = None  # digit boxes
    options: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)  # locators of the pieces (date parts, boxes, cells, lines)
    lines: int = 1
    numbering: str = ""
    label: str = ""  # filled by label linking
    number: str = ""
    notes: list[str] = field(default_factory=list)  # footnote ids referenced by the label
    section: str = ""
    chars: tuple[int, int] | None = None  # dots: [start, end) in the text of the run at `path`
    part_chars: list[tuple[int, int] | None] = field(default_factory=list)
    base: str = ""  # a composite's piece encoding (a date made of tab leaders: "tab_leader")


Token = str | Blank


def _weight(run: str) -> int:
    return run.count(".") + run.count("_") + 3 * run.count("…")


def _is_dot_blank(run: str, before: str, after: str) -> bool:
    """A dot run is a blank unless it is prose punctuation: an ellipsis "...", a numbering "1.", "./."."""
    weight = _weight(run)
    if weight >= 4:
        return True
    if weight < 2:
        return False
    tail = fold(before[-6:]) if before.strip() else ""
    return (
        before.rstrip().endswith((":", "/"))
        or after.startswith("/")
        or not before.strip()
        or tail.endswith(("ngay", "thang", "nam"))
    )


class _Builder:
    def __init__(self, para: Paragraph) -> None:
        self.para = para
        self.tokens: list[Token] = []
        self.shapes: list[Inline] = []
        self.pending: list[tuple[str, Inline]] = []

    def text(self, text: str) -> None:
        if self.tokens and isinstance(self.tokens[-1], str):
            self.tokens[-1] += text
        else:
            self.tokens.append(text)

    def blank(self, encoding: str, kind: str, item: Inline, **extra: Any) -> Blank:
        last = self.tokens[-1] if self.tokens else None
        if encoding == "underline" and isinstance(last, Blank) and last.encoding == "underline":
            return last  # consecutive underlined tabs/spaces draw one line
        made = Blank(
            encoding=encoding, kind=kind, part=self.para.part, path=item.path, container=self.para.path, **extra
        )
        self.tokens.append(made)
        return made

    def text_inline(self, item: Inline) -> None:
        text = item.text
        if item.superscript and re.fullmatch(r"\s*\(?\s*(\d{1,2}|\*)\s*\)?\s*", text):
            self.flush()
            self.text(f"({text.strip().strip('()').strip()})")  # a footnote mark, normalised
            return
        if item.underline and not text.strip():
            self.flush()
            self.blank("underline", "text", item)
            return
        if self.pending and self.pending[-1][1].underline != item.underline:
            self.flush()
        self.pending.append((text, item))

    def flush(self) -> None:
        """Scan the buffered text runs as one string: Word splits a dot run across runs freely."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        text = "".join(t for t, _ in pending)
        starts: list[tuple[int, Inline]] = []
        offset = 0
        for piece, item in pending:
            starts.append((offset, item))
            offset += len(piece)

        def at(pos: int) -> Inline:
            return next(item for start, item in reversed(starts) if start <= pos)

        if pending[0][1].underline and _BRACKET_BOX.match(text):
            self.blank("checkbox_glyph", "checkbox", pending[0][1])
            return
        pos = 0
        for match in _DOTS.finditer(text):
            last = self.tokens[-1] if self.tokens and isinstance(self.tokens[-1], str) else ""
            if not _is_dot_blank(match.group(), last + text[pos : match.start()], text[match.end() :]):
                continue
            if match.start() > pos:
                self.text(text[pos : match.start()])
            item = at(match.start())
            begin = item.offset + match.start() - next(st for st, it in starts if it is item)
            self.blank("dots", "text", item, chars=(begin, begin + len(match.group())))
            pos = match.end()
        if pos < len(text):
            self.text(text[pos:])

    def add(self, item: Inline) -> None:
        if item.kind == "text":
            self.text_inline(item)
            return
        self.flush()
        if item.kind == "tab":
            if item.underline:
                self.blank("underline", "text", item)
            elif item.leader in _LEADERS:
                self.blank("tab_leader", "text", item)
            else:
                self.text("\t")
        elif item.kind == "checkbox":
            self.blank(_CHECKBOX_ENCODING.get(item.source, "checkbox_glyph"), "checkbox", item)
        elif item.kind == "control":
            kind = "choice" if item.options else "text"
            self.blank(
                _CONTROL_ENCODING.get(item.source, "content_control"),
                kind,
                item,
                hint=item.text,
                options=list(item.options),
            )
        elif item.kind == "shape":
            self.shapes.append(item)
        elif item.kind == "break":
            self.text("\n")
        elif item.kind == "note_ref":
            self.text(f"{NOTE_MARK}{item.text}{NOTE_MARK}")

    def place_shapes(self) -> None:
        boxes = [s for s in self.shapes if (s.width or 0) <= 45 and (s.height or 0) <= 45]
        if len(boxes) >= DIGIT_BOXES_MIN:
            boxes.sort(key=lambda s: s.x if s.x is not None else 0.0)
            made = Blank(
                encoding="digit_shapes",
                kind="digits",
                part=self.para.part,
                path=self.para.path,
                container=self.para.path,
                length=len(boxes),
                parts=[b.path for b in boxes],
            )
            self.tokens.append(made)  # its label is the whole line; keep it last so all text is "left"
        else:
            for box in boxes:
                self.tokens.append(
                    Blank(
                        encoding="checkbox_shape",
                        kind="checkbox",
                        part=self.para.part,
                        path=box.path,
                        container=self.para.path,
                    )
                )


def _merge_lines(tokens: list[Token]) -> list[Token]:
    """Line blanks separated only by spaces are one blank (a leader tab followed by typed dots)."""
    out: list[Token] = []
    for tok in tokens:
        if isinstance(tok, Blank) and tok.encoding in LINE_ENCODINGS:
            prev = out[-1] if out else None
            gap = ""
            if isinstance(prev, str) and len(out) >= 2 and not prev.strip(" \u00a0"):  # a tab gap: two lines
                gap, prev = prev, out[-2]
            if isinstance(prev, Blank) and prev.encoding in LINE_ENCODINGS and prev.kind == "text":
                if gap:
                    out.pop()
                prev.parts.append(tok.path)
                continue
        out.append(tok)
    return out


_SEPARATORS = {"/", "-"}


def _dates(tokens: list[Token]) -> list[Token]:
    """Merge "…/…/…" and "ngày … tháng … năm …" into one date blank with its parts."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if isinstance(tok, Blank) and tok.kind == "text":
            window = tokens[i : i + 5]
            kinds = [isinstance(t, Blank) and t.kind == "text" for t in window]
            sep1 = window[1] if len(window) > 1 and isinstance(window[1], str) else ""
            sep2 = window[3] if len(window) > 3 and isinstance(window[3], str) else ""
            if len(window) >= 4 and kinds[2] and sep1.strip() in _SEPARATORS and sep2.strip()[:1] in _SEPARATORS:
                full = len(window) == 5 and kinds[4] and sep2.strip() in _SEPARATORS
                count = 3 if full else 2  # "…/…/" with the year left open still is one date
                out.append(_as_date(tok, [t for t in window[: 2 * count - 1] if isinstance(t, Blank)]))
                i += 5 if full else 4
                if not full and sep2.strip()[1:]:
                    out.append(sep2.strip()[1:])
                continue
            before = out[-1] if out and isinstance(out[-1], str) else ""
            if fold(before).endswith("ngay") and len(window) >= 5 and kinds[0] and kinds[2] and kinds[4]:
                words = [fold(t) for t in window[1:5:2] if isinstance(t, str)]
                if words == ["thang", "nam"]:
                    out.append(_as_date(tok, [t for t in window if isinstance(t, Blank)]))
                    i += 5
                    continue
        out.append(tok)
        i += 1
    return out


def _as_date(first: Blank, parts: list[Blank]) -> Blank:
    first.kind = "date"
    first.base, first.encoding = first.encoding, "date"
    first.parts = [p.path for p in parts]
    first.part_chars = [p.chars for p in parts]
    return first


def _choices(tokens: list[Token]) -> list[Token]:
    """Checkboxes close together on one line ("Có □, Không □", "□ Nam □ Nữ") form one choice."""
    boxes = [i for i, t in enumerate(tokens) if isinstance(t, Blank) and t.kind == "checkbox"]
    if len(boxes) < 2:
        return tokens
    between: list[str] = []
    for a, b in itertools.pairwise(boxes):
        gap = tokens[a + 1]
        if b != a + 2 or not isinstance(gap, str) or len(gap.split()) > 6 or ":" in gap:
            return tokens  # boxes far apart or with a label between them are separate fields
        between.append(gap)
    first = tokens[boxes[0]]
    assert isinstance(first, Blank)
    lead = tokens[boxes[0] - 1] if boxes[0] > 0 and isinstance(tokens[boxes[0] - 1], str) else ""
    assert isinstance(lead, str)
    options_after = not lead.strip() or lead.rstrip().endswith(":")
    texts = [t.strip(" ,;\t") for t in between]
    if options_after:
        tail = tokens[boxes[-1] + 1] if boxes[-1] + 1 < len(tokens) and isinstance(tokens[boxes[-1] + 1], str) else ""
        assert isinstance(tail, str)
        options = [*texts, tail.strip(" ,;.\t")]
        rest: list[Token] = []
    else:
        label, _, option0 = lead.rpartition(":")
        if not _:
            words = lead.split()
            label, option0 = " ".join(words[:-1]), " ".join(words[-1:])
        lead = label + (":" if _ else "")
        options = [option0.strip(" ,;\t"), *texts]
        rest = tokens[boxes[-1] + 1 :]
    first.kind, first.base, first.encoding = "choice", first.encoding, "choice"
    first.options = [o for o in options if o]
    first.parts = [t.path for t in tokens if isinstance(t, Blank) and t.kind == "checkbox"]
    head = tokens[: boxes[0] - 1] if boxes[0] > 0 else []
    return [*head, *([lead] if lead else []), first, *rest]


def paragraph_blanks(para: Paragraph) -> list[Token]:
    """The paragraph as text and blank tokens, composites formed, left/right context filled in."""
    builder = _Builder(para)
    for item in para.inlines:
        builder.add(item)
    builder.flush()
    builder.place_shapes()
    tokens = _choices(_dates(_merge_lines(builder.tokens)))
    for i, tok in enumerate(tokens):
        if not isinstance(tok, Blank):
            continue
        tok.numbering = para.numbering
        left = tokens[i - 1] if i > 0 and isinstance(tokens[i - 1], str) else ""
        right = tokens[i + 1] if i + 1 < len(tokens) and isinstance(tokens[i + 1], str) else ""
        assert isinstance(left, str) and isinstance(right, str)
        tok.left = left.rsplit("\n", 1)[-1]
        tok.right = right.split("\n", 1)[0]
        if tok.encoding == "digit_shapes":
            tok.left = "".join(t for t in tokens if isinstance(t, str)).replace("\n", " ")
    return tokens

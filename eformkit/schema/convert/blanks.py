"""Blank detection in paragraphs: every way a real template marks a place to write.

A paragraph becomes a token list (text and blanks). Dots/ellipses/underscores in the text, tabs that
reach a leader stop, underlined tabs and spaces, checkbox glyphs, `w:sym` boxes, drawn rectangles and
input controls are blanks; then composites are formed: "ngày … tháng … năm …" and "…/…/…" are one date,
"Có □ Không □" is one choice, a row of drawn boxes is one digit-box field.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from eformkit.schema.convert.dates import merge_dates
from eformkit.schema.convert.layout import Inline, Paragraph
from eformkit.schema.convert.tokens import LINE_ENCODINGS, NOTE_MARK, Blank, Token
from eformkit.text import fold

__all__ = ["DIGIT_BOXES_MIN", "LINE_ENCODINGS", "NOTE_MARK", "Blank", "Token", "paragraph_blanks"]

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


def _weight(run: str) -> int:
    return run.count(".") + run.count("_") + 3 * run.count("…")


def _is_dot_blank(run: str, before: str, after: str) -> bool:
    """A dot run is a blank unless it is prose punctuation: an ellipsis "...", a numbering "1.", "./.".
    Two or more underscores always are."""
    weight = _weight(run)
    if weight >= 4 or (weight >= 2 and not run.strip("_")):
        return True  # "__" is never prose: "this __ day of ____, 20__"
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
    tokens = _choices(merge_dates(_merge_lines(builder.tokens)))
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

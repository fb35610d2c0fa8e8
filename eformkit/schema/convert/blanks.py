"""Blank detection in paragraphs: every way a real template marks a place to write.

A paragraph becomes a token list (text and blanks). Dots/ellipses/underscores in the text, tabs that
reach a leader stop, underlined tabs and spaces, checkbox glyphs, `w:sym` boxes, drawn rectangles and
input controls are blanks; then composites are formed: "ngày … tháng … năm …" and "…/…/…" are one date,
"Có □ Không □" is one choice, a row of drawn boxes is one digit-box field. Small pictures in the line
are checkboxes; a placeholder in brackets ("{explain what happened}", "[Your Name]") or a line that is
only "Your …" is a blank whose text says what to write; a footnote mark between two dot runs
("……(1)……") does not split the blank.
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
# a blank or a bracketed placeholder: "{explain what happened}", "[Your Name]", "<insert date>", "«…»"
_FILL = re.compile(
    _DOTS.pattern
    + "".join(
        rf"|{o}(?=\s*[^\W\d_])[^{o}{c}\n…_]{{2,80}}{c}"
        for o, c in (("\\{", "\\}"), ("\\[", "\\]"), ("<", ">"), ("«", "»"))
    )
)
_YOUR_LINE = re.compile(r"\s*your(?:\s+[^\W\d_][\w'’/&-]*){1,5}\s*", re.IGNORECASE)  # "Your name", "Your City, …"
_MARK_GAP = re.compile(r"[ \u00a0]*(\(\s*(?:\d{1,2}|\*)\s*\)|" + NOTE_MARK + r"\w+" + NOTE_MARK + r")[ \u00a0]*")
_PLACEHOLDER_WORDS = 8
# bracketed notes that ask for no writing: "[Attach … here]", "[See page 2]", "[SEAL]", "[Mẫu số 01]"
_NOT_PLACEHOLDERS = (
    "attach", "see ", "note", "delete", "remove", "continued", "reserved", "seal", "page", "logo", "form ",
    "appendix", "mau ", "phu luc", "trang ", "ban hanh", "dong dau",
)  # fmt: skip
_BRACKET_BOX = re.compile(r"^\s*(?:I\s+I|\|_*\||\[\s*\])\s*$")  # "I I" underlined, "|_|", "[ ]": boxes typed as text
_CHECKBOX_ENCODING = {
    "glyph": "checkbox_glyph",
    "sym": "checkbox_sym",
    "formcheckbox": "legacy_field",
    "sdt_checkbox": "content_control",
    "input": "html_input",
    "bracket": "checkbox_glyph",
    "picture": "checkbox_picture",
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


def _is_placeholder(match: str) -> bool:
    """A bracketed phrase in letters, not a number ("[01]"), a box ("[ ]", "[x]") or a footnote."""
    inner = match[1:-1].strip()
    return (
        sum(ch.isalpha() for ch in inner) >= 2
        and inner[:1].isalpha()
        and len(inner.split()) <= _PLACEHOLDER_WORDS
        and not any(ch.isdigit() for ch in inner[:3])
        and not f"{fold(inner)} ".startswith(_NOT_PLACEHOLDERS)
    )


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
        or fold(after[:8]).lstrip().startswith(("thang", "nam"))  # "ngày làm việc ...tháng…"
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
        for match in _FILL.finditer(text):
            run = match.group()
            placeholder = run[0] in "{[<«"
            last = self.tokens[-1] if self.tokens and isinstance(self.tokens[-1], str) else ""
            if placeholder and not _is_placeholder(run):
                continue
            if not placeholder and not _is_dot_blank(run, last + text[pos : match.start()], text[match.end() :]):
                continue
            if match.start() > pos:
                self.text(text[pos : match.start()])
            item = at(match.start())
            begin = item.offset + match.start() - next(st for st, it in starts if it is item)
            chars = (begin, begin + len(run))
            if placeholder:
                self.blank("placeholder", "text", item, chars=chars, hint=" ".join(run[1:-1].split()))
            else:
                self.blank("dots", "text", item, chars=chars)
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
    """Line blanks separated only by spaces are one blank (a leader tab followed by typed dots); so are
    two separated only by a footnote mark ("……(1)……"), the mark going to the text on the left, and two
    separated by a tab after a label ("của em: ……\t……"; without a label they are columns)."""
    out: list[Token] = []
    for tok in tokens:
        if isinstance(tok, Blank) and tok.encoding in LINE_ENCODINGS:
            prev = out[-1] if out else None
            gap, mark = "", None
            if isinstance(prev, str) and len(out) >= 2:
                mark = _MARK_GAP.fullmatch(prev)
                labelled = len(out) >= 3 and isinstance(out[-3], str) and out[-3].rsplit("\n", 1)[-1].strip()
                if not prev.strip(" \u00a0") or mark or (labelled and not prev.strip(" \u00a0\t")):
                    gap, prev = prev, out[-2]
            if isinstance(prev, Blank) and prev.encoding in LINE_ENCODINGS and prev.kind == "text":
                if gap:
                    out.pop()
                if mark:
                    _mark_left(out, mark.group(1))
                if len(prev.part_chars) == len(prev.parts):
                    prev.part_chars.append(tok.chars)
                prev.parts.append(tok.path)
                continue
        out.append(tok)
    return out


def _mark_left(out: list[Token], mark: str) -> None:
    """Put a footnote mark found inside a blank into the text before that blank (its label's notes)."""
    if len(out) >= 2 and isinstance(out[-2], str):
        out[-2] = f"{out[-2]} {mark}"
    else:
        out.insert(len(out) - 1, f" {mark}")


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


def _your_line(para: Paragraph, builder: _Builder) -> None:
    """A line that is only "Your name" / "Your Address" (a letter template's placeholder) is a blank."""
    if (
        len(builder.tokens) != 1
        or not isinstance(builder.tokens[0], str)
        or not _YOUR_LINE.fullmatch(builder.tokens[0])
    ):
        return
    texts = [i for i in para.inlines if i.kind == "text" and i.text.strip()]
    one_run = len({i.path for i in texts}) == 1
    text = builder.tokens[0]
    builder.tokens = []
    if one_run:
        item = texts[0]
        begin = item.offset + len(item.text) - len(item.text.lstrip())
        builder.blank("placeholder", "text", item, chars=(begin, begin + len(text.strip())), hint=text.strip())
    else:
        builder.tokens.append(
            Blank(encoding="placeholder", kind="text", part=para.part, path=para.path, container=para.path,
                  hint=" ".join(text.split()))
        )  # fmt: skip


def paragraph_blanks(para: Paragraph) -> list[Token]:
    """The paragraph as text and blank tokens, composites formed, left/right context filled in."""
    builder = _Builder(para)
    for item in para.inlines:
        builder.add(item)
    builder.flush()
    builder.place_shapes()
    _your_line(para, builder)
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

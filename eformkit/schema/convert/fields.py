"""From linked blanks to draft fields: ids, types, bindings (whose: `persons`; how sure: `binding`),
anchors and the reasons an author should review a field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from eformkit.schema.convert.binding import Decision, decide
from eformkit.schema.convert.blanks import Blank
from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.layout import Document
from eformkit.schema.convert.naming import ROLE_ALONE, THRESHOLD, NamingIndex, field_id
from eformkit.schema.convert.persons import read_contexts
from eformkit.schema.resolve import _FITS
from eformkit.text import fold

__all__ = ["DraftColumn", "DraftField", "UniqueIds", "blank_anchor", "build_fields"]

_ORDINAL_COLUMNS = frozenset({"tt", "stt", "so tt", "so thu tu"})
_SIGNING_PLACE_LABELS = frozenset({"dia danh", "lam tai", "viet tai"})
_ISSUERS = frozenset({"id_card_issue_place", "passport_issue_place", "issuer"})


class UniqueIds:
    """Ids that `check` accepts (`^[a-z][a-z0-9_]*$`), unique within one scope, handed out in linear time.

    A repeated base gets `_2`, `_3`, …; the next suffix of each base is remembered, so a template with
    thousands of identical labels does not rescan every taken name (that was quadratic).
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()
        self._next: dict[str, int] = {}
        self._bases: dict[str, str] = {}  # label → slug: a repeated label is slugged once

    def __contains__(self, name: object) -> bool:
        return name in self._taken

    def claim(self, name: str) -> str:
        """`name` made valid and unique (a label is slugged first by `naming.field_id`)."""
        return self._unique(_snake(name))

    def for_label(self, label: str) -> str:
        """A unique id from a printed label ("Nội dung đề nghị" → noi_dung_de_nghi, then _2, …)."""
        base = self._bases.get(label)
        if base is None:
            base = self._bases[label] = _snake(field_id(label))
        return self._unique(base)

    def _unique(self, base: str) -> str:
        if base not in self._taken:
            self._taken.add(base)
            return base
        n = self._next.get(base, 2)
        while f"{base}_{n}" in self._taken:  # only names taken as bases themselves are skipped, each once
            n += 1
        self._next[base] = n + 1
        self._taken.add(f"{base}_{n}")
        return f"{base}_{n}"


def _snake(name: str) -> str:
    # field_id keeps "_" left by dropped characters ("þ}đ" → "_d"); check wants a letter first.
    name = re.sub(r"_+", "_", re.sub(r"[^a-z0-9_]", "", name)).strip("_") or "field"
    return f"f_{name}" if name[0].isdigit() else name


@dataclass
class DraftColumn:
    id: str
    label: str
    element: str | None = None
    confidence: float = 0.0


@dataclass
class DraftField:
    """One field of the draft, with everything the YAML writer and the report need."""

    id: str
    label: str
    blank: Blank
    number: str = ""
    type: str | None = None
    element: str | None = None
    confidence: float = 0.0
    variant: str = ""
    help: str | None = None
    options: list[str] = field(default_factory=list)
    columns: list[DraftColumn] = field(default_factory=list)
    rows_prefill: str | None = None
    widget: str | None = None
    reasons: list[str] = field(default_factory=list)
    section: str = "main"
    evidence: list[str] = field(default_factory=list)  # why it is bound (or not): label, person, document
    suggestion: str | None = None  # the element it would take, when not sure enough to bind

    @property
    def anchor(self) -> dict[str, Any]:
        """Where the blank is in the template (see docs/converter.md, "Anchors")."""
        return blank_anchor(self.blank)


def blank_anchor(b: Blank) -> dict[str, Any]:
    """The anchor of one blank; an address lists its part blanks' own anchors under `parts`."""
    anchor: dict[str, Any] = {"part": b.part, "kind": b.encoding, "path": b.path}
    if b.encoding == "address":
        anchor["parts"] = []
        for piece in b.pieces:
            sub = {"address_part": piece.address_part, "label": piece.label, **blank_anchor(piece)}
            if sub["part"] == b.part:
                del sub["part"]
            anchor["parts"].append(sub)
        return anchor
    if b.base:
        anchor["piece_kind"] = b.base
    if b.date_order:
        anchor["date_order"] = list(b.date_order)
    if b.chars:
        anchor["chars"] = list(b.chars)
    if b.parts and b.encoding != "table_rows":
        chars = b.part_chars if len(b.part_chars) == len(b.parts) else [None] * len(b.parts)
        anchor["parts"] = [
            p if c is None else {"path": p, "chars": list(c)} for p, c in zip(b.parts, chars, strict=True)
        ]
    if b.encoding == "table_rows":
        anchor["rows"] = list(b.parts)
    if b.length:
        anchor["length"] = b.length
    if b.lines > 1:
        anchor["lines"] = b.lines
    return anchor


def _type_for(blank: Blank, label: str) -> tuple[str, str | None]:
    key = fold(label)
    if blank.kind in ("date", "address"):
        return blank.kind, None
    if blank.kind == "choice":
        return "choice", "radio"
    if blank.kind in ("checkbox", "cell") and blank.kind == "checkbox":
        return "boolean", None
    if blank.kind == "digits":
        return ("personal_id" if blank.length == 12 else "text"), "digit_boxes"
    if "email" in key or "thu dien tu" in key:
        return "email", None
    if "dien thoai" in key or "phone" in key:
        return "phone", None
    return ("long_text" if blank.lines > 1 else "text"), None


def _columns(blank: Blank, index: NamingIndex) -> list[DraftColumn]:
    taken = UniqueIds()
    out: list[DraftColumn] = []
    for text in blank.columns:
        label = " ".join(text.split())
        if not label or fold(label) in _ORDINAL_COLUMNS:
            continue
        found = index.match(label)
        if found and found.confidence >= THRESHOLD and index.attr_subject.get(found.attribute) == "person":
            name = taken.claim(found.attribute) if found.attribute not in taken else taken.for_label(label)
            out.append(DraftColumn(name, label, found.attribute, found.confidence))
        else:
            out.append(DraftColumn(taken.for_label(label), label))
    return out


_PLACES = frozenset({"workplace", "school"})  # an unnumbered "Địa chỉ" under these is theirs


def build_fields(
    blanks: list[Blank],
    index: NamingIndex,
    footnotes: dict[str, str],
    captions: dict[int, str],
    doc: Document | None = None,
) -> list[DraftField]:
    """Draft fields in reading order. `captions` maps a table's block to the text printed above it; `doc`
    (when given) supplies the headings and lead-ins that say whose blanks follow."""
    taken = UniqueIds()
    fields: list[DraftField] = []
    matches = [index.match(b.label) if b.label and b.encoding != "table_rows" else None for b in blanks]
    contexts = read_contexts(doc or Document("", "text"), blanks, index, list(matches))
    previous: dict[str, Blank] = {}  # the blank before, on the same line
    cited_decision: set[str] = set()  # decision_* attributes bound already (the first decision the form cites)
    for blank, found, context in zip(blanks, matches, contexts, strict=True):
        before = previous.get(blank.container)
        previous[blank.container] = blank
        opens_line = before is None or fold(before.label) in _SIGNING_PLACE_LABELS
        label = blank.label
        help_text = " ".join(footnotes[n] for n in blank.notes if n in footnotes) or None
        draft = DraftField(id="", label=label, blank=blank, number=blank.number, help=help_text, section=blank.section)
        if blank.encoding == "table_rows":
            _table(draft, blank, index, captions, taken)
            fields.append(draft)
            continue
        after_issuer = bool(before) and bool(fields) and fields[-1].element is not None and (
            fields[-1].element.rsplit(".", 1)[-1] in _ISSUERS
        )
        previous_element = fields[-1].element if before is not None and fields else None
        decision = decide(found, blank, context, index, opens_line, after_issuer, previous_element)
        cited = decision.match.attribute if decision.match is not None else ""
        place_above = fields[-1].element.rsplit(".", 1)[-1] if fields and fields[-1].element else ""
        if place_above in _PLACES and fold(label) == "dia chi" and not blank.number and decision.match is not None:
            # "13. Làm việc tại: …" ⏎ "Địa chỉ: …": the address of that place, not where the person lives
            place = ("the address of the place above / địa chỉ của nơi ở dòng trên",)
            decision = Decision(decision.match, 0.0, decision.evidence, place)
        if cited.startswith("decision_") and cited in cited_decision:
            # a second decision on the form is another paper: its number is not the first one's
            second = ("a second decision cited / quyết định thứ hai",)
            decision = Decision(decision.match, 0.0, decision.evidence, second)
        _bind(draft, decision, blank, index, taken)
        if draft.element and cited.startswith("decision_"):
            cited_decision.add(cited)
        fields.append(draft)
    _headings_of_blocks(fields)
    return fields


def _headings_of_blocks(fields: list[DraftField]) -> None:
    """ "Người giám hộ: ……" followed by "Họ, chữ đệm, tên: ……" of the same person: the first line heads the
    person's block (what it holds the paper does not say), the second is the name."""
    for first, second in pairwise(fields):
        if first.element and first.variant == ROLE_ALONE and second.element == first.element:
            first.suggestion, first.element, first.confidence = first.element, None, 0.0
            first.reasons.append("heads the person's block; the name is on the next line / dòng mở đầu khối")


def _table(
    draft: DraftField, blank: Blank, index: NamingIndex, captions: dict[int, str], taken: UniqueIds
) -> None:
    caption = captions.get(blank.block, "")
    draft.label = clean_label(caption)[0] or "Bảng"
    draft.number = clean_label(caption)[1]
    draft.type = "table"
    draft.columns = _columns(blank, index)
    collection = index.collection(caption) or (
        "household.members"
        if any(c.element == "relationship_to_household_head" for c in draft.columns)
        and "household.members" in index.collections.values()
        else None
    )
    draft.rows_prefill = collection
    draft.confidence = 0.9 if collection else 0.0
    draft.id = taken.for_label(draft.label) if not collection else taken.claim(collection.split(".")[-1])
    if not collection:
        draft.reasons.append("repeating table with no collection: check its rows / bảng lặp chưa gắn danh sách")


def _bind(draft: DraftField, decision: Decision, blank: Blank, index: NamingIndex, taken: UniqueIds) -> None:
    label = draft.label
    ftype, widget = _type_for(blank, label)
    draft.widget = widget
    draft.options = list(blank.options)
    draft.evidence = list(decision.evidence)
    draft.reasons.extend(decision.reasons)
    if not label:
        draft.reasons.append("no label printed next to the blank / không có nhãn in cạnh chỗ trống")
    borrowed = not clean_label(blank.left)[0] and not blank.cell_left and not blank.hint
    if blank.label and borrowed and blank.kind != "date" and label != "Địa danh":
        draft.reasons.append("label taken from around the blank, not its left / nhãn lấy từ vị trí khác")
    found = decision.match
    if blank.kind == "address":
        draft.reasons.append(
            f"{len(blank.pieces)} address parts printed apart, one address field / các phần của một địa chỉ"
        )
    # Boxes make a choice field and address parts an address field: an element of another type would
    # fail `check` (EFK-BIND-002), so it stays a suggestion.
    needs = {"choice": "choice", "address": "address"}.get(blank.kind)
    fits = found is None or needs is None or index.attr_type.get(found.attribute, "text") in _FITS[needs]
    if not fits:
        draft.reasons.append(f"the label names no {needs} element: not bound / nhãn không khớp loại {needs}")
    if found and decision.confidence >= THRESHOLD and fits:
        draft.element, draft.confidence, draft.variant = found.element, decision.confidence, found.variant
        attr_type = index.attr_type.get(found.attribute, "text")
        if blank.kind == "date" and attr_type != "date":
            draft.reasons.append(f"a date blank bound to a {attr_type} element / chỗ trống ngày tháng")
        if decision.confidence < 0.9:
            draft.reasons.append(f"low-confidence binding {decision.confidence:.2f} / độ tin cậy thấp")
        own = found.role in ("applicant", "submission")  # the filer's and the filing's own: no prefix
        base = found.attribute if own else f"{found.role}_{found.attribute}"
        draft.id = taken.for_label(base.replace("_", " "))
        return
    if found:
        draft.suggestion = found.element
        draft.reasons.append(
            f"possible element {found.element} ({decision.confidence:.2f}) not bound: check whose it is "
            f"/ gợi ý chưa gắn, kiểm tra của ai"
        )
    elif decision.name:
        draft.reasons.append(f"{decision.name}: no element, named only / chưa có phần tử, chỉ đặt tên")
    elif label:
        draft.reasons.append("no vocabulary element: form-specific field / trường riêng của biểu mẫu")
    draft.type = ftype
    draft.confidence = 0.0
    if decision.name:
        draft.id = taken.for_label(decision.name.replace("_", " "))
    elif label == "Địa danh":
        draft.id = taken.claim("signed_place")
    elif blank.kind == "date" and label.startswith("ngày …"):
        draft.id = taken.claim("signed_date")
    else:
        draft.id = taken.for_label(label or "field")

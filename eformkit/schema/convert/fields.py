"""From linked blanks to draft fields: ids, types, bindings (with the role carried over from the line
above where the paper implies it), anchors and the reasons an author should review a field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eformkit.schema.convert.blanks import Blank
from eformkit.schema.convert.labels import clean_label
from eformkit.schema.convert.naming import THRESHOLD, LabelMatch, NamingIndex, field_id
from eformkit.schema.resolve import _FITS
from eformkit.text import fold

__all__ = ["DraftColumn", "DraftField", "UniqueIds", "blank_anchor", "build_fields"]

_ORDINAL_COLUMNS = frozenset({"tt", "stt", "so tt", "so thu tu"})
_INHERITABLE_EXCLUDE = ("relationship",)


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


def build_fields(
    blanks: list[Blank], index: NamingIndex, footnotes: dict[str, str], captions: dict[int, str]
) -> list[DraftField]:
    """Draft fields in reading order. `captions` maps a table's block to the text printed above it."""
    taken = UniqueIds()
    fields: list[DraftField] = []
    context: tuple[str, int, str] | None = None  # (role, block, container) of the last explicit role
    for blank in blanks:
        label = blank.label
        help_text = " ".join(footnotes[n] for n in blank.notes if n in footnotes) or None
        draft = DraftField(id="", label=label, blank=blank, number=blank.number, help=help_text, section=blank.section)
        if blank.encoding == "table_rows":
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
            fields.append(draft)
            continue
        found = index.match(label) if label else None
        if found and blank.number and not found.role_explicit:
            context = None  # a new numbered item starts without the role of the line above
        if found and found.role_explicit and found.role != "applicant":
            context = (found.role, blank.block, blank.container)
        elif found and context and not found.role_explicit and found.role == "applicant" and not blank.number:
            role, block, container = context
            # same line, or an indented follow-up line / digit boxes right under it ("Số CCCD/CMND(*):")
            follow = blank.block == block + 1 and (blank.kind == "digits" or blank.left[:1] in (" ", "\t"))
            near = blank.container == container or follow
            if near and not any(x in found.attribute for x in _INHERITABLE_EXCLUDE):
                inherited = index._make(found.attribute, role, found.confidence * 0.95, True)
                if inherited:
                    found = inherited
                    draft.reasons.append(f"role '{role}' taken from the item above / vai trò lấy từ mục trên")
        elif not found or blank.number:
            context = context if found and found.role_explicit else None
        _bind(draft, found, blank, index, taken)
        fields.append(draft)
    return fields


def _bind(draft: DraftField, found: LabelMatch | None, blank: Blank, index: NamingIndex, taken: UniqueIds) -> None:
    label = draft.label
    ftype, widget = _type_for(blank, label)
    draft.widget = widget
    draft.options = list(blank.options)
    if not label:
        draft.reasons.append("no label printed next to the blank / không có nhãn in cạnh chỗ trống")
    borrowed = not clean_label(blank.left)[0] and not blank.cell_left and not blank.hint
    if blank.label and borrowed and blank.kind != "date" and label != "Địa danh":
        draft.reasons.append("label taken from around the blank, not its left / nhãn lấy từ vị trí khác")
    if blank.kind == "address":
        draft.reasons.append(
            f"{len(blank.pieces)} address parts printed apart, one address field / các phần của một địa chỉ"
        )
    # Boxes make a choice field and address parts an address field: an element of another type would
    # fail `check` (EFK-BIND-002), so it stays a suggestion.
    needs = {"choice": "choice", "address": "address"}.get(blank.kind)
    fits = found is None or needs is None or index.attr_type.get(found.attribute, "text") in _FITS[needs]
    if found and found.confidence >= THRESHOLD and fits:
        draft.element, draft.confidence, draft.variant = found.element, found.confidence, found.variant
        attr_type = index.attr_type.get(found.attribute, "text")
        if blank.kind == "date" and attr_type != "date":
            draft.reasons.append(f"a date blank bound to a {attr_type} element / chỗ trống ngày tháng")
        if found.confidence < 0.9:
            draft.reasons.append(f"low-confidence match {found.confidence:.2f} / độ tin cậy thấp")
        base = found.attribute if found.role == "applicant" else f"{found.role}_{found.attribute}"
        draft.id = taken.for_label(base.replace("_", " "))
        return
    if found:
        draft.reasons.append(f"possible element {found.element} ({found.confidence:.2f}) not bound / gợi ý chưa gắn")
    elif label:
        draft.reasons.append("no vocabulary element: form-specific field / trường riêng của biểu mẫu")
    draft.type = ftype
    draft.confidence = 0.0
    if label == "Địa danh":
        draft.id = taken.claim("signed_place")
    elif blank.kind == "date" and label.startswith("ngày …"):
        draft.id = taken.claim("signed_date")
    else:
        draft.id = taken.for_label(label or "field")

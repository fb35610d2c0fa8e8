"""The print view: the form laid out like the paper (motto header, form code, numbered items on dotted
lines, the personal ID in 12 boxes, ☐/☒ checkboxes, tables, footnotes, place/date and signatures)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from eformkit.render.display import display_value, parse_iso_date
from eformkit.render.environment import environment
from eformkit.render.html_form import RenderOptions
from eformkit.render.rules import evaluate_rule
from eformkit.render.state import get_path
from eformkit.render.texts import ui_text
from eformkit.render.view import FieldView, UISchemaSource, form_view

__all__ = ["PrintItem", "print_items", "render_print"]

CHECKED, UNCHECKED = "☒", "☐"
_BOX_TYPES = ("personal_id",)


@dataclass(slots=True)
class PrintItem:
    """One printed item; `kind` picks the layout (line, boxes, choices, table, group, text, signature)."""

    kind: str
    label: str
    number: str | None = None
    value: str = ""
    boxes: list[str] = field(default_factory=list)
    choices: list[tuple[str, bool]] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    children: list[PrintItem] = field(default_factory=list)
    date_line: str = ""
    signer: str = ""


def _boxes(value: Any, n: int = 12) -> list[str]:
    text = "".join(ch for ch in str(value or "") if ch.isascii() and ch.isdigit())[:n]
    return list(text) + [""] * (n - len(text))


def _item(f: FieldView, data: Any, pointer: str, lang: str, signer: str) -> PrintItem | None:
    value = get_path(data, pointer)
    kind = f.type
    if f.visible_rule is not None and not evaluate_rule(f.visible_rule, data):
        return None
    if kind == "personal_id":
        return PrintItem("boxes", f.label, f.number, boxes=_boxes(value))
    if kind in ("choice", "multi_choice") and f.options and (kind == "multi_choice" or len(f.options) <= 4):
        chosen = set(value if isinstance(value, list) else [value])
        return PrintItem("choices", f.label, f.number, choices=[(o.label, o.value in chosen) for o in f.options])
    if kind == "boolean":
        return PrintItem("choices", f.label, f.number, choices=[(ui_text("yes", lang), value is True)])
    if kind == "declaration":
        return PrintItem(
            "text", f.label, f.number, value=(CHECKED if value is True else UNCHECKED) + " " + (f.text or "")
        )
    if kind == "note":
        return PrintItem("text", "", f.number, value=f.text or f.label)
    if kind == "attachment":
        mark = CHECKED if isinstance(value, Mapping) and value.get("ref") else UNCHECKED
        return PrintItem("choices", "", f.number, choices=[(f.label + _attachment_note(value, lang), mark == CHECKED)])
    if kind == "signature":
        sig = value if isinstance(value, Mapping) else {}
        d = parse_iso_date(sig.get("date"))
        from eformkit.packs.vn.words import date_line

        line = date_line(sig.get("place") if isinstance(sig.get("place"), str) else None, d) if d else ""
        if not line:
            line = "......., ngày ..... tháng ..... năm ........" if lang == "vi" else "......., date ............"
        return PrintItem("signature", f.label.upper(), date_line=line, signer=signer)
    if kind == "person":
        children = [i for c in f.elements if (i := _item(c, data, f"{pointer}/{c.id}", lang, signer)) is not None]
        return PrintItem("group", f.label, f.number, children=children)
    if kind == "table":
        rows_data = value if isinstance(value, list) else []
        rows = []
        for row in rows_data:
            r = row if isinstance(row, Mapping) else {}
            rows.append([display_value(c, r.get(c.id), lang) for c in f.columns])
        blank = max(0, max(f.min_rows, 3) - len(rows))
        rows.extend([[""] * len(f.columns) for _ in range(blank)])
        return PrintItem("table", f.label, f.number, columns=[c.label for c in f.columns], rows=rows)
    return PrintItem("line", f.label, f.number, value=display_value(f, value, lang))


def _attachment_note(value: Any, lang: str) -> str:
    if isinstance(value, Mapping) and value.get("source") == "store":
        return f" ({ui_text('attachment_store', lang)})"
    return ""


def print_items(
    form: UISchemaSource, data: Mapping[str, Any] | None, lang: str = "vi"
) -> list[tuple[str, list[PrintItem]]]:
    """The printed items per section: (section title, items); signature blocks come last."""
    view = form_view(form, lang)
    doc = dict(data or {})
    applicant = str(doc.get("full_name") or "") if isinstance(doc.get("full_name"), str) else ""
    sections = [s for s in view.sections if s.visible_rule is None or evaluate_rule(s.visible_rule, doc)]
    last_signature = next(
        (f.pointer for s in reversed(sections) for f in reversed(s.elements) if f.type == "signature"), None
    )
    out = []
    for s in sections:
        # A signature is signed by the person of its own section (the owner, the guardian), and the last
        # one by the declarant; others keep the space for a handwritten name.
        person = next((get_path(doc, f.pointer) for f in s.elements if f.type == "person"), None)
        signer = str(person.get("full_name") or "") if isinstance(person, Mapping) else ""
        items = []
        for f in s.elements:
            name = applicant if f.pointer == last_signature else signer
            item = _item(f, doc, f.pointer, lang, name)
            if item is not None:
                items.append(item)
        out.append((s.title, items))
    return out


def render_print(
    form: UISchemaSource,
    data: Mapping[str, Any] | None = None,
    *,
    lang: str = "vi",
    options: RenderOptions | None = None,
    today: dt.date | None = None,
) -> str:
    """The print view page (A4, `print.css`), inline styles unless `options.static_url` is set."""
    opts = options or RenderOptions()
    view = form_view(form, lang)
    sections = print_items(form, data, lang)
    signatures = [i for _, items in sections for i in items if i.kind == "signature"]
    if not signatures:
        from eformkit.packs.vn.words import date_line

        signer = str((data or {}).get("full_name") or "")
        line = date_line(None, today) if today else "......., ngày ..... tháng ..... năm ........"
        signatures = [PrintItem("signature", ui_text("signer_title", lang), date_line=line, signer=signer)]
    env = environment(opts.override_dirs)
    return env.get_template("print.html").render(
        view=view,
        sections=sections,
        signatures=signatures,
        lang=view.lang,
        opts=opts,
        css=Markup(_css()) if not opts.static_url else None,
        t=lambda key: ui_text(key, view.lang),
    )


def _css() -> str:
    from eformkit.render.environment import STATIC_DIR

    return (STATIC_DIR / "print.css").read_text(encoding="utf-8")

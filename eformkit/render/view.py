"""Per-form, per-language structures precomputed once from the UI schema (cached on the form).

A `FieldView` is one field of the UI schema with its texts resolved in one language, its HTML name
(``mother.full_name``; table cells ``members.0.full_name``), its HTML id and, for selects, the escaped
option list ready to splice. Rendering a page then only looks values up.
"""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any, Protocol

from markupsafe import Markup, escape

from eformkit.render.texts import ui_text

__all__ = [
    "FieldView",
    "FormView",
    "OptionView",
    "SectionView",
    "UISchemaSource",
    "form_view",
    "name_of",
    "select_options",
]


class UISchemaSource(Protocol):
    """What rendering needs of a form: `eformkit.schema.form.Form` fits."""

    @property
    def id(self) -> str: ...

    def ui_schema(self) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class OptionView:
    value: str
    label: str


@dataclass(slots=True)
class FieldView:
    """One field in one language."""

    id: str
    pointer: str
    name: str
    html_id: str
    type: str
    widget: str
    label: str
    required: bool
    number: str | None = None
    help: str | None = None
    placeholder: str | None = None
    autocomplete: str | None = None
    visible_if: str | None = None  # the JSON rule, serialised for a data- attribute
    required_if: str | None = None
    visible_rule: Any = None
    options: list[OptionView] = field(default_factory=list)
    option_labels: dict[str, str] = field(default_factory=dict)
    options_html: Markup = field(default_factory=Markup)
    precision: tuple[str, ...] = ("day",)
    element: str | None = None
    lock: str | None = None
    pick: bool = False
    text: str | None = None
    document_type: str | None = None
    compute: dict[str, Any] | None = None
    anchor: dict[str, Any] | None = None
    min_rows: int = 0
    max_rows: int | None = None
    columns: list[FieldView] = field(default_factory=list)
    elements: list[FieldView] = field(default_factory=list)
    in_table: bool = False
    label_html: Markup = field(default_factory=Markup)
    attrs_html: Markup = field(default_factory=Markup)  # the field wrapper's id and data- attributes
    flag_html: Markup = field(default_factory=Markup)  # "report as wrong" for a locked value, unticked
    input_head: Markup = field(default_factory=Markup)  # a text-like input's class and type
    input_tail: Markup = field(default_factory=Markup)  # its autocomplete, inputmode, length, placeholder

    @property
    def grouped(self) -> bool:
        """True when the widget is a group of controls (fieldset + legend), not one labelled control."""
        return self.widget in ("radio", "checkboxes", "date", "address", "group", "table", "signature") or (
            self.type == "date"
        )


@dataclass(slots=True)
class SectionView:
    id: str
    title: str
    number: str | None
    help: str | None
    visible_if: str | None
    visible_rule: Any
    elements: list[FieldView]


@dataclass(slots=True)
class FormView:
    """A whole form in one language, plus lookups by pointer."""

    form_id: str
    lang: str
    title: str
    code: str | None
    version: str
    addressee: str | None
    legal_basis: dict[str, Any] | None
    footnotes: list[str]
    sections: list[SectionView]
    by_pointer: dict[str, FieldView]
    has_upload: bool
    ui: dict[str, Any]
    fragments: dict[tuple[str, ...], Markup] = field(default_factory=dict)

    def fields(self) -> list[FieldView]:
        """Every field in order, block members after their block, table columns after their table."""
        out: list[FieldView] = []

        def visit(f: FieldView) -> None:
            out.append(f)
            for child in (*f.elements, *f.columns):
                visit(child)

        for s in self.sections:
            for f in s.elements:
                visit(f)
        return out


def name_of(pointer: str) -> str:
    """HTML name of a JSON pointer: ``/mother/full_name`` → ``mother.full_name``."""
    return pointer[1:].replace("/", ".")


def html_id_of(pointer: str) -> str:
    """HTML id of a JSON pointer: ``/members/0/full_name`` → ``f-members-0-full_name``."""
    return "f" + pointer.replace("/", "-")


def _text(node: Any, lang: str) -> str | None:
    if node is None:
        return None
    if isinstance(node, str):
        return node
    return str(node.get(lang) or node.get("vi") or "") if lang == "en" else str(node.get("vi") or "")


def _options_html(options: list[OptionView], placeholder: str) -> Markup:
    parts = [f'<option value="">{escape(placeholder)}</option>']
    parts.extend(f'<option value="{escape(o.value)}">{escape(o.label)}</option>' for o in options)
    return Markup("".join(parts))


def _input_parts(f: FieldView) -> tuple[Markup, Markup]:
    w = f.widget
    extra = " digits" if w == "digit_boxes" else (" number" if w in ("number", "money") else "")
    kind = "email" if w == "email" else ("tel" if w == "tel" else "text")
    head = Markup(' class="input{}" type="{}"').format(extra, kind)
    tail = Markup(' autocomplete="{}"').format(f.autocomplete) if f.autocomplete else Markup()
    if w in ("number", "money", "digit_boxes"):
        tail += Markup(' inputmode="numeric"')
    if w == "digit_boxes":
        tail += Markup(' maxlength="12" pattern="[0-9]{12}" spellcheck="false"')
    if f.placeholder:
        tail += Markup(' placeholder="{}"').format(f.placeholder)
    return head, tail


def select_options(options: Markup, value: Any) -> Markup:
    """Mark the option whose value is `value` as selected (options are pre-escaped)."""
    if value is None or value == "":
        return options
    needle = f'<option value="{escape(str(value))}">'
    return Markup(str(options).replace(needle, needle[:-1] + " selected>", 1))


def _attrs(f: FieldView) -> Markup:
    out = Markup(' id="{}-field" data-name="{}" data-type="{}" data-label="{}"').format(
        f.html_id, f.name, f.type, f.label
    )
    if f.required:
        out += Markup(' data-required="true"')
    if f.visible_if:
        out += Markup(' data-visible-if="{}"').format(f.visible_if)
    if f.required_if:
        out += Markup(' data-required-if="{}"').format(f.required_if)
    return out


def _flag(f: FieldView, lang: str) -> Markup:
    return Markup(
        '<details class="flag"><summary>{summary}</summary>\n<div class="choice"><input type="checkbox" '
        'id="{id}-flag" name="_flag" value="{pointer}"><label for="{id}-flag">{label}</label></div>\n'
        '<label class="label" for="{id}-flag-reason">{reason}</label>\n<input class="input" type="text" '
        'id="{id}-flag-reason" name="_reason{pointer}" value="" maxlength="500">\n<p class="hint">{note}</p>\n'
        "</details>"
    ).format(
        summary=ui_text("flag_summary", lang), id=f.html_id, pointer=f.pointer, label=ui_text("flag_label", lang),
        reason=ui_text("flag_reason", lang), note=ui_text("flag_note", lang),
    )  # fmt: skip


def _field(node: dict[str, Any], lang: str, in_table: bool = False) -> FieldView:
    pointer = node["pointer"]
    options = [OptionView(str(o["value"]), _text(o["label"], lang) or "") for o in node.get("options") or ()]
    prefill = node.get("prefill") or {}
    f = FieldView(
        id=node["id"],
        pointer=pointer,
        name=name_of(pointer),
        html_id=html_id_of(pointer),
        type=node["type"],
        widget=node.get("widget") or "input",
        label=_text(node.get("label"), lang) or node["id"],
        required=bool(node.get("required", True)),
        number=node.get("number"),
        help=_text(node.get("help"), lang),
        placeholder=_text(node.get("placeholder"), lang),
        autocomplete=node.get("autocomplete"),
        visible_if=json.dumps(node["visible_if"], ensure_ascii=False) if "visible_if" in node else None,
        required_if=json.dumps(node["required_if"], ensure_ascii=False) if "required_if" in node else None,
        visible_rule=node.get("visible_if"),
        options=options,
        option_labels={o.value: o.label for o in options},
        options_html=_options_html(options, ui_text("choose", lang)) if options else Markup(),
        precision=tuple(node.get("precision") or ("day",)),
        element=prefill.get("element"),
        lock=prefill.get("lock"),
        pick=bool(prefill.get("pick")),
        text=_text(node.get("text"), lang),
        document_type=node.get("document_type"),
        compute=node.get("compute"),
        anchor=node.get("anchor"),
        min_rows=int(node.get("min_rows") or 0),
        max_rows=node.get("max_rows"),
        in_table=in_table,
    )
    number = Markup('<span class="num">{}.</span> ').format(f.number) if f.number else Markup()
    optional = not f.required and f.type not in ("note", "computed", "person", "table")
    tail = Markup(' <span class="optional">({})</span>').format(ui_text("optional", lang)) if optional else Markup()
    f.label_html = number + escape(f.label) + tail
    f.input_head, f.input_tail = _input_parts(f)
    if not in_table:
        f.attrs_html = _attrs(f)
        f.flag_html = _flag(f, lang)
    f.columns = [_field(c, lang, True) for c in node.get("columns") or ()]
    f.elements = [_field(c, lang, in_table) for c in node.get("elements") or ()]
    return f


def build_view(ui: dict[str, Any], lang: str) -> FormView:
    """Build the view of a UI schema in `lang`."""
    sections = [
        SectionView(
            id=s["id"],
            title=_text(s.get("title"), lang) or s["id"],
            number=s.get("number"),
            help=_text(s.get("help"), lang),
            visible_if=json.dumps(s["visible_if"], ensure_ascii=False) if "visible_if" in s else None,
            visible_rule=s.get("visible_if"),
            elements=[_field(e, lang) for e in s.get("elements") or ()],
        )
        for s in ui.get("sections") or ()
    ]
    view = FormView(
        form_id=ui.get("form", ""),
        lang=lang,
        title=_text(ui.get("title"), lang) or ui.get("form", ""),
        code=ui.get("code"),
        version=str(ui.get("version", "")),
        addressee=_text(ui.get("addressee"), lang),
        legal_basis=ui.get("legal_basis"),
        footnotes=[_text(n, lang) or "" for n in ui.get("footnotes") or ()],
        sections=sections,
        by_pointer={},
        has_upload=False,
        ui=ui,
    )
    for f in view.fields():
        view.by_pointer[f.pointer] = f
        if f.type == "attachment":
            view.has_upload = True
    return view


_CACHE: weakref.WeakKeyDictionary[Any, dict[str, FormView]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def form_view(form: UISchemaSource, lang: str) -> FormView:
    """The cached view of `form` in `lang` ("vi" or "en")."""
    lang = "en" if lang == "en" else "vi"
    try:
        per_form = _CACHE.get(form)
    except TypeError:  # an object that cannot be weakly referenced: no cache
        return build_view(form.ui_schema(), lang)
    if per_form is None or lang not in per_form:
        view = build_view(form.ui_schema(), lang)
        with _LOCK:
            _CACHE.setdefault(form, {})[lang] = view
        return view
    return per_form[lang]

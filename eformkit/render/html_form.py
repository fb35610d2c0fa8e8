"""The HTML e-form: accessible, works as a plain POST form, improved by `eform.js`.

`render_form(form, data, prefill=..., issues=..., lang=...)` returns a whole page. Each field is
rendered by the `_macros.html` macros; fields with no value, message or prefill render the same on
every page, so their HTML is kept per form and language and reused.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from eformkit.render.display import display_money, display_value
from eformkit.render.environment import STATIC_DIR, environment
from eformkit.render.state import PrefillLike, RenderState, Slot, build_state, get_path
from eformkit.render.texts import texts, ui_text
from eformkit.render.units import commune_options, province_options
from eformkit.render.view import FieldView, FormView, UISchemaSource, form_view, html_id_of, select_options
from eformkit.render.wrapper import render_cell, wrap_field

__all__ = ["RenderOptions", "render_form"]


@dataclass(frozen=True)
class RenderOptions:
    """How the page is wired into a site (all optional)."""

    action: str = ""
    lang_url: str | None = None  # the language-switch link; "{lang}" is replaced
    static_url: str | None = None  # where eform.js/eform.css are served; None puts them inline
    communes_url: str | None = None  # JSON list of a province's communes; "{province}" is replaced
    hidden: Mapping[str, str] = field(default_factory=dict)
    override_dirs: Sequence[str | Path] = ()
    extra_rows: int = 1  # empty row slots offered below the filled rows of a table
    rows: Mapping[str, int] = field(default_factory=dict)  # table pointer → row slots wanted
    nav: Sequence[tuple[str, str]] = ()  # (href, text) links shown in the page header


@dataclass(frozen=True, slots=True)
class PrefilledRow:
    """One line of the "what was prefilled" summary."""

    pointer: str
    label: str
    value: str
    source: str
    locked: bool
    flagged: bool
    href: str


@lru_cache(maxsize=4)
def _inline_asset(name: str) -> Markup:
    return Markup((STATIC_DIR / name).read_text(encoding="utf-8").replace("</", "<\\/"))


def date_parts(value: Any) -> tuple[str, str, str]:
    """Day, month, year texts of an ISO (or partial ISO) date; an unparsable value goes to the year box."""
    if not isinstance(value, str) or not value:
        return "", "", ""
    parts = value.split("-")
    if all(p.isascii() and p.isdigit() for p in parts) and 1 <= len(parts) <= 3:
        year = parts[0]
        month = parts[1] if len(parts) > 1 else ""
        day = parts[2] if len(parts) > 2 else ""
        return day, month, year
    return "", "", value


class PageContext:
    """What the macros call back into: texts, nested fields, options, table rows."""

    def __init__(self, view: FormView, state: RenderState, opts: RenderOptions, macros: Any) -> None:
        self.view = view
        self.state = state
        self.opts = opts
        self.lang = view.lang
        self.macros = macros
        self.texts = texts(view.lang)

    def t(self, key: str) -> str:
        return ui_text(key, self.lang)

    # -- slots -------------------------------------------------------------------------------------
    def slot(self, f: FieldView, pointer: str, value: Any) -> Slot:
        st = self.state
        locked = pointer in st.locked or any(pointer.startswith(p + "/") for p in st.locked)
        source = st.source_text(pointer)
        return Slot(
            f=f,
            pointer=pointer,
            name=pointer[1:].replace("/", "."),
            html_id=html_id_of(pointer),
            value=value,
            errors=st.errors.get(pointer, []),
            source=source,
            locked=locked,
            flagged=pointer in st.flags,
            reason=st.flags.get(pointer, ""),
        )

    def _pristine(self, f: FieldView, value: Any) -> bool:
        """No value, message or prefill at or under `f`: its HTML is the same on every page."""
        if value is not None:
            return False
        st = self.state
        if f.type not in ("person", "table"):
            return f.pointer not in st.errors and f.pointer not in st.sources
        if f.type == "table" and f.pointer in self.opts.rows:
            return False
        prefix = f.pointer + "/"
        return not any(p == f.pointer or p.startswith(prefix) for p in (*st.errors, *st.sources))

    def field(self, f: FieldView) -> Markup:
        """One field (or block, or table) at its own pointer."""
        value = get_path(self.state.data, f.pointer)
        if self._pristine(f, value):
            key = (f.pointer, self.opts.communes_url or "", repr(self.opts.override_dirs), str(self.opts.extra_rows))
            cached = self.view.fragments.get(key)
            if cached is None:
                cached = self.view.fragments[key] = self._render(self.slot(f, f.pointer, None))
            return cached
        return self._render(self.slot(f, f.pointer, value))

    def _render(self, s: Slot) -> Markup:
        control = Markup("") if s.f.widget in ("note", "checkbox", "declaration") else self.macros.control(s, self)
        return wrap_field(s, Markup(control), self.texts)

    def section(self, section: Any) -> Markup:
        """All the fields of a section."""
        return Markup("").join([self.field(f) for f in section.elements])

    def children(self, s: Slot) -> Markup:
        return Markup("").join(self.field(c) for c in s.f.elements)

    # -- widgets helpers ---------------------------------------------------------------------------
    def options(self, s: Slot) -> Markup:
        return select_options(s.f.options_html, s.value)

    def option_label(self, s: Slot, value: Any) -> str:
        return s.f.option_labels.get(str(value), "" if value is None else str(value))

    def display(self, s: Slot) -> str:
        return display_value(s.f, s.value, self.lang)

    def date_parts(self, value: Any) -> tuple[str, str, str]:
        return date_parts(value)

    def scalar(self, value: Any) -> str:
        """A value for an input's `value` attribute."""
        if value is None or isinstance(value, (dict, list)):
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def money_words(self, value: Any) -> str:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return ""
        from eformkit.packs.vn.words import amount_in_words

        return amount_in_words(value) if self.lang == "vi" else display_money(value, "en")

    def computed(self, f: FieldView) -> str:
        spec = f.compute or {}
        source = get_path(self.state.data, "/" + str(spec.get("of", "")).replace(".", "/"))
        try:
            if spec.get("function") == "date_in_words" and isinstance(source, str):
                import datetime as dt

                from eformkit.packs.vn.words import date_in_words

                return date_in_words(dt.date.fromisoformat(source))
            if spec.get("function") == "amount_in_words" and isinstance(source, int):
                from eformkit.packs.vn.words import amount_in_words

                return amount_in_words(source)
            if spec.get("function") == "uppercase" and isinstance(source, str):
                return source.upper()
        except ValueError:
            return ""
        return ""

    def provinces(self, value: Any) -> Markup:
        return select_options(province_options(self.lang)[0], value)

    def province_name(self, code: Any) -> str:
        return province_options(self.lang)[1].get(str(code), "")

    def communes(self, province: Any, value: Any) -> Markup:
        return select_options(commune_options(str(province or ""), self.lang), value)

    def communes_url(self) -> str:
        return self.opts.communes_url or ""

    def stored(self, s: Slot) -> bool:
        return isinstance(s.value, Mapping) and s.value.get("source") == "store"

    # -- tables --------------------------------------------------------------------------------------
    def row_count(self, s: Slot) -> int:
        filled = len(s.value) if isinstance(s.value, list) else 0
        if s.locked:
            return filled
        wanted = self.opts.rows.get(s.pointer, filled + self.opts.extra_rows)
        count = max(filled, wanted, s.f.min_rows, 1)
        return min(count, s.f.max_rows) if s.f.max_rows else count

    def can_add(self, s: Slot) -> bool:
        return not s.locked and (s.f.max_rows is None or self.row_count(s) < s.f.max_rows)

    def rows(self, s: Slot) -> list[list[Markup]]:
        rows = s.value if isinstance(s.value, list) else []
        out = []
        for i in range(self.row_count(s)):
            row = rows[i] if i < len(rows) and isinstance(rows[i], Mapping) else {}
            cells = []
            for col in s.f.columns:
                cell = self.slot(col, f"{s.pointer}/{i}/{col.id}", row.get(col.id))
                cell.locked = cell.locked or s.locked
                cells.append(render_cell(cell, self.texts, i + 1, self.lang))
            out.append(cells)
        return out

    # -- page ---------------------------------------------------------------------------------------
    def error_links(self) -> list[tuple[str, str]]:
        links: list[tuple[str, str]] = []
        for pointer, messages in self.state.errors.items():
            target = html_id_of(pointer)
            f = self.view.by_pointer.get("/".join("-" if p.isdigit() else p for p in pointer.split("/")))
            if f is None or f.in_table:
                pass
            elif f.type == "date":
                target += "-day"
            elif f.widget in ("radio", "checkboxes"):
                target += "-0"
            elif f.type == "address":
                target += "-province"
            elif f.type == "signature":
                target += "-place"
            links.extend((target, m) for m in messages)
        return links

    def prefilled(self) -> list[PrefilledRow]:
        """The "what was prefilled" rows: label, shown value, source, locked."""
        out = []
        for pointer in self.state.sources:
            f = self.view.by_pointer.get(pointer)
            if f is None:
                continue
            value = self.state.prefill_values.get(pointer)
            if f.type == "table":
                shown = str(len(value)) + " " + self.t("row") if isinstance(value, list) else ""
            else:
                shown = display_value(f, value, self.lang)
            out.append(
                PrefilledRow(
                    pointer,
                    f.label,
                    shown,
                    self.state.source_text(pointer) or "",
                    pointer in self.state.locked,
                    pointer in self.state.flags,
                    "#" + html_id_of(pointer) + "-field",
                )
            )
        return out

    def asset(self, name: str) -> Markup:
        return _inline_asset(name)

    def lang_href(self) -> str:
        other = "vi" if self.lang == "en" else "en"
        return (self.opts.lang_url or "?lang={lang}").replace("{lang}", other)


_MACROS: dict[tuple[int, str], Any] = {}


def _macros(env: Any, lang: str) -> Any:
    """The macro module of `env` for `lang` (texts bound as ``T``), built once."""
    key = (id(env), lang)
    module = _MACROS.get(key)
    if module is None:
        module = _MACROS[key] = env.get_template("_macros.html").make_module({"T": texts(lang)})
    return module


def render_form(
    form: UISchemaSource,
    data: Mapping[str, Any] | None = None,
    *,
    prefill: PrefillLike | None = None,
    issues: Iterable[Any] = (),
    flags: Mapping[str, str] | None = None,
    lang: str = "vi",
    options: RenderOptions | None = None,
    template: str = "form.html",
) -> str:
    """The e-form page. `data` is nested submission data (default: the prefilled values);
    `issues` are validation issues (anything with `pointer` and `message`); `flags` maps a locked
    pointer to the citizen's reason for reporting it as wrong."""
    opts = options or RenderOptions()
    view = form_view(form, lang)
    state = build_state(view, data, prefill=prefill, issues=issues, flags=flags)
    env = environment(opts.override_dirs)
    ctx = PageContext(view, state, opts, _macros(env, view.lang))
    return env.get_template(template).render(view=view, c=ctx, state=state, opts=opts, lang=view.lang)

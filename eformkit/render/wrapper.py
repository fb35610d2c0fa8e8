"""The frame around every control: label or legend, hint, prefill source, message, correction request.

Built in Python rather than as a template macro: it is the same for every widget and is most of a
page's markup, so this keeps a prefilled page well under a millisecond. The controls themselves are
the `_macros.html` macros (override that file to restyle them).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from eformkit.render.display import display_value
from eformkit.render.state import Slot
from eformkit.render.texts import Texts
from eformkit.render.units import commune_options, province_options
from eformkit.render.view import select_options

__all__ = ["render_cell", "wrap_field"]


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _checkbox(s: Slot, t: Texts) -> str:
    f = s.f
    out = []
    if f.widget == "declaration" and f.text:
        out.append(f'<p class="label">{f.label_html}</p>\n')
    if f.widget == "checkbox":
        out.append(f'<input type="hidden" name="{s.name}:present" value="1">\n')
    attrs = " checked" if s.value is True else ""
    attrs += " disabled" if s.locked else ""
    if s.describedby:
        attrs += f' aria-describedby="{s.describedby}"'
    attrs += ' aria-invalid="true"' if s.errors else ""
    attrs += ' aria-required="true"' if f.required else ""
    text = escape(f.text) if f.widget == "declaration" and f.text else f.label_html
    out.append(
        f'<div class="choice"><input type="checkbox" id="{s.html_id}" name="{s.name}" value="true"{attrs}>'
        f'<label for="{s.html_id}">{text}</label></div>\n'
    )
    if s.locked and s.value is not None:
        out.append(f'<input type="hidden" name="{s.name}" value="{escape(_scalar(s.value))}">\n')
    return "".join(out)


def _flagged(s: Slot, t: Texts) -> str:
    i = s.html_id
    return (
        f'<details class="flag" open><summary>{escape(t.flag_summary)}</summary>\n<div class="choice">'
        f'<input type="checkbox" id="{i}-flag" name="_flag" value="{s.pointer}" checked>'
        f'<label for="{i}-flag">{escape(t.flag_label)}</label></div>\n'
        f'<label class="label" for="{i}-flag-reason">{escape(t.flag_reason)}</label>\n'
        f'<input class="input" type="text" id="{i}-flag-reason" name="_reason{s.pointer}" value="{escape(s.reason)}" '
        f'maxlength="500">\n<p class="hint">{escape(t.flag_note)}</p>\n</details>'
    )


def wrap_field(s: Slot, control: Markup, t: Texts) -> Markup:
    """The field's frame around its `control` markup (ids and names are generated, never user text)."""
    f = s.f
    cls = "field field--" + f.widget + (" field--error" if s.errors else "") + (" field--locked" if s.locked else "")
    out = [f'<div class="{cls}"{f.attrs_html}>\n']
    if f.widget == "note":
        out.append(f'<p class="note">{escape(f.text or f.label)}</p>\n')
    else:
        box = f.widget in ("checkbox", "declaration")
        # a locked choice is one read-only text box: a <label for> names it, not a legend over nothing
        grouped = f.grouped and not box and not (s.locked and f.widget in ("radio", "checkboxes"))
        if box:
            out.append(_checkbox(s, t))
        elif grouped:
            described = f' aria-describedby="{s.describedby}"' if s.describedby else ""
            out.append(f'<fieldset class="group"{described}>\n<legend class="legend">{f.label_html}</legend>\n')
        else:
            out.append(f'<label class="label" for="{s.html_id}">{f.label_html}</label>\n')
        if f.help:
            out.append(f'<p class="hint" id="{s.html_id}-help">{escape(f.help)}</p>\n')
        if s.source:
            badge = ("badge-lock", t.locked) if s.locked else ("badge-prefill", t.prefilled)
            out.append(
                f'<p class="source" id="{s.html_id}-source"><span class="badge {badge[0]}">{escape(badge[1])}</span> '
                f'<span class="source-name">{escape(s.source)}</span></p>\n'
            )
        if s.errors:
            out.append(
                f'<p class="error-message" id="{s.html_id}-error"><span class="visually-hidden">'
                f"{escape(t.error_prefix)} </span>{escape('; '.join(s.errors))}</p>\n"
            )
        else:
            out.append(f'<p class="error-message" id="{s.html_id}-error" hidden></p>\n')
        if not box:
            out.append(control)
        if grouped:
            out.append("</fieldset>\n")
    if s.source:  # any prefilled field, locked or not, may be reported wrong to the source's agency
        out.append(_flagged(s, t) if s.flagged else f.flag_html)
    out.append("</div>")
    return Markup("".join(out))


def _address_cell(s: Slot, t: Texts, lang: str) -> str:
    """An address in a table cell: read-only text when locked, else province, commune and detail."""
    v = s.value if isinstance(s.value, dict) else {}
    if s.locked:
        shown = escape(display_value(s.f, s.value, lang))
        parts = "".join(
            f'<input type="hidden" name="{s.name}:{k}" value="{escape(str(v[k]))}">'
            for k in ("detail", "commune", "province")
            if v.get(k) is not None
        )
        return f'<input class="input" type="text" id="{s.html_id}" value="{shown}"{s.aria}>{parts}'
    province = str(v.get("province") or "")
    i = s.html_id
    return (
        f'<select class="select" id="{i}" name="{s.name}:province"'
        f"{s.aria}>{select_options(province_options(lang)[0], province)}</select>"
        f'<label class="visually-hidden" for="{i}-commune">{escape(t.commune)}</label>'
        f'<select class="select" id="{i}-commune" name="{s.name}:commune">'
        f"{select_options(commune_options(province, lang), v.get('commune'))}</select>"
        f'<label class="visually-hidden" for="{i}-detail">{escape(t.detail)}</label>'
        f'<input class="input" type="text" id="{i}-detail" name="{s.name}:detail" '
        f'value="{escape(str(v.get("detail") or ""))}">'
    )


def render_cell(s: Slot, t: Texts, n: int, lang: str) -> Markup:
    """One table cell: a visually hidden label ("Họ tên, dòng 2"), the control and its message."""
    f = s.f
    out = [f'<label class="visually-hidden" for="{s.html_id}">{escape(f.label)}, {escape(t.row)} {n}</label>\n']
    if f.widget in ("select", "radio") and s.locked:
        shown = escape(display_value(f, s.value, lang))
        out.append(f'<input class="input" type="text" id="{s.html_id}" value="{shown}"{s.aria}>')
        if s.value is not None:
            out.append(f'<input type="hidden" name="{s.name}" value="{escape(_scalar(s.value))}">')
    elif f.widget in ("select", "radio"):
        out.append(f'<select class="select" id="{s.html_id}" name="{s.name}"{s.aria}>')
        out.append(f"{select_options(f.options_html, s.value)}</select>")
    elif f.type == "address":
        out.append(_address_cell(s, t, lang))
    elif f.type == "date":
        shown = escape(display_value(f, s.value, lang))
        out.append(
            f'<input class="input" type="text" id="{s.html_id}" name="{s.name}" value="{shown}" '
            f'placeholder="dd/mm/yyyy" inputmode="numeric"{s.aria}>'
        )
    else:
        value = escape(_scalar(s.value) if not isinstance(s.value, (dict, list)) else "")
        out.append(f'<input{f.input_head} id="{s.html_id}" name="{s.name}" value="{value}"{f.input_tail}{s.aria}>')
    out.append("\n")
    if s.errors:
        out.append(
            f'<p class="error-message" id="{s.html_id}-error"><span class="visually-hidden">'
            f"{escape(t.error_prefix)} </span>{escape('; '.join(s.errors))}</p>"
        )
    return Markup("".join(out))

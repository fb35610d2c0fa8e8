"""Province and commune option lists for address fields (2025 two-level units), built once per language."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup, escape

from eformkit.render.texts import ui_text

__all__ = ["commune_options", "province_options"]


@lru_cache(maxsize=2)
def province_options(lang: str) -> tuple[Markup, dict[str, str]]:
    from eformkit.packs.vn.admin_units import provinces

    names = {p.code: p.name for p in provinces()}
    html = f'<option value="">{escape(ui_text("choose", lang))}</option>' + "".join(
        f'<option value="{escape(c)}">{escape(n)}</option>' for c, n in names.items()
    )
    return Markup(html), names


@lru_cache(maxsize=128)
def commune_options(province: str, lang: str) -> Markup:
    from eformkit.packs.vn.admin_units import communes

    units = communes(province) if province else ()
    head = ui_text("choose" if units else "commune_first", lang)
    return Markup(
        f'<option value="">{escape(head)}</option>'
        + "".join(f'<option value="{escape(u.code)}">{escape(u.name)}</option>' for u in units)
    )

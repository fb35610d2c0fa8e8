"""Submit an HTML form the way a browser without JavaScript does (successful controls, in order)."""

from __future__ import annotations

from lxml import html as lxml_html


def form_pairs(page: str, button: str | None = "submit") -> list[tuple[str, str]]:
    """The name/value pairs a browser posts for the e-form of `page` (else its first form; files are left out).
    The header's sign-out form comes before it on a signed-in page."""
    doc = lxml_html.fromstring(page)
    form = next((f for f in doc.forms if "eform" in (f.get("class") or "").split()), doc.forms[0])
    pairs: list[tuple[str, str]] = []
    for el in form.iter("input", "select", "textarea", "button"):
        name = el.get("name")
        if not name or el.get("disabled") is not None:
            continue
        tag = el.tag
        kind = (el.get("type") or "text").lower()
        if tag == "button" or kind in ("submit", "file"):
            continue
        if tag == "select":
            chosen = [o for o in el.iter("option") if o.get("selected") is not None]
            options = list(el.iter("option"))
            if not chosen and options:
                chosen = [options[0]]
            pairs.extend((name, o.get("value", o.text_content())) for o in chosen)
        elif tag == "textarea":
            pairs.append((name, el.text or ""))
        elif kind in ("checkbox", "radio"):
            if el.get("checked") is not None:
                pairs.append((name, el.get("value", "on")))
        else:
            pairs.append((name, el.get("value", "")))
    if button is not None:
        pairs.append(("_action", button))
    return pairs

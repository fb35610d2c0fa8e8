"""Text in drawn boxes: digits written one per small rectangle (DrawingML ``wps:wsp`` with its VML
``v:rect`` fallback), through the edit journal of `docx_edit`."""

from __future__ import annotations

import copy

from lxml import etree

from eformkit.render.docx_edit import MC, PPR, RPR, VML, WPS, Journal, P, R, T, W, clean, new_t

__all__ = ["write_shape"]

_INSETS = ("lIns", "tIns", "rIns", "bIns")
_TXBX = f"{{{W}}}txbxContent"


def _label_props(p: etree._Element) -> etree._Element | None:
    """The run properties of the paragraph's first text run that is not raised or lowered (a label);
    runs inside text boxes (a box already written) are not the paragraph's own."""
    for r in p.iter(R):
        up = r.getparent()
        while up is not None and up is not p and up.tag != _TXBX:
            up = up.getparent()
        if up is not p or not "".join(t.text or "" for t in r.findall(T)).strip():
            continue
        props = r.find(RPR)
        if props is None or props.find(f"{{{W}}}vertAlign") is None:
            return props
    return None


def _box_paragraph(text: str, props: etree._Element | None) -> etree._Element:
    """A centred paragraph holding `text` for a text box, with no spacing around it."""
    p = etree.Element(P)
    ppr = etree.SubElement(p, PPR)
    etree.SubElement(ppr, f"{{{W}}}spacing", {f"{{{W}}}before": "0", f"{{{W}}}after": "0",
                                              f"{{{W}}}line": "240", f"{{{W}}}lineRule": "auto"})  # fmt: skip
    etree.SubElement(ppr, f"{{{W}}}jc", {f"{{{W}}}val": "center"})
    r = etree.SubElement(p, R)
    if props is not None:
        r.append(copy.deepcopy(props))
    r.append(new_t(clean(text)))
    return p


def write_shape(j: Journal, shape: etree._Element, text: str) -> bool:
    """Write `text` inside a drawn box (a DrawingML ``wps:wsp`` or a VML ``v:rect``), centred, with no
    inner margins, in the formatting of the label printed beside it (the first text run of its
    paragraph that is not a footnote mark); the VML fallback of a DrawingML box gets the same text."""
    p = next(shape.iterancestors(P), None)
    props = _label_props(p) if p is not None else None
    shapes = [shape]
    if shape.tag == f"{{{WPS}}}wsp":
        alternate = next(shape.iterancestors(f"{{{MC}}}AlternateContent"), None)
        fallback = alternate.find(f"{{{MC}}}Fallback") if alternate is not None else None
        rects = list(fallback.iter(f"{{{VML}}}rect")) if fallback is not None else []
        shapes += rects if len(rects) == 1 else []
    for box in shapes:
        if box.find(f"{{{WPS}}}txbx") is not None or box.find(f"{{{VML}}}textbox") is not None:
            return False  # already has text box content: not an empty box
        content = etree.Element(f"{{{W}}}txbxContent")
        content.append(_box_paragraph(text, props))
        if box.tag == f"{{{WPS}}}wsp":
            body = box.find(f"{{{WPS}}}bodyPr")
            holder = etree.Element(f"{{{WPS}}}txbx")
            holder.append(content)
            if body is None:
                j.insert(box, len(box), holder)
            else:
                j.before(body, holder)
                for inset in _INSETS:
                    j.attr(body, inset, "0")
                j.attr(body, "anchor", "ctr")
        else:
            holder = etree.Element(f"{{{VML}}}textbox", {"inset": "0,0,0,0"})
            holder.append(content)
            j.insert(box, len(box), holder)
    return True

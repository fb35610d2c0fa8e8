"""The XML form of a dossier record, for agencies that take XML; it maps the JSON record one to one.

Each JSON member becomes an element named after its key (``<receipt_id>``); a key that is not a plain
XML name becomes ``<member key="…">``. Array items are ``<item>``. Text is a string unless the element
says otherwise in ``t``: ``object``, ``array``, ``int``, ``number``, ``bool``, ``null``, or ``base64`` for a
string XML cannot carry (control characters). So JSON → XML → JSON is exact, and the XML read back goes
through the same version and schema checks as JSON.

Reading is safe for untrusted input: a size limit before parsing, no DTD, no entity expansion, no network;
a document that declares a DTD or an entity is refused (`EFK-RECORD-004`).
"""

from __future__ import annotations

import base64
import re
from typing import Any

from lxml import etree

from eformkit.dossier.errors import RecordError
from eformkit.dossier.record import DossierRecord

__all__ = ["MAX_XML_BYTES", "from_xml", "to_xml"]

MAX_XML_BYTES = 5 * 1024 * 1024
_ROOT = "dossier_record"
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
# Characters XML 1.0 cannot hold, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )  # fmt: skip


def to_xml(record: DossierRecord) -> bytes:
    """The record as a UTF-8 XML document."""
    root = etree.Element(_ROOT, t="object")
    _fill(root, record.to_json())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)  # type: ignore[no-any-return]


def _child(parent: Any, key: str) -> Any:
    if _NAME.match(key) and not key.lower().startswith("xml"):
        return etree.SubElement(parent, key)
    return etree.SubElement(parent, "member", key=key)


def _fill(el: Any, value: Any) -> None:
    if isinstance(value, dict):
        el.set("t", "object")
        for key, item in value.items():
            _fill(_child(el, key), item)
    elif isinstance(value, list):
        el.set("t", "array")
        for item in value:
            _fill(etree.SubElement(el, "item"), item)
    elif value is None:
        el.set("t", "null")
    elif isinstance(value, bool):
        el.set("t", "bool")
        el.text = "true" if value else "false"
    elif isinstance(value, int):
        el.set("t", "int")
        el.text = str(value)
    elif isinstance(value, float):
        el.set("t", "number")
        el.text = repr(value)
    elif _NOT_XML.search(value):
        el.set("t", "base64")
        el.text = base64.b64encode(value.encode("utf-8", "surrogatepass")).decode("ascii")
    else:
        el.text = value


def from_xml(data: bytes, *, file: str | None = None, max_bytes: int = MAX_XML_BYTES) -> DossierRecord:
    """Read a record from XML: size first, then a safe parse, then the JSON record's version and schema checks."""
    if len(data) > max_bytes:
        raise RecordError("EFK-RECORD-005", f"{max_bytes} bytes", file=file)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise RecordError("EFK-RECORD-006", "malformed XML", file=file, line=exc.lineno) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise RecordError("EFK-RECORD-004", "DOCTYPE", file=file, line=1)
    if root.tag != _ROOT:
        raise RecordError("EFK-RECORD-006", f"the root element must be <{_ROOT}>", file=file, line=root.sourceline)
    return DossierRecord.from_json(_value(root, file), file=file)


def _value(el: Any, file: str | None) -> Any:
    kind = el.get("t")
    if kind == "object":
        out: dict[str, Any] = {}
        for child in _elements(el, file):
            key = child.get("key") if child.tag == "member" and child.get("key") is not None else child.tag
            out[key] = _value(child, file)
        return out
    if kind == "array":
        return [_value(child, file) for child in _elements(el, file)]
    text = el.text or ""
    if kind is None:
        return text
    if kind == "null":
        return None
    if kind == "bool" and text in ("true", "false"):
        return text == "true"
    try:
        if kind == "int":
            return int(text)
        if kind == "number":
            return float(text)
        if kind == "base64":
            return base64.b64decode(text, validate=True).decode("utf-8", "surrogatepass")
    except ValueError:
        pass
    raise RecordError("EFK-RECORD-006", f"<{el.tag}> is not a valid t={kind!r} value", file=file, line=el.sourceline)


def _elements(el: Any, file: str | None) -> list[Any]:
    out = []
    for child in el:
        if not isinstance(child.tag, str):  # an entity reference left unexpanded
            raise RecordError("EFK-RECORD-004", "entity reference", file=file, line=child.sourceline)
        out.append(child)
    return out

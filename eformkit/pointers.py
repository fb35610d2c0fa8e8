"""JSON pointers (RFC 6901) done strictly: one place that splits, escapes and walks them.

The tamper check depends on this being exact: ``/mother/full_name`` must never be confused with a
key literally named ``mother/full_name`` (escaped ``~1``), and a pointer never walks into a list by
anything but a decimal index.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MISSING", "escape", "from_parts", "get", "nested", "parts", "put", "unescape", "value_at"]


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def escape(token: str) -> str:
    """Escape one reference token (``~`` → ``~0``, ``/`` → ``~1``)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    """Undo `escape` (``~1`` first would be wrong: ``~01`` means ``~1`` literally)."""
    return token.replace("~1", "/").replace("~0", "~")


def from_parts(tokens: Any) -> str:
    """The pointer of a path (`["members", 0, "full_name"]` → "/members/0/full_name")."""
    out = ""
    for token in tokens:  # a loop, not a join over a generator: this runs once per validation error
        text = token if type(token) is str else str(token)
        out += "/" + (escape(text) if "~" in text or "/" in text else text)
    return out


def parts(pointer: str) -> list[str]:
    """The unescaped tokens of `pointer` ("" is the whole document)."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError("a JSON pointer starts with '/'")
    return [unescape(t) for t in pointer[1:].split("/")]


def value_at(document: Any, path: Any) -> Any:
    """The value at a path of object keys (`("signature", "date")`), or None: on hot paths, no pointer parsing."""
    for key in path:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def get(document: Any, pointer: str) -> Any:
    """The value at `pointer`, or `MISSING`."""
    node = document
    for token in parts(pointer):
        if isinstance(node, dict):
            if token not in node:
                return MISSING
            node = node[token]
        elif isinstance(node, list):
            index_ok = token.isascii() and token.isdigit() and (len(token) == 1 or token[0] != "0")
            if not index_ok or int(token) >= len(node):
                return MISSING
            node = node[int(token)]
        else:
            return MISSING
    return node


def put(document: dict[str, Any], pointer: str, value: Any) -> None:
    """Set `value` at `pointer`, creating the objects on the way (never lists)."""
    tokens = parts(pointer)
    node = document
    for token in tokens[:-1]:
        child = node.get(token)
        if not isinstance(child, dict):
            child = node[token] = {}
        node = child
    node[tokens[-1]] = value


def nested(values: dict[str, Any] | Any) -> dict[str, Any]:
    """Pointer-keyed values as one nested document (objects only; lists are values)."""
    doc: dict[str, Any] = {}
    for pointer, value in values.items():
        if pointer:
            put(doc, pointer, value)
    return doc

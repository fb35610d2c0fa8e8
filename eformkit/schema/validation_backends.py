"""JSON Schema backends for submission validation: jsonschema-rs (fast) and jsonschema (reference).

Both report errors in one backend-neutral shape (`RawError`: instance pointer, failing keyword) so the
differential test can compare them, and both apply ECMA-262 `pattern` semantics as JSON Schema requires.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from eformkit.pointers import from_parts
from eformkit.schema.ecma_regex import ecma_error, ecma_search

__all__ = ["Backend", "RawError", "available_backends", "make_backend", "pattern_error"]


@dataclass(frozen=True, slots=True)
class RawError:
    """A schema error in backend-neutral form: instance pointer and the failing keyword."""

    pointer: str
    keyword: str
    schema_path: tuple[str | int, ...]
    params: dict[str, Any]


class Backend(Protocol):
    """A compiled JSON Schema validator."""

    name: str

    def is_valid(self, data: Any) -> bool: ...

    def errors(self, data: Any) -> Iterator[RawError]: ...


class _RustBackend:
    name = "jsonschema-rs"

    def __init__(self, schema: dict[str, Any]) -> None:
        import jsonschema_rs

        self._v = jsonschema_rs.Draft202012Validator(schema)

    def is_valid(self, data: Any) -> bool:
        return bool(self._v.is_valid(data))

    def errors(self, data: Any) -> Iterator[RawError]:
        for e in self._v.iter_errors(data):
            keyword = str(e.schema_path[-1]) if e.schema_path else ""
            params: dict[str, Any] = {}
            if keyword == "required":
                params["property"] = getattr(e.kind, "property", "")
            elif keyword == "additionalProperties":
                params["unexpected"] = list(getattr(e.kind, "unexpected", []))
            yield RawError(from_parts(e.instance_path), keyword, tuple(e.schema_path), params)


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


class _ReferenceBackend:
    name = "jsonschema"

    def __init__(self, schema: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator, validators

        # `pattern` with the ECMA-262 semantics JSON Schema prescribes (and jsonschema-rs implements)
        cls = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})  # type: ignore[no-untyped-call]
        self._v = cls(schema)

    def is_valid(self, data: Any) -> bool:
        return bool(self._v.is_valid(data))

    def errors(self, data: Any) -> Iterator[RawError]:
        stack = list(self._v.iter_errors(data))
        while stack:
            e = stack.pop(0)
            if e.validator in ("allOf", "anyOf", "oneOf") and e.context:
                stack[:0] = e.context  # jsonschema nests if/then failures under allOf; flatten like jsonschema-rs
                continue
            keyword = str(e.validator)
            params: dict[str, Any] = {}
            if keyword == "required":
                params["property"] = e.message.split("'")[1] if "'" in e.message else ""
            elif keyword == "additionalProperties":
                props = e.schema.get("properties", {})
                params["unexpected"] = [k for k in e.instance if k not in props] if isinstance(e.instance, dict) else []
            yield RawError(from_parts(e.absolute_path), keyword, tuple(e.absolute_schema_path), params)


def pattern_error(pattern: str) -> str | None:
    """Why a `pattern` constraint would break validation (a backend cannot compile it), or None."""
    problem = ecma_error(pattern)  # the pure-Python backend's engine (regress)
    if problem is not None:
        return problem
    if "jsonschema-rs" in available_backends():
        import jsonschema_rs

        try:
            jsonschema_rs.validator_for({"pattern": pattern})
        except jsonschema_rs.ValidationError:
            return "not an ECMA-262 regular expression (as JSON Schema reads it)"
    return None


def available_backends() -> list[str]:
    """Backends importable here, fastest first."""
    names = []
    try:
        import jsonschema_rs  # noqa: F401

        names.append("jsonschema-rs")
    except ImportError:
        pass
    names.append("jsonschema")
    return names


def make_backend(schema: dict[str, Any], name: str = "auto") -> Backend:
    """A compiled validator for `schema` (`auto` picks jsonschema-rs when installed)."""
    if name == "auto":
        name = available_backends()[0]
    return _RustBackend(schema) if name == "jsonschema-rs" else _ReferenceBackend(schema)

"""Computed fields: values the server derives (a date or an amount in words), never taken from the client."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eformkit.pointers import value_at

if TYPE_CHECKING:
    from eformkit.schema.form import Form

__all__ = ["apply_computed"]


def apply_computed(form: Form, data: dict[str, Any]) -> dict[str, Any]:
    """Set every computed field of `form` in `data` (in place) from its source field; return `data`."""
    functions = form.pack.functions
    for f in form.fields():
        spec = f.spec
        if spec is None or spec.compute is None or f.in_table:
            continue
        source = value_at(data, spec.compute.of.split("."))
        fn = functions.get(spec.compute.function)
        if spec.compute.function == "uppercase":
            value = source.upper() if isinstance(source, str) else None
        else:
            value = fn(source) if fn is not None and source is not None else None
        parent: Any = data
        for part in f.path[:-1]:
            parent = parent.get(part) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue  # its block was not submitted: creating it would make the block's fields required
        if value is None:
            parent.pop(f.path[-1], None)
        else:
            parent[f.path[-1]] = value
    return data

"""Regular expressions as JSON Schema reads them: ECMA-262 with the `u` flag, through `regress`.

A form's `pattern` constraint compiles into the JSON Schema `pattern` keyword, which jsonschema-rs, ajv
and browsers read as ECMA-262. So the author-time check (EFK-FIELD-010) and the pure-Python validation
backend use the same dialect: `^\\p{L}+$` is a valid pattern, `\\d` is ASCII, `$` matches only at the end.
regress (a Rust engine with wheels for every platform eformkit supports) is what check-jsonschema uses too.
"""

from __future__ import annotations

import functools

import regress

__all__ = ["ecma_error", "ecma_search"]


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str) -> regress.Regex:
    return regress.Regex(pattern, "u")


def ecma_error(pattern: str) -> str | None:
    """Why `pattern` is not a valid ECMA-262 regular expression, or None when it is."""
    try:
        _compiled(pattern)
    except regress.RegressError as exc:
        return str(exc)
    return None


def ecma_search(pattern: str, text: str) -> bool:
    """`pattern` matches somewhere in `text` (JSON Schema's `pattern` is not anchored)."""
    return _compiled(pattern).find(text) is not None

"""The fast path's text check, in C (eformkit/schema/_already_clean.c)."""

from typing import Any

def already_clean(value: Any, table: bytes, /) -> bool:
    """True when cleaning would return `value` unchanged; `table` is `eformkit.text.nfc_stable_table()`."""

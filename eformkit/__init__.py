"""eformkit: standardised paper forms as interactive e-forms, prefilled from the data the state holds.

The names below are imported on first use (PEP 562), so that `import eformkit.cli` (and so
`eformkit --version`) does not load pydantic, the packs and the compiler.
"""

from importlib import import_module as _import_module
from typing import TYPE_CHECKING as _TYPE_CHECKING
from typing import Any as _Any

if _TYPE_CHECKING:
    from eformkit.errors import EformkitError, EformkitUsageError, Finding, FormError, FormLoadError, Severity
    from eformkit.packs import Pack, load_pack
    from eformkit.schema.form import Form, load_form, parse_form

__all__ = [
    "EformkitError",
    "EformkitUsageError",
    "Finding",
    "Form",
    "FormError",
    "FormLoadError",
    "Pack",
    "Severity",
    "load_form",
    "load_pack",
    "parse_form",
]

__version__ = "0.1.0"

_HOMES = {
    "EformkitError": "eformkit.errors",
    "EformkitUsageError": "eformkit.errors",
    "Finding": "eformkit.errors",
    "FormError": "eformkit.errors",
    "FormLoadError": "eformkit.errors",
    "Severity": "eformkit.errors",
    "Pack": "eformkit.packs",
    "load_pack": "eformkit.packs",
    "Form": "eformkit.schema.form",
    "load_form": "eformkit.schema.form",
    "parse_form": "eformkit.schema.form",
}


def __getattr__(name: str) -> _Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'eformkit' has no attribute {name!r}")
    value = getattr(_import_module(home), name)
    globals()[name] = value  # once: later lookups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

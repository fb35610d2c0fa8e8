"""eformkit: standardised paper forms as interactive e-forms, prefilled from the data the state holds."""

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

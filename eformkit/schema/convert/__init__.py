"""Paper template converter: Word, HTML and text templates to draft e-form definitions."""

from __future__ import annotations

from eformkit.schema.convert.errors import ConversionError

__all__ = ["ConversionError"]

"""Shared choice lists and blocks, referenced by name so a catalogue never holds two copies."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eformkit.schema.i18n import LocalText
from eformkit.text import fold

__all__ = ["Block", "ChoiceList", "Option"]


class Option(BaseModel):
    """One choice: the stored value (a code), its label, and spellings that mean it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str
    label: LocalText
    aliases: list[str] = Field(default_factory=list)

    @field_validator("value")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # A submission's blank text counts as absent, so a blank code could never be chosen.
        if not value.strip():
            raise ValueError("an option value is a code: not empty and not white space only")
        return value


class ChoiceList(BaseModel):
    """A named list of options."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: LocalText | None = None
    options: list[Option]

    def values(self) -> list[str]:
        return [o.value for o in self.options]

    def lookup(self, text: str) -> str | None:
        """The option value whose value, label or alias folds to the same key as `text`."""
        # Codes compare exactly ("MY" is Malaysia); labels and aliases compare folded ("Mỹ" is the US).
        for option in self.options:
            if option.value == text:
                return option.value
        key = fold(text)
        for option in self.options:
            candidates = [option.label.vi, option.label.en or "", *option.aliases]
            if any(fold(c) == key for c in candidates if c):
                return option.value
        return None


class Block(BaseModel):
    """A reusable group of attributes (a person block's fields)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: LocalText | None = None
    fields: list[str]

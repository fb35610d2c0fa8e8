"""Translatable text: what authors write as a plain string or as `{vi: ..., en: ...}`."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from eformkit.text import nfc

__all__ = ["LocalText"]


class LocalText(BaseModel):
    """A text in the form's languages. A plain string is taken as Vietnamese only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vi: str
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_plain(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"vi": value}
        return value

    @model_validator(mode="after")
    def _normalise(self) -> LocalText:
        object.__setattr__(self, "vi", nfc(self.vi))
        if self.en is not None:
            object.__setattr__(self, "en", nfc(self.en))
        return self

    def get(self, lang: str = "vi") -> str:
        """The text in `lang`, falling back to Vietnamese when that translation is missing."""
        if lang == "en" and self.en:
            return self.en
        return self.vi

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en} if self.en is not None else {"vi": self.vi}

"""What a form author writes: the YAML form definition as pydantic v2 models.

These models check shape only (known keys, value types). Meaning (does the element exist, does the
condition name real fields, does the list exist) is checked in `resolve`, which has the pack.
"""

from __future__ import annotations

import builtins
import datetime as dt
import math
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from eformkit.schema.choice_lists import Block, ChoiceList, Option
from eformkit.schema.i18n import LocalText

__all__ = [
    "FIELD_TYPES",
    "Constraint",
    "FieldSpec",
    "FormDefinition",
    "LegalBasis",
    "PrefillSpec",
    "RowsSpec",
    "SectionSpec",
]

FieldType = Literal[
    "text",
    "long_text",
    "integer",
    "number",
    "money",
    "date",
    "boolean",
    "choice",
    "multi_choice",
    "personal_id",
    "phone",
    "email",
    "tax_code",
    "address",
    "person",
    "table",
    "attachment",
    "declaration",
    "signature",
    "note",
    "computed",
]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
Precision = Literal["day", "month", "year"]
_ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrefillSpec(_Strict):
    """Where a field's value comes from, and what to do when the source is silent or fails."""

    element: str
    lock: Literal["verified", "never"] = "verified"
    on_missing: Literal["ask", "block"] = "ask"
    on_error: Literal["manual", "block"] = "manual"
    message: LocalText | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        return {"element": value} if isinstance(value, str) else value


class RowsSpec(_Strict):
    """Where a repeating table's rows come from: a collection such as `household.members`."""

    prefill: str
    pick: bool = False
    lock: Literal["verified", "never"] = "verified"
    on_missing: Literal["ask", "block"] = "ask"
    on_error: Literal["manual", "block"] = "manual"


class Constraint(_Strict):
    """An author rule with the author's own message."""

    rule: Literal[
        "min_length", "max_length", "pattern", "minimum", "maximum", "min_items", "max_items", "not_future", "not_past"
    ]
    value: int | float | str | None = None
    message: LocalText | None = None

    @model_validator(mode="after")
    def _value_fits_rule(self) -> Constraint:
        # A value of the wrong kind would compile into a JSON Schema no validator accepts; refuse it here.
        value, rule = self.value, self.rule
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if rule in ("minimum", "maximum"):
            if not number or not math.isfinite(value):  # type: ignore[arg-type]
                raise ValueError(f"'{rule}' needs a finite number as 'value'")
        elif rule in ("min_length", "max_length", "min_items", "max_items"):
            if not (number and isinstance(value, int) and value >= 0):
                raise ValueError(f"'{rule}' needs a whole number, 0 or more, as 'value'")
        elif rule == "pattern":
            if not isinstance(value, str):
                raise ValueError("'pattern' needs a regular expression (text) as 'value'")
        elif value is not None:
            raise ValueError(f"'{rule}' takes no 'value'; remove it")
        return self


class ComputeSpec(_Strict):
    """A value derived from another field (a date or an amount written in words)."""

    function: Literal["date_in_words", "amount_in_words", "uppercase"]
    of: str


class FieldSpec(_Strict):
    """One field, or a block/table holding sub-fields."""

    type: FieldType | None = None
    label: LocalText | None = None
    number: str | None = None
    help: LocalText | None = None
    required: bool | str = True
    visible_if: str | None = None
    default: Any = None
    # "none": typed by the citizen on purpose (the person is not reachable in any registry)
    prefill: Literal["none"] | PrefillSpec | None = None
    constraints: builtins.list[Constraint] = Field(default_factory=list)
    list: str | None = None
    options: builtins.list[Option] | None = None
    precision: builtins.list[Precision] | None = None
    widget: Literal["radio", "select", "checkboxes", "textarea", "digit_boxes", "input"] | None = None
    placeholder: LocalText | None = None
    # person blocks
    role: str | None = None
    block: str | None = None
    fields: dict[str, FieldSpec] | None = None
    # tables
    columns: dict[str, FieldSpec] | None = None
    rows: RowsSpec | None = None
    min_rows: int | None = Field(default=None, ge=0)
    max_rows: int | None = Field(default=None, ge=1)
    # attachments, declarations, notes, computed values
    document_type: str | None = None
    text: LocalText | None = None
    compute: ComputeSpec | None = None
    # link to the blank in the original Word template (written by the converter)
    anchor: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        # `full_name:` with no body (None) or `date_of_birth: {}` both mean "a field with defaults".
        return {} if value is None else value

    @field_validator("fields", "columns", mode="before")
    @classmethod
    def _list_of_names(cls, value: Any) -> Any:
        # `fields: [full_name, {date_of_birth: {label: Năm sinh}}]` is shorthand for a mapping.
        if isinstance(value, list):
            out: dict[str, Any] = {}
            for item in value:
                if isinstance(item, str):
                    out[item] = {}
                elif isinstance(item, dict) and len(item) == 1:
                    out.update(item)
                else:
                    raise ValueError("each entry is a name or a one-key mapping {name: {...}}")
            return out
        return value


class SectionSpec(_Strict):
    """A section of the paper form, in the paper's order."""

    title: LocalText | None = None
    number: str | None = None
    help: LocalText | None = None
    visible_if: str | None = None
    fields: dict[str, FieldSpec]


class LegalBasis(_Strict):
    """The instrument that issues the paper form."""

    instrument: str
    effective: dt.date | None = None
    grade: Literal["V", "S", "R"] | None = None
    note: str | None = None


def _both_languages() -> list[Literal["vi", "en"]]:
    return ["vi", "en"]


class FormDefinition(_Strict):
    """A whole form definition file."""

    form: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_-]+)+$")
    code: str | None = None
    version: str = "1"
    title: LocalText
    description: LocalText | None = None
    legal_basis: LegalBasis | None = None
    addressee: LocalText | None = None
    purpose: str | None = None
    # The administrative procedure this form belongs to (mã thủ tục hành chính), copied into every dossier record.
    procedure_code: str | None = Field(default=None, min_length=1, max_length=64)
    # The identity level of assurance prefill needs (1 or 2); below it verified values are not locked, or not
    # fetched at all with `prefill_below_assurance: skip`.
    prefill_assurance: Literal[1, 2] | None = None
    prefill_below_assurance: Literal["unlock", "skip"] = "unlock"
    pack: str = "vn"
    hidden_values: Literal["drop", "keep"] = "drop"
    languages: list[Literal["vi", "en"]] = Field(default_factory=_both_languages)
    lists: dict[str, ChoiceList] = Field(default_factory=dict)
    blocks: dict[str, Block] = Field(default_factory=dict)
    sections: dict[str, SectionSpec]
    footnotes: list[LocalText] = Field(default_factory=list)

"""Domain rules: small checkers registered per field type, each with a code and vi/en messages.

The core ships the country-neutral ones (calendar dates, `not_future`/`not_past`); a pack adds its own
(personal ID, phone, tax code, address) through `Pack.rules`, keyed by field type. A rule is any
callable `(value, field, ctx) -> Iterable[ValidationIssue]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from eformkit.schema.resolve import ResolvedField

if TYPE_CHECKING:
    from eformkit.packs import Pack
    from eformkit.schema.validation import ValidationIssue

__all__ = ["DomainRule", "RuleContext", "core_rules", "rules_for", "same_person_paths"]


@dataclass(slots=True)  # not frozen: built per submission and per table row, and frozen init is slow
class RuleContext:
    """What a rule may look at besides the value: the whole submission, the language, the table row."""

    data: Mapping[str, Any]
    lang: str
    row: Mapping[str, Any] | None = None
    row_pointer: str | None = None
    today: dt.date | None = None
    peers: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)  # see same_person_paths
    normalised: dict[str, Any] = field(default_factory=dict)  # pointer -> canonical value a rule produced

    def pointer(self, f: ResolvedField) -> str:
        return f"{self.row_pointer}/{f.id}" if self.row_pointer is not None else f.pointer

    def siblings(self, f: ResolvedField) -> Mapping[str, Any]:
        """The object holding `f` (the row, the person block, or the root)."""
        if self.row is not None:
            return self.row
        node: Any = self.data
        for part in f.path[:-1]:
            node = node.get(part, {}) if isinstance(node, Mapping) else {}
        return node if isinstance(node, Mapping) else {}

    def peer(self, f: ResolvedField, attribute: str) -> Any:
        """The value of `attribute` for the person `f` describes (same row, same block, or same bound role)."""
        if self.row is not None:
            return self.row.get(attribute)
        path = self.peers.get(f.pointer, {}).get(attribute)
        node: Any = self.data if path else None
        for part in path or ():
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    def normalise(self, f: ResolvedField, value: Any) -> None:
        """Record the canonical spelling of a valid value ("0905 123 456" -> "+84905123456")."""
        self.normalised[self.pointer(f)] = value

    def issue(
        self, f: ResolvedField, rule: str, code: str, en: str, vi: str, *, severity: str = "error"
    ) -> ValidationIssue:
        from eformkit.schema.validation import ValidationIssue

        return ValidationIssue(
            self.pointer(f), f.id, f.label.get(self.lang), vi if self.lang == "vi" else en, rule, severity, code
        )


DomainRule = Callable[[Any, ResolvedField, RuleContext], Iterable["ValidationIssue"]]


def same_person_paths(fields: list[ResolvedField]) -> dict[str, dict[str, tuple[str, ...]]]:
    """For each field, where the other attributes of the same person live (computed once per form).

    Fields bound to one role in one object describe one person ("mother.sex" beside "mother.personal_id");
    so do the fields of a typed person block. Typed top-level fields describe nobody in particular.
    """
    groups: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {}
    members: list[tuple[ResolvedField, tuple[str, str]]] = []
    for f in fields:
        if f.in_table:
            continue
        parent = f.pointer.rsplit("/", 1)[0]
        if f.binding is not None and "." in f.binding.element:
            role, attribute = f.binding.element.rsplit(".", 1)
        elif len(f.path) > 1:
            role, attribute = "", f.id
        else:
            continue
        key = (parent, role)
        groups.setdefault(key, {})[attribute] = f.path
        members.append((f, key))
    return {f.pointer: groups[key] for f, key in members}


def _date(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if type(value) is str and len(value) == 10 and not (f.spec and f.spec.constraints):
        try:  # the common case, done without a generator: a full date and no author limits
            dt.date.fromisoformat(value)
            return iter(())
        except ValueError:
            pass
    return _date_checks(value, f, ctx)


def _date_checks(value: Any, f: ResolvedField, ctx: RuleContext) -> Iterator[ValidationIssue]:
    if not isinstance(value, str):
        return
    try:
        if len(value) == 10:
            when = dt.date.fromisoformat(value)  # C fast path for the common full date
        else:
            parts = value.split("-")
            when = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, 1)
    except (ValueError, IndexError):
        yield ctx.issue(
            f,
            "calendar",
            "EFK-DATA-010",
            f"{f.label.get('en')}: {value} is not a real date",
            f"{f.label.get('vi')}: {value} không phải ngày có thật",
        )
        return
    today = ctx.today or dt.date.today()
    constraints: dict[str, Any] = {c.rule: c for c in (f.spec.constraints if f.spec else [])}
    for rule, bad in (("not_future", when > today), ("not_past", when < today)):
        c = constraints.get(rule)
        if c is not None and bad:
            en = (
                c.message.en
                if c.message and c.message.en
                else (
                    f"{f.label.get('en')} cannot be in the future"
                    if rule == "not_future"
                    else f"{f.label.get('en')} cannot be in the past"
                )
            )
            vi = (
                c.message.vi
                if c.message
                else (
                    f"{f.label.get('vi')} không được sau ngày hôm nay"
                    if rule == "not_future"
                    else f"{f.label.get('vi')} không được trước ngày hôm nay"
                )
            )
            yield ctx.issue(f, rule, "EFK-DATA-011", en, vi)


def core_rules() -> dict[str, list[DomainRule]]:
    """The country-neutral rules, by field type."""
    return {"date": [_date]}


def rules_for(pack: Pack, f: ResolvedField) -> list[DomainRule]:
    """Rules that apply to field `f`: the core ones, then the pack's, for its type."""
    found = list(core_rules().get(f.type, []))
    pack_rules: Mapping[str, Any] = pack.rules
    found.extend(pack_rules.get(f.type, []))
    return found
